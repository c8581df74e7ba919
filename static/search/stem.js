/* wenda search, English stemmer: the Snowball English algorithm (Snowball 3.2, as generated for frostem, which
 * the index uses in src/search/tokenize_en.rs), ported by hand so that a query word gets the stem the index gave
 * the same word. tests/browser/search-stem.test.mjs checks the two agree on every word of an index and on a
 * standard word list. Works on lower-cased words; like the index, words with a digit are kept as they are. */
(function (W) {
  'use strict';
  var V = [17, 65, 16, 1], V_WXY = [1, 17, 65, 208, 1], AEO = [17, 64], VALID_LI = [55, 141, 2];
  var PREFIXES = [['arsen', 1], ['commun', 1], ['emerg', 1], ['gener', 1], ['inter', 1], ['later', 1], ['organ', 1], ['past', 1], ['univers', 1]];
  var POSSESSIVE = [["'", 1], ["'s'", 1], ["'s", 1]];
  var STEP1A = [['ied', 2], ['s', 3], ['ies', 2], ['sses', 1], ['ss', -1], ['us', -1]];
  var EED_KEEP = [['succ', 1], ['proc', 1], ['exc', 1]];
  var ING_KEEP = [['even', 2], ['cann', 2], ['inn', 2], ['earr', 2], ['herr', 2], ['out', 2], ['y', 1]];
  var STEP1B = [['', -1], ['ed', 2], ['eed', 1], ['ing', 3], ['edly', 2], ['eedly', 1], ['ingly', 2]];
  var ENDING = [['', 3], ['bb', 2], ['dd', 2], ['ff', 2], ['gg', 2], ['bl', 1], ['mm', 2], ['nn', 2], ['pp', 2], ['rr', 2], ['at', 1], ['tt', 2], ['iz', 1]];
  var STEP2 = [['anci', 3], ['enci', 2], ['ogi', 14], ['li', 16], ['bli', 12], ['abli', 4], ['alli', 8], ['fulli', 9], ['lessli', 15], ['ousli', 10], ['entli', 5],
    ['aliti', 8], ['biliti', 12], ['iviti', 11], ['tional', 1], ['ational', 7], ['alism', 8], ['ation', 7], ['ization', 6], ['izer', 6], ['ator', 7],
    ['iveness', 11], ['fulness', 9], ['ousness', 10], ['ogist', 13]];
  var STEP2_TO = [null, 'tion', 'ence', 'ance', 'able', 'ent', 'ize', 'ate', 'al', 'ful', 'ous', 'ive', 'ble', 'og', 'og', 'less'];
  var STEP3 = [['icate', 4], ['ative', 6], ['alize', 3], ['iciti', 4], ['ical', 4], ['tional', 1], ['ational', 2], ['ful', 5], ['ness', 5]];
  var STEP3_TO = [null, 'tion', 'ate', 'al', 'ic'];
  var STEP4 = [['ic', 1], ['ance', 1], ['ence', 1], ['able', 1], ['ible', 1], ['ate', 1], ['ive', 1], ['ize', 1], ['iti', 1], ['al', 1], ['ism', 1],
    ['ion', 2], ['er', 1], ['ous', 1], ['ant', 1], ['ent', 1], ['ment', 1], ['ement', 1]];
  var EXCEPTIONS = [['andes', -1], ['atlas', -1], ['bias', -1], ['cosmos', -1], ['early', 6], ['gently', 4], ['howe', -1], ['idly', 3], ['news', -1],
    ['only', 7], ['singly', 8], ['skies', 2], ['skis', 1], ['sky', -1], ['ugly', 5]];
  var EXCEPTION_TO = [null, 'ski', 'sky', 'idl', 'gentl', 'ugli', 'earli', 'onli', 'singl'];

  function inG(g, min, max, ch) {
    if (ch > max || ch < min) return false;
    ch -= min;
    return (g[ch >> 3] & (1 << (ch & 7))) !== 0;
  }

  /* The Snowball machine: the word, a cursor, the limits, and the slice [bra, ket) that edits replace. */
  function Env(s) { this.s = s; this.c = 0; this.l = s.length; this.lb = 0; this.bra = 0; this.ket = s.length; }
  Env.prototype = {
    at: function (i) { return this.s.charCodeAt(i); },
    inG: function (g, a, b) { if (this.c >= this.l || !inG(g, a, b, this.at(this.c))) return false; this.c++; return true; },
    inGb: function (g, a, b) { if (this.c <= this.lb || !inG(g, a, b, this.at(this.c - 1))) return false; this.c--; return true; },
    outGb: function (g, a, b) { if (this.c <= this.lb || inG(g, a, b, this.at(this.c - 1))) return false; this.c--; return true; },
    goOutG: function (g, a, b) { while (this.c < this.l) { if (inG(g, a, b, this.at(this.c))) return true; this.c++; } return false; },
    goInG: function (g, a, b) { while (this.c < this.l) { if (!inG(g, a, b, this.at(this.c))) return true; this.c++; } return false; },
    goOutGb: function (g, a, b) { while (this.c > this.lb) { if (inG(g, a, b, this.at(this.c - 1))) return true; this.c--; } return false; },
    eq: function (x) { if (this.c >= this.l || !this.s.startsWith(x, this.c)) return false; this.c += x.length; return true; },
    eqb: function (x) {
      if (this.c - this.lb < x.length || this.s.slice(this.c - x.length, this.c) !== x) return false;
      this.c -= x.length; return true;
    },
    hop: function (n) { if (this.c + n > this.l) return false; this.c += n; return true; },
    hopb: function (n) { if (this.c - n < this.lb) return false; this.c -= n; return true; },
    from: function (x) {
      var adj = x.length - (this.ket - this.bra);
      this.s = this.s.slice(0, this.bra) + x + this.s.slice(this.ket);
      this.l += adj;
      if (this.c >= this.ket) this.c += adj; else if (this.c > this.bra) this.c = this.bra;
      this.ket = this.bra + x.length;
    },
    del: function () { this.from(''); },
    /* The longest entry of `list` starting at the cursor (forward) or ending there (backward): its result, the
     * cursor moved over it; 0 when none. */
    among: function (list) {
      var best = null;
      for (var i = 0; i < list.length; i++) {
        var w = list[i][0];
        if (this.c + w.length <= this.l && this.s.startsWith(w, this.c) && (!best || w.length > best[0].length)) best = list[i];
      }
      if (!best) return 0;
      this.c += best[0].length; return best[1];
    },
    amongb: function (list) {
      var best = null;
      for (var i = 0; i < list.length; i++) {
        var w = list[i][0];
        if (this.c - w.length >= this.lb && this.s.slice(this.c - w.length, this.c) === w && (!best || w.length > best[0].length)) best = list[i];
      }
      if (!best) return 0;
      this.c -= best[0].length; return best[1];
    },
    back: function () { return this.l - this.c; },
    restore: function (v) { this.c = this.l - v; }
  };

  function shortV(z) {
    var v = z.back();
    if (z.outGb(V_WXY, 89, 121) && z.inGb(V, 97, 121) && z.outGb(V, 97, 121)) return true;
    z.restore(v);
    if (z.outGb(V, 97, 121) && z.inGb(V, 97, 121) && z.c <= z.lb) return true;
    z.restore(v);
    return z.eqb('past');
  }

  function prelude(z) {
    var found = false;
    z.bra = 0; if (z.eq("'")) { z.ket = z.c; z.del(); }
    z.c = 0; z.bra = 0; if (z.eq('y')) { z.ket = z.c; z.from('Y'); found = true; }
    z.c = 0;
    for (;;) { // every y after a vowel becomes Y
      var hit = false;
      while (z.c < z.l) {
        var v6 = z.c;
        if (z.inG(V, 97, 121)) { z.bra = z.c; if (z.eq('y')) { z.ket = z.c; z.c = v6; hit = true; break; } }
        z.c = v6 + 1;
      }
      if (!hit) break;
      z.from('Y'); found = true;
    }
    z.c = 0;
    return found;
  }

  function regions(z) {
    var p = [z.l, z.l];
    if (!z.among(PREFIXES)) {
      z.c = 0;
      if (!z.goOutG(V, 97, 121)) return p;
      z.c++;
      if (!z.goInG(V, 97, 121)) return p;
      z.c++;
    }
    p[0] = z.c;
    if (z.goOutG(V, 97, 121)) { z.c++; if (z.goInG(V, 97, 121)) { z.c++; p[1] = z.c; } }
    return p;
  }

  function step1a(z) {
    var v = z.back();
    z.ket = z.c;
    if (z.amongb(POSSESSIVE)) { z.bra = z.c; z.del(); } else z.restore(v);
    z.ket = z.c;
    var a = z.amongb(STEP1A);
    if (!a) return;
    z.bra = z.c;
    if (a === 1) z.from('ss');
    else if (a === 2) { var w = z.back(); if (z.hopb(2)) z.from('i'); else { z.restore(w); z.from('ie'); } }
    else if (a === 3) {
      if (z.c <= z.lb) return;
      z.c--;
      if (!z.goOutGb(V, 97, 121)) return;
      z.c--;
      z.del();
    }
  }

  function step1b(z, p1) {
    z.ket = z.c;
    var a = z.amongb(STEP1B);
    z.bra = z.c;
    var v13 = z.back();
    if (a === 1) {
      if (p1 <= z.c) {
        var v15 = z.back();
        if (!(z.amongb(EED_KEEP) && z.c <= z.lb)) { z.restore(v15); z.from('ee'); }
      }
      return;
    }
    if (a === 3) {
      var b = z.amongb(ING_KEEP);
      if (b === 1) {
        var v16 = z.back();
        if (z.outGb(V, 97, 121) && z.c <= z.lb) { z.restore(v16); z.bra = z.c; z.from('ie'); return; }
      } else if (b === 2 && z.c <= z.lb) return;
    } else if (a !== 2) return;
    z.restore(v13);
    var v17 = z.back();
    if (!z.goOutGb(V, 97, 121)) return;
    z.restore(v17);
    z.del();
    z.ket = z.c; z.bra = z.c;
    var v18 = z.back();
    var e = z.amongb(ENDING);
    if (e === 1) { z.from('e'); return; }
    if (e === 2) {
      var v19 = z.back();
      if (z.inGb(AEO, 97, 111) && z.c <= z.lb) return;
      z.restore(v19);
    } else if (e === 3) {
      if (z.c !== p1) return;
      var v20 = z.back();
      if (!shortV(z)) return;
      z.restore(v20); z.from('e'); return;
    }
    z.restore(v18);
    z.ket = z.c;
    if (z.c <= z.lb) return;
    z.c--; z.bra = z.c; z.del();
  }

  function step1c(z) {
    z.ket = z.c;
    if (!z.eqb('y') && !z.eqb('Y')) return;
    z.bra = z.c;
    if (!z.outGb(V, 97, 121) || z.c <= z.lb) return;
    z.from('i');
  }

  function suffixes(z, p1, p2) {
    var v = z.back(), a;
    z.ket = z.c; a = z.amongb(STEP2);
    if (a) {
      z.bra = z.c;
      if (p1 <= z.c) {
        if (a === 16) { if (z.inGb(VALID_LI, 99, 116)) z.del(); } else if (a !== 14 || z.eqb('l')) z.from(STEP2_TO[a]);
      }
    }
    z.restore(v);
    z.ket = z.c; a = z.amongb(STEP3);
    if (a) {
      z.bra = z.c;
      if (p1 <= z.c) { if (a <= 4) z.from(STEP3_TO[a]); else if (a === 5 || p2 <= z.c) z.del(); }
    }
    z.restore(v);
    z.ket = z.c; a = z.amongb(STEP4);
    if (a) {
      z.bra = z.c;
      if (p2 <= z.c && (a === 1 || z.eqb('s') || z.eqb('t'))) z.del();
    }
    z.restore(v);
    z.ket = z.c; a = z.amongb([['e', 1], ['l', 2]]);
    if (a === 1) {
      z.bra = z.c;
      if (p2 <= z.c) z.del();
      else if (p1 <= z.c) { var w = z.back(); if (!shortV(z)) { z.restore(w); z.del(); } }
    } else if (a === 2) {
      z.bra = z.c;
      if (p2 <= z.c && z.eqb('l')) z.del();
    }
    z.restore(v);
  }

  /** The stem of a lower-cased word, as frostem's English stemmer gives it. */
  function stem(word) {
    if (/[0-9]/.test(word)) return word;
    var z = new Env(word);
    z.bra = 0;
    var x = z.among(EXCEPTIONS);
    if (x && z.c >= z.l) { z.ket = z.c; if (x > 0) z.from(EXCEPTION_TO[x]); return z.s; }
    z.c = 0;
    if (!z.hop(3)) return word;
    z.c = 0;
    var yFound = prelude(z);
    var p = regions(z);
    z.c = 0;
    z.lb = 0; z.c = z.l;
    var v = z.back();
    step1a(z); z.restore(v);
    step1b(z, p[0]); z.restore(v);
    step1c(z); z.restore(v);
    suffixes(z, p[0], p[1]);
    return yFound ? z.s.replace(/Y/g, 'y') : z.s;
  }

  W.stem = stem;

  /* Stems are shared by words a reader tells apart (international and internal: intern; organized and
   * organization: organ). A word's form is the word without a plain inflection (plural, -ed, -ing; a final e
   * or a doubled last consonant then dropped): `organizations` organization, `organized` organiz, `stopped`
   * stop. Words of the same form are the same word; a form beginning with the other's (global,
   * globalization) is of its family; other words of the same stem only share it by chance. */
  W.form = function (w) {
    var b = w.length < 5 ? w : /ies$|ied$/.test(w) ? w.slice(0, -3) + 'y' : /(ch|sh|x|z|ss)es$/.test(w) ? w.slice(0, -2)
      : /[^su]s$/.test(w) ? w.slice(0, -1) : /ed$/.test(w) ? w.slice(0, -2) : /ing$/.test(w) && w.length > 5 ? w.slice(0, -3) : w;
    return b.replace(/e$/, '').replace(/([^aeiouls])\1$/, '$1');
  };
  /** Whether words `a` and `b` (lower case) are the same word or of one family (see W.form). */
  W.related = function (a, b) {
    a = W.form(a); b = W.form(b);
    return a.indexOf(b) === 0 || b.indexOf(a) === 0;
  };
})(window.wendaSearch = window.wendaSearch || {});
