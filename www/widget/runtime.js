// What the widget's elements share: the one corpus per URL (the wasm is loaded once per page),
// the UI strings for the nearest `lang`, DOM building with text only, permalinks and the
// clipboard. Nothing here ever turns data into HTML: every string reaches the page through
// `textContent`, `createTextNode` or an attribute set with `setAttribute`.
import { open, ClauseCiteError } from 'clause-cite';
import english from './strings/en.json' with { type: 'json' };
import chinese from './strings/zh.json' with { type: 'json' };
import { readerAddressFor } from './reader-address.js';
import { h } from './dom.js';

export { h };

/**
 * The page the "copy link" action points to when no `reader` attribute is given: the reader
 * page of the same copy of the package as this script (see reader-address.js).
 */
export const DEFAULT_READER = readerAddressFor(import.meta.url);

// Kept on globalThis so that two copies of the bundle on one page (say, the same file from two
// URLs) still share one engine and one corpus per URL.
const shared = (globalThis[Symbol.for('clause-cite.shared')] ??= { corpora: new Map(), engineFailureReported: false });
const corpora = shared.corpora;

/**
 * Resolves to the corpus at `url` (or the embedded default corpus when `url` is empty), opening
 * each one once per page however many elements ask for it. A failure is remembered too, so 200
 * widgets on a page that blocks WebAssembly make one attempt and print one console message.
 */
/**
 * How long opening the engine or a corpus may take before the elements give up and keep the
 * author's markup: a fetch that never answers (a stalled connection, a server that holds the
 * request) must not leave `ready` pending for ever. Thirty seconds is several times what the
 * engine and the default corpus take on a slow mobile connection.
 */
export const LOAD_TIMEOUT_MS = 30_000;

/**
 * What an element reads from: `{ library: url }` for a `library` attribute (a library written by
 * `clause-cite compile --library`, of which only what the element shows is fetched), else its
 * `corpus` attribute (a compiled corpus), else nothing (the corpus inside the wasm).
 */
export function sourceOf(element) {
  const library = element.getAttribute('library');
  if (library) return { library };
  return element.getAttribute('corpus') || undefined;
}

/** Gives `to` (a card an element makes) the library or corpus `from` reads. */
export function copySource(from, to) {
  for (const name of ['library', 'corpus']) {
    const value = from.getAttribute(name);
    if (value) to.setAttribute(name, value);
  }
}

/**
 * The widget's two builds of the engine, next to this bundle (scripts/build-package.mjs makes
 * them from the same crate, behind the same glue): one with the default corpus inside and no
 * library code, for pages that name no library, and one with the library code and no corpus
 * inside, for pages that do, where a card of the default corpus reads it as a file instead. A
 * page pays for one of them, never for both.
 */
const CARD_ENGINE = new URL('./clause_cite_bg.wasm', import.meta.url);
const LIBRARY_ENGINE = new URL('./clause_cite_library_bg.wasm', import.meta.url);
const DEFAULT_CORPUS = new URL('./clause-cite-default.ccc', import.meta.url);

/** The markup that names a library: the page then loads the library engine. */
const LIBRARY_MARKUP = 'clause-cite[library], clause-search[library], script[data-library]';

/**
 * Which engine this page runs, chosen once, at its first load (one wasm instance serves a page):
 * the library engine when that load is a library's or the page's markup names one, else the
 * card engine.
 */
function engineFor(wantsLibrary) {
  if (!shared.engine) {
    const library = wantsLibrary || document.querySelector(LIBRARY_MARKUP) !== null;
    shared.engine = { library, wasm: library ? LIBRARY_ENGINE : CARD_ENGINE };
  }
  return shared.engine;
}

/**
 * The package's `open()` on this page's engine, as the bundle exports it: options without a
 * `wasm` load the engine `engineFor` chooses, a default-corpus open on the library engine reads
 * the corpus file, and a library on the card engine is refused with the reason.
 */
export function openOnPageEngine(options = {}) {
  if (options === null || typeof options !== 'object' || options.wasm !== undefined) return open(options);
  const engine = engineFor(options.library !== undefined);
  if (options.library !== undefined && !engine.library) {
    return Promise.reject(
      new ClauseCiteError(
        'wasm-unavailable',
        `The library at ${String(options.library)} was named after this page started clause-cite without library support (no element named a library when it loaded). Name the library in the page's HTML, with a library attribute or data-library on the script tag, so that the widget loads its library engine.`,
      ),
    );
  }
  if (engine.library && options.library === undefined && options.corpus === undefined) return open({ ...options, corpus: DEFAULT_CORPUS, wasm: engine.wasm });
  return open({ ...options, wasm: engine.wasm });
}

export function loadCorpus(url) {
  // `{ library: url }` (a `library` attribute's value) opens a library: its catalog now, each
  // document on the first lookupAsync that needs it.
  const library = typeof url === 'object' && url !== null ? url.library : undefined;
  const address = library ?? url;
  const href = address ? new URL(address, document.baseURI).href : '';
  const key = library ? `library ${href}` : href;
  if (!corpora.has(key)) {
    const what = library ? `The library at ${href}` : href ? `The compiled corpus at ${href}` : 'The clause-cite WebAssembly engine';
    const hints = library ? prefetchHints(href) : null;
    const opening = openOnPageEngine(library ? { library: href, prefetch: [...hints.keys()] } : href ? { corpus: href } : {});
    if (hints) opening.then((opened) => reportIgnoredPrefetch(opened, hints, href), () => {});
    const loading = withTimeout(opening, LOAD_TIMEOUT_MS, what).catch((error) => {
      const failure = new Error(error?.message || String(error));
      failure.code = error?.code || (key ? 'corpus-unavailable' : 'wasm-unavailable');
      if (!key && !shared.engineFailureReported) {
        shared.engineFailureReported = true;
        console.warn(
          `clause-cite: the WebAssembly engine could not start, so every <clause-cite> keeps the author's own quote and citation. (${failure.message})`,
        );
      }
      throw failure;
    });
    corpora.set(key, loading);
  }
  return corpora.get(key);
}

/** How many `prefetch` names one card may give (its document, and a few more). */
const PREFETCH_PER_CARD = 4;

/**
 * The `prefetch` names of the page's cards that read the library at `href`, each with the card
 * that gave it first: the files those cards will need, which the library fetches alongside the
 * engine and its catalog instead of after them (`clause-cite compile --library` prints each
 * document's). The core checks each against the catalog; the widget only fetches.
 */
function prefetchHints(href) {
  const hints = new Map();
  for (const card of document.querySelectorAll('clause-cite[library][prefetch]')) {
    if (webUrl(card.getAttribute('library')) !== href) continue;
    const names = card.getAttribute('prefetch').trim().split(/\s+/).filter(Boolean);
    if (names.length > PREFETCH_PER_CARD) {
      console.warn(`clause-cite: <clause-cite ref="${card.getAttribute('ref') ?? ''}">: prefetch names ${names.length} files; only the first ${PREFETCH_PER_CARD} are fetched early (a card needs its document's file, which clause-cite compile --library prints).`);
    }
    for (const name of names.slice(0, PREFETCH_PER_CARD)) {
      if (!hints.has(name)) hints.set(name, card);
    }
  }
  return hints;
}

/** One console line per `prefetch` name the library did not use, naming the card and the fix. */
function reportIgnoredPrefetch(library, hints, href) {
  for (const { name, error } of library.ignoredPrefetch ?? []) {
    const card = hints.get(name);
    const fix = error.suggestions?.length ? ` Write prefetch="${error.suggestions[0]}".` : '';
    console.warn(`clause-cite: <clause-cite ref="${card?.getAttribute('ref') ?? ''}" prefetch="${name}">: the library at ${href} did not use this name, so the card's document is fetched after the catalog, one round trip later: ${error.message}${fix}`);
  }
}

/**
 * `promise`, or a rejection with code `load-timeout` if it has not settled after `milliseconds`.
 * (Written without Promise.race, which iterates an array: a page that breaks Array iteration
 * must still get its timeout.)
 */
function withTimeout(promise, milliseconds, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new Error(`${what} did not load within ${milliseconds / 1000} s: the network or the server did not answer.`);
      error.code = 'load-timeout';
      reject(error);
    }, milliseconds);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** `value` as an absolute http: or https: URL (relative values resolve against the page), or null. */
export function webUrl(value) {
  try {
    const url = new URL(String(value), document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The language of the UI around `node`: the nearest `lang` attribute, looking through shadow
 * roots to their hosts, or the document's language. Chinese of any script gets the Chinese
 * strings; everything else gets English.
 */
export function uiLanguage(node) {
  let current = node;
  while (current) {
    if (current.nodeType === 1) {
      const tagged = current.closest('[lang]');
      if (tagged) return tagged.getAttribute('lang') || 'en';
    }
    const root = current.getRootNode();
    current = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.getAttribute('lang') || 'en';
}

/** The strings for `node`'s UI language, as a function `text(key, values)`. */
export function stringsFor(node) {
  const tag = uiLanguage(node).toLowerCase();
  const table = tag === 'zh' || tag.startsWith('zh-') ? chinese : english;
  const text = (key, values = {}) => fill(table[key] ?? english[key] ?? key, values);
  text.language = table.language;
  text.isChinese = table === chinese;
  return text;
}

/** English strings regardless of the page, for console messages developers read. */
export function englishText(key, values = {}) {
  return fill(english[key] ?? key, values);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The name of language `tag` in the UI language (Intl.DisplayNames), or the tag itself. */
export function languageName(tag, uiLanguageTag) {
  try {
    const names = new Intl.DisplayNames([uiLanguageTag, 'en'], { type: 'language' });
    return names.of(tag) || tag;
  } catch {
    return tag;
  }
}

/** The name of a version for people: "Chinese, original" / "简体中文·原文". */
export function versionName(version, text) {
  const role = text(`role.${version.role}`) === `role.${version.role}` ? text('role.unknown') : text(`role.${version.role}`);
  return text('version.label', { language: languageName(version.lang, text.language), role });
}

/** The reader page's permalink for clause `id`, under `reader` (a URL) or the default. */
export function permalink(id, reader) {
  // A reader of any scheme but http: and https: is never used, whoever passed it, so a
  // permalink can always become an href.
  const url = new URL((reader && webUrl(reader)) || DEFAULT_READER, document.baseURI);
  url.hash = id;
  return url.href;
}

/**
 * Puts `plain` and `html` on the clipboard (text/plain and text/html, so a word processor gets
 * the formatting and a plain text field the plain text). Falls back to writeText. Throws when
 * the browser refuses both.
 */
export async function writeClipboard(plain, html) {
  const clipboard = navigator.clipboard;
  if (!clipboard) throw new Error('the Clipboard API is not available on this page');
  if (typeof ClipboardItem === 'function' && typeof clipboard.write === 'function' && html) {
    try {
      await clipboard.write([
        new ClipboardItem({
          'text/plain': new Blob([plain], { type: 'text/plain' }),
          'text/html': new Blob([html], { type: 'text/html' }),
        }),
      ]);
      return;
    } catch {
      // Some browsers refuse text/html; plain text is still worth copying.
    }
  }
  await clipboard.writeText(plain);
}

/** The markup of a detached element built with `h` (so every data string is escaped). */
export function markupOf(element) {
  const holder = document.createElement('div');
  holder.append(element);
  return holder.innerHTML;
}

/** Dispatches `clause-cite:<name>` from `target`, bubbling out of shadow roots. */
export function emit(target, name, detail) {
  target.dispatchEvent(new CustomEvent(`clause-cite:${name}`, { detail, bubbles: true, composed: true }));
}

/** Adopts a constructed style sheet (shared by every instance) into a shadow root. */
export function adoptStyles(root, sheet) {
  root.adoptedStyleSheets = [sheet];
}

/** A CSSStyleSheet built once from `css`. */
export function styleSheet(css) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return sheet;
}
