/* wenda search, one result as the reader sees it: the exchange's title, up to three matching paragraphs each
 * linking to its own anchor (#q05-p3), and the matches in the headline, topics, outlet or speakers named as
 * such. Only the matched terms are marked: the text is walked position by position as the index walked it, and
 * a word is marked when its position is one the query matched. Transcript text only ever becomes text nodes. */
(function (W) {
  'use strict';
  var SNIPPET = 240, PARAGRAPHS = 3;

  /** An element with attributes and children (strings become text nodes). */
  W.el = function (tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    return e;
  };

  /* Runs of `text` with their positions, counted as src/search/index.rs `walk` counts them: a Han character
   * or a word takes one position, punctuation skips a gap; a dotted abbreviation (U.S.) is one word, as
   * tokenize_en.rs `abbreviations` makes it. Returns [{from, to, pos}] (string offsets). */
  var DOTTED = /(?:[A-Za-z]\.){2,}(?![\p{L}\p{N}])/uy;
  function runs(text, start, gap) {
    var out = [], pos = start, run = null, i = 0, skip = 0, prev = null;
    function flush(end) {
      if (run && run.kind === 'w') { out.push({ from: run.from, to: end, pos: pos }); pos += 1; }
      run = null;
    }
    for (var c of text) {
      var n = c.normalize('NFKC')[0] || c;
      var k = W.isHan(n) ? 'h' : /[\p{L}\p{N}]/u.test(n) ? 'w' : null;
      if (i < skip) { /* inside a dotted abbreviation */ }
      else if (k === 'w' && !run && prev !== '.' && (DOTTED.lastIndex = i, DOTTED.test(text))) {
        out.push({ from: i, to: DOTTED.lastIndex, pos: pos }); pos += 1; skip = DOTTED.lastIndex;
      } else if (k === 'h') { flush(i); out.push({ from: i, to: i + c.length, pos: pos }); pos += 1; }
      else if (k === 'w') { if (!run) run = { from: i, kind: 'w' }; }
      else { flush(i); if (!/\s/.test(c) && "'’-·".indexOf(c) < 0) pos += gap; }
      prev = c;
      i += c.length;
    }
    flush(i);
    return out;
  }

  /* Excerpts are cut where a reader would: after a sentence's end, else after a clause's mark, else between two
   * words (a space, or two Han characters), never inside a word or a character's surrogate pair. */
  var SENTENCE = /[。！？!?；;]/, CLAUSE = /[，、：,:）)”’」』]/, CLOSING = /[”’」』"')）]/;
  function boundary(text, i, kind) {
    var a = text[i - 1], b = text[i] || ' ';
    if (kind === 0) return ((SENTENCE.test(a) || (a === '.' && /\s/.test(b))) && !CLOSING.test(b)) || (CLOSING.test(a) && SENTENCE.test(text[i - 2]));
    if (kind === 1) return CLAUSE.test(a) && !/[\p{N}]/u.test(b);
    return /\s/.test(b) || /\s/.test(a) || (W.isHan(a) && W.isHan(b));
  }
  /** Where to end an excerpt of `text` that may run to `to`: the last boundary of the best kind between `min`
   * and `to`, else `to` itself. */
  function boundaryBefore(text, to, min) {
    if (to >= text.length) return text.length;
    for (var kind = 0; kind < 3; kind++) {
      for (var i = to; i > min; i--) if (boundary(text, i, kind)) return text.slice(0, i).trimEnd().length;
    }
    return /[\uD800-\uDBFF]/.test(text[to - 1]) ? to - 1 : to;
  }
  /** Where to begin an excerpt that may begin at `from`: the first boundary of the best kind between `from`
   * and `max` (its first match), else `from`. */
  function boundaryAfter(text, from, max) {
    for (var kind = 0; kind < 3; kind++) {
      for (var i = from; i <= max; i++) if (boundary(text, i, kind)) return i + (text.slice(i).length - text.slice(i).trimStart().length);
    }
    return /[\uDC00-\uDFFF]/.test(text[from]) ? from + 1 : from;
  }
  /** `text` cut to about SNIPPET characters from its beginning, at a boundary, with an ellipsis when cut. */
  W.clip = function (text) {
    if (text.length <= SNIPPET) return text;
    return text.slice(0, boundaryBefore(text, SNIPPET, SNIPPET * 0.6)) + '…';
  };

  /* Text with the runs whose positions are in `marked` wrapped in <mark> (neighbours joined), cut to about
   * SNIPPET characters around the first mark. A word whose stem is a query word's, but which is no form of it
   * (`marked.forms`: stem → the query's words), is left unmarked (W.related). Returns [nodes, number of marks,
   * number of marked positions]. */
  function highlight(text, start, marked, cut) {
    var spans = [], forms = marked.forms || {}, positions = 0;
    runs(text, start, W.meta.gap).forEach(function (r) {
      if (!marked.has(r.pos)) return;
      var word = text.slice(r.from, r.to).normalize('NFKC').toLowerCase(), typed = forms[W.stem(word)];
      if (typed && !W.isHan(word) && !typed.some(function (q) { return W.related(q, word); })) return;
      positions++;
      var last = spans[spans.length - 1];
      // Neighbouring marked runs (a Chinese phrase, words of an English one) make one mark.
      if (last && /^[\s'’\-·]*$/.test(text.slice(last[1], r.from))) last[1] = r.to;
      else spans.push([r.from, r.to]);
    });
    var from = 0, to = text.length;
    if (cut && text.length > SNIPPET) {
      var first = spans.length ? spans[0][0] : 0;
      from = first > 60 ? boundaryAfter(text, first - 60, first) : 0;
      to = boundaryBefore(text, Math.min(text.length, from + SNIPPET), Math.max(first + 1, from + SNIPPET * 0.6));
    }
    var nodes = from > 0 ? ['…'] : [], at = from;
    spans.forEach(function (s) {
      if (s[1] <= from || s[0] >= to) return;
      var a = Math.max(s[0], from), b = Math.min(s[1], to);
      if (a > at) nodes.push(text.slice(at, a));
      nodes.push(W.el('mark', {}, [text.slice(a, b)]));
      at = b;
    });
    if (at < to) nodes.push(text.slice(at, to));
    if (to < text.length) nodes.push('…');
    return [nodes, spans.length, positions];
  }

  /** The positions a result marks: in the exact tier the phrases' pieces, else every matched piece. */
  W.markedPositions = function (r, pieces) {
    var marked = new Set();
    marked.forms = {};
    [].concat.apply([], pieces).forEach(function (pc) {
      var h = pc.post && pc.post.get(r.doc);
      if (!h) return;
      pc.alts.forEach(function (a) { if (a.kind === 'exact' && !W.isHan(pc.text)) (marked.forms[a.term] = marked.forms[a.term] || []).push(pc.text); });
      var len = !pc.one && W.isHan(pc.text) ? Array.from(pc.text).length : 1;
      h.pos.forEach(function (p) {
        if (r.tier === 1 && !r.phrases.some(function (ph) { return p >= ph[0] && p < ph[1]; })) return;
        for (var k = 0; k < len; k++) marked.add(p + k);
      });
    });
    return marked;
  };

  /** The list item of result `r` (document `doc`). S: the interface strings. */
  W.renderResult = function (r, doc, pieces, S) {
    var marked = W.markedPositions(r, pieces);
    var file = location.protocol === 'file:' ? 'index.html' : '';
    var base = W.root + doc.url + file + '#' + doc.anchor;
    var kids = [], colon = document.documentElement.lang.indexOf('zh') === 0 ? '：' : ': ';
    doc.fields.forEach(function (f) {
      if (f.kind === 'reading') return;
      var h = highlight(f.text, f.start, marked, false);
      if (h[1]) kids.push(W.el('p', { class: 'search-field', 'data-field': f.kind }, [(S['field_' + f.kind] || f.kind) + colon].concat(h[0])));
    });
    // A paragraph matches in its printed text or in the editor's corrected reading of it: shown once, as
    // printed unless the reading holds more of the matched words, or as many in fewer marks (then labelled as
    // the editor's reading).
    var hits = doc.paragraphs.map(function (p) {
      var h = highlight(p.text, p.start, marked, true), x = { p: p, nodes: h[0], count: h[1], words: h[2] };
      doc.fields.forEach(function (f) {
        var r = f.kind === 'reading' && f.n === p.n && highlight(f.text, f.start, marked, true);
        if (r && (r[2] > x.words || (r[2] === x.words && r[1] < x.count))) {
          x = { p: p, nodes: [W.el('span', { class: 'search-reading' }, [(S.field_reading || f.kind) + colon])].concat(r[0]), count: r[1], words: r[2] };
        }
      });
      return x;
    }).filter(function (x) { return x.count > 0; });
    var best = hits.slice().sort(function (a, b) { return b.count - a.count; }).slice(0, PARAGRAPHS);
    hits = hits.filter(function (x) { return best.indexOf(x) >= 0; });
    var title = W.el('a', { href: base + (hits.length ? '-p' + hits[0].p.n : '') }, [doc.title]);
    var li = W.el('li', { lang: doc.lang === 'zh' ? 'zh-Hans' : 'en', 'data-tier': String(r.tier), 'data-lang': doc.lang }, [
      title, W.el('p', { class: 'search-meta' }, [doc.date + ' · ' + doc.event])
    ].concat(kids));
    var shown = hits.map(function (x) {
      var p = W.el('p', { class: 'search-snippet' }, [
        W.el('a', { class: 'search-para', href: base + '-p' + x.p.n }, [(x.p.label ? x.p.label + ' ' : '') + '¶' + x.p.n]), ' '
      ].concat(x.nodes));
      li.appendChild(p);
      return { n: x.p.n, el: p };
    });
    // Side by side reading: the same paragraphs of the exchange in the other language, beside the hits.
    if (document.documentElement.getAttribute('data-mode') === 'both' && doc.other != null && shown.length) {
      W.doc(doc.other).then(function (o) {
        shown.forEach(function (s) {
          var p = o.paragraphs.find(function (q) { return q.n === s.n; });
          if (!p) return;
          var text = W.clip(p.text);
          s.el.parentNode.insertBefore(W.el('p', { class: 'search-other', lang: o.lang === 'zh' ? 'zh-Hans' : 'en' }, [text]), s.el.nextSibling);
        });
      }).catch(function () { /* the hit stands alone */ });
    }
    if (!hits.length && !kids.length && doc.paragraphs[0]) li.appendChild(W.el('p', { class: 'search-snippet' }, [highlight(doc.paragraphs[0].text, 0, marked, true)[0]].flat()));
    return li;
  };
})(window.wendaSearch = window.wendaSearch || {});
