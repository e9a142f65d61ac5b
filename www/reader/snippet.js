// The embed snippet: one model, two renderings that must agree — the HTML text a blogger pastes
// (every value escaped) and the live DOM of the preview (built with DOM APIs, never parsed from
// a string). The reader's tests paste the text into a blank page and compare it with the preview.

/** Escapes text for an HTML text node. */
export function escapeText(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted HTML attribute value. */
export function escapeAttribute(text) {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** Splits a quoted text into its paragraphs (a version may keep a blank line inside a clause). */
export function paragraphsOf(text) {
  return String(text)
    .split(/\n\s*\n/)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * The element's attributes in order: `ref`, the library and its document's file when the card
 * reads a library, then `versions`, `layout`, `sentence` and `theme` (unless `auto`, the
 * element's default) where set.
 * @param {{ref: string, library?: string|null, prefetch?: string|null, versions: string[], layout: string, sentence: number|null, theme?: string}} model
 */
export function widgetAttributes(model) {
  const attributes = [['ref', model.ref]];
  if (model.library) attributes.push(['library', model.library]);
  if (model.library && model.prefetch) attributes.push(['prefetch', model.prefetch]);
  if (model.versions && model.versions.length) attributes.push(['versions', model.versions.join(' ')]);
  if (model.layout) attributes.push(['layout', model.layout]);
  if (model.sentence) attributes.push(['sentence', String(model.sentence)]);
  if (model.theme && model.theme !== 'auto') attributes.push(['theme', model.theme]);
  return attributes;
}

/**
 * The script line that loads the widget: `model.script` is { src, integrity, crossorigin }
 * (integrity and crossorigin written when given); a plain `model.scriptUrl` is accepted too.
 */
export function scriptLine(model) {
  const script = model.script || { src: model.scriptUrl };
  let attributes = ` type="module" src="${escapeAttribute(script.src)}"`;
  if (script.integrity) attributes += ` integrity="${escapeAttribute(script.integrity)}"`;
  if (script.crossorigin) attributes += ` crossorigin="${escapeAttribute(script.crossorigin)}"`;
  return `<script${attributes}></script>`;
}

/**
 * The snippet text: the script line, then the card.
 * @param {{script: {src: string, integrity?: string, crossorigin?: string}, ref: string, versions: string[], layout: string,
 *   sentence: number|null, quotes: {version: string, lang: string, source: string|null,
 *   text: string}[], citation: string}} model
 */
export function snippetHtml(model) {
  return `${scriptLine(model)}\n${cardHtml(model)}`;
}

/** The `<clause-cite>` element with its fallback, without the script line. */
export function cardHtml(model) {
  const lines = [];
  const attributes = widgetAttributes(model)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  lines.push(`<clause-cite${attributes}>`);
  for (const quote of model.quotes) {
    // Each quote says which version it is, so a reader without the card knows what they read.
    if (quote.label) lines.push(`  <p><small>${escapeText(quote.label)}</small></p>`);
    const cite = quote.source ? ` cite="${escapeAttribute(quote.source)}"` : '';
    const paragraphs = paragraphsOf(quote.text);
    if (paragraphs.length === 1) {
      lines.push(`  <blockquote lang="${escapeAttribute(quote.lang)}"${cite}>${escapeText(paragraphs[0])}</blockquote>`);
    } else {
      lines.push(`  <blockquote lang="${escapeAttribute(quote.lang)}"${cite}>`);
      for (const paragraph of paragraphs) lines.push(`    <p>${escapeText(paragraph)}</p>`);
      lines.push('  </blockquote>');
    }
  }
  const link = model.permalink ? ` · <a href="${escapeAttribute(model.permalink)}">${escapeText(READ_IN_READER)}</a>` : '';
  lines.push(`  <p>— <cite>${escapeText(model.citation)}</cite>${link}</p>`);
  lines.push('</clause-cite>');
  return lines.join('\n');
}

/** The words of the fallback's link to the hosted reader. */
const READ_IN_READER = 'Read it in the reader';

/** The same snippet as live DOM: a `<clause-cite>` element holding its fallback. */
export function snippetElement(model, doc = document) {
  const widget = doc.createElement('clause-cite');
  for (const [name, value] of widgetAttributes(model)) widget.setAttribute(name, value);
  const text = (value) => doc.createTextNode(value);
  for (const quote of model.quotes) {
    widget.appendChild(text('\n  '));
    if (quote.label) {
      const label = doc.createElement('p');
      const small = doc.createElement('small');
      small.appendChild(text(quote.label));
      label.appendChild(small);
      widget.appendChild(label);
      widget.appendChild(text('\n  '));
    }
    const blockquote = doc.createElement('blockquote');
    blockquote.setAttribute('lang', quote.lang);
    if (quote.source) blockquote.setAttribute('cite', quote.source);
    const paragraphs = paragraphsOf(quote.text);
    if (paragraphs.length === 1) {
      blockquote.appendChild(text(paragraphs[0]));
    } else {
      for (const paragraph of paragraphs) {
        blockquote.appendChild(text('\n    '));
        const p = doc.createElement('p');
        p.appendChild(text(paragraph));
        blockquote.appendChild(p);
      }
      blockquote.appendChild(text('\n  '));
    }
    widget.appendChild(blockquote);
  }
  widget.appendChild(text('\n  '));
  const line = doc.createElement('p');
  line.appendChild(text('— '));
  const cite = doc.createElement('cite');
  cite.appendChild(text(model.citation));
  line.appendChild(cite);
  if (model.permalink) {
    line.appendChild(text(' · '));
    const link = doc.createElement('a');
    link.setAttribute('href', model.permalink);
    link.appendChild(text(READ_IN_READER));
    line.appendChild(link);
  }
  widget.appendChild(line);
  widget.appendChild(text('\n'));
  return widget;
}

/**
 * A text-fragment link (`#:~:text=start,end`) to `quote` on the page at `url`: the whole quote
 * when it is short, otherwise its first and last few words (or characters, for Chinese).
 */
export function textFragmentUrl(url, quote) {
  const text = String(quote).replace(/\s+/g, ' ').trim();
  if (!url || !text) return null;
  const encode = (part) => encodeURIComponent(part).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
  const cjk = /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
  let directive;
  if (cjk) {
    directive = text.length <= 24 ? encode(text) : `${encode(text.slice(0, 10))},${encode(text.slice(-10))}`;
  } else {
    const words = text.split(' ');
    directive = words.length <= 10 ? encode(text) : `${encode(words.slice(0, 5).join(' '))},${encode(words.slice(-5).join(' '))}`;
  }
  const base = String(url).split('#')[0];
  return `${base}#:~:text=${directive}`;
}
