// The search client's size against its budget in docs/benchmarks.md: the eight scripts of static/search/ as
// `wenda build` serves them (one minified, content-hashed script that the search page loads), at most 20 KB
// gzipped. The search tests load the same served script, so what is measured here is what they show to work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repo, builtSite } from './search-helpers.mjs';

const BUDGET = 20 * 1024;
const SCRIPTS = ['core', 'inflate', 'stem', 'forms', 'query', 'rank', 'results', 'page'];

test('the served search client is within its 20 KB gzip budget, and the benchmarks page states that budget', () => {
  const site = builtSite(join(repo, 'content'));
  // The search page loads its client as one script.
  const page = readFileSync(join(site, 'search/index.html'), 'utf8');
  const scripts = [...page.matchAll(/<script[^>]*\ssrc="?([^" >]+)/g)].map((m) => m[1]).filter((s) => s.includes('search/'));
  assert.equal(scripts.length, 1, `one search script: ${scripts}`);
  assert.match(scripts[0], /search\/search\.[0-9a-f]{10}\.js$/);
  const served = readFileSync(join(site, 'search', scripts[0].split('/').pop()), 'utf8');
  const source = SCRIPTS.map((name) => readFileSync(join(repo, 'static/search', `${name}.js`), 'utf8'));
  const size = gzipSync(served).length;
  const written = gzipSync(source.join('')).length;
  assert.ok(size < written, `served ${size} B is minified (as written: ${written} B)`);
  assert.ok(size <= BUDGET, `client ${(size / 1024).toFixed(1)} KB gzip, budget ${BUDGET / 1024} KB`);
  assert.match(readFileSync(join(repo, 'docs/benchmarks.md'), 'utf8'), /client[\s\S]{0,200}budget is 20 KB/i);
});
