#!/usr/bin/env node
// Search benchmark: wenda's index and client against Pagefind, on the same pages, in one run.
//
// For each size (synthetic events recombined from the real content by `wenda synth`):
//   - index build: wall time, CPU time, peak memory, size on disk (raw and gzip-equivalent), number of files;
//   - in headless Chromium over a local HTTP server, for each query from a fresh page: the bytes loaded
//     (gzip-equivalent, engine and index included, results' texts for the first 10 results included),
//     the cold time (files fetched from localhost) and the warm time (the same query again, everything loaded).
// Then the Chinese quality measure on one-sentence pages made from the real paragraphs: random 2-4 character
// substrings (seeded), recall, precision@1 and precision against the pages that really contain the substring.
//
// usage: node benches/search/run.mjs [--sizes 500,5000,20000] [--from content] [--queries 200] [--work DIR]
// needs: a release build of wenda (built here), tests/browser/node_modules (npm ci), /usr/bin/chromium.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import vm from 'node:vm';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSize, serveCounted } from './served.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const sizes = (args.sizes || '500,5000,20000').split(',').map(Number);
const from = resolve(args.from || join(repo, 'content'));
const qualityQueries = Number(args.queries || 200);
const work = args.work || mkdtempSync(join(tmpdir(), 'wenda-search-bench-'));
const target = process.env.CARGO_TARGET_DIR || join(repo, 'target');
const wenda = process.env.WENDA_BIN || join(target, 'release/wenda');
const pagefind = join(repo, 'tests/browser/node_modules/.bin/pagefind');

const log = (...a) => console.error('#', ...a);

if (!args['no-build']) execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: repo, stdio: 'inherit' });

/** Runs a command under GNU time: {wall, cpu, rssMiB, stdout}. */
function timed(cmd, cmdArgs) {
  const t = join(work, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', t, cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [wall, user, sys, rss] = readFileSync(t, 'utf8').trim().split(/\s+/).map(Number);
  return { wall, cpu: user + sys, rssMiB: rss / 1024, stdout: r.stdout };
}

/** Every file under dir: count, raw bytes, gzip-equivalent bytes (each file gzipped alone, as a server would). */
function sizeOf(dir) {
  let files = 0, raw = 0, gz = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name), s = statSync(p);
      if (s.isDirectory()) walk(p);
      else { files++; raw += s.size; gz += gzipSize(p); }
    }
  };
  walk(dir);
  return { files, raw, gz };
}

const WENDA_PAGE = `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>bench</title></head><body>
<script src="search/search.js"></script></body></html>`;
const PAGEFIND_PAGE = `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>bench</title></head><body>
<script type="module">import * as pf from './pagefind/pagefind.js'; await pf.options({ excerptLength: 30 }); await pf.init(); window.pf = pf; window.pfReady = true;</script></body></html>`;

// In the page: run a query, then load what the first 10 results show. Returns ms and the result ids.
const WENDA_QUERY = async ([q, complete]) => {
  const t0 = performance.now();
  const r = await window.wendaSearch.search(q, { complete });
  const top = r.results.slice(0, 10);
  await Promise.all(top.map((x) => window.wendaSearch.doc(x.doc)));
  return { ms: performance.now() - t0, ids: r.results.map((x) => x.doc), n: r.results.length };
};
const PAGEFIND_QUERY = async ([q, all]) => {
  const t0 = performance.now();
  const r = await window.pf.search(q);
  const take = all ? r.results : r.results.slice(0, 10);
  const data = await Promise.all(take.map((x) => x.data()));
  return { ms: performance.now() - t0, urls: data.map((d) => d.url), n: r.results.length };
};

async function measureQueries(browser, site, queries, engine) {
  const { server, sent, base } = await serveCounted(site);
  const rows = [];
  try {
    for (const q of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      sent.length = 0;
      if (engine === 'wenda') {
        await page.goto(base + 'bench-wenda.html');
        await page.waitForFunction(() => window.wendaSearch);
        await page.evaluate(() => window.wendaSearch.init());
      } else {
        await page.goto(base + (/\p{Script=Han}/u.test(q) ? 'bench-pagefind.html' : 'bench-pagefind-en.html'));
        await page.waitForFunction(() => window.pfReady);
      }
      const fn = engine === 'wenda' ? WENDA_QUERY : PAGEFIND_QUERY;
      const cold = await page.evaluate(fn, [q, false]);
      const bytes = sent.filter((s) => !s.url.endsWith('.html')).reduce((a, s) => a + s.gz, 0);
      let warm = Infinity;
      for (let i = 0; i < 5; i++) warm = Math.min(warm, (await page.evaluate(fn, [q, false])).ms);
      // All the matches (every tier), to compare with Pagefind's count; not part of the bytes or times above.
      const all = engine === 'wenda' ? (await page.evaluate(WENDA_QUERY, [q, true])).n : cold.n;
      rows.push({ q, results: cold.n, all, bytes, files: sent.length - 1, coldMs: cold.ms, warmMs: warm });
      await context.close();
    }
  } finally {
    server.close();
  }
  return rows;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : 0; };
const kb = (b) => (b / 1024).toFixed(1);
const mb = (b) => (b / 1048576).toFixed(1);

/** Builds wenda's index (timed) and Pagefind's (timed) over the same minimal exchange pages. */
function buildBoth(content, site) {
  log('index and pages for', content);
  // Timed into a fresh folder (replacing an old index would add the deletion of its files to wenda's time).
  rmSync(site, { recursive: true, force: true });
  const w = timed(wenda, ['index', '--content', content, '--out', site]);
  const stats = JSON.parse(w.stdout.trim().split('\n').pop());
  const size = sizeOf(join(site, 'search'));
  // Then the pages both tools search (this rewrites the same index).
  timed(wenda, ['index', '--content', content, '--out', site, '--pages']);
  rmSync(join(site, 'pagefind'), { recursive: true, force: true });
  for (const f of ['bench-wenda.html', 'bench-pagefind.html', 'bench-pagefind-en.html']) rmSync(join(site, f), { force: true });
  const p = timed(pagefind, ['--site', site, '--quiet']);
  // The query pages are written after Pagefind has indexed the exchange pages (and only those).
  writeFileSync(join(site, 'bench-wenda.html'), WENDA_PAGE);
  writeFileSync(join(site, 'bench-pagefind.html'), PAGEFIND_PAGE);
  // Pagefind keeps one index per page language and picks it by the page's <html lang>: English queries run on
  // an English page. (wenda's one index holds both languages.)
  writeFileSync(join(site, 'bench-pagefind-en.html'), PAGEFIND_PAGE.replace('lang="zh-Hans"', 'lang="en"'));
  return {
    docs: stats.documents,
    wenda: { ...w, size, engine: gzipSize(join(site, 'search/search.js')) },
    pagefind: { ...p, size: sizeOf(join(site, 'pagefind')) },
  };
}

const ZH_QUERIES = ['中国', '发展', '合作', '人工智能', '中美关系', '一带一路', '南海', '台湾', '乌克兰', '多边主义', '全球治理', '人类命运共同体'];
const EN_QUERIES = ['China', 'development', 'artificial intelligence', 'Belt and Road', 'Taiwan', 'Ukraine', 'multilateralism', 'countries'];

async function scale(browser) {
  const out = [];
  for (const n of sizes) {
    const dir = join(work, `n${n}`);
    const content = join(dir, 'content');
    if (!existsSync(content)) execFileSync(wenda, ['synth', '--from', from, '--events', String(n), '--seed', '42', '--out', content]);
    const site = join(dir, 'site');
    const built = buildBoth(content, site);
    const hasEn = existsSync(join(site, 'en'));
    const queries = hasEn ? [...ZH_QUERIES, ...EN_QUERIES] : ZH_QUERIES;
    log(`${n} events: ${built.docs} documents; queries in chromium`);
    const wq = await measureQueries(browser, site, queries, 'wenda');
    const pq = await measureQueries(browser, site, queries, 'pagefind');
    out.push({ n, built, wq, pq });
    printScale(out[out.length - 1]);
  }
  return out;
}

function printScale({ n, built, wq, pq }) {
  const w = built.wenda, p = built.pagefind;
  console.log(`\n### ${n} synthetic events (${built.docs} exchange pages)\n`);
  console.log('| | wenda | Pagefind 1.6 |\n|---|---|---|');
  console.log(`| index build: wall s / CPU s | ${w.wall.toFixed(2)} / ${w.cpu.toFixed(2)} | ${p.wall.toFixed(2)} / ${p.cpu.toFixed(2)} |`);
  console.log(`| index build: peak memory MiB | ${w.rssMiB.toFixed(0)} | ${p.rssMiB.toFixed(0)} |`);
  console.log(`| index on disk: files, MiB raw, MiB gzip | ${w.size.files}, ${mb(w.size.raw)}, ${mb(w.size.gz)} | ${p.size.files}, ${mb(p.size.raw)}, ${mb(p.size.gz)} |`);
  const sum = (rows, k, f) => `${f(median(rows.map((r) => r[k])))} / ${f(Math.max(...rows.map((r) => r[k])))}`;
  console.log(`| per query KB loaded (gzip, engine incl.): median / max | ${sum(wq, 'bytes', kb)} | ${sum(pq, 'bytes', kb)} |`);
  console.log(`| cold query ms (localhost): median / max | ${sum(wq, 'coldMs', (x) => x.toFixed(0))} | ${sum(pq, 'coldMs', (x) => x.toFixed(0))} |`);
  console.log(`| warm query ms (loaded): median / max | ${sum(wq, 'warmMs', (x) => x.toFixed(1))} | ${sum(pq, 'warmMs', (x) => x.toFixed(1))} |`);
  console.log('\n| query | wenda results: first query / all | wenda KB | wenda warm ms | Pagefind results | Pagefind KB | Pagefind warm ms |\n|---|---|---|---|---|---|---|');
  wq.forEach((r, i) => {
    const s = pq[i];
    console.log(`| ${r.q} | ${r.results} / ${r.all} | ${kb(r.bytes)} | ${r.warmMs.toFixed(1)} | ${s.results} | ${kb(s.bytes)} | ${s.warmMs.toFixed(1)} |`);
  });
}

/** SplitMix-like seeded generator (the same queries every run). */
function rng(seed) {
  let s = BigInt(seed);
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return Number((z ^ (z >> 31n)) % 1000000007n) / 1000000007;
  };
}

async function quality(browser) {
  const dir = join(work, 'quality');
  const content = join(dir, 'content');
  if (!existsSync(content)) execFileSync(wenda, ['synth', '--from', from, '--sentences', '--events', '0', '--out', content]);
  const site = join(dir, 'site');
  const built = buildBoth(content, site);
  // The pages and their one sentence, as written: url -> text; wenda's document id -> url.
  const pages = new Map();
  const docUrl = [];
  const data = (key) => { const js = readFileSync(join(site, `search/index/${key}.js`), 'utf8'); return JSON.parse(js.slice(js.indexOf(',') + 1, js.lastIndexOf(')'))); };
  // A document pack (docs/search-index.md): a script whose strings hold deflated bytes, one character each.
  const packs = new Map();
  const pack = (n) => {
    if (!packs.has(n)) {
      let strings;
      vm.runInNewContext(readFileSync(join(site, `search/index/doc/${n}.bin`), 'latin1'), { __wenda: (k, d) => { strings = d; } });
      packs.set(n, strings.slice(1).map((s) => JSON.parse(inflateRawSync(Buffer.from(s, 'latin1')).toString('utf8'))));
    }
    return packs.get(n);
  };
  const perFile = data('meta').docPack;
  for (let id = 0; id < built.docs; id++) {
    const d = pack(Math.floor(id / perFile))[id % perFile];
    docUrl[id] = '/' + d.u;
    pages.set('/' + d.u, d.p.map((p) => p[2]).join('\n'));
  }
  const texts = [...pages.entries()];
  const han = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/u;
  const random = rng(7);
  const queries = [];
  while (queries.length < qualityQueries) {
    const [, text] = texts[Math.floor(random() * texts.length)];
    const chars = Array.from(text);
    const len = 2 + Math.floor(random() * 3);
    const at = Math.floor(random() * Math.max(1, chars.length - len));
    const q = chars.slice(at, at + len).join('');
    if (han.test(q) && !queries.includes(q)) queries.push(q);
  }
  log(`quality: ${built.docs} one-sentence pages, ${queries.length} substring queries`);
  const measure = async (engine) => {
    const { server, base } = await serveCounted(site);
    const context = await browser.newContext();
    const page = await context.newPage();
    const totals = { recall: 0, p1: 0, precision: 0, withResults: 0 };
    try {
      await page.goto(base + (engine === 'wenda' ? 'bench-wenda.html' : 'bench-pagefind.html'));
      await page.waitForFunction(engine === 'wenda' ? () => window.wendaSearch : () => window.pfReady);
      for (const q of queries) {
        const relevant = new Set(texts.filter(([, t]) => t.includes(q)).map(([u]) => u));
        let urls;
        if (engine === 'wenda') {
          const r = await page.evaluate(WENDA_QUERY, [q, true]);
          urls = r.ids.map((id) => docUrl[id]);
        } else {
          const r = await page.evaluate(PAGEFIND_QUERY, [q, true]);
          urls = r.urls.map((u) => new URL(u, base).pathname.replace(/index\.html$/, ''));
        }
        const hits = urls.filter((u) => relevant.has(u)).length;
        totals.recall += hits / relevant.size;
        if (urls.length) {
          totals.withResults++;
          totals.p1 += relevant.has(urls[0]) ? 1 : 0;
          totals.precision += hits / urls.length;
        }
      }
    } finally {
      await context.close();
      server.close();
    }
    return {
      recall: totals.recall / queries.length,
      p1: totals.p1 / queries.length,
      precision: totals.withResults ? totals.precision / totals.withResults : 0,
    };
  };
  const w = await measure('wenda');
  const p = await measure('pagefind');
  console.log(`\n### Chinese substring quality: ${built.docs} one-sentence pages, ${queries.length} random 2-4 character substrings (seed 7)\n`);
  console.log('| | wenda | Pagefind 1.6 |\n|---|---|---|');
  console.log(`| recall | ${w.recall.toFixed(3)} | ${p.recall.toFixed(3)} |`);
  console.log(`| precision@1 | ${w.p1.toFixed(3)} | ${p.p1.toFixed(3)} |`);
  console.log(`| precision | ${w.precision.toFixed(3)} | ${p.precision.toFixed(3)} |`);
  console.log(`| index build wall s / peak MiB | ${built.wenda.wall.toFixed(2)} / ${built.wenda.rssMiB.toFixed(0)} | ${built.pagefind.wall.toFixed(2)} / ${built.pagefind.rssMiB.toFixed(0)} |`);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
try {
  console.log(`## Search benchmark\n\nmachine: ${cpus().length} cores; content: ${from}; work files: ${work}`);
  if (!args['skip-quality']) await quality(browser);
  if (!args['skip-scale']) await scale(browser);
} finally {
  await browser.close();
}
