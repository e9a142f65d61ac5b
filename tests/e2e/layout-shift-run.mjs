// The throttled scroll-before-load run that tests/e2e/layout-shift.test.mjs asserts on and
// bench/widget.mjs measures: network and CPU throttled through the Chrome DevTools Protocol, the
// page scrolled as soon as its target is in the DOM (before the wasm has arrived), then the
// layout-shift entries summed (CLS) once the cards near the viewport have upgraded.
// (The page's own progressive rendering can shift it too: the Blogger-like page, without the
// widget at all, shifts about 0.02 in one run in eight, when a frame is painted mid-parse before
// the <br>s Blogger writes are read; so the figure counts from two frames after the scroll.)

/** 400 kB/s both ways, 400 ms round trip; the CPU 4× slower. */
export const THROTTLING = { latency: 400, downloadThroughput: 400_000, uploadThroughput: 400_000, cpuRate: 4 };

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const desktop = { viewport: { width: 1280, height: 900 } };

/** The runs: the page, the element scrolled to the top of the viewport, the cards to wait for. */
export const SCROLL_BEFORE_LOAD = [
  { name: 'demo post, phone', path: 'demo/', contextOptions: phone, scrollTo: 'h2:nth-of-type(2)', cards: 3 },
  { name: 'demo post, desktop', path: 'demo/', contextOptions: desktop, scrollTo: 'h2:nth-of-type(2)', cards: 3 },
  { name: 'Blogger-like post, desktop', path: 'test-pages/blogger.html', contextOptions: desktop, scrollTo: 'clause-cite:nth-of-type(2)', cards: 3 },
];

/** Records layout shifts and card upgrades from the first frame on. */
function recordShiftsAndUpgrades() {
  window.__shifts = [];
  window.__upgraded = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__shifts.push({ at: Math.round(entry.startTime), value: entry.value, sources: entry.sources.map((source) => `${source.node?.nodeName ?? '?'} ${Math.round(source.previousRect.y)}→${Math.round(source.currentRect.y)}`) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('clause-cite:upgraded', (event) => {
    if (event.target.closest?.('clause-cite-popup') || event.target.getRootNode() !== document) return;
    window.__upgraded.push(performance.now());
  });
}

/**
 * Loads `url` in `page` throttled, scrolls `scenario.scrollTo` to the top as soon as the page is
 * parsed, waits for `scenario.cards` upgrades and a settling second, and returns
 * { cls, clsAfterScroll, shifts, firstCard, timing, upgraded, scrolledAt, scrolledTo }, where
 * `timing` is when the HTML and the engine's first and last bytes arrived.
 */
export async function throttledScrollBeforeLoad(page, url, scenario) {
  await page.addInitScript(recordShiftsAndUpgrades);
  // The reader scrolls as soon as the page is parsed (readyState "interactive", before its module
  // scripts run and long before the wasm has arrived), from inside the page so that the moment
  // does not depend on the test's polling on a throttled CPU.
  await page.addInitScript((selector) => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive' || window.__scrolled) return;
      const target = document.querySelector(selector);
      if (!target) return;
      target.scrollIntoView({ block: 'start' });
      window.__scrolled = { at: performance.now(), to: Math.round(window.scrollY) };
      // The first frames after the parse may show the page's own first-render shifts (a frame
      // painted mid-parse, then the rest of the HTML): counting starts once two have passed.
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__scrolled.settled = performance.now();
      }));
    });
  }, scenario.scrollTo);
  const client = await page.context().newCDPSession(page);
  await client.send('Network.enable');
  await client.send('Network.emulateNetworkConditions', { offline: false, latency: THROTTLING.latency, downloadThroughput: THROTTLING.downloadThroughput, uploadThroughput: THROTTLING.uploadThroughput });
  await client.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING.cpuRate });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__scrolled?.settled, null, { timeout: 30000, polling: 50 });
  const scrolled = await page.evaluate(() => window.__scrolled);
  await page.waitForFunction((cards) => window.__upgraded.length >= cards, scenario.cards, { timeout: 60000, polling: 100 });
  await page.waitForTimeout(1000);
  const result = await page.evaluate(() => {
    // Where the time to the first card goes: the page's HTML, then the engine's first and last
    // byte (resource timing, from navigation start like the upgrade times).
    const html = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('.wasm'));
    return {
      shifts: window.__shifts,
      upgraded: window.__upgraded.slice().sort((a, b) => a - b),
      timing: { htmlReceived: html?.responseEnd ?? null, wasmRequested: wasm?.startTime ?? null, wasmFirstByte: wasm?.responseStart || null, wasmReceived: wasm?.responseEnd ?? null },
    };
  });
  await client.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await client.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await client.detach();
  const sum = (shifts) => shifts.reduce((total, shift) => total + shift.value, 0);
  return {
    cls: sum(result.shifts),
    // From the reader's scroll on (once the page's own parse has been painted): what the
    // engine's arrival does to the text being read. The shifts before are the page's first render.
    clsAfterScroll: sum(result.shifts.filter((shift) => shift.at >= scrolled.settled)),
    shifts: result.shifts,
    firstCard: result.upgraded[0],
    timing: result.timing,
    upgraded: result.upgraded.length,
    scrolledAt: scrolled.at,
    scrolledTo: scrolled.to,
  };
}
