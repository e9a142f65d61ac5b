// Where "copy link" and auto-links point when the page names no `reader`: the reader page that
// ships with the widget, in the same copy of the package. The bundle is `<base>/dist/clause-cite.js`
// and the reader `<base>/index.html`, so the address follows the bundle's own URL: a page using
// clause-cite 0.1.0 from a CDN links to that version's reader, and a self-hosted copy (the package
// folder copied anywhere, or `npm start`) links to its own reader.
//
// One exception, because a CDN decides how it serves HTML: jsDelivr serves every .html file of an
// npm package as text/plain (documented in its README, "Restrictions"), so its copy of the reader
// shows as source text. For a bundle loaded from jsDelivr the reader is the same package and
// version on unpkg, which serves .html files as text/html.

const JSDELIVR_NPM = /^https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@[^/]+\/)?[^/@]+(?:@[^/]+)?)\/(.*)$/;

/**
 * The reader page for the widget bundle at `bundleUrl` (an absolute URL): `../index.html`
 * relative to the bundle, or its unpkg equivalent for a bundle on jsDelivr's npm CDN.
 */
export function readerAddressFor(bundleUrl) {
  const reader = new URL('../index.html', bundleUrl);
  const jsdelivr = JSDELIVR_NPM.exec(reader.href);
  if (jsdelivr) return `https://unpkg.com/${jsdelivr[1]}/${jsdelivr[2]}`;
  return reader.href;
}
