// Temporary folders of the browser tests (built sites, content, chromium profiles), removed when the test
// process exits: `node --test` runs each test file in a process of its own, so a run leaves nothing behind in
// the temporary folder (each used to leave its sites there, gigabytes over a day of runs).
// WENDA_KEEP_TMP=1 keeps them, to look at after a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => {
  if (process.env.WENDA_KEEP_TMP) return;
  for (const dir of made) {
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* still held (a browser killed mid-write) */ }
  }
});

/** A new folder under the system's temporary folder, named `prefix` and a random tail; removed at exit. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
