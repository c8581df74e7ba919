/* wenda search client: reads the sharded index written by `src/search/` (format: docs/search-index.md).
 * Plain JavaScript, no framework. Index files are scripts calling __wenda(key, data), loaded with <script>
 * elements so that search works from file:// as well as over HTTP. Transcript text is only ever put into the
 * page as DOM text nodes. */
(function () {
  'use strict';
  var VERSION = 1;
  var GAP = 2; // positions the index skips at punctuation (src/search/index.rs)
  var PAGE = 20;
  var INTERACTIVE_TIERS = 2; // tiers per piece a query may load (128 + 1024 postings): bounds the bytes of any query
  var DIGIT = {};
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'.split('').forEach(function (c, i) { DIGIT[c] = i; });

  // The site root: given by the page (data-root="../"), else where the engine sits: search/search.js as written
  // by the index, or a (content-hashed) asset at the root.
  var me = document.currentScript;
  var root = !me ? '' : me.getAttribute('data-root') ? new URL(me.getAttribute('data-root'), location.href).href.replace(/index\.html$/, '')
    : /search\/search\.js([?#].*)?$/.test(me.src) ? me.src.replace(/search\/search\.js([?#].*)?$/, '') : me.src.replace(/[^/]*$/, '');
  var files = {}, waiting = {};
  var meta = null, t2s = {}, stop = {};

  window.__wenda = function (key, data) {
    files[key] = data;
    (waiting[key] || []).forEach(function (w) { w[0](data); });
    delete waiting[key];
  };

  function load(key) {
    if (key in files) return Promise.resolve(files[key]);
    return new Promise(function (ok, fail) {
      if (waiting[key]) { waiting[key].push([ok, fail]); return; }
      waiting[key] = [[ok, fail]];
      var s = document.createElement('script');
      s.src = root + 'search/index/' + key + '.js';
      s.async = true;
      s.onerror = function () {
        var w = waiting[key] || [];
        delete waiting[key];
        w.forEach(function (x) { x[1](new Error('cannot load search index file ' + key)); });
      };
      document.head.appendChild(s);
    });
  }

  function decode(s) {
    var out = [], n = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s[i]];
      n += (d & 31) * Math.pow(2, shift);
      if (d & 32) shift += 5; else { out.push(n); n = 0; shift = 0; }
    }
    return out;
  }

  function fnv(key) {
    var h = 0x811c9dc5;
    for (var c of key) { h ^= c.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  function isHan(c) {
    var x = c.codePointAt(0);
    return x === 0x3007 || (x >= 0x3400 && x <= 0x4dbf) || (x >= 0x4e00 && x <= 0x9fff) ||
      (x >= 0xf900 && x <= 0xfaff) || (x >= 0x20000 && x <= 0x3134f);
  }
  var WORD = /[\p{L}\p{N}]/u;
  function kind(c) { return isHan(c) ? 'h' : WORD.test(c) ? 'w' : c === '"' ? 'q' : /\s|['’\-·]/.test(c) ? 's' : 'p'; }

  function init() {
    if (meta) return Promise.resolve(meta);
    return load('meta').then(function (m) {
      if (m.v !== VERSION) throw new Error('search index version ' + m.v + ', this page expects ' + VERSION);
      var chars = Array.from(m.t2s);
      for (var i = 0; i + 1 < chars.length; i += 2) t2s[chars[i]] = chars[i + 1];
      m.stop.forEach(function (w) { stop[w] = 1; });
      meta = m;
      return m;
    });
  }

  function lookup(key) {
    var b = fnv(Array.from(key)[0] && isHan(Array.from(key)[0]) ? Array.from(key)[0] : key) % meta.buckets;
    return load('d/' + b).then(function (d) { return Object.prototype.hasOwnProperty.call(d, key) ? d[key] : null; });
  }
  function bucketOf(c) { return load('d/' + (fnv(c) % meta.buckets)); }

  /* The query as the index would have read it: clauses (a Chinese run, a word, or a "quoted phrase") made of
   * tokens with positions counted exactly as src/search/index.rs counts them. */
  function parse(q) {
    q = Array.from(q.normalize('NFKC').toLowerCase()).map(function (c) { return t2s[c] || c; });
    var clauses = [], quoted = false, cur = null, pos = 0, run = '', runKind = null;
    function clause() { if (!cur) cur = { tokens: [], quoted: quoted }; return cur; }
    function endClause() { if (cur && cur.tokens.length) { cur.span = pos; clauses.push(cur); } cur = null; pos = 0; }
    function flush() {
      if (!run) return;
      if (runKind === 'h') {
        if (!quoted) endClause();
        clause().tokens.push({ han: run, pos: pos });
        pos += Array.from(run).length;
        if (!quoted) endClause();
      } else {
        if (!quoted) endClause();
        if (!stop[run]) clause().tokens.push({ word: run, pos: pos });
        pos += 1;
        if (!quoted) endClause();
      }
      run = ''; runKind = null;
    }
    q.forEach(function (c) {
      var k = kind(c);
      if ((k === 'h' || k === 'w') && k === runKind) { run += c; return; }
      flush();
      if (k === 'h' || k === 'w') { run = c; runKind = k; } else if (k === 'q') { endClause(); quoted = !quoted; } else if (k === 'p') pos += GAP;
    });
    flush();
    endClause();
    return clauses;
  }

  /* Pieces of a clause: each an index entry (or several alternatives) at an offset. Chinese runs are cut by
   * longest match against the index's own vocabulary; a last single character is covered by an overlapping
   * bigram. Returns null when some piece is not in the index at all (the clause cannot match). */
  function pieces(cl) {
    var out = [];
    return cl.tokens.reduce(function (p, t) {
      return p.then(function (ok) {
        if (!ok) return false;
        if (t.word) return lookup(t.word).then(function (e) { if (e) out.push({ alts: [e], off: t.pos, text: t.word }); return !!e; });
        return hanPieces(Array.from(t.han), t.pos, out);
      });
    }, Promise.resolve(true)).then(function (ok) { return ok && out.length ? out : null; });
  }

  function hanPieces(chars, base, out) {
    var n = chars.length;
    if (n === 1) {
      return bucketOf(chars[0]).then(function (d) {
        var alts = Object.keys(d).filter(function (k) { return k[0] === chars[0] && Array.from(k).length <= 2; })
          .map(function (k) { return d[k]; }).sort(function (a, b) { return b[0] - a[0]; }).slice(0, 24);
        if (alts.length) out.push({ alts: alts, off: base, text: chars[0] });
        return alts.length > 0;
      });
    }
    function step(i) {
      if (i >= n) return Promise.resolve(true);
      var start = n - i === 1 ? n - 2 : i;
      return bucketOf(chars[start]).then(function (d) {
        for (var len = Math.min(meta.maxWord, n - start); len >= 2; len--) {
          var key = chars.slice(start, start + len).join('');
          if (Object.prototype.hasOwnProperty.call(d, key)) {
            out.push({ alts: [d[key]], off: base + start, text: key });
            return step(start + len);
          }
        }
        return false;
      });
    }
    return step(0);
  }

  /* Postings of one tier of an entry: Map doc → {imp, pos}. */
  function tier(entry, t) {
    var ref = entry[t + 1];
    var got = typeof ref === 'string' ? Promise.resolve(ref) : load('p/' + ref[0]).then(function (p) { return p[ref[1]]; });
    return got.then(function (s) {
      var v = decode(s), m = new Map(), i = 1, doc = 0;
      for (var k = 0; k < v[0]; k++) {
        doc += v[i++];
        var imp = v[i++], np = v[i++], pos = [], at = 0;
        for (var j = 0; j < np; j++) { at += v[i++]; pos.push(at); }
        m.set(doc, { imp: imp, pos: pos });
      }
      return { postings: m, size: s.length };
    });
  }

  function idf(df) { return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5)); }

  /* Loads the next tier of every piece that has one; resolves to the characters loaded. */
  function deepen(all, maxTier) {
    var jobs = [];
    all.forEach(function (pc) {
      pc.alts.forEach(function (e, a) {
        pc.loaded = pc.loaded || [];
        var t = pc.loaded[a] || 0;
        if (t + 1 < e.length && t < maxTier) {
          pc.loaded[a] = t + 1;
          jobs.push(tier(e, t).then(function (r) {
            pc.post = pc.post || new Map();
            r.postings.forEach(function (v, doc) {
              var old = pc.post.get(doc);
              if (!old || old.imp < v.imp) pc.post.set(doc, old ? { imp: v.imp, pos: old.pos.concat(v.pos).sort(function (x, y) { return x - y; }) } : v);
              else old.pos = old.pos.concat(v.pos).sort(function (x, y) { return x - y; });
            });
            return r.size;
          }));
        }
      });
    });
    return Promise.all(jobs);
  }

  /* Documents matching one clause: its pieces at their offsets (all of them, next to each other). */
  function matchClause(pcs, allowed) {
    var res = new Map();
    var first = pcs.reduce(function (a, b) { return (a.post ? a.post.size : 0) <= (b.post ? b.post.size : 0) ? a : b; });
    if (!first.post) return res;
    first.post.forEach(function (p0, doc) {
      if (allowed && !allowed(doc)) return;
      var hits = pcs.map(function (pc) { return pc.post && pc.post.get(doc); });
      if (hits.some(function (h) { return !h; })) return;
      var starts = p0.pos.map(function (a) { return a - first.off; }).filter(function (s) {
        return pcs.every(function (pc, j) { return hits[j].pos.indexOf(s + pc.off) >= 0; });
      });
      if (!starts.length) return;
      var score = pcs.reduce(function (sum, pc, j) { return sum + idf(pc.alts[0][0]) * hits[j].imp / 255; }, 0);
      res.set(doc, { score: score, starts: starts });
    });
    return res;
  }

  function combine(clauses, matches) {
    var out = [];
    matches[0].forEach(function (m0, doc) {
      var score = 0, ms = [];
      for (var c = 0; c < matches.length; c++) { var m = matches[c].get(doc); if (!m) return; score += m.score; ms.push(m); }
      // Words of an unquoted query that stand together in the text (a stop word may sit between) rank higher.
      var together = ms.length > 1 && ms.every(function (m, c) {
        var span = clauses[c - 1] && clauses[c - 1].span;
        return c === 0 || m.starts.some(function (s) { return ms[c - 1].starts.some(function (p) { return s - p >= span && s - p <= span + 1; }); });
      });
      out.push({ doc: doc, score: together ? score * 1.5 : score, starts: [].concat.apply([], ms.map(function (m) { return m.starts; })) });
    });
    return out.sort(function (a, b) { return b.score - a.score || b.doc - a.doc; });
  }

  function union(matches) {
    var by = new Map();
    matches.forEach(function (m) {
      m.forEach(function (x, doc) {
        var r = by.get(doc) || { doc: doc, score: 0, starts: [] };
        r.score += x.score; r.starts = r.starts.concat(x.starts);
        by.set(doc, r);
      });
    });
    return Array.from(by.values()).sort(function (a, b) { return b.score - a.score || b.doc - a.doc; });
  }

  function allowedBy(filters) {
    var tests = [];
    var ranges = meta.years.filter(function (r) { return (!filters.lang || r[0] === filters.lang) && (!filters.year || String(r[1]) === String(filters.year)); });
    if (filters.lang || filters.year) tests.push(Promise.resolve(function (d) { return ranges.some(function (r) { return d >= r[2] && d < r[3]; }); }));
    [['topic', 't', meta.topics], ['outlet', 'o', meta.outlets]].forEach(function (f) {
      var i = filters[f[0]] ? f[2].findIndex(function (x) { return x[0] === filters[f[0]]; }) : -1;
      if (filters[f[0]]) tests.push(i < 0 ? Promise.resolve(function () { return false; }) : load('f/' + f[1] + i).then(function (s) {
        var set = new Set(), at = 0; decode(s).forEach(function (d) { at += d; set.add(at); });
        return function (d) { return set.has(d); };
      }));
    });
    return Promise.all(tests).then(function (ts) { return ts.length ? function (d) { return ts.every(function (t) { return t(d); }); } : null; });
  }

  /* The search itself. options.complete loads every tier (exhaustive results, for measurement); otherwise
   * further tiers are loaded only while the first page is not full and the budget allows. */
  function search(query, options) {
    options = options || {};
    var filters = options.filters || {};
    return init().then(function () {
      var clauses = parse(query);
      if (!clauses.length) return { results: [], clauses: [] };
      return Promise.all([Promise.all(clauses.map(pieces)), allowedBy(filters)]).then(function (r) {
        var all = r[0], allowed = r[1];
        // Every clause must match (AND); when they cannot all match ("台湾 Taiwan": no exchange has both
        // languages), any of them may (OR), still ranked by score.
        var known = clauses.filter(function (c, i) { return all[i]; });
        var any = known.length < clauses.length;
        if (!known.length) return { results: [], clauses: clauses };
        clauses = known;
        all = all.filter(function (p) { return p; });
        var flat = [].concat.apply([], all), maxTier = options.complete ? Infinity : INTERACTIVE_TIERS;
        function round() {
          return deepen(flat, maxTier).then(function () {
            var matches = all.map(function (p) { return matchClause(p, allowed); });
            var res = any ? union(matches) : combine(clauses, matches);
            if (!res.length && clauses.length > 1 && !any) res = union(matches);
            var more = flat.some(function (pc) { return pc.alts.some(function (e, a) { return (pc.loaded[a] || 0) + 1 < e.length; }); });
            var can = flat.some(function (pc) { return pc.alts.some(function (e, a) { var t = pc.loaded[a] || 0; return t + 1 < e.length && t < maxTier; }); });
            // A clause of several pieces matches only where all of them were loaded: its first tiers alone would
            // miss too much, so it always takes the second tier too.
            var split = all.some(function (p) { return p.length > 1; });
            if (can && (options.complete || split || res.length < PAGE)) return round();
            return { results: res, clauses: clauses, exhaustive: !more };
          });
        }
        return round();
      });
    });
  }

  /* ---------- the page ---------- */
  var EN = /^en/.test(document.documentElement.lang);
  var T = EN ? {
    empty: 'Type a word or a phrase: Chinese or English, "quotes" for an exact phrase.', none: 'No exchange matches ', found: function (n, more) { return n + (more ? '+' : '') + (n === 1 ? ' exchange' : ' exchanges'); },
    filters: 'Filters', year: 'Year', topic: 'Topic', outlet: 'Outlet', lang: 'Language', any: 'All', zh: 'Chinese', en: 'English', more: 'More results', error: 'The search index could not be loaded.'
  } : {
    empty: '输入词语或短语（中文或英文），用引号 "…" 搜索完整短语。', none: '没有找到匹配的问答：', found: function (n, more) { return '找到 ' + n + (more ? '+' : '') + ' 条问答'; },
    filters: '筛选', year: '年份', topic: '话题', outlet: '媒体', lang: '语言', any: '全部', zh: '中文', en: '英文', more: '更多结果', error: '无法加载搜索索引。'
  };

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    return e;
  }

  function esc(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
  /* What to mark in a snippet: Chinese runs as typed; English words by their first letters, so that "countries"
   * also marks "country" (the browser has no stemmer; the index mapped both to one stem). */
  function marksOf(clauses) {
    var marks = [];
    clauses.forEach(function (cl) {
      cl.tokens.forEach(function (t) {
        if (t.han) marks.push(esc(t.han));
        if (t.word) marks.push('\\b' + esc(t.word.length > 5 ? t.word.slice(0, t.word.length - 3) : t.word) + '[\\p{L}\\p{N}]*');
      });
    });
    return marks.length ? new RegExp(marks.join('|'), 'giu') : null;
  }

  function renderResult(r, doc, clauses) {
    var best = 0, bestHits = -1;
    doc.p.forEach(function (p, i) {
      var lo = doc.s[i], hi = i + 1 < doc.s.length ? doc.s[i + 1] : Infinity;
      var hits = r.starts.filter(function (s) { return s >= lo && s < hi; }).length;
      if (hits > bestHits) { best = i; bestHits = hits; }
    });
    var para = doc.p[best];
    var href = root + doc.u + (location.protocol === 'file:' ? 'index.html' : '') + '#' + doc.a + (para && bestHits > 0 ? '-p' + para[0] : '');
    var snippet = para ? highlightRe(para[2], marksOf(clauses)) : [];
    var li = el('li', { lang: doc.l === 'zh' ? 'zh-Hans' : 'en' }, [
      el('a', { href: href }, [doc.t]),
      el('p', { class: 'search-meta' }, [doc.d + ' · ' + doc.e + (para && para[1] ? ' · ' + para[1] : '')]),
      el('p', { class: 'search-snippet' }, snippet)
    ]);
    return li;
  }

  /* Text with the matches of `re` in <mark> (built as elements; the text stays text), cut to about 240
   * characters around the first match. */
  function highlightRe(text, re) {
    if (!re) return [text];
    var first = Math.max(0, text.search(re)), chars = Array.from(text);
    var cut = text;
    if (chars.length > 240) {
      var from = Math.max(0, first - 60);
      cut = (from > 0 ? '…' : '') + text.slice(from, from + 240) + (from + 240 < text.length ? '…' : '');
    }
    var nodes = [], at = 0, m;
    re.lastIndex = 0;
    while ((m = re.exec(cut))) {
      if (!m[0].length) { re.lastIndex++; continue; }
      nodes.push(cut.slice(at, m.index), el('mark', {}, [m[0]]));
      at = m.index + m[0].length;
    }
    nodes.push(cut.slice(at));
    return nodes.filter(function (n) { return n !== ''; });
  }

  function docOf(id) { return load('doc/' + Math.floor(id / 1000) + '/' + id); }

  function setupPage() {
    var input = document.getElementById('search-q');
    var out = document.getElementById('results');
    if (!input || !out) return;
    var form = input.form;
    var params = new URLSearchParams(location.search);
    var selects = {};
    var status = el('p', { class: 'search-status', role: 'status' });
    var list = el('ol', { class: 'search-results' });
    out.appendChild(status);
    out.appendChild(list);
    var seq = 0, last = null;

    function run() {
      var q = input.value.trim(), my = ++seq;
      var filters = {};
      Object.keys(selects).forEach(function (k) { if (selects[k].value) filters[k] = selects[k].value; });
      var url = new URLSearchParams();
      if (q) url.set('q', q);
      Object.keys(filters).forEach(function (k) { url.set(k, filters[k]); });
      try { history.replaceState(null, '', location.pathname + (url.toString() ? '?' + url : '')); } catch (e) { /* file:// may refuse */ }
      list.textContent = '';
      if (!q) { status.textContent = T.empty; out.className = 'search-empty'; return; }
      search(q, { filters: filters }).then(function (r) {
        if (my !== seq) return;
        last = { r: r, shown: 0, q: q, filters: filters };
        if (!r.results.length) { status.textContent = T.none + '“' + q + '”'; out.className = 'search-none'; return; }
        out.className = 'search-found';
        status.textContent = T.found(r.results.length, !r.exhaustive);
        return showMore(my);
      }).catch(function (e) {
        status.textContent = T.error; out.className = 'search-error';
        if (window.console) console.warn(e);
      });
    }

    function showMore(my) {
      // Results already on the page stay where they are (the exhaustive search may rank them differently).
      var seen = last.seen = last.seen || new Set();
      var slice = last.r.results.filter(function (r) { return !seen.has(r.doc); }).slice(0, PAGE);
      slice.forEach(function (r) { seen.add(r.doc); });
      last.shown = seen.size;
      var old = list.querySelector('.search-more'); if (old) old.parentNode.removeChild(old);
      return Promise.all(slice.map(function (r) { return docOf(r.doc); })).then(function (docs) {
        if (my !== seq) return;
        docs.forEach(function (d, i) { list.appendChild(renderResult(slice[i], d, last.r.clauses)); });
        if (last.r.results.some(function (r) { return !last.seen.has(r.doc); }) || !last.r.exhaustive) {
          var b = el('button', { type: 'button' }, [T.more]);
          b.addEventListener('click', function () {
            if (last.r.results.some(function (r) { return !last.seen.has(r.doc); })) { showMore(seq); return; }
            // Every tier of every piece: all the matching exchanges, in rank order.
            var my = seq;
            search(last.q, { filters: last.filters, complete: true }).then(function (r) {
              if (my !== seq) return;
              last.r = r;
              status.textContent = T.found(r.results.length, false);
              return showMore(my);
            });
          });
          list.appendChild(el('li', { class: 'search-more' }, [b]));
        }
      });
    }

    init().then(function (m) {
      var years = [];
      m.years.forEach(function (r) { if (years.indexOf(r[1]) < 0) years.push(r[1]); });
      years.sort(function (a, b) { return b - a; });
      var defs = [
        ['year', T.year, years.map(function (y) { return [String(y), String(y)]; })],
        ['topic', T.topic, m.topics.map(function (t) { return [t[0], EN ? t[2] : t[1]]; })],
        ['outlet', T.outlet, m.outlets.map(function (o) { return [o[0], EN ? o[2] : o[1]]; })],
        ['lang', T.lang, [['zh', T.zh], ['en', T.en]]]
      ];
      var box = el('fieldset', { class: 'search-filters' }, [el('legend', {}, [T.filters])]);
      defs.forEach(function (d) {
        var s = el('select', { name: d[0], id: 'search-' + d[0] }, [el('option', { value: '' }, [T.any])].concat(d[2].map(function (o) { return el('option', { value: o[0] }, [o[1]]); })));
        s.value = params.get(d[0]) || '';
        s.addEventListener('change', run);
        selects[d[0]] = s;
        box.appendChild(el('label', {}, [d[1] + ' ', s]));
      });
      (form || input.parentNode).appendChild(box);
      input.value = params.get('q') || input.value;
      run();
    }).catch(function (e) { status.textContent = T.error; if (window.console) console.warn(e); });

    var timer;
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 200); });
    if (form) form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(); });

    document.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('li > a'));
      var i = links.indexOf(document.activeElement);
      var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement && document.activeElement.tagName);
      if (e.key === '/' && !typing) { e.preventDefault(); input.focus(); input.select(); }
      else if (e.key === 'ArrowDown' && (i >= 0 || document.activeElement === input) && links.length) { e.preventDefault(); links[Math.min(i + 1, links.length - 1)].focus(); }
      else if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); if (i === 0) input.focus(); else links[i - 1].focus(); }
      else if (e.key === 'Enter' && document.activeElement === input && links.length && !e.isComposing) { /* submit runs the query; the first result is one ArrowDown away */ }
    });
  }

  window.wendaSearch = { search: search, parse: parse, init: init, doc: docOf, root: root };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupPage); else setupPage();
})();
