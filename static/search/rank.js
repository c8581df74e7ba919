/* wenda search, ranking: the exchanges that match a query, in tiers. First the exact phrase (a clause's pieces
 * at their offsets, punctuation in the text skipped; the words of an unquoted query side by side), then
 * exchanges holding every piece anywhere (ranked by how close together they stand), then exchanges holding
 * most of them. Scores are BM25F impacts (from the index) times idf. */
(function (W) {
  'use strict';
  var PAGE = 20;
  var INTERACTIVE_TIERS = 2; // tiers per term a query may load (128 + 1024 postings): bounds the bytes of any query
  W.PAGE = PAGE;

  function sortPos(x, y) { return x - y; }

  /* The tiers alternative `a` may load: a term in more than a quarter of all documents (中国, 发展) says little
   * about an exchange, and its second tier would still not hold it all: an interactive query loads only its
   * first (a question's other words stand for it; "More results" loads every tier). */
  function tiersOf(a, maxTier) { return maxTier !== Infinity && a.entry[0] * 4 > W.meta.docs ? 1 : maxTier; }

  /* Loads the next tier of every alternative of every piece that has one, and `fresh` tiers of an alternative
   * none of whose tiers is loaded yet (all in one round). */
  function deepen(all, maxTier, fresh) {
    var jobs = [];
    all.forEach(function (pc) {
      pc.loaded = pc.loaded || [];
      pc.alts.forEach(function (a, i) {
        for (var k = 0, steps = pc.loaded[i] ? 1 : fresh; k < steps; k++) {
          var t = pc.loaded[i] || 0;
          if (!(t + 1 < a.entry.length && t < tiersOf(a, maxTier))) break;
          pc.loaded[i] = t + 1;
          jobs.push(W.tier(a.entry, t).then(function (r) { add(pc, a, r.postings); }));
        }
      });
    });
    return Promise.all(jobs);
  }

  /* A tier's postings into a piece's: a document's score for the piece is its best alternative's idf · impact ·
   * weight; positions of all alternatives together. */
  function add(pc, a, postings) {
    pc.post = pc.post || new Map();
    postings.forEach(function (v, doc) {
      var old = pc.post.get(doc), score = W.idf(a.entry[0]) * v.imp * a.weight / 255;
      pc.post.set(doc, {
        score: old ? Math.max(old.score, score) : score,
        pos: old ? old.pos.concat(v.pos).sort(sortPos) : v.pos
      });
    });
  }

  function canDeepen(all, maxTier) {
    return all.some(function (pc) { return pc.alts.some(function (a, i) { var t = pc.loaded[i] || 0; return t + 1 < a.entry.length && t < tiersOf(a, maxTier); }); });
  }

  /* A Chinese query's English words (`Trump 访华`, `Sudan 撤离`) may occur only in the exchanges'
   * translations: a Chinese document whose English document holds such a word counts as holding it (with no
   * position, so never in an exact phrase). Each English document once, as its postings load. */
  function across(clauses, all, prefer) {
    var zh = prefer === 'zh' || clauses.some(function (c) { return c.tokens.some(function (t) { return t.han; }); });
    var jobs = [];
    if (zh) all.forEach(function (pcs, i) {
      if (clauses[i].tokens.some(function (t) { return t.han; })) return;
      pcs.forEach(function (pc) {
        if (!pc.post) return;
        pc.across = pc.across || { seen: new Set(), unknown: 0 };
        var en = [];
        pc.post.forEach(function (v, doc) { if (W.langOf(doc) === 'en' && !pc.across.seen.has(doc)) en.push([doc, v.score]); });
        en.sort(function (a, b) { return b[1] - a[1]; });
        en.forEach(function (x) {
          pc.across.seen.add(x[0]);
          var o = W.otherOf(x[0]);
          // Ids alone say which Chinese document it is where a year's two languages hold as many documents;
          // else the document says (a few loaded at most).
          var got = o !== undefined ? Promise.resolve(o) : ++pc.across.unknown <= 6 ? W.doc(x[0]).then(function (d) { return d.other; }) : null;
          if (got) jobs.push(got.then(function (o) { if (o != null && !pc.post.has(o)) pc.post.set(o, { score: x[1], pos: [] }); }));
        });
      });
    });
    return Promise.all(jobs);
  }

  /* Where a clause's pieces stand at their offsets in `doc` (a piece may sit one punctuation gap further than
   * the query says: “一带一路”倡议 holds 一带一路倡议): [start, end) of each occurrence of the clause, its end
   * where the clause's last token ends (`cl.end - cl.base`: a function character left out at the end counts). */
  function phraseSpans(cl, pcs, hits, gap) {
    var out = [];
    hits[0].pos.forEach(function (p) {
      var s = p - pcs[0].off, shift = 0;
      var ok = pcs.every(function (pc, j) {
        if (j === 0) return true;
        var at = s + pc.off + shift;
        if (hits[j].pos.indexOf(at) >= 0) return true;
        if (pcs[j - 1].off + Array.from(pcs[j - 1].text).length === pc.off && hits[j].pos.indexOf(at + gap) >= 0) { shift += gap; return true; }
        return false;
      });
      var last = pcs[pcs.length - 1];
      if (ok) out.push([s, s + Math.max(cl.end - cl.base, last.off + (W.isHan(last.text) ? Array.from(last.text).length : 1)) + shift]);
    });
    return out;
  }

  /* The smallest window (in positions) holding one occurrence of each piece. */
  function window_(hits) {
    var best = Infinity;
    hits[0].pos.forEach(function (p) {
      var lo = p, hi = p;
      for (var j = 1; j < hits.length; j++) {
        var near = hits[j].pos.reduce(function (b, q) { return Math.abs(q - p) < Math.abs(b - p) ? q : b; }, Infinity);
        lo = Math.min(lo, near); hi = Math.max(hi, near);
      }
      best = Math.min(best, hi - lo);
    });
    return best;
  }

  /* Where clauses from..to stand side by side, in order: [start, end) of each such chain (one occurrence of
   * the whole query when they are all of its clauses). Between two clauses the text may hold a stop word or a
   * punctuation mark (up to one gap), or exactly what the query's own text holds there (a pasted sentence:
   * `side, and the motherland`, `台湾独立”，并表示`). */
  function chains(clauses, starts, from, to, gap) {
    var out = starts.slice(from, to + 1).every(function (s) { return s.length; }) ? starts[from].map(function (x) { return x.slice(); }) : [];
    for (var c = from + 1; c <= to && out.length; c++) {
      var expected = clauses[c].base - clauses[c - 1].end;
      out = out.map(function (ch) {
        var next = starts[c].find(function (x) { var d = x[0] - ch[1]; return d >= 0 && (d <= gap || d === expected); });
        return next ? [ch[0], next[1]] : null;
      }).filter(Boolean);
    }
    return out;
  }

  /* Every document any piece is in, with what it matches: tier 1 (exact), 2 (all pieces) or 3 (some). */
  function classify(clauses, all, gap) {
    var flat = [].concat.apply([], all), docs = new Map(), total = flat.length;
    flat.forEach(function (pc) { if (pc.post) pc.post.forEach(function (v, doc) { docs.set(doc, true); }); });
    var out = [];
    docs.forEach(function (_, doc) {
      var found = 0, score = 0, hitsAll = [];
      var clauseStarts = all.map(function (pcs, c) {
        var hits = pcs.map(function (pc) { return pc.post && pc.post.get(doc); }), spans = hits.every(Boolean) ? phraseSpans(clauses[c], pcs, hits, gap) : [];
        // A word cut into overlapping bigrams (W.pieces `strict`: 法新社) is found only whole.
        (clauses[c].strict && !spans.length ? [] : hits).forEach(function (h) { if (h) { found++; score += h.score; hitsAll.push(h); } });
        return spans;
      });
      if (!found) return;
      var tier = found === total ? 2 : 3, phrases = chains(clauses, clauseStarts, 0, clauses.length - 1, gap);
      // A pasted passage whose first or last word the selection cut (`lations between China and Japan, and it
      // is also an important o`): the clauses between them, three or more, side by side are as good.
      var n = clauses.length, first = clauses[0].edge ? 1 : 0, last = clauses[n - 1].edge ? n - 2 : n - 1;
      [[first, n - 1], [0, last], [first, last]].forEach(function (r) {
        if (!phrases.length && r[1] - r[0] >= 2 && (r[0] || r[1] < n - 1)) phrases = chains(clauses, clauseStarts, r[0], r[1], gap);
      });
      if (phrases.length) tier = 1;
      else if (tier === 2) score *= 1 + 1 / (1 + window_(hitsAll) / 8);
      out.push({ doc: doc, tier: tier, found: found, score: score, phrases: phrases });
    });
    return out;
  }

  /* Results in rank order: by tier; the query's own matches before an expansion's (`via`); in the lowest tier by
   * pieces found; by score; newer first; then, stably, the documents in the query's language first within each
   * tier. */
  function order(res, prefer) {
    res.sort(function (a, b) { return a.tier - b.tier || (a.via || 0) - (b.via || 0) || (a.tier === 3 ? b.found - a.found : 0) || b.score - a.score || b.doc - a.doc; });
    if (prefer) res.sort(function (a, b) { return a.tier - b.tier || (W.langOf(b.doc) === prefer) - (W.langOf(a.doc) === prefer); });
    return res;
  }

  /* The filters' tests, by filter ({year, lang, topic, outlet}, those set), each a function of a document id. */
  function filterTests(filters) {
    var tests = [], inRanges = function (ranges) { return function (d) { return ranges.some(function (r) { return d >= r.first && d < r.end; }); }; };
    ['year', 'lang'].forEach(function (k) {
      if (filters[k]) tests.push([k, Promise.resolve(inRanges(W.ranges.filter(function (r) { return String(r[k]) === String(filters[k]); })))]);
    });
    [{ name: 'topic', file: 't', list: W.topics }, { name: 'outlet', file: 'o', list: W.outlets }].forEach(function (f) {
      if (!filters[f.name]) return;
      var x = f.list.find(function (x) { return x.id === filters[f.name]; });
      tests.push([f.name, !x ? Promise.resolve(function () { return false; }) : W.docSet(f.file + x.index).then(function (set) { return function (d) { return set.has(d); }; })]);
    });
    return Promise.all(tests.map(function (t) { return t[1]; })).then(function (fs) {
      var out = {};
      tests.forEach(function (t, i) { out[t[0]] = fs[i]; });
      return out;
    });
  }

  /* Whether document `d` passes every test of `tests` but the one named `except`. */
  function passes(tests, d, except) { return Object.keys(tests).every(function (k) { return k === except || tests[k](d); }); }

  /* How many of the matching exchanges each year and language option would give with the other filters as
   * they are: {year: {2024: n}, lang: {zh: n}}. */
  function facetCounts(matches, tests) {
    var by = { year: {}, lang: {} };
    matches.forEach(function (x) {
      var r = W.rangeOf(x.doc);
      if (!r) return;
      ['year', 'lang'].forEach(function (k) { if (passes(tests, x.doc, k)) by[k][r[k]] = (by[k][r[k]] || 0) + 1; });
    });
    return by;
  }

  /** The documents of a topic (`t3`) or outlet (`o1`) filter, as a set. */
  W.docSet = function (key) {
    return W.load('f/' + key).then(function (s) { var set = new Set(), at = 0; W.decode(s).forEach(function (d) { at += d; set.add(at); }); return set; });
  };

  /** The language of a document id (ids are in language ranges). */
  W.rangeOf = function (doc) { return W.ranges.find(function (r) { return doc >= r.first && doc < r.end; }) || null; };
  /** The id of the same exchange's document in the other language when the id ranges say it (a year holding
   * as many documents in both languages: every exchange translated, in the same order), else undefined. */
  W.otherOf = function (doc) {
    var r = W.rangeOf(doc), o = r && W.ranges.find(function (x) { return x.year === r.year && x.lang !== r.lang; });
    return o && o.end - o.first === r.end - r.first ? o.first + doc - r.first : undefined;
  };
  W.langOf = function (doc) { var r = W.rangeOf(doc); return r ? r.lang : null; };

  /** Searches. options.filters: {lang, year, topic, outlet}; options.complete loads every tier (exhaustive
   * results); options.prefer: a language whose documents go first within a tier; options.page: the language of
   * the page searched from (a Latin name or abbreviation searched from the Chinese page is searched by its
   * Chinese name too, and the Chinese exchanges go first). Resolves to {results: [{doc, tier, found, score,
   * phrases}], clauses, pieces, typed (the pieces the status line names), tier (of the first result),
   * exhaustive, counts (per year and language option, with the other filters: facetCounts)}. options.shown:
   * how many results the caller shows at once (textFirst). */
  W.search = function (query, options) {
    options = options || {};
    return W.init(query).then(function () { return filterTests(options.filters || {}); }).then(function (tests) {
      // An abbreviation and its long forms (US, "united states", 美国) are searched each way and the results
      // merged, each exchange in the best tier any form gives it. The forms beside the main one (for a Chinese
      // query the form as typed, for a Latin one its long forms) load only first tiers until "More results".
      var han = options.prefer === 'zh' || Array.from(query).some(W.isHan);
      var variants = W.variants(query, options.prefer, options.page);
      var chinese = !han && variants.some(function (v) { return v.zh; });
      var side = Object.assign({}, options, { tiers: 1 }), zh = Object.assign({}, options, { prefer: 'zh' });
      // Abbreviations spelled out or long forms abbreviated (PRC) are expansions: exact matches only, ranked after.
      var forms = [[query, han && variants.length ? side : options]].concat(variants.map(function (v) { return [v.q, v.zh ? zh : han || v.spelled ? options : side, !v.zh && !v.spelled]; }));
      // A combining form spelled as its country (Russo-: Russia) goes first: the status line names that word.
      var spelled = variants.findIndex(function (v) { return v.spelled; });
      if (spelled >= 0) forms.unshift(forms.splice(spelled + 1, 1)[0]);
      // A word typed in two parts (`multi-polar`) is searched joined as well, when the index has the joined
      // word (W.joined); that form comes first, so that the status line names its words.
      var joined = W.joined(query).then(function (j) { return j ? searchOne(j, options, tests).then(function (r) { return [r]; }) : []; });
      var prefer = chinese ? 'zh' : options.prefer;
      return Promise.all([joined, Promise.all(forms.map(function (f) { return searchOne(f[0], f[1], tests).then(function (r) { return f[2] ? expansion(r) : r; }); }))]).then(function (x) {
        return textFirst(merge(x[0].concat(x[1]), prefer, tests), options.shown, prefer);
      });
    });
  };

  /* An expansion's results (an abbreviation spelled out): its exact matches only (its loose words, `people`,
   * `china`, are in most exchanges), each marked `via`: after the query's own matches in its tier. */
  function expansion(r) {
    var exact = function (list) { return (list || []).filter(function (x) { return x.tier === 1; }).map(function (x) { return Object.assign({}, x, { via: 1 }); }); };
    return Object.assign({}, r, { results: exact(r.results), matches: exact(r.matches), tier: r.results.length && r.results[0].tier === 1 ? 1 : 0 }); }

  /* The forms' results as one: each exchange in the best tier any form gives it (the query's own match first). */
  function merge(rs, prefer, tests) {
    var cat = function (k) { return [].concat.apply([], rs.map(function (r) { return r[k] || []; })); };
    var best = function (list) {
      var by = new Map();
      list.forEach(function (x) {
        var o = by.get(x.doc), first = !o || (x.tier - o.tier || (x.via || 0) - (o.via || 0) || o.score - x.score) < 0, kept = first ? x : o;
        // An exact match of both forms (`EU`, "European Union") marks both.
        by.set(x.doc, o && o.tier === x.tier ? Object.assign({}, kept, { phrases: o.phrases.concat(x.phrases) }) : kept);
      });
      return Array.from(by.values());
    };
    var res = order(best(cat('results')), prefer);
    var missing = rs.every(function (r) { return r.missing && r.missing.length; }) ? rs[0].missing : [];
    return {
      results: res, clauses: cat('clauses'), pieces: cat('pieces'), typed: rs[0].pieces, missing: missing,
      tier: missing.length ? 3 : res.length ? res[0].tier : 0, exhaustive: rs.every(function (r) { return r.exhaustive; }),
      counts: facetCounts(best(cat('matches')), tests)
    };
  }

  /* Among the first results, whose documents the page reads anyway, those whose text holds a query's words
   * as typed go first within their tier: a word found only as the beginning of a spelling of other stems
   * (`globaliz`: "globalization", stem global) puts first the exchanges with a word beginning with it (among
   * the first page), and a word whose stem words of other forms share (`organization`, `organized`: organiz)
   * the exact matches holding most of such words in their own form or a plain inflection of it
   * (`organizations`; among the first `shown`, what the caller shows at once: 10 unless said; in the lower
   * tiers the words found and their scores say more). */
  function textFirst(r, shown, prefer) {
    var pcs = [].concat.apply([], r.pieces || []);
    var words = pcs.filter(function (pc) { return pc.surface; }).map(function (pc) { return pc.surface; });
    // The words as typed (not those of the other forms searched: `UN` is not "nations").
    var forms = [].concat.apply([], r.typed || []).filter(function (pc) { return pc && pc.shared; }).map(function (pc) { return W.form(pc.text); });
    var n = words.length ? PAGE : forms.length ? shown || 10 : 0;
    if (!n || r.results.length < 2) return r;
    var top = r.results.slice(0, n);
    var re = new RegExp('(^|[^\\p{L}\\p{N}])(' + (words.join('|') || '(?!)') + ')', 'iu');
    return Promise.all(top.map(function (x) { return W.doc(x.doc); })).then(function (docs) {
      var key = new Map();
      docs.forEach(function (d, i) {
        var text = d.fields.map(function (f) { return f.text; }).concat(d.paragraphs.map(function (p) { return p.text; })).join('\n').normalize('NFKC');
        var own = {};
        (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) { own[W.form(w)] = 1; });
        key.set(top[i].doc, [prefer && d.lang !== prefer ? 1 : 0, re.test(text) ? 1 : 0, forms.filter(function (f) { return own[f]; }).length]);
      });
      // Within a tier the query's language still goes first, and in the lowest tier the exchanges holding more
      // of the query's words (order).
      top.sort(function (a, b) {
        var x = key.get(a.doc), y = key.get(b.doc);
        return a.tier - b.tier || x[0] - y[0] || (a.via || 0) - (b.via || 0) || (a.tier === 3 ? b.found - a.found : 0) || y[1] - x[1] || (a.tier === 1 ? y[2] - x[2] : 0);
      });
      r.results = top.concat(r.results.slice(n));
      return r;
    });
  }

  function searchOne(query, options, tests) {
    return W.init(query).then(function () {
      var clauses = W.parse(query);
      if (!clauses.length) return { results: [], clauses: [], pieces: [], tier: 0, exhaustive: true };
      // The first and last word of a passage (four clauses or more) may be cut by the selection it was pasted
      // from: edges, which an exact match may leave out (classify).
      if (clauses.length >= 4) [clauses[0], clauses[clauses.length - 1]].forEach(function (c) { c.edge = !c.quoted && c.tokens.length === 1 && !!c.tokens[0].word; });
      return Promise.all(clauses.map(function (c, i) { return W.pieces(c, i === clauses.length - 1 && !c.quoted); })).then(function (all) {
        var known = clauses.filter(function (c, i) { return all[i]; });
        // A Chinese run that lost characters (W.pieces: a question with 马克龙 in it) matches only in part.
        var missing = clauses.filter(function (c, i) { return !all[i]; }), lost = clauses.filter(function (c, i) { return all[i] && all[i].cut.lost.length; });
        all = all.filter(Boolean);
        if (!known.length) return { results: [], clauses: clauses, missing: missing, pieces: [], tier: 0, exhaustive: true };
        var flat = [].concat.apply([], all), maxTier = options.complete ? Infinity : options.tiers || INTERACTIVE_TIERS;
        // A clause of several pieces matches only where all of them were loaded: its first tiers alone would
        // miss too much, so it takes the second tier too, in the same round.
        var split = all.some(function (p) { return p.length > 1; });
        function round() {
          var added = false;
          return deepen(flat, maxTier, split ? 2 : 1).then(function () {
            // A word's prefixes and family, found while its own postings loaded: loaded in the next round.
            return Promise.all(flat.filter(function (pc) { return pc.later; }).map(function (pc) {
              return pc.later.then(function (extra) { pc.later = null; pc.shared = extra.shared; extra.forEach(function (a) { pc.alts.push(a); added = true; }); });
            }));
          }).then(function () { return across(known, all, options.prefer); }).then(function () {
            // Every matching exchange (the filters' counts are of these), and those the filters allow.
            var matches = classify(known, all, W.meta.gap);
            var res = order(matches.filter(function (x) { return passes(tests, x.doc); }), options.prefer);
            var exact = res.filter(function (x) { return x.tier === 1; }).length;
            if (canDeepen(flat, maxTier) && (options.complete || split || exact < PAGE || added)) return round();
            var more = flat.some(function (pc) { return pc.alts.some(function (a, i) { return (pc.loaded[i] || 0) + 1 < a.entry.length; }); });
            // A missing edge is no missing word when the passage matched exactly without it.
            if (res.length && res[0].tier === 1) missing = missing.filter(function (c) { return !c.edge; });
            var partial = missing.concat(lost);
            return { results: res, matches: matches, clauses: known, missing: partial, pieces: all, tier: partial.length ? 3 : res.length ? res[0].tier : 0, exhaustive: !more };
          });
        }
        return round();
      });
    });
  }
})(window.wendaSearch = window.wendaSearch || {});
