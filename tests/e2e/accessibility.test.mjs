// Accessibility: axe-core (through @axe-core/playwright) with the WCAG 2.2 A and AA rules, on the
// reader (with a search and the cite panel's preview card; and reading a library), the demo post and a Blogger-like post
// (every card upgraded, an auto-link popup open), in light (every WCAG 2.2 A/AA rule) and dark
// (the colour rules), on a desktop and a phone viewport: no violation. One browser; one page per viewport and site, reused for both schemes.
// Also: on a phone, the card's and the popup's buttons are tap targets of 44 px where they fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { useSiteAndBrowser, openPage } from './harness.mjs';
import { upgradeAll } from './widget-helpers.mjs';

const shared = useSiteAndBrowser();

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// The rules whose outcome depends on colours. The colour scheme changes colours only (the same
// DOM, sizes and ARIA), so in the second scheme only these run: it keeps the suite fast (a full
// run on the reader takes about 10 s on this machine).
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } },
];

const PAGES = [
  {
    name: 'reader',
    path: '/?q=BeiDou&cite=policy-paper__pt_3__prog_2__sec_10__para_2',
    async prepare(page) {
      await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
      await page.waitForSelector('#search-results .hit');
      await page.$eval('#cite-preview', (node) => node.scrollIntoView({ block: 'center' }));
      await page.$eval('#cite-preview clause-cite', (element) => element.ready);
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
  {
    // The reader over the sample library npm start serves: one document, the library's list.
    name: 'reader of a library',
    path: '/?library=%2Flibrary%2F&q=%E5%8C%97%E6%96%97#urban-renewal-law__ch_1__art_5',
    async prepare(page) {
      await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
      await page.waitForSelector('nav.library-documents');
      await page.waitForSelector('#search-results .hit', { timeout: 20000 });
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
  { name: 'demo post', path: '/demo/', prepare: prepareBlogPage },
  { name: 'Blogger-like post', path: '/test-pages/blogger.html', prepare: prepareBlogPage },
];

/** Upgrades every card, then opens one auto-link's popup (by focus) and waits for its card. */
async function prepareBlogPage(page) {
  const outcomes = await upgradeAll(page);
  assert.ok(outcomes.every((outcome) => outcome === true), `every card upgraded (${outcomes})`);
  await page.waitForFunction(() => document.querySelectorAll('a[data-clause-cite-link]').length > 0, null, { timeout: 10000 });
  await page.locator('a[data-clause-cite-link]').first().focus();
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'), null, { timeout: 10000 });
}

/** One line per violation: rule, impact, how many nodes, and the first node's summary. */
function describe(violations) {
  return violations.map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length} nodes): ${violation.nodes[0]?.target.join(' ')} — ${violation.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ')}`);
}

for (const viewport of VIEWPORTS) {
  test(`axe-core, WCAG 2.2 AA: no violations on the reader, the demo post and a Blogger-like post (${viewport.name}, light and dark)`, async () => {
    const { context, page } = await openPage(shared.browser, viewport.options);
    const failures = [];
    const counts = [];
    for (const target of PAGES) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(new URL(target.path, shared.site.url).href);
      await target.prepare(page);
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const builder = new AxeBuilder({ page });
        const results = await (colorScheme === 'light' ? builder.withTags(TAGS) : builder.withRules(COLOUR_RULES)).analyze();
        const nodes = results.violations.reduce((sum, violation) => sum + violation.nodes.length, 0);
        counts.push(`${target.name} ${colorScheme}: ${nodes}`);
        for (const line of describe(results.violations)) failures.push(`${target.name}, ${colorScheme}: ${line}`);
      }
    }
    console.log(`# axe violations (nodes), ${viewport.name}: ${counts.join('; ')}`);
    assert.deepEqual(failures, [], `axe found violations:\n${failures.join('\n')}`);
    assert.deepEqual(page.problems, [], 'no console errors');
    await context.close();
  });
}

test('phone: the buttons of a card and of the auto-link popup are at least 44 px tall', async () => {
  const { context, page } = await openPage(shared.browser, VIEWPORTS[1].options);
  await page.goto(new URL('/demo/', shared.site.url).href);
  await prepareBlogPage(page);
  const sizes = await page.evaluate(() => {
    const controls = (host) => [...host.shadowRoot.querySelectorAll('button, select, a.button')].filter((node) => node.getClientRects().length > 0);
    const card = document.querySelector('main clause-cite');
    const popup = document.querySelector('clause-cite-popup');
    const inPopup = popup.querySelector('clause-cite');
    return [...controls(card), ...controls(popup), ...controls(inPopup)].map((node) => ({ label: node.textContent.trim().slice(0, 24) || node.getAttribute('part'), height: Math.round(node.getBoundingClientRect().height * 10) / 10 }));
  });
  const small = sizes.filter((size) => size.height < 44);
  assert.ok(sizes.length >= 6, `found the card's controls (${sizes.length})`);
  assert.deepEqual(small, [], `tap targets under 44 px: ${JSON.stringify(small)}`);
  assert.deepEqual(page.problems, []);
  await context.close();
});
