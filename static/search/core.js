/* wenda search, core: where the index is, loading its files, decoding them (format: docs/search-index.md).
 * The search client is a few classic scripts sharing window.wendaSearch (no ES modules: they do not load from
 * file://): core (this), stem, query (what the reader typed, as index terms), rank (tiers of matches),
 * results (what a result shows) and page (the search page). Index files are scripts calling __wenda(key,
 * data), loaded with <script> elements so that search works from file:// as well as over HTTP. */
(function (W) {
  'use strict';
  /** The index format this client reads; the manifest says which one an index is in. */
  W.VERSION = 3;
  var DIGIT = {};
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'.split('').forEach(function (c, i) { DIGIT[c] = i; });

  // The site root: given by the page (data-root="../"), else where the engine sits: search/search.js as written
  // by `wenda index`, or a (content-hashed) asset at the root.
  var me = document.currentScript;
  W.root = !me ? '' : me.getAttribute('data-root') ? new URL(me.getAttribute('data-root'), location.href).href.replace(/index\.html$/, '')
    : /search\/search\.js([?#].*)?$/.test(me.src) ? me.src.replace(/search\/search\.js([?#].*)?$/, '') : me.src.replace(/[^/]*$/, '');
  var files = {}, waiting = {};
  W.meta = null;
  W.t2s = {};
  W.stop = {};

  window.__wenda = function (key, data) {
    files[key] = data;
    (waiting[key] || []).forEach(function (w) { w.ok(data); });
    delete waiting[key];
  };

  /* Over HTTP an index file is fetched and its data parsed as JSON (`__wenda("KEY", ` … `);`), which costs
   * less than compiling it as a script; from file://, where fetch is refused, it is added as a script. */
  var fetching = /^https?:/.test(W.root) && typeof fetch === 'function';
  function fetchFile(key, src) {
    return fetch(src).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (t) { window.__wenda(key, JSON.parse(t.slice(t.indexOf(',') + 1, t.lastIndexOf(')')))); });
  }

  /** An index file by key (`d/3`, `p/12`, `doc/5`), loaded once. */
  function file(key) {
    if (key in files) return Promise.resolve(files[key]);
    return new Promise(function (ok, fail) {
      if (waiting[key]) { waiting[key].push({ ok: ok, fail: fail }); return; }
      waiting[key] = [{ ok: ok, fail: fail }];
      if (fetching) { fetchFile(key, W.root + 'search/index/' + key + '.js').catch(function () { fetching = false; script(key); }); return; }
      script(key);
    });
  }

  function script(key) {
    var s = document.createElement('script');
    s.src = W.root + 'search/index/' + key + '.js';
    s.async = true;
    s.onerror = function () {
      var w = waiting[key] || [];
      delete waiting[key];
      w.forEach(function (x) { x.fail(new Error('cannot load search index file ' + key)); });
    };
    document.head.appendChild(s);
  }

  /** An index file by key, or a topic's or outlet's document set (`f/t3`, `f/o1`) from the pack holding it. */
  W.load = function (key) {
    var set = /^f\/([to])(\d+)$/.exec(key), list = set && W.meta && (set[1] === 't' ? W.topics : W.outlets);
    if (!set || !list || !list[+set[2]]) return file(key);
    return file('f/' + list[+set[2]].pack).then(function (sets) { return sets[set[1] + set[2]]; });
  };

  /** A string of base-64 varints as integers. */
  W.decode = function (s) {
    var out = [], n = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s[i]];
      n += (d & 31) * Math.pow(2, shift);
      if (d & 32) shift += 5; else { out.push(n); n = 0; shift = 0; }
    }
    return out;
  };

  function fnv(key) {
    var h = 0x811c9dc5;
    for (var c of key) { h ^= c.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  /** Han characters: the ranges of src/content (is_han). */
  W.isHan = function (c) {
    var x = c.codePointAt(0);
    return x === 0x3007 || (x >= 0x3400 && x <= 0x4dbf) || (x >= 0x4e00 && x <= 0x9fff) ||
      (x >= 0xf900 && x <= 0xfaff) || (x >= 0x20000 && x <= 0x3134f);
  };
  var WORD = /[\p{L}\p{N}]/u;
  /** h: Han, w: word character, q: double quote, s: space or word-inner mark (no gap), p: punctuation. */
  W.kind = function (c) { return W.isHan(c) ? 'h' : WORD.test(c) ? 'w' : c === '"' ? 'q' : /\s|['’\-·]/.test(c) ? 's' : 'p'; };

  /** The manifest, once; refuses an index of another format version. */
  W.init = function () {
    if (W.meta) return Promise.resolve(W.meta);
    return W.load('meta').then(function (m) {
      if (m.v !== W.VERSION) throw new Error('search index version ' + m.v + ', this page expects ' + W.VERSION);
      var chars = Array.from(m.t2s);
      for (var i = 0; i + 1 < chars.length; i += 2) W.t2s[chars[i]] = chars[i + 1];
      m.stop.forEach(function (w) { W.stop[w] = 1; });
      // The manifest's lists, with named fields: id ranges of a language and year; topics and outlets.
      W.ranges = m.years.map(function (r) { return { lang: r[0], year: r[1], first: r[2], end: r[3] }; });
      var named = function (x, i) { return { index: i, id: x[0], zh: x[1], en: x[2], count: x[3], pack: x[4] }; };
      W.topics = m.topics.map(named);
      W.outlets = m.outlets.map(named);
      W.meta = m;
      return m;
    });
  };

  /** The dictionary bucket holding keys that start with Han character `c`, or English stem `c`. */
  W.bucket = function (c) { return W.load('d/' + (fnv(c) % W.meta.buckets)); };
  W.lookup = function (key) {
    var first = Array.from(key)[0];
    return W.bucket(first && W.isHan(first) ? first : key).then(function (d) { return W.has(d, key) ? d[key] : null; });
  };
  W.has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
  /** The English vocabulary file of a first letter: {stem: [df, surface words…]}. */
  W.vocab = function (letter) {
    var key = /[a-z]/.test(letter) ? letter : '_';
    return W.meta.vocab.indexOf(key) < 0 ? Promise.resolve({}) : W.load('w/' + key);
  };

  /** Postings of tier `t` of a dictionary entry: {postings: Map doc → {imp, pos}, size}. */
  var decoded = new Map();
  W.tier = function (entry, t) {
    var ref = entry[t + 1], key = typeof ref === 'string' ? ref : ref[0] + '/' + ref[1];
    // Decoded once per page: a later query (or "More results") with the same term reuses it.
    if (!decoded.has(key)) decoded.set(key, decodeTier(typeof ref === 'string' ? Promise.resolve(ref) : W.load('p/' + ref[0]).then(function (p) { return p[ref[1]]; })));
    return decoded.get(key);
  };
  function decodeTier(got) {
    return got.then(function (s) {
      var v = W.decode(s), m = new Map(), i = 1, doc = 0;
      for (var k = 0; k < v[0]; k++) {
        doc += v[i++];
        var imp = v[i++], np = v[i++], pos = [], at = 0;
        for (var j = 0; j < np; j++) { at += v[i++]; pos.push(at); }
        m.set(doc, { imp: imp, pos: pos });
      }
      return { postings: m, size: s.length };
    });
  }

  W.idf = function (df) { return Math.log(1 + (W.meta.docs - df + 0.5) / (df + 0.5)); };

  /** A document: {url, anchor, title, event, date, lang, other (the id of the exchange's document in the other
   * language, or null), fields: [{kind, text, start}], paragraphs: [{n, label, text, start}]}, named from the
   * one-letter keys of its entry in the file of `meta.docPack` consecutive ids. */
  W.doc = function (id) {
    return W.init().then(function (m) { return file('doc/' + Math.floor(id / m.docPack)); }).then(function (pack) {
      var d = pack[id % W.meta.docPack];
      var nf = d.f.length;
      return {
        id: id, url: d.u, anchor: d.a, title: d.t, event: d.e, date: d.d, lang: d.l, other: d.o,
        fields: d.f.map(function (f, i) { return { kind: f[0], text: f[1], start: d.s[i] }; }),
        paragraphs: d.p.map(function (p, i) { return { n: p[0], label: p[1], text: p[2], start: d.s[nf + i] }; })
      };
    });
  };
})(window.wendaSearch = window.wendaSearch || {});
