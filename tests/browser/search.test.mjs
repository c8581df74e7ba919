// The search page of the built site (`wenda build` of tests/fixtures/search/content) in a real browser (Debian
// chromium), from file:// and over HTTP under a sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { chromium } from 'playwright-core';
import { repo, builtSite, indexedSite, serve, results, searchUrl, wenda } from './search-helpers.mjs';
import { tempDir } from './tmp.mjs';

let browser, site, page, errors;

before(async () => {
  site = builtSite(join(repo, 'tests/fixtures/search/content'));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
});
after(async () => { await browser?.close(); });

async function open() {
  page = await browser.newPage();
  errors = [];
  // Every console error counts, except the browser's own report of the missing favicon (checked below).
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => { if (!r.url().endsWith('/favicon.ico')) errors.push(`failed ${r.url()}`); });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

const zh = (q) => searchUrl(site, 'zh', q);
const en = (q) => searchUrl(site, 'en', q);

test('人工智能 and "artificial intelligence" give the 2024 AI exchange first, from file://', async () => {
  await open();
  const a = await results(page, zh('人工智能'));
  assert.match(a[0].href, /\/2024\/2024-03-07-wang-yi\/q01\/index\.html#q01-p\d+$/);
  assert.ok(a.length >= 2, 'the 2023 exchange mentioning 人工智能 is found too');
  const b = await results(page, en('artificial intelligence'));
  assert.match(b[0].href, /\/en\/2024\/2024-03-07-wang-yi\/q01\/index\.html#q01-p\d+$/);
  assert.deepEqual(errors, []);
});

for (const [q, url, at] of [
  ['一带一路', zh, /2024-03-07-wang-yi\/q03\//],
  ['Belt and Road', en, /en\/2024\/2024-03-07-wang-yi\/q03\//],
  ['"belt and road"', en, /en\/2024\/2024-03-07-wang-yi\/q03\//],
  ['南海', zh, /2023-03-07-qin-gang\/q01\//],
  ['中美关系', zh, /2024-03-07-wang-yi\/q02\//],
  ['臺灣', zh, /2023-03-07-qin-gang\/q02\//],
]) {
  test(`${q} gives a matching exchange in the top three`, async () => {
    await open();
    const r = await results(page, url(q));
    assert.ok(r.slice(0, 3).some((x) => at.test(x.href)), JSON.stringify(r));
    assert.ok(await page.$$eval('#results mark', (m) => m.length) > 0, 'matched terms are highlighted');
    assert.deepEqual(errors, []);
  });
}

test('only a query holding a traditional character loads the traditional → simplified table', async () => {
  const { server, base, requests } = await serve(site, '/archive/');
  try {
    for (const [q, lang, wanted] of [['台湾', 'zh', false], ['Taiwan', 'en', false], ['臺灣', 'zh', true], ['台灣問題', 'zh', true]]) {
      requests.length = 0;
      await open();
      const r = await results(page, base + (lang === 'en' ? 'en/' : '') + 'search/?q=' + encodeURIComponent(q));
      assert.ok(r.some((x) => /2023-03-07-qin-gang\/q02\//.test(x.href)), `${q}: ${JSON.stringify(r)}`);
      const table = requests.filter((x) => /\/search\/index\/t2s\.js$/.test(x.path));
      assert.equal(table.length, wanted ? 1 : 0, `${q}: ${requests.map((x) => x.path).join(' ')}`);
      assert.deepEqual(errors, []);
    }
  } finally {
    server.close();
  }
});

test('a query that matches nothing shows the no-result state without console errors', async () => {
  await open();
  const r = await results(page, zh('xyzzy 无此词'));
  assert.equal(r.length, 0);
  assert.equal(await page.getAttribute('#results', 'class'), 'search-none');
  assert.match(await page.textContent('#results'), /没有找到/);
  assert.deepEqual(errors, []);
});

test('words of both languages find exchanges in either when no exchange has all of them', async () => {
  await open();
  const r = await results(page, zh('台湾 Taiwan'));
  assert.ok(r.some((x) => /\/2023\/2023-03-07-qin-gang\/q02\//.test(x.href) && !x.href.includes('/en/')), JSON.stringify(r));
  assert.ok(r.some((x) => /\/en\/2023\/2023-03-07-qin-gang\/q02\//.test(x.href)), JSON.stringify(r));
  assert.deepEqual(errors, []);
});

test('an empty query shows the empty state', async () => {
  await open();
  await results(page, pathToFileURL(join(site, 'search/index.html')).href);
  assert.equal(await page.getAttribute('#results', 'class'), 'search-empty');
});

test('transcript text containing <script> is shown as text and never runs', async () => {
  await open();
  for (const url of [zh('网友留言'), en('netizen')]) {
    const r = await results(page, url);
    assert.ok(r.length >= 1);
    const snippet = await page.textContent('#results .search-snippet');
    assert.match(snippet, /<script>window\.__pwned = true<\/script>/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.$$eval('#results script', (s) => s.length), 0);
  }
  assert.deepEqual(errors, []);
});

test('"/" focuses the box, arrows move through results, Enter follows the link', async () => {
  await open();
  await results(page, zh('中美关系'));
  await page.focus('body');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(first, (await page.$$eval('#results li > a', (a) => a.map((x) => x.getAttribute('href'))))[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), first);
  await page.keyboard.press('Enter');
  await page.waitForURL(/q02\/index\.html#q02-p\d+$/);
});

test('typing runs the query and puts it in the URL; filters narrow the results', async () => {
  await open();
  await results(page, zh(''));
  await page.fill('#search-q', '人工智能');
  await page.waitForFunction(() => document.querySelectorAll('#results li > a').length === 2);
  await page.selectOption('#search-year', '2023');
  await page.waitForFunction(() => document.querySelectorAll('#results li > a').length === 1);
  assert.match(await page.getAttribute('#results li > a', 'href'), /2023-03-07-qin-gang\/q03\//);
  await page.selectOption('#search-year', '');
  await page.selectOption('#search-topic', 'technology');
  await page.selectOption('#search-lang', 'en');
  await page.fill('#search-q', 'artificial intelligence');
  await page.waitForFunction(() => document.querySelectorAll('#results li > a').length === 2 &&
    [...document.querySelectorAll('#results li > a')].every((a) => a.getAttribute('href').includes('/en/')));
  assert.deepEqual(errors, []);
});

test('results and filters pass axe-core', async () => {
  await open();
  await results(page, zh('中美关系'));
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') });
  const report = await page.evaluate(() => window.axe.run({ include: [['#results'], ['.search-filters']] }));
  assert.deepEqual(report.violations.map((v) => `${v.id}: ${v.help}`), []);
  assert.ok(report.passes.some((r) => r.id === 'select-name'), 'the filter selects were checked');
});

test('the engine also works from search/search.js next to the index (`wenda index`, used by the benchmark)', async () => {
  const alone = indexedSite(join(repo, 'tests/fixtures/search/content'));
  await open();
  const r = await results(page, searchUrl(alone, 'zh', '中美关系'));
  assert.match(r[0].href, /2024-03-07-wang-yi\/q02\/index\.html#q02-p\d+$/);
  assert.deepEqual(errors, []);
});

test('works over HTTP under a sub-path', async () => {
  const online = builtSite(join(repo, 'tests/fixtures/search/content'), { offline: false });
  const { server, base } = await serve(online, '/archive/');
  try {
    await open();
    const r = await results(page, base + 'search/?q=' + encodeURIComponent('人工智能'));
    assert.equal(r[0].href, base + '2024/2024-03-07-wang-yi/q01/#q01-p1');
    await page.click('#results li > a');
    await page.waitForURL(base + '2024/2024-03-07-wang-yi/q01/#q01-p1');
    assert.ok(await page.$('#q01-p1'), 'the paragraph anchor exists on the exchange page');
    assert.deepEqual(errors, []);
  } finally {
    server.close();
  }
});

/** A site of 400 synthetic events: its postings and documents fill many packs. */
let bigSite;
function big() {
  if (bigSite) return bigSite;
  const content = tempDir('wenda-synth-');
  rmSync(content, { recursive: true });
  wenda(['synth', '--from', join(repo, 'tests/fixtures/search/content'), '--events', '400', '--seed', '3', '--out', content]);
  bigSite = builtSite(content);
  return bigSite;
}

test('"More results" pages through every match, loading the deeper tiers, without repeating one', async () => {
  await open();
  const first = await results(page, searchUrl(big(), 'zh', '人工智能'));
  assert.equal(first.length, 20);
  const all = await page.evaluate(async () => (await window.wendaSearch.search('人工智能', { complete: true })).results.length);
  assert.ok(all > 128, `enough matches to need a second tier: ${all}`);
  while (await page.$('#results .search-more button')) {
    const before = await page.$$eval('#results li > a', (a) => a.length);
    await page.click('#results .search-more button');
    await page.waitForFunction((n) => document.querySelectorAll('#results li > a').length > n, before);
  }
  const hrefs = await page.$$eval('#results li > a', (a) => a.map((x) => x.getAttribute('href').replace(/#.*/, '')));
  assert.equal(hrefs.length, all);
  assert.equal(new Set(hrefs).size, all);
  assert.deepEqual(errors, []);
});

/** Every result of `queries` (all tiers) with its document's link, as the page's engine finds them. */
async function everyResult(p, queries) {
  return p.evaluate(async (qs) => {
    const W = window.wendaSearch, out = [];
    for (const q of qs) {
      const r = await W.search(q, { complete: true });
      const docs = await Promise.all(r.results.map((x) => W.doc(x.doc)));
      out.push(docs.map((d) => d.url + '#' + d.paragraphs.length + ':' + d.title));
    }
    return out;
  }, queries);
}

test('packs read by byte ranges, from whole files and as scripts give the same results', async () => {
  const dir = big();
  const queries = ['人工智能', '合作', 'cooperation', 'Ukraine ceasefire', '"global governance"'];
  await open();
  await results(page, searchUrl(dir, 'zh', '人工智能'));
  const fromDisk = await everyResult(page, queries);
  assert.ok(fromDisk[1].length > 128, 'a term with several tiers');
  for (const ranges of [true, false]) {
    const { server, base, requests } = await serve(dir, '/archive/', { ranges });
    try {
      await open();
      await results(page, base + 'search/?q=' + encodeURIComponent('人工智能'));
      assert.deepEqual(await everyResult(page, queries), fromDisk, ranges ? 'by ranges' : 'whole files');
      const packs = requests.filter((r) => r.path.endsWith('.bin'));
      assert.ok(packs.length > 0);
      if (ranges) {
        assert.ok(packs.every((r) => r.status === 206), 'every pack read by a range: ' + JSON.stringify(packs.filter((r) => r.status !== 206)));
      } else {
        const paths = packs.map((r) => r.path);
        assert.ok(packs.every((r) => r.status === 200));
        assert.ok(paths.length < 2 * new Set(paths).size, 'a whole pack is kept, not fetched for each part');
      }
      assert.deepEqual(errors, []);
    } finally {
      server.close();
    }
  }
});

test('a first query reads only the bytes it needs of the packs', async () => {
  const { server, base, requests } = await serve(big(), '/archive/');
  try {
    await open();
    const r = await results(page, base + 'search/?q=' + encodeURIComponent('人工智能'));
    assert.ok(r.length >= 10);
    const packs = requests.filter((x) => x.path.endsWith('.bin'));
    const largest = Math.max(...packs.map((x) => x.bytes));
    assert.ok(largest < 8192, `no part of a pack beyond one tier or one document: ${largest} bytes`);
    assert.deepEqual(errors, []);
  } finally {
    server.close();
  }
});

test('the documents of one pack are read side by side, not one after another', async () => {
  const delay = 400;
  const { server, base, requests } = await serve(big(), '/archive/', { delay });
  try {
    await open();
    await page.goto(base + 'search/');
    await page.waitForFunction(() => window.wendaSearch && window.wendaSearch.search);
    // Five documents of the first pack, too far apart to share a range; its header read before.
    const ids = [2, 8, 14, 20, 26];
    const ms = await page.evaluate(async (ids) => {
      const W = window.wendaSearch;
      await W.init();
      await W.doc(0);
      const t0 = performance.now();
      const docs = await Promise.all(ids.map((id) => W.doc(id)));
      if (docs.some((d) => !d.url)) throw new Error('a document without its address');
      return performance.now() - t0;
    }, ids);
    const reads = requests.filter((r) => r.path.endsWith('/doc/0.bin') && r.status === 206);
    assert.equal(reads.length, 2 + ids.length, 'the header, document 0, then one range per document');
    assert.equal(new Set(reads.map((r) => r.range)).size, reads.length);
    assert.ok(ms < 2.5 * delay, `${ids.length} ranges of one pack answered ${delay} ms late each took ${ms.toFixed(0)} ms`);
    assert.deepEqual(errors, []);
  } finally {
    server.close();
  }
});

test('documents spread over one pack take at most six requests, and are the same as from the whole file', async () => {
  // Seven documents of the first pack, each 1.1 to 2 KB after the one before (more than GAP): seven ranges, of
  // which the nearest two are joined, so six (a browser's connections to a host); each document intact.
  let data;
  // The pack's strings hold bytes, one character each (as a browser reads it with charset x-user-defined).
  vm.runInNewContext(readFileSync(join(big(), 'search/index/doc/0.bin'), 'latin1'), { __wenda: (k, d) => { data = d; } });
  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  // The header's length of the string with its quotes, and the comma after it.
  const size = (k) => [...data[0].slice(4 * k, 4 * k + 4)].reduce((n, c) => n * 64 + DIGITS.indexOf(c), 0) + 1;
  const ids = [1];
  for (let k = 2, between = 0; k < data.length - 1 && ids.length < 7; k++) {
    if (between > 1100 && between < 2000) { ids.push(k); between = 0; } else between += size(k);
  }
  assert.equal(ids.length, 7, 'seven documents far enough apart in the first pack');
  const read = async (ranges) => {
    const { server, base, requests } = await serve(big(), '/archive/', { ranges });
    try {
      await open();
      await page.goto(base + 'search/');
      await page.waitForFunction(() => window.wendaSearch && window.wendaSearch.search);
      const docs = await page.evaluate(async (ids) => {
        const W = window.wendaSearch;
        await W.init();
        await W.doc(0);
        return Promise.all(ids.map((id) => W.doc(id)));
      }, ids);
      assert.deepEqual(errors, []);
      return { docs, reads: requests.filter((r) => r.path.endsWith('/doc/0.bin')) };
    } finally {
      server.close();
    }
  };
  const byRanges = await read(true), whole = await read(false);
  assert.ok(byRanges.docs.every((d, i) => d.id === ids[i] && d.url && d.paragraphs.length), JSON.stringify(byRanges.docs.map((d) => d.id)));
  assert.deepEqual(byRanges.docs, whole.docs, 'documents read by joined ranges and from the whole file');
  const after = byRanges.reads.slice(2); // the header and document 0 before
  assert.ok(after.every((r) => r.status === 206));
  assert.equal(after.length, 6, `${after.length} requests for ${ids.length} documents`);
  assert.equal(whole.reads.length, 1, 'a whole pack is fetched once');
});
