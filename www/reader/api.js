// The one place the reader gets the clause-cite API from: the widget bundle, which registers
// <clause-cite> for the live preview and re-exports the npm package's `open`, so the page loads
// one script and one wasm module for both the reader and the preview card.
export { open, ClauseCiteError, append, h, highlighted, readerAddressFor, webUrl } from '../dist/clause-cite.js';
