// Nothing moves: the reader has already scrolled when the engine arrives, on a slow connection
// (CDP: 400 kB/s, 400 ms round trip, CPU slowed 4×). The layout-shift figure from the page's own
// PerformanceObserver, from the reader's scroll on, stays at 0.01 or below on the demo post (phone
// and desktop) and on a Blogger-like post, and the cards do upgrade. (Before the scroll only the
// page's own first render can shift: the widget's script has not run yet.) Each throttled run
// happens once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage } from './harness.mjs';
import { throttledScrollBeforeLoad, SCROLL_BEFORE_LOAD } from './layout-shift-run.mjs';

const shared = useSiteAndBrowser();

for (const scenario of SCROLL_BEFORE_LOAD) {
  test(`scrolled before the engine arrives, throttled: CLS ≤ 0.01 (${scenario.name})`, async () => {
    const { context, page } = await openPage(shared.browser, scenario.contextOptions);
    const run = await throttledScrollBeforeLoad(page, new URL(scenario.path, shared.site.url).href, scenario);
    console.log(`# ${scenario.name}: CLS ${run.clsAfterScroll.toFixed(4)} from the scroll on (${run.cls.toFixed(4)} with the page's own first render), first card upgraded at ${run.firstCard.toFixed(0)} ms, ${run.upgraded} cards upgraded, scrolled to ${run.scrolledTo} px at ${run.scrolledAt.toFixed(0)} ms`);
    assert.ok(run.upgraded >= scenario.cards, `the cards upgraded (${run.upgraded})`);
    assert.ok(run.scrolledAt < run.firstCard, 'the page was scrolled before the first card upgraded');
    assert.ok(run.clsAfterScroll <= 0.01, `CLS ${run.clsAfterScroll.toFixed(4)} ≤ 0.01; shifts: ${JSON.stringify(run.shifts)}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}
