/* wenda search, the query: what the reader typed, as the index's terms. parse() reads clauses (a Chinese run,
 * a word, a "quoted phrase") with positions counted as src/search/index.rs counts them; pieces() finds each
 * clause's terms in the dictionary: Chinese by longest match against the index's own vocabulary, English by
 * stem (stem.js), then by prefix, then by a close spelling when the word itself is not in the index. */
(function (W) {
  'use strict';
  /** Weights of alternative terms: a word as typed ranks above its prefix completions and close spellings. */
  var WEIGHT = { exact: 1, prefix: 0.6, typo: 0.5 };
  var MAX_ALTS = 8;
  /** Characters a Chinese query may leave out between its words, and words that only make it a question (看待:
   * 如何看待 X, "how do you view X", asks about X). */
  var FUNCTION_CHARS = '的了吗呢是有对在和与及把被将就都也还又而之其或从向给让以为于';
  /** Letters beside each one on a QWERTY keyboard (mistyped first letters). */
  var NEIGHBOURS = { q: 'wa', w: 'qeas', e: 'wrsd', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl', p: 'ol', a: 'qwsz',
    s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn', k: 'jiolm', l: 'kop', z: 'asx', x: 'zsdc', c: 'xdfv',
    v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk' };
  var QUESTION_WORDS = ['有什么', '是什么', '有没有', '会不会', '为什么', '什么', '怎么', '怎样', '如何', '哪些', '哪个', '为何', '是否', '能否', '多少',
    '请问', '有何', '何时', '看待', '看法'];

  /** Clauses of the query: {tokens: [{han|word, pos}], quoted, span, base, end}. A token's pos counts from its
   * clause's start; `base` and `end` place the clause in the query's own text, counted as src/search/index.rs
   * `walk` counts a document's (a Han character or a word, stop words included, one position; punctuation, and
   * a double quote, a gap), so that a pasted sentence asks for its clauses exactly as far apart as its text
   * has them (rank.js). */
  W.parse = function (q) {
    // Abbreviations are one word, as the index keys them: U.S. → US → USA, U.N. → UN.
    // upper: whether the word being read was typed in capitals (`BRI`, `ROK`: an abbreviation).
    var typed = Array.from(W.abbreviate(q)), chars = typed.map(function (c) { var l = c.toLowerCase(); return W.t2s[l] || l; });
    var clauses = [], quoted = false, cur = null, pos = 0, at = 0, run = '', runKind = null, upper = true, gap = W.meta ? W.meta.gap : 2, from = 0;
    // A word of a hyphenated compound (`Sino-US`, `Asia-Pacific`, `COVID-19`) is read as itself or nothing,
    // never as a close spelling of another word (`sino` is not "since").
    var hyphen = function (i) { return /^[-‐‑–]$/.test(chars[i] || ''); };
    // `at`: the position in the whole query; a clause's positions are `at - pos` onwards.
    function clause() { if (!cur) cur = { tokens: [], quoted: quoted, base: at - pos }; return cur; }
    function endClause() {
      if (cur && cur.tokens.length) {
        var t = cur.tokens[cur.tokens.length - 1];
        cur.span = pos;
        cur.end = cur.base + t.pos + (t.han ? Array.from(t.han).length : 1);
        clauses.push(cur);
      }
      cur = null; pos = 0;
    }
    function flush(end) {
      if (!run) return;
      if (!quoted) endClause();
      var n = runKind === 'h' ? Array.from(run).length : 1;
      if (runKind === 'h') clause().tokens.push({ han: run, pos: pos });
      else if (!W.stop[run]) {
        clause().tokens.push({ word: run, pos: pos, caps: upper && /^.{2,4}$/u.test(run),
          compound: hyphen(from - 1) || hyphen(end) });
      }
      pos += n; at += n;
      if (!quoted) endClause();
      run = ''; runKind = null; upper = true;
    }
    chars.forEach(function (c, i) {
      var k = W.kind(c), up = typed[i] !== c;
      if ((k === 'h' || k === 'w') && k === runKind) { run += c; upper = upper && up; return; }
      flush(i); upper = up;
      if (k === 'h' || k === 'w') { run = c; runKind = k; from = i; } else if (k === 'q') { endClause(); quoted = !quoted; at += gap; } else if (k === 'p') { pos += gap; at += gap; }
    });
    flush(chars.length);
    endClause();
    return clauses;
  };

  /** Which language the query is written in: 'zh' when it holds Han characters (the Latin words of a Chinese
   * query are names and abbreviations: `UN 改革`), 'en' when Latin letters only, else null. */
  W.queryLang = function (q) { return Array.from(q).some(W.isHan) ? 'zh' : /[a-z]/i.test(q) ? 'en' : null; };

  /** An alternative of a piece: entry, how found, key, and the word shown for it (`ukrain` as "ukraine"). */
  function alt(entry, kind, term, word) { return { entry: entry, weight: WEIGHT[kind], kind: kind, term: term, word: word || term }; }

  /** Pieces of a clause: {alts, off, text}, each alternative an index entry. Null when a piece is nowhere in
   * the index (no key, no prefix, no close spelling). `last` marks the query's last word (prefix matching).
   * A Han run's characters that no key of two or more characters covers there (the archive never has them
   * side by side: 马克龙, whose 马克 and 克龙 it lacks) are never stood in for by other words beginning with them
   * (马 is not 马里): they are lost (`cut.lost`). A run of up to SHORT characters (a name, a set phrase: 马克龙,
   * 一国两制) with a lost character is a word the archive does not have, and so is a quoted phrase with one: the
   * clause is nowhere (null). A longer run (a question) keeps its other pieces, and the results are partial
   * (rank.js). A short run cut into overlapping bigrams (法新社: 法新 · 新社) is one word, `strict`: it
   * matches only where its pieces stand together, never as 新社 of 中新社. Two exceptions take the words a
   * character begins (charAlts): a clause of one character alone, and a short run's one lost character at
   * either end beside three or more characters its other pieces cover (an abbreviation: 朝核问题, 朝 for 朝鲜
   * beside 核问·问题, found anywhere in the exchange; never beside a lone bigram, 法新社, nor scattered: 一国两制). */
  var SHORT = 4;
  W.pieces = function (cl, last) {
    var out = [];
    out.cut = { lost: [], overlap: false };
    return cl.tokens.reduce(function (p, t, i) {
      return p.then(function (ok) {
        if (!ok) return false;
        if (t.word) return wordPiece(t.word, last && i === cl.tokens.length - 1, t.caps, t.compound).then(function (alts) {
          if (alts.length) out.push({ alts: alts, off: t.pos, text: t.word, surface: alts.surface, later: alts.later });
          return alts.length > 0;
        });
        var chars = Array.from(t.han), lost = out.cut.lost.length, had = out.length;
        if (chars.length === 1 && cl.tokens.length === 1) return cutOne(chars[0], t.pos, out);
        out.cut.overlap = false;
        return hanPieces(chars, t.pos, out).then(function (ok) {
          var mine = out.cut.lost.slice(lost), words = out.slice(had), end = function (pc) { return pc.off + Array.from(pc.text).length; };
          var rest = words.length && end(words[words.length - 1]) - words[0].off;
          if (ok && chars.length <= SHORT && mine.length === 1 && rest >= 3 && rest === chars.length - 1) {
            out.cut.lost.pop();
            return cutOne(mine[0].c, mine[0].off, out).then(function (found) { out.sort(function (a, b) { return a.off - b.off; }); return found; });
          }
          if (chars.length <= SHORT && out.cut.overlap && !cl.quoted) cl.strict = true;
          return ok && (out.cut.lost.length === lost || (!cl.quoted && chars.length > SHORT));
        });
      });
    }, Promise.resolve(true)).then(function (ok) { return ok && out.length ? out : null; });
  };

  /** A clause of one character: the words it begins (charAlts). */
  function cutOne(c, off, out) {
    return charAlts(c).then(function (alts) {
      if (alts.length) out.push({ alts: alts, off: off, text: c, one: true });
      return alts.length > 0;
    });
  }

  /** One character: the most frequent keys of one or two characters starting with it. */
  function charAlts(c) {
    return W.bucket(c).then(function (d) {
      return Object.keys(d).filter(function (k) { return Array.from(k)[0] === c && Array.from(k).length <= 2; })
        .sort(function (a, b) { return d[b][0] - d[a][0]; }).slice(0, 24).map(function (k) { return alt(d[k], 'exact', k); });
    });
  }

  /* A Han run's pieces. Question words (什么, 如何) say nothing about the subject: the parts of the run between
   * them are cut on their own (and their dictionary buckets never loaded), unless nothing else is left. */
  function hanPieces(chars, base, out) {
    var text = chars.join(''), parts = [], from = 0;
    var re = new RegExp(QUESTION_WORDS.join('|'), 'g'), m; // longest first
    while ((m = re.exec(text))) { if (m.index > from) parts.push([from, m.index]); from = m.index + m[0].length; }
    if (from < text.length) parts.push([from, text.length]);
    if (!parts.length) return cutRun(chars, base, out);
    // Question words are two or three BMP characters, so string offsets are character offsets here only when
    // the run is all BMP; otherwise the run is cut whole.
    if (text.length !== chars.length) return cutRun(chars, base, out);
    return cutParts(chars, base, out, parts);
  }

  /* Cuts the parts [from, end) of a run in turn. A long part (a question's clause: 7 characters or more) is
   * first split at its inner function characters that leave an even number (2 or more) of characters before
   * them and 2 or more after, so that its pieces cost a dictionary bucket each rather than one per character
   * (the whole cut below loads every character's bucket). An even stretch is what the whole cut would leave
   * out a function character for: it needs no overlapping bigram (坚决反 | 霸权主义 would; 坚决 反对 stays). */
  function cutParts(chars, base, out, parts) {
    parts = [].concat.apply([], parts.map(function (r) {
      if (r[1] - r[0] < 7) return [r];
      var split = [], from = r[0];
      for (var i = r[0] + 2; i < r[1] - 2; i++) {
        if (FUNCTION_CHARS.indexOf(chars[i]) >= 0 && i - from >= 2 && (i - from) % 2 === 0) { split.push([from, i]); from = i + 1; }
      }
      split.push([from, r[1]]);
      return split;
    }));
    // The parts are cut at the same time (their dictionary buckets load in one round), their pieces kept in order.
    return Promise.all(parts.map(function (r) {
      var o = [];
      o.cut = out.cut;
      return cutRun(chars.slice(r[0], r[1]), base + r[0], o).then(function (ok) { return ok && o; });
    })).then(function (cut) {
      if (!cut.every(Boolean)) return false;
      cut.forEach(function (o) { out.push.apply(out, o); });
      return true;
    });
  }

  function cutRun(chars, base, out) {
    var n = chars.length;
    if (n === 1) { out.cut.lost.push({ c: chars[0], off: base }); return Promise.resolve(true); }
    // The cut with the fewest pieces (dynamic programming over the keys starting at each character): a key of
    // two or more characters costs 1, the bigram ending at a character (overlapping the piece before) a little
    // more, a function character (的, 是, 对) left out 0.5, a character standing alone 3. So a reader's question
    // keeps its words (中方 对 两国方案 的 立场 是 什么), not the bigrams across them (对两 国方 案的).
    // Without a function or question character, longest match from the left cuts the same and loads fewer
    // dictionary buckets (one per piece, not one per character).
    var plain = !chars.some(function (c) { return FUNCTION_CHARS.indexOf(c) >= 0; });
    return plain ? longest(chars, base, out) : Promise.all(chars.map(W.bucket)).then(function (ds) {
      var cost = [], how = [];
      cost[n] = 0;
      for (var i = n - 1; i >= 0; i--) {
        cost[i] = 3 + cost[i + 1]; how[i] = 1;
        if (i > 0 && W.has(ds[i - 1], chars[i - 1] + chars[i]) && 1.01 + cost[i + 1] < cost[i]) { cost[i] = 1.01 + cost[i + 1]; how[i] = -1; }
        if (FUNCTION_CHARS.indexOf(chars[i]) >= 0 && 0.5 + cost[i + 1] < cost[i]) { cost[i] = 0.5 + cost[i + 1]; how[i] = 0; }
        for (var len = Math.min(W.meta.maxWord, n - i); len >= 2; len--) {
          if (W.has(ds[i], chars.slice(i, i + len).join('')) && 1 + cost[i + len] < cost[i]) { cost[i] = 1 + cost[i + len]; how[i] = len; }
        }
      }
      var cut = [];
      for (i = 0; i < n; i += Math.max(1, how[i])) cut.push(i);
      var pieces = cut.filter(function (i) { return how[i] !== 0; }).map(function (i) {
        var from = how[i] < 0 ? i - 1 : i, key = chars.slice(from, how[i] > 1 ? i + how[i] : i + 1).join('');
        if (from < i) out.cut.overlap = true;
        return { from: from, key: key, d: ds[from] };
      });
      return pieces.reduce(function (p, pc) {
        return p.then(function (ok) {
          if (!ok) return false;
          if (Array.from(pc.key).length > 1) { out.push({ alts: [alt(pc.d[pc.key], 'exact', pc.key)], off: base + pc.from, text: pc.key }); return true; }
          // No key of two or more characters (they never stand together in the archive): the character is lost,
          // so that the other words can still be found (W.pieces).
          out.cut.lost.push({ c: pc.key, off: base + pc.from });
          return true;
        });
      }, Promise.resolve(true));
    });
  }

  /* Longest match: from the first character the longest key in its bucket, then on from its end; a last
   * character left over is covered by the bigram ending there; one that starts no key stands alone. */
  function longest(chars, base, out) {
    var n = chars.length;
    function step(i) {
      if (i >= n) return Promise.resolve(true);
      var start = n - i === 1 ? n - 2 : i;
      return W.bucket(chars[start]).then(function (d) {
        for (var len = Math.min(W.meta.maxWord, n - start); len >= 2; len--) {
          var key = chars.slice(start, start + len).join('');
          if (W.has(d, key)) {
            if (start < i) out.cut.overlap = true;
            out.push({ alts: [alt(d[key], 'exact', key)], off: base + start, text: key });
            return step(start + len);
          }
        }
        out.cut.lost.push({ c: chars[i], off: base + i });
        return step(i + 1);
      });
    }
    return step(0);
  }

  /** Alternatives for an English word: its stem; else (or, for the last word, also) the stems it begins; else
   * stems within edit distance 1 (4-7 letters) or 2 (8 or more) of the word or one of its spellings (never for
   * a word holding a digit: a number only finds itself): first
   * among the stems of its first letter, and only when none is that close, among all (a mistyped first letter:
   * `Ykraine`, `fghanistan`), which loads the whole English vocabulary. A word of 2-4 capitals (`BRI`) is an
   * abbreviation: when the index has it, it stands alone (not brief, bright, bring). */
  function wordPiece(word, last, caps, compound) {
    var s = W.stem(word), len = Array.from(word).length, max = len >= 8 ? 2 : 1, surface = false, shared = false;
    // A number (any word with a digit: `2024`, `g20`) is itself or nothing: not a typo of 2014, nor 202 of 2021.
    if (/\p{N}/u.test(word)) return W.lookup(s).then(function (e) { return e ? [alt(e, 'exact', s)] : []; });
    // The last word consults its letter's vocabulary (prefixes), as does a word of 5 letters or more (its family;
    // without a hit, prefixes and close spellings): asked for with the stem's bucket, which saves a round.
    var vocab = !caps && ((last && len >= 3) || len >= 5) ? W.vocab(word[0]) : null;
    // Per stem read, the word shown for it: its spelling closest to the word typed (the stem only if none).
    var spelling = {}, noteSpellings = function (voc) {
      for (var k in voc) spelling[k] = (voc[k].length > 1 ? voc[k].slice(1) : [k]).reduce(function (a, b) { return closeness(b, word) < closeness(a, word) ? b : a; });
    };
    return W.lookup(s).then(function (e) {
      var alts = e ? [alt(e, 'exact', s)] : [];
      if (alts.length && ((!vocab && len < 5) || caps)) return alts;
      if (!alts.length && len < 3 && !last) return alts;
      var more = (vocab || W.vocab(word[0])).then(function (voc) {
        noteSpellings(voc);
        // Whether words of other forms share the word's stem (`organized`, `organization`: organiz): then the
        // exchanges holding the word's own form go first (rank.js textFirst).
        shared = alts.length > 0 && W.has(voc, s) && [s].concat(voc[s].slice(1)).some(function (w) { return W.form(w) !== W.form(word); });
        var stems = Object.keys(voc);
        var pre = stems.filter(function (k) {
          if (k === s) return false;
          var prefix = last || !alts.length;
          if (prefix && (k.startsWith(word) || k.startsWith(s))) return true;
          // A stem the word begins only through one of its spellings (`globaliz`: globalization → global):
          // the documents holding such a spelling go first (W.search checks their text).
          if (prefix && voc[k].slice(1).some(function (w) { return w.startsWith(word); })) return (surface = true);
          // The word's family: a shorter stem (`threatened` → threaten; threat, threats), up to two letters
          // shorter, five or more long; a stem of 7 or more letters but the last (`response` → respons; respond).
          // The last letters are d and s, or t and s, as Latin words change them (respond, response; permit,
          // permission): internal and international (internat) are not one family.
          return alts.length > 0 && k.length >= 5 && ((s.length - k.length <= 2 && s.startsWith(k)) ||
            (k.length >= 7 && k.length === s.length && k.slice(0, -1) === s.slice(0, -1) && /^(ds|sd|ts|st)$/.test(k.slice(-1) + s.slice(-1))));
        }).sort(function (a, b) { return voc[b][0] - voc[a][0]; }).slice(0, MAX_ALTS);
        if (alts.length || pre.length || len < 4 || compound) return [pre, []];
        var fuzzy = typos(word, s, voc, max);
        if (fuzzy.length) return [pre, fuzzy];
        // A mistyped first letter: first the letters beside it on the keyboard and the word's second letter
        // (a letter typed before the first, or the two swapped), then (the first one left out) the vowels and
        // the letters most words begin with, then every letter: each group only if the one before found none.
        var near = ((NEIGHBOURS[word[0]] || '') + (word[1] || '')).split('');
        var seen = {};
        seen[word[0]] = 1;
        var groups = [near, 'aeiouscp'.split(''), W.meta.vocab].map(function (g) {
          return g.filter(function (l) { return !seen[l] && (seen[l] = 1); });
        });
        var among = function (i) {
          if (i >= groups.length) return Promise.resolve([]);
          return Promise.all(groups[i].map(W.vocab)).then(function (vs) {
            vs.forEach(noteSpellings);
            var found = typos(word, s, Object.assign.apply(null, [{}].concat(vs)), max);
            return found.length ? found : among(i + 1);
          });
        };
        return among(0).then(function (found) { return [pre, found]; });
      }).then(function (found) {
        var more = found[0].map(function (k) { return { k: k, kind: 'prefix' }; }).concat(found[1].map(function (k) { return { k: k, kind: 'typo' }; }));
        return Promise.all(more.map(function (m) { return W.lookup(m.k).then(function (e) { return e ? alt(e, m.kind, m.k, spelling[m.k]) : null; }); }))
          .then(function (got) { got = got.filter(Boolean); got.shared = shared; return got; });
      });
      if (!alts.length) return more.then(function (extra) { if (surface) extra.surface = word; return extra; });
      // The word itself is in the index: its prefixes and family come as `later` (the search waits for them
      // before ranking), so that the word's own postings load meanwhile rather than a round after.
      alts.later = more;
      return alts;
    });
  }

  /** How far spelling `w` is from what was typed: letters not shared at the start, then length apart. */
  function closeness(w, typed) {
    for (var i = 0; i < w.length && w[i] === typed[i];) i++;
    return (typed.length - i) * 100 + Math.abs(w.length - typed.length);
  }

  function typos(word, s, voc, max) {
    var scored = [];
    Object.keys(voc).forEach(function (k) {
      // The archive's spellings (the stem only when none is listed): `tibet` is a letter from `timet` (timetable).
      var spellings = voc[k].length > 1 ? voc[k].slice(1) : [k];
      var d = Math.min.apply(null, spellings.map(function (w) { return Math.abs(w.length - word.length) > max ? 9 : W.distance(word, w, max); }));
      // Stems meet inflected typos (`negotiatons`); a short word's is too little of it (`modi`, `bodi`: body).
      if (word.length > 5 && Math.abs(k.length - s.length) <= max) d = Math.min(d, W.distance(s, k, max));
      if (d <= max) scored.push([k, d]);
    });
    return scored.sort(function (a, b) { return a[1] - b[1] || voc[b[0]][0] - voc[a[0]][0]; }).slice(0, MAX_ALTS).map(function (x) { return x[0]; });
  }

  /** Damerau-Levenshtein distance (adjacent transpositions count one), or max + 1 once it exceeds max. */
  W.distance = function (a, b, max) {
    a = Array.from(a); b = Array.from(b);
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  };
})(window.wendaSearch = window.wendaSearch || {});
