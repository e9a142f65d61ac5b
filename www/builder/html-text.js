// HTML pasted from a web page, reduced to the plain text the compiler reads: one paragraph per
// block (headings, paragraphs, list items, table rows, preformatted lines), separated by blank
// lines, so the document's structure (its numbered headings and paragraphs) is kept and the
// page's markup is not. The HTML is parsed with DOMParser, which runs no script and loads
// nothing; only text nodes are read.

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TFOOT', 'TR', 'UL', 'CAPTION',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'BUTTON', 'SELECT', 'TEXTAREA']);

/** White space as HTML renders it outside <pre>: runs of spaces, tabs and line breaks as one space. */
function collapse(text) {
  return text.replace(/[ \t\n\r\f]+/g, ' ');
}

/**
 * The text of an HTML fragment as paragraphs separated by blank lines. An ordered list's items
 * get their numbers ("1. ", from the list's `start`), which the page showed but the text lacks.
 */
export function htmlToText(html) {
  const parsed = new DOMParser().parseFromString(String(html), 'text/html');
  const paragraphs = [];
  let line = '';
  const finish = () => {
    const trimmed = line.replace(/^[ \t]+|[ \t]+$/g, '');
    if (trimmed) paragraphs.push(trimmed);
    line = '';
  };
  const walk = (node, preformatted) => {
    if (node.nodeType === Node.TEXT_NODE) {
      line += preformatted ? node.data : collapse(node.data);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name) || node.hidden) return;
    if (name === 'BR') {
      finish();
      return;
    }
    const block = BLOCKS.has(name);
    if (block) finish();
    if (name === 'LI' && node.parentElement?.nodeName === 'OL') {
      const list = node.parentElement;
      const items = [...list.children].filter((child) => child.nodeName === 'LI');
      const start = Number.parseInt(list.getAttribute('start') ?? '1', 10);
      const value = Number.parseInt(node.getAttribute('value') ?? '', 10);
      line += `${Number.isFinite(value) ? value : (Number.isFinite(start) ? start : 1) + items.indexOf(node)}. `;
    }
    if (name === 'PRE') {
      for (const part of node.textContent.split(/\r?\n/)) {
        line = part;
        finish();
      }
      return;
    }
    const cells = name === 'TR';
    let first = true;
    for (const child of node.childNodes) {
      if (cells && (child.nodeName === 'TD' || child.nodeName === 'TH')) {
        // A table row is one paragraph, its cells separated by two spaces.
        if (!first) line += '  ';
        first = false;
        for (const grandchild of child.childNodes) walk(grandchild, preformatted);
        continue;
      }
      walk(child, preformatted);
    }
    if (block) finish();
  };
  walk(parsed.body, false);
  finish();
  return paragraphs.join('\n\n') + (paragraphs.length ? '\n' : '');
}
