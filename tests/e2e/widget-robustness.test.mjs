// The widget under stress: 200 cards on one page (one wasm fetch, lazy upgrades), a Blogger-style
// theme with aggressive CSS and the script included twice, hostile attribute and query values
// (no script runs, no element is injected), and WebAssembly blocked (by CSP, and by a failed
// fetch): the fallback stays, with one console message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage, artifacts } from './harness.mjs';
import { cardInfo, recordRequests } from './widget-helpers.mjs';

const shared = useSiteAndBrowser();

const url = (path) => new URL(path, shared.site.url).href;

test('200 cards: the wasm is fetched once, cards near the viewport upgrade, the rest wait until scrolled to', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1200, height: 900 } });
  const requests = recordRequests(page);
  await page.goto(url('test-pages/many.html'));
  await page.waitForFunction(() => document.querySelector('clause-cite')?.matches(':state(card)'), null, { timeout: 15000 });
  const counts = await page.evaluate(() => {
    const all = [...document.querySelectorAll('clause-cite')];
    return { total: all.length, upgraded: all.filter((element) => element.matches(':state(card)')).length, last: all.at(-1).matches(':state(card)') };
  });
  assert.equal(counts.total, 200);
  assert.ok(counts.upgraded >= 1 && counts.upgraded < 50, `only the cards near the viewport upgraded at first (${counts.upgraded})`);
  assert.equal(counts.last, false, 'the last card waits');
  await page.evaluate(() => document.querySelector('clause-cite:last-of-type').scrollIntoView());
  await page.waitForFunction(() => document.querySelector('clause-cite:last-of-type').matches(':state(card)'), null, { timeout: 15000 });
  // Scrolled through the whole page, every card upgrades.
  await page.evaluate(async () => {
    for (const element of document.querySelectorAll('clause-cite')) {
      element.scrollIntoView();
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  await page.waitForFunction(() => [...document.querySelectorAll('clause-cite')].every((element) => element.matches(':state(card)')), null, { timeout: 20000 });
  assert.equal(requests.filter((request) => request.endsWith('.wasm')).length, 1, 'one wasm fetch for 200 cards');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('hostile CSS: the card keeps its layout, its buttons and its text styles; the second script copy is harmless', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1200, height: 900 } });
  await page.goto(url('test-pages/hostile.html'));
  await page.waitForFunction(() => document.querySelector('clause-cite')?.matches(':state(card)'), null, { timeout: 15000 });
  const layout = await page.evaluate(() => {
    const element = document.querySelector('clause-cite');
    const root = element.shadowRoot;
    const host = getComputedStyle(element);
    const quote = element.querySelector('[data-clause-cite-text="en"]');
    const quoteStyle = getComputedStyle(quote);
    const before = getComputedStyle(quote, '::before').content;
    const buttons = [...root.querySelectorAll('button, select')].map((button) => {
      const box = button.getBoundingClientRect();
      return { visible: box.width > 20 && box.height > 15, display: getComputedStyle(button).display };
    });
    return {
      hostDisplay: host.display,
      hostOpacity: host.opacity,
      hostFloat: host.float,
      width: element.getBoundingClientRect().width,
      quoteDisplay: quoteStyle.display,
      quoteTransform: quoteStyle.transform,
      quoteColor: quoteStyle.color,
      quoteFontSize: quoteStyle.fontSize,
      quoteTextTransform: quoteStyle.textTransform,
      quoteBefore: before,
      buttons,
      definedOnce: customElements.get('clause-cite') === element.constructor,
      quotes: element.querySelectorAll('[data-clause-cite-text]').length,
    };
  });
  assert.equal(layout.hostDisplay, 'block');
  assert.equal(layout.hostOpacity, '1');
  assert.equal(layout.hostFloat, 'none');
  assert.ok(layout.width > 800, `the card takes the column width (${layout.width})`);
  assert.equal(layout.quoteDisplay, 'block');
  assert.equal(layout.quoteTransform, 'none');
  assert.notEqual(layout.quoteColor, 'rgb(192, 0, 0)');
  assert.ok(parseFloat(layout.quoteFontSize) < 24, `the quote keeps the card's size (${layout.quoteFontSize})`);
  assert.equal(layout.quoteTextTransform, 'none');
  assert.ok(layout.quoteBefore === 'none' || layout.quoteBefore === 'normal', `no page ::before content on the quote (${layout.quoteBefore})`);
  assert.ok(layout.buttons.length >= 5 && layout.buttons.every((button) => button.visible), 'every button and the style menu are visible');
  assert.equal(layout.quotes, 2, 'one quote per version, not doubled by the second script');
  await page.screenshot({ path: `${artifacts}widget-hostile-css.png` });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('XSS: hostile ref, versions, layout, sentence, style, reader, corpus and query values run nothing and inject nothing', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1200, height: 900 } });
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await page.goto(url('test-pages/xss.html'));
  // The page as written: the same HTML parsed without running anything.
  const written = await page.evaluate(async () => new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html').querySelectorAll('*').length);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('clause-cite')].map((element) => element.ready)));
  await page.waitForFunction(() => document.querySelector('clause-search').shadowRoot.querySelector('.summary')?.textContent.length > 0, null, { timeout: 10000 });
  await page.waitForTimeout(300);
  const report = await page.evaluate(() => {
    const everywhere = (root, selector) => {
      const found = [...root.querySelectorAll(selector)];
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...everywhere(element.shadowRoot, selector));
      return found;
    };
    return {
      xss: window.__xss,
      injected: everywhere(document, 'img, script:not([src]), svg, iframe, style:not([data-clause-cite-links])').length,
      javascriptLinks: everywhere(document, '[href^="javascript" i], [src^="javascript" i]').length,
      lightElements: document.querySelectorAll('*:not([data-clause-cite-text])').length,
      quotes: [...document.querySelectorAll('[data-clause-cite-text]')].map((quote) => quote.getAttribute('data-clause-cite-text')),
      notes: everywhere(document, '.note').map((note) => note.textContent),
      badRefFallback: document.querySelector('#bad-ref').matches(':state(fallback)'),
      badAttributesCard: document.querySelector('#bad-attributes').matches(':state(card)'),
    };
  });
  assert.equal(report.xss, undefined, 'no injected script ran');
  assert.deepEqual(dialogs, []);
  assert.equal(report.injected, 0, 'no img, script, svg, iframe or style was created from the values');
  assert.equal(report.javascriptLinks, 0, 'no javascript: URL became a link');
  assert.ok(report.badRefFallback, 'the hostile ref falls back to the author markup');
  assert.ok(report.badAttributesCard, 'a valid ref with hostile other attributes still upgrades');
  assert.ok(report.notes.some((note) => note.includes('<img src=x onerror="window.__xss=1">')), 'the hostile ref is shown as text in the note');
  assert.ok(report.notes.some((note) => note.includes('<svg onload="window.__xss=3">')), 'the hostile layout is shown as text');
  // The page's own DOM is as written, plus the valid card's one quote (versions had one valid id).
  assert.equal(report.lightElements, written);
  assert.deepEqual(report.quotes, ['en']);
  await context.close();
});

test('WebAssembly blocked by CSP: every card keeps its fallback exactly, with one console message', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1200, height: 900 } });
  const messages = [];
  page.on('console', (message) => messages.push(message.text()));
  await page.goto(url('test-pages/no-wasm.html'));
  const outcomes = await page.evaluate(() => Promise.all([...document.querySelectorAll('clause-cite')].map((element) => element.ready)));
  assert.deepEqual(outcomes, [false, false, false]);
  for (const index of [1, 2, 3]) {
    const info = await cardInfo(page, `clause-cite:nth-of-type(${index})`);
    assert.ok(info.fallbackVisible, `card ${index} shows the author's quote`);
    assert.deepEqual(info.notes, [], 'no note: the fallback stays as written');
    assert.deepEqual(info.quotes, []);
  }
  const ours = messages.filter((message) => message.startsWith('clause-cite:'));
  assert.equal(ours.length, 1, `one message from clause-cite (${JSON.stringify(ours)})`);
  assert.match(ours[0], /WebAssembly engine could not start/);
  await context.close();
});

test('WebAssembly that fails to download: the fallback stays, one console message, no cookies', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1200, height: 900 } });
  await page.route('**/*.wasm', (route) => route.abort('blockedbyclient'));
  const messages = [];
  page.on('console', (message) => messages.push(message.text()));
  await page.goto(url('demo/'));
  const outcomes = await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    const first = document.querySelector('clause-cite');
    return first.ready;
  });
  assert.equal(outcomes, false);
  assert.equal(messages.filter((message) => message.startsWith('clause-cite:')).length, 1);
  assert.equal(await page.evaluate(() => document.querySelectorAll('a[data-clause-cite-link]').length), 0, 'no auto-links without the engine');
  assert.deepEqual(await context.cookies(), []);
  assert.equal(await page.evaluate(() => document.cookie), '');
  await context.close();
});
