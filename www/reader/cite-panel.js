// Cite: the selected clause (or paragraph range, or one sentence), the versions and layout of
// the card, and everything a blogger copies from here — the embed snippet with its fallback
// already filled, the citation in each style, the permalink and a text-fragment link into the
// source — plus a live preview that is a real <clause-cite> element built from the same model.
import { copyText, replaceChildren } from './dom.js';
import { snippetHtml, snippetElement, scriptLine, cardHtml, textFragmentUrl } from './snippet.js';
import { ROLE_NAMES } from './document-view.js';
import { hashFor } from './state.js';
import release from '../dist/release.js';
import { h, readerAddressFor } from './api.js';

export const LAYOUTS = ['stacked', 'side-by-side', 'compact'];

/** The card themes the builder offers; `auto` is the element's default, so it writes no attribute. */
export const THEMES = ['auto', 'light', 'dark'];

/**
 * Where the snippet loads the widget from: a public CDN serving this release's npm package (the
 * default, so a blogger who cannot upload files still gets cards), or the blogger's own copy of
 * the package under a base URL.
 */
export const SCRIPT_SOURCES = [
  { id: 'jsdelivr', name: 'jsDelivr', base: () => release.cdn.jsdelivr },
  { id: 'unpkg', name: 'unpkg', base: () => release.cdn.unpkg },
  { id: 'self', name: 'Your own site' },
];

/** The script element's attributes for the widget under `base`: pinned file, SRI, CORS mode. */
export function widgetScript(base) {
  return {
    src: new URL(release.widget, base).href,
    integrity: release.files[release.widget].integrity,
    crossorigin: 'anonymous',
  };
}

/** A quote's label in the fallback: its role and language, e.g. "Original (Chinese)". */
function versionLabel(version) {
  let language = version.lang;
  try {
    language = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard' }).of(version.lang.split('-')[0]) ?? version.lang;
  } catch {
    // An unknown tag is shown as written.
  }
  const role = ROLE_NAMES[version.role] ?? version.role;
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} (${language})`;
}

/** `text` as an absolute http(s) URL ending in a slash, or null when it is not one. */
function httpBase(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export const STYLES = [
  { id: 'chicago', name: 'Chicago (note)' },
  { id: 'apa', name: 'APA 7' },
  { id: 'mla', name: 'MLA 9' },
  { id: 'gbt7714', name: 'GB/T 7714-2015' },
  { id: 'bibtex', name: 'BibTeX' },
  { id: 'ris', name: 'RIS' },
  { id: 'csl-json', name: 'CSL-JSON' },
];

/**
 * Creates the panel. `documentsById` maps document id to the document view; `clausesById` maps
 * clause id to { clause, document }. `onState(partial)` records choices in the URL.
 */
export function createCitePanel({ corpus, library = null, container, clausesById, scriptUrl, onState, announce }) {
  const selection = { id: null, end: null, sentence: null };
  // The self-hosted base defaults to this reader's own copy of the package (the folder that holds
  // dist/clause-cite.js), which is right for `npm start` and for a copied package folder.
  const ownBase = new URL('../', scriptUrl).href;
  const choices = { widgetVersions: null, layout: 'stacked', citeVersion: null, theme: 'auto', scriptSource: 'jsdelivr', selfBase: ownBase, selfBaseText: ownBase, selfBaseError: null };

  /**
   * The selection written as a citation by the core: the canonical reference (`reference`),
   * the shortest human form that reads back to the same place (`human`, for the card's `ref`)
   * and the short citations. `withSentence` includes the chosen sentence; null when the core
   * refuses the selection (its message is shown instead).
   */
  function formsFor(withSentence) {
    const sentence = withSentence ? selection.sentence : null;
    try {
      return corpus.reference({
        id: selection.id,
        end: selection.end ?? undefined,
        sentences: sentence ?? undefined,
        version: sentence ? choices.citeVersion : undefined,
      });
    } catch (error) {
      return { error: error?.message ?? String(error) };
    }
  }

  /** `?library=…` for a reader link when the reader reads a library, else nothing. */
  function libraryQuery() {
    return library ? `?${new URLSearchParams({ library })}` : '';
  }

  function currentDocument() {
    return clausesById.get(selection.id).document;
  }

  /** The clauses of the selection, in document order. */
  function selectedClauses() {
    const { clause, document } = clausesById.get(selection.id);
    if (!selection.end) return [clause];
    const start = document.clauses.indexOf(clause);
    const end = document.clauses.findIndex((item) => item.id === selection.end);
    return document.clauses.slice(start, end + 1).filter((item) => item.parent === clause.parent && item.kind === clause.kind);
  }

  function widgetVersions() {
    const versions = currentDocument().versions.map((version) => version.id);
    const chosen = (choices.widgetVersions || []).filter((id) => versions.includes(id));
    // Sentences are counted in one version's text, so a sentence is quoted in that version.
    if (selection.sentence) return [choices.citeVersion];
    return chosen;
  }

  /** The versions the card shows, in order: the ones chosen here, else the card's default. */
  function shownVersions() {
    const chosen = widgetVersions();
    if (chosen.length) return chosen;
    const forms = formsFor(false);
    return forms.error ? [] : corpus.card(forms.reference, { language: 'en' }).shown;
  }

  function model() {
    const plain = formsFor(false);
    const forms = selection.sentence ? formsFor(true) : plain;
    if (plain.error || forms.error) return { error: forms.error || plain.error };
    const chosen = widgetVersions();
    // The card the snippet makes, as the core draws it: the versions and the text each quotes.
    const card = corpus.card(forms.reference, { versions: chosen.length ? chosen.join(' ') : undefined, language: 'en' });
    const versions = chosen.length ? chosen : card.shown;
    // The fallback's citation is prose: the core's card line ("Preface ¶3, sentence 2"), in
    // Chinese when the cited version is Chinese; each quote carries its own version label.
    let citation = card.citation.text;
    const version = currentDocument().versions.find((item) => item.id === choices.citeVersion);
    if (version?.lang?.startsWith('zh')) {
      try {
        citation = corpus.card(forms.reference, { versions: chosen.length ? chosen.join(' ') : undefined, language: 'zh' }).citation.text;
      } catch {
        citation = forms.cite_zh;
      }
    }
    const source = SCRIPT_SOURCES.find((item) => item.id === choices.scriptSource) || SCRIPT_SOURCES[0];
    const script = widgetScript(source.id === 'self' ? choices.selfBase : source.base());
    return {
      script,
      // The hosted reader of the same copy of the package, so the fallback links somewhere real
      // in RSS and with JavaScript off.
      permalink: `${readerAddressFor(script.src)}${libraryQuery()}#${forms.reference}`,
      theme: choices.theme,
      ref: plain.human,
      // A library's card names the library and its document's file, which the widget then
      // fetches alongside the engine and the catalog.
      library,
      prefetch: library ? corpus.documentFile(currentDocument().id) : null,
      citeReference: forms.reference,
      versions,
      layout: choices.layout,
      sentence: selection.sentence,
      citation,
      quotes: versions.map((id) => {
        const shown = card.versions.find((candidate) => candidate.id === id);
        return { version: id, lang: shown.lang, source: shown.url || null, text: shown.text, label: versionLabel(shown) };
      }),
    };
  }

  function copyButton(label, getText) {
    return h(
      'button',
      {
        type: 'button',
        class: 'copy',
        'aria-label': `Copy ${label}`,
        onclick: async (event) => {
          // currentTarget is only set while the event is dispatched: read it before the await.
          const button = event.currentTarget;
          const ok = await copyText(getText());
          button.textContent = ok ? 'Copied' : 'Copy failed';
          announce(ok ? `${label} copied to the clipboard.` : `Could not copy the ${label}; select it and copy by hand.`);
          setTimeout(() => {
            button.textContent = 'Copy';
          }, 1600);
        },
      },
      'Copy',
    );
  }

  function output(title, text, { id, lang } = {}) {
    return h(
      'div',
      { class: 'output', 'data-output': id || title },
      h('div', { class: 'output-head' }, h('h4', {}, title), copyButton(title, () => text)),
      h('pre', { class: 'code', tabindex: '0', lang: lang || null, 'aria-label': title }, h('code', {}, text)),
    );
  }

  function controls() {
    const { clause, document: documentView } = clausesById.get(selection.id);
    const form = h('form', { class: 'cite-controls', onsubmit: (event) => event.preventDefault() });

    if (clause.kind === 'paragraph') {
      const siblings = documentView.clauses.filter((item) => item.parent === clause.parent && item.kind === 'paragraph' && item.number >= clause.number);
      if (siblings.length > 1) {
        const select = h('select', { id: 'cite-range-end', name: 'to' });
        for (const sibling of siblings) {
          select.append(h('option', { value: sibling.id === clause.id ? '' : sibling.id, selected: (selection.end || '') === (sibling.id === clause.id ? '' : sibling.id) }, sibling.id === clause.id ? `¶${sibling.number} only` : `through ¶${sibling.number}`));
        }
        select.addEventListener('change', () => select_(selection.id, { end: select.value || null, sentence: null, keepFocus: 'cite-range-end' }));
        form.append(h('label', { for: 'cite-range-end' }, 'Paragraphs'), select);
      }
      if (!selection.end) {
        const sentences = clause.sentences[choices.citeVersion] || [];
        const select = h('select', { id: 'cite-sentence', name: 's' });
        select.append(h('option', { value: '' }, 'The whole paragraph'));
        sentences.forEach((sentence, index) => {
          const preview = sentence.length > 48 ? `${sentence.slice(0, 47)}…` : sentence;
          select.append(h('option', { value: String(index + 1), selected: selection.sentence === index + 1 }, `Sentence ${index + 1}: ${preview}`));
        });
        select.addEventListener('change', () => select_(selection.id, { end: null, sentence: Number(select.value) || null, keepFocus: 'cite-sentence' }));
        form.append(h('label', { for: 'cite-sentence' }, 'Sentence ', h('span', { class: 'hint' }, `(counted in the ${choices.citeVersion} text)`)), select);
      }
    }

    const citeVersion = h('select', { id: 'cite-version', name: 'cv' });
    for (const version of documentView.versions) {
      citeVersion.append(h('option', { value: version.id, selected: version.id === choices.citeVersion }, `${version.id} — ${ROLE_NAMES[version.role] || version.role}`));
    }
    citeVersion.addEventListener('change', () => {
      choices.citeVersion = citeVersion.value;
      if (selection.sentence) selection.sentence = null;
      render('cite-version');
    });
    form.append(h('label', { for: 'cite-version' }, 'Cite the version'), citeVersion);

    const fieldset = h('fieldset', { class: 'widget-versions' }, h('legend', {}, 'Versions in the card, in order'));
    if (selection.sentence) {
      fieldset.append(h('p', { class: 'hint' }, `A sentence is quoted in the version it is counted in (${choices.citeVersion}); choose “The whole paragraph” to quote several versions.`));
    } else {
      const order = shownVersions();
      const all = [...order, ...documentView.versions.map((version) => version.id).filter((id) => !order.includes(id))];
      const list = h('ul', { class: 'column-list' });
      all.forEach((id) => {
        const version = documentView.versions.find((item) => item.id === id);
        const checked = order.includes(id);
        const position = order.indexOf(id);
        const setOrder = (next, focusId) => {
          choices.widgetVersions = next;
          render(focusId);
        };
        list.append(
          h(
            'li',
            {},
            h(
              'label',
              {},
              h('input', {
                type: 'checkbox',
                id: `wv-${id}`,
                checked,
                onchange: (event) => setOrder(event.target.checked ? [...order, id] : order.filter((item) => item !== id), `wv-${id}`),
              }),
              ` ${id} `,
              h('span', { class: 'hint' }, ROLE_NAMES[version.role] || version.role),
            ),
            checked && position > 0
              ? h('button', { type: 'button', class: 'move', id: `wv-up-${id}`, 'aria-label': `Move ${id} earlier`, onclick: () => setOrder(swap(order, position, position - 1), position - 1 > 0 ? `wv-up-${id}` : `wv-${id}`) }, '↑')
              : null,
          ),
        );
      });
      fieldset.append(list);
    }
    form.append(fieldset);

    const layouts = h('fieldset', { class: 'layouts' }, h('legend', {}, 'Layout'));
    for (const layout of LAYOUTS) {
      layouts.append(
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'layout',
            id: `layout-${layout}`,
            value: layout,
            checked: choices.layout === layout,
            onchange: () => {
              choices.layout = layout;
              render(`layout-${layout}`);
            },
          }),
          ` ${layout}`,
        ),
      );
    }
    form.append(layouts);

    const themes = h('fieldset', { class: 'themes' }, h('legend', {}, 'Theme ', h('span', { class: 'hint' }, '(auto follows your page)')));
    for (const theme of THEMES) {
      themes.append(
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'theme',
            id: `theme-${theme}`,
            value: theme,
            checked: choices.theme === theme,
            onchange: () => {
              choices.theme = theme;
              render(`theme-${theme}`);
            },
          }),
          ` ${theme}`,
        ),
      );
    }
    form.append(themes);

    const sources = h('fieldset', { class: 'script-sources' }, h('legend', {}, 'Load the widget from'));
    for (const source of SCRIPT_SOURCES) {
      sources.append(
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'script-source',
            id: `script-${source.id}`,
            value: source.id,
            checked: choices.scriptSource === source.id,
            onchange: () => {
              choices.scriptSource = source.id;
              render(`script-${source.id}`);
            },
          }),
          ` ${source.name}`,
          source.id === 'self' ? null : h('span', { class: 'hint' }, ` (${release.name}@${release.version})`),
        ),
      );
    }
    if (choices.scriptSource === 'self') {
      const commit = () => {
        const base = httpBase(input.value);
        choices.selfBaseText = input.value;
        choices.selfBaseError = base ? null : `“${input.value}” is not an http(s) address; the snippet keeps ${choices.selfBase}.`;
        if (base) choices.selfBase = base;
        render('script-base');
      };
      const input = h('input', {
        type: 'url',
        id: 'script-base',
        name: 'script-base',
        value: choices.selfBaseText,
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': 'script-base-hint',
        onchange: commit,
        onkeydown: (event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        },
      });
      sources.append(
        h('label', { for: 'script-base', class: 'block' }, 'Base URL of your copy of the package'),
        input,
        h('p', { class: 'hint', id: 'script-base-hint' }, 'The folder that holds dist/clause-cite.js and dist/clause_cite_bg.wasm, served with the headers in the README (CORS, application/wasm). The integrity hash is that of this release’s file: update it if you rebuild.'),
      );
      if (choices.selfBaseError) sources.append(h('p', { class: 'error', id: 'script-base-error', role: 'alert' }, choices.selfBaseError));
    }
    form.append(sources);
    return form;
  }

  function outputs() {
    const current = model();
    const section = h('div', { class: 'cite-outputs' });
    if (current.error) {
      section.append(h('p', { class: 'error' }, `This selection cannot be cited: ${current.error}`));
      return section;
    }
    const preview = h('div', { class: 'preview', id: 'cite-preview', 'aria-label': 'Preview of the card', role: 'region' });
    preview.append(snippetElement(current));
    section.append(h('h4', {}, 'Preview: what your post will show'), preview);

    const snippet = snippetHtml(current);
    section.append(output('Embed snippet', snippet, { id: 'snippet' }));
    section.append(h('p', { class: 'hint' }, 'Paste it into your post’s HTML. Without JavaScript (feed readers, e-mail, reader mode, hosts that strip scripts) readers see the quote and the citation inside it; with it, the script turns it into the card above. Or paste it in two parts:'));
    section.append(output('Script: paste once per page, or once in your theme’s <head>', scriptLine(current), { id: 'script' }));
    section.append(output('Card: paste where the quote goes', cardHtml(current), { id: 'card' }));

    const citations = h('div', { class: 'citations' }, h('h4', { class: 'group-title' }, `Citation (${current.citeReference})`));
    const known = corpus.styles().all;
    for (const style of STYLES.filter((each) => known.includes(each.id))) {
      let text;
      try {
        text = corpus.cite(current.citeReference, { style: style.id, version: choices.citeVersion });
      } catch (error) {
        text = null;
        citations.append(h('div', { class: 'output', 'data-output': style.id }, h('h4', {}, style.name), h('p', { class: 'error' }, error.message || String(error))));
      }
      if (text !== null) citations.append(output(style.name, text, { id: style.id }));
    }
    section.append(citations);

    const links = h('div', { class: 'links' }, h('h4', { class: 'group-title' }, 'Links'));
    // The core's canonical reference names the version a sentence is counted in.
    const permalink = new URL(`${libraryQuery()}${selection.sentence ? `#${current.citeReference}` : hashFor(selection.id)}`, window.location.origin + window.location.pathname).href;
    links.append(output('Permalink', permalink, { id: 'permalink' }));
    for (const quote of current.quotes) {
      const version = currentDocument().versions.find((item) => item.id === quote.version);
      const url = textFragmentUrl(version.url, quote.text);
      if (url) links.append(output(`Text fragment in the ${quote.version} source`, url, { id: `fragment-${quote.version}` }));
      else links.append(h('p', { class: 'hint', 'data-output': `fragment-${quote.version}` }, `No source URL is recorded for the ${quote.version} version (${Object.values(version.source ?? {})[0] || Object.values(version.publisher ?? {})[0] || version.id}), so there is no text-fragment link into it.`));
    }
    section.append(links);
    return section;
  }

  function render(focusId) {
    if (!selection.id) return;
    const forms = formsFor(true);
    const heading = h('h3', { class: 'selected-title' }, forms.cite ?? clausesById.get(selection.id).clause.cite);
    const back = h('a', { class: 'back-to-text', href: selection.sentence && forms.reference ? `#${forms.reference}` : hashFor(selection.id) }, 'Back to the text');
    replaceChildren(container, heading, back, controls(), outputs());
    onState({
      cite: selection.id,
      citeEnd: selection.end,
      sentence: selection.sentence,
      widgetVersions: choices.widgetVersions,
      layout: choices.layout === 'stacked' ? null : choices.layout,
      citeVersion: choices.citeVersion,
    });
    markSelection();
    if (focusId) {
      const target = document.getElementById(focusId);
      if (target) target.focus();
    }
  }

  function markSelection() {
    for (const node of document.querySelectorAll('.clause.selected')) node.classList.remove('selected');
    if (!selection.id) return;
    for (const clause of selectedClauses()) {
      const row = document.getElementById(clause.id);
      if (row) row.classList.add('selected');
    }
  }

  /** Selects a clause (with an optional range end or sentence) and renders the panel. */
  function select_(id, { end = null, sentence = null, keepFocus = null, version = null } = {}) {
    const entry = clausesById.get(id);
    if (!entry) return false;
    const { clause, document: documentView } = entry;
    const versionIds = documentView.versions.map((item) => item.id);
    if (version && versionIds.includes(version)) choices.citeVersion = version;
    if (!versionIds.includes(choices.citeVersion)) choices.citeVersion = versionIds.includes('en') ? 'en' : versionIds[0];
    const endEntry = end ? clausesById.get(end) : null;
    const validEnd = endEntry && endEntry.document === documentView && endEntry.clause.parent === clause.parent && endEntry.clause.kind === 'paragraph' && clause.kind === 'paragraph' && endEntry.clause.number > clause.number;
    selection.id = id;
    selection.end = validEnd ? end : null;
    const sentenceCount = (clause.sentences[choices.citeVersion] || []).length;
    selection.sentence = !selection.end && sentence && sentence >= 1 && sentence <= sentenceCount && clause.kind === 'paragraph' ? sentence : null;
    render(keepFocus);
    return true;
  }

  /** Extends the selection to `id` when it is a later paragraph of the same section. */
  function extend(id) {
    if (!selection.id) return select_(id);
    const start = clausesById.get(selection.id).clause;
    const target = clausesById.get(id);
    if (target && target.clause.parent === start.parent && target.clause.kind === 'paragraph' && start.kind === 'paragraph') {
      if (target.clause.number > start.number) return select_(selection.id, { end: id });
      if (target.clause.number < start.number) return select_(id, { end: selection.id });
    }
    return select_(id);
  }

  function restore(state) {
    if (state.widgetVersions) choices.widgetVersions = state.widgetVersions;
    if (LAYOUTS.includes(state.layout)) choices.layout = state.layout;
    if (state.citeVersion) choices.citeVersion = state.citeVersion;
    if (state.cite) select_(state.cite, { end: state.citeEnd, sentence: state.sentence });
  }

  return { select: select_, extend, restore, get selection() { return { ...selection }; } };
}

function swap(list, a, b) {
  const copy = list.slice();
  [copy[a], copy[b]] = [copy[b], copy[a]];
  return copy;
}
