// Builds the reader page www/index.html from www/reader.html: the texts of every document of the
// default corpus go into its <noscript>, as the core's document views give them, so a reader
// without JavaScript and a search engine get every version of every clause, each under its
// clause id (the permalinks work with no script). With JavaScript the <noscript> is inert and
// the reader renders the same views side by side.
//
//   node scripts/build-reader.mjs        (after scripts/build-package.mjs; part of scripts/build.mjs)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MARKER = '<!-- static-texts -->';

/** Text as HTML text or attribute value: corpus text is data, never markup. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.codePointAt(0)};`);
}

/** The static HTML of one document view (`corpus.document(id)`). */
export function documentHtml(view) {
  const versions = view.versions;
  const title = view.title[versions[0].lang] ?? Object.values(view.title)[0] ?? view.id;
  const lines = [`<article class="static-document" id="static-${escapeHtml(view.id)}" lang="${escapeHtml(versions[0].lang)}">`, `<h2>${escapeHtml(title)}</h2>`];
  lines.push(`<p class="static-versions">${versions.map((version) => `<span lang="${escapeHtml(version.lang)}">${escapeHtml(version.title)} (${escapeHtml(version.role)})</span>`).join(' · ')}</p>`);
  for (const clause of view.clauses) {
    const present = versions.filter((version) => typeof clause.texts[version.id] === 'string' && clause.texts[version.id].trim() !== '');
    if (!present.length) continue;
    if (clause.kind === 'heading') {
      const level = Math.min(3 + clause.depth, 6);
      const parts = present.map((version) => `<span lang="${escapeHtml(version.lang)}">${escapeHtml(clause.texts[version.id].replace(/\s*\n+\s*/g, ' '))}</span>`);
      lines.push(`<h${level} id="${escapeHtml(clause.id)}">${parts.join(' / ')}</h${level}>`);
    } else {
      const blocks = present.flatMap((version) =>
        clause.texts[version.id].split(/\n\s*\n/).map((block) => `<p lang="${escapeHtml(version.lang)}" data-version="${escapeHtml(version.id)}">${escapeHtml(block)}</p>`),
      );
      lines.push(`<div class="static-clause" id="${escapeHtml(clause.id)}">${blocks.join('')}</div>`);
    }
  }
  lines.push('</article>');
  return lines.join('\n');
}

export async function build() {
  const { open } = await import(pathToFileURL(`${root}pkg/node.js`).href);
  const corpus = await open();
  const template = readFileSync(`${root}www/reader.html`, 'utf8');
  if (!template.includes(MARKER)) throw new Error(`build-reader: www/reader.html has no ${MARKER} marker`);
  const texts = corpus.documents().map((summary) => documentHtml(corpus.document(summary.id))).join('\n');
  writeFileSync(`${root}www/index.html`, template.replace(MARKER, texts));
  console.log(`build-reader: www/index.html (${Buffer.byteLength(texts)} bytes of static texts for readers without JavaScript)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await build();
