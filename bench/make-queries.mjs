// Generates the two query sets that are drawn from the corpus text itself, with a fixed seed,
// so anyone can regenerate them and get the same files:
//   paraphrase.json  one sentence of the blog's unofficial translation per chosen clause, to be
//                    searched against only the Chinese original and the official translation;
//   spans.json       random 4–8-character spans of the Chinese text, kept only when the span
//                    occurs in exactly one clause.
// The expected clause of each query is the clause the text was taken from — never an engine's
// output. Usage: node bench/make-queries.mjs [export.json]  (default: runs `clause-cite export`).
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function exportCorpus(path) {
  if (path) return JSON.parse(readFileSync(path, 'utf8'));
  const run = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'clause-cite', '--', 'export'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`clause-cite export failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** mulberry32: a small, well-known seeded generator (deterministic across Node versions). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes a query set to bench/queries/ as JSON, one member per line. */
function writeQuerySet(file, set) {
  writeFileSync(`${root}bench/queries/${file}`, JSON.stringify(set, null, 1) + '\n');
}

function main() {
  const corpus = exportCorpus(process.argv[2]);
  const clauses = corpus.documents.flatMap((document) => document.clauses);

  // Paraphrase: policy-paper paragraphs that have both an official and a blog translation.
  const next = random(20251210);
  const paraphrase = [];
  const policy = corpus.documents.find((document) => document.id === 'policy-paper');
  const allBlogSentences = policy.clauses.flatMap((clause) => clause.sentences['en-blog'] ?? []);
  for (const clause of policy.clauses) {
    if (clause.kind !== 'paragraph' || !clause.texts.en || !clause.texts['en-blog']) continue;
    const candidates = (clause.sentences['en-blog'] ?? []).filter(
      (sentence) =>
        sentence.split(/\s+/).length >= 10 && allBlogSentences.filter((other) => other === sentence).length === 1,
    );
    if (!candidates.length) continue;
    const sentence = candidates[Math.floor(next() * candidates.length)];
    paraphrase.push({ query: sentence, expected: [clause.id] });
  }
  writeQuerySet('paraphrase.json', {
    name: 'paraphrase',
    description:
      'One sentence of the blog translation (en-blog) per policy-paper paragraph, searched in the Chinese original and the official translation only (versions zh, en).',
    versions: ['zh', 'en'],
    queries: paraphrase,
  });

  // Spans: random 4–8-character spans of the Chinese text of every clause.
  const nextSpan = random(42);
  const chinese = clauses.filter((clause) => clause.texts.zh).map((clause) => ({ id: clause.id, text: [...clause.texts.zh] }));
  const total = chinese.reduce((sum, clause) => sum + clause.text.length, 0);
  const spans = [];
  const seen = new Set();
  let attempts = 0;
  while (spans.length < 100 && attempts < 10000) {
    attempts += 1;
    // A clause chosen in proportion to its length, then a start and a length.
    let pick = Math.floor(nextSpan() * total);
    let clause = chinese[0];
    for (const candidate of chinese) {
      if (pick < candidate.text.length) {
        clause = candidate;
        break;
      }
      pick -= candidate.text.length;
    }
    const length = 4 + Math.floor(nextSpan() * 5);
    if (clause.text.length < length) continue;
    const start = Math.floor(nextSpan() * (clause.text.length - length + 1));
    const span = clause.text.slice(start, start + length).join('');
    if (/\s/.test(span) || seen.has(span)) continue;
    const holders = chinese.filter((other) => other.text.join('').includes(span));
    if (holders.length !== 1) continue;
    seen.add(span);
    spans.push({ query: span, expected: [clause.id] });
  }
  writeQuerySet('spans.json', {
    name: 'zh-spans',
    description:
      'Random 4–8-character spans of the Chinese text (seed 42, clause chosen in proportion to its length), kept only when the span occurs in exactly one clause.',
    queries: spans,
  });
  console.log(`paraphrase: ${paraphrase.length} queries; spans: ${spans.length} queries`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
