// Standards: the Nu HTML checker (vnu-jar) finds no errors in any built page, and axe-core finds no serious or
// critical accessibility violation on any page, in light and dark mode and in every reading mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSite, serve, launch, htmlFiles, hasBundledArchive, REPO } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const VNU_JAR = require("vnu-jar");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let browser;
let dir;
let server;

before(async () => {
  // One exchange a page, so that paginated listings (and their pager) are checked too.
  dir = buildSite({ baseUrl: "http://127.0.0.1/sub/path/", paginateBy: 1 });
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/// Runs the Nu HTML checker over every page of `dir`; returns its errors as "page:line: message".
function vnuErrors(dir) {
  const files = htmlFiles(dir).map((f) => `${dir}/${f}`);
  assert.ok(files.length > 20);
  const result = spawnSync("java", ["-jar", VNU_JAR, "--errors-only", "--format", "json", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(result.stderr || '{"messages":[]}');
  const errors = report.messages
    .filter((m) => m.type === "error" || m.subType === "fatal")
    .map((m) => `${m.url?.replace(`file:${dir}/`, "")}:${m.lastLine}: ${m.message}`);
  assert.ok(result.status === 0 || errors.length, `vnu failed without a report: ${result.stderr}`);
  return errors;
}

test("the Nu HTML checker reports no errors", () => {
  assert.deepEqual(vnuErrors(dir), []);
});

test("the Nu HTML checker reports no errors on the bundled archive", { skip: !hasBundledArchive() && "no bundled events" }, () => {
  assert.deepEqual(vnuErrors(buildSite({ content: join(REPO, "content") })), []);
});

test("axe-core finds no serious or critical violations", async () => {
  const page = await browser.newPage();
  const violations = [];
  for (const file of htmlFiles(dir)) {
    const url = server.base + file.replace(/index\.html$/, "");
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await page.goto(url);
      const modes = (await page.locator(".modes").count()) ? ["zh", "en", "both"] : [null];
      for (const mode of modes) {
        if (mode) await page.locator(`.modes button[data-mode='${mode}']`).click();
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
        for (const v of result.violations) {
          if (v.impact === "serious" || v.impact === "critical") {
            violations.push(`${file} [${colorScheme}${mode ? ", " + mode : ""}]: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
          }
        }
      }
    }
  }
  await page.close();
  assert.deepEqual(violations, []);
});
