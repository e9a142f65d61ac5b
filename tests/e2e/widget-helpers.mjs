// Helpers shared by the widget's browser tests (tests/e2e/widget*.test.mjs): waiting for cards,
// reading a card's state from outside its shadow root, and the deep focused element.

/** Every <clause-cite> on the page, scrolled through so lazy cards upgrade; resolves to their states. */
export async function upgradeAll(page, selector = 'clause-cite') {
  return page.evaluate(async (selector) => {
    await customElements.whenDefined('clause-cite');
    const elements = [...document.querySelectorAll(selector)];
    // Lazy cards upgrade as they come near the viewport: scroll through the page, a frame apart.
    for (const element of elements) {
      element.scrollIntoView({ block: 'center' });
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }
    window.scrollTo(0, 0);
    const outcomes = await Promise.all(elements.map((element) => Promise.race([element.ready, new Promise((resolve) => setTimeout(() => resolve('timeout'), 8000))])));
    return outcomes;
  }, selector);
}

/** What a test needs to know about one card: state, shown versions, notes, light-DOM quotes. */
export function cardInfo(page, selector) {
  return page.evaluate((selector) => {
    const element = typeof selector === 'string' ? document.querySelector(selector) : selector;
    if (!element) return null;
    const root = element.shadowRoot;
    const card = root?.querySelector('.card');
    return {
      upgraded: element.matches(':state(card)'),
      fallback: element.matches(':state(fallback)'),
      clause: element.clause?.id ?? null,
      shown: element.shownVersions ?? [],
      notes: root ? [...root.querySelectorAll('.note')].map((note) => note.textContent) : [],
      quotes: [...element.querySelectorAll(':scope > [data-clause-cite-text]')].map((quote) => ({ version: quote.getAttribute('data-clause-cite-text'), lang: quote.lang, text: quote.textContent, slot: quote.slot })),
      cardClass: card?.className ?? '',
      citation: root?.querySelector('.citation cite')?.textContent ?? '',
      divergence: root?.querySelector('.divergence')?.textContent ?? '',
      styleValue: root?.querySelector('select')?.value ?? null,
      copyLabel: root?.querySelector('[part~="copy-citation"]')?.textContent ?? '',
      switcher: root ? [...root.querySelectorAll('.switcher button')].map((button) => ({ version: button.dataset.version, pressed: button.getAttribute('aria-pressed') })) : [],
      // A held card keeps its fallback in the layout, unseen (visibility: hidden), under the card.
      fallbackVisible: [...element.querySelectorAll(':scope > blockquote:not([data-clause-cite-text])')].some((quote) => quote.getClientRects().length > 0 && getComputedStyle(quote).visibility !== 'hidden'),
    };
  }, selector);
}

/** The element that has focus, looking into shadow roots: "tag.part" and its text. */
export function deepFocus(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return null;
    const style = getComputedStyle(active);
    return {
      tag: active.tagName.toLowerCase(),
      part: active.getAttribute('part') ?? '',
      text: active.textContent.trim(),
      pressed: active.getAttribute('aria-pressed'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      host: active.getRootNode()?.host?.tagName?.toLowerCase() ?? null,
      href: active.getAttribute('href'),
    };
  });
}

/** Collects every request the page makes, to check there is none but its own files. */
export function recordRequests(page) {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  return requests;
}
