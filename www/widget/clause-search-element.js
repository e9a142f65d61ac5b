// <clause-search>: a search box over the corpus for a post. Results come as the reader types
// (debounced), each with its citation and the search snippets, the matches marked with <mark>
// from the snippets' UTF-16 highlight offsets; each result expands into a <clause-cite> card.
//
// Attributes: `limit` (1–50, default 8), `versions` (space-separated version ids to search,
// default all), `documents` (document ids, default all), `query` (an initial query), `corpus`
// (URL of another compiled corpus), `placeholder`.
import { adoptStyles, copySource, emit, englishText, h, loadCorpus, sourceOf, stringsFor, styleSheet } from './runtime.js';
import { searchCss } from './styles.js';
import { highlighted } from './dom.js';
import { schemeFor, watchScheme } from './color-scheme.js';

const DEBOUNCE_MS = 160;
let sheet;
let counter = 0;

export class ClauseSearchElement extends HTMLElement {
  static observedAttributes = ['query', 'limit', 'versions', 'documents', 'corpus', 'library', 'placeholder'];

  #parts;
  #timer = 0;
  #generation = 0;
  #built = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    sheet ??= styleSheet(searchCss);
    adoptStyles(root, sheet);
  }

  #unwatchScheme = null;

  connectedCallback() {
    if (!this.#built) this.#build();
    // The box takes the page's own colour scheme (as a card with theme="auto" does).
    const applyScheme = () => {
      const dark = schemeFor(this) === 'dark';
      this.#parts.surface.classList.toggle('scheme-dark', dark);
      this.#parts.surface.classList.toggle('scheme-light', !dark);
    };
    applyScheme();
    this.#unwatchScheme ??= watchScheme(applyScheme);
    loadCorpus(sourceOf(this)).catch(() => {});
    const initial = this.getAttribute('query');
    if (initial && !this.#parts.input.value) {
      this.#parts.input.value = initial;
      this.#run();
    }
  }

  disconnectedCallback() {
    this.#unwatchScheme?.();
    this.#unwatchScheme = null;
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#built || before === after) return;
    if (name === 'query') this.#parts.input.value = after ?? '';
    if (name === 'placeholder') this.#labels();
    else this.#run();
  }

  /** The current query (the input's value). */
  get value() {
    return this.#parts?.input.value ?? '';
  }

  #build() {
    this.#built = true;
    const id = `clause-search-${++counter}`;
    const label = h('label', { for: id, part: 'label' });
    const input = h('input', { id, type: 'search', part: 'input', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search' });
    const form = h('form', { role: 'search', part: 'form' }, input);
    const summary = h('p', { class: 'summary', part: 'summary', role: 'status', 'aria-live': 'polite' });
    const results = h('ol', { class: 'results', part: 'results' });
    const surface = h('div', { class: 'surface theme-auto', part: 'box' }, label, form, summary, results);
    this.shadowRoot.append(surface);
    this.#parts = { label, input, form, summary, results, surface };
    this.#labels();
    // A library's search table is fetched when the box gets focus, so that the first keystroke
    // waits for no more than its own words' index chunks (a corpus builds its index then).
    input.addEventListener(
      'focus',
      () => {
        loadCorpus(sourceOf(this))
          .then((corpus) => corpus.prepareSearch())
          .catch(() => {});
      },
      { once: true },
    );
    input.addEventListener('input', () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#run(), DEBOUNCE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.#timer);
      this.#run();
    });
    results.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-id]');
      if (button) this.#toggle(button);
    });
  }

  #labels() {
    const text = stringsFor(this);
    this.#parts.surface.setAttribute('lang', text.language);
    this.#parts.label.textContent = text('search.label');
    this.#parts.input.setAttribute('placeholder', this.getAttribute('placeholder') ?? text('search.placeholder'));
  }

  #options() {
    const list = (name) => (this.getAttribute(name) ?? '').split(/[\s,]+/).filter(Boolean);
    const rawLimit = this.getAttribute('limit');
    let limit = 8;
    if (rawLimit !== null) {
      const parsed = Number(rawLimit);
      if (Number.isInteger(parsed) && parsed >= 1 && parsed <= 50) limit = parsed;
      else console.warn(`clause-cite: <clause-search limit="${rawLimit}">: limit must be a whole number from 1 to 50; using 8.`);
    }
    const options = { limit };
    const versions = list('versions');
    const documents = list('documents');
    if (versions.length) options.versions = versions;
    if (documents.length) options.documents = documents;
    return options;
  }

  async #run() {
    const generation = ++this.#generation;
    const text = stringsFor(this);
    const query = this.#parts.input.value;
    const { summary, results } = this.#parts;
    if (!query.trim()) {
      summary.textContent = '';
      results.replaceChildren();
      return;
    }
    let corpus;
    try {
      corpus = await loadCorpus(sourceOf(this));
    } catch (error) {
      if (generation === this.#generation) summary.textContent = text('search.unavailable', { message: error.message });
      return;
    }
    if (generation !== this.#generation) return;
    let hits;
    try {
      // A library fetches the index chunks and documents the query needs; the best hits among
      // what has arrived are shown as it arrives, and replaced by the final ones.
      const onProgress = (partial) => {
        if (generation === this.#generation) results.replaceChildren(...partial.map((hit) => this.#result(hit, text)));
      };
      hits = await corpus.searchAsync(query, this.#options(), { onProgress });
    } catch (error) {
      if (generation !== this.#generation) return;
      summary.textContent = text('search.error', { message: error?.message ?? String(error) });
      console.warn(`clause-cite: <clause-search>: ${englishText('search.error', { message: error?.message ?? String(error) })}`);
      return;
    }
    if (generation !== this.#generation) return;
    results.replaceChildren(...hits.map((hit) => this.#result(hit, text)));
    summary.textContent = hits.length === 0 ? text('search.none', { query }) : hits.length === 1 ? text('search.count-one', { query }) : text('search.count', { query, count: hits.length });
    emit(this, 'search', { query, count: hits.length, ids: hits.map((hit) => hit.id) });
  }

  #result(hit, text) {
    const panelId = `${this.#parts.input.id}-${hit.id}`;
    const cite = text.isChinese ? hit.cite_zh || hit.cite : hit.cite;
    const toggle = h('button', { type: 'button', part: 'button expand', 'data-id': hit.id, 'data-cite': cite, 'aria-expanded': 'false', 'aria-controls': panelId }, text('search.show'));
    toggle.setAttribute('aria-label', text('search.expand', { cite }));
    const snippets = Object.entries(hit.snippets ?? {}).slice(0, 2).map(([version, snippet]) =>
      h('p', { class: 'snippet', part: 'snippet', lang: snippet.lang || null, 'data-version': version }, highlighted(snippet, { part: 'mark' })),
    );
    return h(
      'li',
      { part: 'result', 'data-id': hit.id },
      h('div', { class: 'result-head' }, h('span', { class: 'result-cite', part: 'result-cite' }, cite), toggle),
      snippets,
      h('div', { class: 'expanded', id: panelId, hidden: true }),
    );
  }

  #toggle(button) {
    const text = stringsFor(this);
    const panel = this.shadowRoot.getElementById(button.getAttribute('aria-controls'));
    const cite = button.dataset.cite;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', text(open ? 'search.collapse' : 'search.expand', { cite }));
    button.textContent = text(open ? 'search.hide' : 'search.show');
    if (open) {
      const card = h('clause-cite', { ref: button.dataset.id, loading: 'eager' });
      copySource(this, card);
      panel.replaceChildren(card);
      panel.hidden = false;
    } else {
      panel.hidden = true;
      panel.replaceChildren();
    }
  }
}
