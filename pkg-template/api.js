// The package's API over the wasm-bindgen handle, shared by the browser entry (index.js) and the
// Node entry (node.js). Each entry passes in how it loads the wasm module and how it reads bytes
// from a URL. Results, options and errors are the core's: the handle returns JavaScript values
// made from the core's views by serde-wasm-bindgen, reads option objects with serde, and throws
// ClauseCiteError itself, so this file checks no argument and wraps no error.
import { ClauseCite as Handle } from './clause_cite.js';

const REGISTRY = Symbol.for('clause-cite.ClauseCiteError');

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

/** A loaded corpus. Get one with `open()`; every method is synchronous. */
export class Corpus {
  #handle;

  constructor(handle) {
    this.#handle = handle;
  }

  /** The corpus's id, e.g. `lac-2025`. */
  get id() {
    return this.#handle.id;
  }

  /** Every document with its titles, versions and levels (no clauses). */
  documents() {
    return this.#handle.documents();
  }

  /** One whole document: titles, versions, levels, every clause and every divergence. */
  document(id) {
    return this.#handle.document(id);
  }

  /** The clause a reference names, with every version's texts. */
  lookup(reference) {
    return this.#handle.lookup(reference);
  }

  /** Writes a citation. Options: `style` (default chicago) and `version` (the version to quote). */
  cite(reference, options) {
    return this.#handle.cite(reference, options);
  }

  /** The citations inside running text: [{ start, end, text, id, end_id, reference, cite }], offsets in UTF-16. */
  findCitations(text) {
    return this.#handle.findCitations(text);
  }

  /**
   * What a `<clause-cite>` card shows for a reference: the versions in order with the text each
   * quotes, the heading, the citation line, notes about the options and the check of the
   * author's quote. Options: `versions`, `sentence` (as the attributes are written), `language`
   * (the page's), `quote` (the author's own quote), `whole`, `languageFirst`.
   */
  card(reference, options) {
    return this.#handle.card(reference, options);
  }

  /** Writes a citation with where its title is in italics: `{ text, emphasis: [start, end] | null }` (UTF-16). */
  citeFormatted(reference, options) {
    return this.#handle.citeFormatted(reference, options);
  }

  /**
   * The ways to write a citation chosen by its parts `{ id, end, sentences, version }`:
   * `{ reference, human, cite, cite_zh }` — the canonical reference, the shortest human form that
   * reads back to the same place (for a card's `ref`), and the short citations.
   */
  reference(parts) {
    return this.#handle.reference(parts);
  }

  /** The citation styles: `{ all, card }` (every style `cite` reads, and a card's menu). */
  styles() {
    return this.#handle.styles();
  }

  /** Searches every version of every clause. Options: `limit` (1–1000, default 10), `versions`, `documents`, `within`. */
  search(query, options) {
    return this.#handle.search(query, options);
  }

  /** Builds the search index now instead of at the first search (it takes a few milliseconds). */
  prepareSearch() {
    this.#handle.prepareSearch();
  }
}

/**
 * Makes the package's `open()`. `initialise(wasm)` instantiates the wasm module once (a second
 * call returns the first call's promise); `readBytes(url)` fetches or reads a compiled corpus.
 */
export function createOpen(initialise, readBytes) {
  let shared;

  async function load(options) {
    await initialise(options.wasm);
    const bytes = await corpusBytes(options.corpus, readBytes);
    return new Corpus(new Handle(bytes));
  }

  return function open(options = {}) {
    if (options === null || typeof options !== 'object') {
      return Promise.reject(new ClauseCiteError('invalid-argument', 'open() takes an options object such as { corpus: url } or nothing.'));
    }
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
