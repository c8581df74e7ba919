// What a search query costs as GitHub Pages serves a site, shared by the search benchmarks (run.mjs,
// quality.mjs): a static server that records each response's bytes, counted as the host sends them.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { byteRange } from '../../tests/browser/helpers.mjs';

const gzCache = new Map();
/** The gzip size of a file (level 6, as hosts compress), computed once per path. */
export function gzipSize(path) {
  if (!gzCache.has(path)) gzCache.set(path, gzipSync(readFileSync(path), { level: 6 }).length);
  return gzCache.get(path);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves `dir` at http://127.0.0.1:PORT/ as GitHub Pages serves: text types gzip-compressed (counted as their
 * gzip size), others (wenda's .bin packs, Pagefind's pre-compressed files) as they are; a single byte range
 * answered with 206 and counted as its bytes. `sent` gets {url, gz} per response. */
export async function serveCounted(dir) {
  const sent = [];
  const server = createServer((req, res) => {
    let path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.endsWith('/')) path = join(path, 'index.html');
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) { res.writeHead(404).end(); return; }
    const body = readFileSync(path), text = /\.(html|js|css|json|wasm)$/.test(path);
    const type = TYPES[extname(path)] || 'application/octet-stream';
    const range = text ? null : byteRange(req.headers.range, body.length);
    if (range === 'bad') { res.writeHead(416).end(); return; }
    if (range) {
      sent.push({ url: req.url, gz: range[1] + 1 - range[0] });
      res.writeHead(206, { 'content-type': type, 'cache-control': 'no-store', 'content-range': `bytes ${range[0]}-${range[1]}/${body.length}` });
      res.end(body.subarray(range[0], range[1] + 1));
      return;
    }
    sent.push({ url: req.url, gz: text ? gzipSize(path) : body.length });
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, sent, base: `http://127.0.0.1:${server.address().port}/` };
}
