// The browser entry (plain <script type="module">, bundlers, Web Workers): the wasm module is
// fetched from next to this file, so a bundle that copies clause_cite_bg.wasm beside itself
// works unchanged. Pass open({ wasm: url }) to load it from elsewhere.
import initialiseWasm from './clause_cite.js';
import { ClauseCiteError, Corpus, createOpen } from './api.js';

let wasmReady;

function initialise(wasm) {
  if (!wasmReady) {
    const source = wasm ?? new URL('./clause_cite_bg.wasm', import.meta.url);
    wasmReady = initialiseWasm({ module_or_path: source }).catch((error) => {
      wasmReady = undefined;
      throw new ClauseCiteError('wasm-unavailable', `The clause-cite WebAssembly module could not be loaded from ${String(source)}: ${error.message}`, [], { cause: error });
    });
  }
  return wasmReady;
}

async function readBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

export const open = createOpen(initialise, readBytes);
export { ClauseCiteError, Corpus };
