// Chinese typography and the phone's first screen, measured in the browser on the bundled archive: curly
// quotes in Chinese text are full-width (as wide as a Han character) and stay narrow in English text, in both
// interfaces and every reading mode; on a 390×844 phone an event page's first screen reaches its table of
// questions (the header is compact, whatever the length of the event's title), in both interfaces.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite, launch, fileUrl, watch, hasBundledArchive, REPO } from "./helpers.mjs";

const skip = !hasBundledArchive() && "no bundled events";
const PHONE = { width: 390, height: 844 };
let browser;
let site;
let events; // ["YEAR/ID", …]

before(async () => {
  if (skip) return;
  site = buildSite({ offline: true, content: join(REPO, "content") });
  browser = await launch();
  events = readdirSync(site)
    .filter((d) => /^\d{4}$/.test(d))
    .flatMap((year) => readdirSync(join(site, year)).filter((d) => /^\d{4}-/.test(d)).map((id) => `${year}/${id}`));
});

after(async () => {
  await browser?.close();
});

/// The width of every curly quote of the page's main text against the font size, by the language of its run.
async function quoteWidths(page) {
  return page.evaluate(async () => {
    await document.fonts.ready; // local() fonts load once the text needing them is laid out
    const out = [];
    const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el.getClientRects().length) continue; // hidden by the reading mode
      const lang = el.closest("[lang]")?.lang || "";
      const size = parseFloat(getComputedStyle(el).fontSize);
      for (const m of n.data.matchAll(/[\u2018\u2019\u201C\u201D]/g)) {
        range.setStart(n, m.index);
        range.setEnd(n, m.index + 1);
        const w = range.getBoundingClientRect().width;
        out.push({ zh: lang.startsWith("zh"), em: w / size, text: n.data.slice(Math.max(0, m.index - 6), m.index + 6) });
      }
    }
    return out;
  });
}

test("curly quotes are full-width in Chinese text and narrow in English text", { skip }, async () => {
  const page = await browser.newPage();
  const problems = watch(page, "file://");
  let zh = 0;
  let en = 0;
  for (const event of events) {
    for (const [prefix, mode] of [["", "zh"], ["en/", "en"], ["en/", "both"], ["", "both"]]) {
      await page.goto(fileUrl(site, `${prefix}${event}/index.html`));
      await page.evaluate((m) => document.documentElement.setAttribute("data-mode", m), mode);
      for (const q of await quoteWidths(page)) {
        if (q.zh) {
          zh++;
          assert.ok(q.em >= 0.9, `${prefix}${event} (${mode}): ${q.em.toFixed(2)} em in Chinese «${q.text}»`);
        } else {
          en++;
          assert.ok(q.em < 0.6, `${prefix}${event} (${mode}): ${q.em.toFixed(2)} em in English «${q.text}»`);
        }
      }
    }
  }
  // The archive quotes in both languages: the rule was tried on many quotes of each.
  assert.ok(zh > 50 && en > 50, `${zh} Chinese and ${en} English quotes measured`);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const lang of ["zh", "en"]) {
  test(`phone, ${lang} interface: an event page's first screen reaches its table of questions`, { skip }, async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    for (const event of events) {
      const rel = `${lang === "en" ? "en/" : ""}${event}/index.html`;
      await page.goto(fileUrl(site, rel));
      const at = await page.evaluate(() => {
        const row = document.querySelector(".questions tbody tr").getBoundingClientRect();
        const header = document.querySelector(".site-header").getBoundingClientRect();
        const title = document.querySelector("h1").getBoundingClientRect();
        return { rowTop: row.top, rowBottom: row.bottom, header: header.height, title: title.height, screen: innerHeight };
      });
      // The site's name and its menu share one row of 44 px links.
      assert.ok(at.header <= 56, `${rel}: header ${at.header}px`);
      // The first question of the table is whole on the first screen.
      assert.ok(at.rowBottom <= at.screen, `${rel}: the first question ends at ${at.rowBottom}px (${JSON.stringify(at)})`);
    }
    await page.close();
  });
}
