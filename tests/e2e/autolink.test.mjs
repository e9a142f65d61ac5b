// Auto-linking beyond the first pass: content the page adds after load (comments, infinite
// scroll, late widgets) gets links; a citation broken by inline markup inside one block is found
// and linked piece by piece; a page adding 10,000 nodes at once stays responsive (the linker
// works in short slices); ranges; and the popup shows the version in the page's language first,
// then the original, in one frame, with no keyboard hint on touch screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage } from './harness.mjs';

const shared = useSiteAndBrowser();

async function openGrowingPost(contextOptions = {}) {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1000, height: 800 }, ...contextOptions });
  await page.goto(new URL('test-pages/autolink.html', shared.site.url).href);
  await page.waitForSelector('#first a[data-clause-cite-link]', { timeout: 15000 });
  return { context, page };
}

const linkIds = (page, selector) => page.$$eval(`${selector} a[data-clause-cite-link]:not([data-clause-cite-continues])`, (links) => links.map((link) => link.dataset.clauseCiteLink));

test('content added after load gets links: a comment, an infinite-scroll post, a late widget', async () => {
  const { context, page } = await openGrowingPost();
  await page.evaluate(() => {
    // A comment rendered by a comments script.
    const comment = document.createElement('div');
    comment.className = 'comment';
    comment.innerHTML = '<p class="author">Ana</p><p>Compare Development Program (3) ¶1 with the blog translation.</p>';
    document.querySelector('#comments').append(comment);
    // The next post, appended by infinite scroll.
    const next = document.createElement('article');
    next.innerHTML = '<h2>The next post</h2><p>On artificial intelligence see Development Program (9) ¶3.</p>';
    document.querySelector('#more').append(next);
    // A theme widget that fills itself in late, by innerHTML.
    setTimeout(() => {
      document.querySelector('#widget').innerHTML = '<h3>Most cited</h3><ul><li>Solidarity Program (9) ¶1</li></ul>';
    }, 50);
  });
  await page.waitForFunction(() => document.querySelectorAll('#comments a[data-clause-cite-link], #more a[data-clause-cite-link], #widget a[data-clause-cite-link]').length >= 3, null, { timeout: 5000 }).catch(() => {});
  assert.deepEqual(await linkIds(page, '#comments'), ['policy-paper__pt_3__prog_2__sec_3__para_1'], 'the comment');
  assert.deepEqual(await linkIds(page, '#more'), ['policy-paper__pt_3__prog_2__sec_9__para_3'], 'the appended post');
  assert.deepEqual(await linkIds(page, '#widget'), ['policy-paper__pt_3__prog_1__sec_9__para_1'], 'the late widget');
  assert.deepEqual(await linkIds(page, '#outside'), [], 'nothing outside data-autolink');
  assert.equal(await page.$$eval('#first a[data-clause-cite-link]', (links) => links.length), 1, 'the first paragraph is not linked twice');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a citation broken by inline markup inside one block is linked, piece by piece, leaving the page’s elements in place', async () => {
  const { context, page } = await openGrowingPost();
  const result = await page.evaluate(async () => {
    const paragraph = document.createElement('p');
    paragraph.id = 'inline';
    paragraph.innerHTML = 'As Development Program <b id="bold">(9)</b> ¶3 puts it, and <em>Preface</em> ¶3 too; but not Development Program<br>(10).';
    const bold = paragraph.querySelector('#bold');
    bold.marker = 'the page’s own element';
    document.querySelector('#post').append(paragraph);
    const started = performance.now();
    await new Promise((resolve) => {
      const check = () => (paragraph.querySelector('a[data-clause-cite-link]') || performance.now() - started > 5000 ? resolve() : setTimeout(check, 20));
      check();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pieces = [...paragraph.querySelectorAll('a[data-clause-cite-link]')];
    return {
      text: paragraph.textContent,
      boldKept: paragraph.querySelector('#bold') === bold && bold.marker === 'the page’s own element',
      pieces: pieces.map((link) => ({ id: link.dataset.clauseCiteLink, text: link.textContent, label: link.getAttribute('aria-label'), tabbable: link.tabIndex >= 0, hidden: link.getAttribute('aria-hidden'), href: link.getAttribute('href') })),
    };
  });
  assert.equal(result.text, 'As Development Program (9) ¶3 puts it, and Preface ¶3 too; but not Development Program(10).', 'the text reads as before');
  assert.ok(result.boldKept, 'the <b> is the page’s own element, still in place');
  const nine = result.pieces.filter((piece) => piece.id === 'policy-paper__pt_3__prog_2__sec_9__para_3');
  assert.deepEqual(nine.map((piece) => piece.text), ['Development Program ', '(9)', ' ¶3'], `the citation over three text nodes is linked in three pieces (${JSON.stringify(result.pieces)})`);
  assert.deepEqual(nine.map((piece) => piece.tabbable), [true, false, false], 'one tab stop per citation');
  assert.equal(nine[0].label, 'Development Program (9) ¶3', 'its accessible name is the whole citation');
  assert.deepEqual(nine.slice(1).map((piece) => piece.hidden), ['true', 'true']);
  assert.equal(new Set(nine.map((piece) => piece.href)).size, 1, 'every piece is the same permalink');
  assert.deepEqual(result.pieces.filter((piece) => piece.id === 'policy-paper__preface__para_3').map((piece) => piece.text), ['Preface', ' ¶3']);
  assert.ok(!result.pieces.some((piece) => piece.id.startsWith('policy-paper__pt_3__prog_2__sec_10')), 'a <br> ends the run: no citation across a line break');
  // Hovering the middle piece opens the citation's popup.
  await page.hover('#bold a');
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'));
  assert.equal(await page.$eval('clause-cite-popup clause-cite', (card) => card.clause.id), 'policy-paper__pt_3__prog_2__sec_9__para_3');
  assert.deepEqual(page.problems, []);
  await context.close();
});

/** One run: 10,000 nodes added to a fresh post, and how the main thread fared while linking. */
async function linkTenThousandNodes() {
  const { context, page } = await openGrowingPost();
  const report = await page.evaluate(async () => {
    const holder = document.querySelector('#more');
    const fragment = document.createDocumentFragment();
    let expected = 0;
    for (let index = 0; index < 5000; index += 1) {
      const paragraph = document.createElement('p');
      if (index % 50 === 0) {
        paragraph.textContent = `Comment ${index}: see Development Program (10) ¶2.`;
        expected += 1;
      } else {
        paragraph.textContent = `Comment ${index}: nothing to cite here, only words about trade and ports.`;
      }
      fragment.append(paragraph);
    }
    // 5,000 elements and 5,000 text nodes.
    const gaps = [];
    let last = performance.now();
    let beating = true;
    const beat = () => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      if (beating) setTimeout(beat, 0);
    };
    const started = performance.now();
    holder.append(fragment);
    setTimeout(beat, 0);
    await new Promise((resolve, reject) => {
      const check = () => {
        if (holder.querySelectorAll('a[data-clause-cite-link]').length >= expected) resolve();
        else if (performance.now() - started > 15000) reject(new Error(`only ${holder.querySelectorAll('a[data-clause-cite-link]').length} of ${expected} links after 15 s`));
        else setTimeout(check, 50);
      };
      check();
    });
    const elapsed = performance.now() - started;
    beating = false;
    // The first gap is the browser laying out the page's 10,000 new nodes (the same without
    // clause-cite); the gaps after it are the linker's slices and the renders between them.
    const [layout, ...linking] = gaps;
    const busy = linking.reduce((sum, gap) => sum + Math.max(0, gap - 4), 0);
    return { expected, links: holder.querySelectorAll('a[data-clause-cite-link]').length, elapsed, layout, longest: Math.max(0, ...linking), busy };
  });
  console.log(`# 10,000 added nodes: ${report.links} links in ${report.elapsed.toFixed(0)} ms; the page's own layout of them ${report.layout.toFixed(0)} ms, then main thread busy ≈ ${report.busy.toFixed(0)} ms while linking, longest block ${report.longest.toFixed(1)} ms`);
  const problems = [...page.problems];
  await context.close();
  return { ...report, problems };
}

test('a page adding 10,000 nodes at once stays responsive while they are linked', async () => {
  // The linker reads in slices of 8 ms and yields between them; each block of the main thread
  // while linking is that slice and the browser's re-render of what it changed. Bound: a long
  // task (50 ms), or on a loaded machine half the time the browser took to lay out the nodes
  // in the same run (both slow down together). These are wall-clock figures on a shared
  // machine, so the best of three runs counts: a linker that does not yield blocks the thread
  // for hundreds of milliseconds in every run, while a busy neighbour delays only some.
  let best;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const report = await linkTenThousandNodes();
    assert.equal(report.links, report.expected);
    assert.deepEqual(report.problems, []);
    report.bound = Math.max(50, report.layout / 2);
    if (!best || report.longest / report.bound < best.longest / best.bound) best = report;
    if (best.longest < best.bound) break;
  }
  assert.ok(best.longest < best.bound, `the longest block of the main thread while linking was ${best.longest.toFixed(1)} ms (bound ${best.bound.toFixed(0)} ms) in the best of three runs`);
});

test('a range is linked as one link over its whole text', async () => {
  const { context, page } = await openGrowingPost();
  await page.evaluate(() => {
    const paragraph = document.createElement('p');
    paragraph.id = 'range';
    paragraph.textContent = 'Read Development Program (9)–(10) together.';
    document.querySelector('#post').append(paragraph);
  });
  await page.waitForSelector('#range a[data-clause-cite-link]');
  assert.deepEqual(await page.$$eval('#range a[data-clause-cite-link]', (links) => links.map((link) => link.textContent)), ['Development Program (9)–(10)']);
  await context.close();
});

test('a range link’s card shows the whole range', async () => {
  const { context, page } = await openGrowingPost();
  await page.evaluate(() => {
    const paragraph = document.createElement('p');
    paragraph.id = 'range';
    paragraph.textContent = 'Read Development Program (9)–(10) together.';
    document.querySelector('#post').append(paragraph);
  });
  await page.waitForSelector('#range a[data-clause-cite-link]');
  await page.focus('#range a[data-clause-cite-link]');
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'));
  const end = await page.$eval('clause-cite-popup clause-cite', (card) => card.card?.end ?? null);
  assert.equal(end, 'policy-paper__pt_3__prog_2__sec_10', 'the popup card shows (9) through (10)');
  await context.close();
});

/** The popup's card: versions shown, and the frames drawn around it. */
function popupFacts(page) {
  return page.evaluate(() => {
    const popup = document.querySelector('clause-cite-popup');
    const card = popup.querySelector('clause-cite');
    const surfaces = [popup.shadowRoot.querySelector('[part="popup"]'), card.shadowRoot.querySelector('[part~="card"]')];
    const framed = surfaces.filter((surface) => {
      const style = getComputedStyle(surface);
      return parseFloat(style.borderTopWidth) > 0 || parseFloat(style.paddingTop) > 0;
    });
    const bar = popup.shadowRoot.querySelector('.bar').getBoundingClientRect();
    const header = card.shadowRoot.querySelector('[part="header"]').getBoundingClientRect();
    const hint = popup.shadowRoot.querySelector('.hint');
    return {
      shown: card.shownVersions,
      framed: framed.length,
      gap: header.top - bar.bottom,
      hintVisible: hint.getClientRects().length > 0 && /Escape|Esc/.test(hint.textContent),
    };
  });
}

test('the popup shows the page’s language first, then the original, in one frame', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(new URL('demo/', shared.site.url).href);
  await page.waitForSelector('a[data-clause-cite-link="policy-paper__pt_3__prog_2__sec_10__para_3"]');
  await page.focus('a[data-clause-cite-link="policy-paper__pt_3__prog_2__sec_10__para_3"]');
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'));
  const english = await popupFacts(page);
  assert.deepEqual(english.shown, ['en', 'zh'], 'on an English page: the English translation, then the Chinese original');
  assert.equal(english.framed, 1, 'one frame: no card drawn inside the popup’s card');
  assert.ok(english.gap < 8, `no empty band between the popup's bar and the card (${english.gap.toFixed(1)} px)`);
  assert.ok(english.hintVisible, 'with a mouse and keyboard the Escape hint is shown');
  await page.keyboard.press('Escape');
  // In the Chinese section of the post, the Chinese original comes first.
  await page.focus('section[lang="zh-Hans"] a[data-clause-cite-link]');
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'));
  assert.deepEqual((await popupFacts(page)).shown, ['zh', 'en']);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('on a touch screen the popup does not say “Press Escape”', async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(new URL('demo/', shared.site.url).href);
  const link = page.locator('a[data-clause-cite-link="policy-paper__pt_3__prog_2__sec_10__para_3"]').first();
  await link.waitFor();
  await link.scrollIntoViewIfNeeded();
  await link.tap();
  await page.waitForFunction(() => document.querySelector('clause-cite-popup:popover-open clause-cite')?.matches(':state(card)'));
  const facts = await popupFacts(page);
  assert.equal(facts.hintVisible, false);
  assert.deepEqual(facts.shown, ['en', 'zh']);
  await context.close();
});
