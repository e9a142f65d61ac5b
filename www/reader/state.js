// The reader's choices, kept in the query string so a URL reproduces what the reader saw (and can
// be shared); the hash is the clause being read (`#<stable id>` or `#<id>__sent_N`). Values from
// the URL are untrusted: each is checked against what the corpus offers before use.

const LIST_SEPARATOR = ',';

/** The names of the query parameters and what they hold. */
export const PARAMETERS = {
  columns: 'v', // versions shown as columns, in order (e.g. v=zh,en,en-blog)
  single: 'one', // the version shown on narrow screens
  query: 'q', // the search query
  searchVersions: 'sv', // versions the search looks in
  within: 'in', // program (or part) the search is limited to
  cite: 'cite', // selected clause id
  citeEnd: 'to', // last clause id of a selected paragraph range
  sentence: 's', // selected sentence number (1-based)
  widgetVersions: 'wv', // versions in the embed snippet, in order
  layout: 'layout', // the widget layout
  citeVersion: 'cv', // the version the citations name
  library: 'library', // a library's folder (clause-cite compile --library) to read instead of the built-in corpus
  document: 'doc', // the document of the library being read
};

/** Reads the state from `location`. Lists are arrays; missing values are empty or null. */
export function readState(location = window.location) {
  const params = new URLSearchParams(location.search);
  const list = (name) => (params.get(name) || '').split(LIST_SEPARATOR).map((value) => value.trim()).filter(Boolean);
  const value = (name) => params.get(name) || null;
  return {
    columns: list(PARAMETERS.columns),
    single: value(PARAMETERS.single),
    query: params.get(PARAMETERS.query) || '',
    searchVersions: params.has(PARAMETERS.searchVersions) ? list(PARAMETERS.searchVersions) : null,
    within: value(PARAMETERS.within),
    cite: value(PARAMETERS.cite),
    citeEnd: value(PARAMETERS.citeEnd),
    sentence: Number.parseInt(params.get(PARAMETERS.sentence) || '', 10) || null,
    widgetVersions: params.has(PARAMETERS.widgetVersions) ? list(PARAMETERS.widgetVersions) : null,
    layout: value(PARAMETERS.layout),
    citeVersion: value(PARAMETERS.citeVersion),
    library: value(PARAMETERS.library),
    document: value(PARAMETERS.document),
  };
}

/**
 * Writes `state` into the query string with history.replaceState (choices are not navigation,
 * so they do not fill the back button), keeping the current hash. Empty values are left out.
 */
export function writeState(state) {
  const params = new URLSearchParams();
  for (const [key, name] of Object.entries(PARAMETERS)) {
    const value = state[key];
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (Array.isArray(value)) params.set(name, value.join(LIST_SEPARATOR));
    else params.set(name, String(value));
  }
  const search = params.toString();
  const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    history.replaceState(history.state, '', url);
  }
}

/**
 * Splits a hash like `#pt_1__para_2__sent_3__en` into { fragment, id, sentence, version }: the
 * decoded fragment (which the core reads), and its parts as the reader's own state keeps them.
 */
export function parseHash(hash) {
  let fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // A malformed escape is kept as written; it will simply not match any clause.
  }
  const match = /^(.*)__sent_(\d+)(?:__([a-z][a-z-]*))?$/.exec(fragment);
  if (match) return { fragment, id: match[1], sentence: Number.parseInt(match[2], 10), version: match[3] ?? null };
  return { fragment, id: fragment, sentence: null, version: null };
}

/** The hash for a clause (and optional sentence, counted in `version`). */
export function hashFor(id, sentence = null, version = null) {
  return `#${id}${sentence ? `__sent_${sentence}${version ? `__${version}` : ''}` : ''}`;
}
