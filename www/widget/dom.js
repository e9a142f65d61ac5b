// The one DOM builder and the one highlighter of the widget and the reader (the reader imports
// them from the widget bundle), and the memo for reads of the page's layout and style. Every
// string reaches the page as a text node: nothing here ever turns data into HTML.

/**
 * Creates an element. `attributes` maps names to values: null, undefined and false are
 * skipped, true sets an empty attribute, a function under an `on…` name is an event listener and
 * `dataset` is an object of data attributes. Children may be strings and numbers (text nodes),
 * nodes, or nested arrays of them; null, undefined and false are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  return append(element, children);
}

/** Appends strings and numbers (as text nodes), nodes and nested arrays of them to `parent`. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return parent;
}

/**
 * The nodes of a core snippet (`{ text, highlights }`, ranges as [start, end) in UTF-16 code
 * units, which are JavaScript string indices): text nodes, and a `<mark>` with `markAttributes`
 * for each range. A range that is out of bounds, empty or overlaps the one before is left out,
 * never guessed at.
 */
export function highlighted(snippet, markAttributes = {}) {
  const text = String(snippet?.text ?? '');
  const nodes = [];
  let at = 0;
  const ranges = Array.isArray(snippet?.highlights) ? [...snippet.highlights].sort((a, b) => a[0] - b[0]) : [];
  for (const [start, end] of ranges) {
    if (!(Number.isInteger(start) && Number.isInteger(end)) || start < at || end <= start || end > text.length) continue;
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    nodes.push(h('mark', markAttributes, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

/**
 * `read()`, computed at most once per task: the first call reads, the value is forgotten when the
 * task ends (a zero timeout) or on `forget()`. For reads of layout and computed style, which
 * after a DOM change make the browser lay out or restyle the page: 200 cards upgrading in one
 * task share one read instead of forcing 200.
 */
export function oncePerTask(read) {
  let known = false;
  let value;
  const forget = () => {
    known = false;
    value = undefined;
  };
  const get = () => {
    if (!known) {
      value = read();
      known = true;
      setTimeout(forget, 0);
    }
    return value;
  };
  get.forget = forget;
  return get;
}
