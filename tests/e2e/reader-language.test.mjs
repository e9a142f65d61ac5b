// The reader in the reader's language, and on a phone: columns and contents in the reader's
// language first (the page's lang, then the browser's languages; ?v= still wins), the scraper's
// header kept whole under a folded "About this source" instead of standing as the first clause,
// a first screen on a phone that shows the text, and Cite landing at the top of the cite panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage } from './harness.mjs';

const shared = useSiteAndBrowser();

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function openReader(path, contextOptions = {}) {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1440, height: 1000 }, ...contextOptions });
  await page.goto(new URL(path, shared.site.url).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
  return { context, page };
}

const columnsOf = (page, id) => page.$$eval(`[id="${id}"] .cell`, (cells) => cells.map((cell) => cell.dataset.version));

test('an English reader gets English first: the columns, the contents, and on a phone the one version shown', async () => {
  const desktop = await openReader('/', { locale: 'en-US' });
  assert.deepEqual(await columnsOf(desktop.page, 'policy-paper__pt_1__para_1'), ['en', 'zh', 'en-blog'], 'the official English translation, then the original, then the blog translation');
  const contents = await desktop.page.$$eval('#toc .toc-prog > a', (links) => links.map((link) => ({ text: link.textContent, lang: link.lang })));
  assert.ok(contents.length === 5 && contents.every((link) => /^[\x00-\x7F]+$/.test(link.text) && link.lang === 'en'), `the contents are in English (${JSON.stringify(contents)})`);
  assert.doesNotMatch(desktop.page.url(), /[?&]v=/, 'the default order is not written into the URL');
  // A choice in the URL still wins.
  await desktop.context.close();
  const chosen = await openReader('/?v=zh,en');
  assert.deepEqual(await columnsOf(chosen.page, 'policy-paper__pt_1__para_1'), ['zh', 'en']);
  assert.match(await chosen.page.$eval('#toc .toc-prog > a', (link) => link.textContent), /\p{Script=Han}/u, 'with Chinese first the contents are Chinese');
  await chosen.context.close();

  const { context, page } = await openReader('/', { ...phone, locale: 'en-US' });
  const visible = await page.$$eval('[id="policy-paper__pt_1__para_1"] .cell', (cells) => cells.filter((cell) => cell.offsetParent !== null).map((cell) => cell.dataset.version));
  assert.deepEqual(visible, ['en'], 'on a phone the English reader sees the English text');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the scraper’s header is kept whole under “About this source”, not as the document’s first clause', async () => {
  const { context, page } = await openReader('/');
  const layout = await page.$eval('#doc-policy-paper', (article) => ({
    firstClause: article.querySelector(':scope > .clause:not(.column-header)')?.id,
    about: article.querySelector('details.about-source')?.querySelector('summary')?.textContent ?? null,
    open: article.querySelector('details.about-source')?.open ?? null,
    frontInside: article.querySelector('details.about-source [id="policy-paper__front"]') !== null,
    frontText: Object.fromEntries([...article.querySelectorAll('[id="policy-paper__front"] .cell')].map((cell) => [cell.dataset.version, cell.textContent])),
  }));
  assert.equal(layout.firstClause, 'policy-paper__preface', 'the Preface heading is the first clause shown');
  assert.match(layout.about ?? '', /About this source/);
  assert.equal(layout.open, false, 'folded by default');
  assert.ok(layout.frontInside, 'the header row (id "policy-paper__front") is inside it');
  const corpus = await page.evaluate(async () => {
    const { open } = await import('/reader/api.js');
    return (await open()).lookup('policy-paper__front').texts;
  });
  for (const [version, text] of Object.entries(corpus)) assert.equal(layout.frontText[version], text, `${version}: the header is kept as published`);
  await context.close();
  // Its permalink opens the area.
  const linked = await openReader('/#policy-paper__front');
  assert.equal(await linked.page.$eval('details.about-source', (details) => details.open), true);
  await linked.context.close();
});

test('on a phone the first screen shows the text, and Cite lands at the top of the cite panel', async () => {
  const { context, page } = await openReader('/', phone);
  const firstScreen = await page.evaluate(() => {
    const texts = [...document.querySelectorAll('.clause .cell :is(.text, .heading)')].filter((node) => node.offsetParent !== null);
    const first = texts[0]?.getBoundingClientRect();
    return { top: first ? Math.round(first.top) : null, height: window.innerHeight };
  });
  assert.ok(firstScreen.top !== null && firstScreen.top < firstScreen.height * 0.9, `the first words of the text start ${firstScreen.top} px down a ${firstScreen.height} px screen`);
  await page.$eval('[id="policy-paper__pt_3__prog_2__sec_9__para_3"]', (row) => row.scrollIntoView({ block: 'center' }));
  await page.tap('[id="policy-paper__pt_3__prog_2__sec_9__para_3"] .cite-button');
  await page.waitForSelector('#cite-panel .selected-title');
  await page.waitForTimeout(300);
  const top = await page.$eval('#cite', (panel) => Math.round(panel.getBoundingClientRect().top));
  assert.ok(top >= 0 && top <= 100, `the cite panel's top is at ${top} px (the top of the screen, below the scroll padding)`);
  assert.deepEqual(page.problems, []);
  await context.close();
});
