// Search quality on the bundled archive: every query of tests/fixtures/search/queries.json (Chinese topical,
// made-up compounds, substrings, traditional characters, English topical, inflections, partial words, typos,
// names and outlets, abbreviations) typed into the built site's search page, from file://, and its results
// scored against the gold answers. Prints the table; the thresholds are the ones docs/benchmarks.md reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { repo, builtSite, results } from './search-helpers.mjs';
import { queries, documents, gold, exchangeKey, measure, table } from './search-gold.mjs';

let browser, site;
before(async () => {
  site = builtSite(join(repo, 'content'));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
});
after(async () => { await browser?.close(); });

test('the query set finds its gold answers: P@1 >= 0.95, recall@10 >= 0.9, no empty result', async () => {
  const docs = documents(site);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const rows = [];
  for (const q of queries()) {
    const g = gold(q, docs);
    assert.ok(g.size > 0, `the gold rule of ${q.q} finds exchanges`);
    const url = pathToFileURL(join(site, q.lang === 'en' ? 'en/search/index.html' : 'search/index.html')).href + '?q=' + encodeURIComponent(q.q);
    const found = (await results(page, url)).map((r) => exchangeKey(r.href)).filter(Boolean);
    rows.push({ ...q, gold: g, results: found });
  }
  const m = measure(rows);
  console.log(table(m));
  const misses = rows.filter((r) => !r.gold.has(r.results[0])).map((r) => `${r.q} → ${r.results[0] || 'nothing'}`);
  console.log('first result not in the gold set:', misses.join('; ') || 'none');
  assert.deepEqual(errors, []);
  assert.ok(rows.length >= 80, 'at least 80 queries');
  assert.equal(m.all.zero, 0, 'no query whose words occur returns nothing');
  assert.ok(m.all.p1 >= 0.95, `P@1 ${m.all.p1}`);
  assert.ok(m.all.r10 >= 0.9, `recall@10 ${m.all.r10}`);
});
