// The search acceptance queries on the real bundled archive: `wenda build --offline` of content/, searched
// from its search pages in Chromium from file://.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { repo, builtSite, results } from './search-helpers.mjs';

let browser, site;
before(async () => {
  site = builtSite(join(repo, 'content'));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
});
after(async () => { await browser?.close(); });

async function search(lang, q) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const url = pathToFileURL(join(site, lang === 'en' ? 'en/search/index.html' : 'search/index.html')).href;
  const r = await results(page, url + '?q=' + encodeURIComponent(q));
  await page.close();
  assert.deepEqual(errors, []);
  return r;
}

/** The text of the exchange page a result links to, without the site's header, navigation and footer. */
function pageText(href) {
  const html = readFileSync(fileURLToPath(href.replace(/#.*/, '')), 'utf8');
  return html.replace(/<(header|nav|footer)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ').toLowerCase();
}

test('人工智能 and "artificial intelligence" give the 2024 AI exchange (Phoenix TV, q14) first', async () => {
  assert.match((await search('zh', '人工智能'))[0].href, /\/2024\/2024-03-07-wang-yi\/q14\/index\.html#q14-p\d+$/);
  assert.match((await search('en', 'artificial intelligence'))[0].href, /\/en\/2024\/2024-03-07-wang-yi\/q14\/index\.html#q14-p\d+$/);
});

for (const [lang, q, must] of [
  ['zh', '一带一路', ['一带一路']],
  ['en', 'Belt and Road', ['belt and road']],
  ['zh', '南海', ['南海']],
  ['zh', '中美关系', ['中美关系']],
  ['zh', '臺灣', ['台湾']],
]) {
  test(`${q} gives a matching exchange in the top three`, async () => {
    const r = await search(lang, q);
    assert.ok(r.length >= 1);
    const top = r.slice(0, 3).map((x) => pageText(x.href));
    assert.ok(top.some((t) => must.every((m) => t.includes(m))), `${q}: ${r.slice(0, 3).map((x) => x.href)}`);
    assert.ok(top.every((t) => must.every((m) => t.includes(m)) || lang === 'en'), 'every Chinese result contains the query');
  });
}
