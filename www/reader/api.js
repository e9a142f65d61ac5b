// The one place the reader gets the clause-cite API from. The widget bundle re-exports the npm
// package's `open`, so the page loads one script and one wasm module for both the reader and the
// live preview card.
export { open, ClauseCiteError } from '/pkg/index.js';
