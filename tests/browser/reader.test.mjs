// The reader on a phone (390×844) and a desktop, on the bundled archive: every paragraph link lands visible
// under the sticky reading-mode bar in both interfaces, the bar keeps to one row, controls are at least 44 px,
// the event page's table of questions numbers right on screen and in print, downloads and feeds parse,
// "copy link" copies the canonical address, keyboard focus never hides under the bar, and a pilcrow's copy is
// shown beside it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serve, launch, watch, fileUrl, hasBundledArchive, interfaceString, REPO } from "./helpers.mjs";

const skip = !hasBundledArchive() && "no bundled events";
const PHONE = { width: 390, height: 844 };
let browser;
let offline;
let served;
let server;
let events; // [{ year, id, exchanges: ["q01", …] }]

before(async () => {
  if (skip) return;
  const content = join(REPO, "content");
  offline = buildSite({ offline: true, content });
  served = buildSite({ baseUrl: "http://127.0.0.1/sub/path/", content });
  server = await serve(served);
  browser = await launch();
  events = [];
  for (const year of readdirSync(offline).filter((d) => /^\d{4}$/.test(d))) {
    for (const id of readdirSync(join(offline, year)).filter((d) => /^\d{4}-/.test(d))) {
      const exchanges = readdirSync(join(offline, year, id)).filter((d) => /^q\d+$/.test(d)).sort();
      events.push({ year, id, exchanges });
    }
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/// Where the row of `anchor` stands against the sticky bar and the viewport.
async function landing(page, anchor) {
  return page.evaluate((id) => {
    const row = document.getElementById(id).getBoundingClientRect();
    const bar = document.querySelector(".modes");
    const barBottom = bar && !bar.hidden ? bar.getBoundingClientRect().bottom : 0;
    return { top: row.top, barBottom, height: innerHeight };
  }, anchor);
}

for (const lang of ["zh", "en"]) {
  test(`phone, ${lang} interface: every paragraph link of every exchange page lands below the bar`, { skip }, async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    // A paragraph link under the bar cannot be clicked: fail fast rather than wait for it.
    page.setDefaultTimeout(5000);
    const problems = watch(page, "file://");
    let links = 0;
    for (const event of events) {
      for (const q of event.exchanges) {
        const rel = `${lang === "en" ? "en/" : ""}${event.year}/${event.id}/${q}/index.html`;
        await page.goto(fileUrl(offline, rel));
        // The reading-mode switch keeps to one row: no taller than one button and its margin.
        const bar = await page.evaluate(() => {
          const b = document.querySelector(".modes");
          const buttons = [...b.querySelectorAll("button")].map((x) => x.getBoundingClientRect());
          return { height: b.getBoundingClientRect().height, tops: buttons.map((r) => r.top), button: buttons[0].height };
        });
        assert.equal(new Set(bar.tops).size, 1, `${rel}: the mode buttons share one row`);
        assert.ok(bar.height < bar.button * 1.6, `${rel}: bar ${bar.height}px for ${bar.button}px buttons`);
        const anchors = await page.$$eval(".row .pl", (as) => as.map((a) => a.getAttribute("href").slice(1)));
        for (const anchor of anchors) {
          await page.click(`.row .pl[href="#${anchor}"]`);
          const at = await landing(page, anchor);
          assert.ok(at.top >= at.barBottom - 1, `${rel}#${anchor}: row at ${at.top}, bar ends at ${at.barBottom}`);
          assert.ok(at.top < at.height - 40, `${rel}#${anchor}: row at ${at.top} is below the screen`);
          links++;
        }
      }
    }
    assert.ok(links > 200, `${links} paragraph links tried`);
    // Opened from a link elsewhere (the bar appears after the first scroll): the paragraph is still visible.
    const q = events.find((e) => e.exchanges.includes("q05"));
    await page.goto(fileUrl(offline, `${lang === "en" ? "en/" : ""}${q.year}/${q.id}/q05/index.html`) + "#q05-p3");
    const at = await landing(page, "q05-p3");
    assert.ok(at.top >= at.barBottom - 1 && at.top < at.height - 40, JSON.stringify(at));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`phone, ${lang} interface: controls and navigation are at least 44 px; the header is compact`, { skip }, async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    const e = events[0];
    for (const rel of [`${e.year}/${e.id}/${e.exchanges[0]}/index.html`, `${e.year}/${e.id}/index.html`]) {
      await page.goto(fileUrl(offline, (lang === "en" ? "en/" : "") + rel));
      const small = await page.evaluate(() =>
        [...document.querySelectorAll(".site-header nav a, .modes button, .row .pl, button.copy, .questions td a, .neighbours a")]
          .filter((el) => el.offsetParent !== null)
          .map((el) => ({ what: el.outerHTML.slice(0, 60), h: el.getBoundingClientRect().height, w: el.getBoundingClientRect().width }))
          .filter((r) => r.h < 44 || (r.w < 44 && !r.what.startsWith("<a href")))
      );
      assert.deepEqual(small, [], rel);
      const header = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
      assert.ok(header <= 130, `${rel}: header ${header}px`);
    }
    await page.close();
  });
}

test("the event page's table lists every question (id, outlet, headline), on screen and in print", { skip }, async () => {
  const page = await browser.newPage();
  for (const event of events) {
    await page.goto(fileUrl(offline, `${event.year}/${event.id}/index.html`));
    for (const media of ["screen", "print"]) {
      await page.emulateMedia({ media });
      const rows = await page.$$eval(".questions tbody tr", (trs) =>
        trs.map((tr) => ({
          id: tr.cells[0].innerText.trim(),
          outlet: tr.cells[1].innerText.trim(),
          headline: tr.cells[2].innerText.trim(),
          visible: tr.getBoundingClientRect().height > 0,
        }))
      );
      assert.deepEqual(rows.map((r) => r.id), event.exchanges, `${event.id} (${media})`);
      for (const r of rows) {
        assert.ok(r.visible && r.outlet && r.headline.length > 3, `${event.id} ${r.id} (${media}): ${JSON.stringify(r)}`);
      }
    }
    await page.emulateMedia({ media: "screen" });
  }
  await page.close();
});

test("downloads and feeds parse; copy link copies the canonical address", { skip }, async () => {
  const page = await browser.newPage();
  const problems = watch(page, new URL(server.base).origin);
  const event = events[0];
  await page.goto(`${server.base}en/${event.year}/${event.id}/`);
  const hrefs = await page.$$eval(".downloads a", (as) => as.map((a) => a.href));
  assert.equal(hrefs.length, 2);
  const checked = await page.evaluate(async ([json, md]) => {
    const data = await (await fetch(json)).json();
    const text = await (await fetch(md)).text();
    return { id: data.id, exchanges: data.exchanges.length, text: text.length, anchors: (text.match(/`q\d+-p\d+`/g) || []).length };
  }, hrefs.sort());
  assert.equal(checked.id, event.id);
  assert.equal(checked.exchanges, event.exchanges.length);
  assert.ok(checked.anchors > checked.exchanges * 2, JSON.stringify(checked));
  // A feed per topic, in both languages, that the browser's XML parser reads.
  await page.goto(`${server.base}topics/`);
  const topics = await page.$$eval("main a[href*='topics/']", (as) => as.map((a) => a.href));
  assert.ok(topics.length >= 20);
  const feeds = await page.evaluate(async (urls) => {
    const out = [];
    for (const u of urls) {
      for (const prefix of ["", "en/"]) {
        const url = u.replace("/sub/path/", `/sub/path/${prefix}`) + "atom.xml";
        const doc = new DOMParser().parseFromString(await (await fetch(url)).text(), "application/xml");
        out.push({ url, error: !!doc.querySelector("parsererror"), entries: doc.querySelectorAll("entry").length });
      }
    }
    return out;
  }, topics);
  assert.deepEqual(feeds.filter((f) => f.error), []);
  assert.ok(feeds.some((f) => f.entries > 0));
  assert.deepEqual(problems, []);
  await page.close();

  // Offline, and online with tracking parameters: the copied address is the canonical one. A copy is said in
  // the page's language, in the words of strings.toml.
  const exchange = `${event.year}/${event.id}/${event.exchanges[0]}/`;
  for (const [url, expected, lang] of [
    [fileUrl(offline, `${exchange}index.html`), `https://example.org/wenda/${exchange}`, "zh"],
    [`${server.base}${exchange}?utm_source=x&fbclid=y`, `http://127.0.0.1/sub/path/${exchange}`, "zh"],
    [`${server.base}en/${exchange}`, `http://127.0.0.1/sub/path/en/${exchange}`, "en"],
  ]) {
    const [copiedWord, linkCopied] = ["copied", "link_copied"].map((key) => interfaceString(lang, key));
    const p = await browser.newPage();
    // Records what the page hands to the clipboard (the headless browser has no clipboard to read back).
    await p.addInitScript(() => {
      window.__copied = [];
      Object.defineProperty(navigator, "clipboard", { value: { writeText: (t) => (window.__copied.push(t), Promise.resolve()) } });
    });
    await p.goto(url);
    // With the page script, the copy buttons show and a copy is said to screen readers (a live region).
    assert.ok(await p.locator("button[data-copy-url]").isVisible());
    const status = p.locator("[role=status]");
    assert.equal(await status.count(), 1);
    await p.click("button[data-copy-url]");
    await p.waitForFunction(() => document.querySelector("[role=status]").textContent !== "");
    assert.equal(await status.textContent(), copiedWord);
    assert.equal(await p.locator("button[data-copy-url]").textContent(), copiedWord);
    await p.click(".row .pl >> nth=1");
    await p.waitForFunction((word) => document.querySelector("[role=status]").textContent !== word, copiedWord);
    assert.equal(await status.textContent(), linkCopied);
    const copied = await p.evaluate(() => window.__copied);
    assert.equal(copied[0], expected);
    assert.match(copied[1], new RegExp(`^${expected.replace(/[.?]/g, "\\$&")}#q\\d+-p2$`));
    await p.close();
  }
});

// Keyboard focus is never hidden under the sticky reading-mode bar: Shift+Tab from the last copy button up to
// the top of an exchange page, in both interfaces; each focused link or button is what the browser finds at its
// own centre (the bar is not over it), on a phone and a desktop.
for (const viewport of [{ width: 375, height: 667 }, { width: 1280, height: 800 }]) {
  test(`${viewport.width} px wide: Shift+Tab never leaves the focus under the reading-mode bar`, { skip }, async () => {
    const page = await browser.newPage();
    await page.setViewportSize(viewport);
    const event = events.find((e) => e.exchanges.includes("q05"));
    const covered = [];
    let focused = 0;
    for (const prefix of ["", "en/"]) {
      await page.goto(`${server.base}${prefix}${event.year}/${event.id}/q05/`);
      await page.focus("button[data-copy-target=cite-csl]");
      for (let i = 0; i < 500; i++) {
        await page.keyboard.press("Shift+Tab");
        const at = await page.evaluate(() => {
          const el = document.activeElement;
          if (el === document.body || el.classList.contains("skip")) return null; // the top of the page
          // A link that wraps is drawn as a box a line: the centre of one of them is enough.
          const seen = [...el.getClientRects()].some((box) => {
            const hit = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
            return !!hit && el.contains(hit);
          });
          return { what: el.outerHTML.slice(0, 70), top: Math.round(el.getBoundingClientRect().top), seen };
        });
        if (!at) break;
        focused++;
        if (!at.seen) covered.push(`${prefix}q05: ${at.what}, top at ${at.top}px`);
      }
    }
    assert.ok(focused > 40, `${focused} stops of the focus`);
    assert.deepEqual(covered, []);
    await page.close();
  });
}

/// The contrast of `fg` (CSS rgb(), drawn at `opacity`) over the opaque colour `bg`, as WCAG computes it.
function contrast(fg, bg, opacity) {
  const rgb = (s) => s.match(/[\d.]+/g).map(Number);
  const [f, b] = [rgb(fg), rgb(bg)];
  const drawn = f.slice(0, 3).map((v, i) => v * opacity + b[i] * (1 - opacity));
  const lum = (c) => {
    const [r, g, bl] = c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(drawn), lum(b.slice(0, 3))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("a pilcrow's copy is shown beside it for a moment and said once; the pilcrow has 3:1 contrast", { skip }, async () => {
  const origin = new URL(server.base).origin;
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await browser.newPage();
  const problems = watch(page, origin);
  const event = events.find((e) => e.exchanges.includes("q05"));
  for (const lang of ["zh", "en"]) {
    const rel = `${lang === "en" ? "en/" : ""}${event.year}/${event.id}/q05/`;
    await page.goto(server.base + rel);
    await page.evaluate(() => navigator.clipboard.writeText("the reader's own notes"));
    const words = interfaceString(lang, "link_copied");
    const pilcrow = page.locator("#q05-p4 .pl");
    await pilcrow.click();
    const note = page.locator("#q05-p4 .pl-copied");
    await note.waitFor({ state: "visible" });
    assert.equal(await note.textContent(), words);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `http://127.0.0.1/sub/path/${rel}#q05-p4`);
    // Said once: by the status region; the note beside the pilcrow is hidden from screen readers.
    assert.equal(await page.locator("[role=status]").textContent(), words);
    assert.equal(await note.getAttribute("aria-hidden"), "true");
    const [p, n] = [await pilcrow.boundingBox(), await note.boundingBox()];
    assert.ok(n.x >= p.x + p.width - 1 && n.x < p.x + p.width + 24 && n.y < p.y + p.height && n.y + n.height > p.y, JSON.stringify({ p, n }));
    assert.ok(n.y >= 0 && n.y + n.height <= (await page.evaluate(() => innerHeight)), "on screen");
    // Then it goes.
    await note.waitFor({ state: "detached", timeout: 4000 });
    // Pilcrows on an answer and on a question (its own background), light and dark: at least 3:1 (unfocused).
    await page.evaluate(() => document.activeElement.blur());
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      const drawn = await page.evaluate(() =>
        [".row.question .pl", ".row:not(.question) .pl"].map((sel) => {
          const pl = document.querySelector(sel);
          let under = pl.parentElement;
          while (/^rgba\(.*, 0\)$/.test(getComputedStyle(under).backgroundColor)) under = under.parentElement;
          const style = getComputedStyle(pl);
          return { sel, color: style.color, opacity: Number(style.opacity), bg: getComputedStyle(under).backgroundColor };
        }),
      );
      for (const d of drawn) {
        const ratio = contrast(d.color, d.bg, d.opacity);
        assert.ok(ratio >= 3, `${lang} ${colorScheme} ${d.sel}: ${ratio.toFixed(2)}:1 (${JSON.stringify(d)})`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
  }
  assert.deepEqual(problems, []);
  await page.close();
});
