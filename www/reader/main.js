// The reader page: loads the corpus once, renders the three documents side by side, and wires
// the table of contents, the column choices, Find and Cite. Every choice is kept in the URL.
import { h, open, webUrl } from './api.js';
import { replaceChildren } from './dom.js';
import { renderDocument, renderContents, ROLE_NAMES } from './document-view.js';
import { setUpSearch, setUpGoTo, withinChoices } from './find.js';
import { createCitePanel } from './cite-panel.js';
import { readState, writeState, parseHash, hashFor } from './state.js';

const started = performance.now();
const $ = (id) => document.getElementById(id);

const state = readState();
let corpus;
let documents = [];
const clausesById = new Map();
const versionsById = new Map();
let allVersionIds = [];

function announce(message) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A fresh text node after clearing makes screen readers announce a repeated message too.
  requestAnimationFrame(() => {
    announcer.textContent = message;
  });
}

function saveState(partial = {}) {
  Object.assign(state, partial);
  writeState(state);
}

/** The chosen columns, checked against the versions that exist; by default every version. */
function columns() {
  const chosen = state.columns.filter((id, index, list) => allVersionIds.includes(id) && list.indexOf(id) === index);
  return chosen.length ? chosen : allVersionIds.slice();
}

/**
 * The reader's languages, most preferred first: the page's own `lang`, then the browser's.
 */
function readersLanguages() {
  return [document.documentElement.lang, ...(navigator.languages || [navigator.language])].filter(Boolean).map((tag) => tag.toLowerCase().split('-')[0]);
}

/**
 * `versions` ordered for this reader: those in the first of the reader's languages that any
 * version is written in come first (the original, then the official, then an unofficial
 * translation), then the original, then the rest in the corpus's order.
 */
function versionsInReadersLanguage(versions) {
  const rank = { original: 0, 'official-translation': 1, 'unofficial-translation': 2 };
  const languageOf = (version) => (version.lang || '').toLowerCase().split('-')[0];
  const language = readersLanguages().find((tag) => versions.some((version) => languageOf(version) === tag));
  const own = versions.filter((version) => languageOf(version) === language).sort((a, b) => (rank[a.role] ?? 3) - (rank[b.role] ?? 3));
  const original = versions.filter((version) => version.role === 'original');
  return [...new Set([...own.slice(0, 1), ...original, ...own, ...versions])];
}

function singleVersion() {
  return allVersionIds.includes(state.single) ? state.single : columns()[0];
}

function renderColumnChoices() {
  const order = columns();
  const rest = allVersionIds.filter((id) => !order.includes(id));
  const list = $('column-list');
  const items = [...order, ...rest].map((id) => {
    const version = versionsById.get(id);
    const shown = order.includes(id);
    const position = order.indexOf(id);
    const move = (delta, label) =>
      h(
        'button',
        {
          type: 'button',
          class: 'move',
          id: `col-${delta < 0 ? 'left' : 'right'}-${id}`,
          'aria-label': `Move ${version.title} (${id}) ${label}`,
          disabled: !shown || position + delta < 0 || position + delta >= order.length,
          onclick: () => {
            const next = order.slice();
            [next[position], next[position + delta]] = [next[position + delta], next[position]];
            setColumns(next, `col-${delta < 0 ? 'left' : 'right'}-${id}`);
          },
        },
        delta < 0 ? '←' : '→',
      );
    return h(
      'li',
      {},
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          id: `col-${id}`,
          checked: shown,
          disabled: shown && order.length === 1,
          onchange: (event) => setColumns(event.target.checked ? [...order, id] : order.filter((item) => item !== id), `col-${id}`),
        }),
        ` ${id} `,
        h('span', { class: 'hint' }, ROLE_NAMES[version.role] || version.role),
      ),
      move(-1, 'left'),
      move(1, 'right'),
    );
  });
  replaceChildren(list, items);

  const single = $('single-version');
  replaceChildren(
    single,
    allVersionIds.map((id) => h('option', { value: id, selected: id === singleVersion() }, `${id} — ${ROLE_NAMES[versionsById.get(id).role] || ''}`)),
  );
}

function setColumns(next, focusId) {
  saveState({ columns: next.join(',') === allVersionIds.join(',') ? [] : next });
  renderColumnChoices();
  renderDocuments();
  const target = focusId && $(focusId);
  if (target && !target.disabled) target.focus();
  else if (focusId) $(`col-${focusId.split('-').pop()}`)?.focus();
  announce(`Columns: ${columns().join(', ')}.`);
}

/** Which cells stay visible on a narrow screen: the chosen version, or the document's first. */
function applySingle() {
  const chosen = singleVersion();
  for (const article of document.querySelectorAll('article.document')) {
    const present = new Set([...article.querySelectorAll('.column-header .cell')].map((cell) => cell.dataset.version));
    const show = present.has(chosen) ? chosen : [...present][0];
    for (const cell of article.querySelectorAll('.cell')) cell.classList.toggle('narrow-hidden', cell.dataset.version !== show);
  }
}

let observer;
function renderDocuments() {
  const holder = $('documents');
  const order = columns();
  const articles = documents.map((documentView) => {
    const available = documentView.versions.map((version) => version.id);
    let shown = order.filter((id) => available.includes(id));
    if (!shown.length) shown = available;
    return renderDocument(documentView, shown);
  });
  replaceChildren(holder, libraryAddress ? [renderLibraryDocuments(documents[0].id), ...articles] : articles);
  holder.setAttribute('aria-busy', 'false');
  applySingle();
  replaceChildren($('toc'), renderContents(documents, order[0]));
  followScroll();
  if (cite) cite.restore({ ...state, cite: cite.selection.id, citeEnd: cite.selection.end, sentence: cite.selection.sentence });
  showTarget(false);
}

/** Marks the table-of-contents entry of the heading being read, as the reader scrolls. */
function followScroll() {
  if (observer) observer.disconnect();
  const links = new Map([...document.querySelectorAll('#toc a[data-target]')].map((link) => [link.dataset.target, link]));
  const visible = new Set();
  observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) visible.add(entry.target);
        else visible.delete(entry.target);
      }
      const headings = [...document.querySelectorAll('.clause.kind-heading, article.document')];
      // The current heading is the last one that starts above the reading line (a third down).
      const line = window.innerHeight / 3;
      let current = null;
      for (const heading of headings) {
        if (heading.getBoundingClientRect().top <= line) current = heading;
        else break;
      }
      if (!current) current = headings[0];
      const id = current ? current.id : null;
      for (const link of links.values()) link.removeAttribute('aria-current');
      const link = links.get(id);
      if (link) {
        link.setAttribute('aria-current', 'location');
        const toc = $('toc');
        const box = link.getBoundingClientRect();
        const area = toc.getBoundingClientRect();
        if (box.top < area.top || box.bottom > area.bottom) link.scrollIntoView({ block: 'nearest' });
      }
    },
    { rootMargin: '0px 0px -60% 0px', threshold: [0, 1] },
  );
  for (const node of document.querySelectorAll('.clause.kind-heading, article.document')) observer.observe(node);
}

/**
 * Scrolls to and highlights the clause the hash names (and its sentence), or says plainly that
 * the permalink names nothing in this corpus.
 */
function showTarget(scroll = true) {
  for (const node of document.querySelectorAll('.clause.target')) node.classList.remove('target');
  for (const node of document.querySelectorAll('.sentence.target-sentence')) node.classList.remove('target-sentence');
  const hash = window.location.hash;
  if (!hash || hash === '#') return;
  const { fragment } = parseHash(hash);
  if (fragment.startsWith('doc-')) return;
  const notice = $('hash-notice');
  if (notice) notice.remove();
  // The core reads the permalink: the clause, and which version's sentences a sentence
  // permalink counts (`…__sent_2__en`; the original's without a version). What the core
  // refuses, the reader refuses too, with the core's reason.
  let view = null;
  let reason = '';
  try {
    view = corpus.lookup(fragment);
  } catch (error) {
    // In a library, a clause of a document not loaded: open that document at the clause.
    if (error?.code === 'not-loaded' && libraryAddress) {
      corpus.lookupAsync(fragment).then(
        // The same document, by a name only the outline holds (now loaded): show it.
        (found) => (found.document === documents[0]?.id ? showTarget(scroll) : openDocument(found.document)),
        (failure) => showNotice(fragment, failure?.message ?? String(failure)),
      );
      return;
    }
    reason = error?.message ?? String(error);
  }
  if (view && libraryAddress && view.document !== documents[0]?.id) {
    openDocument(view.document);
    return;
  }
  const row = view ? document.getElementById(view.id) : null;
  if (!row || !row.classList.contains('clause')) {
    showNotice(fragment, reason);
    return;
  }
  row.classList.add('target');
  const folded = row.closest('details');
  if (folded) folded.open = true;
  const sentences = view.citation?.sentences;
  if (Array.isArray(sentences) && view.citation.version) {
    const cell = row.querySelector(`.cell[data-version="${CSS.escape(view.citation.version)}"]`);
    for (let number = sentences[0]; cell && number <= sentences[1]; number += 1) {
      cell.querySelector(`.sentence[data-sentence="${number}"]`)?.classList.add('target-sentence');
    }
  }
  if (scroll) {
    row.setAttribute('tabindex', '-1');
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
  }
}

/** Opens another document of the library, at the clause the hash names. */
function openDocument(id) {
  saveState({ document: id });
  window.location.reload();
}

/** Says plainly that the permalink names nothing here, with the core's reason. */
function showNotice(fragment, reason) {
  $('hash-notice')?.remove();
  $('documents').prepend(h('p', { id: 'hash-notice', class: 'error', role: 'alert' }, `The link names “${fragment}”, which is not a clause of this ${libraryAddress ? 'library' : 'corpus'}${reason ? `: ${reason}` : '.'} Clause permalinks look like #policy-paper__pt_3__prog_2__sec_9__para_3.`));
}

function searchFilters() {
  const boxes = [...document.querySelectorAll('#search-version-list input[type=checkbox]')];
  const versions = boxes.filter((box) => box.checked).map((box) => box.value);
  return { versions: versions.length === boxes.length ? [] : versions, within: $('search-within').value || null, none: versions.length === 0 };
}

let cite;
let search;

function setUpFind() {
  const chosenSearchVersions = state.searchVersions ? state.searchVersions.filter((id) => allVersionIds.includes(id)) : allVersionIds;
  replaceChildren(
    $('search-version-list'),
    allVersionIds.map((id) =>
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          value: id,
          checked: chosenSearchVersions.includes(id),
          onchange: () => {
            const filters = searchFilters();
            saveState({ searchVersions: filters.none ? [''] : filters.versions.length ? filters.versions : null });
            search.run();
          },
        }),
        ` ${id}`,
      ),
    ),
  );
  const within = $('search-within');
  const choices = withinChoices(documents);
  replaceChildren(
    within,
    choices.map((choice) => h('option', { value: choice.value, selected: choice.value === (state.within || '') }, choice.label)),
  );
  within.addEventListener('change', () => {
    saveState({ within: within.value || null });
    search.run();
  });
  const input = $('search-input');
  input.value = state.query;
  search = setUpSearch({
    corpus,
    input,
    results: $('search-results'),
    status: $('search-status'),
    versionsById,
    getFilters: () => {
      const filters = searchFilters();
      // An empty list means every version is ticked (no filter); `none` means none is.
      return { versions: filters.none ? [] : filters.versions.length ? filters.versions : null, within: filters.within };
    },
    onState: (query) => saveState({ query }),
  });
  if (state.query) search.run();

  setUpGoTo({
    corpus,
    form: $('goto-form'),
    input: $('goto-input'),
    output: $('goto-result'),
    onResolved: (view) => {
      const entry = clausesById.get(view.id);
      // A clause of another document of a library: the hash change opens that document.
      if (!entry) {
        navigate(view.id);
        return;
      }
      const sentences = view.citation ? view.citation.sentences : null;
      const sentence = Array.isArray(sentences) ? Number(sentences[0]) || null : null;
      const end = view.citation && view.citation.end ? (typeof view.citation.end === 'object' ? view.citation.end.id : view.citation.end) : null;
      navigate(view.id, sentence, view.citation?.version ?? null);
      cite.select(view.id, { end, sentence });
    },
  });
}

function navigate(id, sentence = null, version = null) {
  const hash = hashFor(id, sentence, version);
  if (window.location.hash === hash) showTarget(true);
  else window.location.hash = hash;
}

/**
 * The documents to show: every document of the built-in corpus, or, with `?library=<folder>`,
 * the one document of that library the link names (by its hash, else `?doc=`, else the first),
 * of which only the catalog and that document's file are fetched.
 */
async function openTexts() {
  if (!state.library) {
    corpus = await open();
    return corpus.documents().map((summary) => corpus.document(summary.id));
  }
  const address = webUrl(state.library);
  if (!address) throw new Error(`?library= must be the http(s) address of a library's folder (as clause-cite compile --library writes it); “${state.library}” is not.`);
  corpus = await open({ library: address });
  libraryAddress = address;
  const known = corpus.documents().map((summary) => summary.id);
  const { fragment } = parseHash(window.location.hash);
  let id = null;
  if (fragment.startsWith('doc-')) id = known.includes(fragment.slice(4)) ? fragment.slice(4) : null;
  else if (fragment) id = await corpus.lookupAsync(fragment).then((view) => view.document, () => null);
  if (!id) id = known.includes(state.document) ? state.document : known[0];
  saveState({ document: id });
  return [await corpus.documentAsync(id)];
}

/** The library's address when the reader reads one, else null. */
let libraryAddress = null;

/** The other documents of the library, as links that open each in the reader. */
function renderLibraryDocuments(current) {
  const links = corpus.documents().map((summary) => {
    const url = new URL(window.location.href);
    url.search = '';
    url.searchParams.set('library', libraryAddress);
    url.searchParams.set('doc', summary.id);
    url.hash = '';
    const title = summary.title.en || Object.values(summary.title)[0] || summary.id;
    return h('li', {}, summary.id === current ? h('strong', { 'aria-current': 'page' }, title) : h('a', { href: url.href }, title));
  });
  // Folded, so that the document comes first however many the library has.
  return h(
    'nav',
    { class: 'library-documents', 'aria-label': 'Documents of this library' },
    h('details', {}, h('summary', {}, `Documents of this library (${links.length})`), h('ul', {}, links)),
  );
}

async function start() {
  try {
    documents = await openTexts();
  } catch (error) {
    $('documents').setAttribute('aria-busy', 'false');
    replaceChildren($('documents'), h('p', { class: 'error', role: 'alert' }, `The texts could not be loaded: ${error.message || error}`));
    console.error(error);
    return;
  }
  for (const documentView of documents) {
    for (const version of documentView.versions) {
      if (!versionsById.has(version.id)) versionsById.set(version.id, version);
    }
    for (const clause of documentView.clauses) clausesById.set(clause.id, { clause, document: documentView });
  }
  // Columns are the Policy Paper's versions (the commentary and introduction use a subset), in
  // the reader's language first (a choice in the URL, ?v=, still wins).
  allVersionIds = versionsInReadersLanguage(documents[0].versions).map((version) => version.id);
  for (const id of versionsById.keys()) if (!allVersionIds.includes(id)) allVersionIds.push(id);

  // Below the wide layout the contents and Find sit above the text: folded, so the text comes
  // first (Find stays open when the URL holds a query).
  if (window.matchMedia('(max-width: 70rem)').matches) {
    document.querySelector('.contents-disclosure').open = false;
    if (!state.query) document.querySelector('.find-disclosure').open = false;
  }
  renderColumnChoices();
  $('single-version').addEventListener('change', (event) => {
    saveState({ single: event.target.value });
    // Keep the reader's place: the row at the top of the screen stays there after the switch.
    const rows = [...document.querySelectorAll('.clause[data-clause]')];
    const inView = (row) => row.getBoundingClientRect().bottom > 0 && row.getBoundingClientRect().top < window.innerHeight;
    const target = document.querySelector('.clause.target');
    const anchor = target && inView(target) ? target : rows.find((row) => row.getBoundingClientRect().bottom > 0);
    const offset = anchor ? anchor.getBoundingClientRect().top : 0;
    applySingle();
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - offset);
    announce(`Showing the ${event.target.value} version.`);
  });
  cite = createCitePanel({
    corpus,
    library: libraryAddress,
    container: $('cite-panel'),
    clausesById,
    scriptUrl: new URL('dist/clause-cite.js', window.location.href).href.split('?')[0],
    onState: saveState,
    announce,
  });
  renderDocuments();
  cite.restore(state);
  setUpFind();

  $('documents').addEventListener('click', (event) => {
    const button = event.target.closest('.cite-button');
    if (!button) return;
    if (event.shiftKey) cite.extend(button.dataset.cite);
    else cite.select(button.dataset.cite);
    announce(`Selected ${clausesById.get(button.dataset.cite).clause.cite} for citing.`);
    // On a narrow screen the panel is elsewhere on the page: go to its top (focus alone would
    // scroll the tall panel's middle into view).
    if (window.matchMedia('(max-width: 70rem)').matches) {
      $('cite').focus({ preventScroll: true });
      $('cite').scrollIntoView({ block: 'start' });
    }
  });
  window.addEventListener('hashchange', () => showTarget(true));
  // A link to the clause already in the hash fires no hashchange; go there all the same.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link || event.defaultPrevented || link.getAttribute('href') !== window.location.hash || link.getAttribute('href').startsWith('#doc-')) return;
    event.preventDefault();
    showTarget(true);
  });
  showTarget(true);
  const elapsed = performance.now() - started;
  document.documentElement.dataset.ready = 'true';
  document.documentElement.dataset.renderMs = elapsed.toFixed(1);
}

start();
