// Takes docs/screenshot.png for the README: the bundled archive, an exchange page side by side, in headless
// chromium. Run: `node tests/browser/screenshot.mjs [site-path] [out.png]` (not a test).
import { join } from "node:path";
import { buildSite, launch, fileUrl, REPO } from "./helpers.mjs";

const path = process.argv[2] || "en/2024/2024-03-07-wang-yi/q04/index.html";
const out = process.argv[3] || join(REPO, "docs", "screenshot.png");
const dir = buildSite({ offline: true, content: join(REPO, "content") });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
await page.setViewportSize({ width: 1280, height: 860 });
await page.goto(fileUrl(dir, path));
if (await page.locator(".modes").count()) await page.locator(".modes button[data-mode='both']").click();
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
