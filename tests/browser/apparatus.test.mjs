// The critical apparatus in a real browser, on the bundled archive: a reader opens an exchange, reads an emended
// reading and its note (outlined when reached, its * named), sees where the text comes from and how another
// source differs, and cites a paragraph.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, serve, launch, watch, interfaceString, REPO } from "./helpers.mjs";
import { results } from "./search-helpers.mjs";

let browser;
let server;

before(async () => {
  server = await serve(buildSite({ content: join(REPO, "content"), baseUrl: "http://127.0.0.1/sub/path/" }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("an emended reading links to its note with the printed text", async () => {
  const page = await browser.newPage();
  const problems = watch(page, new URL(server.base).origin);
  await page.goto(server.base + "2024/2024-03-07-wang-yi/q10/");
  const emended = page.locator("#q10-p5 ins.emended").first();
  assert.equal(await emended.innerText(), "发挥互补优势");
  await page.locator("#q10-p5 a.note-ref").first().click();
  assert.ok(page.url().endsWith("#q10-p5-n1"), page.url());
  const note = await page.locator("#q10-p5-n1").innerText();
  assert.ok(note.includes("发挥优势互补优势"), `the printed reading is one click away: ${note}`);
  // The English carries the same mark, pointing at the same note.
  await page.locator(".modes button[data-mode='both']").click();
  assert.equal(await page.locator("#q10-p5 .en mark.follows").first().innerText(), "complementary strengths");
  assert.equal(await page.locator("#q10-p5 .en a.note-ref").first().getAttribute("href"), "#q10-p5-n1");
  await page.close();
  assert.deepEqual(problems, []);
});

test("a note reached by its * is outlined as a targeted paragraph is; each * is named in the interface's language", async () => {
  const page = await browser.newPage();
  for (const lang of ["zh", "en"]) {
    await page.goto(`${server.base}${lang === "en" ? "en/" : ""}2024/2024-03-07-wang-yi/q10/#q10-p5`);
    const outline = (selector) =>
      page.$eval(selector, (el) => {
        const style = getComputedStyle(el);
        return { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor, offset: style.outlineOffset };
      });
    const paragraph = await outline("#q10-p5");
    assert.equal(paragraph.style, "solid", `${lang}: the targeted paragraph is outlined`);
    await page.locator("#q10-p5 a.note-ref:visible").first().click();
    assert.ok(page.url().endsWith("#q10-p5-n1"), page.url());
    assert.deepEqual(await outline("li:target"), paragraph, `${lang}: the note is outlined as the paragraph was`);
    // The * says what it is (not "star"), in the interface's language, whichever paragraph it sits in.
    const name = interfaceString(lang, "note_ref");
    const refs = await page.$$eval("a.note-ref", (as) => as.map((a) => ({ label: a.getAttribute("aria-label"), lang: a.lang, shown: a.checkVisibility() })));
    const htmlLang = await page.getAttribute("html", "lang");
    assert.ok(refs.length >= 2 && refs.every((r) => r.label === name && r.lang === htmlLang), `${lang}: ${JSON.stringify(refs)}`);
    const named = await page.getByRole("link", { name, exact: true }).count();
    assert.equal(named, refs.filter((r) => r.shown).length, `${lang}: every * shown is a link named "${name}"`);
  }
  await page.close();
});

test("a paragraph names its base source and shows variants as differences", async () => {
  const page = await browser.newPage();
  await page.goto(server.base + "2024/2024-03-07-wang-yi/q04/");
  const row = page.locator("#q04-p6");
  assert.ok(!(await row.locator(".zh").innerText()).includes("challenge"), "the wire's Latin slip is not shown");
  const summary = await row.locator("details.variants summary").innerText();
  assert.match(summary, /新华社|北京城市副中心报/);
  await row.locator("details.variants summary").click();
  const ins = await row.locator("details.variants .diff ins").allInnerTexts();
  assert.ok(ins.some((t) => t.includes("challenge")), `the slip is shown as the other source's difference: ${ins}`);
  // Only the differing spans and a little context, not the whole paragraph again.
  const diffText = await row.locator("details.variants .diff").first().innerText();
  const paragraph = await row.locator(".zh").innerText();
  assert.ok(diffText.length < paragraph.length / 2, `${diffText.length} vs ${paragraph.length}`);
  await page.close();
});

test("cite this paragraph: the citation ends in the paragraph's anchor and follows the address", async () => {
  const page = await browser.newPage();
  await page.goto(server.base + "2024/2024-03-07-wang-yi/q05/#q05-p3");
  const cite = page.locator("#cite-paragraph");
  assert.ok((await cite.innerText()).endsWith("/2024/2024-03-07-wang-yi/q05/#q05-p3"), await cite.innerText());
  await page.locator("form.cite-paragraph select").selectOption("q05-p2");
  assert.ok((await cite.innerText()).endsWith("#q05-p2"));
  assert.ok((await cite.innerText()).startsWith("王毅："), await cite.innerText());
  // A paragraph of the question is the reporter's, asked of the speaker; an answer's paragraph is the speaker's.
  await page.locator("form.cite-paragraph select").selectOption("q05-p1");
  const question = await cite.innerText();
  assert.ok(question.startsWith("新华社记者：") && question.includes("（向王毅提问）") && question.endsWith("#q05-p1"), question);
  const en = await browser.newPage();
  await en.goto(server.base + "en/2024/2024-03-07-wang-yi/q05/");
  const first = await en.locator("#cite-paragraph").innerText();
  assert.ok(first.startsWith("Xinhua News Agency reporter, question q05 to Wang Yi,") && first.endsWith("#q05-p1"), first);
  await en.close();
  // Paragraph numbers show beside the text on request.
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains("numbered")));
  const title = await page.getAttribute("meta[name='citation_title']", "content");
  assert.ok(title && title.length > 0);
  assert.ok((await page.locator("#cite-bibtex").innerText()).includes("author = {{王毅}}"));
  const csl = JSON.parse(await page.locator("#cite-csl").innerText());
  assert.equal(csl[0].author[0].literal, "王毅");
  await page.close();
});

test("a citation carries the day it was made, in every form, and the paragraph's anchor still ends it", async () => {
  const page = await browser.newPage();
  await page.goto(server.base + "2024/2024-03-07-wang-yi/q05/#q05-p3");
  // The reader's own day (the page's time zone), as the page script reads it.
  const [y, m, d] = await page.evaluate(() => { const n = new Date(); return [n.getFullYear(), n.getMonth() + 1, n.getDate()]; });
  const day = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  // Citations name the published address (base_url), not the server the test reads from.
  const site = "http://127.0.0.1/sub/path/", url = site + "2024/2024-03-07-wang-yi/q05/";
  assert.ok((await page.locator("#cite-text").innerText()).endsWith(`，${day}访问，${url}`), await page.locator("#cite-text").innerText());
  assert.ok((await page.locator("#cite-paragraph").innerText()).endsWith(`，${day}访问，${url}#q05-p3`));
  await page.locator("form.cite-paragraph select").selectOption("q05-p1");
  const question = await page.locator("#cite-paragraph").innerText();
  assert.ok(question.startsWith("新华社记者：") && question.endsWith(`，${day}访问，${url}#q05-p1`), question);
  const bibtex = await page.locator("#cite-bibtex").innerText();
  assert.match(bibtex, new RegExp(`\\n  urldate = \\{${day}\\},\\n\\}$`), bibtex);
  assert.equal((bibtex.match(/urldate/g) || []).length, 1);
  const csl = JSON.parse(await page.locator("#cite-csl").innerText());
  assert.deepEqual(csl[0].accessed, { "date-parts": [[y, m, d]] });
  assert.equal(csl[0].URL, url);
  // The file itself is the same every day: the day is the page script's.
  const file = await (await fetch(server.base + "2024/2024-03-07-wang-yi/q05/")).text();
  assert.ok(!file.includes(`${day}访问`) && !file.includes("urldate") && !file.includes("accessed\""), "the day is not in the file");
  await page.goto(server.base + "en/2024/2024-03-07-wang-yi/q05/");
  const en = await page.locator("#cite-text").innerText();
  assert.ok(en.endsWith(`. Accessed ${day}. ${site}en/2024/2024-03-07-wang-yi/q05/`), en);
  assert.ok((await page.locator("#cite-paragraph").innerText()).includes(`Accessed ${day}. ${site}en/`));
  await page.close();
});

test("search finds both the printed and the emended reading", async () => {
  const page = await browser.newPage();
  for (const q of ["天平情怀", "天下情怀"]) {
    const found = await results(page, server.base + "search/?q=" + encodeURIComponent(q));
    const hrefs = found.map((r) => r.href);
    assert.ok(hrefs.some((h) => h.includes("2026/2026-03-08-wang-yi/q01/")), `${q}: ${hrefs.slice(0, 3)}`);
  }
  await page.close();
});
