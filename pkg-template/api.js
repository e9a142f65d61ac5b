// The package's API over the wasm-bindgen handle, shared by the browser entry (index.js) and the
// Node entry (node.js). Each entry passes in how it loads the wasm module and how it reads bytes
// from a URL; everything else is here, so both behave the same.
import { ClauseCite as Handle } from './clause_cite.js';

/** Every error the package throws: `code` is stable, `message` says what was wrong. */
export class ClauseCiteError extends Error {
  constructor(code, message, suggestions = [], options) {
    super(message, options);
    this.name = 'ClauseCiteError';
    this.code = code;
    this.suggestions = suggestions;
  }
}

/**
 * Runs a call into the wasm handle, turning the `Error` it throws into a `ClauseCiteError`.
 * The handle returns results as JSON text (smaller code than building objects across the
 * boundary); `parsed` parses it.
 */
function parsed(work) {
  return JSON.parse(call(work));
}

function call(work) {
  try {
    return work();
  } catch (error) {
    if (error instanceof Error && typeof error.code === 'string') {
      throw new ClauseCiteError(error.code, error.message, Array.from(error.suggestions ?? []), { cause: error });
    }
    throw error;
  }
}

function requireString(value, what) {
  if (typeof value !== 'string') {
    throw new ClauseCiteError('invalid-argument', `${what} must be a string; got ${value === null ? 'null' : typeof value}.`);
  }
  return value;
}

function stringList(value, what) {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    throw new ClauseCiteError('invalid-argument', `${what} must be an array of strings, such as ['zh', 'en'].`);
  }
  return list;
}

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

  /** Every document with its titles and versions, without clauses. */
  documents() {
    return parsed(() => this.#handle.documents());
  }

  /** One whole document: titles, versions, every clause and every divergence. */
  document(id) {
    requireString(id, 'The document id');
    return parsed(() => this.#handle.document(id));
  }

  /** The clause a reference names, with every version's texts; throws ClauseCiteError. */
  lookup(reference) {
    requireString(reference, 'The reference');
    return parsed(() => this.#handle.lookup(reference));
  }

  /**
   * Writes a citation. Options: `style` (chicago, chicago-bib, apa, mla, gbt7714, bibtex, ris,
   * csl-json, short, short-zh, permalink, selector; default chicago) and `version` (the
   * version to quote; default: the style's own).
   */
  cite(reference, options = {}) {
    requireString(reference, 'The reference');
    const { style, version } = options ?? {};
    if (style !== undefined && style !== null) requireString(style, 'The style option');
    if (version !== undefined && version !== null) requireString(version, 'The version option');
    return call(() => this.#handle.cite(reference, style ?? undefined, version ?? undefined));
  }

  /** The citations inside running text: [{ start, end, text, id, cite }], offsets in UTF-16. */
  findCitations(text) {
    requireString(text, 'The text');
    return parsed(() => this.#handle.findCitations(text));
  }

  /**
   * Searches every version of every clause. Options: `limit` (1–1000, default 10), `versions`
   * and `documents` (ids; all when absent), `within` (a clause id or citation).
   */
  search(query, options = {}) {
    requireString(query, 'The query');
    const { limit = 10, versions, documents, within } = options ?? {};
    if (!Number.isInteger(limit)) {
      throw new ClauseCiteError('bad-limit', `The limit must be a whole number from 1 to 1000; got ${String(limit)}.`);
    }
    if (within !== undefined && within !== null) requireString(within, 'The within option');
    const versionList = stringList(versions, 'The versions option');
    const documentList = stringList(documents, 'The documents option');
    // Out-of-range limits reach the core as 0 or above 1000, and the core says what is valid.
    const boundedLimit = Math.max(0, Math.min(limit, 1001));
    return parsed(() => this.#handle.search(query, boundedLimit, versionList, documentList, within ?? undefined));
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
    return new Corpus(call(() => new Handle(bytes)));
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
