// The package's API over the wasm-bindgen handle, shared by the browser entry (index.js) and the
// Node entry (node.js). Each entry passes in how it loads the wasm module and how it reads bytes
// from a URL. Results, options and errors are the core's: the handle returns JavaScript values
// made from the core's views by serde-wasm-bindgen, reads option objects with serde, and throws
// ClauseCiteError itself, so this file checks no argument and wraps no error.
import { ClauseCite as Handle, ClauseCiteLibrary as LibraryHandle, __wbg_reset_state as freshInstance } from './clause_cite.js';

const REGISTRY = Symbol.for('clause-cite.ClauseCiteError');

/** The name of a library's catalog in its folder (the core's CATALOG_NAME). */
const CATALOG_NAME = 'catalog.ccl';

/** Every error the package throws: `code` is stable (see ERROR_CODES), `message` says what was wrong and what is valid. */
class ClauseCiteErrorClass extends Error {
  constructor(code, message, suggestions = [], options) {
    super(message, options);
    this.name = 'ClauseCiteError';
    this.code = code;
    this.suggestions = suggestions;
  }
}

// One class for every copy of the package on a page (the widget bundle and an app's own copy),
// registered where the wasm side finds it to construct its errors.
export const ClauseCiteError = (globalThis[REGISTRY] ??= ClauseCiteErrorClass);

/**
 * Which instance of the wasm module is current. A trap (a `RuntimeError` such as "unreachable",
 * which a panic in the core becomes, or a stack overflow) leaves the instance's stack pointer and
 * allocator wherever it stopped them, so every later call on that instance could fail or answer
 * wrongly. The instance is discarded at once and a fresh one is made from the same compiled
 * module; each Corpus and Library notices the new generation at its next call and loads its
 * bytes again there.
 */
let instanceGeneration = 0;

/**
 * Runs `work` inside the wasm module. The core's own errors are ClauseCiteErrors and pass
 * through; anything else thrown from inside is a trap, so the instance is replaced and the call
 * fails with `internal-error`.
 */
function guarded(work) {
  try {
    return work();
  } catch (error) {
    if (error instanceof ClauseCiteError) throw error;
    instanceGeneration += 1;
    let restart = 'a fresh instance serves the next call';
    try {
      freshInstance();
    } catch (failure) {
      // The generation has moved on anyway, so the next call tries a fresh instance again.
      restart = `starting a fresh instance failed too (${failure?.message ?? failure}); the next call tries again`;
    }
    throw new ClauseCiteError('internal-error', `The clause-cite engine failed inside WebAssembly (${error?.name ?? 'Error'}: ${error?.message ?? error}); ${restart}.`, [], { cause: error });
  }
}

/** A loaded corpus. Get one with `open()`; every method is synchronous. */
export class Corpus {
  #current;
  #bytes;
  #generation;

  /** @param bytes the compiled corpus (undefined: the embedded one), kept to load it again after a trap. */
  constructor(bytes) {
    this.#bytes = bytes;
    this.#generation = instanceGeneration;
    this.#current = guarded(() => new Handle(bytes));
  }

  /** This corpus's handle on the current instance (loaded there again after a trap). */
  get #handle() {
    if (this.#generation !== instanceGeneration) {
      this.#generation = instanceGeneration;
      this.#current = guarded(() => new Handle(this.#bytes));
    }
    return this.#current;
  }

  /** The corpus's id, e.g. `lac-2025`. */
  get id() {
    return guarded(() => this.#handle.id);
  }

  /** Every document with its titles, versions and levels (no clauses). */
  documents() {
    return guarded(() => this.#handle.documents());
  }

  /**
   * One whole document: titles, versions, levels, every clause and every divergence. With
   * `{ first, limit }`, one page of it, with `page: { first, clause_count, next }`.
   */
  document(id, options) {
    return guarded(() => this.#handle.document(id, options));
  }

  /** The clause a reference names, with every version's texts. */
  lookup(reference) {
    return guarded(() => this.#handle.lookup(reference));
  }

  /** Writes a citation. Options: `style` (default chicago) and `version` (the version to quote). */
  cite(reference, options) {
    return guarded(() => this.#handle.cite(reference, options));
  }

  /** The citations inside running text: [{ start, end, text, id, end_id, reference, cite }], offsets in UTF-16. */
  findCitations(text) {
    return guarded(() => this.#handle.findCitations(text));
  }

  /**
   * What a `<clause-cite>` card shows for a reference: the versions in order with the text each
   * quotes, the heading, the citation line, notes about the options and the check of the
   * author's quote. Options: `versions`, `sentence` (as the attributes are written), `language`
   * (the page's), `quote` (the author's own quote), `whole`, `languageFirst`.
   */
  card(reference, options) {
    return guarded(() => this.#handle.card(reference, options));
  }

  /** Writes a citation with where its title is in italics: `{ text, emphasis: [start, end] | null }` (UTF-16). */
  citeFormatted(reference, options) {
    return guarded(() => this.#handle.citeFormatted(reference, options));
  }

  /**
   * The ways to write a citation chosen by its parts `{ id, end, sentences, version }`:
   * `{ reference, human, cite, cite_zh }` — the canonical reference, the shortest human form that
   * reads back to the same place (for a card's `ref`), and the short citations.
   */
  reference(parts) {
    return guarded(() => this.#handle.reference(parts));
  }

  /** The citation styles: `{ all, card }` (every style `cite` reads, and a card's menu). */
  styles() {
    return guarded(() => this.#handle.styles());
  }

  /** Searches every version of every clause. Options: `limit` (1–1000, default 10), `versions`, `documents`, `within`. */
  search(query, options) {
    return guarded(() => this.#handle.search(query, options));
  }

  /** Builds the search index now instead of at the first search (it takes a few milliseconds). */
  prepareSearch() {
    guarded(() => this.#handle.prepareSearch());
  }

  /**
   * A test hook, not part of the API: traps inside the engine on purpose, so tests can check
   * that a trap costs only the call that hit it. Throws `internal-error`.
   */
  __trapForTesting() {
    guarded(() => Handle.__trapForTesting());
  }

  // The async variants a library needs (see Library); on a corpus everything is loaded, so they
  // give the synchronous calls' answers.
  async documentAsync(id, options) {
    return this.document(id, options);
  }

  async lookupAsync(reference) {
    return this.lookup(reference);
  }

  async citeAsync(reference, options) {
    return this.cite(reference, options);
  }

  async findCitationsAsync(text) {
    return this.findCitations(text);
  }

  async searchAsync(query, options) {
    return this.search(query, options);
  }

  async cardAsync(reference, options) {
    return this.card(reference, options);
  }

  async citeFormattedAsync(reference, options) {
    return this.citeFormatted(reference, options);
  }
}

/**
 * A library opened with `open({ library: url })`: many documents as static files, of which only
 * what a call needs is fetched. The calls are the corpus's. The catalog (fetched by open) gives
 * `id` and `documents()`; `findCitations` needs the library's outline; `lookup`, `cite` and
 * `document` need the document they name (and, for a citation the catalog cannot route, the
 * outline); `search` needs the search table, the index chunks of its terms and the documents of
 * its hits. Each `…Async` call fetches what it needs, then answers; a synchronous call answers
 * from what is loaded, and throws `not-loaded` when it needs more (in Node, a library read from
 * disk loads synchronously, so synchronous calls always answer). A file that cannot be fetched
 * or does not match its checksum fails only the calls that need it (`shard-unavailable`,
 * `checksum-mismatch`).
 */
export class Library {
  #current;
  #catalog;
  #generation;
  #base;
  #readBytes;
  #readBytesSync;
  #loading = new Map();
  #early;

  /**
   * The `prefetch` names `open()` did not use, each `{ name, error }`: a name outside the
   * library's folder (`invalid-argument`), or one its catalog does not list (`library-file`; for
   * a document's file of an earlier build of the library, `error.suggestions` holds its name
   * now). Their bytes, if fetched, are dropped.
   */
  ignoredPrefetch;

  /**
   * @param catalog the catalog's bytes, kept to open the library again after a trap.
   * @param early files fetched before the catalog was read: name → promise of `{ bytes }` or `{ error }`.
   */
  constructor(catalog, base, readBytes, readBytesSync, early = new Map(), ignored = []) {
    this.#catalog = catalog;
    this.#generation = instanceGeneration;
    this.#current = guarded(() => new LibraryHandle(catalog));
    this.#base = base;
    this.#readBytes = readBytes;
    this.#readBytesSync = readBytesSync;
    this.ignoredPrefetch = [...ignored];
    this.#early = early;
    for (const name of [...early.keys()]) {
      try {
        guarded(() => this.#current.checkFile(name));
      } catch (error) {
        early.delete(name);
        this.ignoredPrefetch.push({ name, error });
      }
    }
  }

  /**
   * This library's handle on the current instance. After a trap it is opened again from the
   * catalog, with nothing else loaded: the next call fetches what it needs again (from the HTTP
   * cache, as a rule).
   */
  get #handle() {
    if (this.#generation !== instanceGeneration) {
      this.#generation = instanceGeneration;
      this.#current = guarded(() => new LibraryHandle(this.#catalog));
    }
    return this.#current;
  }

  /** The library's id. */
  get id() {
    return guarded(() => this.#handle.id);
  }

  /** Every document with its titles, versions and levels, from the catalog (loads nothing). */
  documents() {
    return guarded(() => this.#handle.documents());
  }

  /** One whole document. May load: the document. */
  document(id) {
    return this.#now('document', () => guarded(() => this.#handle.document(id)));
  }

  documentAsync(id) {
    return this.#loaded(() => guarded(() => this.#handle.document(id)));
  }

  /** The clause a reference names. May load: the document (and the outline). */
  lookup(reference) {
    return this.#now('lookup', () => guarded(() => this.#handle.lookup(reference)));
  }

  lookupAsync(reference) {
    return this.#loaded(() => guarded(() => this.#handle.lookup(reference)));
  }

  /** Writes a citation. May load: the document (and the outline). */
  cite(reference, options) {
    return this.#now('cite', () => guarded(() => this.#handle.cite(reference, options)));
  }

  citeAsync(reference, options) {
    return this.#loaded(() => guarded(() => this.#handle.cite(reference, options)));
  }

  /** What a `<clause-cite>` card shows (options as the corpus's `card`). May load: the document (and the outline). */
  card(reference, options) {
    return this.#now('card', () => guarded(() => this.#handle.card(reference, options)));
  }

  cardAsync(reference, options) {
    return this.#loaded(() => guarded(() => this.#handle.card(reference, options)));
  }

  /** A citation with where its title is in italics. May load: the document (and the outline). */
  citeFormatted(reference, options) {
    return this.#now('citeFormatted', () => guarded(() => this.#handle.citeFormatted(reference, options)));
  }

  citeFormattedAsync(reference, options) {
    return this.#loaded(() => guarded(() => this.#handle.citeFormatted(reference, options)));
  }

  /**
   * The ways to write a place chosen by its parts (`{ id, end, sentences, version }`), as the
   * corpus's `reference`; the human form reads back to the same place by the catalog's names
   * alone, so a card citing it fetches only the catalog and its document. May load: the document.
   */
  reference(parts) {
    return this.#now('reference', () => guarded(() => this.#handle.reference(parts)));
  }

  referenceAsync(parts) {
    return this.#loaded(() => guarded(() => this.#handle.reference(parts)));
  }

  /** The name of a document's file, for a card's `prefetch` attribute (loads nothing). */
  documentFile(id) {
    return guarded(() => this.#handle.documentFile(id));
  }

  /** The citation styles: `{ all, card }` (loads nothing). */
  styles() {
    return guarded(() => this.#handle.styles());
  }

  /** The citations inside running text. May load: the outline (never a document). */
  findCitations(text) {
    return this.#now('findCitations', () => guarded(() => this.#handle.findCitations(text)));
  }

  findCitationsAsync(text) {
    return this.#loaded(() => guarded(() => this.#handle.findCitations(text)));
  }

  /** Searches, from what is loaded. May load: the search table, index chunks, hit documents. */
  search(query, options) {
    return this.#now('search', () => {
      const step = guarded(() => this.#handle.search(query, options));
      return step.needs.length === 0 ? { value: step.hits } : { needs: step.needs };
    });
  }

  /**
   * Searches, fetching what the query needs. `onProgress(hits)` is called with the best hits
   * the files loaded so far make (the documents loaded, and the index chunks loaded: a word
   * whose chunk is still coming scores nothing yet) before the fetching starts and each time a
   * file arrives, while the answer is not yet final; the promise gives the final hits.
   */
  async searchAsync(query, options, { onProgress } = {}) {
    const loadAndReport = (name) =>
      this.#load(name).then(() => {
        if (!onProgress) return;
        const partial = guarded(() => this.#handle.search(query, options));
        if (partial.needs.length > 0 && partial.hits.length > 0) onProgress(partial.hits);
      });
    for (let round = 0; round < 8; round += 1) {
      const step = guarded(() => this.#handle.search(query, options));
      if (step.needs.length === 0) return step.hits;
      if (step.hits.length > 0) onProgress?.(step.hits);
      // The hits' documents, best first: for a caller showing progress that has nothing to show
      // yet, the best hit's alone, so that it does not share the link with the others and a first
      // answer shows as soon as it can; then the others together. Everything else (index chunks,
      // or documents while hits are already shown) is fetched together, which ends soonest.
      if (onProgress && step.best_first && step.hits.length === 0 && step.needs.length > 1) {
        await loadAndReport(step.needs[0]);
        await Promise.all(step.needs.slice(1).map(loadAndReport));
      } else {
        await Promise.all(step.needs.map(loadAndReport));
      }
    }
    throw new ClauseCiteError('shard-unavailable', `The search of ${this.#base} still needed files after eight rounds of fetching.`);
  }

  /** Fetches the search table now, so the first search starts sooner. */
  prepareSearch() {
    return Promise.all(guarded(() => this.#handle.searchNeeds()).map((name) => this.#load(name)));
  }

  /** The names of the library's files loaded so far. */
  loadedFiles() {
    return guarded(() => this.#handle.loadedFiles());
  }

  /** Forgets a loaded file (freeing its memory); it is fetched again when needed. */
  unload(name) {
    guarded(() => this.#handle.unload(name));
  }

  /** Runs a step now: with what is loaded, or (in Node, for a library on disk) reading files synchronously. */
  #now(call, run) {
    for (let round = 0; round < 8; round += 1) {
      const step = run();
      if (!('needs' in step)) return step.value;
      if (!this.#readBytesSync) {
        throw new ClauseCiteError('not-loaded', `${call}() needs ${step.needs.join(', ')} from the library at ${this.#base}, which is not loaded yet: call ${call}Async(), which loads it.`);
      }
      for (const name of step.needs) this.#add(name, () => this.#readBytesSync(new URL(name, this.#base)));
    }
    throw new ClauseCiteError('shard-unavailable', `${call}() still needed files of ${this.#base} after eight rounds of reading.`);
  }

  /** Runs a step to its end, fetching what it needs. */
  async #loaded(run) {
    for (let round = 0; round < 8; round += 1) {
      const step = run();
      if (!('needs' in step)) return step.value;
      await Promise.all(step.needs.map((name) => this.#load(name)));
    }
    throw new ClauseCiteError('shard-unavailable', `A call still needed files of ${this.#base} after eight rounds of fetching.`);
  }

  /** Fetches one file once (calls that need it meanwhile share the fetch) and hands it over. */
  #load(name) {
    let loading = this.#loading.get(name);
    if (!loading) {
      // A file fetched early (the prefetch option) is taken once; asked for again later (after
      // an unload, say), it is fetched again.
      const early = this.#early.get(name);
      this.#early.delete(name);
      const fetched = early
        ? early.then((result) => ('error' in result ? Promise.reject(result.error) : result.bytes))
        : this.#readBytes(new URL(name, this.#base));
      loading = fetched
        .then((bytes) => this.#add(name, () => bytes), (error) => guarded(() => this.#handle.failFile(name, error.message)))
        .finally(() => this.#loading.delete(name));
      this.#loading.set(name, loading);
    }
    return loading;
  }

  /** Hands over a file's bytes; bytes that fail their check are recorded by the handle, which fails the calls that need them. */
  #add(name, read) {
    let bytes;
    try {
      bytes = read();
    } catch (error) {
      guarded(() => this.#handle.failFile(name, error.message));
      return;
    }
    try {
      guarded(() => this.#handle.addFile(name, bytes));
    } catch {
      // Recorded by the handle: the next call that needs the file throws its error.
    }
  }
}

/**
 * The `prefetch` option of `open({ library })`: the names (relative to the library's folder) of
 * files inside the folder. A name that leaves the folder, or is not a string, is not fetched; it
 * is listed in `ignored` with why, as a name the catalog does not list is later.
 */
function prefetchNames(prefetch, base) {
  if (prefetch === undefined || prefetch === null) return { names: [], ignored: [] };
  if (typeof prefetch === 'string' || typeof prefetch[Symbol.iterator] !== 'function') {
    throw new ClauseCiteError('invalid-argument', "The prefetch option must be a list of file names inside the library's folder, such as ['documents/law.0123456789abcdef.ccc'].");
  }
  const names = [];
  const ignored = [];
  const parsed = (value) => {
    try {
      return typeof value === 'string' ? new URL(value, base) : null;
    } catch {
      return null;
    }
  };
  for (const value of prefetch) {
    const url = parsed(value);
    const inside = url !== null && url.href.startsWith(base.href) && url.href.length > base.href.length && url.search === '' && url.hash === '';
    if (!inside) {
      ignored.push({
        name: String(value),
        error: new ClauseCiteError('invalid-argument', `The prefetch name '${String(value)}' is not a file inside the library's folder ${base.href}: name a file relative to it, such as documents/law.0123456789abcdef.ccc.`),
      });
      continue;
    }
    const name = url.href.slice(base.href.length);
    if (!names.includes(name)) names.push(name);
  }
  return { names, ignored };
}

/**
 * Makes the package's `open()`. `initialise(wasm)` instantiates the wasm module once and
 * resolves to its exports (a second call returns the first call's promise); `readBytes(url)`
 * fetches or reads a compiled corpus or a library file. A host that can read some files
 * synchronously (Node, from disk) passes `syncReader(url)`, which gives a function reading that
 * URL's files synchronously or undefined, and `toUrl(location)`, which makes a library's
 * location (a path, or a URL) a URL.
 */
export function createOpen(initialise, readBytes, { syncReader, toUrl } = {}) {
  let shared;

  async function load(options) {
    await initialise(options.wasm);
    const bytes = await corpusBytes(options.corpus, readBytes);
    // A copy is kept (the caller may reuse its array) to load the corpus again after a trap.
    return new Corpus(bytes === undefined ? undefined : bytes.slice());
  }

  async function loadLibrary(options) {
    if (options.corpus !== undefined) {
      throw new ClauseCiteError('invalid-argument', 'open() takes either corpus or library, not both.');
    }
    if (typeof options.library !== 'string' && !(options.library instanceof URL)) {
      throw new ClauseCiteError('invalid-argument', "The library option must be the URL (or, in Node, the path) of a library's folder or of its catalog.ccl.");
    }
    const location = toUrl ? toUrl(options.library) : new URL(String(options.library), globalThis.document?.baseURI ?? globalThis.location?.href);
    // The library's folder, or its catalog, which is fetched while the wasm module loads.
    const href = location.href;
    const catalog = href.endsWith(`/${CATALOG_NAME}`) ? location : new URL(CATALOG_NAME, href.endsWith('/') ? href : `${href}/`);
    const base = new URL('./', catalog);
    const catalogBytes = readBytes(catalog).catch((error) => {
      throw new ClauseCiteError('corpus-unavailable', `The library catalog at ${catalog.href} could not be read: ${error.message}`, [], { cause: error });
    });
    // Files named in advance are fetched now too, alongside the wasm and the catalog, instead of
    // after them (a library on disk is read when asked, so it has nothing to gain).
    const { names: prefetch, ignored } = prefetchNames(options.prefetch, base);
    const sync = syncReader?.(catalog);
    const early = new Map(sync ? [] : prefetch.map((name) => [name, readBytes(new URL(name, base)).then((bytes) => ({ bytes }), (error) => ({ error }))]));
    const [exports, bytes] = await Promise.all([initialise(options.wasm), catalogBytes]);
    // The widget's engine for pages without a library is built without the library's code.
    if (exports && typeof exports.clausecitelibrary_new !== 'function') {
      throw new ClauseCiteError(
        'wasm-unavailable',
        'The clause-cite WebAssembly module loaded here was built without library support (the widget\'s engine for pages that name no library); open the library with the package\'s clause_cite_bg.wasm or dist/clause_cite_library_bg.wasm.',
      );
    }
    return new Library(bytes, base, readBytes, sync, early, ignored);
  }

  return function open(options = {}) {
    if (options === null || typeof options !== 'object') {
      return Promise.reject(new ClauseCiteError('invalid-argument', 'open() takes an options object such as { corpus: url }, { library: url } or nothing.'));
    }
    if (options.library !== undefined) return loadLibrary(options);
    if (options.corpus !== undefined) return load(options);
    if (!shared) {
      shared = load(options);
      // A failed load (say, the wasm could not be fetched) is not cached, so open() can retry.
      shared.catch(() => {
        shared = undefined;
      });
    }
    return shared;
  };
}

async function corpusBytes(source, readBytes) {
  if (source === undefined) return undefined;
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof source === 'string' || source instanceof URL) {
    try {
      return await readBytes(source);
    } catch (error) {
      throw new ClauseCiteError('corpus-unavailable', `The compiled corpus at ${String(source)} could not be read: ${error.message}`, [], { cause: error });
    }
  }
  throw new ClauseCiteError('invalid-argument', 'The corpus option must be the bytes of a compiled corpus (Uint8Array or ArrayBuffer) or a URL to fetch them from.');
}
