// Crawls every page reachable from the home page, from file:// (offline build) and from the served sub-path, and
// fails on any internal link or #anchor that does not resolve, and on any offline link a browser could not open
// from disk (a folder instead of its index.html).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { buildSite, serve, launch, watch, fileUrl, htmlFiles, hasBundledArchive, REPO } from "./helpers.mjs";

let browser;
let offlineDir;
let servedDir;
let server;

before(async () => {
  // One exchange a page: the crawl also goes through every page of every topic and outlet listing.
  offlineDir = buildSite({ offline: true, paginateBy: 1 });
  servedDir = buildSite({ baseUrl: "http://127.0.0.1/sub/path/", paginateBy: 1 });
  server = await serve(servedDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/// Visits every internal page from `start`; returns the pages seen and the problems found.
async function crawl(start, siteRoot, { isFile }) {
  const page = await browser.newPage();
  const problems = watch(page, isFile ? "file://" : new URL(siteRoot).origin);
  const ids = new Map(); // page URL -> Set of ids
  const references = []; // { from, url }
  const queue = [start];
  const seen = new Set(queue);
  const resources = new Set();
  while (queue.length) {
    const url = queue.shift();
    if (isFile) {
      const path = fileURLToPath(url);
      if (!existsSync(path) || !statSync(path).isFile()) {
        problems.push(`offline link to something that is not a file: ${url}`);
        continue;
      }
    }
    const response = await page.goto(url);
    if (!isFile && response?.status() !== 200) {
      problems.push(`HTTP ${response?.status()} for ${url}`);
      continue;
    }
    const found = await page.evaluate(() => ({
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
      links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
      resources: [
        ...[...document.querySelectorAll("link[href]:not([rel~=canonical]):not([hreflang])")].map((l) => l.href),
        ...[...document.querySelectorAll("script[src]")].map((s) => s.src),
      ],
      form: [...document.querySelectorAll("form[action]")].map((f) => f.action),
    }));
    ids.set(url, new Set(found.ids));
    for (const href of [...found.links, ...found.form]) {
      if (!href.startsWith(siteRoot)) {
        problems.push(`link leaves the site: ${href} on ${url}`);
        continue;
      }
      const [target] = href.split("#");
      references.push({ from: url, href });
      if (target.endsWith("/") || target.endsWith(".html")) {
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      } else {
        resources.add(target);
      }
    }
    for (const r of found.resources) resources.add(r);
  }
  for (const r of resources) {
    if (!r.startsWith(siteRoot)) {
      problems.push(`resource outside the site: ${r}`);
    } else if (isFile) {
      if (!existsSync(fileURLToPath(r))) problems.push(`missing file: ${r}`);
    } else {
      const res = await fetch(r);
      if (res.status !== 200) problems.push(`HTTP ${res.status} for ${r}`);
    }
  }
  for (const { from, href } of references) {
    const [target, fragment] = href.split("#");
    if (fragment && !(ids.get(target) ?? new Set()).has(decodeURIComponent(fragment))) {
      problems.push(`broken anchor: ${href} (linked from ${from})`);
    }
  }
  await page.close();
  return { pages: seen, problems };
}

test("offline build: every link and anchor resolves from file://", async () => {
  const root = fileUrl(offlineDir, "");
  const { pages, problems } = await crawl(fileUrl(offlineDir), root, { isFile: true });
  assert.deepEqual(problems, []);
  const reachable = htmlFiles(offlineDir).filter((f) => f !== "404.html");
  assert.equal(pages.size, reachable.length, "every page is reachable by links from the home page");
});

test("served under a sub-path: every link and anchor resolves", async () => {
  const { pages, problems } = await crawl(server.base, server.base, { isFile: false });
  assert.deepEqual(problems, []);
  assert.equal(pages.size, htmlFiles(servedDir).length - 1);
});

for (const where of ["file://", "the served sub-path"]) {
  test(`a topic's pager steps through its pages and back (${where})`, async () => {
    const isFile = where === "file://";
    const start = isFile ? fileUrl(offlineDir, "topics/chinese-diplomacy/index.html") : server.base + "topics/chinese-diplomacy/";
    const page = await browser.newPage();
    const problems = watch(page, isFile ? "file://" : new URL(server.base).origin);
    await page.goto(start);
    const heading = await page.locator("h1").innerText();
    const position = () => page.locator(".pager .position").innerText();
    const first = await position();
    assert.match(first, /^第 1 页，共 (\d+) 页$/);
    const count = Number(first.match(/共 (\d+) 页/)[1]);
    assert.ok(count >= 3, `the fixture's chinese-diplomacy topic fills several pages (${count})`);
    const firstListed = () => page.locator(".exchange-list li > a").first().evaluate((a) => a.pathname);
    const listed = new Set([await firstListed()]);
    for (let n = 2; n <= count; n++) {
      await Promise.all([page.waitForEvent("load"), page.locator(".pager a[rel=next]").click()]);
      assert.ok(page.url().endsWith(isFile ? `page/${n}/index.html` : `page/${n}/`), page.url());
      assert.equal(await position(), `第 ${n} 页，共 ${count} 页`);
      assert.equal(await page.locator("h1").innerText(), heading);
      // Resolved against this page: a different exchange on every page.
      listed.add(await firstListed());
    }
    assert.equal(await page.locator(".pager a[rel=next]").count(), 0, "the last page has no next");
    assert.equal(listed.size, count);
    await Promise.all([page.waitForEvent("load"), page.locator(".pager a", { hasText: "最新" }).click()]);
    assert.equal(page.url(), start);
    assert.equal(await page.locator(".pager a[rel=prev]").count(), 0, "the first page has no previous");
    await page.close();
    assert.deepEqual(problems, []);
  });
}

test("the 404 page works at any depth", async () => {
  const page = await browser.newPage();
  const problems = watch(page, new URL(server.base).origin).filter(() => true);
  const response = await page.goto(server.base + "no/such/deep/page/");
  assert.equal(response.status(), 404);
  assert.ok(await page.locator("link[rel=stylesheet]").count());
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".skip")).position);
  assert.equal(styled, "absolute", "the stylesheet loaded from a deep URL");
  await Promise.all([page.waitForEvent("load"), page.locator("main a").first().click()]);
  assert.equal(page.url(), server.base);
  await page.close();
  // The only failed request is the missing page itself.
  assert.deepEqual(problems.filter((p) => !p.includes("no/such/deep/page")), []);
});

test("the 404 page speaks the language of the missing URL: English chrome under en/, Chinese elsewhere", async () => {
  const page = await browser.newPage();
  const visibleNav = () =>
    page.evaluate(() =>
      [...document.querySelectorAll(".site-header nav a")].filter((a) => a.offsetParent !== null).map((a) => a.textContent),
    );
  for (const [path, lang, home] of [["en/2031/no-such-event/q09/", "en", "en/"], ["2031/no-such-event/", "zh-Hans", ""]]) {
    const response = await page.goto(server.base + path);
    assert.equal(response.status(), 404, path);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, path);
    const nav = await visibleNav();
    assert.equal(nav.length, 4, `${path}: one navigation shown, ${nav}`);
    // Every visible navigation label is in the page's language: Latin letters only under en/, Han only elsewhere.
    for (const label of nav) assert.equal(/\p{Script=Han}/u.test(label), lang !== "en", `${path}: ${label}`);
    const title = await page.title();
    assert.equal(/\p{Script=Han}/u.test(title.split(" · ")[1]), lang !== "en", `${path}: title ${title}`);
    // The brand link leads to that language's home page.
    await Promise.all([page.waitForEvent("load"), page.locator(".site-header .brand a:visible").click()]);
    assert.equal(page.url(), server.base + home, path);
  }
  await page.close();
});

test("the bundled archive (content/): every link and anchor resolves from file://", { skip: !hasBundledArchive() && "no bundled events" }, async (t) => {
  const dir = buildSite({ offline: true, content: join(REPO, "content") });
  const { pages, problems } = await crawl(fileUrl(dir), fileUrl(dir, ""), { isFile: true });
  assert.deepEqual(problems, []);
  assert.equal(pages.size, htmlFiles(dir).length - 1);
  t.diagnostic(`${pages.size} pages crawled`);
});

test("a default build (no --offline) read from file://: every link and form opens a page, not a folder", async () => {
  const dir = buildSite({ paginateBy: 1 });
  const { pages, problems } = await crawl(fileUrl(dir), fileUrl(dir, ""), { isFile: true });
  assert.deepEqual(problems, []);
  assert.equal(pages.size, htmlFiles(dir).length - 1, "every page is reachable by links from the home page");
  // A real click, and a link added after the page loaded (as search results are), land on pages too.
  const page = await browser.newPage();
  await page.goto(fileUrl(dir));
  await Promise.all([page.waitForEvent("load"), page.locator("main a[href]").first().click()]);
  assert.match(page.url(), /\/index\.html(#.*)?$/, page.url());
  assert.ok((await page.locator("h1").count()) > 0, "a page, not a directory listing");
  await page.evaluate(() => {
    const a = document.createElement("a");
    a.href = document.querySelector("link[rel=home], a.site-name, header a")?.getAttribute("href") || "./";
    a.id = "late";
    a.textContent = "late";
    document.body.append(a);
  });
  await Promise.all([page.waitForEvent("load"), page.locator("#late").click()]);
  assert.match(page.url(), /\/index\.html$/, page.url());
  await page.close();
});
