// The widget's one module: registers <clause-cite>, <clause-search> and the auto-link popup,
// starts auto-linking when the page's <script> has `data-autolink`, and re-exports the package's
// API (its `open` on the page's engine: see runtime.js) so a page that wants more than the
// elements loads the same single script:
//
//   <script type="module" src="/dist/clause-cite.js"></script>
//   <script type="module"> import { open } from '/dist/clause-cite.js'; … </script>
//
// Including the script twice (the same URL or two copies) is harmless: an element name already
// defined is left as it is, and auto-linking runs once per document.
import { ClauseCiteError } from 'clause-cite';
import { openOnPageEngine as open, webUrl } from './runtime.js';
import { ClauseCiteElement } from './clause-cite-element.js';
import { ClauseSearchElement } from './clause-search-element.js';
import { append, h, highlighted } from './dom.js';
import { ClauseCitePopupElement, autolink } from './autolink.js';
import { readerAddressFor } from './reader-address.js';

const AUTOLINK_STARTED = Symbol.for('clause-cite.autolink-started');

function define(name, constructor) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}

define('clause-cite', ClauseCiteElement);
define('clause-search', ClauseSearchElement);
define('clause-cite-popup', ClauseCitePopupElement);

/** The <script> elements that loaded this module (a module script has no currentScript). */
function ownScripts() {
  return [...document.querySelectorAll('script[type="module"][src]')].filter((script) => script.src === import.meta.url);
}

const autolinkScript = ownScripts().find((script) => script.hasAttribute('data-autolink'));
if (autolinkScript && !document[AUTOLINK_STARTED]) {
  document[AUTOLINK_STARTED] = true;
  // data-autolink="main article" limits auto-linking to the elements that selector matches;
  // an empty data-autolink means the whole body. data-reader sets the permalink base.
  const selector = autolinkScript.getAttribute('data-autolink').trim();
  // data-library (or data-corpus) names what the links are read from.
  const options = {
    reader: autolinkScript.getAttribute('data-reader') || undefined,
    library: autolinkScript.getAttribute('data-library') || undefined,
    corpus: autolinkScript.getAttribute('data-corpus') || undefined,
  };
  const start = () => {
    let roots = [document.body];
    if (selector) {
      try {
        roots = [...document.querySelectorAll(selector)];
      } catch {
        console.warn(`clause-cite: data-autolink="${selector}" is not a valid CSS selector; auto-linking the whole page instead.`);
      }
    }
    for (const root of roots) autolink(root, options);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

export { open, ClauseCiteError, ClauseCiteElement, ClauseSearchElement, autolink, append, h, highlighted, readerAddressFor, webUrl };
