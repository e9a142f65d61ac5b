// Renders a document as aligned rows — one row per clause, one cell per chosen version, in the
// chosen order — with headings and numbering exactly as each version writes them, the sentence
// spans that `#<id>__sent_N` permalinks highlight, and the divergences between versions shown
// where they occur. Also builds the table of contents from the headings.
import { h } from './api.js';

/** Heading elements by depth in the document: the document title is h2 inside each article. */
const HEADING_TAGS = ['h3', 'h4', 'h5', 'h6'];

/** What each divergence kind is called in the one-line note. */
export const DIVERGENCE_NAMES = {
  'run-in-heading': 'Heading run into the text',
  'missing-heading': 'Missing heading',
  'missing-paragraph': 'Missing paragraph',
  'extra-paragraph': 'Paragraph only in this version',
  merged: 'Merged paragraphs',
  split: 'Split paragraph',
  relabelled: 'Different numbering',
};

/** The role of a version in plain words. */
export const ROLE_NAMES = {
  original: 'original',
  'official-translation': 'official translation',
  'unofficial-translation': 'unofficial translation',
};

function paragraphCell(clause, version) {
  const text = clause.texts[version.id];
  const paragraph = h('p', { class: 'text' });
  let cursor = 0;
  // The core gives each sentence's place in the text (UTF-16 offsets), so the paragraph keeps
  // the text exactly, spaces and line breaks included, and each sentence gets its own span.
  (clause.sentence_ranges?.[version.id] ?? []).forEach(([start, end], index) => {
    if (start < cursor || end > text.length || end <= start) return;
    if (start > cursor) paragraph.append(text.slice(cursor, start));
    paragraph.append(h('span', { class: 'sentence', 'data-sentence': index + 1 }, text.slice(start, end)));
    cursor = end;
  });
  if (cursor < text.length) paragraph.append(text.slice(cursor));
  return paragraph;
}

function headingCell(clause, version) {
  const tag = HEADING_TAGS[Math.min(clause.depth ?? 0, HEADING_TAGS.length - 1)];
  // The heading is the version's own text, exactly as written (its label included, spaced or
  // not as that version spaces it); only the label is wrapped so it can be styled.
  const text = clause.texts[version.id].replace(/\n\s*\n/g, '\n');
  const label = clause.label[version.id];
  if (label && text.startsWith(label)) {
    return h(tag, { class: 'heading' }, h('span', { class: 'label' }, label), text.slice(label.length));
  }
  return h(tag, { class: 'heading' }, text);
}

/** A heading's text on one line, as the version writes it (for the table of contents). */
export function headingLine(clause, version) {
  return (clause.texts[version] || '').replace(/\s+/g, ' ').trim();
}

function divergenceNote(divergence) {
  return h(
    'p',
    { class: 'divergence', 'data-kind': divergence.kind },
    h('strong', {}, `${DIVERGENCE_NAMES[divergence.kind] || divergence.kind}: `),
    divergence.note,
  );
}

/**
 * One clause row. `versions` are the version objects to show, in order; `allVersions` lets a
 * missing version be named. Returns the row element.
 */
function clauseRow(clause, versions) {
  const isHeading = clause.kind === 'heading';
  const row = h('div', {
    class: `clause kind-${clause.kind} level-${clause.level ?? 'none'} depth-${clause.depth ?? 0}`,
    id: clause.id,
    'data-clause': clause.id,
    role: 'group',
    'aria-label': clause.cite,
  });
  const gutter = h(
    'div',
    { class: 'gutter' },
    h('a', { class: 'permalink', href: `#${clause.id}`, title: `Permalink to ${clause.cite}`, 'aria-label': `Permalink to ${clause.cite}` }, isHeading ? '§' : '¶'),
    h('button', { type: 'button', class: 'cite-button', 'data-cite': clause.id, 'aria-label': `Cite ${clause.cite}`, title: 'Cite this (Shift+click another paragraph to cite a range)' }, 'Cite'),
  );
  row.append(gutter);
  for (const version of versions) {
    const cell = h('div', { class: 'cell', 'data-version': version.id, lang: version.lang });
    if (clause.texts[version.id] === undefined) {
      cell.classList.add('absent');
      cell.append(h('p', { class: 'absent-note', lang: 'en' }, `Not in the ${ROLE_NAMES[version.role] || version.id}.`));
    } else if (isHeading) {
      cell.append(headingCell(clause, version));
    } else if (clause.kind === 'front-matter' || clause.kind === 'meta') {
      cell.append(h('p', { class: 'meta' }, clause.texts[version.id]));
    } else {
      cell.append(paragraphCell(clause, version));
    }
    for (const divergence of clause.divergences || []) {
      if (divergence.version === version.id) cell.append(divergenceNote(divergence));
    }
    row.append(cell);
  }
  return row;
}

/**
 * Renders one document into an `<article>`: a header row naming each column's version (role,
 * publisher, date), then every clause. `versionIds` are the columns, in order, already filtered
 * to the versions this document has.
 */
export function renderDocument(documentView, versionIds) {
  const versions = versionIds.map((id) => documentView.versions.find((version) => version.id === id)).filter(Boolean);
  const titleId = `doc-${documentView.id}-title`;
  const article = h('article', {
    class: 'document',
    id: `doc-${documentView.id}`,
    'data-document': documentView.id,
    'aria-labelledby': titleId,
    style: `--columns: ${versions.length}`,
  });
  const titles = documentView.title || {};
  article.append(
    h(
      'h2',
      { id: titleId, class: 'document-title' },
      h('span', { lang: 'en' }, titles.en || documentView.id),
      titles['zh-Hans'] ? h('span', { class: 'document-title-zh', lang: 'zh-Hans' }, titles['zh-Hans']) : null,
    ),
  );
  const header = h('div', { class: 'clause column-header', 'aria-hidden': 'false' }, h('div', { class: 'gutter' }));
  for (const version of versions) {
    header.append(
      h(
        'div',
        { class: 'cell', 'data-version': version.id },
        h('span', { class: 'version-name', lang: version.lang }, version.title),
        h('span', { class: 'version-meta' }, `${ROLE_NAMES[version.role] || version.role} · `, publisherOf(version), version.date ? ` · ${version.date}` : ''),
      ),
    );
  }
  article.append(header);
  // The front matter (the header each version was published under, such as a news site's
  // "CHINA / POLITICS … Published: …") is the source's, not the document's first clause: it is
  // kept whole, with its id and permalink, in a folded "About this source" area.
  const frontMatter = documentView.clauses.filter((clause) => clause.kind === 'front-matter');
  if (frontMatter.length) {
    article.append(
      h(
        'details',
        { class: 'about-source' },
        h('summary', {}, 'About this source ', h('span', { class: 'hint' }, '(the header each version was published under)')),
        ...frontMatter.map((clause) => clauseRow(clause, versions)),
      ),
    );
  }
  for (const clause of documentView.clauses) if (clause.kind !== 'front-matter') article.append(clauseRow(clause, versions));
  return article;
}

/**
 * The table of contents: for each document, its parts, programs and sections (as the official
 * English translation, or the first version that has it, writes them), nested as in the text.
 */
export function renderContents(documents, preferredVersion) {
  const root = h('ol', { class: 'toc' });
  for (const documentView of documents) {
    const titles = documentView.title || {};
    // The document's title in the language of the first column, where the corpus has it.
    const language = documentView.versions.find((version) => version.id === preferredVersion)?.lang || 'en';
    const titleLanguage = Object.keys(titles).find((tag) => tag.split('-')[0] === language.split('-')[0]) || (titles.en ? 'en' : Object.keys(titles)[0]);
    const item = h('li', { class: 'toc-document' }, h('a', { href: `#doc-${documentView.id}`, 'data-target': `doc-${documentView.id}`, lang: titleLanguage }, titles[titleLanguage] || documentView.id));
    // The headings that open a unit with something in it (a document's title opens nothing and
    // is not listed); those with headings under them get a nested list.
    const headings = documentView.clauses.filter((clause) => clause.kind === 'heading' && clause.children.length > 0);
    const headingIds = new Set(headings.map((clause) => clause.id));
    if (headings.length) {
      const lists = new Map();
      const top = h('ol');
      for (const clause of headings) {
        const version = [preferredVersion, 'en', ...Object.keys(clause.texts)].find((id) => clause.texts[id] !== undefined);
        const link = h('a', { href: `#${clause.id}`, 'data-target': clause.id, lang: documentView.versions.find((item) => item.id === version)?.lang }, headingLine(clause, version));
        const entry = h('li', { class: `toc-${clause.level ?? 'heading'} toc-depth-${clause.depth ?? 0}` }, link);
        const parentList = (clause.parent && lists.get(clause.parent)) || top;
        parentList.append(entry);
        if (clause.children.some((child) => headingIds.has(child))) {
          const children = h('ol');
          entry.append(children);
          lists.set(clause.id, children);
        }
      }
      for (const list of lists.values()) if (!list.children.length) list.remove();
      item.append(top);
    }
    root.append(item);
  }
  return root;
}

/** A version's publisher, in English where the corpus gives it in English (it gives a map of language to text). */
function publisherOf(version) {
  const entries = Object.entries(version.publisher ?? {});
  const [tag, text] = entries.find(([language]) => language.startsWith('en')) ?? entries[0] ?? ['en', ''];
  return h('span', { lang: tag }, text);
}
