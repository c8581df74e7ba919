// Shared by the search browser tests: build a site with the search index, serve it, drive chromium.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { byteRange } from './helpers.mjs';
import { tempDir } from './tmp.mjs';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the wenda binary (WENDA_BIN, or `cargo run` in the repository). */
export function wenda(args) {
  if (process.env.WENDA_BIN) return execFileSync(process.env.WENDA_BIN, args, { cwd: repo, encoding: 'utf8' });
  return execFileSync('cargo', ['run', '--quiet', '--', ...args], { cwd: repo, encoding: 'utf8' });
}

/** The site `wenda build` makes of `content` (offline links by default: read from file://). */
export function builtSite(content, { offline = true } = {}) {
  const out = join(tempDir('wenda-search-site-'), 'public');
  wenda(['--root', repo, 'build', '--content', content, '--out', out, ...(offline ? ['--offline'] : [])]);
  return out;
}

/** Every document of the index in `site` as its pack holds it (raw deflate), pack by pack: each document file
 * is a script whose data is its header of lengths, then its documents, strings of one character per byte
 * (docs/search-index.md; read here as latin1, which maps every byte to one character as x-user-defined does). */
export function packedDocuments(site) {
  const dir = join(site, 'search/index/doc');
  const out = [];
  for (const f of readdirSync(dir)) {
    let data;
    vm.runInNewContext(readFileSync(join(dir, f), 'latin1'), { __wenda: (k, d) => { data = d; } });
    out.push(...data.slice(1).map((s) => Buffer.from(s, 'latin1')));
  }
  return out;
}

/** A site folder holding the index of `content` (`wenda index`: the engine as search/search.js), a minimal page
 * per exchange, and a search page at search/ and en/search/ (a stand-in for
 * the builder's templates/search.html with the same form and #results). */
export function indexedSite(content) {
  const site = tempDir('wenda-search-');
  wenda(['index', '--content', content, '--out', site, '--pages']);
  const page = readFileSync(join(repo, 'tests/fixtures/search/page.html'), 'utf8');
  writeFileSync(join(site, 'search/index.html'), page);
  mkdirSync(join(site, 'en/search'), { recursive: true });
  writeFileSync(join(site, 'en/search/index.html'),
    page.replace('lang="zh-Hans"', 'lang="en"').replace('../search/search.js', '../../search/search.js'));
  return site;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

/** Serves `dir` under the URL prefix `prefix` (e.g. "/archive/") on a free port, answering single byte ranges
 * (`ranges: false`: whole files only, as simple servers do), each answer `delay` ms late (a slow network);
 * `requests` records each request's path, status, bytes sent and range. */
export async function serve(dir, prefix = '/', { ranges = true, delay = 0 } = {}) {
  const requests = [];
  const server = createServer((req, res) => (delay ? setTimeout(answer, delay, req, res) : answer(req, res)));
  function answer(req, res) {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!url.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let path = join(dir, url.slice(prefix.length));
    if (!path.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (url.endsWith('/')) path = join(path, 'index.html');
    if (!existsSync(path)) { res.writeHead(404).end(); return; }
    const body = readFileSync(path), type = TYPES[extname(path)] || 'application/octet-stream';
    const range = ranges ? byteRange(req.headers.range, body.length) : null;
    if (range === 'bad') { res.writeHead(416).end(); return; }
    const [status, sent] = range ? [206, body.subarray(range[0], range[1] + 1)] : [200, body];
    res.writeHead(status, { 'content-type': type, ...(range ? { 'content-range': `bytes ${range[0]}-${range[1]}/${body.length}` } : {}) });
    res.end(sent);
    requests.push({ path: url, status, bytes: sent.length, range: range ? range[0] : null });
  }
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, requests, base: `http://127.0.0.1:${server.address().port}${prefix}` };
}

/** Opens the search page at `url` and waits until the query has been answered; returns the result links. */
export async function results(page, url) {
  await page.goto(url);
  // Results are found before they are drawn (their documents load after): wait for the first one.
  await page.waitForFunction(() => {
    const r = document.querySelector('#results');
    return /search-(none|empty|error)/.test(r.className) || (/search-found/.test(r.className) && r.querySelector('li > a'));
  });
  return page.$$eval('#results li > a', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
}

/**
 * The search page of the built `site` in `lang` ('zh' or 'en') from file://, asking `q`: a query, or an object
 * of parameters (`{ q, year }`).
 */
export function searchUrl(site, lang, q) {
  const page = pathToFileURL(join(site, lang === 'en' ? 'en/search/index.html' : 'search/index.html')).href;
  return page + '?' + (typeof q === 'string' ? 'q=' + encodeURIComponent(q) : new URLSearchParams(q));
}

/** A new page of `browser` on the results of `url`, with the page's script errors collected in `errors`. */
export async function openResults(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors, found: await results(page, url) };
}
