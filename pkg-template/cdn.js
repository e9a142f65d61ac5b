// What jsDelivr and unpkg serve for the bare package address (https://cdn.jsdelivr.net/npm/clause-cite,
// https://unpkg.com/clause-cite@0.1.0): package.json's "jsdelivr" and "unpkg" fields name this
// file. The widget cannot run from that address, because jsDelivr serves the file under the
// package's own URL, so files next to it (the .wasm) would be looked for one folder too high; so
// this file only says, in one console line, which address to load instead.
const here = new URL(import.meta.url);
// Served at the bare address the URL is the package folder itself; redirected (unpkg) it is
// this file's own address inside the package folder.
const packageBase = here.pathname.endsWith('/cdn.js') ? new URL('./', here) : new URL(`${here.href.replace(/\/+$/, '')}/`);
console.error(
  `clause-cite: ${here.href} is the package, not the widget, so no <clause-cite> card will upgrade; load <script type="module" src="${new URL('dist/clause-cite.js', packageBase).href}" crossorigin="anonymous"></script> instead (pin the version).`,
);
