// A reader's walk through the built fixture site in headless chromium, from file:// (offline build) and from a
// GitHub-Pages-like sub-path: home -> year -> event -> exchange -> topic -> outlet by clicking, then language and
// reading mode switches (each interface keeps its own mode). Any console error, failed request or request to
// another host fails the walk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, watch, fileUrl } from "./helpers.mjs";

let browser;
let offlineDir;
let server;

before(async () => {
  offlineDir = buildSite({ offline: true });
  server = await serve(buildSite({ baseUrl: "http://127.0.0.1/sub/path/" }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function click(page, locator) {
  await Promise.all([page.waitForEvent("load"), locator.first().click()]);
}

async function walk(startUrl, origin) {
  const page = await browser.newPage();
  const problems = watch(page, origin);
  await page.goto(startUrl);
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hans");

  // home -> year
  await click(page, page.locator("main a", { hasText: /^2024$/ }));
  assert.match(page.url(), /\/2024\/(index\.html)?$/);
  assert.equal(await page.locator("h1").textContent(), "2024");

  // year -> event
  await click(page, page.locator(".event-list a"));
  assert.match(page.url(), /\/2024\/2024-03-07-wang-yi\/(index\.html)?$/);
  assert.equal(await page.locator(".toc .questions tbody tr").count(), 3, "3 exchanges in the table of questions");
  assert.equal(await page.locator(".toc a[href='#opening']").count(), 1, "and the opening above it");
  assert.ok(await page.locator("#q01-p3").isVisible(), "paragraph anchors exist on the event page");

  // event -> exchange (its own page)
  await click(page, page.locator("#q02 .section-links a").first());
  assert.match(page.url(), /\/2024\/2024-03-07-wang-yi\/q02\/(index\.html)?$/);
  assert.ok(await page.locator("#q02-p1").isVisible());
  assert.match(await page.locator("#cite-bibtex").textContent(), /@misc\{wenda-2024-03-07-wang-yi-q02/);

  // exchange -> topic
  await click(page, page.locator("article.exchange .meta a[href*='topics/china-us']"));
  assert.match(page.url(), /\/topics\/china-us\/(index\.html)?$/);
  assert.equal(await page.locator("h1").textContent(), "中美关系");
  assert.deepEqual(
    await page.locator(".year-group h2").allTextContents(),
    ["2024", "2023"],
    "topic pages group by year, newest first",
  );

  // topic -> outlet
  await click(page, page.locator(".exchange-list a[href*='outlets/reuters']"));
  assert.match(page.url(), /\/outlets\/reuters\/(index\.html)?$/);
  assert.equal(await page.locator("h1").textContent(), "路透社");

  // outlet -> exchange -> English version of the same page
  await click(page, page.locator(".exchange-list li > a").first());
  await click(page, page.locator("a.lang-switch"));
  assert.match(page.url(), /\/en\/2024\/2024-03-07-wang-yi\/q02\/(index\.html)?$/);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.getAttribute("html", "data-mode"), "en");
  assert.ok(await page.locator("#q02-p1 .en").isVisible());
  assert.ok(!(await page.locator("#q02-p1 .zh").isVisible()), "English mode hides the Chinese");

  // Reading mode: side by side, without a reload, then remembered on reload and on another page.
  const modes = page.locator(".modes");
  assert.ok(await modes.isVisible(), "the mode switch shows when JavaScript runs");
  await page.locator(".modes button[data-mode='both']").click();
  assert.equal(await page.getAttribute("html", "data-mode"), "both");
  assert.ok(await page.locator("#q02-p1 .zh").isVisible());
  assert.ok(await page.locator("#q02-p1 .en").isVisible());
  const [zhBox, enBox] = [await page.locator("#q02-p1 .zh").boundingBox(), await page.locator("#q02-p1 .en").boundingBox()];
  assert.ok(Math.abs(zhBox.y - enBox.y) < 2 && enBox.x > zhBox.x, "side by side: same row, English to the right");
  assert.equal(await page.getAttribute(".modes button[data-mode='both']", "aria-pressed"), "true");
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-mode"), "both", "remembered after a reload");
  await click(page, page.locator(".neighbours a[rel='next']"));
  assert.equal(await page.getAttribute("html", "data-mode"), "both", "remembered on the next page");

  // A one-language mode holds in the interface where it was chosen: side by side, chosen above in the English
  // interface, holds in the Chinese one, and Chinese alone chosen in the English interface does not reach it.
  await page.locator(".modes button[data-mode='zh']").click();
  assert.ok(!(await page.locator("#q03-p1 .en").isVisible()));
  await click(page, page.locator("a.lang-switch"));
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hans");
  assert.equal(await page.getAttribute("html", "data-mode"), "both");

  // An event without English: the English page shows the Chinese with a note.
  await page.goto(new URL(startUrl.endsWith("index.html") ? "en/2023/2023-03-07-qin-gang/index.html" : "en/2023/2023-03-07-qin-gang/", startUrl).href);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  assert.ok(await page.locator(".note.untranslated").isVisible());
  assert.ok(await page.locator("#q01-p1 .zh").isVisible(), "the Chinese text shows on the English page");

  // Keyboard: the first Tab reaches the skip link, which moves focus to the text.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");

  await page.close();
  assert.deepEqual(problems, []);
}

test("walk from file:// (offline build)", async () => {
  await walk(fileUrl(offlineDir), "file://");
});

test("walk from http://127.0.0.1/sub/path/", async () => {
  await walk(server.base, new URL(server.base).origin);
});

/// What a page shows: its interface, its reading mode, and which language of a translated paragraph is visible.
function reading(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    mode: document.documentElement.dataset.mode,
    zh: document.querySelector(".row.has-en .zh").checkVisibility(),
    en: document.querySelector(".row.has-en .en").checkVisibility(),
  }));
}
const CHINESE = { lang: "zh-Hans", mode: "zh", zh: true, en: false };
const ENGLISH = { lang: "en", mode: "en", zh: false, en: true };
const both = (lang) => ({ lang, mode: "both", zh: true, en: true });

/// Each interface keeps its own reading mode: visiting the English one (by its link, in a new tab, then Back)
/// never changes what the Chinese one shows; side by side, chosen in either, holds in both. `at(rel)` is the
/// address of the page at `rel` (a folder, "2024/…/q01/") as the site is served from `origin`.
async function modesStayInTheirInterface(at, origin) {
  const page = await browser.newPage();
  const problems = watch(page, origin);
  await page.goto(at("2024/2024-03-07-wang-yi/q01/"));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  assert.deepEqual(await reading(page), CHINESE, "nothing stored: the Chinese interface reads in Chinese");
  await page.locator(".modes button[data-mode='zh']").click();

  // By the language link, choosing English alone there, then Back; and on to the next question.
  await click(page, page.locator("a.lang-switch"));
  assert.deepEqual(await reading(page), ENGLISH);
  await page.locator(".modes button[data-mode='en']").click();
  await page.goBack();
  assert.match(page.url(), /\/2024\/2024-03-07-wang-yi\/q01\/(index\.html)?$/);
  assert.deepEqual(await reading(page), CHINESE, "Back to the Chinese interface");
  await click(page, page.locator(".neighbours a[rel='next']"));
  assert.deepEqual(await reading(page), CHINESE, "the next Chinese page");

  // In a new tab (Ctrl+click on the language link), English alone chosen again: this tab still reads Chinese.
  const [tab] = await Promise.all([browser.waitForEvent("page"), page.locator("a.lang-switch").click({ modifiers: ["Control"] })]);
  await tab.waitForLoadState();
  assert.match(tab.url(), /\/en\/2024\/2024-03-07-wang-yi\/q02\//);
  assert.deepEqual(await reading(tab), ENGLISH);
  await tab.locator(".modes button[data-mode='en']").click();
  await page.reload();
  assert.deepEqual(await reading(page), CHINESE, "after the English interface was opened in another tab");
  await click(page, page.locator(".neighbours a[rel='next']"));
  assert.deepEqual(await reading(page), CHINESE);

  // Side by side names no language: chosen in the English interface, it holds in the Chinese one too; Chinese
  // alone chosen then in the Chinese interface holds there only.
  await tab.locator(".modes button[data-mode='both']").click();
  await page.reload();
  assert.deepEqual(await reading(page), both("zh-Hans"), "side by side chosen in the English interface");
  await page.locator(".modes button[data-mode='zh']").click();
  await tab.reload();
  assert.deepEqual(await reading(tab), both("en"), "Chinese alone chosen in the Chinese interface");
  await page.reload();
  assert.deepEqual(await reading(page), CHINESE);

  // The one key of earlier versions: its "both" still holds in both interfaces; its one-language mode in none.
  await page.evaluate(() => (localStorage.clear(), localStorage.setItem("wenda-mode", "both")));
  for (const [p, lang] of [[page, "zh-Hans"], [tab, "en"]]) {
    await p.reload();
    assert.deepEqual(await reading(p), both(lang), `an old "both" in the ${lang} interface`);
  }
  await page.evaluate(() => localStorage.setItem("wenda-mode", "en"));
  await page.reload();
  assert.deepEqual(await reading(page), CHINESE, "an old English-only mode does not reach the Chinese interface");

  await page.evaluate(() => localStorage.clear());
  await tab.close();
  await page.close();
  assert.deepEqual(problems, []);
}

test("each interface keeps its reading mode, from file://", async () => {
  await modesStayInTheirInterface((rel) => fileUrl(offlineDir, rel + "index.html"), "file://");
});

test("each interface keeps its reading mode, from http://127.0.0.1/sub/path/", async () => {
  await modesStayInTheirInterface((rel) => server.base + rel, new URL(server.base).origin);
});

test("without JavaScript every page reads in its own language", async () => {
  const context = await browser.browser()?.newContext({ javaScriptEnabled: false });
  // A persistent context has no separate browser; open a page with scripts disabled through CDP instead.
  const page = context ? await context.newPage() : await browser.newPage();
  if (!context) {
    const cdp = await browser.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  }
  await page.goto(fileUrl(offlineDir, "en/2024/2024-03-07-wang-yi/q01/index.html"));
  assert.equal(await page.getAttribute("html", "data-mode"), "en");
  assert.ok(await page.locator("#q01-p1 .en").isVisible());
  assert.ok(!(await page.locator("#q01-p1 .zh").isVisible()));
  assert.ok(!(await page.locator(".modes").isVisible()), "no dead mode buttons without JavaScript");
  // Nor copy buttons or a paragraph picker that nothing would answer; the citations themselves stay.
  assert.ok((await page.locator("button.copy").count()) >= 4);
  for (const dead of ["button.copy", "form.cite-paragraph", "#cite-paragraph", "#cite-paragraph-heading"]) {
    const shown = await page.$$eval(dead, (els) => els.filter((e) => e.checkVisibility()).length);
    assert.equal(shown, 0, `${dead} shows without JavaScript`);
  }
  for (const kept of ["#cite-text", "#cite-bibtex", "#cite-csl"]) {
    assert.ok(await page.locator(kept).isVisible(), `${kept} is hidden without JavaScript`);
  }
  // Without the page script no day of access is added (the file is the same every day).
  assert.doesNotMatch(await page.locator("#cite-text").innerText(), /Accessed/);
  await page.close();
});

test("phone width: one column, nothing wider than the screen", async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["index.html", "2024/2024-03-07-wang-yi/index.html", "en/2024/2024-03-07-wang-yi/q01/index.html", "topics/china-us/index.html"]) {
    await page.goto(fileUrl(offlineDir, path));
    if (await page.locator(".modes").count()) await page.locator(".modes button[data-mode='both']").click();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width}px wide on a 360px screen`);
  }
  await page.goto(fileUrl(offlineDir, "en/2024/2024-03-07-wang-yi/q01/index.html"));
  assert.equal(await page.getAttribute("html", "data-mode"), "both");
  const [zh, en] = [await page.locator("#q01-p1 .zh").boundingBox(), await page.locator("#q01-p1 .en").boundingBox()];
  assert.ok(en.y > zh.y, "side by side stacks the languages on a phone");
  await page.evaluate(() => localStorage.clear());
  await page.close();
});

test("print: no controls, the page's address printed", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl(offlineDir, "2024/2024-03-07-wang-yi/q01/index.html"));
  await page.emulateMedia({ media: "print" });
  assert.ok(!(await page.locator(".modes").isVisible()));
  assert.ok(!(await page.locator(".site-header nav").isVisible()));
  assert.ok(await page.locator(".print-only").isVisible());
  assert.match(await page.locator(".print-only").textContent(), /https:\/\/example\.org\/wenda\/2024\/2024-03-07-wang-yi\/q01\//);
  // No form control at all, nor a label of one: the paragraph picker of "cite this paragraph" included.
  for (const rel of ["2024/2024-03-07-wang-yi/q01/index.html", "en/2024/2024-03-07-wang-yi/q01/index.html"]) {
    await page.goto(fileUrl(offlineDir, rel));
    assert.equal(await page.locator("form.cite-paragraph select").count(), 1, `${rel}: the picker is on the page`);
    const printed = await page.$$eval("form, label, select, button, input", (els) =>
      els.filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 60)),
    );
    assert.deepEqual(printed, [], rel);
  }
  await page.close();
});

test("dark mode follows the system setting", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl(offlineDir, "index.html"));
  await page.emulateMedia({ colorScheme: "light" });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(light, dark);
  assert.equal(dark, "rgb(23, 24, 26)");
  await page.close();
});

test("citation, copy-link and variant readings on an exchange page", async () => {
  const page = await browser.newPage();
  const problems = watch(page, new URL(server.base).origin);
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.base).origin });
  const url = server.base + "2024/2024-03-07-wang-yi/q01/";
  await page.goto(url);

  // Variant readings open in place.
  const variants = page.locator("#q01-p3 details.variants");
  assert.ok(!(await variants.locator("p").isVisible()), "closed by default");
  await variants.locator("summary").click();
  assert.match(await variants.locator("p").innerText(), /北京城市副中心报.*第二段回答（报纸的读法）。/s);

  // Copy link: the page's canonical address (from base_url); the pilcrow copies the paragraph's and moves to it.
  const canonical = "http://127.0.0.1/sub/path/2024/2024-03-07-wang-yi/q01/";
  await page.locator("button[data-copy-url]").click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical);
  await page.locator("#q01-p2 a.pl").click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical + "#q01-p2");
  assert.ok(page.url().endsWith("#q01-p2"));

  // Citation: plain text and BibTeX with the permalink.
  await page.locator("button[data-copy-target='cite-bibtex']").click();
  const bibtex = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(bibtex, /^@misc\{wenda-2024-03-07-wang-yi-q01,/);
  assert.ok(bibtex.includes("url = {http://127.0.0.1/sub/path/2024/2024-03-07-wang-yi/q01/}"), bibtex);
  assert.match(await page.locator("#cite-text").innerText(), /^王毅：《王毅就中国外交政策和对外关系回答中外记者提问》，2024-03-07，q01/);
  // BibTeX and CSL-JSON cite one title under one key; the English page's key is its own (both versions can be
  // cited in one bibliography).
  for (const path of ["2024/2024-03-07-wang-yi/q01/", "en/2024/2024-03-07-wang-yi/q01/"]) {
    await page.goto(server.base + path);
    const csl = JSON.parse(await page.locator("#cite-csl").textContent())[0];
    const bib = await page.locator("#cite-bibtex").textContent();
    const key = "wenda-2024-03-07-wang-yi-q01" + (path.startsWith("en/") ? "-en" : "");
    assert.equal(csl.id, key, path);
    assert.ok(bib.startsWith("@misc{" + key + ","), bib);
    assert.ok(bib.includes("title = {" + csl.title + "}"), `${path}: ${bib} / ${csl.title}`);
  }
  await page.close();
  assert.deepEqual(problems, []);
});
