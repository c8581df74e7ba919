// Shared by the search tests that read the bundled archive's built site from file://: the site, its documents,
// a browser, and one search page at a time (`open`), with the page's errors.
import { before, after } from 'node:test';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repo, builtSite, openResults, searchUrl } from './search-helpers.mjs';
import { documents } from './search-gold.mjs';

/** Registers the suite's set-up and tear-down; returns the session, filled in once `before` has run:
 * {site, docs, browser, page, errors, open(url) → result links, zh(q), en(q) → search page URLs}. */
export function searchSession() {
  const s = { site: null, docs: null, browser: null, page: null, errors: [] };
  before(async () => {
    s.site = builtSite(join(repo, 'content'));
    s.docs = documents(s.site);
    s.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  });
  after(async () => { await s.browser?.close(); });
  s.open = async (url) => {
    if (s.page) await s.page.close();
    const { page, errors, found } = await openResults(s.browser, url);
    Object.assign(s, { page, errors });
    return found;
  };
  s.zh = (q) => searchUrl(s.site, 'zh', q);
  s.en = (q) => searchUrl(s.site, 'en', q);
  return s;
}
