// The browser tests leave nothing in the temporary folder: what tempDir makes is gone when its process exits,
// whether the process ends normally or by a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const made = (script) => {
  const env = { ...process.env };
  delete env.WENDA_KEEP_TMP;
  let out = '';
  try {
    out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: import.meta.dirname, env, encoding: 'utf8' });
  } catch (e) {
    out = e.stdout;
  }
  return out.trim().split('\n').filter(Boolean);
};

test('a temporary folder of the tests is removed when the test process exits', () => {
  const dirs = made(`import { tempDir } from './tmp.mjs'; import { writeFileSync, mkdirSync } from 'node:fs';
    const d = tempDir('wenda-tmp-test-'); mkdirSync(d + '/public/a', { recursive: true }); writeFileSync(d + '/public/a/index.html', 'x');
    console.log(d);`);
  assert.equal(dirs.length, 1);
  assert.ok(!existsSync(dirs[0]), `${dirs[0]} is still there`);
});

test('and when the process fails', () => {
  const dirs = made(`import { tempDir } from './tmp.mjs';
    console.log(tempDir('wenda-tmp-test-')); console.log(tempDir('wenda-tmp-test-')); process.exitCode = 1; throw new Error('a failing test');`);
  assert.equal(dirs.length, 2);
  for (const d of dirs) assert.ok(!existsSync(d), `${d} is still there`);
});
