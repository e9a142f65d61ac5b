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

/** Runs a call into the wasm handle, turning the `Error` it throws into a `ClauseCiteError`. */
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
    return call(() => this.#handle.documents());
  }

  /** One whole document: titles, versions, every clause and every divergence. */
  document(id) {
    requireString(id, 'The document id');
    return call(() => this.#handle.document(id));
  }

  /** The clause a reference names, with every version's texts; throws ClauseCiteError. */
  lookup(reference) {
    requireString(reference, 'The reference');
    return call(() => this.#handle.lookup(reference));
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
