/* wenda search, the page: the form, the filters (with counts), the status line saying which tier of matches the
 * reader sees, the results, the address (q and filters, kept by the language switch). Interface strings come
 * from templates/strings.toml through the data- attributes of #search-strings. */
(function (W) {
  'use strict';
  var EN = /^en/.test(document.documentElement.lang);
  var S = {};

  /** A string with {name} placeholders filled. */
  function fill(s, vars) { return String(s || '').replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; }); }
  function quoted(q) { return '“' + q + '”'; }
  function unique(words) { return words.filter(function (w, i) { return words.indexOf(w) === i; }); }
  /** Index keys shown as a reader writes them. */
  var SHOWN = { usa: 'US' };

  /** At most `n` characters of `s` (the status line is a live region: a pasted page is not read out whole). */
  function cut(s, n) { var c = Array.from(s); return c.length > n ? c.slice(0, n).join('') + '…' : s; }
  /** At most `n` items of a list, then an ellipsis. */
  function some(list, n) { return list.length > n ? list.slice(0, n).concat('…') : list; }
  var QUOTED = 60, WORDS = 12, FUZZY = 5;

  /** What the status line says about the results: how many, of which tiers, and which tier the first ones are. */
  function statusText(r, q) {
    var n = r.results.length, plus = r.exhaustive ? '' : '+';
    var count = fill(n === 1 ? S.found_one : S.found, { n: n + plus });
    // How many of each tier, when the results hold more than one (an exact match among partial ones).
    var tiers = [1, 2, 3].map(function (t) { return r.results.filter(function (x) { return x.tier === t; }).length; });
    var parts = tiers.map(function (k, i) { return k ? fill(S[['count_exact', 'count_all', 'count_some'][i]], { n: k }) : ''; }).filter(Boolean);
    if (parts.length > 1 && !(r.missing && r.missing.length)) count = fill(S.found_tiers, { n: n + plus, tiers: parts.join(S.sep || ', ') + plus });
    // Words as the reader would write them: spellings, not index keys (`ukrain`, `usa`).
    var shown = function (a, pc) { var w = a.kind === 'exact' ? pc.text : a.word; return SHOWN[w] || w; };
    var listed = function (pieces) {
      return [].concat.apply([], pieces.map(function (pcs) {
        return (pcs || []).map(function (pc) { return unique(pc.alts.map(function (a) { return shown(a, pc); })).slice(0, 3).join('/'); });
      }));
    };
    // The words of the query as typed; when it has none in the index (`PRC`), those of the forms searched.
    var pieces = r.typed || r.pieces, words = listed(pieces);
    if (!words.length) words = unique(listed(r.pieces));
    words = some(words, WORDS).join(' · ');
    var fuzzy = [].concat.apply([], pieces).filter(function (pc) { return pc && pc.alts.every(function (a) { return a.kind !== 'exact'; }); });
    var line = count, say = { q: quoted(cut(q, QUOTED)), words: words };
    if (r.tier === 2) line = fill(words ? S.tier_all : S.tier_all_bare, say) + ' ' + count;
    else if (r.tier === 3) line = fill(words ? S.tier_some : S.tier_some_bare, say) + ' ' + count;
    if (fuzzy.length) line += ' ' + fill(S.fuzzy, { words: some(fuzzy.map(function (pc) { return pc.text + ' → ' + unique(pc.alts.map(function (a) { return shown(a, pc); })).slice(0, 3).join('/'); }), FUZZY).join(', ') });
    return line;
  }

  function setupPage() {
    var input = document.getElementById('search-q');
    var out = document.getElementById('results');
    if (!input || !out) return;
    var strings = document.getElementById('search-strings');
    S = strings ? strings.dataset : {};
    var form = input.form;
    var params = new URLSearchParams(location.search);
    var selects = {}, labels = {};
    var status = W.el('p', { class: 'search-status', role: 'status' });
    var list = W.el('ol', { class: 'search-results' });
    out.appendChild(status);
    out.appendChild(list);
    var seq = 0, last = null;

    function current() {
      var filters = {};
      Object.keys(selects).forEach(function (k) { if (selects[k].value) filters[k] = selects[k].value; });
      return filters;
    }

    /* The address holds the query and the filters (a search can be linked, reloaded and gone back to); the
     * language switch takes them along. One history entry per search, not per keystroke: the first search
     * after the current entry settled pushes an entry, the searches that follow while the reader types
     * replace it, and it settles on Enter, on a filter's change or after a pause in typing (SETTLE), as a
     * search box that keeps its query in the address does (InstantSearch's router pushes after a pause). Back
     * and Forward search what the address says, writing nothing. `how`: 'type', 'commit', or null (leave
     * the entry as it is). */
    var settled = true, settle, SETTLE = 1000;
    function remember(q, filters, how) {
      var url = new URLSearchParams();
      if (q) url.set('q', q);
      Object.keys(filters).forEach(function (k) { url.set(k, filters[k]); });
      var search = url.toString() ? '?' + url : '';
      clearTimeout(settle);
      if (how && search !== location.search) {
        try { history[settled ? 'pushState' : 'replaceState'](null, '', location.pathname + search); } catch (e) { /* file:// may refuse */ }
      }
      settled = how !== 'type';
      if (!settled) settle = setTimeout(function () { settled = true; }, SETTLE);
      document.querySelectorAll('a.lang-switch').forEach(function (a) { a.setAttribute('href', a.getAttribute('href').replace(/[?#].*$/, '') + search); });
    }

    /* Options show how many results (year, language) or exchanges (topic, outlet) they hold: a year or
     * language option the results it would give with the other filters as they are (W.search's counts), with
     * `+` while the results are not exhaustive, and no count where none was found yet (it is not known to be 0). */
    function counts(r) {
      ['year', 'lang'].forEach(function (k) {
        Array.prototype.forEach.call(selects[k].options, function (o) {
          var n = r && r.counts ? r.counts[k][o.value] || 0 : 0;
          if (o.value) o.textContent = labels[k][o.value] + (!r || (!n && !r.exhaustive) ? '' : ' (' + n + (r.exhaustive ? '' : '+') + ')');
        });
      });
    }

    function run(how) {
      var q = input.value.trim(), my = ++seq, filters = current();
      remember(q, filters, typeof how === 'string' || how === null ? how : 'commit');
      list.textContent = '';
      if (!q) { status.textContent = S.empty || ''; out.className = 'search-empty'; counts(null); return; }
      W.search(q, { filters: filters, prefer: W.queryLang(q), page: EN ? 'en' : 'zh', shown: W.PAGE }).then(function (r) {
        if (my !== seq) return;
        last = { r: r, q: q, filters: filters, seen: new Set() };
        counts(r);
        if (!r.results.length) {
          // Nothing to search for: the query's words are all too common to be indexed (`the`, `of the`).
          var common = !r.clauses.length && /[\p{L}\p{N}]/u.test(q);
          status.textContent = fill(common ? S.common : S.none, { q: quoted(q) });
          out.className = 'search-none';
          return;
        }
        out.className = 'search-found';
        out.setAttribute('data-tier', String(r.tier));
        status.textContent = statusText(r, q);
        return showMore(my);
      }).catch(function (e) {
        status.textContent = S.error || 'error'; out.className = 'search-error';
        if (window.console) console.warn(e);
      });
    }

    /* Shows the next page of results; `focus`: the first of them takes the keyboard focus ("More results"). */
    function showMore(my, focus) {
      // Results already on the page stay where they are (the exhaustive search may rank them differently).
      var seen = last.seen;
      var slice = last.r.results.filter(function (r) { return !seen.has(r.doc); }).slice(0, W.PAGE);
      slice.forEach(function (r) { seen.add(r.doc); });
      var old = list.querySelector('.search-more'); if (old) old.parentNode.removeChild(old);
      return Promise.all(slice.map(function (r) { return W.doc(r.doc); })).then(function (docs) {
        if (my !== seq) return;
        var items = docs.map(function (d, i) { return list.appendChild(W.renderResult(slice[i], d, last.r.pieces, S)); });
        if (focus && items.length) items[0].querySelector('a').focus();
        if (last.r.results.some(function (r) { return !seen.has(r.doc); }) || !last.r.exhaustive) {
          var b = W.el('button', { type: 'button' }, [S.more || '…']);
          b.addEventListener('click', function () {
            if (last.r.results.some(function (r) { return !seen.has(r.doc); })) { showMore(seq, true); return; }
            // Every tier of every term: all the matching exchanges, in rank order.
            var my = seq;
            W.search(last.q, { filters: last.filters, complete: true, prefer: W.queryLang(last.q), page: EN ? 'en' : 'zh', shown: W.PAGE }).then(function (r) {
              if (my !== seq) return;
              last.r = r;
              counts(r);
              status.textContent = statusText(r, last.q);
              return showMore(my, true);
            });
          });
          list.appendChild(W.el('li', { class: 'search-more' }, [b]));
        }
      });
    }

    W.init().then(function () {
      var years = [];
      W.ranges.forEach(function (r) { if (years.indexOf(r.year) < 0) years.push(r.year); });
      years.sort(function (a, b) { return b - a; });
      var named = function (x) { return [x.id, (EN ? x.en : x.zh) + ' (' + x.count + ')']; };
      var defs = [
        ['year', S.year, years.map(function (y) { return [String(y), String(y)]; })],
        ['topic', S.topic, W.topics.map(named)],
        ['outlet', S.outlet, W.outlets.map(named)],
        ['lang', S.lang, [['zh', S.lang_zh], ['en', S.lang_en]]]
      ];
      // templates/search.html draws the fieldset and its selects at their final size (no layout shift); here
      // they get their options and are enabled. A page without them gets them built.
      var box = document.querySelector('fieldset.search-filters') || W.el('fieldset', { class: 'search-filters' }, [W.el('legend', {}, [S.filters || ''])]);
      defs.forEach(function (d) {
        labels[d[0]] = {};
        d[2].forEach(function (o) { labels[d[0]][o[0]] = o[1]; });
        var options = [W.el('option', { value: '' }, [S.any || ''])].concat(d[2].map(function (o) { return W.el('option', { value: o[0] }, [o[1]]); }));
        var s = document.getElementById('search-' + d[0]);
        if (s) { s.textContent = ''; options.forEach(function (o) { s.appendChild(o); }); }
        else { s = W.el('select', { name: d[0], id: 'search-' + d[0] }, options); box.appendChild(W.el('label', {}, [(d[1] || d[0]) + ' ', s])); }
        // A value the archive has no option for (`?year=1999`) is no filter: the select shows "All".
        s.value = d[2].some(function (o) { return o[0] === params.get(d[0]); }) ? params.get(d[0]) : '';
        s.addEventListener('change', run);
        selects[d[0]] = s;
      });
      if (!box.parentNode) (form || input.parentNode).appendChild(box);
      box.disabled = false;
      input.value = params.get('q') || input.value;
      run(null);
      // Back and Forward: the query and filters of the entry gone to, searched without a new entry.
      window.addEventListener('popstate', function () {
        var p = new URLSearchParams(location.search);
        clearTimeout(timer);
        input.value = p.get('q') || '';
        Object.keys(selects).forEach(function (k) {
          var v = p.get(k) || '';
          selects[k].value = Array.prototype.some.call(selects[k].options, function (o) { return o.value === v; }) ? v : '';
        });
        settled = true;
        run(null);
      });
    }).catch(function (e) { status.textContent = S.error || 'error'; if (window.console) console.warn(e); });

    // Typing searches after a pause; while an input method composes (pinyin being typed for 中美), nothing is
    // searched and the address is left alone until the composition ends.
    var timer, composing = false;
    var later = function () { clearTimeout(timer); timer = setTimeout(run, 200, 'type'); };
    input.addEventListener('compositionstart', function () { composing = true; clearTimeout(timer); });
    input.addEventListener('compositionend', function () { composing = false; later(); });
    input.addEventListener('input', function (e) { if (!composing && !e.isComposing) later(); });
    if (form) form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run('commit'); });

    // A result opens in its own language's interface, in a reading mode that shows it: that interface's
    // remembered mode (reader.js, `wenda-mode-zh`/`-en`) would hide the matching text if it were the other
    // language alone. Only that interface's mode is touched.
    list.addEventListener('click', function (e) {
      var li = e.target.closest && e.target.closest('li[data-lang]');
      if (!li) return;
      try {
        var lang = li.getAttribute('data-lang'), key = 'wenda-mode-' + lang, mode = localStorage.getItem(key);
        if ((mode === 'zh' || mode === 'en') && mode !== lang) localStorage.setItem(key, lang);
      } catch (x) { /* no storage: the page opens in its default mode */ }
    });

    document.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('li > a'));
      var i = links.indexOf(document.activeElement);
      var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement && document.activeElement.tagName);
      if (e.key === '/' && !typing) { e.preventDefault(); input.focus(); input.select(); }
      else if (e.key === 'ArrowDown' && (i >= 0 || document.activeElement === input) && links.length) { e.preventDefault(); links[Math.min(i + 1, links.length - 1)].focus(); }
      else if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); if (i === 0) input.focus(); else links[i - 1].focus(); }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupPage); else setupPage();
})(window.wendaSearch = window.wendaSearch || {});
