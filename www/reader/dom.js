// The reader's own DOM helpers. Elements and highlighted snippets are built by the widget's
// builder (`h`, `highlighted`, from the widget bundle through api.js), so that the reader and the
// widget put text on the page one way: every piece of corpus text, query or user input as text
// nodes, never as HTML.
import { append, h } from './api.js';

/** Removes every child of `node`, then appends `children` (strings, nodes, nested arrays). */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
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
    const area = h('textarea', { 'aria-hidden': 'true', style: 'position:fixed;opacity:0;top:0;left:0' });
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
