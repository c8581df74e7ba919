// The forms of a word a reader means, on the bundled archive (built site): a word's family (`threatened` finds
// threat, `response` finds respond), a prefix that begins only a spelling of another stem puts the exchanges
// spelling it first, English words of a Chinese query found in the exchange's translation, question frames left
// out, a dropped first letter found without loading the whole vocabulary, and the same results whether the
// index is read from file:// (scripts) or over HTTP (fetched).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { serve } from './search-helpers.mjs';
import { searchSession } from './search-session.mjs';

const s = searchSession();
const { open, zh, en } = s;
const marks = () => s.page.$$eval('#results mark', (m) => m.map((x) => x.textContent));
const tier = () => s.page.$eval('#results', (e) => e.getAttribute('data-tier'));

test('a word finds its family: a shorter stem (threatened: threat) and a stem differing in its last letter (response: respond)', async () => {
  // `own`: the spellings of the word's own stem (threaten, threatened; response, responsible).
  for (const [q, own, family] of [['threatened', /^threaten/i, /^threats?$/i], ['response', /^respons/i, /^respond/i]]) {
    await open(en(q));
    const m = await marks();
    assert.ok(m.some((x) => family.test(x)), `${q} marks its family: ${JSON.stringify(m)}`);
    const first = await s.page.$$eval('.search-results > li:first-child mark', (ms) => ms.map((x) => x.textContent));
    assert.ok(first.some((x) => own.test(x)), `${q}: an exchange with the word itself comes first: ${JSON.stringify(first)}`);
    assert.deepEqual(s.errors, []);
  }
});

test('a prefix beginning only a spelling of another stem lists the exchanges spelling it first (within the first page)', async () => {
  await open(en('globaliz'));
  // Prefixes of the archive's own spellings whose stem is shorter (globalization → global): generated from the
  // vocabulary files, each checked on its first page of results.
  const checked = await s.page.evaluate(async () => {
    const W = window.wendaSearch;
    const vocab = Object.assign({}, ...(await Promise.all(W.meta.vocab.map(W.vocab))));
    const stems = Object.keys(vocab);
    const prefixes = [];
    for (const k of stems) {
      for (const w of vocab[k].slice(1)) {
        const p = w.slice(0, k.length + 2);
        if (!/^[a-z]+$/.test(w) || p.length < 6 || w.length < p.length + 2 || !w.startsWith(k)) continue;
        if (stems.some((s) => s.startsWith(p)) || vocab[W.stem(p)] || prefixes.includes(p)) continue;
        prefixes.push(p);
      }
    }
    const out = [];
    for (const p of prefixes.slice(0, 6)) {
      const r = await W.search(p, { prefer: 'en' });
      const top = r.results.slice(0, W.PAGE);
      const docs = await Promise.all(top.map((x) => W.doc(x.doc)));
      const re = new RegExp('(^|[^\\p{L}\\p{N}])' + p, 'iu');
      const has = docs.map((d) => re.test(d.fields.map((f) => f.text).concat(d.paragraphs.map((x) => x.text)).join('\n')));
      out.push({ p, tiers: top.map((x) => x.tier), has });
    }
    return out;
  });
  assert.ok(checked.length >= 2, `prefixes to check: ${JSON.stringify(checked.map((c) => c.p))}`);
  for (const { p, tiers, has } of checked) {
    assert.ok(has.some(Boolean), `${p}: an exchange spelling it is on the first page`);
    for (let i = 1; i < has.length; i++) {
      if (tiers[i] === tiers[i - 1]) assert.ok(!has[i] || has[i - 1], `${p}: result ${i + 1} spells it but ${i} does not (${JSON.stringify(has)})`);
    }
  }
  assert.deepEqual(s.errors, []);
});

test("a Chinese query's English words are found in the exchange's translation", async () => {
  // Sudan and Xi Jinping are written only in the English documents of these exchanges (苏丹, 习近平 in Chinese).
  for (const [q, want] of [['Sudan 撤离', /2024\/2024-03-07-wang-yi\/q20\//], ['Xi Jinping 一带一路', /2024\/2024-03-07-wang-yi\/q18\//]]) {
    const r = await open(zh(q));
    assert.match(r[0].href, want, `${q}: ${JSON.stringify(r.slice(0, 3))}`);
    assert.doesNotMatch(r[0].href, /\ben\//, `${q}: the Chinese exchange, not its translation`);
    assert.equal(await tier(), '2', `${q}: all words, not an exact phrase`);
    assert.deepEqual(s.errors, []);
  }
});

test('a question frame is left out: 中方如何看待印太战略 marks the subject, not 看待', async () => {
  for (const q of ['中方如何看待印太战略', '中国如何看待全球南方的崛起']) {
    const r = await open(zh(q));
    assert.ok(r.length > 0, q);
    const m = await marks();
    assert.ok(m.length > 0 && !m.some((x) => /看待/.test(x)), `${q}: ${JSON.stringify(m)}`);
  }
  assert.deepEqual(s.errors, []);
});

test('a dropped first letter is found without loading the whole English vocabulary', async () => {
  const r = await open(en('fghanistan'));
  assert.ok(r.length > 0);
  assert.ok((await marks()).some((m) => /afghanistan/i.test(m)), JSON.stringify(await marks()));
  const loaded = await s.page.$$eval('script[src*="search/index/w/"]', (s) => s.length);
  const letters = await s.page.evaluate(() => window.wendaSearch.meta.vocab.length);
  assert.ok(loaded < letters, `vocabulary files loaded: ${loaded} of ${letters}`);
});

test('over HTTP the index files are fetched, from file:// added as scripts, with the same results', async () => {
  const { server, base } = await serve(s.site, '/archive/');
  try {
    for (const q of ['一带一路', 'Ukraine crisis', 'Sudan 撤离']) {
      const local = await open(zh(q));
      const scripts = await s.page.$$eval('script[src*="search/index/"]', (s) => s.length);
      const remote = await open(base + 'search/?q=' + encodeURIComponent(q));
      const fetched = await s.page.$$eval('script[src*="search/index/"]', (s) => s.length);
      assert.ok(scripts > 0 && fetched === 0, `${q}: ${scripts} scripts from file://, ${fetched} over HTTP`);
      // Links are absolute: the same below each site root (from file:// naming the folder's index.html).
      const below = (r, root) => r.map((x) => x.href.replace(root, '').replace('/index.html#', '/#'));
      assert.ok(local.length > 0, q);
      assert.deepEqual(below(remote, base), below(local, pathToFileURL(s.site).href + '/'), q);
      assert.deepEqual(s.errors, []);
    }
  } finally { server.close(); }
});
