/* wenda search, the forms of a query: besides the query as typed, W.search also searches its abbreviations
 * spelled out or its long forms abbreviated (US, "united states"), its abbreviations and names by their Chinese
 * names (UN 改革 → 联合国 改革, Trump → 特朗普) and a word typed in two parts joined (multi-polar → multipolar).
 * Also the abbreviations as the index keys them (U.S. → US → USA), which query.js reads the query with. */
(function (W) {
  'use strict';
  /** Abbreviations and the words they stand for (both are searched; see W.search). */
  var ABBREVIATIONS = { us: 'united states', usa: 'united states', un: 'united nations', eu: 'european union', uk: 'united kingdom',
    prc: "people's republic of china", dprk: "democratic people's republic of korea", sco: 'shanghai cooperation organization',
    ai: 'artificial intelligence', bri: 'belt and road', rok: 'republic of korea' };
  /** Abbreviations and names by their Chinese names (shared/glossary.md; `a|b`: either form, both searched). */
  var CHINESE = { us: '美国', usa: '美国', un: '联合国', eu: '欧盟|欧洲', uk: '英国', dprk: '朝鲜', rok: '韩国', sco: '上合组织', brics: '金砖', asean: '东盟',
    apec: '亚太经合组织', ai: '人工智能', nato: '北约', wto: '世贸组织', g20: '二十国集团', cpc: '中国共产党', bri: '一带一路', focac: '中非合作论坛',
    trump: '特朗普', biden: '拜登', putin: '普京' };
  var LONG = {};
  Object.keys(ABBREVIATIONS).forEach(function (k) { if (!LONG[ABBREVIATIONS[k]]) LONG[ABBREVIATIONS[k]] = k; });

  /** Abbreviations that are also words once lower-cased, and their index key (tokenize_en.rs ABBREVIATION_KEYS). */
  var KEYS = { US: 'USA' };

  /** Dotted abbreviations (U.S., U.N.) as one word each (US, UN), after NFKC. */
  var undot = W.undot = function (q) {
    return q.normalize('NFKC').replace(/(^|[^\p{L}\p{N}.])((?:[A-Za-z]\.)+[A-Za-z])\.?(?![\p{L}\p{N}])/gu, function (m, before, abbr) { return before + abbr.replace(/\./g, ''); });
  };

  /* Dotted abbreviations joined (U.S. → US), then those of KEYS as the index keys them: written in capitals,
   * or in lower case outside quotes (a reader typing "us" means the country; "us" in quotes is the word). */
  W.abbreviate = function (q) {
    return undot(q).split('"').map(function (part, i) {
      return part.replace(/(^|[^\p{L}\p{N}])(\p{L}+)(?![\p{L}\p{N}])/gu, function (m, before, w) {
        var key = KEYS[w] || (i % 2 === 0 && KEYS[w.toUpperCase()] && w === w.toLowerCase() ? KEYS[w.toUpperCase()] : null);
        return key ? before + key : m;
      });
    }).join('"');
  };

  /** Combining forms and what they stand for (W.variants). */
  var COMBINING = {
    sino: 'China', russo: 'Russia', indo: 'India', euro: 'Europe', afro: 'Africa', anglo: 'Britain',
    franco: 'France', germano: 'Germany', italo: 'Italy', hispano: 'Spain', luso: 'Portugal', greco: 'Greece',
    turco: 'Turkey', austro: 'Austria', nippo: 'Japan', japano: 'Japan', polono: 'Poland', serbo: 'Serbia'
  };
  var COMBINING_FORM = new RegExp('(^|[^\\p{L}\\p{N}])(sino(?=[-‐‑–\\s]*\\p{L})|indo(?=[-‐‑–]\\p{L})(?![-‐‑–](?:pacific|china))|(?:'
    + Object.keys(COMBINING).filter(function (f) { return f !== 'sino' && f !== 'indo'; }).join('|')
    + ')(?=[-‐‑–]\\p{L}))', 'giu');

  /** Other forms of the query, each searched too (W.search), as {q, zh}: its abbreviations spelled out
   * ("united states" for US) or its long forms abbreviated; for a query holding Chinese (or with `prefer`
   * 'zh') instead its abbreviations and names by their Chinese names (UN 改革 → 联合国 改革), and for a Latin
   * query searched from the Chinese page (`page` 'zh') both (`Trump`: 特朗普; zh marks a Chinese form). Quoted
   * phrases are left as typed. */
  W.variants = function (q, prefer, page) {
    if (/"/.test(q)) return [];
    var v = undot(q), changed = false, out = [], seen = [undot(q)];
    var add = function (form, zh) { if (seen.indexOf(form) < 0) { seen.push(form); out.push({ q: form, zh: zh }); } };
    Object.keys(LONG).forEach(function (long) {
      var re = new RegExp('(^|[^\\p{L}\\p{N}])' + long.replace(/ /g, '\\s+') + '(?![\\p{L}\\p{N}])', 'giu');
      v = v.replace(re, function (m, before) { changed = true; return before + LONG[long].toUpperCase(); });
    });
    // The query with each word of `table` replaced by its k-th form (`a|b`: forms; the last when fewer).
    var words = function (table, quote, k) {
      return undot(q).replace(/(^|[^A-Za-z0-9])([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9])/g, function (m, before, w) {
        var long = table[w.toLowerCase()], forms = long ? long.split('|') : [];
        return long ? before + quote + forms[Math.min(k || 0, forms.length - 1)] + quote : m;
      });
    };
    // A Chinese query wants Chinese exchanges: its abbreviations' Chinese names, not the English long forms
    // (which would only add postings to load).
    var han = prefer === 'zh' || Array.from(q).some(W.isHan);
    if (han || page === 'zh') for (var k = 0; k < 2; k++) add(words(CHINESE, '', k), true);
    if (!han) add(changed ? v : words(ABBREVIATIONS, '"'), false);
    // A combining form is its country or continent spelled otherwise (`Sino-US`: China-US; `Russo-Ukrainian`:
    // Russia-Ukrainian; `Euro-Atlantic`): searched as well, as the query itself is (`spelled`: no expansion,
    // W.search). `Sino` is never a word of its own, so `Sino US` counts too; the others only before a hyphen
    // (`euro area` is the currency), and `Indo-` not before Pacific or China, names of their own.
    var spelled = undot(q).replace(COMBINING_FORM, function (m, before, form) {
      return before + COMBINING[form.toLowerCase()];
    });
    if (spelled !== undot(q) && seen.indexOf(spelled) < 0) { seen.push(spelled); out.push({ q: spelled, zh: false, spelled: true }); }
    return out;
  };

  /** The query with a word typed in two parts joined (`multi-polar`, `multi polar` → multipolar), where the
   * index has the joined word (a stem of its first letter's vocabulary) and the parts were joined by a hyphen
   * or one of them is not a word of the index: resolves to that query, or null. Quoted phrases are left as typed. */
  W.joined = function (q) {
    if (/"/.test(q)) return Promise.resolve(null);
    var text = W.abbreviate(q), pairs = [], re = /[A-Za-z0-9]+([-‐‑–]|\s+)(?=([A-Za-z0-9]+))/g, m;
    while ((m = re.exec(text))) {
      var a = m[0].slice(0, m[0].length - m[1].length), b = m[2];
      if (!/[A-Za-z]/.test(a + b) || W.stop[a.toLowerCase()] || W.stop[b.toLowerCase()]) continue;
      pairs.push({ at: m.index, end: m.index + m[0].length + b.length, a: a, b: b, hyphen: !/\s/.test(m[1]) });
    }
    return Promise.all(pairs.map(function (p) {
      var whole = (p.a + p.b).toLowerCase();
      var parts = p.hyphen ? Promise.resolve(false) : Promise.all([p.a, p.b].map(function (w) { return W.lookup(W.stem(w.toLowerCase())); }))
        .then(function (e) { return e[0] && e[1]; });
      return parts.then(function (words) { return words ? false : W.vocab(whole[0]).then(function (voc) { return W.has(voc, W.stem(whole)); }); });
    })).then(function (ok) {
      var out = '', from = 0;
      pairs.forEach(function (p, i) {
        if (!ok[i] || p.at < from) return;
        out += text.slice(from, p.at) + p.a + p.b;
        from = p.end;
      });
      return from ? out + text.slice(from) : null;
    });
  };

})(window.wendaSearch = window.wendaSearch || {});
