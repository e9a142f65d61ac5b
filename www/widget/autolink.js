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
import { adoptStyles, emit, h, loadCorpus, permalink, stringsFor, styleSheet } from './runtime.js';
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
    this.label = h('span');
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

/**
 * Auto-links every citation under `root` (default: the document body). Options: `reader` (the
 * permalink base), `corpus` (URL of another compiled corpus). Resolves to the links made.
 */
export async function autolink(root = document.body, options = {}) {
  let corpus;
  try {
    corpus = await loadCorpus(options.corpus);
  } catch {
    return []; // The engine failure was reported once already; the text stays as written.
  }
  if (typeof corpus.findCitations !== 'function') {
    console.warn('clause-cite: auto-linking needs findCitations, which this build of the clause-cite package does not have; no links were made.');
    return [];
  }
  if (!document.querySelector('style[data-clause-cite-links]')) {
    document.head.append(h('style', { 'data-clause-cite-links': true }, linkCss));
  }

  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) return node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      return /\S/.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  const textNodes = [];
  while (walker.nextNode()) textNodes.push(walker.currentNode);

  const links = [];
  for (const node of textNodes) {
    let found;
    try {
      found = corpus.findCitations(node.data);
    } catch (error) {
      console.warn(`clause-cite: auto-linking skipped a passage: ${error?.message ?? error}`);
      continue;
    }
    if (!found?.length) continue;
    const pieces = [];
    let at = 0;
    for (const citation of [...found].sort((a, b) => a.start - b.start)) {
      if (citation.start < at || citation.end > node.data.length || citation.end <= citation.start) continue;
      if (citation.start > at) pieces.push(document.createTextNode(node.data.slice(at, citation.start)));
      const link = h('a', { href: permalink(citation.id, options.reader), [LINK]: citation.id, 'data-clause-cite-title': citation.cite ?? null }, node.data.slice(citation.start, citation.end));
      pieces.push(link);
      links.push(link);
      at = citation.end;
    }
    if (!pieces.length) continue;
    if (at < node.data.length) pieces.push(document.createTextNode(node.data.slice(at)));
    node.replaceWith(...pieces);
  }
  for (const link of links) attachPopup(link, options);
  emit(document, 'autolinked', { count: links.length, ids: links.map((link) => link.getAttribute(LINK)) });
  return links;
}

/** Shared state of the one popup a page shows at a time. */
const state = { popup: null, link: null, showTimer: 0, hideTimer: 0, lastPointer: 'mouse', openBeforeTap: false, refocusing: false };

function attachPopup(link, options) {
  link.addEventListener('pointerenter', (event) => {
    state.lastPointer = event.pointerType;
    if (event.pointerType !== 'mouse') return;
    clearTimeout(state.hideTimer);
    clearTimeout(state.showTimer);
    state.showTimer = setTimeout(() => show(link, options), SHOW_DELAY_MS);
  });
  link.addEventListener('pointerleave', (event) => {
    clearTimeout(state.showTimer);
    if (event.pointerType !== 'mouse') return;
    scheduleHide();
  });
  link.addEventListener('pointerdown', (event) => {
    state.lastPointer = event.pointerType;
    // Whether this link's card was already open before the tap (the tap's focus opens it).
    state.openBeforeTap = state.link === link && !!state.popup?.isConnected;
  });
  link.addEventListener('focus', () => {
    if (state.refocusing) return; // Focus returned by Escape must not reopen the card.
    clearTimeout(state.hideTimer);
    show(link, options);
  });
  link.addEventListener('blur', (event) => {
    if (state.popup?.contains(event.relatedTarget)) return;
    scheduleHide();
  });
  // A tap (touch or pen) on a link whose card is not open opens the card instead of following
  // the link; a second tap follows it. A mouse click always follows it.
  link.addEventListener('click', (event) => {
    if (state.lastPointer === 'mouse' || state.lastPointer === '' || state.lastPointer === undefined) return;
    if (state.openBeforeTap) return;
    event.preventDefault();
    state.openBeforeTap = true;
    show(link, options);
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

function show(link, options) {
  clearTimeout(state.hideTimer);
  const popup = ensurePopup();
  const text = stringsFor(link);
  const id = link.getAttribute(LINK);
  if (state.link !== link || !popup.isConnected) {
    hide();
    const card = h('clause-cite', { ref: id, layout: 'compact', loading: 'eager', lang: text.language });
    if (options.reader) card.setAttribute('reader', options.reader);
    if (options.corpus) card.setAttribute('corpus', options.corpus);
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
