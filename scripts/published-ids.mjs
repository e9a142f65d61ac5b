// Writes tests/data/published-ids.tsv: the clause ids published so far (every clause of the
// default corpus, plus sentence ids as permalinks use them) with a fingerprint of the text each
// one names, so a test can check in every later version that each id still resolves to the same
// text (docs/stability.md). Rows are only ever added: run `node scripts/published-ids.mjs` after
// a release that adds clauses, and it appends the ids the file does not have yet; it never
// changes or drops a row. Reads the corpus through the built npm package (pkg/).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PUBLISHED_IDS = `${root}tests/data/published-ids.tsv`;
const HEADER = '# id\tversion\tsha256 of the text (first 16 hex digits)\tthe text begins';

/** The version whose text fingerprints a clause: the Chinese original where there is one, else the first. */
export function fingerprintVersion(view) {
  const versions = Object.keys(view.texts);
  return versions.includes('zh') ? 'zh' : versions[0];
}

/** The text an id names: the clause's text, or for a sentence id that sentence (counted in `version`). */
export function namedText(view, version) {
  const sentences = view.citation?.sentences;
  if (Array.isArray(sentences) && sentences[0] === sentences[1]) return view.sentences[version][sentences[0] - 1];
  return view.texts[version];
}

/**
 * The fingerprint of a clause's text: sha256 of the text without the white space at its ends
 * (which belongs between clauses, not to them: a later compiler may leave a leading no-break
 * space out of the clause without changing what it says).
 */
export function fingerprint(text) {
  return createHash('sha256').update(text.trim(), 'utf8').digest('hex').slice(0, 16);
}

/** Reads the file's rows: { id, version, fingerprint, begins }. */
export function readPublishedIds(path = PUBLISHED_IDS) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [id, version, hash, begins] = line.split('\t');
      return { id, version, fingerprint: hash, begins };
    });
}

/** Sentence permalinks kept as examples: the first, second and last sentence of each paragraph in `SENTENCE_EXAMPLES`. */
const SENTENCE_EXAMPLES = /^(preface__para_\d+|pt_3__prog_2__sec_9__para_3|pt_3__prog_2__sec_10__para_2|cmt__para_3|intro__para_2)$/;

function sentenceIds(clause) {
  if (clause.kind !== 'paragraph' || !SENTENCE_EXAMPLES.test(clause.id)) return [];
  const count = (clause.sentences.zh ?? Object.values(clause.sentences)[0] ?? []).length;
  return [...new Set([1, 2, count])].filter((number) => number >= 1 && number <= count && count >= 2).map((number) => `${clause.id}__sent_${number}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { open } = await import(pathToFileURL(`${root}pkg/node.js`).href);
  const corpus = await open();
  const existing = existsSync(PUBLISHED_IDS) ? readPublishedIds() : [];
  const known = new Set(existing.map((row) => row.id));
  const lines = existsSync(PUBLISHED_IDS) ? readFileSync(PUBLISHED_IDS, 'utf8').trimEnd().split('\n') : [HEADER];
  let added = 0;
  for (const summary of corpus.documents()) {
    for (const clause of corpus.document(summary.id).clauses) {
      const ids = [clause.id, ...sentenceIds(clause)];
      for (const id of ids) {
        if (known.has(id)) continue;
        const view = corpus.lookup(id);
        const version = fingerprintVersion(view);
        const text = namedText(view, version);
        lines.push([id, version, fingerprint(text), text.replace(/\s+/g, ' ').trim().slice(0, 24)].join('\t'));
        known.add(id);
        added += 1;
      }
    }
  }
  writeFileSync(PUBLISHED_IDS, `${lines.join('\n')}\n`);
  console.log(`published-ids: ${added} ids added, ${known.size} in ${PUBLISHED_IDS}`);
}
