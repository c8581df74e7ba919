// Shared helpers of the browser tests: build the fixture site with the real `wenda` binary, serve it under a
// sub-path like GitHub Pages does, and drive Debian's chromium through playwright-core.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, readFileSync, statSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve, extname, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { tempDir } from "./tmp.mjs";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURE_CONTENT = join(REPO, "tests", "fixtures", "site", "content");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const SUB_PATH = "/sub/path/";

/// A site folder like the repository's (its templates and static files) whose site.toml sets
/// `build.paginate_by`: at 1, the fixture's five exchanges fill several pages of each topic and outlet.
function siteRootPaginatedBy(paginateBy) {
  const root = tempDir("wenda-site-");
  cpSync(join(REPO, "templates"), join(root, "templates"), { recursive: true });
  cpSync(join(REPO, "static"), join(root, "static"), { recursive: true });
  const toml = readFileSync(join(REPO, "site.toml"), "utf8");
  if (!/^paginate_by = \d+$/m.test(toml)) throw new Error("site.toml has no `paginate_by = N` line");
  writeFileSync(join(root, "site.toml"), toml.replace(/^paginate_by = \d+$/m, `paginate_by = ${paginateBy}`));
  return root;
}

/// Runs `wenda build` (through cargo, so the binary is up to date) and returns the output folder.
export function buildSite({
  offline = false,
  baseUrl = "https://example.org/wenda/",
  content = FIXTURE_CONTENT,
  minify = true,
  paginateBy = null,
} = {}) {
  const out = join(tempDir("wenda-browser-"), "public");
  const root = paginateBy === null ? REPO : siteRootPaginatedBy(paginateBy);
  const args = ["run", "--quiet", "--", "--root", root, "build", "--content", content, "--out", out, "--base-url", baseUrl];
  if (offline) args.push("--offline");
  if (!minify) args.push("--no-minify");
  const result = spawnSync("cargo", args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    throw new Error(`wenda build failed (${result.status}):\n${result.stderr}`);
  }
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".wasm": "application/wasm",
};

/// The byte range a `Range: bytes=…` header asks of a file of `size` bytes: [start, end] (inclusive), null
/// for no (single) range, or "bad" for one that cannot be satisfied.
export function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header || "");
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const [start, end] = m[1] === "" ? [size - Number(m[2]), size - 1] : [Number(m[1]), m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1)];
  return start < 0 || start > end ? "bad" : [start, end];
}

/// Serves `dir` at http://127.0.0.1:PORT/sub/path/ the way GitHub Pages serves a project site: folders answer
/// with their index.html, a folder without a trailing slash redirects, a missing file gets 404.html, and a
/// single byte range is answered with 206 (`ranges: false`: the whole file, as simple servers do). `requests`
/// records each request's path, status and bytes sent.
export async function serve(dir, { ranges = true } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (!url.pathname.startsWith(SUB_PATH)) {
      res.writeHead(404).end("outside the site");
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(SUB_PATH.length));
    let file = join(dir, rel);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        res.writeHead(301, { location: url.pathname + "/" + url.search }).end();
        return;
      }
      file = join(file, "index.html");
    }
    if (existsSync(file) && statSync(file).isFile()) {
      const body = readFileSync(file);
      const type = { "content-type": TYPES[extname(file)] || "application/octet-stream", "accept-ranges": ranges ? "bytes" : "none" };
      const range = ranges ? byteRange(req.headers.range, body.length) : null;
      if (range === "bad") {
        res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
        requests.push({ path: url.pathname, status: 416, bytes: 0 });
      } else if (range) {
        res.writeHead(206, { ...type, "content-range": `bytes ${range[0]}-${range[1]}/${body.length}` });
        res.end(body.subarray(range[0], range[1] + 1));
        requests.push({ path: url.pathname, status: 206, bytes: range[1] + 1 - range[0] });
      } else {
        res.writeHead(200, type);
        res.end(body);
        requests.push({ path: url.pathname, status: 200, bytes: body.length });
      }
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(dir, "404.html")));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  return { base, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/// A fresh headless chromium (own profile, no network chatter), as a persistent context.
export async function launch() {
  const profile = tempDir("wenda-chromium-");
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/// Records console errors, page errors, failed requests, requests to other hosts and dialogs (alert()) of a page.
export function watch(page, allowedOrigin) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()} (${page.url()})`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message} (${page.url()})`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText;
    // ERR_ABORTED is a request the browser cancelled because the page navigated away (typically the favicon,
    // fetched after the load event). A missing file fails with ERR_FILE_NOT_FOUND or an HTTP status instead.
    if (error === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${req.url()} ${error}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(allowedOrigin) && !u.startsWith("data:")) problems.push(`request to another place: ${u}`);
  });
  page.on("dialog", async (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return problems;
}

/// The start URL of a built site: file://…/index.html (offline) or the served sub-path.
export function fileUrl(dir, rel = "index.html") {
  return pathToFileURL(join(dir, rel)).href;
}

/// Every .html file under `dir`, relative paths.
export function htmlFiles(dir, prefix = "") {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...htmlFiles(dir, rel));
    else if (entry.name.endsWith(".html")) out.push(rel);
  }
  return out.sort();
}

/// Whether the repository holds bundled events (content/YEAR/*.zh.md), not only vocabularies.
export function hasBundledArchive() {
  const content = join(REPO, "content");
  if (!existsSync(content)) return false;
  return readdirSync(content, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .some((e) => readdirSync(join(content, e.name)).some((f) => f.endsWith(".zh.md")));
}

/// An interface string of templates/strings.toml (`[zh]` or `[en]`): what the page is expected to say.
export function interfaceString(lang, key) {
  const toml = readFileSync(join(REPO, "templates/strings.toml"), "utf8");
  const section = toml.split(/^\[(zh|en)\]$/m);
  const body = section[section.indexOf(lang) + 1];
  const line = body.match(new RegExp(`^${key} = "(.*)"$`, "m"));
  if (!line) throw new Error(`${key} is not in [${lang}] of strings.toml`);
  return line[1];
}
