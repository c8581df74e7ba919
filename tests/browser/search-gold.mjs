// The query set with gold answers (tests/fixtures/search/queries.json) and its measures, shared by the browser
// test (search-quality.test.mjs) and the comparison with Pagefind (benches/search/quality.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { packedDocuments, repo } from './search-helpers.mjs';

export const queries = () => JSON.parse(readFileSync(join(repo, 'tests/fixtures/search/queries.json'), 'utf8')).queries;

/** Every document of a site's index: {key, lang, fields: {kind: text}, text, paragraphs: [[n, label, text]],
 * readings: [[n, text]] (the editor's corrected readings, by the number of the paragraph each corrects)}. */
export function documents(site) {
  return packedDocuments(site).map((packed) => {
    const d = JSON.parse(inflateRawSync(packed).toString('utf8'));
    const fields = Object.fromEntries(d.f.map(([kind, text]) => [kind, text]));
    const text = d.f.map((x) => x[1]).concat(d.p.map((p) => p[2])).join('\n');
    const readings = d.f.filter((x) => x[0] === 'reading').map((x) => [x[2], x[1]]);
    return { key: exchangeKey(d.u + (d.a === 'opening' ? '#opening' : '')), lang: d.l, fields, text, paragraphs: d.p, readings };
  });
}

/** `en/2024/2024-03-07-wang-yi/q01` of a page address or an index path, `…/2024-03-07-wang-yi/opening` of an
 * event's opening statement (`…/2024-03-07-wang-yi/index.html#opening-p2`; null when it is neither). */
export function exchangeKey(href) {
  const m = /((?:en\/)?\d{4}\/[^/]+\/q\d+)(?:\/|$)/.exec(href);
  if (m) return m[1];
  const o = /((?:en\/)?\d{4}\/[^/#]+\/)(?:index\.html)?#opening/.exec(href);
  return o ? o[1] + 'opening' : null;
}

/** The exchanges that answer query `q`, by its gold rule. */
export function gold(q, docs) {
  const g = q.gold;
  return new Set(docs.filter((d) => d.lang === q.lang).filter((d) => {
    if (g.topic) return (d.fields.topics || '').includes(g.topic);
    if (g.outlet) return d.fields.outlet === g.outlet;
    if (g.text) return q.lang === 'zh' ? d.text.includes(g.text) : d.text.toLowerCase().includes(g.text.toLowerCase());
    if (g.re) return new RegExp(g.re, g.case ? 'u' : 'iu').test(d.text);
    return (g.ids || []).includes(d.key);
  }).map((d) => d.key));
}

/** Measures of ranked result lists against gold sets: P@1, recall@10, MRR, zero-result rate, per class and overall. */
export function measure(rows) {
  const sum = (rs) => {
    const n = rs.length || 1;
    const p1 = rs.filter((r) => r.gold.has(r.results[0])).length / n;
    const r10 = rs.reduce((a, r) => a + r.results.slice(0, 10).filter((k) => r.gold.has(k)).length / Math.min(10, r.gold.size), 0) / n;
    const mrr = rs.reduce((a, r) => { const i = r.results.findIndex((k) => r.gold.has(k)); return a + (i < 0 ? 0 : 1 / (i + 1)); }, 0) / n;
    const zero = rs.filter((r) => !r.results.length).length / n;
    return { n: rs.length, p1, r10, mrr, zero };
  };
  const classes = {};
  for (const r of rows) (classes[r.class] = classes[r.class] || []).push(r);
  return { all: sum(rows), classes: Object.fromEntries(Object.entries(classes).map(([c, rs]) => [c, sum(rs)])) };
}

/** The measures as a Markdown table. */
export function table(m, name = 'wenda') {
  const f = (x) => x.toFixed(2);
  const line = (c, s) => `| ${name} | ${c} | ${s.n} | ${f(s.p1)} | ${f(s.r10)} | ${f(s.mrr)} | ${f(s.zero)} |`;
  return ['| engine | class | queries | P@1 | recall@10 | MRR | zero results |', '|---|---|---|---|---|---|---|',
    ...Object.entries(m.classes).map(([c, s]) => line(c, s)), line('**all**', m.all)].join('\n');
}
