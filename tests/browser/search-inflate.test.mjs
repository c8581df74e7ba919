// The browser's inflate (static/search/inflate.js, run as the classic script it is) against node's zlib: every
// document of the bundled archive's index and of a synthetic archive's, as `wenda index` packs them (base 64 of
// raw deflate), inflates to the bytes zlib.inflateRawSync gives; so do generated streams of every kind of deflate
// block (stored, fixed and dynamic Huffman codes; levels 0-9 and zlib's strategies; empty to 300 KB; text, random
// bytes, long runs that outgrow the first output buffer); broken streams end (an error or bytes), never hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { packedDocuments, repo, wenda } from './search-helpers.mjs';
import { tempDir } from './tmp.mjs';

/** W.inflateRaw of static/search/inflate.js. */
function browserInflate() {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(repo, 'static/search/inflate.js'), 'utf8'), sandbox);
  return sandbox.window.wendaSearch.inflateRaw;
}
const inflateRaw = browserInflate();

/** Checks every packed document of `site`'s index; returns how many. */
function checkIndex(site) {
  const packed = packedDocuments(site);
  for (const [i, bytes] of packed.entries()) {
    const mine = inflateRaw(new Uint8Array(bytes));
    assert.ok(Buffer.from(mine).equals(zlib.inflateRawSync(bytes)), `document ${i} of ${site}`);
    JSON.parse(new TextDecoder().decode(mine));
  }
  return packed.length;
}

test('every document of the bundled archive\'s index inflates as zlib inflates it', () => {
  const site = tempDir('wenda-inflate-');
  wenda(['index', '--content', join(repo, 'content'), '--out', site]);
  assert.ok(checkIndex(site) > 100);
});

test('every document of a synthetic archive\'s index inflates as zlib inflates it', () => {
  const content = join(tempDir('wenda-inflate-synth-'), 'content');
  wenda(['synth', '--from', join(repo, 'content'), '--events', '400', '--seed', '11', '--out', content]);
  const site = tempDir('wenda-inflate-');
  wenda(['index', '--content', content, '--out', site]);
  const n = checkIndex(site);
  assert.ok(n > 1000, `${n} documents`);
});

/** A seeded generator of 32-bit integers (mulberry32). */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Inputs of varied shape: text of the archive's languages, random bytes, few-symbol bytes, long runs. */
function inputs() {
  const next = random(42);
  const text = readdirSync(join(repo, 'content'), { recursive: true }).filter((f) => f.endsWith('.md')).slice(0, 4)
    .map((f) => readFileSync(join(repo, 'content', f))).reduce((a, b) => Buffer.concat([a, b]));
  const out = [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(1, 0), text, text.subarray(0, 1000)];
  for (const size of [1, 2, 3, 7, 100, 258, 259, 1000, 4096, 32768, 32769, 70000, 300000]) {
    out.push(Buffer.from(Array.from({ length: size }, () => next() & 255)));
    out.push(Buffer.from(Array.from({ length: size }, () => 97 + (next() % 4))));
    out.push(Buffer.alloc(size, 120));
    const start = next() % Math.max(1, text.length - size);
    out.push(text.subarray(start, start + size));
  }
  return out;
}

test('generated streams of every block kind, level and strategy inflate to their input', () => {
  let checked = 0;
  for (const input of inputs()) {
    for (const level of [0, 1, 6, 9]) {
      for (const strategy of [zlib.constants.Z_DEFAULT_STRATEGY, zlib.constants.Z_FIXED, zlib.constants.Z_HUFFMAN_ONLY, zlib.constants.Z_RLE, zlib.constants.Z_FILTERED]) {
        const packed = zlib.deflateRawSync(input, { level, strategy });
        const mine = inflateRaw(new Uint8Array(packed));
        assert.ok(Buffer.from(mine).equals(input), `${input.length} bytes, level ${level}, strategy ${strategy}`);
        checked++;
      }
    }
  }
  // Many small blocks in one stream: each write flushed as a block of its own.
  const next = random(7), parts = [];
  for (let i = 0; i < 200; i++) parts.push(Buffer.from(Array.from({ length: next() % 300 }, () => 97 + (next() % 20))));
  const d = zlib.createDeflateRaw();
  const chunks = [];
  d.on('data', (c) => chunks.push(c));
  for (const p of parts) { d.write(p); d.flush(zlib.constants.Z_FULL_FLUSH); }
  return new Promise((ok) => d.end(() => {
    const mine = inflateRaw(new Uint8Array(Buffer.concat(chunks)));
    assert.ok(Buffer.from(mine).equals(Buffer.concat(parts)), 'a stream of flushed blocks');
    assert.ok(checked > 1000);
    ok();
  }));
});

test('broken streams end with an error or some bytes, never run on', () => {
  const next = random(5);
  const text = Buffer.from('中方对两国方案的立场是什么 '.repeat(200) + 'the quick brown fox '.repeat(100));
  const good = zlib.deflateRawSync(text);
  let threw = 0;
  const tries = [];
  for (let cut = 0; cut < good.length; cut += 7) tries.push(good.subarray(0, cut));
  for (let i = 0; i < 300; i++) {
    const bad = Buffer.from(good);
    for (let k = 0; k < 1 + (i % 5); k++) bad[next() % bad.length] ^= 1 << (next() % 8);
    tries.push(bad);
  }
  for (let i = 0; i < 300; i++) tries.push(Buffer.from(Array.from({ length: 1 + (next() % 2000) }, () => next() & 255)));
  for (const t of tries) {
    try {
      const out = inflateRaw(new Uint8Array(t));
      assert.ok(ArrayBuffer.isView(out) && out.length >= 0);
    } catch (e) {
      assert.equal(e.message, 'Data error');
      threw++;
    }
  }
  // Most of them are caught as broken (the rest decode to bytes that no longer parse as a document).
  assert.ok(threw > tries.length / 2, `${threw} of ${tries.length} threw`);
});
