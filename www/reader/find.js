// Find: search-as-you-type over every version (with version and program filters), results with
// the core's highlight ranges, and the "go to citation" box that resolves any citation form the
// parser knows, or shows the parser's own error and its suggestions.
import { h, highlighted } from './api.js';
import { debounce, replaceChildren } from './dom.js';

const SEARCH_LIMIT = 30;

/**
 * The "within" choices: every text, each document, and in each document its top-level units
 * and the units that hold further headings (the policy paper's preface, parts and programs; a
 * law's chapters and sections). Values are `doc:<id>` for a document and a clause id otherwise.
 */
export function withinChoices(documents) {
  const choices = [{ value: '', label: 'All texts' }];
  for (const documentView of documents) {
    choices.push({ value: `doc:${documentView.id}`, label: documentView.title.en || documentView.id });
    const headings = new Set(documentView.clauses.filter((clause) => clause.kind === 'heading').map((clause) => clause.id));
    for (const clause of documentView.clauses) {
      if (clause.kind !== 'heading' || !clause.children.length) continue;
      if (clause.depth > 0 && !clause.children.some((child) => headings.has(child))) continue;
      const label = clause.label.en ? `${clause.label.en} ${clause.title.en || ''}`.trim() : clause.title.en || clause.name.en || clause.id;
      choices.push({ value: clause.id, label: `${'\u2003'.repeat(clause.depth)}${label}` });
    }
  }
  return choices;
}

/** The search options for a query from the filter state. */
export function searchOptions(versions, within) {
  const options = { limit: SEARCH_LIMIT };
  if (versions && versions.length) options.versions = versions;
  if (within && within.startsWith('doc:')) options.documents = [within.slice(4)];
  else if (within) options.within = within;
  return options;
}

/** One search hit as a list item: the citation as a link, then each matched version's snippet. */
export function renderHit(hit, versionsById) {
  const item = h('li', { class: 'hit' });
  item.append(h('a', { href: `#${hit.id}`, class: 'hit-link', 'data-id': hit.id }, hit.cite || hit.id));
  for (const [versionId, snippet] of Object.entries(hit.snippets || {})) {
    const version = versionsById.get(versionId);
    const line = h('p', { class: 'snippet', lang: version ? version.lang : null, 'data-version': versionId });
    line.append(h('span', { class: 'snippet-version', lang: 'en' }, versionId), ' ');
    line.append(...highlighted(snippet));
    item.append(line);
  }
  return item;
}

/**
 * Wires the search form. `getFilters()` returns { versions, within }; `onState(query)` records
 * the query in the URL. Returns `run(query)` for restoring a query from the URL.
 */
export function setUpSearch({ corpus, input, results, status, versionsById, getFilters, onState }) {
  let lastKey = '';
  // Each search is numbered: a later one makes the answers of earlier ones, still loading, stale.
  let searches = 0;
  let answered = Promise.resolve();
  function show(hits, query) {
    replaceChildren(results, hits.map((hit) => renderHit(hit, versionsById)));
    status.textContent = hits.length === 0 ? `No clause matches “${query.trim()}”.` : `${hits.length}${hits.length === SEARCH_LIMIT ? '+' : ''} ${hits.length === 1 ? 'clause matches' : 'clauses match'}.`;
  }
  /** Runs the search the form describes; resolves once its answer is shown. */
  function run() {
    const query = input.value;
    const { versions, within } = getFilters();
    const key = JSON.stringify([query, versions, within]);
    if (key === lastKey) return answered;
    lastKey = key;
    onState(query);
    const generation = ++searches;
    const current = () => generation === searches;
    if (!query.trim()) {
      results.replaceChildren();
      status.textContent = '';
      return (answered = Promise.resolve());
    }
    if (versions && versions.length === 0) {
      results.replaceChildren();
      status.textContent = 'Choose at least one version to search in.';
      return (answered = Promise.resolve());
    }
    // A library fetches the index chunks and documents the query needs and shows the best hits
    // among what has arrived, as it arrives; a corpus answers at once.
    const onProgress = (partial) => {
      if (current()) replaceChildren(results, partial.map((hit) => renderHit(hit, versionsById)));
    };
    answered = corpus.searchAsync(query, searchOptions(versions, within), { onProgress }).then(
      (hits) => {
        if (current()) show(hits, query);
      },
      (error) => {
        if (!current()) return;
        results.replaceChildren();
        status.textContent = error.message || String(error);
      },
    );
    return answered;
  }
  const later = debounce(run, 120);
  input.addEventListener('input', later);
  input.form.addEventListener('submit', (event) => {
    event.preventDefault();
    run().then(() => results.querySelector('a')?.focus());
  });
  // A library's search table is fetched when the box gets focus (a corpus builds its index).
  input.addEventListener('focus', () => corpus.prepareSearch?.()?.catch?.(() => {}), { once: true });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = results.querySelector('a');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  results.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...results.querySelectorAll('a')];
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && index === 0) input.focus();
    else links[Math.max(0, Math.min(links.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))].focus();
  });
  return {
    run: () => {
      lastKey = '';
      return run();
    },
  };
}

/**
 * Wires the "go to citation" form. On success calls `onResolved(view)` with the lookup result;
 * on failure shows the error message and each suggestion as a button that resolves it.
 */
export function setUpGoTo({ corpus, form, input, output, onResolved }) {
  // A library may fetch what a citation needs, so a later request makes an earlier one's answer stale.
  let requests = 0;
  async function resolve(reference) {
    const request = ++requests;
    output.replaceChildren();
    output.classList.remove('error');
    if (!reference.trim()) {
      output.append(h('p', {}, 'Type a citation, for example “Development Program (9) ¶3”, “发展工程(九)第3段” or “Civilization Projects (F)”.'));
      return;
    }
    let view;
    try {
      view = await corpus.lookupAsync(reference);
    } catch (error) {
      // The parser's suggestions are either citations (offered as buttons that resolve them) or
      // hints such as "Development Program has sections (1)–(17)" (shown as text).
      const suggestions = Array.isArray(error.suggestions) ? error.suggestions : [];
      const reads = await Promise.all(suggestions.map((suggestion) => corpus.lookupAsync(suggestion).then(() => true, () => false)));
      if (request !== requests) return;
      output.classList.add('error');
      output.append(h('p', { class: 'error-message' }, h('strong', {}, 'Not found: '), error.message || String(error)));
      const resolvable = suggestions.filter((_, index) => reads[index]);
      const hints = suggestions.filter((suggestion) => !resolvable.includes(suggestion));
      for (const hint of hints) output.append(h('p', { class: 'hint suggestion-hint' }, hint));
      if (resolvable.length) {
        const list = h('ul', { class: 'suggestions', 'aria-label': 'Suggestions' });
        for (const suggestion of resolvable) {
          list.append(
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'suggestion',
                  onclick: () => {
                    input.value = suggestion;
                    resolve(suggestion);
                    input.focus();
                  },
                },
                suggestion,
              ),
            ),
          );
        }
        output.append(h('p', {}, 'Did you mean:'), list);
      }
      return;
    }
    if (request !== requests) return;
    output.append(h('p', { class: 'resolved' }, h('strong', {}, 'Found: '), view.cite || view.id));
    onResolved(view, reference);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resolve(input.value);
  });
  return { resolve };
}
