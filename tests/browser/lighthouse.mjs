// Lighthouse on one page of every page type of the bundled archive, served under a sub-path like GitHub Pages,
// in both interfaces; fails (exit 1) when a category scores under the bar (95 unless given). Not part of
// `node --test` or tests/run.sh: it takes about half a minute a page (over ten minutes for the 23 pages), and
// its performance score depends on the machine's load.
// Run: `node tests/browser/lighthouse.mjs [min-score]` with the `lighthouse` CLI on PATH (or in
// tests/browser/node_modules/.bin; else `npx lighthouse@12` is used) and CHROME_PATH (default /usr/bin/chromium).
// Writes the scores to stdout and the reports' JSON to $LIGHTHOUSE_OUT (default: a temporary folder).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, REPO } from "./helpers.mjs";

const MIN = Number(process.argv[2] || 95);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const out = process.env.LIGHTHOUSE_OUT || mkdtempSync(join(tmpdir(), "wenda-lighthouse-"));
mkdirSync(out, { recursive: true });
const chrome = process.env.CHROME_PATH || "/usr/bin/chromium";

const local = join(REPO, "tests", "browser", "node_modules", ".bin", "lighthouse");
const onPath = spawnSync("sh", ["-c", "command -v lighthouse"], { encoding: "utf8" }).stdout.trim();
const [cmd, pre] = existsSync(local) ? [local, []] : onPath ? [onPath, []] : ["npx", ["--yes", "lighthouse@12"]];

const site = buildSite({ baseUrl: "http://127.0.0.1/sub/path/", content: join(REPO, "content") });
const server = await serve(site);
const year = "2024";
const event = "2024/2024-03-07-wang-yi/";
const pages = {
  home: "",
  year: `${year}/`,
  event,
  exchange: `${event}q04/`,
  topics: "topics/",
  topic: "topics/taiwan/",
  outlets: "outlets/",
  outlet: "outlets/xinhua/",
  about: "about/",
  glossary: "formulations/",
  search: "search/?q=%E5%8F%B0%E6%B9%BE",
  // The one bilingual page served at any missing address; measured as the file itself (status 200), since
  // Lighthouse's SEO category marks every page answered with a 404 status as failing.
  404: "404.html",
};
/// Page types with one page for both interfaces.
const SINGLE = new Set(["404"]);

/// Runs a command to its end; resolves with its exit status and the tail of its stderr.
function runAsync(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
    const timer = setTimeout(() => child.kill(), 240_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

// LIGHTHOUSE_ONLY=home,exchange: only these page types.
const only = process.env.LIGHTHOUSE_ONLY ? process.env.LIGHTHOUSE_ONLY.split(",") : null;
let failed = 0;
for (const [kind, path] of Object.entries(pages).filter(([k]) => !only || only.includes(k))) {
  for (const prefix of SINGLE.has(kind) ? [""] : ["", "en/"]) {
    const url = `${server.base}${prefix}${path}`;
    const report = join(out, `${prefix.replace("/", "-")}${kind}.json`);
    // Asynchronous: the site is served from this process, whose event loop must keep answering.
    const run = await runAsync(
      cmd,
      [
        ...pre,
        url,
        "--quiet",
        "--output=json",
        `--output-path=${report}`,
        `--only-categories=${CATEGORIES.join(",")}`,
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
      ],
      { env: { ...process.env, CHROME_PATH: chrome } }
    );
    if (run.status !== 0 || !existsSync(report)) {
      console.log(`${prefix}${kind}: lighthouse failed (${run.status}) ${run.stderr?.slice(-400)}`);
      failed++;
      continue;
    }
    const scores = JSON.parse(readFileSync(report, "utf8")).categories;
    const line = CATEGORIES.map((c) => `${c} ${Math.round((scores[c]?.score ?? 0) * 100)}`).join(", ");
    const low = CATEGORIES.filter((c) => Math.round((scores[c]?.score ?? 0) * 100) < MIN);
    if (low.length) failed++;
    console.log(`${low.length ? "LOW " : "ok  "}${(prefix + kind).padEnd(14)} ${line}`);
  }
}
await server.close();
console.log(`reports in ${out}`);
process.exit(failed ? 1 : 0);
