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

// This file is the API, which defines no elements. A page that loads it with a <script> tag and
// has <clause-cite> elements meant to load the widget: say so in one console line, with the
// widget's address in this same package. (Inside the widget bundle, which defines the elements
// while it runs, and in bundled apps, which load no <script> with this file's address, this
// says nothing.)
function warnIfTheWidgetWasMeant() {
  const loadedByTag = [...document.querySelectorAll('script[src]')].some((script) => script.src === import.meta.url);
  if (loadedByTag && document.querySelector('clause-cite, clause-search') && !customElements.get('clause-cite')) {
    const widget = new URL('./dist/clause-cite.js', import.meta.url).href;
    console.error(`clause-cite: ${import.meta.url} is the API entry and defines no elements, so <clause-cite> stays as its fallback; load the widget instead: <script type="module" src="${widget}"></script>`);
  }
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', warnIfTheWidgetWasMeant, { once: true });
  else setTimeout(warnIfTheWidgetWasMeant, 0);
}
