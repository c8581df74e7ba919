/* wenda search, core: where the index is, loading its files, decoding them (format: docs/search-index.md).
 * The search client is a few classic scripts sharing window.wendaSearch (no ES modules: they do not load from
 * file://): core (this), stem, query (what the reader typed, as index terms), rank (tiers of matches),
 * results (what a result shows) and page (the search page). Index files are scripts calling __wenda(key,
 * data), loaded with <script> elements so that search works from file:// as well as over HTTP, where they are
 * fetched instead, and the large packs of postings and documents are read a tier or a document at a time. */
(function (W) {
  'use strict';
  /** The index format this client reads; the manifest says which one an index is in. */
  W.VERSION = 7;
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
      if (fetching && !ranged(key)) { fetchFile(key, W.root + 'search/index/' + key + '.js').catch(function () { fetching = false; script(key); }); return; }
      script(key);
    });
  }

  function script(key) {
    var s = document.createElement('script');
    s.src = W.root + 'search/index/' + key + (ranged(key) ? '.bin' : '.js');
    // A document pack's strings hold bytes (deflated documents), read as one character each.
    if (/^doc\//.test(key)) s.charset = 'x-user-defined';
    s.async = true;
    s.onerror = function () {
      var w = waiting[key] || [];
      delete waiting[key];
      w.forEach(function (x) { x.fail(new Error('cannot load search index file ' + key)); });
    };
    document.head.appendChild(s);
  }

  /* Packs of postings (`p/N`) and documents (`doc/N`) are large files named .bin (hosts serve them uncompressed).
   * Over HTTP the engine reads one tier or one document of a pack by a range request; from a server that
   * answers with the whole file instead, the file is kept and sliced; from file:// the pack is a script. */
  function ranged(key) { return /^(p|doc)\//.test(key); }
  var ranges = true, rangesSeen = false, whole = {}, utf8 = new TextDecoder();
  function wholeFile(key) {
    if (!whole[key]) {
      whole[key] = fetch(W.root + 'search/index/' + key + '.bin').then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.arrayBuffer();
      }).then(function (b) { return new Uint8Array(b); });
    }
    return whole[key];
  }
  /** The JSON at bytes [start, start + len) of pack `key`, parsed (`raw`: the bytes). Parts asked for together (the documents of
   * a page of results, the tiers of a query's terms) are read in one batch: parts of one pack with at most GAP
   * bytes between them in one range; then, when the batch would take more requests than REQUESTS (HTTP/1.1
   * browsers open 6 connections to a host: a seventh request waits for one of them), the nearest ranges of one
   * pack are joined down to REQUESTS, if that reads at most STRETCH bytes more (else none: a page of twenty
   * documents would read most of its packs). */
  var asked = null, GAP = 1024, REQUESTS = 6, STRETCH = 4096;
  function part(key, start, len, raw) {
    return new Promise(function (ok, fail) {
      if (!asked) {
        asked = [];
        Promise.resolve().then(function () { var a = asked; asked = null; readParts(a); });
      }
      asked.push({ key: key, start: start, len: len, raw: raw, ok: ok, fail: fail });
    });
  }
  function readParts(parts) {
    parts.sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : a.start - b.start; });
    var spans = [];
    parts.forEach(function (x) {
      var last = spans[spans.length - 1];
      if (last && last.key === x.key && x.start - last.end <= GAP) { last.parts.push(x); last.end = Math.max(last.end, x.start + x.len); }
      else spans.push({ key: x.key, start: x.start, end: x.start + x.len, parts: [x] });
    });
    // The gaps between neighbouring ranges of one pack, smallest first: the joins that cost fewest bytes.
    var gaps = [];
    for (var i = 1; i < spans.length; i++) if (spans[i].key === spans[i - 1].key) gaps.push({ at: i, bytes: spans[i].start - spans[i - 1].end });
    gaps.sort(function (a, b) { return a.bytes - b.bytes; });
    var joins = gaps.slice(0, Math.max(0, spans.length - REQUESTS));
    if (joins.reduce(function (n, g) { return n + g.bytes; }, 0) <= STRETCH) {
      var joined = {};
      joins.forEach(function (g) { joined[g.at] = true; });
      spans = spans.reduce(function (out, sp, i) {
        var last = out[out.length - 1];
        if (joined[i]) { last.parts = last.parts.concat(sp.parts); last.end = Math.max(last.end, sp.end); } else out.push(sp);
        return out;
      }, []);
    }
    spans.forEach(function (sp) {
      readSpan(sp.key, sp.start, sp.end - sp.start).then(function (bytes) {
        sp.parts.forEach(function (x) {
          var b = bytes.subarray(x.start - sp.start, x.start - sp.start + x.len);
          try { x.ok(x.raw ? b : JSON.parse(utf8.decode(b))); } catch (e) { x.fail(e); }
        });
      }, function (e) { sp.parts.forEach(function (x) { x.fail(e); }); });
    });
  }
  /** Bytes [start, start + len) of pack `key`: a range, or from the whole file where the server sends it. */
  function readSpan(key, start, len) {
    var slice = function (b) { return b.subarray(start, start + len); };
    if (!ranges || whole[key]) return wholeFile(key).then(slice);
    // Once the server has answered a range, ranges bypass the browser's cache, which lets one request at a time
    // go for an address: the ranges of one pack would wait for each other. (Not an address per range: a host's
    // CDN would miss each.) Before, the cache: a server that sends whole files sends each once.
    var bytes = start + '-' + (start + len - 1);
    return fetch(W.root + 'search/index/' + key + '.bin', { headers: { Range: 'bytes=' + bytes }, cache: rangesSeen ? 'no-store' : 'default' }).then(function (r) {
      if (r.status === 206) {
        return r.arrayBuffer().then(function (b) {
          if (b.byteLength === len) { rangesSeen = true; return new Uint8Array(b); }
          ranges = false;
          return wholeFile(key).then(slice);
        });
      }
      if (!r.ok) throw new Error(String(r.status));
      // The whole file: this server does not answer ranges, so the next parts come from whole files too.
      ranges = false;
      whole[key] = r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      return whole[key].then(slice);
    });
  }
  /** Where DATA starts in the file of `key`: after `__wenda("KEY",`. */
  function dataStart(key) { return 11 + key.length; }

  /** The string at bytes [start, start + len) of postings pack `pack`; from a script, found by its offset. */
  function tierString(pack, start, len) {
    var key = 'p/' + pack;
    if (fetching) return part(key, start, len).catch(function () { fetching = false; return tierString(pack, start, len); });
    return file(key).then(function (strings) {
      for (var i = 0, at = dataStart(key) + 1; i < strings.length; at += strings[i].length + 3, i++) {
        if (at === start) return strings[i];
      }
      throw new Error('no tier at byte ' + start + ' of ' + key);
    });
  }

  /** A document as its pack holds it (its JSON deflated), as the object: inflated at once (inflate.js), which
   * costs less than a DecompressionStream's Blob, stream and Response per document. From a script the deflated
   * bytes are a string of one character per byte (x-user-defined: 0x80-0xFF are U+F780-U+F7FF); over HTTP
   * they are the string as the file holds it, quotes and escapes (\" \\ \n \r) included. */
  var UNESCAPE = { 34: 34, 92: 92, 110: 10, 114: 13 };
  function unpack(packed) {
    var bytes, n = 0, i;
    if (typeof packed === 'string') {
      bytes = new Uint8Array(packed.length);
      for (i = 0; i < packed.length; i++) { var c = packed.charCodeAt(i); bytes[i] = c < 128 ? c : c - 0xf700; }
    } else {
      bytes = new Uint8Array(packed.length);
      for (i = 1; i < packed.length - 1; i++) bytes[n++] = packed[i] === 92 ? UNESCAPE[packed[++i]] : packed[i];
      bytes = bytes.subarray(0, n);
    }
    return JSON.parse(utf8.decode(W.inflateRaw(bytes)));
  }

  /** Document `id` as its pack holds it: from a script, by position; over HTTP, by the byte range its pack's
   * header gives. */
  var headers = {};
  function packedDoc(id) {
    var per = W.meta.docPack, key = 'doc/' + Math.floor(id / per), k = id % per;
    if (!fetching) return file(key).then(function (pack) { return pack[1 + k]; });
    return header(id).then(function (starts) { return part(key, starts[k][0], starts[k][1], true); })
      .catch(function () { fetching = false; return packedDoc(id); });
  }
  /** Where each document of the pack of document `id` is in its file: [[start, length], …] (over HTTP). */
  function header(id) {
    var per = W.meta.docPack, key = 'doc/' + Math.floor(id / per);
    if (!headers[key]) {
      var count = Math.min(per, W.meta.docs - Math.floor(id / per) * per), at = dataStart(key) + 1;
      headers[key] = part(key, at, 4 * count + 2).then(function (h) {
        var starts = [], next = at + h.length + 3;
        for (var i = 0; i < count; i++) {
          var n = 0;
          for (var j = 0; j < 4; j++) n = n * 64 + DIGIT[h[4 * i + j]];
          starts.push([next, n]);
          next += n + 1;
        }
        return starts;
      });
      headers[key].catch(function () { delete headers[key]; });
    }
    return headers[key];
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

  /** The manifest, once; refuses an index of another format version. With a query: also the traditional →
   * simplified table, when the query holds one of its characters (the manifest lists them). */
  var trad = {}, table = null;
  W.init = function (query) {
    var meta = W.meta ? Promise.resolve(W.meta) : W.load('meta').then(manifest);
    if (!query) return meta;
    return meta.then(function (m) {
      if (!Array.from(query).some(function (c) { return trad[c]; })) return m;
      // Filled once; a failed load is dropped so that the next query tries again.
      if (!table) {
        table = W.load('t2s').then(function (pairs) {
          var chars = Array.from(pairs);
          for (var i = 0; i + 1 < chars.length; i += 2) W.t2s[chars[i]] = chars[i + 1];
        });
        table.catch(function () { table = null; });
      }
      return table.then(function () { return m; });
    });
  };
  function manifest(m) {
    if (W.meta) return W.meta;
    if (m.v !== W.VERSION) throw new Error('search index version ' + m.v + ', this page expects ' + W.VERSION);
    var at = 0;
    W.decode(m.trad).forEach(function (d) { at += d; trad[String.fromCodePoint(at)] = 1; });
    m.stop.forEach(function (w) { W.stop[w] = 1; });
    // The manifest's lists, with named fields: id ranges of a language and year; topics and outlets.
    W.ranges = m.years.map(function (r) { return { lang: r[0], year: r[1], first: r[2], end: r[3] }; });
    var named = function (x, i) { return { index: i, id: x[0], zh: x[1], en: x[2], count: x[3], pack: x[4] }; };
    W.topics = m.topics.map(named);
    W.outlets = m.outlets.map(named);
    W.meta = m;
    return m;
  }

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

  /** Postings of tier `t` of a dictionary entry (inline, or [pack, start, length] in a postings pack):
   * {postings: Map doc → {imp, pos}, size}. */
  var decoded = new Map();
  W.tier = function (entry, t) {
    var ref = entry[t + 1], key = typeof ref === 'string' ? ref : ref.join('/');
    // Decoded once per page: a later query (or "More results") with the same term reuses it.
    if (!decoded.has(key)) decoded.set(key, decodeTier(typeof ref === 'string' ? Promise.resolve(ref) : tierString(ref[0], ref[1], ref[2])));
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
   * language, or null), fields: [{kind, text, start, n (of a reading)}], paragraphs: [{n, label, text, start}]}, named from the
   * one-letter keys of its entry in the pack of `meta.docPack` consecutive ids. */
  var docs = new Map(); // id → the promise of its document: read (and inflated) once per page
  W.doc = function (id) {
    if (!docs.has(id)) docs.set(id, readDoc(id));
    return docs.get(id);
  };
  function readDoc(id) {
    return W.init().then(function () { return packedDoc(id); }).then(unpack).then(function (d) {
      var nf = d.f.length, headline = d.f.filter(function (f) { return f[0] === 'headline'; })[0];
      return {
        // The title is left out where it is the headline.
        id: id, url: d.u, anchor: d.a, title: d.t !== undefined ? d.t : headline && headline[1], event: d.e, date: d.d, lang: d.l, other: d.o,
        // A field `reading` is the editor's corrected reading of paragraph `n`.
        fields: d.f.map(function (f, i) { return { kind: f[0], text: f[1], start: d.s[i], n: f[2] }; }),
        paragraphs: d.p.map(function (p, i) { return { n: p[0], label: p[1], text: p[2], start: d.s[nf + i] }; })
      };
    }, function (e) { docs.delete(id); throw e; });
  }
})(window.wendaSearch = window.wendaSearch || {});
