#!/usr/bin/env node
// Search quality and speed on the query set with gold answers (tests/fixtures/search/queries.json): wenda's
// index and client against Pagefind 1.6 over the same minimal exchange pages (`wenda index --pages`: one page
// per exchange and language holding only the exchange text, i.e. Pagefind tuned to the exchange text), served
// over HTTP to headless Chromium. Per engine and query class: P@1, recall@10, MRR, zero-result rate; per query:
// bytes of a cold first query (gzip-equivalent, the engine as a site serves it, minified, and the top 10 results'
// texts included) and the time of a second query on the same page.
//
// usage: node benches/search/quality.mjs [--content content] [--work DIR] [--engines wenda,pagefind] [--classes a,b]
//        [--scale]: with synthetic content (`wenda synth`), no gold answers: bytes and times of topical queries.
// needs: WENDA_BIN or a debug build of wenda, tests/browser/node_modules (npm ci), /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queries, documents, gold, exchangeKey, measure, table } from '../../tests/browser/search-gold.mjs';
import { serveCounted } from './served.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const content = resolve(args.content || join(repo, 'content'));
const site = args.work || mkdtempSync(join(tmpdir(), 'wenda-search-quality-'));
const wenda = process.env.WENDA_BIN || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug/wenda');

const only = (args.engines || 'wenda,pagefind').split(',');
execFileSync(wenda, ['index', '--content', content, '--out', site, ...(only.includes('pagefind') ? ['--pages'] : [])], { stdio: 'ignore' });
if (only.includes('pagefind')) execFileSync(join(repo, 'tests/browser/node_modules/.bin/pagefind'), ['--site', site, '--quiet'], { stdio: 'ignore' });
// The client as a site serves it: the eight scripts of static/search/ as the one minified script of `wenda build`
// (of the bundled archive; the client does not depend on the content), run here as search/search.js.
const built = mkdtempSync(join(tmpdir(), 'wenda-search-client-'));
execFileSync(wenda, ['--root', repo, 'build', '--content', join(repo, 'content'), '--out', join(built, 'public'), '--offline'], { stdio: 'ignore' });
const CLIENT = readFileSync(join(built, 'public/search', readdirSync(join(built, 'public/search')).find((f) => /^search\.[0-9a-f]{10}\.js$/.test(f))));
const clientBytes = gzipSync(CLIENT).length;
writeFileSync(join(site, 'search/search.js'), CLIENT);
writeFileSync(join(site, 'bench-wenda.html'), '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>bench</title></head><body><script src="search/search.js"></script></body></html>');
const PF = (lang) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>bench</title></head><body>
<script type="module">import * as pf from './pagefind/pagefind.js'; await pf.options({ excerptLength: 30 }); await pf.init(); window.pf = pf; window.pfReady = true;</script></body></html>`;
writeFileSync(join(site, 'bench-pagefind-zh.html'), PF('zh-Hans'));
writeFileSync(join(site, 'bench-pagefind-en.html'), PF('en'));

// As GitHub Pages serves (served.mjs): what each response sent, counted as the host sends it.
const { server, sent, base } = await serveCounted(site);

// In the page: one query, then the texts of its first 10 results. Returns ms and the result pages.
const WENDA = async ([q, lang]) => {
  const t0 = performance.now();
  const r = await window.wendaSearch.search(q, { prefer: lang });
  const docs = await Promise.all(r.results.slice(0, 10).map((x) => window.wendaSearch.doc(x.doc)));
  return { ms: performance.now() - t0, urls: docs.map((d) => d.url) };
};
const PAGEFIND = async ([q]) => {
  const t0 = performance.now();
  const r = await window.pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { ms: performance.now() - t0, urls: data.map((d) => d.url) };
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
const docs = documents(site);
// --scale: the topical queries of run.mjs (synthetic content has no gold answers).
const SCALE = ['中国', '发展', '合作', '人工智能', '中美关系', '一带一路', '南海', '台湾', '乌克兰', '多边主义', '全球治理', '人类命运共同体', '俄乌冲突', '一带一路倡议',
  '中方对两国方案的立场是什么', '联合国改革中方有什么主张', '中国如何看待全球南方的崛起', 'UN 改革']
  .map((q) => ({ q, lang: 'zh', class: 'scale', gold: { ids: [] } }))
  .concat(['China', 'development', 'artificial intelligence', 'Belt and Road', 'Taiwan', 'Ukraine', 'multilateralism', 'countries', 'evacuating', 'multipolarty', 'Ykraine', 'fghanistan', 'U.S.']
    .map((q) => ({ q, lang: 'en', class: 'scale', gold: { ids: [] } })));
const set = args.scale ? SCALE : queries().filter((q) => !args.classes || args.classes.split(',').includes(q.class));
const engines = Object.fromEntries(only.map((e) => [e, []]));
// Query by query, the engines in turn (the first one alternating), so that both meet the same machine load.
for (const [i, q] of set.entries()) {
  for (const engine of i % 2 ? [...only].reverse() : only) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + (engine === 'wenda' ? 'bench-wenda.html' : `bench-pagefind-${q.lang}.html`));
    await page.waitForFunction(engine === 'wenda' ? () => window.wendaSearch && window.wendaSearch.search : () => window.pfReady);
    sent.length = 0;
    const fn = engine === 'wenda' ? WENDA : PAGEFIND;
    const first = await page.evaluate(fn, [q.q, q.lang]);
    const bytes = sent.reduce((a, s) => a + s.gz, 0) + (engine === 'wenda' ? clientBytes : 0);
    const kinds = { client: engine === 'wenda' ? clientBytes : 0 };
    for (const s of sent) { const k = kindOf(s.url); kinds[k] = (kinds[k] || 0) + s.gz; }
    // A second query on the same page: the next query of the set (of the same language).
    const next = set.slice(i + 1).concat(set).find((x) => x.lang === q.lang && x.q !== q.q);
    const second = await page.evaluate(fn, [next.q, next.lang]);
    engines[engine].push({ ...q, gold: gold(q, docs), results: first.urls.map(exchangeKey).filter(Boolean), bytes, kinds, secondMs: second.ms });
    await context.close();
  }
}
await browser.close();
server.close();

/** What a file of a first query is: wenda's index files by their folder (d: dictionary buckets, w: vocabularies,
 * p: postings tiers, doc: documents with their packs' headers, f: filter sets), Pagefind's by its own. */
function kindOf(url) {
  const m = /search\/index\/(meta|[a-z]+)\b/.exec(url) || /pagefind\/(fragment|index|filter|pagefind-entry|wasm)?/.exec(url);
  return m ? m[1] || 'engine' : 'other';
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log(`\n### ${set.length} queries on ${content} (${docs.length} documents)\n`);
if (!args.scale) {
  for (const [engine, rows] of Object.entries(engines)) console.log(table(measure(rows), engine === 'wenda' ? 'wenda' : 'Pagefind 1.6'), '\n');
}
console.log('| engine | first query, kB gzip (median / max) | second query, ms (median / max) |\n|---|---|---|');
for (const [engine, rows] of Object.entries(engines)) {
  const b = rows.map((r) => r.bytes / 1024), t = rows.map((r) => r.secondMs);
  console.log(`| ${engine} | ${median(b).toFixed(1)} / ${Math.max(...b).toFixed(1)} | ${median(t).toFixed(1)} / ${Math.max(...t).toFixed(1)} |`);
}
for (const [engine, rows] of Object.entries(engines)) {
  // Means add up, medians do not: the mean first query by what it loads.
  const all = [...new Set(rows.flatMap((r) => Object.keys(r.kinds)))].sort();
  console.log(`${engine}, first query by kind (mean kB): ${all.map((k) => `${k} ${(rows.reduce((a, r) => a + (r.kinds[k] || 0), 0) / rows.length / 1024).toFixed(1)}`).join(', ')}`);
}
if (engines.wenda && engines.pagefind) {
  // Paired: the same queries, run one after the other on the same machine.
  const d = engines.wenda.map((r, i) => r.secondMs - engines.pagefind[i].secondMs);
  console.log(`second query, wenda − Pagefind per query: median ${median(d).toFixed(1)} ms; wenda faster on ${d.filter((x) => x < 0).length} of ${d.length}`);
}
for (const [engine, rows] of Object.entries(engines)) {
  const big = [...rows].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  console.log(`${engine}'s largest first queries, kB: ${big.map((r) => `${r.q} ${(r.bytes / 1024).toFixed(1)}`).join(', ')}`);
}
if (engines.wenda && !args.scale) {
  const missed = engines.wenda.filter((r) => !r.gold.has(r.results[0])).map((r) => r.q);
  console.log(`\nwenda's first result outside the gold set: ${missed.join(', ') || 'none'}`);
}
if (!args.scale) {
  for (const [engine, rows] of Object.entries(engines)) {
    const short = rows.filter((r) => r.results.slice(0, 10).filter((k) => r.gold.has(k)).length < Math.min(10, r.gold.size));
    console.log(`${engine}: gold answers missing from the first 10: ${short.map((r) => `${r.q} (${r.results.slice(0, 10).filter((k) => r.gold.has(k)).length}/${Math.min(10, r.gold.size)})`).join(', ') || 'none'}`);
  }
}
if (args.scale) for (const [engine, rows] of Object.entries(engines)) console.log(`${engine} per query KB: ${rows.map((r) => `${r.q} ${(r.bytes / 1024).toFixed(1)}`).join(', ')}`);
