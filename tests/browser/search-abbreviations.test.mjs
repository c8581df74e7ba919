// Abbreviations on generated text, index and browser alike: `U.S.`, `US`, `U.S.A.` and `USA` in the archive are
// one word, found by any of those forms and never by the pronoun "us" (nor the pronoun by them); `U.N.` and `UN`,
// `E.U.` and `EU` find each other; the marks cover the abbreviation as the text writes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { repo, indexedSite, results } from './search-helpers.mjs';
import { tempDir } from './tmp.mjs';

// Sentences around an abbreviation, and the forms each kind of exchange is written with.
const PLACES = ['The {} side raised tariffs on steel again.', 'Officials of the {}, speaking in Geneva, disagreed.', '{}-China trade talks resumed in March.',
  'Relations with the {}.', 'A delegation ({}) arrived on Monday.', 'Talks with “{}” negotiators went on.'];
const KINDS = [
  { kind: 'us', forms: ['U.S.', 'US', 'U.S.A.', 'USA'] },
  { kind: 'pronoun', forms: ['Let us', 'Tell us', 'Give us'], place: (f) => `${f} talk about the harvest festival.` },
  { kind: 'un', forms: ['U.N.', 'UN'] },
  { kind: 'eu', forms: ['E.U.', 'EU'] },
];

let browser, site;
const exchanges = [];
before(async () => {
  let seed = 7;
  const next = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 24; i++) {
    const k = KINDS[i % KINDS.length];
    const form = k.forms[next(k.forms.length)];
    const text = k.place ? k.place(form) : PLACES[next(PLACES.length)].replace('{}', form);
    exchanges.push({ id: `q${String(i + 1).padStart(2, '0')}`, kind: k.kind, form, text });
  }
  site = siteOf(exchanges);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
});
after(async () => { await browser?.close(); });

/** A site of one press conference whose English answers are `exchanges[].text`, indexed as `wenda index` does. */
function siteOf(exchanges) {
  const content = tempDir('wenda-abbr-');
  for (const f of ['topics.yaml', 'outlets.yaml']) copyFileSync(join(repo, 'tests/fixtures/search/content', f), join(content, f));
  const front = (lang, title) => `---\nid: 2025-01-02-press\nlang: ${lang}\ntitle: ${title}\n${lang === 'zh' ? 'date: 2025-01-02\ncomplete: true\nsources: []\n' : 'translation: {note: Generated.}\n'}speaker:\n  name: ${lang === 'zh' ? '发言人' : 'Spokesperson'}\nexchanges:\n`;
  const zh = front('zh', '记者会') + exchanges.map((x) => `- {id: ${x.id}, outlet: xinhua, headline: 第${x.id}问}\n`).join('') + '---\n\n'
    + exchanges.map((x) => `## 新华社 {#${x.id}}\n\n**新华社记者**：请介绍第${x.id}问的情况。\n\n**发言人**：这是第${x.id}个回答。\n`).join('\n');
  const en = front('en', 'Press conference') + exchanges.map((x) => `- {id: ${x.id}, headline: Question ${x.id}}\n`).join('') + '---\n\n'
    + exchanges.map((x) => `## Xinhua {#${x.id}}\n\n**Xinhua**: Could you tell us about question ${x.id}?\n\n**Spokesperson**: ${x.text}\n`).join('\n');
  mkdirSync(join(content, '2025'));
  writeFileSync(join(content, '2025/2025-01-02-press.zh.md'), zh);
  writeFileSync(join(content, '2025/2025-01-02-press.en.md'), en);
  return indexedSite(content);
}

const url = (q, of = site) => pathToFileURL(join(of, 'en/search/index.html')).href + '?q=' + encodeURIComponent(q);
const ids = (links) => links.filter((l) => /(^|\/)en\//.test(l.href)).map((l) => /\/(q\d+)\//.exec(l.href)[1]).sort();
const of = (kind) => exchanges.filter((x) => x.kind === kind).map((x) => x.id).sort();

test('U.S., US, U.S.A., USA and a lower-case us find every exchange writing any of them, and no "let us"', async () => {
  const page = await browser.newPage();
  for (const q of ['U.S.', 'US', 'U.S.A.', 'USA', 'us']) {
    // Every question says "tell us": only the answers writing the abbreviation may be found.
    assert.deepEqual(ids(await results(page, url(q))), of('us'), q);
    const marks = await page.$$eval('#results mark', (m) => m.map((x) => x.textContent));
    assert.ok(marks.length > 0, q);
    for (const m of marks) assert.ok(['U.S.', 'US', 'U.S.A.', 'USA'].includes(m), `${q} marks ${m}`);
  }
  await page.close();
});

test('the pronoun in quotes finds the pronoun, not the country', async () => {
  const page = await browser.newPage();
  await results(page, url('"let us"'));
  const exact = ids(await page.$$eval('#results li[data-tier="1"] > a', (as) => as.map((a) => ({ href: a.getAttribute('href') }))));
  assert.deepEqual(exact, exchanges.filter((x) => x.form === 'Let us').map((x) => x.id).sort());
  await page.close();
});

test('U.N. and UN, E.U. and EU find each other', async () => {
  const page = await browser.newPage();
  for (const [q, kind] of [['U.N.', 'un'], ['UN', 'un'], ['E.U.', 'eu'], ['EU', 'eu']]) {
    const found = ids(await results(page, url(q)));
    assert.deepEqual(found.filter((id) => of(kind).includes(id)), of(kind), q);
    assert.ok(found.every((id) => of(kind).includes(id)), `${q}: ${found}`);
  }
  await page.close();
});

test('a short word typed in capitals is an abbreviation: it stands alone, with its long form; typed small it completes', async () => {
  const texts = ['The BRI has delivered results.', 'The Belt and Road has delivered results.', 'A brief remark on trade.',
    'A bright future for trade.', 'They bring goods to market.', 'Another BRI project opened.', 'The ROK side agreed.',
    'The Republic of Korea agreed.', 'A rocket was launched.', 'Nothing else is said here.'];
  const xs = texts.map((text, i) => ({ id: `q${String(i + 1).padStart(2, '0')}`, text }));
  const small = siteOf(xs);
  const holding = (re) => xs.filter((x) => re.test(x.text)).map((x) => x.id).sort();
  const page = await browser.newPage();
  for (const [q, re] of [['BRI', /\bBRI\b|Belt and Road/], ['ROK', /\bROK\b|Republic of Korea/], ['bri', /\bBRI\b|Belt and Road|\bbri/i]]) {
    assert.deepEqual(ids(await results(page, url(q, small))), holding(re), q);
  }
  await page.close();
});
