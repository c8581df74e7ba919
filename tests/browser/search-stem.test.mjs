// The browser's English stemmer (static/search/stem.js) against the index's (frostem, src/search/tokenize_en.rs):
// they must give the same stem for every English word of the bundled archive and of a standard word list
// (tests/fixtures/search/words.txt: every third lower-case word of SCOWL's american-english list, as Debian's
// wamerican ships it). The index's stems are read from what `wenda index` writes: its English vocabulary files
// (search/index/w/*.js) list, under each stem, the words the text spells it with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { repo, wenda } from './search-helpers.mjs';
import { tempDir } from './tmp.mjs';

/** stem() of static/search/stem.js, run as the classic script it is. */
function browserStem() {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(repo, 'static/search/stem.js'), 'utf8'), sandbox);
  return sandbox.window.wendaSearch.stem;
}

/** English words of a text as the index splits them (NFKC, lower case, letters and digits outside Han). */
function wordsOf(text) {
  return text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w && !/\p{Script=Han}/u.test(w));
}

/** word → stem, as the index wrote them: listed spellings under their stem, a stem alone is its own word. */
function indexStems(site) {
  const dir = join(site, 'search/index/w');
  const stems = new Map();
  for (const f of readdirSync(dir)) {
    let data;
    vm.runInNewContext(readFileSync(join(dir, f), 'utf8'), { __wenda: (k, d) => { data = d; } });
    for (const [stem, [, ...spellings]] of Object.entries(data)) {
      for (const w of spellings) stems.set(w, stem);
      if (!stems.has(stem)) stems.set(stem, stem);
    }
  }
  return stems;
}

test('the browser stems every word of the archive and of a standard word list as the index does', () => {
  const content = join(tempDir('wenda-stem-'), 'content');
  cpSync(join(repo, 'content'), content, { recursive: true });
  const list = readFileSync(join(repo, 'tests/fixtures/search/words.txt'), 'utf8').split('\n').filter(Boolean);
  const file = join(content, '2022/2022-03-07-wang-yi.en.md');
  const corpus = new Set(wordsOf(readdirSync(join(repo, 'content'), { recursive: true })
    .filter((f) => f.endsWith('.en.md')).map((f) => readFileSync(join(repo, 'content', f), 'utf8')).join('\n')));
  appendFileSync(file, '\n' + list.join(' ') + '\n');
  const site = tempDir('wenda-stem-site-');
  wenda(['index', '--content', content, '--out', site]);
  const expected = indexStems(site);
  const stem = browserStem();
  const words = new Set([...corpus, ...list]);
  let checked = 0;
  const wrong = [];
  for (const w of words) {
    if (!expected.has(w)) continue; // a stop word: never a key
    checked++;
    if (stem(w) !== expected.get(w)) wrong.push(`${w}: index ${expected.get(w)}, browser ${stem(w)}`);
  }
  assert.ok(checked > list.length * 0.95, `checked ${checked} words`);
  assert.ok([...corpus].filter((w) => expected.has(w)).length > 1000, 'the corpus words are in');
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${checked} words disagree`);
});
