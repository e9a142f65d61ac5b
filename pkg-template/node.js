// The Node entry: the wasm module is read from the package folder with fs, never fetched, so it
// works with no flags and no network. A corpus passed as a URL or path is read from disk
// (file: URLs and paths) or fetched (http: and https: URLs).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { initSync } from './clause_cite.js';
import { ClauseCiteError, Corpus, createOpen } from './api.js';

let wasmReady;

function initialise(wasm) {
  if (!wasmReady) {
    wasmReady = (async () => {
      const module = wasm instanceof WebAssembly.Module || ArrayBuffer.isView(wasm) || wasm instanceof ArrayBuffer
        ? wasm
        : await readFile(wasm ?? new URL('./clause_cite_bg.wasm', import.meta.url));
      return initSync({ module });
    })().catch((error) => {
      wasmReady = undefined;
      throw new ClauseCiteError('wasm-unavailable', `The clause-cite WebAssembly module could not be loaded: ${error.message}`, [], { cause: error });
    });
  }
  return wasmReady;
}

async function readBytes(source) {
  const url = source instanceof URL ? source : URL.canParse(source) ? new URL(source) : null;
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return new Uint8Array(await readFile(url ?? source));
}

// A library on disk (a path or a file: URL) is read synchronously too, so its synchronous calls
// load what they need.
const libraryHost = {
  toUrl: (location) => {
    if (location instanceof URL) return location;
    if (URL.canParse(location)) return new URL(location);
    // A folder's URL ends with a slash, so the catalog and the files resolve inside it.
    return pathToFileURL(location.endsWith('.ccl') ? resolve(location) : `${resolve(location)}/`);
  },
  syncReader: (url) => (url.protocol === 'file:' ? (file) => new Uint8Array(readFileSync(file)) : undefined),
};

export const open = createOpen(initialise, readBytes, libraryHost);
export { ClauseCiteError, Corpus };
