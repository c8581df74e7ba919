// The search client's size against its budget in docs/benchmarks.md: the seven scripts of static/search/ as
// `wenda build` serves them (minified, content-hashed), at most 20 KB gzipped. The search tests load the same
// served scripts, so what is measured here is what they show to work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repo, builtSite } from './search-helpers.mjs';

const BUDGET = 20 * 1024;
const SCRIPTS = ['core', 'inflate', 'stem', 'query', 'rank', 'results', 'page'];

test('the served search client is within its 20 KB gzip budget, and the benchmarks page states that budget', () => {
  const site = builtSite(join(repo, 'content'));
  const files = readdirSync(join(site, 'search'));
  const served = SCRIPTS.map((name) => {
    const file = files.find((f) => new RegExp(`^${name}\\.[0-9a-f]{10}\\.js$`).test(f));
    assert.ok(file, `search/${name}.*.js is served`);
    return readFileSync(join(site, 'search', file), 'utf8');
  });
  const source = SCRIPTS.map((name) => readFileSync(join(repo, 'static/search', `${name}.js`), 'utf8'));
  const size = gzipSync(served.join('')).length;
  const written = gzipSync(source.join('')).length;
  assert.ok(size < written, `served ${size} B is minified (as written: ${written} B)`);
  assert.ok(size <= BUDGET, `client ${(size / 1024).toFixed(1)} KB gzip, budget ${BUDGET / 1024} KB`);
  assert.match(readFileSync(join(repo, 'docs/benchmarks.md'), 'utf8'), /client[\s\S]{0,200}budget is 20 KB/i);
});
