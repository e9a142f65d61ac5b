// Auto-linking: finds citations in a post's running text with the core's findCitations and
// wraps each in a link to the reader's permalink, with a popup card on hover, focus and tap.
//
// The popup follows WCAG 2.2 SC 1.4.13 (content on hover or focus): it can be dismissed with
// Escape without moving the pointer or focus, the pointer can move onto it without it closing,
// and it stays until the pointer or focus leaves or the reader dismisses it.
//
// Only text nodes change: each one holding a citation is split into text nodes and <a>s. The
// page's own elements, attributes and handlers are left alone, and nothing is touched inside
// script, style, code, pre, links, buttons, form fields, contenteditable regions, our own
// elements, or any element with `data-clause-cite-ignore`.
import { DEFAULT_READER, adoptStyles, emit, h, loadCorpus, permalink, stringsFor, styleSheet, uiLanguage, webUrl } from './runtime.js';
import { linkCss, popupCss } from './styles.js';
import { schemeFor, watchScheme } from './color-scheme.js';

const SKIP = 'script, style, noscript, template, textarea, input, select, option, button, code, pre, kbd, samp, var, a, svg, math, iframe, object, head, title, clause-cite, clause-search, clause-cite-popup, [contenteditable]:not([contenteditable="false"]), [data-clause-cite-ignore]';
const LINK = 'data-clause-cite-link';
const SHOW_DELAY_MS = 120;
const HIDE_DELAY_MS = 300;

let popupSheet;
let popupCounter = 0;

/** The popup's host: a top-layer popover whose card is slotted from its light DOM. */
export class ClauseCitePopupElement extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    popupSheet ??= styleSheet(popupCss);
    adoptStyles(root, popupSheet);
    this.label = h('span', { class: 'hint' });
    this.closeButton = h('button', { type: 'button', part: 'close' });
    this.surface = h('div', { class: 'surface theme-auto', part: 'popup' }, h('div', { class: 'bar' }, this.label, this.closeButton), h('slot'));
    root.append(this.surface);
  }

  connectedCallback() {
    // The popup takes the colour scheme of the page around its link, while it is shown.
    const applyScheme = () => {
      const dark = schemeFor(this) === 'dark';
      this.surface.classList.toggle('scheme-dark', dark);
      this.surface.classList.toggle('scheme-light', !dark);
    };
    applyScheme();
    this.unwatchScheme ??= watchScheme(applyScheme);
  }

  disconnectedCallback() {
    this.unwatchScheme?.();
    this.unwatchScheme = null;
  }
}

// Marks a document whose auto-link style sheet is in place (shared by two copies of the bundle).
const LINK_STYLES = Symbol.for('clause-cite.link-styles');

/**
 * The reader a caller asked for, if it is an http: or https: URL (relative URLs resolve against
 * the page). Anything else (javascript:, data:, a string that is no URL) would become the href of
 * every link, so it is refused with a console message and the default reader is used.
 */
function readerOption(reader) {
  if (reader === undefined || reader === null || reader === '') return undefined;
  const url = webUrl(reader);
  if (url) return url;
  console.warn(`clause-cite: the auto-link reader ${JSON.stringify(String(reader))} is not an http: or https: URL, so the links point to the default reader (${DEFAULT_READER}) instead.`);
  return undefined;
}

/**
 * Adds the auto-links' style sheet to the document once. A constructed style sheet
 * (document.adoptedStyleSheets) is not an inline style, so a strict `style-src 'self'` policy
 * does not block it; a browser without constructed sheets gets a <style> element.
 */
function addLinkStyles() {
  if (document[LINK_STYLES]) return;
  document[LINK_STYLES] = true;
  try {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, styleSheet(linkCss)];
  } catch {
    document.head.append(h('style', { 'data-clause-cite-links': true }, linkCss));
  }
}

/**
 * Auto-links every citation under `root` (default: the document body), then keeps doing so for
 * content the page adds later (comments, infinite scroll, widgets that render late). Options:
 * `reader` (the permalink base: an http: or https: URL, or relative), `corpus` (URL of another
 * compiled corpus) or `library` (URL of a library, whose outline is all auto-linking fetches
 * until a popup opens). Resolves to the
 * links made in `root` as it is now; later ones are announced by `clause-cite:autolinked`.
 */
export async function autolink(root = document.body, options = {}) {
  options = { ...options, reader: readerOption(options?.reader) };
  let corpus;
  try {
    corpus = await loadCorpus(options.library ? { library: options.library } : options.corpus);
  } catch {
    return []; // The engine failure was reported once already; the text stays as written.
  }
  try {
    // A library reads citations in its outline, fetched once here; a corpus has it at hand.
    await corpus.findCitationsAsync('');
  } catch (error) {
    console.warn(`clause-cite: auto-linking needs the library's outline, which could not be loaded, so no links were made: ${error?.message ?? error}`);
    return [];
  }
  addLinkStyles();
  const linker = linkerFor(root, corpus, options);
  return linker.enqueue(root);
}

// ---------------------------------------------------------------------------------------------
// Finding citations block by block.
//
// A citation may be broken by inline markup (`Development Program <b>(9)</b> ¶3`), so the text
// is read a block at a time: the text nodes of one run of inline content are joined, the core's
// findCitations runs once on the joined text, and each citation's UTF-16 span is mapped back to
// the text nodes it covers. A citation over several text nodes becomes one link per piece: the
// first is the link (its accessible name is the whole citation), the others are the same link for
// the pointer only (out of the tab order and hidden from assistive technology), so the page's
// own elements are never moved.

/** Elements that continue a run of text; any other element (a block, <br>, <img>) ends it. */
const INLINE = new Set(['abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'label', 'mark', 'nobr', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'wbr']);

/**
 * The runs of inline text under `root`, each an array of text nodes, in document order. A
 * generator, so a large subtree is read a run at a time between pauses; a run is handed out only
 * once it is closed, and the walk holds on to nodes that come after it, so linking a run (which
 * replaces its text nodes) never disturbs the rest of the walk.
 */
function* runsIn(root) {
  let run = [];
  const close = function* () {
    if (run.some((node) => /\S/.test(node.data))) yield run;
    run = [];
  };
  function* visit(node) {
    for (let child = node.firstChild, next; child; child = next) {
      next = child.nextSibling;
      if (child.nodeType === Node.TEXT_NODE) {
        run.push(child);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.matches(SKIP)) {
          yield* close();
        } else if (INLINE.has(child.localName)) {
          yield* visit(child);
        } else {
          yield* close();
          yield* visit(child);
          yield* close();
        }
      }
    }
  }
  if (root.nodeType === Node.TEXT_NODE) run.push(root);
  else yield* visit(root);
  yield* close();
}

/** Links the citations of one run of text nodes; returns the links (first pieces) made. */
function linkRun(corpus, nodes, options) {
  const live = nodes.filter((node) => node.isConnected && !node.parentElement?.closest(SKIP));
  if (!live.length) return [];
  const text = live.map((node) => node.data).join('');
  let found;
  try {
    found = corpus.findCitations(text);
  } catch (error) {
    console.warn(`clause-cite: auto-linking skipped a passage: ${error?.message ?? error}`);
    return [];
  }
  if (!found?.length) return [];
  // Accepted citations in order, not overlapping, inside the text.
  const citations = [];
  let at = 0;
  for (const citation of [...found].sort((a, b) => a.start - b.start)) {
    if (citation.start < at || citation.end > text.length || citation.end <= citation.start) continue;
    citations.push(citation);
    at = citation.end;
  }
  // Cut each text node at the citations that cover it.
  const links = [];
  const primaries = new Map();
  let offset = 0;
  for (const node of live) {
    const data = node.data;
    const nodeStart = offset;
    const nodeEnd = offset + data.length;
    offset = nodeEnd;
    const covering = citations.filter((citation) => citation.start < nodeEnd && citation.end > nodeStart);
    if (!covering.length) continue;
    const pieces = [];
    let cursor = 0;
    for (const citation of covering) {
      const from = Math.max(citation.start, nodeStart) - nodeStart;
      const to = Math.min(citation.end, nodeEnd) - nodeStart;
      if (from > cursor) pieces.push(document.createTextNode(data.slice(cursor, from)));
      const primary = primaries.get(citation);
      const piece = h(
        'a',
        {
          href: permalink(citation.reference ?? citation.id, options.reader),
          [LINK]: citation.id,
          'data-clause-cite-ref': citation.reference ?? null,
          'data-clause-cite-title': citation.cite ?? null,
          // A citation split over several pieces: the first names all of it, the rest follow it.
          'aria-label': !primary && to - from < citation.end - citation.start ? citation.text ?? text.slice(citation.start, citation.end) : null,
          tabindex: primary ? '-1' : null,
          'aria-hidden': primary ? 'true' : null,
          'data-clause-cite-continues': primary ? '' : null,
        },
        data.slice(from, to),
      );
      if (!primary) {
        primaries.set(citation, piece);
        links.push(piece);
      }
      attachPopup(piece, { options, corpus }, primary ?? piece);
      pieces.push(piece);
      cursor = to;
    }
    if (cursor < data.length) pieces.push(document.createTextNode(data.slice(cursor)));
    node.replaceWith(...pieces);
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// Keeping up with the page: one linker per root holds a queue of subtrees to read (the root at
// first, then whatever the page adds), reads them in slices of at most SLICE_MS on the main
// thread, and watches the root with a MutationObserver. Its own changes (links, the popup) are
// taken out of the observer's records, so it never reads its own output.

const SLICE_MS = 8;
const linkers = new WeakMap();

function linkerFor(root, corpus, firstOptions) {
  if (linkers.has(root)) {
    // A later call on the same root changes the options of the links made from now on.
    const linker = linkers.get(root);
    linker.use(firstOptions);
    return linker;
  }
  let options = firstOptions;
  const queue = [];
  const queued = new Map();
  let current = null; // { target, runs, links, done }
  let scheduled = false;
  let observer = null;

  /** Adds a subtree to read; resolves to the links made in it. */
  function enqueue(target) {
    if (queued.has(target)) return queued.get(target).promise;
    let resolve;
    const promise = new Promise((done) => {
      resolve = done;
    });
    const job = { target, promise, resolve, runs: null, links: [] };
    queued.set(target, job);
    queue.push(job);
    schedule();
    return promise;
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(slice, 0);
  }

  /** Reads runs until SLICE_MS have passed, then yields to the page and comes back. */
  function slice() {
    scheduled = false;
    const until = performance.now() + SLICE_MS;
    const made = [];
    while (performance.now() < until) {
      if (!current) {
        current = queue.shift();
        if (!current) break;
        // A subtree inside another still queued, or no longer in the page, is read with it or not at all.
        if (!current.target.isConnected || covered(current.target)) {
          finish(current);
          continue;
        }
        current.runs = runsIn(current.target);
      }
      const next = current.runs.next();
      if (next.done) {
        finish(current);
        continue;
      }
      const links = linkRun(corpus, next.value, options);
      current.links.push(...links);
      made.push(...links);
    }
    // Our own insertions are not new content.
    observer?.takeRecords();
    if (made.length) emit(document, 'autolinked', { count: made.length, ids: made.map((link) => link.getAttribute(LINK)) });
    if (current || queue.length) schedule();
  }

  function finish(job) {
    queued.delete(job.target);
    job.resolve(job.links);
    if (current === job) current = null;
  }

  /** Whether an ancestor of `target` (within the root) is still waiting to be read. */
  function covered(target) {
    for (let node = target.parentNode; node && node !== root.parentNode; node = node.parentNode) {
      if (queued.has(node) && queued.get(node) !== current) return true;
    }
    return false;
  }

  /** The element to read again when `node` changes: its nearest block (within the root). */
  function blockOf(node) {
    let element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (element && element !== root && INLINE.has(element.localName)) element = element.parentElement;
    return element ?? root;
  }

  if (typeof MutationObserver === 'function') {
    observer = new MutationObserver((records) => {
      for (const record of records) {
        const nodes = record.type === 'characterData' ? [record.target] : [...record.addedNodes];
        for (const node of nodes) {
          if (node.nodeType !== Node.TEXT_NODE && node.nodeType !== Node.ELEMENT_NODE) continue;
          const parent = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
          if (!parent || parent.closest(SKIP)) continue;
          // Added inline content can complete a citation with its neighbours: read its block.
          enqueue(blockOf(node));
        }
      }
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  }
  const linker = {
    enqueue,
    use(next) {
      options = next;
    },
  };
  linkers.set(root, linker);
  return linker;
}

/** Shared state of the one popup a page shows at a time. */
const state = { popup: null, link: null, showTimer: 0, hideTimer: 0, lastPointer: 'mouse', openBeforeTap: false, refocusing: false };

/**
 * Wires the popup to one piece of a link: `link` is the citation's first piece, which the popup
 * belongs to; `context` is { options, corpus }.
 */
function attachPopup(piece, context, link = piece) {
  piece.addEventListener('pointerenter', (event) => {
    state.lastPointer = event.pointerType;
    if (event.pointerType !== 'mouse') return;
    clearTimeout(state.hideTimer);
    clearTimeout(state.showTimer);
    state.showTimer = setTimeout(() => show(link, context), SHOW_DELAY_MS);
  });
  piece.addEventListener('pointerleave', (event) => {
    clearTimeout(state.showTimer);
    if (event.pointerType !== 'mouse') return;
    scheduleHide();
  });
  piece.addEventListener('pointerdown', (event) => {
    state.lastPointer = event.pointerType;
    // Whether this link's card was already open before the tap (the tap's focus opens it).
    state.openBeforeTap = state.link === link && !!state.popup?.isConnected;
  });
  piece.addEventListener('focus', () => {
    if (state.refocusing) return; // Focus returned by Escape must not reopen the card.
    clearTimeout(state.hideTimer);
    show(link, context);
  });
  piece.addEventListener('blur', (event) => {
    if (state.popup?.contains(event.relatedTarget)) return;
    scheduleHide();
  });
  // A tap (touch or pen) on a link whose card is not open opens the card instead of following
  // the link; a second tap follows it. A mouse click always follows it.
  piece.addEventListener('click', (event) => {
    if (state.lastPointer === 'mouse' || state.lastPointer === '' || state.lastPointer === undefined) return;
    if (state.openBeforeTap) return;
    event.preventDefault();
    state.openBeforeTap = true;
    show(link, context);
  });
}

function ensurePopup() {
  if (state.popup) return state.popup;
  const popup = document.createElement('clause-cite-popup');
  popup.id = `clause-cite-popup-${++popupCounter}`;
  popup.setAttribute('role', 'dialog');
  popup.setAttribute('popover', 'manual');
  popup.addEventListener('pointerenter', () => clearTimeout(state.hideTimer));
  popup.addEventListener('pointerleave', (event) => {
    if (event.pointerType === 'mouse') scheduleHide();
  });
  popup.addEventListener('focusout', (event) => {
    if (popup.contains(event.relatedTarget) || event.relatedTarget === state.link) return;
    scheduleHide();
  });
  popup.closeButton.addEventListener('click', () => dismiss(true));
  state.popup = popup;
  return popup;
}

function show(link, { options, corpus }) {
  clearTimeout(state.hideTimer);
  const popup = ensurePopup();
  const text = stringsFor(link);
  const id = link.getAttribute(LINK);
  // The whole citation (a range, or sentences) the link was made for.
  const reference = link.getAttribute('data-clause-cite-ref') || id;
  if (state.link !== link || !popup.isConnected) {
    hide();
    // One surface: the popup is the card's frame, the card inside it draws no frame of its own.
    const card = h('clause-cite', { ref: reference, layout: 'stacked', loading: 'eager', lang: text.language, versions: popupVersions(corpus, reference, uiLanguage(link)).join(' ') || null, 'data-clause-cite-embedded': '' });
    if (options.reader) card.setAttribute('reader', options.reader);
    if (options.library) card.setAttribute('library', options.library);
    else if (options.corpus) card.setAttribute('corpus', options.corpus);
    popup.replaceChildren(card);
    const cite = link.getAttribute('data-clause-cite-title') || link.textContent;
    popup.setAttribute('aria-label', text('autolink.card', { cite }));
    popup.setAttribute('lang', text.language);
    popup.label.textContent = text('autolink.hint');
    popup.closeButton.textContent = text('autolink.close');
    // Right after the link in the DOM, so Tab from the link reaches the card's buttons.
    link.after(popup);
    state.link = link;
    link.setAttribute('aria-expanded', 'true');
    link.setAttribute('aria-controls', popup.id);
  }
  if (typeof popup.showPopover === 'function' && !popup.matches(':popover-open')) popup.showPopover();
  place(popup, link);
  document.addEventListener('keydown', onKeydown, true);
  document.addEventListener('pointerdown', onOutsidePointer, true);
  window.addEventListener('scroll', onScroll, { passive: true, capture: true });
  emit(link, 'popup-open', { id });
}

/**
 * The versions a popup shows: the core's choice for a card in the link's language with the
 * reader's language first (then the original, two at most); an empty list means the card's
 * default.
 */
function popupVersions(corpus, id, language) {
  try {
    return corpus.card(id, { language, languageFirst: true }).shown;
  } catch {
    return [];
  }
}

function place(popup, link) {
  const rect = link.getClientRects()[0] ?? link.getBoundingClientRect();
  const width = popup.offsetWidth || 400;
  const height = popup.offsetHeight || 200;
  const below = rect.bottom + 6;
  const top = below + height > window.innerHeight && rect.top - height - 6 > 0 ? rect.top - height - 6 : below;
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  popup.style.setProperty('--clause-cite-popup-top', `${Math.round(top)}px`);
  popup.style.setProperty('--clause-cite-popup-left', `${Math.round(left)}px`);
}

function scheduleHide() {
  clearTimeout(state.hideTimer);
  state.hideTimer = setTimeout(() => {
    const active = document.activeElement;
    if (state.popup?.matches(':hover') || state.link?.matches(':hover')) return;
    if (active === state.link || state.popup?.contains(active)) return;
    hide();
  }, HIDE_DELAY_MS);
}

/** Escape closes the card and keeps it closed until the pointer or focus leaves the link. */
function dismiss(returnFocus) {
  const link = state.link;
  const focusWasInside = state.popup?.contains(document.activeElement);
  hide();
  if (link && (returnFocus || focusWasInside)) {
    state.refocusing = true;
    link.focus({ preventScroll: true });
    state.refocusing = false;
  }
}

function hide() {
  clearTimeout(state.showTimer);
  clearTimeout(state.hideTimer);
  const { popup, link } = state;
  if (link) {
    link.removeAttribute('aria-expanded');
    link.removeAttribute('aria-controls');
    emit(link, 'popup-close', { id: link.getAttribute(LINK) });
  }
  if (popup?.isConnected) {
    if (popup.matches(':popover-open')) popup.hidePopover();
    popup.remove();
    popup.replaceChildren();
  }
  state.link = null;
  document.removeEventListener('keydown', onKeydown, true);
  document.removeEventListener('pointerdown', onOutsidePointer, true);
  window.removeEventListener('scroll', onScroll, true);
}

function onKeydown(event) {
  if (event.key !== 'Escape' || !state.link) return;
  // Escape belongs to the card only while it is open; the page's own Escape handlers still run.
  dismiss(false);
}

function onOutsidePointer(event) {
  const path = event.composedPath();
  if (path.includes(state.popup) || path.includes(state.link)) return;
  hide();
}

function onScroll() {
  if (state.popup && state.link) place(state.popup, state.link);
}
