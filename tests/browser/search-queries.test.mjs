// What readers type, on the bundled archive (built site, from file://), that the search once got wrong:
// numbers (never read as other numbers), passages pasted as they stand (the exact tier, punctuation and a cut
// first or last word included), Latin names searched from the Chinese page, an input method composing,
// matches in the editor's corrected readings, words whose stem other words share, the filters' counts, words
// typed in two parts, and what the status line says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeKey } from './search-gold.mjs';
import { searchSession } from './search-session.mjs';

const s = searchSession();
const { open, zh, en } = s;
const marks = () => s.page.$$eval('#results mark', (m) => m.map((x) => x.textContent));
const status = () => s.page.$eval('.search-status', (e) => e.textContent);
const items = () => s.page.$$eval('.search-results > li[data-lang]', (lis) => lis.map((li) => ({
  lang: li.dataset.lang, tier: li.dataset.tier, href: li.querySelector('a').getAttribute('href'),
  marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent),
  paras: Array.from(li.querySelectorAll('.search-para')).map((a) => a.getAttribute('href')),
  text: li.textContent,
})));
/** The archive's text in one language, for what a test expects to be (or not be) there. */
const archive = (lang) => s.docs.filter((d) => d.lang === lang).map((d) => d.text).join('\n');

/** Runs `fn` in the search page of `lang` with the engine ready; `arg` is passed through. */
async function inPage(lang, fn, arg) {
  await open(lang === 'en' ? en('') : zh(''));
  return s.page.evaluate(async ([src, a]) => {
    const W = window.wendaSearch;
    await W.init();
    // eslint-disable-next-line no-new-func
    return new Function('W', 'arg', `return (${src})(W, arg);`)(W, a);
  }, [fn.toString(), arg]);
}

test('a number finds itself or nothing: never another year, nor the years it begins', async () => {
  const zhText = archive('zh'), enText = archive('en');
  const absent = ['2024', '2019', '2030', '1999'].filter((y) => !zhText.includes(y) && !enText.includes(y));
  const present = ['2025', '2022', '2014', '2026'].filter((y) => enText.includes(y));
  assert.ok(absent.length >= 2 && present.length >= 2, `years to try: ${absent} / ${present}`);
  for (const y of absent) {
    for (const url of [en(y), zh(y + '年'), zh(y)]) {
      await open(url);
      const line = await status();
      assert.doesNotMatch(line, /\d+\s*→/, `${url}: no close word stands in for a number (${line})`);
      for (const m of await marks()) assert.doesNotMatch(m, /\d/, `${y}: another number marked: ${m}`);
    }
  }
  for (const y of present) {
    await open(en(y));
    const m = await marks();
    assert.ok(m.length > 0, y);
    for (const x of m) assert.equal(x.replace(/\D/g, ''), y, `${y} marks only itself, not ${x}`);
  }
  // A prefix of a year is not a year: the last word's completions leave numbers alone.
  await open(en('202'));
  for (const m of await marks()) assert.doesNotMatch(m, /\d/, `202 completed to ${m}`);
  assert.deepEqual(s.errors, []);
});

/** Passages of the archive as a reader copies them: across a punctuation mark followed by a stop word (", and
 * the"), two marks in a row (”，), or cut mid-word at either end by the selection. */
function passages() {
  const out = [];
  for (const d of s.docs) {
    const text = d.text;
    const cases = d.lang === 'en'
      ? [/\b[A-Za-z][A-Za-z -]{12,30}, (?:and|but|which|the|as) [A-Za-z ]{6,25}\b/g, /[A-Za-z -]{12,30}, (?:and|but|which) [A-Za-z ]{8,25}/g]
      : [/[\u4e00-\u9fff]{3,8}[”」》][，、。][\u4e00-\u9fff]{3,8}/g, /[\u4e00-\u9fff]{4,8}，[\u4e00-\u9fff]{4,8}。/g];
    for (const re of cases) (text.match(re) || []).slice(0, 1).forEach((q) => out.push({ q: q.trim(), key: d.key, lang: d.lang }));
  }
  return out;
}

test('a passage pasted as it stands is an exact match of its exchange, punctuation, stop words and cut words included', async () => {
  const cases = passages();
  assert.ok(cases.filter((c) => c.lang === 'en').length >= 60 && cases.filter((c) => c.lang === 'zh').length >= 30, `${cases.length} passages`);
  const out = await inPage('zh', async (W, cases) => {
    const res = [];
    for (const c of cases) {
      const r = await W.search(c.q, { prefer: W.queryLang(c.q) });
      const first = r.results[0] && await W.doc(r.results[0].doc);
      res.push({ q: c.q, want: c.key, tier: r.results[0] && r.results[0].tier, got: first && first.url + (first.anchor === 'opening' ? 'opening' : ''), status: r.tier });
    }
    return res;
  }, cases);
  const wrong = out.filter((o) => o.tier !== 1 || o.status !== 1 || !o.got.startsWith(o.want));
  assert.deepEqual(wrong, [], `${wrong.length} of ${out.length} passages not found first and exact`);
  assert.deepEqual(s.errors, []);
});

test('a typed query of words side by side is still exact across a stop word or a mark, and a passage needs its inner words in order', async () => {
  for (const [q, url] of [['we are by your side, and the motherland has your back', en], ['"we are by your side, and the motherland has your back"', en],
    ['不支持“台湾独立”，并表示', zh], ['Belt and Road', en], ['一带一路倡议', zh]]) {
    await open(url(q));
    assert.equal(await s.page.$eval('#results', (e) => e.getAttribute('data-tier')), '1', q);
  }
  // The same words in another order are no passage of the archive.
  await open(en('the motherland has your back, and we are by your side'));
  assert.notEqual(await s.page.$eval('#results', (e) => e.getAttribute('data-tier')), '1');
  assert.deepEqual(s.errors, []);
});

test('a Latin name or abbreviation searched from the Chinese page finds the Chinese exchanges by its Chinese name, first', async () => {
  const text = archive('zh');
  const names = [['Trump', '特朗普'], ['NATO', '北约'], ['UN', '联合国'], ['EU', /欧盟|欧洲/], ['ASEAN', '东盟'], ['Putin', '普京'], ['WTO', '世贸组织']]
    .filter(([, zhName]) => (typeof zhName === 'string' ? text.includes(zhName) : zhName.test(text)));
  assert.ok(names.length >= 5, JSON.stringify(names));
  for (const [q, zhName] of names) {
    await open(zh(q));
    const r = await items();
    assert.ok(r.length > 0, q);
    assert.equal(r[0].lang, 'zh', `${q}: a Chinese exchange first on the Chinese page`);
    assert.ok(r.filter((x) => x.lang === 'zh').flatMap((x) => x.marks).some((m) => (typeof zhName === 'string' ? m.includes(zhName) : zhName.test(m))), `${q} marks ${zhName}`);
    // From the English page the same query lists the English exchanges first.
    await open(en(q));
    assert.equal((await items())[0].lang, 'en', `${q} on the English page`);
  }
  assert.deepEqual(s.errors, []);
});

test('while an input method composes, nothing is searched and the address stays; the composed text is searched', async () => {
  for (const [before, steps, commit] of [['', ['z', 'zh', 'zhong', "zhong'm", "zhong'mei"], '中美'], ['台湾', ['w', 'wen', "wen'ti"], '问题'],
    ['', ['n', 'nan', "nan'hai"], '南海']]) {
    await open(zh(before));
    await s.page.click('#search-q');
    await s.page.keyboard.press('End');
    const cdp = await s.page.context().newCDPSession(s.page);
    const address = await s.page.evaluate(() => location.search);
    const shown = await status();
    for (const t of steps) {
      await cdp.send('Input.imeSetComposition', { text: t, selectionStart: t.length, selectionEnd: t.length });
      await s.page.waitForTimeout(350);
      assert.equal(await s.page.evaluate(() => location.search), address, `composing ${t}: the address is left alone`);
      assert.equal(await status(), shown, `composing ${t}: no search`);
    }
    await cdp.send('Input.insertText', { text: commit });
    await s.page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, before + commit);
    await s.page.waitForFunction(() => /search-(found|none)/.test(document.querySelector('#results').className) && document.querySelector('.search-status').textContent);
    assert.match(await status(), /找到|没有/);
  }
  assert.deepEqual(s.errors, []);
});

/** The editor's corrected readings of the bundled archive: {key, n, words (in the reading, not in the printed paragraph)}. */
function corrected() {
  const out = [];
  for (const d of s.docs.filter((x) => x.lang === 'zh')) {
    for (const [n, reading] of d.readings) {
      const printed = d.paragraphs.find((p) => p[0] === n)[2];
      // A stretch of five characters of the reading that the printed text does not have.
      for (let i = 0; i + 5 <= reading.length; i++) {
        const w = reading.slice(i, i + 5);
        if (/^[\u4e00-\u9fff]+$/.test(w) && !printed.includes(w) && !archive('zh').replace(reading, '').includes(w)) { out.push({ key: d.key, n, words: w }); break; }
      }
    }
  }
  return out;
}

test("a match in the editor's corrected reading is shown and linked as the paragraph it corrects, once, labelled in the page's language", async () => {
  const cases = corrected();
  assert.ok(cases.length >= 3, JSON.stringify(cases));
  for (const c of cases.concat([{ key: null, words: '为和平发声' }, { key: null, words: '不搞地缘政治算计' }])) {
    for (const [url, label] of [[zh, '编者校订'], [en, "editor's reading"]]) {
      await open(url(c.words));
      const r = (await items()).find((x) => x.marks.length && x.lang === 'zh');
      assert.ok(r, `${c.words}: a result`);
      if (c.key) assert.ok(r.href.includes(c.key + '/'), `${c.words}: ${r.href}`);
      assert.match(r.href, /#q\d+-p\d+$/, `${c.words}: the title links to the paragraph`);
      if (c.n) assert.ok(r.href.endsWith(`-p${c.n}`), `${c.words}: ${r.href} is paragraph ${c.n}`);
      assert.ok(r.text.includes(label), `${c.words}: labelled ${label}: ${r.text.slice(0, 200)}`);
      assert.doesNotMatch(r.text.replace(label, ''), /\b(answer|question|reading)[：:]/, 'no untranslated field name');
      assert.ok(r.text.length < 600, `${c.words}: the reading is cut as a paragraph is (${r.text.length} characters)`);
      assert.equal(new Set(r.paras).size, r.paras.length, `${c.words}: each paragraph once: ${r.paras}`);
    }
  }
  // Words the printed text and the reading both hold: the paragraph shown once.
  const both = s.docs.filter((d) => d.readings.length).map((d) => {
    const [n, reading] = d.readings[0];
    const printed = d.paragraphs.find((p) => p[0] === n)[2];
    const w = Array.from({ length: reading.length - 3 }, (_, i) => reading.slice(i, i + 4)).find((x) => /^[\u4e00-\u9fff]+$/.test(x) && printed.includes(x));
    return w;
  }).filter(Boolean);
  assert.ok(both.length >= 2);
  for (const w of both.concat(['洋网红'])) {
    await open(zh(w));
    for (const r of await items()) assert.equal(new Set(r.paras).size, r.paras.length, `${w}: ${r.paras}`);
  }
  assert.deepEqual(s.errors, []);
});

test("a word whose stem words of other forms share puts first the exchanges holding its own form, and marks no word of another", async () => {
  const text = archive('en').toLowerCase();
  for (const [q, own, other] of [['globalization', /^globalizations?$/, /^global(ly)?$/], ['organization', /^organizations?$/, /^organiz(e|ed|ing)$/],
    ['internal', /^internal(ly)?$/, /^international/], ['internationally', /^internationally$/, /^international$/], ['relations', /^relations?$/, /^relat(e|ed|ing)$/]]) {
    assert.ok(new RegExp(`\\b${q}\\b`).test(text), q);
    await open(en(q));
    const r = (await items()).filter((x) => x.lang === 'en');
    // The exchanges whose text holds the word's own form, as the documents say.
    const holds = (href) => { const d = s.docs.find((x) => x.key === exchangeKey(href)); return (d.text.toLowerCase().match(/[a-z]+/g) || []).some((w) => own.test(w)); };
    const flags = r.map((x) => holds(x.href));
    const firstWithout = flags.indexOf(false), lastWith = flags.lastIndexOf(true);
    assert.ok(lastWith >= 0, `${q}: some exchange holds it`);
    assert.ok(firstWithout < 0 || firstWithout > lastWith || r[firstWithout].tier !== r[lastWith].tier,
      `${q}: within a tier, exchanges with "${q}" come first: ${flags.map(Number).join('')}`);
    for (const m of r.flatMap((x) => x.marks)) assert.doesNotMatch(m.toLowerCase(), q === 'internal' ? other : /^$/, `${q} marks ${m}`);
  }
  await open(en('internal'));
  for (const m of await marks()) assert.match(m, /^internal/i, `internal marks ${m}`);
  assert.deepEqual(s.errors, []);
});

test('a year or language option counts the results it would give with the other filters as they are, never a false 0', async () => {
  for (const [url, q, filter] of [[zh, '一带一路', { year: '2024' }], [zh, '一带一路', { lang: 'en' }], [en, 'Ukraine', { year: '2022' }], [en, 'multilateralism', { lang: 'zh' }],
    [zh, '台湾', { year: '2026', lang: 'zh' }]]) {
    await open(url({ q, ...filter }));
    for (const k of ['year', 'lang']) {
      const options = await s.page.$$eval(`#search-${k} option`, (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent]));
      for (const [value, label] of options) {
        const shown = /\((\d+)(\+?)\)$/.exec(label);
        // What choosing the option gives, the other filters kept.
        const p = await s.browser.newPage();
        await p.goto(url({ q, ...filter, [k]: value }));
        await p.waitForFunction(() => /search-(none|found)/.test(document.querySelector('#results').className) && document.querySelector('.search-status').textContent);
        const n = await p.$$eval('.search-results > li[data-lang]', (lis) => lis.length);
        const more = await p.$('.search-more button');
        await p.close();
        if (!shown) { assert.ok(!/\(0\)/.test(label), label); continue; }
        // An exhaustive count is what the option gives; one with + at most that.
        if (!more && !shown[2]) assert.equal(Number(shown[1]), n, `${q} ${k}=${value}: ${label} against ${n} results`);
        if (shown[2]) assert.ok(Number(shown[1]) <= n || more, `${q} ${k}=${value}: ${label} against ${n} results`);
        assert.ok(Number(shown[1]) > 0 || n === 0, `${q} ${k}=${value}: a false 0 (${n} results)`);
      }
    }
  }
  assert.deepEqual(s.errors, []);
});

test('a word typed in two parts, hyphenated or spaced, finds the word written as one', async () => {
  const text = archive('en').toLowerCase();
  const cases = [['multi-polar world', 'multipolar'], ['multi polar', 'multipolar'], ['multi-lateralism', 'multilateralism'], ['co-operation', 'cooperation'],
    ['cease-fire', 'ceasefire'], ['multi lateral', 'multilateral']].filter(([, w]) => text.includes(w));
  assert.ok(cases.length >= 4, JSON.stringify(cases));
  for (const [q, joined] of cases) {
    await open(en(q));
    // Every exchange writing the word as one is found (on the first page, where they are few), with all the
    // query's words: marked, unless the paragraphs shown are those of the other words.
    const want = s.docs.filter((d) => d.lang === 'en' && new RegExp(`\\b${joined}`, 'i').test(d.text)).map((d) => d.key);
    const r = await items();
    assert.ok(want.length > 0, joined);
    // Written by more exchanges than a page shows: the first page is theirs.
    if (want.length > 20) for (const x of r.slice(0, 10)) assert.ok(want.includes(exchangeKey(x.href)), `${q}: ${x.href}`);
    else for (const key of want) {
      const x = r.find((i) => exchangeKey(i.href) === key);
      assert.ok(x && (x.marks.some((m) => m.toLowerCase().includes(joined)) || x.tier !== '3'), `${q}: ${key} ${JSON.stringify(x && x.marks)}`);
    }
    assert.doesNotMatch(await status(), /multi →|co →|cease →/, `${q}: no close words for the parts: ${await status()}`);
  }
  // Two words that are both words of the archive stay two words (joined only when hyphenated).
  await open(en('nuclear weapons'));
  assert.ok((await marks()).some((m) => /nuclear[- ]weapons?/i.test(m)));
  const joins = await s.page.evaluate(() => Promise.all(['peace keeping', 'nuclear weapons', 'multi polar world', 'multi-polar', 'Sino-US', 'cease-fire now']
    .map((q) => window.wendaSearch.joined(q))));
  assert.deepEqual(joins, [null, null, 'multipolar world', 'multipolar', null, 'ceasefire now']);
  assert.deepEqual(s.errors, []);
});

test('the status line says how many results match exactly, with all words, with some, in the page language', async () => {
  const split = { en: 0, zh: 0 };
  for (const [lang, q] of [['en', '"peaceful reunification"'], ['en', '"belt and road"'], ['en', '"two-state solution"'], ['en', '"global governance"'],
    ['zh', '"和平统一"'], ['zh', '“一带一路”倡议'], ['zh', '"全球治理"'], ['zh', '"中美关系"'], ['zh', '"两国方案"']]) {
    await open(lang === 'en' ? en(q) : zh(q));
    const line = await status();
    const tiers = (await items()).map((x) => x.tier);
    const m = lang === 'en' ? /^(\d+)\+? exchanges: (.*)$/.exec(line) : /^找到 (\d+)\+? 条问答：(.*)$/.exec(line);
    if (!m) {
      // One tier only: the plain count, of results all of one tier.
      assert.equal(new Set(tiers).size, 1, `${q}: ${line} / ${tiers.join('')}`);
      continue;
    }
    split[lang]++;
    const words = lang === 'en' ? [/(\d+) exact/, /(\d+) with all the words/, /(\d+)\+? with some of the words/] : [/(\d+) 条完全匹配/, /(\d+) 条包含全部词语/, /(\d+)\+? 条包含部分词语/];
    const counts = words.map((re) => Number(re.exec(m[2])?.[1] || 0));
    assert.equal(counts.reduce((a, b) => a + b), Number(m[1]), `${q}: ${line}`);
    // The first page shows the first tiers whole.
    for (const [i, t] of ['1', '2'].entries()) if (tiers.length < Number(m[1]) ? tiers.filter((x) => x !== t).length : true) assert.ok(tiers.filter((x) => x === t).length <= counts[i], `${q}: ${line} / ${tiers.join('')}`);
    assert.equal(tiers.filter((x) => x === '1').length, Math.min(counts[0], tiers.length), `${q}: ${line} / ${tiers.join('')}`);
  }
  assert.ok(split.en >= 2 && split.zh >= 1, JSON.stringify(split));
  await open(en('"peaceful reunification"'));
  assert.match(await status(), /^\d+ exchanges: 1 exact, /);
  assert.deepEqual(s.errors, []);
});

test('the status line stays short for a pasted page, never shows empty parentheses, and an unknown filter value is no filter', async () => {
  const long = archive('en').slice(0, 8000);
  await open(en(long));
  const line = await status();
  assert.ok(line.length < 600, `${line.length} characters`);
  for (const [url, q] of [[en, 'PRC'], [zh, 'PRC'], [en, 'DPRK'], [en, 'xyzzy'], [zh, 'qwzx 台湾']]) {
    await open(url(q));
    assert.doesNotMatch(await status(), /\(\s*\)|（\s*）/, `${q}: ${await status()}`);
  }
  for (const [url, all] of [[en, 'All'], [zh, '全部']]) {
    await open(url({ q: 'Taiwan', year: '1999', lang: 'fr' }));
    for (const k of ['year', 'lang']) {
      assert.equal(await s.page.$eval(`#search-${k}`, (s) => s.value), '', k);
      assert.equal(await s.page.$eval(`#search-${k}`, (s) => s.selectedOptions[0].textContent), all);
    }
    assert.ok((await items()).length > 0, 'the results of no filter');
  }
  assert.deepEqual(s.errors, []);
});

test('"More results" moves the keyboard focus to the first new result', async () => {
  for (const [url, q] of [[en, 'China'], [zh, '合作'], [en, 'development']]) {
    await open(url(q));
    const before = (await items()).length;
    await s.page.focus('.search-more button');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction((n) => document.querySelectorAll('.search-results > li[data-lang]').length > n, before);
    const focused = await s.page.evaluate(() => {
      const a = document.activeElement, li = a && a.closest('li[data-lang]');
      return li ? Array.from(document.querySelectorAll('.search-results > li[data-lang]')).indexOf(li) : -1;
    });
    assert.equal(focused, before, `${q}: focus on the first new result`);
  }
  assert.deepEqual(s.errors, []);
});
