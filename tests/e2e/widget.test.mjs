// Browser tests of the widget on the demo post (www/demo/index.html): every card upgrades with no
// console errors and no layout shift, versions switch, the citation and the link reach the
// clipboard (both flavours), everything works from the keyboard alone, auto-links open and
// close their card (Escape), the search box marks its matches and opens cards, and without
// JavaScript the author's fallback is what readers get. Screenshots in light and dark go to
// tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage, artifacts } from './harness.mjs';
import { upgradeAll, cardInfo, deepFocus, recordRequests } from './widget-helpers.mjs';

const shared = useSiteAndBrowser();

const demo = () => new URL('demo/', shared.site.url).href;

/** Records layout shifts from the first frame on, so a test can sum them (CLS). */
const recordLayoutShifts = () => {
  window.__layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShifts.push(entry.value);
  }).observe({ type: 'layout-shift', buffered: true });
};

async function openDemo(contextOptions = {}) {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1280, height: 900 }, ...contextOptions });
  await context.addInitScript(recordLayoutShifts);
  const requests = recordRequests(page);
  await page.goto(demo());
  return { context, page, requests };
}

async function finish({ context, page }, expectedProblems = []) {
  assert.deepEqual(page.problems, expectedProblems, 'the page logged no console errors');
  await context.close();
}

test('every card on the demo post upgrades, with its quotes in the light DOM, no console error and no foreign request', async () => {
  const opened = await openDemo();
  const { page, context, requests } = opened;
  const outcomes = await upgradeAll(page);
  assert.ok(outcomes.length >= 5, `the demo has several cards (found ${outcomes.length})`);
  assert.deepEqual(outcomes, outcomes.map(() => true), 'every card upgraded');
  const cards = await page.$$('clause-cite');
  for (const card of cards) {
    const info = await cardInfo(page, card);
    assert.ok(info.upgraded, `card ${info.clause} is upgraded`);
    assert.deepEqual(info.notes, [], `card ${info.clause} has no notes`);
    assert.ok(info.quotes.length >= 1, 'the quotes are light-DOM children');
    for (const quote of info.quotes) assert.ok(quote.text.length > 20 && quote.lang, `the quote of ${quote.version} has text and a lang`);
    assert.equal(info.fallbackVisible, false, 'the author fallback is not rendered once upgraded');
  }
  // The first card quotes the original and the official translation; the divergence shows.
  const preface = await cardInfo(page, 'clause-cite[ref="Preface ¶3"]');
  assert.deepEqual(preface.shown, ['zh', 'en']);
  assert.match(preface.divergence, /split/i, 'the Preface ¶3 card names the split paragraph');
  // Chinese UI inside the lang="zh-Hans" section.
  const commentary = await cardInfo(page, 'section[lang="zh-Hans"] clause-cite');
  assert.equal(commentary.copyLabel, '复制引文');
  assert.equal(commentary.styleValue, 'gbt7714', 'the Chinese UI defaults to GB/T 7714');
  // The compact card quotes only the chosen sentence.
  const compact = await cardInfo(page, 'clause-cite[layout="compact"]');
  assert.equal(compact.quotes.length, 1);
  assert.ok(compact.quotes[0].text.startsWith('China stands ready') && !compact.quotes[0].text.includes('. '), 'sentence="1" quotes one sentence');
  // Find-in-page sees the quoted text (it is in the page's DOM, rendered).
  const found = await page.evaluate(() => window.find('欢迎拉美和加勒比国家使用北斗卫星导航系统'));
  assert.ok(found, 'window.find finds the Chinese quote');
  // Only the page's own files were requested, and no cookie was set.
  const origin = new URL(shared.site.url).origin;
  const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request leaves the site');
  const wasm = requests.filter((url) => url.endsWith('.wasm'));
  assert.equal(wasm.length, 1, 'the wasm is fetched once');
  const own = requests.filter((url) => url.startsWith(origin)).map((url) => new URL(url).pathname);
  assert.deepEqual([...new Set(own)].sort(), ['/demo/', '/dist/clause-cite.js', '/dist/clause_cite_bg.wasm'].sort(), 'the page loads the bundle and its wasm, nothing else');
  assert.deepEqual(await context.cookies(), [], 'no cookies');
  await finish(opened);
});

test('upgrading causes no layout shift (CLS from layout-shift entries)', async () => {
  const opened = await openDemo();
  const { page } = opened;
  await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    await document.querySelector('clause-cite').ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  const shifts = await page.evaluate(() => window.__layoutShifts);
  const cls = shifts.reduce((sum, value) => sum + value, 0);
  console.log(`# demo post: cumulative layout shift ${cls.toFixed(4)} (${shifts.length} entries)`);
  // 0.1 is the Core Web Vitals bound for a good page; the measured value is printed above and
  // reported in the README (the first card grows when it upgrades in view).
  assert.ok(cls < 0.1, `CLS ${cls} stays under 0.1`);
  await finish(opened);
});

test('the reader switches versions with the switcher; the change is announced and an event fires', async () => {
  const opened = await openDemo();
  const { page } = opened;
  await upgradeAll(page);
  const selector = 'clause-cite[ref="Development Program (10) ¶2"]';
  await page.evaluate((selector) => {
    window.__changes = [];
    document.querySelector(selector).addEventListener('clause-cite:version-change', (event) => window.__changes.push(event.detail.versions));
  }, selector);
  const card = page.locator(selector);
  await card.locator('.switcher button[data-version="en-blog"]').click();
  let info = await cardInfo(page, selector);
  assert.deepEqual(info.shown, ['zh', 'en', 'en-blog']);
  assert.deepEqual(info.quotes.map((quote) => quote.version), ['zh', 'en', 'en-blog']);
  assert.equal(info.switcher.find((button) => button.version === 'en-blog').pressed, 'true');
  await card.locator('.switcher button[data-version="zh"]').click();
  info = await cardInfo(page, selector);
  assert.deepEqual(info.shown, ['en', 'en-blog']);
  // The live region is filled a frame after it is cleared, so a repeated message is announced again.
  await page.waitForFunction((selector) => document.querySelector(selector).shadowRoot.querySelector('[part="status"]').textContent.length > 0, selector);
  const status = await card.locator('[part="status"]').textContent();
  assert.match(status, /Showing .*official translation.*unofficial translation/);
  // The last shown version cannot be switched off.
  await card.locator('.switcher button[data-version="en"]').click();
  await card.locator('.switcher button[data-version="en-blog"]').click();
  info = await cardInfo(page, selector);
  assert.deepEqual(info.shown, ['en-blog']);
  assert.deepEqual(await page.evaluate(() => window.__changes), [['zh', 'en', 'en-blog'], ['en', 'en-blog'], ['en-blog']]);
  await finish(opened);
});

test('copy citation puts text/plain and text/html on the clipboard in the chosen style; copy link the permalink', async () => {
  const opened = await openDemo({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = opened;
  await upgradeAll(page);
  const selector = 'clause-cite[ref="Development Program (10) ¶2"]';
  const card = page.locator(selector);
  const readClipboard = () =>
    page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      const out = {};
      for (const type of item.types) out[type] = await (await item.getType(type)).text();
      return out;
    });
  const expected = (style, version) =>
    page.evaluate(async ({ style, version }) => {
      const { open } = await import('/dist/clause-cite.js');
      const corpus = await open();
      return corpus.cite('policy-paper__pt_3__prog_2__sec_10__para_2', { style, version });
    }, { style, version });

  for (const style of ['chicago', 'apa', 'mla', 'gbt7714', 'bibtex']) {
    await card.locator('select').selectOption(style);
    await card.locator('[part~="copy-citation"]').click();
    await page.waitForFunction((selector) => /copied/i.test(document.querySelector(selector).shadowRoot.querySelector('[part="status"]').textContent), selector);
    const clipboard = await readClipboard();
    const plain = await expected(style, 'zh');
    assert.equal(clipboard['text/plain'], plain, `${style}: the plain text is the core's citation`);
    assert.ok(clipboard['text/html'], `${style}: there is an HTML flavour`);
    const htmlText = await page.evaluate((html) => new DOMParser().parseFromString(html, 'text/html').body.textContent, clipboard['text/html']);
    assert.equal(htmlText.replace(/\s+/g, ' ').trim(), plain.replace(/\s+/g, ' ').trim(), `${style}: the HTML says the same as the plain text`);
    if (style === 'bibtex') assert.match(clipboard['text/html'], /<pre/);
    await page.evaluate((selector) => {
      document.querySelector(selector).shadowRoot.querySelector('[part="status"]').textContent = '';
    }, selector);
  }

  await card.locator('[part~="copy-link"]').click();
  await page.waitForFunction((selector) => /copied/i.test(document.querySelector(selector).shadowRoot.querySelector('[part="status"]').textContent), selector);
  const link = await readClipboard();
  assert.equal(link['text/plain'], new URL('/index.html#policy-paper__pt_3__prog_2__sec_10__para_2', shared.site.url).href, 'the default permalink is the reader page of the same copy of the package (index.html above dist/)');
  assert.match(link['text/html'], /<a href="[^"]+#policy-paper__pt_3__prog_2__sec_10__para_2">/);
  await finish(opened);
});

test('keyboard only: Tab reaches the switcher and the actions, focus is visible, Enter and Space work', async () => {
  const opened = await openDemo({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = opened;
  await upgradeAll(page);
  await page.evaluate(() => document.activeElement?.blur());
  const visited = [];
  let switcherButton = null;
  for (let step = 0; step < 40 && !switcherButton; step += 1) {
    await page.keyboard.press('Tab');
    const focus = await deepFocus(page);
    visited.push(focus);
    if (focus?.host === 'clause-cite' && focus.part === '' && focus.pressed !== null) switcherButton = focus;
  }
  assert.ok(switcherButton, `Tab reached a version switcher button (visited ${visited.map((each) => `${each?.tag}:${each?.text}`).join(', ')})`);
  assert.notEqual(switcherButton.outline.split(' ')[0], 'none', 'the focused button has a visible outline');
  const before = switcherButton.pressed;
  await page.keyboard.press('Enter');
  assert.notEqual((await deepFocus(page)).pressed, before, 'Enter toggled the version and kept focus on the button');
  await page.keyboard.press('Space');
  assert.equal((await deepFocus(page)).pressed, before, 'Space toggled it back');
  // On to the copy button of the same card.
  let copy = null;
  for (let step = 0; step < 10 && !copy; step += 1) {
    await page.keyboard.press('Tab');
    const focus = await deepFocus(page);
    if (focus?.part.includes('copy-citation')) copy = focus;
  }
  assert.ok(copy, 'Tab reaches Copy citation');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('clause-cite')].some((card) => /copied/i.test(card.shadowRoot.querySelector('[part="status"]').textContent)));
  await finish(opened);
});

test('auto-links: mentions become links with a card on hover and focus; Escape closes it; opted-out text is untouched', async () => {
  const opened = await openDemo();
  const { page } = opened;
  await page.waitForFunction(() => document.querySelectorAll('a[data-clause-cite-link]').length > 0, null, { timeout: 10000 });
  const links = await page.$$eval('a[data-clause-cite-link]', (all) => all.map((link) => ({ id: link.dataset.clauseCiteLink, text: link.textContent, href: link.getAttribute('href') })));
  const ids = links.map((link) => link.id);
  assert.ok(ids.includes('policy-paper__pt_3__prog_2__sec_10__para_3'), `"Development Program (10) ¶3" is linked (links: ${JSON.stringify(links)})`);
  assert.ok(ids.includes('policy-paper__pt_3__prog_2__sec_3'), '"Development Program (3)" is linked');
  assert.ok(links.some((link) => /第3段/.test(link.text)), 'a Chinese mention is linked');
  assert.equal(await page.$$eval('[data-clause-cite-ignore] a', (all) => all.length), 0, 'the opted-out paragraph has no links');
  assert.equal(await page.$$eval('clause-cite a[data-clause-cite-link]', (all) => all.length), 0, 'nothing inside a card is linked');
  for (const link of links) assert.ok(link.href.endsWith(`#${link.id}`), 'each link is the permalink');

  const link = page.locator('a[data-clause-cite-link="policy-paper__pt_3__prog_2__sec_10__para_3"]').first();
  const popupOpen = () => page.evaluate(() => !!document.querySelector('clause-cite-popup:popover-open'));
  // Hover opens it; the pointer can move onto the card without it closing (SC 1.4.13).
  await link.hover();
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'));
  const popupBox = await page.locator('clause-cite-popup').boundingBox();
  await page.mouse.move(popupBox.x + popupBox.width / 2, popupBox.y + popupBox.height / 2, { steps: 5 });
  await page.waitForTimeout(500);
  assert.ok(await popupOpen(), 'the card stays open while the pointer is on it');
  assert.equal(await link.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await popupOpen(), false, 'Escape dismisses the card');
  await page.mouse.move(5, 5);
  await page.waitForTimeout(400);

  // Focus opens it too, Tab moves into it, Escape closes it and focus returns to the link.
  await link.focus();
  await page.waitForFunction(() => !!document.querySelector('clause-cite-popup:popover-open'));
  await page.keyboard.press('Tab');
  const inside = await deepFocus(page);
  assert.ok(['button', 'select'].includes(inside.tag), `Tab from the link moves into the card (${inside.tag} ${inside.text})`);
  assert.ok(await popupOpen(), 'the card stays open while focus is inside it');
  await page.keyboard.press('Escape');
  assert.equal(await popupOpen(), false, 'Escape closes the card from inside');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.clauseCiteLink), 'policy-paper__pt_3__prog_2__sec_10__para_3', 'focus is back on the link');
  await finish(opened);
});

test('tap (touch) on an auto-link opens the card instead of navigating', async () => {
  const opened = await openDemo({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
  const { page } = opened;
  await page.waitForFunction(() => document.querySelectorAll('a[data-clause-cite-link]').length > 0, null, { timeout: 10000 });
  const link = page.locator('a[data-clause-cite-link]').first();
  await link.scrollIntoViewIfNeeded();
  const url = page.url();
  await link.tap();
  await page.waitForFunction(() => !!document.querySelector('clause-cite-popup:popover-open'));
  assert.equal(page.url(), url, 'the first tap did not navigate');
  await finish(opened);
});

test('the search box shows marked results as you type and opens a result into a card', async () => {
  const opened = await openDemo();
  const { page } = opened;
  const input = page.locator('clause-search input[type="search"]');
  await input.fill('北斗');
  await page.waitForFunction(() => document.querySelector('clause-search').shadowRoot.querySelectorAll('li').length > 0, null, { timeout: 10000 });
  const results = await page.evaluate(() =>
    [...document.querySelector('clause-search').shadowRoot.querySelectorAll('li')].map((item) => ({ id: item.dataset.id, marks: [...item.querySelectorAll('mark')].map((mark) => mark.textContent) })),
  );
  assert.ok(results.some((result) => result.id === 'policy-paper__pt_3__prog_2__sec_10__para_2'), 'the BeiDou paragraph is found');
  const marked = results.flatMap((result) => result.marks);
  assert.ok(marked.length > 0 && marked.every((text) => /北|斗|beidou/i.test(text)), `the marks cover the matches (${marked.join(', ')})`);
  const summary = await page.evaluate(() => document.querySelector('clause-search').shadowRoot.querySelector('.summary').textContent);
  assert.match(summary, /result/);
  const toggle = page.locator('clause-search li[data-id="policy-paper__pt_3__prog_2__sec_10__para_2"] button[data-id]');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.waitForFunction(() => document.querySelector('clause-search').shadowRoot.querySelector('clause-cite')?.matches(':state(card)'));
  await input.fill('zzzzqqqq');
  await page.waitForFunction(() => /No results/.test(document.querySelector('clause-search').shadowRoot.querySelector('.summary').textContent));
  await finish(opened);
});

test('screenshots in light and dark; the dark card really is dark', async () => {
  const backgrounds = {};
  for (const colorScheme of ['light', 'dark']) {
    const opened = await openDemo({ colorScheme });
    const { page } = opened;
    await upgradeAll(page);
    const first = page.locator('clause-cite').first();
    await first.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}widget-demo-${colorScheme}.png` });
    await first.screenshot({ path: `${artifacts}widget-card-${colorScheme}.png` });
    backgrounds[colorScheme] = await page.evaluate(() => getComputedStyle(document.querySelector('clause-cite').shadowRoot.querySelector('.card')).backgroundColor);
    await finish(opened);
  }
  const luminance = (color) => {
    const [r, g, b] = color.match(/\d+(\.\d+)?/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(luminance(backgrounds.light) > 200, `light card background ${backgrounds.light}`);
  assert.ok(luminance(backgrounds.dark) < 60, `dark card background ${backgrounds.dark}`);
});

test('with JavaScript disabled the author fallback is what readers get', async () => {
  const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  await page.goto(demo());
  const cards = await page.$$eval('clause-cite', (all) =>
    all.map((element) => ({
      shadow: element.shadowRoot !== null,
      quote: element.querySelector('blockquote')?.textContent.trim() ?? '',
      quoteVisible: (element.querySelector('blockquote')?.getClientRects().length ?? 0) > 0,
      cite: element.querySelector('p cite')?.textContent.trim() ?? '',
    })),
  );
  assert.ok(cards.length >= 5);
  for (const card of cards) {
    assert.equal(card.shadow, false, 'no upgrade without JavaScript');
    assert.ok(card.quoteVisible && card.quote.length > 40, 'the quote is shown');
    assert.ok(card.cite.length > 10, 'the citation is shown');
  }
  await page.screenshot({ path: `${artifacts}widget-demo-no-javascript.png` });
  assert.deepEqual(page.problems, []);
  await context.close();
});
