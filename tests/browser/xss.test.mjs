// Transcript text is data: a fixture question holds <script>, <img onerror> and template syntax, which must show
// as text on every page that quotes it and never run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, watch } from "./helpers.mjs";

let browser;
let server;

before(async () => {
  server = await serve(buildSite({ baseUrl: "http://127.0.0.1/sub/path/" }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const path of ["2024/2024-03-07-wang-yi/q02/", "en/2024/2024-03-07-wang-yi/q02/", "2024/2024-03-07-wang-yi/", "outlets/reuters/", "topics/china-us/"]) {
  test(`hostile transcript text shows as text on ${path}`, async () => {
    const page = await browser.newPage();
    const problems = watch(page, new URL(server.base).origin);
    await page.goto(server.base + path);
    if (await page.locator(".modes").count()) await page.locator(".modes button[data-mode='both']").click();
    const text = await page.locator("main").innerText();
    assert.ok(text.includes("<script>alert(1)</script>"), "the <script> tag shows as text");
    assert.ok(text.includes("<img src=x onerror=alert(1)>"), "the <img> tag shows as text");
    assert.ok(text.includes("{{ 7*7 }}") && !text.includes("49"), "template syntax is not evaluated");
    assert.equal(await page.locator("main script, main img").count(), 0, "no element was created from the text");
    await page.waitForTimeout(100);
    await page.close();
    assert.deepEqual(problems, [], "no dialog opened, no request to x");
  });
}

test("link previews quote the question as plain text", async () => {
  const page = await browser.newPage();
  await page.goto(server.base + "2024/2024-03-07-wang-yi/q02/");
  const og = await page.getAttribute("meta[property='og:description']", "content");
  assert.ok(og.startsWith("请问<script>alert(1)</script>"), og);
  await page.close();
});
