/* wenda search, inflate: raw deflate (RFC 1951) undone synchronously, for the documents of the index packs
 * (core.js `unpack`), instead of a DecompressionStream per document (a Blob, a stream and a Response each, and
 * a few task hops). This is tiny-inflate 1.0.3 (npm `tiny-inflate`, Devon Govett's port of Joergen Ibsen's
 * tinf), vendored under its licence below. Changes: laid out compactly; wrapped as W.inflateRaw, which does not
 * need the output's size beforehand (a stream too large for the first buffer is inflated again into one of the
 * length counted); a stored block whose header ends on a byte boundary is read from the right byte (tiny-inflate
 * skipped one); a stream that runs past its end or decodes no symbol throws instead of running on. */
/*! tiny-inflate 1.0.3 (npm tiny-inflate), with changes (see static/search/inflate.js in wenda)
 *
 * MIT License
 *
 * Copyright (c) 2015-present Devon Govett
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE. */
(function (W) {
  'use strict';
  var TINF_OK = 0, TINF_DATA_ERROR = -3;

  function Tree() {
    this.table = new Uint16Array(16); /* table of code length counts */
    this.trans = new Uint16Array(288); /* code -> symbol translation table */
  }

  function Data(source, dest) {
    this.source = source;
    this.sourceIndex = 0;
    this.tag = 0;
    this.bitcount = 0;
    this.dest = dest;
    this.destLen = 0;
    this.ltree = new Tree(); /* dynamic length/symbol tree */
    this.dtree = new Tree(); /* dynamic distance tree */
  }

  /* -- uninitialized global data (static structures) -- */
  var sltree = new Tree(), sdtree = new Tree();
  /* extra bits and base tables for length codes */
  var length_bits = new Uint8Array(30), length_base = new Uint16Array(30);
  /* extra bits and base tables for distance codes */
  var dist_bits = new Uint8Array(30), dist_base = new Uint16Array(30);
  /* special ordering of code length codes */
  var clcidx = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
  /* used by tinf_decode_trees, avoids allocations every call */
  var code_tree = new Tree(), lengths = new Uint8Array(288 + 32);

  /* build extra bits and base tables */
  function tinf_build_bits_base(bits, base, delta, first) {
    var i, sum;
    for (i = 0; i < delta; ++i) bits[i] = 0;
    for (i = 0; i < 30 - delta; ++i) bits[i + delta] = i / delta | 0;
    for (sum = first, i = 0; i < 30; ++i) {
      base[i] = sum;
      sum += 1 << bits[i];
    }
  }

  /* build the fixed huffman trees */
  function tinf_build_fixed_trees(lt, dt) {
    var i;
    for (i = 0; i < 7; ++i) lt.table[i] = 0;
    lt.table[7] = 24;
    lt.table[8] = 152;
    lt.table[9] = 112;
    for (i = 0; i < 24; ++i) lt.trans[i] = 256 + i;
    for (i = 0; i < 144; ++i) lt.trans[24 + i] = i;
    for (i = 0; i < 8; ++i) lt.trans[24 + 144 + i] = 280 + i;
    for (i = 0; i < 112; ++i) lt.trans[24 + 144 + 8 + i] = 144 + i;
    for (i = 0; i < 5; ++i) dt.table[i] = 0;
    dt.table[5] = 32;
    for (i = 0; i < 32; ++i) dt.trans[i] = i;
  }

  /* given an array of code lengths, build a tree */
  var offs = new Uint16Array(16);
  function tinf_build_tree(t, lengths, off, num) {
    var i, sum;
    for (i = 0; i < 16; ++i) t.table[i] = 0;
    /* scan symbol lengths, and sum code length counts */
    for (i = 0; i < num; ++i) t.table[lengths[off + i]]++;
    t.table[0] = 0;
    /* compute offset table for distribution sort */
    for (sum = 0, i = 0; i < 16; ++i) {
      offs[i] = sum;
      sum += t.table[i];
    }
    /* create code->symbol translation table (symbols sorted by code) */
    for (i = 0; i < num; ++i) {
      if (lengths[off + i]) t.trans[offs[lengths[off + i]]++] = i;
    }
  }

  /* get one bit from source stream */
  function tinf_getbit(d) {
    if (!d.bitcount--) {
      d.tag = d.source[d.sourceIndex++];
      d.bitcount = 7;
    }
    var bit = d.tag & 1;
    d.tag >>>= 1;
    return bit;
  }

  /* read a num bit value from a stream and add base */
  function tinf_read_bits(d, num, base) {
    if (!num) return base;
    while (d.bitcount < 24) {
      d.tag |= d.source[d.sourceIndex++] << d.bitcount;
      d.bitcount += 8;
    }
    var val = d.tag & (0xffff >>> (16 - num));
    d.tag >>>= num;
    d.bitcount -= num;
    return val + base;
  }

  /* given a data stream and a tree, decode a symbol */
  function tinf_decode_symbol(d, t) {
    while (d.bitcount < 24) {
      d.tag |= d.source[d.sourceIndex++] << d.bitcount;
      d.bitcount += 8;
    }
    // wenda: the refill above reads at most 3 bytes past the end of a valid stream; further is a broken one.
    if (d.sourceIndex > d.source.length + 4) throw new Error('Data error');
    var sum = 0, cur = 0, len = 0, tag = d.tag;
    /* get more bits while code value is above sum */
    do {
      cur = 2 * cur + (tag & 1);
      tag >>>= 1;
      ++len;
      sum += t.table[len];
      cur -= t.table[len];
    } while (cur >= 0);
    d.tag = tag;
    d.bitcount -= len;
    var sym = t.trans[sum + cur];
    if (sym === undefined) throw new Error('Data error'); // wenda: no code of this tree
    return sym;
  }

  /* given a data stream, decode dynamic trees from it */
  function tinf_decode_trees(d, lt, dt) {
    var hlit, hdist, hclen, i, num, length;
    hlit = tinf_read_bits(d, 5, 257); /* get 5 bits HLIT (257-286) */
    hdist = tinf_read_bits(d, 5, 1); /* get 5 bits HDIST (1-32) */
    hclen = tinf_read_bits(d, 4, 4); /* get 4 bits HCLEN (4-19) */
    for (i = 0; i < 19; ++i) lengths[i] = 0;
    /* read code lengths for code length alphabet */
    for (i = 0; i < hclen; ++i) {
      var clen = tinf_read_bits(d, 3, 0); /* get 3 bits code length (0-7) */
      lengths[clcidx[i]] = clen;
    }
    /* build code length tree */
    tinf_build_tree(code_tree, lengths, 0, 19);
    /* decode code lengths for the dynamic trees */
    for (num = 0; num < hlit + hdist;) {
      var sym = tinf_decode_symbol(d, code_tree);
      switch (sym) {
        case 16:
          /* copy previous code length 3-6 times (read 2 bits) */
          var prev = lengths[num - 1];
          for (length = tinf_read_bits(d, 2, 3); length; --length) lengths[num++] = prev;
          break;
        case 17:
          /* repeat code length 0 for 3-10 times (read 3 bits) */
          for (length = tinf_read_bits(d, 3, 3); length; --length) lengths[num++] = 0;
          break;
        case 18:
          /* repeat code length 0 for 11-138 times (read 7 bits) */
          for (length = tinf_read_bits(d, 7, 11); length; --length) lengths[num++] = 0;
          break;
        default:
          /* values 0-15 represent the actual code lengths */
          lengths[num++] = sym;
          break;
      }
    }
    /* build dynamic trees */
    tinf_build_tree(lt, lengths, 0, hlit);
    tinf_build_tree(dt, lengths, hlit, hdist);
  }

  /* given a stream and two trees, inflate a block of data */
  function tinf_inflate_block_data(d, lt, dt) {
    while (1) {
      var sym = tinf_decode_symbol(d, lt);
      /* check for end of block */
      if (sym === 256) return TINF_OK;
      if (sym < 256) {
        d.dest[d.destLen++] = sym;
      } else {
        var length, dist, offs, i;
        sym -= 257;
        /* possibly get more bits from length code */
        length = tinf_read_bits(d, length_bits[sym], length_base[sym]);
        dist = tinf_decode_symbol(d, dt);
        /* possibly get more bits from distance code */
        offs = d.destLen - tinf_read_bits(d, dist_bits[dist], dist_base[dist]);
        /* copy match */
        for (i = offs; i < offs + length; ++i) d.dest[d.destLen++] = d.dest[i];
      }
    }
  }

  /* inflate an uncompressed block of data */
  function tinf_inflate_uncompressed_block(d) {
    var length, invlength, i;
    /* unread from bitbuffer */
    // wenda: `>= 8`, not tiny-inflate's `> 8` (from tinf, which reads bit by bit): a whole byte read ahead is
    // put back also when the block's header ended on a byte boundary.
    while (d.bitcount >= 8) {
      d.sourceIndex--;
      d.bitcount -= 8;
    }
    /* get length */
    length = d.source[d.sourceIndex + 1];
    length = 256 * length + d.source[d.sourceIndex];
    /* get one's complement of length */
    invlength = d.source[d.sourceIndex + 3];
    invlength = 256 * invlength + d.source[d.sourceIndex + 2];
    /* check length */
    if (length !== (~invlength & 0x0000ffff)) return TINF_DATA_ERROR;
    d.sourceIndex += 4;
    // wenda: a stored block longer than what is left of the stream is a broken one.
    if (d.sourceIndex + length > d.source.length) return TINF_DATA_ERROR;
    /* copy block */
    for (i = length; i; --i) d.dest[d.destLen++] = d.source[d.sourceIndex++];
    /* make sure we start next block on a byte boundary */
    d.bitcount = 0;
    return TINF_OK;
  }

  /* inflate stream from source to dest */
  function tinf_uncompress(source, dest) {
    var d = new Data(source, dest), bfinal, btype, res;
    do {
      bfinal = tinf_getbit(d); /* read final block flag */
      btype = tinf_read_bits(d, 2, 0); /* read block type (2 bits) */
      switch (btype) {
        case 0: res = tinf_inflate_uncompressed_block(d); break;
        case 1: res = tinf_inflate_block_data(d, sltree, sdtree); break;
        case 2:
          tinf_decode_trees(d, d.ltree, d.dtree);
          res = tinf_inflate_block_data(d, d.ltree, d.dtree);
          break;
        default: res = TINF_DATA_ERROR;
      }
      if (res !== TINF_OK) throw new Error('Data error');
    } while (!bfinal);
    // wenda: the length inflated (may exceed dest, whose writes past its end are dropped: see inflateRaw).
    return d.destLen;
  }

  /* build fixed huffman trees */
  tinf_build_fixed_trees(sltree, sdtree);
  /* build extra bits and base tables */
  tinf_build_bits_base(length_bits, length_base, 4, 3);
  tinf_build_bits_base(dist_bits, dist_base, 2, 1);
  /* fix a special case */
  length_bits[28] = 0;
  length_base[28] = 258;

  /** The bytes of raw deflate stream `source` (a Uint8Array) inflated; throws on a broken stream. */
  W.inflateRaw = function (source) {
    // Text deflates to a third or a half: a buffer of 4 times the input mostly holds it; when it does not, the
    // first pass has counted the length, and a second fills a buffer of that length.
    var dest = new Uint8Array(4 * source.length + 64), n = tinf_uncompress(source, dest);
    if (n > dest.length) tinf_uncompress(source, dest = new Uint8Array(n));
    return dest.subarray(0, n);
  };
})(window.wendaSearch = window.wendaSearch || {});
