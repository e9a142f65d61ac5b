// <clause-cite>: upgrades the author's own quote (a <blockquote> and a <p><cite>) into a cited,
// bilingual card. The author's markup is the fallback: it is what readers get without
// JavaScript, and what the element falls back to when the engine or the reference fails.
//
// The quoted text of the card lives in the page's light DOM (one <blockquote lang cite> per
// version, slotted into the card), so find-in-page, copy and paste, text fragments and screen
// readers see it; the chrome around it (labels, switcher, citation, buttons) is in the shadow
// root, out of reach of the page's CSS.
import {
  DEFAULT_READER,
  adoptStyles,
  emit,
  englishText,
  h,
  loadCorpus,
  sourceOf,
  markupOf,
  permalink,
  stringsFor,
  styleSheet,
  uiLanguage,
  versionName,
  webUrl,
  writeClipboard,
} from './runtime.js';
import { cardCss } from './styles.js';
import { schemeFor, watchScheme } from './color-scheme.js';
import { oncePerTask } from './dom.js';

const LAYOUTS = ['stacked', 'side-by-side', 'compact'];
const THEMES = ['auto', 'light', 'dark'];
const LOADINGS = ['lazy', 'eager'];
const TEXT_MARK = 'data-clause-cite-text';

let sheet;
let lazyObserver;

/** One IntersectionObserver for every lazy card: a card upgrades a screen before it is seen. */
function observeLazily(element) {
  if (typeof IntersectionObserver !== 'function') return false;
  lazyObserver ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        lazyObserver.unobserve(entry.target);
        entry.target.upgradeNow();
      }
    },
    { rootMargin: '100% 0px 100% 0px' },
  );
  lazyObserver.observe(element);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Nothing moves: a card that upgrades while the reader is looking at it (the page scrolled, the
// card in the viewport, no input of the reader's just before) would push the text under the
// reader down by the card's growth. Such a card is *held*: it takes the fallback's place and
// exactly its size (the fallback stays in the layout, invisible; the card lies over it and
// scrolls inside it) until it leaves the viewport, where growing moves nothing the reader sees
// (above the viewport the browser's scroll anchoring keeps the text in place; below, it is not
// seen), or until the reader touches it, clicks or types in it (a shift right after input is
// the reader's own and is not counted as layout shift).

let heldObserver;
let lastInput = -Infinity;

function watchInput() {
  if (watchInput.started) return;
  watchInput.started = true;
  for (const type of ['pointerdown', 'keydown']) {
    window.addEventListener(type, () => { lastInput = performance.now(); }, { capture: true, passive: true });
  }
}

/**
 * Resolves after `count` frames (or, in a hidden document, where frames do not come, after a
 * short timeout).
 */
function afterFrames(count) {
  return new Promise((resolve) => {
    const step = (left) => {
      if (left === 0) return resolve();
      if (document.hidden) return setTimeout(() => step(0), 50);
      requestAnimationFrame(() => step(left - 1));
    };
    step(count);
  });
}

/**
 * Whether the page is scrolled away from its top, read once per task and again after a scroll
 * (reading a scroll offset lays the page out: per card, that was 450 ms of the 200-card page's
 * 560).
 */
const pageScrolled = oncePerTask(() => (document.scrollingElement?.scrollTop ?? 0) > 0 || window.scrollY > 0);
window.addEventListener('scroll', pageScrolled.forget, { capture: true, passive: true });

/** Releases a held card once it is out of the viewport. */
function observeHeld(element) {
  heldObserver ??= new IntersectionObserver((entries) => {
    for (const entry of entries) if (!entry.isIntersecting) entry.target.releaseHold();
  });
  heldObserver.observe(element);
}

export class ClauseCiteElement extends HTMLElement {
  static observedAttributes = ['ref', 'versions', 'layout', 'sentence', 'theme', 'corpus', 'library', 'citation-style', 'reader', 'loading'];

  #internals = this.attachInternals();
  #parts;
  #generation = 0;
  #wanted = false;
  #scheduled = false;
  #view = null;
  #shown = [];
  #style = null;
  #whole = false;

  /** Why the card could not even be built (the page broke a built-in it needs), or null. */
  #broken = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    try {
      sheet ??= styleSheet(cardCss);
      adoptStyles(root, sheet);
      this.#parts = this.#buildShadow(root);
    } catch (error) {
      // Whatever broke (a page that overwrote a built-in the card needs, say), the author's own
      // quote must stay readable: a bare default slot shows it, and the card never upgrades.
      root.replaceChildren(document.createElement('slot'));
      this.#broken = error;
    }
  }

  #unwatchScheme = null;

  connectedCallback() {
    if (this.#broken) {
      this.#schedule();
      return;
    }
    watchInput();
    this.#unwatchScheme ??= watchScheme(() => this.#applyScheme());
    // Opening the corpus starts at once (one fetch per page), even for a card that upgrades later.
    loadCorpus(sourceOf(this)).catch(() => {});
    if (this.#wanted) return;
    const loading = this.getAttribute('loading');
    if (loading === 'eager' || !observeLazily(this)) this.upgradeNow();
  }

  disconnectedCallback() {
    lazyObserver?.unobserve(this);
    this.releaseHold();
    this.#unwatchScheme?.();
    this.#unwatchScheme = null;
    if (!this.#view) this.#wanted = false;
  }

  attributeChangedCallback(name, before, after) {
    if (name === 'loading' && after === 'eager' && !this.#wanted && this.isConnected) {
      lazyObserver?.unobserve(this);
      this.upgradeNow();
      return;
    }
    if (before === after || !this.#wanted) return;
    if (name === 'versions') this.#shown = [];
    this.#schedule();
  }

  /** Upgrades now, whether or not the card is near the viewport (the IntersectionObserver calls it). */
  upgradeNow() {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#schedule();
  }

  /** Whether the card is held at its fallback's size (see above); false once released. */
  get held() {
    return this.#internals.states.has('held');
  }

  /** Lets a held card take its own size (when it has left the viewport, or on the reader's input). */
  releaseHold() {
    if (!this.#internals.states.has('held')) return;
    this.#internals.states.delete('held');
    heldObserver?.unobserve(this);
  }

  /**
   * Whether upgrading now would move text the reader is reading: the page is scrolled, the card
   * is in the viewport, it is in the page's own flow (not in a popup or another element's shadow
   * tree), and the reader did not just act (then the change is theirs).
   */
  #shouldHold() {
    if (this.getRootNode() !== document || this.closest('clause-cite-popup')) return false;
    if (performance.now() - lastInput < 500) return false;
    if (!pageScrolled()) return false;
    const box = this.getBoundingClientRect();
    return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
  }

  #hold() {
    this.#internals.states.add('held');
    observeHeld(this);
  }

  /**
   * What the card shows once upgraded (the core's CardView: `id`, `versions`, `shown`,
   * `citation`, `quote`, …), or null. `clause` is the same object, for pages written against
   * the first release.
   */
  get card() {
    return this.#view?.card ?? null;
  }

  get clause() {
    return this.card;
  }

  /** The ids of the versions the card shows, in order. */
  get shownVersions() {
    return [...this.#shown];
  }

  /** Resolves once the card has upgraded or fallen back (useful for tests and page scripts). */
  get ready() {
    return this.#ready;
  }

  #resolveReady;
  #ready = new Promise((resolve) => {
    this.#resolveReady = resolve;
  });

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.#broken) {
        this.#giveUp(this.#broken);
        return;
      }
      this.#render().catch((error) => {
        try {
          this.#fail('internal-error', error?.message ?? String(error), null, []);
        } catch {
          this.#giveUp(error);
        }
      });
    });
  }

  /**
   * The last resort when even falling back failed: the author's markup shows (the card part is
   * hidden unless the card state is set), `ready` resolves to false, and one console message
   * says why.
   */
  #giveUp(error) {
    try {
      for (const old of this.querySelectorAll(`:scope > [${TEXT_MARK}]`)) old.remove();
      this.#view = null;
      this.#internals.states.delete('card');
      this.#internals.states.add('fallback');
    } catch {
      // Nothing more can be done; without the card state the fallback shows.
    }
    console.error(`clause-cite: <clause-cite ref="${this.getAttribute('ref') ?? ''}"> could not upgrade, so it shows the author's quote: ${error?.message ?? error}`);
    this.#resolveReady(false);
  }

  #buildShadow(root) {
    const notes = h('div', { class: 'notes', part: 'notes' });
    const fallback = h('div', { class: 'fallback', part: 'fallback' }, h('slot'));
    const heading = h('span', { class: 'heading', part: 'heading' });
    const switcher = h('div', { class: 'switcher', part: 'switcher', role: 'group' });
    const versions = h('div', { class: 'versions', part: 'versions' });
    const divergence = h('p', { class: 'divergence', part: 'divergence' });
    const quoteNote = h('p', { class: 'quote-note', part: 'quote-note' });
    const wholeToggle = h('button', { type: 'button', class: 'whole', part: 'button whole', 'aria-pressed': 'false' });
    const cite = h('cite');
    const citation = h('p', { class: 'citation', part: 'citation' }, '— ', cite);
    const source = h('p', { class: 'source', part: 'source' });
    const styleLabel = h('span');
    const styleSelect = h('select', { part: 'style-select' });
    const copyCitation = h('button', { type: 'button', part: 'button copy-citation' });
    const copyLink = h('button', { type: 'button', part: 'button copy-link' });
    const openSource = h('a', { class: 'button', part: 'button open-source', target: '_blank', rel: 'noopener noreferrer' });
    const actions = h('div', { class: 'actions', part: 'actions', role: 'group' }, h('label', {}, styleLabel, styleSelect), copyCitation, copyLink, openSource);
    const status = h('div', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite' });
    const card = h(
      'figure',
      { class: 'surface card', part: 'card' },
      h('div', { class: 'header', part: 'header' }, heading, switcher),
      versions,
      wholeToggle,
      quoteNote,
      divergence,
      h('figcaption', { class: 'footer', part: 'footer' }, citation, source, actions),
      status,
    );
    root.append(notes, fallback, card);

    // The reader reaching into a held card releases it: the change follows their input.
    for (const type of ['pointerdown', 'focusin', 'keydown']) card.addEventListener(type, () => this.releaseHold());
    copyCitation.addEventListener('click', () => this.#copyCitation());
    wholeToggle.addEventListener('click', () => {
      this.#whole = !this.#whole;
      this.#paint(stringsFor(this));
      wholeToggle.focus();
    });
    copyLink.addEventListener('click', () => this.#copyLink());
    styleSelect.addEventListener('change', () => {
      this.#style = styleSelect.value;
    });
    switcher.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-version]');
      if (button) this.#toggleVersion(button.dataset.version);
    });
    return { notes, heading, switcher, versions, divergence, quoteNote, wholeToggle, cite, source, styleLabel, styleSelect, copyCitation, copyLink, openSource, actions, status, card };
  }

  /** Reads and checks every attribute; each wrong value yields a note and its default. */
  #readAttributes(text, notes) {
    const choose = (name, allowed, fallback, noteKey) => {
      const raw = this.getAttribute(name);
      if (raw === null) return fallback;
      const value = raw.trim().toLowerCase();
      if (allowed.includes(value)) return value;
      notes.push({ key: noteKey, values: { value: raw }, attribute: name });
      return fallback;
    };
    const defaultStyle = text.isChinese ? 'gbt7714' : 'chicago';
    return {
      layout: choose('layout', LAYOUTS, 'stacked', 'note.layout'),
      theme: choose('theme', THEMES, 'auto', 'note.theme'),
      loading: choose('loading', LOADINGS, 'lazy', 'note.loading'),
      style: this.getAttribute('citation-style'),
      defaultStyle,
      reader: this.#readerBase(notes),
    };
  }

  #readerBase(notes) {
    const raw = this.getAttribute('reader');
    if (raw === null || raw.trim() === '') return DEFAULT_READER;
    const base = webUrl(raw);
    if (base) return base;
    notes.push({ key: 'note.reader', values: { value: raw, fallback: DEFAULT_READER }, attribute: 'reader' });
    return DEFAULT_READER;
  }

  async #render() {
    const generation = ++this.#generation;
    const text = stringsFor(this);
    const notes = [];
    const options = this.#readAttributes(text, notes);
    const reference = (this.getAttribute('ref') ?? '').trim();
    if (!reference) {
      this.#fail('ref-missing', englishText('note.ref-missing'), 'ref', notes, { key: 'note.ref-missing-reader', values: {}, plain: true });
      return;
    }

    const source = sourceOf(this);
    const sourceAttribute = this.getAttribute('library') ? 'library' : this.getAttribute('corpus') ? 'corpus' : null;
    const corpusUrl = sourceAttribute ? this.getAttribute(sourceAttribute) : null;
    let corpus;
    try {
      corpus = await loadCorpus(source);
    } catch (error) {
      if (generation !== this.#generation) return;
      const key = corpusUrl ? 'note.corpus' : 'note.wasm';
      const values = { value: corpusUrl ?? '', message: error.message };
      // The engine failing is reported once for the whole page by loadCorpus; a bad corpus or
      // library URL is this card's own problem and is reported here.
      this.#fail(error.code || 'corpus-unavailable', englishText(key, values), sourceAttribute, notes, { key, values }, !corpusUrl);
      return;
    }
    if (generation !== this.#generation) return;

    // The core decides what the card shows (src/card.rs): the versions and their order, the
    // quoted sentences of each, the heading, the citation line, the notes about the author's
    // attributes, and whether the author's quote is what the source says.
    const authorQuote = this.querySelector(':scope > blockquote');
    let card;
    try {
      // A library fetches the cited document first (a corpus answers at once).
      card = await corpus.cardAsync(reference, {
        versions: this.getAttribute('versions') ?? undefined,
        sentence: this.getAttribute('sentence') ?? undefined,
        language: uiLanguage(this),
        quote: authorQuote?.textContent ?? undefined,
      });
    } catch (error) {
      if (generation !== this.#generation) return;
      // The author gets the parser's whole message, with its suggestions, in the console and the
      // event; the reader gets one plain line (their page is not the place for a diagnostic).
      const message = ensureStop(error?.message ?? String(error));
      const suggestions = Array.from(error?.suggestions ?? []).slice(0, 5).filter((suggestion) => !message.includes(suggestion));
      const values = { value: reference, message, suggestions: suggestions.length ? englishText('note.suggestions', { list: suggestions.join('; ') }) : '' };
      this.#fail(error?.code || 'unknown-citation', englishText('note.ref-unknown', values), 'ref', notes, { key: 'note.ref-reader', values: { value: reference }, plain: true });
      return;
    }
    if (generation !== this.#generation) return;
    for (const note of card.notes) notes.push({ key: note.key, values: note.values, attribute: note.attribute });
    const styles = corpus.styles().card;
    const wantedStyle = (options.style ?? '').trim().toLowerCase();
    if (options.style !== null && !styles.includes(wantedStyle)) notes.push({ key: 'note.citation-style', values: { value: options.style }, attribute: 'citation-style' });
    options.style = styles.includes(wantedStyle) ? wantedStyle : options.defaultStyle;

    // A card growing below the viewport moves nothing the reader sees, but in the same frame as a
    // card growing above it (which scroll anchoring makes up for) Chrome counts the content below
    // as shifted: on a scrolled page, cards below the viewport take their size a frame later.
    if (!this.#internals.states.has('card') && pageScrolled() && this.getRootNode() === document && this.getBoundingClientRect().top >= window.innerHeight) {
      await afterFrames(2);
      if (generation !== this.#generation) return;
    }

    this.#view = { corpus, card, options, reference, styles };
    if (!this.#shown.length || this.#shown.some((id) => !card.versions.some((version) => version.id === id))) {
      this.#shown = options.layout === 'compact' ? card.shown.slice(0, 1) : [...card.shown];
    }
    if (!this.#style || !styles.includes(this.#style) || this.hasAttribute('citation-style')) this.#style = options.style;
    this.#parts.card.prepend(this.#parts.notes);
    this.#showNotes(notes, text);
    this.#reportQuote(card);
    this.#paint(text);
    if (!this.#internals.states.has('card') && this.#shouldHold()) this.#hold();
    this.#internals.states.add('card');
    this.#internals.states.delete('fallback');
    emit(this, 'upgraded', { id: card.id, ref: reference, versions: [...this.#shown], notes: notes.map((note) => note.attribute), quote: card.quote?.status ?? null });
    this.#resolveReady(true);
  }

  /**
   * Tells the author, once per render, when their quote is not what the source says: the
   * console and a `clause-cite:quote-mismatch` event carry the core's findings (the differing
   * words and the source's, or where the quote is found instead).
   */
  #reportQuote(card) {
    const check = card.quote;
    if (!check || check.status === 'exact' || check.status === 'matches') return;
    console.warn(`clause-cite: <clause-cite ref="${this.getAttribute('ref') ?? ''}">: ${check.message}`);
    emit(this, 'quote-mismatch', {
      id: card.id,
      status: check.status,
      version: check.version,
      differences: check.differences,
      suggestions: check.suggestions,
      message: check.message,
    });
  }

  /** Draws the card for the current view: light-DOM quotes, labels, switcher and actions. */
  #paint(text) {
    const { card, options, styles } = this.#view;
    const parts = this.#parts;
    const available = card.versions;
    const shown = this.#shown.map((id) => available.find((version) => version.id === id)).filter(Boolean);

    parts.card.className = `surface card layout-${options.layout} theme-${options.theme}`;
    this.#applyScheme();
    parts.card.setAttribute('lang', text.language);
    parts.notes.setAttribute('lang', text.language);

    // The quoted text, in the page's own DOM; the author's fallback stays, unslotted and unrendered.
    for (const old of this.querySelectorAll(`:scope > [${TEXT_MARK}]`)) old.remove();
    const authorQuote = this.querySelector(':scope > blockquote[cite]');
    parts.versions.replaceChildren();
    shown.forEach((version, index) => {
      const slotName = `text-${index}`;
      const quote = h('blockquote', { slot: slotName, lang: version.lang, [TEXT_MARK]: version.id, cite: safeHttpUrl(version.url) || authorQuote?.getAttribute('cite') || null }, this.#whole ? version.whole : version.text);
      this.append(quote);
      const publisher = version.publisher;
      const meta = h(
        'p',
        { class: 'meta', part: 'meta', lang: text.language },
        h('span', { class: 'role', part: 'role' }, versionName(version, text)),
        publisher ? ' · ' : '',
        publisher ? h('span', { lang: publisher.lang }, publisher.text) : '',
      );
      parts.versions.append(h('section', { class: 'version', part: 'version', 'data-version': version.id }, meta, h('slot', { name: slotName })));
    });

    // "Show the whole clause" when the card quotes part of it.
    const partial = shown.some((version) => version.partial);
    parts.wholeToggle.hidden = !partial;
    parts.wholeToggle.textContent = text(this.#whole ? 'whole.hide' : 'whole.show');
    parts.wholeToggle.setAttribute('aria-pressed', String(this.#whole));
    parts.wholeToggle.setAttribute('lang', text.language);

    // One quiet line for readers when the author's quote is not what the source says.
    const check = card.quote;
    const quoteKey = check?.status === 'differs' ? 'quote.differs' : check?.status === 'not-found' ? 'quote.not-found' : null;
    parts.quoteNote.hidden = !quoteKey;
    parts.quoteNote.setAttribute('lang', text.language);
    parts.quoteNote.replaceChildren(quoteKey ? text(quoteKey) : '');
    if (check?.status === 'not-found' && check.suggestions.length) {
      parts.quoteNote.append(' ', text('quote.found-in'), ' ');
      check.suggestions.forEach((suggestion, index) => {
        if (index) parts.quoteNote.append('; ');
        parts.quoteNote.append(h('a', { href: permalink(suggestion.id, options.reader), lang: 'en' }, suggestion.cite));
      });
    }

    // The switcher: one toggle button per version that has this clause.
    parts.heading.textContent = card.heading.text;
    parts.heading.setAttribute('lang', card.heading.lang);
    parts.switcher.setAttribute('aria-label', text('switcher.label'));
    parts.switcher.replaceChildren(
      ...available.map((version) =>
        h('button', { type: 'button', 'data-version': version.id, 'aria-pressed': String(this.#shown.includes(version.id)), title: versionName(version, text), lang: text.language }, ...shortVersionLabel(version, text)),
      ),
    );
    parts.switcher.hidden = available.length < 2;

    // One quiet line when the versions diverge at this clause, in the reader's language.
    const divergenceNote = card.divergence ? h('span', { lang: card.divergence.lang }, card.divergence.text) : null;
    parts.divergence.replaceChildren(...(divergenceNote ? withValues(text('divergence'), { note: divergenceNote }) : []));

    // Citation line, source and actions.
    parts.cite.setAttribute('lang', card.citation.lang);
    parts.cite.replaceChildren(card.citation.text);
    const sources = shown.map((version) => version.source).filter(Boolean);
    const distinct = sources.filter((source, index) => sources.findIndex((other) => other.text === source.text) === index);
    parts.source.setAttribute('lang', text.language);
    const sourceNodes = document.createDocumentFragment();
    distinct.forEach((source, index) => sourceNodes.append(index ? '; ' : '', h('span', { lang: source.lang }, source.text)));
    parts.source.replaceChildren(...(distinct.length ? withValues(text('source.label'), { source: sourceNodes }) : []));
    parts.actions.setAttribute('aria-label', text('actions.label'));
    parts.styleLabel.textContent = text('style.label');
    parts.styleSelect.replaceChildren(...styles.map((style) => h('option', { value: style, selected: style === this.#style }, text(`style.${style}`))));
    parts.styleSelect.value = this.#style;
    parts.copyCitation.textContent = text('copy.citation');
    parts.copyLink.textContent = text('copy.link');
    parts.openSource.textContent = text('open.source');
    // A corpus's URLs are checked when it loads; they are checked again here, where one would
    // become a link.
    const sourceUrl = shown.map((version) => safeHttpUrl(version.url)).find(Boolean) || safeHttpUrl(authorQuote?.getAttribute('cite'));
    if (sourceUrl) parts.openSource.setAttribute('href', sourceUrl);
    else parts.openSource.removeAttribute('href');
    parts.openSource.hidden = !sourceUrl;
  }

  /**
   * Sets the colour scheme: `theme` forces one; `auto` takes the page's own (see
   * color-scheme.js), on the card and on the notes shown with the fallback.
   */
  #applyScheme() {
    const theme = this.#view?.options.theme ?? THEMES.find((each) => each === (this.getAttribute('theme') ?? '').trim().toLowerCase()) ?? 'auto';
    const scheme = theme === 'auto' ? schemeFor(this) : theme;
    for (const node of [this.#parts.card, this.#parts.notes]) {
      node.classList.toggle('scheme-dark', scheme === 'dark');
      node.classList.toggle('scheme-light', scheme !== 'dark');
    }
  }

  #toggleVersion(id) {
    if (!this.#view) return;
    const compact = this.#view.options.layout === 'compact';
    if (compact) {
      this.#shown = [id];
    } else if (this.#shown.includes(id)) {
      if (this.#shown.length === 1) return;
      this.#shown = this.#shown.filter((each) => each !== id);
    } else {
      // A version switched on takes its place in the document's own order of versions.
      const order = this.#view.card.versions.map((version) => version.id);
      const rank = (each) => order.indexOf(each);
      this.#shown = [...this.#shown, id].sort((a, b) => rank(a) - rank(b));
    }
    const text = stringsFor(this);
    this.#paint(text);
    this.#parts.switcher.querySelector(`button[data-version="${CSS.escape(id)}"]`)?.focus();
    const names = this.#shown.map((each) => versionName(this.#view.card.versions.find((version) => version.id === each), text));
    this.#announce(text('status.showing', { versions: names.join(text.isChinese ? '、' : '; ') }));
    emit(this, 'version-change', { id: this.#view.card.id, versions: [...this.#shown] });
  }

  /**
   * The reference cite() gets: what the card shows (with the whole clause shown, the clause or
   * range without sentences). The core re-counts its sentences in the version quoted.
   */
  #citationReference() {
    const { card } = this.#view;
    if (!this.#whole) return card.reference;
    return card.end ? `${card.id}..${card.end}` : card.id;
  }

  async #copyCitation() {
    if (!this.#view) return;
    const text = stringsFor(this);
    const style = this.#style;
    const version = this.#shown[0];
    const corpus = this.#view.corpus;
    let formatted;
    let problem = '';
    try {
      formatted = corpus.citeFormatted(this.#citationReference(), { style, version });
    } catch (error) {
      // The sentence (or the style) cannot be cited in this version: cite the whole clause and
      // say so, rather than copy a citation that silently says less than the card shows.
      const message = error?.message ?? String(error);
      console.warn(`clause-cite: ${englishText('note.cite', { style, message })}`);
      problem = text('note.cite', { style: text(`style.${style}`), message });
      try {
        formatted = corpus.citeFormatted(this.#view.card.id, { style, version });
      } catch {
        formatted = { text: this.#parts.cite.textContent, emphasis: null };
      }
    }
    await this.#finishCopy('citation', formatted.text, formattedCitation(formatted, style), text, style, problem);
  }

  async #copyLink() {
    if (!this.#view) return;
    const text = stringsFor(this);
    const link = permalink(this.#citationReference(), this.#view.options.reader);
    const html = markupOf(h('a', { href: link }, this.#parts.cite.textContent));
    await this.#finishCopy('link', link, html, text);
  }

  async #finishCopy(kind, plain, html, text, style, problem = '') {
    try {
      await writeClipboard(plain, html);
      const done = kind === 'link' ? text('status.copied-link', { link: plain }) : text('status.copied-citation', { style: text(`style.${style}`) });
      this.#announce(problem ? `${done} ${problem}` : done);
      emit(this, 'copy', { kind, text: plain, html, style: style ?? null, id: this.#view.card.id });
    } catch (error) {
      // The browser refused: show the text, selected, so the reader can copy it by hand.
      const box = h('textarea', { readonly: true, rows: '3', 'aria-label': text(kind === 'link' ? 'copy.link' : 'copy.citation') });
      box.value = plain;
      this.#parts.status.replaceChildren(text('status.copy-failed', { reason: error?.message ?? String(error) }), box);
      box.focus();
      box.select();
    }
  }

  #announce(message) {
    // Clearing first makes a repeated message ("Citation copied") announced again.
    this.#parts.status.textContent = '';
    requestAnimationFrame(() => {
      this.#parts.status.textContent = message;
    });
  }

  #showNotes(notes, text) {
    this.#parts.notes.replaceChildren(
      ...notes.map((note) => h('p', { class: 'note', part: 'note', role: 'note' }, `${text('note.prefix')} ${text(note.key, note.values)}`)),
    );
    for (const note of notes) {
      console.warn(`clause-cite: <clause-cite ref="${this.getAttribute('ref') ?? ''}">: ${englishText(note.key, note.values)}`);
      emit(this, 'error', { code: `invalid-${note.attribute}`, attribute: note.attribute, message: englishText(note.key, note.values), recovered: true });
    }
  }

  /**
   * Falls back to the author's markup, with a visible polite note and a console message saying
   * what was wrong and what is valid. `quiet` skips the console message (already printed once).
   */
  #fail(code, message, attribute, notes, note, quiet = false) {
    const text = stringsFor(this);
    this.releaseHold();
    for (const old of this.querySelectorAll(`:scope > [${TEXT_MARK}]`)) old.remove();
    this.#view = null;
    this.#internals.states.delete('card');
    this.#internals.states.add('fallback');
    this.shadowRoot.prepend(this.#parts.notes);
    this.#applyScheme();
    this.#showNotes(notes, text);
    // An engine that cannot start (WebAssembly blocked) is the reader's browser or the page's
    // policy, not the author's markup: the fallback stays exactly as written, with no note.
    // A note written for readers (`plain`) is one plain sentence; the others are for the author.
    const noteText = note && (note.plain ? text(note.key, note.values) : `${text('note.prefix')} ${text(note.key, note.values)}`);
    if (note && !quiet) this.#parts.notes.append(h('p', { class: 'note', part: 'note', role: 'note', lang: text.language }, noteText));
    if (!quiet) console.error(`clause-cite: <clause-cite ref="${this.getAttribute('ref') ?? ''}">: ${message}`);
    emit(this, 'error', { code, attribute, message, recovered: false });
    this.#resolveReady(false);
  }
}

/**
 * A UI string with some of its `{name}` placeholders filled by nodes (so a value can carry its
 * own `lang`), as a list of strings and nodes for `append`.
 */
function withValues(template, values) {
  const pieces = [];
  let at = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    if (!(match[1] in values)) continue;
    pieces.push(template.slice(at, match.index), values[match[1]]);
    at = match.index + match[0].length;
  }
  pieces.push(template.slice(at));
  return pieces.filter((piece) => piece !== '');
}

function ensureStop(message) {
  const trimmed = message.trim();
  return /[.!?。!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `value` as an http(s) URL, or null (nothing for no value, not the page's own address). */
function safeHttpUrl(value) {
  return value ? webUrl(value) : null;
}

/**
 * A short switcher label: "中文 · original" / "EN · official translation", from the language and
 * the role, as nodes: "中文" is Chinese whatever the UI language, so it carries its own lang.
 */
function shortVersionLabel(version, text) {
  const language = (version.lang || version.id).split('-')[0].toUpperCase();
  const role = text(`role.${version.role}`);
  const shortLanguage = language === 'ZH' ? h('span', { lang: 'zh-Hans' }, '中文') : language;
  return [shortLanguage, ` · ${role === `role.${version.role}` ? version.id : role}`];
}

/**
 * The text/html flavour of a citation: the title set in italics where the core says the style
 * sets it so (Chicago, APA, MLA), BibTeX as preformatted text. Built with DOM nodes, so nothing
 * in the citation is parsed as markup.
 */
function formattedCitation({ text, emphasis }, style) {
  if (style === 'bibtex') return markupOf(h('pre', {}, text));
  const span = h('span');
  if (emphasis) {
    const [start, end] = emphasis;
    span.append(text.slice(0, start), h('i', {}, text.slice(start, end)), text.slice(end));
  } else {
    span.append(text);
  }
  return markupOf(span);
}
