// Minifying changes nothing a reader or a script sees: every page of the minified build (whose templates were
// minified once, see src/render/minify.rs) has, in chromium, the same elements with the same attributes and the
// same rendered text (innerText) as the page built with --no-minify.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { buildSite, launch, htmlFiles, fileUrl } from "./helpers.mjs";

let browser;
let minified;
let plain;

before(async () => {
  minified = buildSite({ offline: true });
  plain = buildSite({ offline: true, minify: false });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/// What a page is for its readers and scripts: each element (tag and sorted attributes) in document order, and
/// the text as rendered in every reading mode.
async function shape(page, dir, file) {
  await page.goto(fileUrl(dir, file));
  return page.evaluate((site) => {
    const elements = [...document.querySelectorAll("*")].map((e) => {
      // Scripts may add elements that point into the site folder (the search page loads its index).
      const attrs = [...e.attributes].map((a) => `${a.name}=${a.value.replace(site, "SITE")}`).sort();
      return `${e.tagName} ${attrs.join(" ")}`;
    });
    const texts = {};
    for (const mode of ["zh", "en", "both"]) {
      document.documentElement.setAttribute("data-mode", mode);
      texts[mode] = document.body.innerText;
    }
    return { elements, texts };
  }, fileUrl(dir, ""));
}

test("minified pages have the same elements, attributes and rendered text as unminified ones", async () => {
  const files = htmlFiles(minified);
  assert.deepEqual(files, htmlFiles(plain));
  assert.ok(files.length > 20, `${files.length} pages`);
  const page = await browser.newPage();
  let saved = 0;
  for (const file of files) {
    const a = await shape(page, minified, file);
    const b = await shape(page, plain, file);
    assert.deepEqual(a.elements, b.elements, `elements of ${file}`);
    assert.deepEqual(a.texts, b.texts, `rendered text of ${file}`);
    saved += statSync(join(plain, file)).size - statSync(join(minified, file)).size;
  }
  assert.ok(saved > 0, "minified pages are smaller");
});
