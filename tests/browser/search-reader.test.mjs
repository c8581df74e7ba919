// What a reader sees of a search on the bundled archive (built site, from file://): tiers named in the status
// line, punctuation inside Chinese phrases skipped, exactly the matched words marked, up to three paragraphs
// per exchange each linking to its anchor, matches in a short field named as such, the language switch and
// filter counts, query language first, and a result in the other language opened in a mode that shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchSession } from './search-session.mjs';

const s = searchSession();
const { open, zh, en } = s;
const marks = () => s.page.$$eval('#results mark', (m) => m.map((x) => x.textContent));
const tier = () => s.page.$eval('#results', (e) => e.getAttribute('data-tier'));
const status = () => s.page.$eval('.search-status', (e) => e.textContent);

test('a made-up compound whose words occur apart gives the all-words tier, said so in the status line', async () => {
  for (const q of ['俄乌冲突', '朝核问题', '中美关系前景']) {
    const r = await open(zh(q));
    assert.ok(r.length > 0, q);
    assert.equal(await tier(), '2', q);
    assert.match(await status(), new RegExp(q), 'the line names the query');
    assert.deepEqual(s.errors, []);
  }
});

test('quotation marks inside a Chinese phrase are transparent: 一带一路倡议 matches “一带一路”倡议 exactly', async () => {
  const r = await open(zh('一带一路倡议'));
  assert.ok(r.length > 0);
  assert.equal(await tier(), '1');
  const m = await marks();
  assert.ok(m.includes('一带一路') && m.includes('倡议'), JSON.stringify(m));
});

test('only the matched words are marked: "United States" marks the phrase, never "unilateral"', async () => {
  await open(en('United States'));
  const items = await s.page.$$eval('.search-results > li[data-tier]', (lis) => lis.map((li) => ({
    tier: li.dataset.tier, marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent),
  })));
  assert.ok(items.length > 0 && items[0].tier === '1');
  for (const { tier, marks } of items) {
    assert.ok(marks.length > 0);
    // The exact tier marks the phrase or its abbreviation; the lower tiers the words they matched (united and
    // unite share the index's stem unit), and the last word's completions.
    for (const x of marks) assert.match(x, tier === '1' ? /^(united\s+states|us)$/i : /^(unit|state|us$)/i, `tier ${tier} marked ${x}`);
  }
  await open(en('evacuate'));
  for (const x of await marks()) assert.match(x, /^evacuat/i, `marked ${x}`);
});

test('up to three matching paragraphs per exchange, each linking to its own anchor and holding a mark', async () => {
  await open(en('Ukraine'));
  const items = await s.page.$$eval('.search-results > li[data-lang]', (lis) => lis.map((li) => Array.from(li.querySelectorAll('.search-snippet')).map((p) => ({
    href: p.querySelector('a.search-para')?.getAttribute('href'), marked: p.querySelectorAll('mark').length,
  }))));
  assert.ok(items.length > 2);
  assert.ok(items.some((s) => s.length > 1), 'some exchange shows several paragraphs');
  for (const snippets of items) {
    assert.ok(snippets.length <= 3);
    const anchors = snippets.map((s) => s.href);
    assert.equal(new Set(anchors).size, anchors.length, 'different paragraphs');
    for (const s of snippets) { assert.match(s.href, /#(q\d+|opening)-p\d+$/); assert.ok(s.marked > 0); }
  }
});

test('a match in the outlet or the speakers is shown as such', async () => {
  await open(en('Reuters'));
  const fields = await s.page.$$eval('.search-results > li:first-child .search-field', (ps) => ps.map((p) => [p.dataset.field, p.querySelector('mark')?.textContent]));
  assert.ok(fields.some(([f, m]) => f === 'outlet' && m === 'Reuters'), JSON.stringify(fields));
  const r = await open(en('Wang Yi'));
  assert.ok(r.length > 0, 'a speaker name finds the exchanges');
  const named = await s.page.$$eval('.search-results > li:first-child .search-field', (ps) => ps.map((p) => p.dataset.field));
  assert.ok(named.includes('speakers'), JSON.stringify(named));
  // The field's name is followed by the interface's colon: full-width on the Chinese page.
  const labels = await s.page.$$eval('.search-field', (ps) => ps.map((p) => p.firstChild.textContent));
  assert.ok(labels.length && labels.every((l) => l.endsWith(': ')), JSON.stringify(labels));
  await open(zh({ q: '王毅' }));
  const zhLabels = await s.page.$$eval('.search-field', (ps) => ps.map((p) => p.firstChild.textContent));
  assert.ok(zhLabels.length && zhLabels.every((l) => l.endsWith('：')), JSON.stringify(zhLabels));
});

test('the language switch keeps the query and the filters; filter options show counts', async () => {
  await open(zh({ q: '南海', year: '2024' }));
  const href = await s.page.$eval('a.lang-switch', (a) => a.getAttribute('href'));
  assert.match(href, /\?q=%E5%8D%97%E6%B5%B7&year=2024$/);
  const years = await s.page.$$eval('#search-year option', (os) => os.filter((o) => o.value).map((o) => o.textContent));
  assert.ok(years.every((y) => /\(\d+\+?\)$/.test(y)), JSON.stringify(years));
  const topics = await s.page.$$eval('#search-topic option', (os) => os.filter((o) => o.value).map((o) => o.textContent));
  assert.ok(topics.every((t) => /\(\d+\)$/.test(t)), JSON.stringify(topics));
});

test('the query language goes first: English words on the Chinese page list English exchanges first, and back', async () => {
  await open(zh('Ukraine'));
  assert.equal(await s.page.$eval('.search-results > li', (li) => li.dataset.lang), 'en');
  await open(en('乌克兰'));
  assert.equal(await s.page.$eval('.search-results > li', (li) => li.dataset.lang), 'zh');
});

test('a Chinese result opened from the English interface shows the Chinese text', async () => {
  await open(en('乌克兰'));
  // English alone chosen in both interfaces: the Chinese one, which the result opens, shows the Chinese again;
  // the English interface keeps its choice.
  await s.page.evaluate(() => ['zh', 'en'].forEach((l) => localStorage.setItem('wenda-mode-' + l, 'en')));
  await Promise.all([s.page.waitForNavigation(), s.page.click('.search-results > li[data-lang="zh"] > a')]);
  assert.equal(await s.page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.equal(await s.page.evaluate(() => document.documentElement.getAttribute('data-mode')), 'zh');
  assert.equal(await s.page.evaluate(() => localStorage.getItem('wenda-mode-en')), 'en');
  await s.page.evaluate(() => localStorage.clear());
});

test('typos, prefixes and inflections find the words the archive spells', async () => {
  // A mistyped first letter too: beside it on the keyboard (Ykraine), or left out (fghanistan).
  for (const [q, word] of [['Afganistan', /afghanistan/i], ['multipolarty', /multipolar/i], ['ukrain', /ukrain/i], ['visas', /visa/i],
    ['Ykraine', /ukrain/i], ['fghanistan', /afghanistan/i], ['Hapan', /japan/i]]) {
    const r = await open(en(q));
    assert.ok(r.length > 0, q);
    assert.ok((await marks()).some((m) => word.test(m)), `${q}: ${JSON.stringify(await marks())}`);
  }
  await open(en('Afganistan'));
  assert.match(await status(), /afghanistan/i, 'the status line says which word was searched');
  await open(en('U.S.'));
  assert.ok((await marks()).some((m) => m === 'US'), 'U.S. finds US');
});

test('abbreviations find their long forms and back: UN and United Nations, EU and European Union', async () => {
  for (const [q, forms] of [['UN', /^(UN|United Nations)$/], ['United Nations', /^(UN|United Nations)$/], ['EU', /^(EU|European Union)$/]]) {
    await open(en(q));
    const items = await s.page.$$eval('.search-results > li[data-tier="1"]', (lis) => lis.map((li) => Array.from(li.querySelectorAll('mark')).map((m) => m.textContent)));
    assert.ok(items.length > 0, q);
    const all = items.flat();
    assert.ok(all.some((x) => !/\s/.test(x)) && all.some((x) => /\s/.test(x)), `${q}: both forms marked: ${JSON.stringify(all)}`);
    for (const x of all) assert.match(x, forms, `${q}: exact results mark only the phrase or its abbreviation, not ${x}`);
  }
});

test('a question keeps its words: 中方对两国方案的立场是什么 marks 两国方案 and 立场, not bigrams across words', async () => {
  const r = await open(zh('中方对两国方案的立场是什么'));
  assert.ok(r.length > 0);
  const m = await marks();
  assert.ok(m.includes('两国方案'), JSON.stringify(m));
  for (const x of m) assert.ok(['中方', '两国方案', '立场'].includes(x), `only the question's words are marked, not ${x}`);
  assert.deepEqual(s.errors, []);
});

test('an abbreviation in a Chinese query is searched by its Chinese name too: UN 改革 finds 联合国改革', async () => {
  const r = await open(zh('UN 改革'));
  assert.match(r[0].href, /2024\/2024-03-07-wang-yi\/q17\//, JSON.stringify(r.slice(0, 3)));
  assert.ok((await marks()).includes('联合国改革'), JSON.stringify(await marks()));
  assert.deepEqual(s.errors, []);
});

test('the status line names words as the archive spells them, never index keys, and says when words are too common', async () => {
  const text = s.docs.filter((d) => d.lang === 'en').map((d) => d.text.toLowerCase()).join('\n');
  const inArchive = (w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(text);
  // Typos made from archive words (two inner letters swapped), as a reader slips.
  for (const word of ['ukraine', 'multipolarity', 'sovereignty', 'humanitarian', 'evacuation', 'ceasefire']) {
    const typo = word.slice(0, 2) + word[3] + word[2] + word.slice(4);
    await open(en(typo));
    const line = await status();
    const named = /→ ([^,)]+)/.exec(line);
    assert.ok(named, `${typo}: ${line}`);
    for (const w of named[1].split('/')) assert.ok(inArchive(w.trim()), `${typo}: "${w}" is not a word of the archive (${line})`);
  }
  // A piece's alternatives shown once each (a lone character's many keys all show as the character).
  await open(zh('中美关系前景怎么样'));
  assert.doesNotMatch(await status(), /([^\s/·（(]+)\/\1(?![^\s/·）)])/u, 'no word shown twice');
  await open(en('U.S. sanctions'));
  assert.doesNotMatch(await status(), /\busa\b/, 'the abbreviation as a reader writes it');
  for (const [url, common] of [[en('the'), /too common/], [en('of the'), /too common/], [zh('the'), /过于常见/]]) {
    await open(url);
    assert.match(await status(), common);
    assert.deepEqual(s.errors, []);
  }
});
