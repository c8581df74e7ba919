// Standards: the Nu HTML checker (vnu-jar) finds no errors in any built page, and axe-core finds no serious or
// critical accessibility violation on any page, in light and dark mode, in every reading mode and with every
// <details> open.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSite, serve, launch, htmlFiles, hasBundledArchive, fileUrl, REPO } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const VNU_JAR = require("vnu-jar");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let browser;
let dir;
let server;
let bundledDir;
/// The bundled archive, built once for the tests that read it.
const bundled = () => (bundledDir ??= buildSite({ content: join(REPO, "content") }));

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
  assert.deepEqual(vnuErrors(bundled()), []);
});

/// Runs axe-core on `page` as it is; adds its serious and critical violations to `violations`, named by `where`.
async function axeViolations(page, where, violations) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  for (const v of result.violations) {
    if (v.impact === "serious" || v.impact === "critical") {
      violations.push(`${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
    }
  }
}

test("axe-core finds no serious or critical violations", async () => {
  const page = await browser.newPage();
  const violations = [];
  let opened = 0;
  for (const file of htmlFiles(dir)) {
    const url = server.base + file.replace(/index\.html$/, "");
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await page.goto(url);
      const modes = (await page.locator(".modes").count()) ? ["zh", "en", "both"] : [null];
      for (const mode of modes) {
        if (mode) await page.locator(`.modes button[data-mode='${mode}']`).click();
        await axeViolations(page, `${file} [${colorScheme}${mode ? ", " + mode : ""}]`, violations);
      }
      // Then with every <details> open (variant readings and their differences): closed, axe skips its colours.
      const details = await page.evaluate(() => {
        const all = document.querySelectorAll("details");
        all.forEach((d) => (d.open = true));
        return all.length;
      });
      if (details) {
        opened++;
        await axeViolations(page, `${file} [${colorScheme}, details open]`, violations);
      }
    }
  }
  await page.close();
  assert.ok(opened > 4, `${opened} pages checked with their details open`);
  assert.deepEqual(violations, []);
});

// The fixture's variants insert but never delete: the bundled archive's pages with a deleted reading are checked
// too, their <details> open, for colour contrast alone.
test("axe-core finds no colour contrast violation in the bundled archive's variant readings, light and dark", { skip: !hasBundledArchive() && "no bundled events" }, async () => {
  const files = htmlFiles(bundled()).filter((f) => readFileSync(join(bundled(), f), "utf8").includes("<del>"));
  assert.ok(files.length > 4, `${files.length} pages with a deleted reading`);
  const page = await browser.newPage();
  const violations = [];
  for (const file of files) {
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await page.goto(fileUrl(bundled(), file));
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      assert.ok(await page.locator(".variants .diff del").first().isVisible(), file);
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["color-contrast"], resultTypes: ["violations"] }));
      for (const v of result.violations) {
        for (const n of v.nodes) violations.push(`${file} [${colorScheme}]: ${n.target.join(" ")}: ${n.any[0]?.message}`);
      }
    }
  }
  await page.close();
  assert.deepEqual(violations, []);
});
