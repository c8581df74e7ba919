// The search client's size against its budget in docs/benchmarks.md: the six scripts of static/search/, as
// `wenda build` serves them and `wenda index` joins them (search/search.js), at most 20 KB gzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repo } from './search-helpers.mjs';

const BUDGET = 20 * 1024;

test('the search client is within its 20 KB gzip budget, and the benchmarks page states that budget', () => {
  const mod = readFileSync(join(repo, 'src/search/mod.rs'), 'utf8');
  const scripts = [...mod.matchAll(/include_str!\("\.\.\/\.\.\/static\/(search\/\w+\.js)"\)/g)].map((m) => m[1]);
  assert.equal(scripts.length, 6, 'the client is the six scripts CLIENT_JS joins');
  const size = gzipSync(scripts.map((s) => readFileSync(join(repo, 'static', s), 'utf8')).join('')).length;
  assert.ok(size <= BUDGET, `client ${(size / 1024).toFixed(1)} KB gzip, budget ${BUDGET / 1024} KB`);
  assert.match(readFileSync(join(repo, 'docs/benchmarks.md'), 'utf8'), /client[\s\S]{0,200}budget is 20 KB/i);
});
