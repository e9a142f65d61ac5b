// Small DOM helpers for the reader. Every piece of corpus text, query or user input reaches the
// page through these helpers as text nodes (textContent), never as HTML.

/**
 * Creates an element. `attributes` maps attribute names to values (skipped when null, undefined
 * or false; `true` sets an empty attribute); keys starting with `on` add event listeners.
 * Children may be strings (added as text nodes), nodes, or nested arrays; null is skipped.
 */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends strings (as text nodes), nodes and nested arrays of them to `parent`. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string' || typeof child === 'number') {
      parent.appendChild(document.createTextNode(String(child)));
    } else parent.appendChild(child);
  }
  return parent;
}

/** Removes every child of `node`, then appends `children`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/**
 * Builds text with highlighted ranges: `ranges` are [start, end) offsets in UTF-16 code units
 * into `text` (JavaScript string indices are UTF-16 code units, so slicing is exact). Ranges are
 * clamped, sorted and merged; invalid ones are skipped. Returns a DocumentFragment of text nodes
 * and `<mark>` elements.
 */
export function highlighted(text, ranges) {
  const fragment = document.createDocumentFragment();
  const clean = (ranges || [])
    .map(([start, end]) => [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))])
    .filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end) && end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cursor = 0;
  for (const [start, end] of clean) {
    const from = Math.max(start, cursor);
    if (end <= from) continue;
    if (from > cursor) fragment.appendChild(document.createTextNode(text.slice(cursor, from)));
    fragment.appendChild(element('mark', {}, text.slice(from, end)));
    cursor = end;
  }
  if (cursor < text.length) fragment.appendChild(document.createTextNode(text.slice(cursor)));
  return fragment;
}

/** Calls `callback` at most once per `wait` milliseconds after the last call. */
export function debounce(callback, wait) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => callback(...args), wait);
  };
}

/** Copies `text` to the clipboard; falls back to a hidden textarea where the API is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = element('textarea', { 'aria-hidden': 'true', style: 'position:fixed;opacity:0;top:0;left:0' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand('copy');
    } catch {
      done = false;
    }
    area.remove();
    return done;
  }
}
