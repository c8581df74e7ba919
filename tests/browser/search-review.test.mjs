// What a reader review of the search found missing, on the bundled archive (built site, from file://): the
// opening statements found and linked to; a Chinese word the archive does not have never "corrected" into
// another that shares some of its characters, nor made of scattered single characters; hyphenated compounds
// read as their parts; an abbreviation's long form ranked below the abbreviation as typed; the query in the
// address with one history entry per search; excerpts cut at a sentence or word boundary in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repo, results, searchUrl } from './search-helpers.mjs';
import { searchSession } from './search-session.mjs';

const S = searchSession();
const { open, zh, en } = S;
const status = () => S.page.$eval('.search-status', (e) => e.textContent);
const outcome = () => S.page.$eval('#results', (e) => e.className);
const items = () => S.page.$$eval('.search-results > li[data-lang]', (lis) => lis.map((li) => ({
  lang: li.dataset.lang, tier: Number(li.dataset.tier), href: li.querySelector('a').getAttribute('href'),
  marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent),
  paras: Array.from(li.querySelectorAll('.search-para')).map((a) => a.getAttribute('href')),
  snippets: Array.from(li.querySelectorAll('.search-snippet')).map((p) => p.textContent),
  others: Array.from(li.querySelectorAll('.search-other')).map((p) => p.textContent),
})));
/** The archive's text in one language. */
const archive = (lang) => S.docs.filter((d) => d.lang === lang).map((d) => d.text).join('\n');

/** The opening statements of the bundled events, read from the content files: [{event, lang, paragraphs}]. */
function openings() {
  const out = [];
  for (const year of readdirSync(join(repo, 'content')).filter((y) => /^\d{4}$/.test(y))) {
    for (const f of readdirSync(join(repo, 'content', year)).filter((f) => /\.(zh|en)\.md$/.test(f))) {
      const text = readFileSync(join(repo, 'content', year, f), 'utf8');
      const m = /\{#opening\}\n([\s\S]*?)(?=\n## |$)/.exec(text);
      if (!m) continue;
      const paragraphs = m[1].split('\n').filter((l) => l.trim()).map((l) => l.replace(/^\*\*[^*]+\*\*[:：]\s*/, ''));
      out.push({ event: `${year}/${f.replace(/\.(zh|en)\.md$/, '')}/`, lang: f.includes('.zh.') ? 'zh' : 'en', paragraphs });
    }
  }
  return out;
}

test('an opening statement is found in both languages, and links to its paragraph on the event page', async () => {
  const all = openings();
  assert.ok(all.length >= 4, `opening statements in the bundled archive: ${all.length}`);
  for (const o of all) {
    // A passage from the middle of its last paragraph, as a reader pastes or remembers it.
    const n = o.paragraphs.length, p = o.paragraphs[n - 1];
    const q = o.lang === 'zh' ? Array.from(p).slice(10, 22).join('') : p.split(/\s+/).slice(3, 10).join(' ');
    const found = await open(o.lang === 'zh' ? zh(q) : en(q));
    const prefix = o.lang === 'en' ? 'en/' : '';
    const hit = (await items()).find((r) => r.href.includes(prefix + o.event) && !/\/q\d+\//.test(r.href));
    assert.ok(hit, `${q}: the opening of ${o.event} is among ${JSON.stringify(found.map((f) => f.href))}`);
    assert.match(hit.href, new RegExp(`(^|/)${prefix}${o.event}(index\\.html)?#opening-p${n}$`), hit.href);
    assert.equal(hit.tier, 1, `${q}: an exact match`);
    assert.ok(hit.paras.some((h) => h.endsWith(`#opening-p${n}`)), JSON.stringify(hit.paras));
    assert.ok(hit.marks.length > 0);
  }
  // Its link opens the event page at that paragraph.
  const o = all.find((x) => x.lang === 'en');
  const q = o.paragraphs[0].split(/\s+/).slice(2, 8).join(' ');
  await open(en(q));
  const link = (await items()).find((r) => r.href.includes('#opening-p'));
  await S.page.click(`#results li > a[href="${link.href}"]`);
  await S.page.waitForLoadState('load');
  assert.match(S.page.url(), /#opening-p\d+$/);
  assert.equal(await S.page.$eval(decodeURIComponent(new URL(S.page.url()).hash), (e) => e.closest('#opening') !== null), true);
  assert.deepEqual(S.errors, []);
});

test('a Chinese word the archive does not have is not corrected into another that shares some of its characters', async () => {
  const text = archive('zh');
  // Outlets and names a reader may look for that the archive does not have, each sharing characters with one
  // it has (中新社, 新华社, 美联储 …).
  const absent = ['法新社', '德新社', '塔斯社', '美联社', '朝中社', '半岛电视台', '马克龙', '一国两制'].filter((q) => !text.includes(q));
  assert.ok(absent.length >= 5 && absent.includes('法新社') && absent.includes('一国两制'), `absent: ${absent}`);
  assert.ok(text.includes('中新社'), 'the archive has 中新社, which 法新社 must not find');
  for (const q of absent) {
    await open(zh(q));
    const cls = await outcome(), line = await status(), rs = await items();
    if (cls === 'search-none') continue;
    // Partial matches at most, said so, of the query's own pieces of two characters or more.
    assert.match(line, /没有问答包含/, `${q}: partial results are labelled: ${line}`);
    for (const r of rs) {
      assert.equal(r.tier, 3, `${q}: ${r.href} in tier ${r.tier}`);
      for (const m of r.marks) assert.ok(Array.from(m).length >= 2 && q.includes(m), `${q}: marks ${m} in ${r.href}`);
    }
  }
  await open(zh('法新社'));
  assert.equal(await outcome(), 'search-none', '法新社 finds nothing');
  // The same words in a reader's question: the other words are found, said to be partial, and no single
  // character (法国, 法治 for 法; 马里 for 马) stands in.
  for (const q of ['法新社记者提问中美关系', '马克龙访华', '一国两制 台湾']) {
    await open(zh(q));
    const line = await status();
    assert.match(line, /没有问答包含/, `${q}: ${line}`);
    for (const r of await items()) for (const m of r.marks) assert.ok(Array.from(m).length >= 2, `${q}: ${r.href}: ${m}`);
  }
  // A word the archive has, typed alone or in a question, is still found exactly.
  for (const q of ['中新社', '两国方案', '一带一路']) {
    await open(zh(q));
    assert.equal(await outcome(), 'search-found', q);
    assert.equal((await items())[0].tier, 1, q);
  }
  await open(zh('中方如何看待两国方案'));
  assert.ok((await items())[0].marks.includes('两国方案'));
  assert.deepEqual(S.errors, []);
});

test('a hyphenated compound is read as its parts, never corrected into an unrelated word', async () => {
  const text = archive('en').toLowerCase();
  for (const q of ['Sino-US', 'Sino-US relations', 'Sino-Japanese', 'China-US', 'Asia-Pacific', 'COVID-19', 'G20', 'BRICS', 'Sino-African']) {
    await open(en(q));
    const line = await status(), rs = await items();
    assert.doesNotMatch(line, /→\s*(since|sign|sin|ring|spend)/i, `${q}: ${line}`);
    for (const r of rs) for (const m of r.marks) assert.doesNotMatch(m, /^(since|sinc|sign|sine)/i, `${q}: ${m} marked in ${r.href}`);
    assert.equal(await outcome(), 'search-found', `${q}: ${line}`);
  }
  // Sino-US is China and the US: the exchanges on China-US relations.
  await open(en('Sino-US relations'));
  const top = (await items()).slice(0, 5);
  assert.ok(top.length && top.every((r) => r.marks.some((m) => /china|chinese|u\.?s\.?|united states|america/i.test(m))), JSON.stringify(top));
  assert.ok(text.includes('china-us'));
  assert.deepEqual(S.errors, []);
});

test('a combining form is searched as its country or continent, but the Indo-Pacific stays a name', async () => {
  // Russo-, Euro-, Afro- and Indo- spell Russia, Europe, Africa and India: the exchanges naming those are found
  // and marked, though no exchange has the combined word (the bundled archive has none of these).
  const text = archive('en').toLowerCase();
  const forms = [['Russo-Ukrainian', /^russia/i], ['Euro-Asian', /^europe/i], ['Afro-Asian', /^africa/i], ['Indo-Pakistani', /^india/i]];
  for (const [q, word] of forms) {
    assert.ok(!text.includes(q.toLowerCase()), q);
    await open(en(q));
    assert.equal(await outcome(), 'search-found', `${q}: ${await status()}`);
    const marks = (await items()).flatMap((r) => r.marks);
    assert.ok(marks.some((m) => word.test(m)), `${q}: ${JSON.stringify(marks.slice(0, 20))}`);
    // The status line names the words searched (when no exchange holds them all), the one the combining form
    // was searched as among them: `(russia · ukrainian · conflict)`, not `(ukrainian · conflict)`.
    const [form, rest] = q.toLowerCase().split('-');
    await open(en(`${q} conflict`));
    const line = (await status()).toLowerCase();
    const words = (line.match(/\(([^()]*)\)[^()]*$/) || [])[1] || '';
    const listed = words.split(' · ');
    assert.ok(listed.includes(word.source.slice(1)) && !listed.includes(form), `${q}: ${line}`);
    assert.ok(listed.includes('conflict'), `${q}: ${line}`);
    // The other half is named when the archive has it (Ukrainian, Asian; not Pakistani).
    assert.equal(listed.some((w) => w.startsWith(rest.slice(0, 4))), new RegExp(`\\b${rest}\\b`).test(text), `${q}: ${line}`);
  }
  // The Indo-Pacific is not India-Pacific: its exchanges come first, and India is never marked.
  assert.ok(text.includes('indo-pacific'));
  await open(en('Indo-Pacific'));
  const rs = await items();
  assert.ok(rs.length && rs[0].marks.some((m) => /indo/i.test(m)), JSON.stringify(rs[0]));
  for (const r of rs) for (const m of r.marks) assert.doesNotMatch(m, /^india/i, `${r.href}: ${m}`);
  assert.deepEqual(S.errors, []);
});

test('a short word the archive lacks is never corrected through its stem into an unrelated word', async () => {
  // Tibet's stem is a letter from timetable's (timet), Modi's from body's (bodi): no spelling is that close.
  const text = archive('en').toLowerCase();
  for (const [q, wrong] of [['Tibet', /timetable/i], ['Modi', /\bbody\b/i]]) {
    assert.ok(!new RegExp(`\\b${q.toLowerCase()}\\b`).test(text), `the archive has ${q}`);
    await open(en(q));
    const line = await status();
    assert.doesNotMatch(line, wrong, `${q}: ${line}`);
    for (const r of await items()) for (const m of r.marks) assert.doesNotMatch(m, wrong, `${q}: ${r.href}`);
  }
  // A typo of a short word is still found by its spelling: Ukrain → Ukraine.
  await open(en('Ukrain'));
  assert.equal(await outcome(), 'search-found', await status());
  assert.deepEqual(S.errors, []);
});

test('an abbreviation as typed ranks above its expansion, which does not flood the results', async () => {
  const enDocs = S.docs.filter((d) => d.lang === 'en');
  // The bundled archive has neither PRC nor "People's Republic of China": its loose words (people, republic,
  // china) are no match for it, so PRC finds nothing rather than most of the archive.
  assert.ok(!enDocs.some((d) => /\bPRC\b|people.s republic of china/i.test(d.text)));
  for (const q of ['PRC', 'prc']) {
    await open(en(q));
    assert.equal(await outcome(), 'search-none', `${q}: ${await status()}`);
  }
  // Where both forms occur, the exchanges holding the abbreviation as typed come first in each tier, then
  // those holding only the long form as a phrase; none holds only some of its words.
  for (const [q, short, long] of [['UN', /^UN$/, /^united nations$/i], ['EU', /^EU$/, /^european union$/i], ['UN reform', /^UN$/, /^united nations$/i]]) {
    await open(en(q));
    const rs = await items();
    assert.ok(rs.some((r) => r.marks.some((m) => short.test(m))), `${q}: ${JSON.stringify(rs.map((r) => r.marks))}`);
    // (In the lowest tier the number of the query's words found ranks first.)
    for (const t of [1, 2]) {
      const own = rs.filter((r) => r.tier === t).map((r) => r.marks.some((m) => short.test(m)));
      assert.ok(own.indexOf(false) < 0 || own.lastIndexOf(true) < own.indexOf(false), `${q}: tier ${t} by typed form first: ${own}`);
    }
    if (q.includes(' ')) continue;
    for (const r of rs.filter((x) => !x.marks.some((m) => short.test(m)))) {
      assert.ok(r.marks.some((m) => long.test(m) || /united nations|european union/i.test(m)), `${q}: ${r.href} holds neither form: ${r.marks}`);
    }
  }
  // The forms searched as well never make a query's results less exact: tiers stay in order.
  await open(en('PRC sovereignty'));
  const tiers = (await items()).map((r) => r.tier);
  assert.deepEqual(tiers, tiers.slice().sort((a, b) => a - b), 'tiers in order');
  assert.deepEqual(S.errors, []);
});

test('the address carries the query: one history entry per search, not per keystroke; Back and reload work', async () => {
  if (S.page) await S.page.close();
  S.page = await S.browser.newPage();
  S.errors = [];
  S.page.on('pageerror', (e) => S.errors.push(e.message));
  await results(S.page, en(''));
  const length = () => S.page.evaluate(() => history.length);
  const q = () => S.page.evaluate(() => new URLSearchParams(location.search).get('q'));
  const settled = () => S.page.waitForFunction(() => /search-(found|none)/.test(document.getElementById('results').className) &&
    !document.querySelector('#results li > a[href=""]'));
  const start = await length();
  await S.page.click('#search-q');
  await S.page.keyboard.type('climate change', { delay: 40 });
  await S.page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'climate change');
  await settled();
  assert.equal(await length(), start + 1, 'one entry for a query typed letter by letter');
  await S.page.keyboard.press('Enter');
  await S.page.waitForTimeout(300);
  assert.equal(await length(), start + 1, 'Enter on the query the address holds adds none');
  // A new query after a pause: a new entry.
  await S.page.waitForTimeout(1200);
  await S.page.fill('#search-q', '');
  await S.page.keyboard.type('Ukraine', { delay: 40 });
  await S.page.keyboard.press('Enter');
  await S.page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'Ukraine');
  await settled();
  assert.equal(await length(), start + 2);
  // Back: the query before, in the box and searched.
  await S.page.goBack();
  await S.page.waitForFunction(() => document.getElementById('search-q').value === 'climate change');
  await settled();
  assert.equal(await q(), 'climate change');
  assert.match(await status(), /\d/);
  await S.page.goBack();
  await S.page.waitForFunction(() => document.getElementById('search-q').value === '');
  await S.page.goForward();
  await S.page.waitForFunction(() => document.getElementById('search-q').value === 'climate change');
  // Reload keeps the query; the history does not grow.
  const before = await length();
  await S.page.reload();
  await S.page.waitForFunction(() => document.getElementById('search-q').value === 'climate change');
  await settled();
  assert.equal(await length(), before);
  assert.ok((await items()).length > 0);
  assert.deepEqual(S.errors, []);
});

/** Whether an excerpt ending in an ellipsis was cut at a boundary of `whole`: after a sentence or clause mark,
 * at a space, or between two Han characters; never inside a word. */
function cutAtBoundary(excerpt, whole) {
  const body = excerpt.replace(/^…/, '').replace(/…$/, '');
  const at = whole.indexOf(body);
  if (at < 0) return false;
  const end = at + body.length, before = whole[end - 1], after = whole[end];
  if (!excerpt.endsWith('…')) return end === whole.length;
  return /[\s。！？!?；;，、：,:.)）”’]/.test(before) || /\s/.test(after) ||
    (/\p{Script=Han}/u.test(before) && /\p{Script=Han}/u.test(after));
}

test('excerpts in both languages are cut at a sentence or word boundary, with an ellipsis', async () => {
  const ctx = await S.browser.newContext();
  await ctx.addInitScript(() => { try { localStorage.setItem('wenda-mode-en', 'both'); localStorage.setItem('wenda-mode-zh', 'both'); } catch (e) { /* */ } });
  const p = await ctx.newPage();
  const errs = [];
  p.on('pageerror', (e) => errs.push(e.message));
  const paragraphs = S.docs.flatMap((d) => d.paragraphs.map((x) => x[2]));
  let checked = 0, others = 0;
  for (const [lang, q] of [['en', 'Ukraine'], ['en', 'Global South'], ['zh', '人类命运共同体'], ['zh', '乌克兰'], ['en', 'multilateralism']]) {
    await results(p, searchUrl(S.site, lang, q));
    await p.waitForFunction(() => document.querySelector('.search-other') || !document.querySelector('.search-snippet'), null, { timeout: 5000 }).catch(() => {});
    const rs = await p.$$eval('.search-results > li[data-lang]', (lis) => lis.map((li) => ({
      snippets: Array.from(li.querySelectorAll('.search-snippet')).map((s) => Array.from(s.childNodes).slice(2).map((n) => n.textContent).join('')),
      others: Array.from(li.querySelectorAll('.search-other')).map((s) => s.textContent),
    })));
    for (const r of rs) {
      for (const s of r.snippets.concat(r.others)) {
        const whole = paragraphs.find((t) => t.includes(s.replace(/^…/, '').replace(/…$/, '')));
        if (!whole || whole === s) continue;
        assert.ok(cutAtBoundary(s, whole), `${q}: cut mid-word or mid-sentence: …${s.slice(-30)}`);
        checked++;
      }
      others += r.others.filter((s) => s.endsWith('…')).length;
    }
  }
  assert.ok(checked >= 10 && others >= 2, `excerpts checked: ${checked}, second-language cut: ${others}`);
  assert.deepEqual(errs, []);
  await ctx.close();
});
