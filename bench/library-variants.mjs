// The documents of the benchmark library: the six real documents of this repository (the default
// corpus's policy paper, commentary and blog introduction, and the three test documents), each as
// a corpus directory of its own, and generated variants of them that differ in their text.
//
// A variant copies a real document's directory and rewrites its words consistently, in the
// sources and in the manifest's titles and names alike: about a third of the longer Latin-script
// words are replaced by other words of the same texts, and about a fifth of the Chinese
// characters by other characters of the same texts (each replacement fixed per variant, so a
// heading noun stays shared). Numbers, structure words (Part, Article, 第…条, 前言…) and
// all-capital words are kept, so every variant has its original's structure, alignment and line
// numbers, and compiles. Ids get the variant's number.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real documents, each a corpus directory of one document: [name, directory, manifest file or null]. */
export const REAL = [
  ['policy-paper', 'corpus/lac-2025', 'policy-paper.json'],
  ['commentary', 'corpus/lac-2025', 'commentary.json'],
  ['blog-intro', 'corpus/lac-2025', 'blog-intro.json'],
  ['urban-renewal-law', 'tests/fixtures/documents/law', null],
  ['wetland-white-paper', 'tests/fixtures/documents/white-paper', null],
  ['pacific-islands-policy-paper', 'tests/fixtures/documents/messy-translation', null],
];

const PROTECTED_WORDS = new Set(
  `part parts chapter chapters section sections article articles program programs programme programmes project projects
  initiative initiatives preface foreword conclusion conclusions introduction paragraph paragraphs item items book books
  annex appendix note notes title one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
  sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred first second third fourth fifth sixth seventh eighth
  ninth tenth china chinese people republic posted comments comment january february march april june july august
  september october november december`.split(/\s+/).filter(Boolean),
);
const PROTECTED_CHARACTERS = new Set([...'零〇一二三四五六七八九十百千万两第部分章节条款项目编前言序结束语工程年月日号中华人民共和国']);

/** A small seeded random generator (mulberry32). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable number for a string, for replacement decisions that do not depend on order. */
function hash(text, seed) {
  let value = 2166136261 ^ seed;
  for (const character of text) {
    value ^= character.codePointAt(0);
    value = Math.imul(value, 16777619);
  }
  return (value >>> 0) / 4294967296;
}

const isCjk = (character) => /\p{Script=Han}/u.test(character);

/**
 * The rewriting of one variant: built from the words and characters of all the real texts.
 * `rewrite.force(text)` makes sure `text` changes (a document's names must differ from its
 * original's): it replaces, everywhere, the first word or character of `text` that the rewriting
 * would have kept.
 */
function rewriter(pools, seed) {
  const next = random(seed);
  const words = new Map();
  const characters = new Map();
  const replaceable = (original) => original.length >= 4 && !PROTECTED_WORDS.has(original.toLowerCase()) && original !== original.toUpperCase();
  const word = (original) => {
    const lower = original.toLowerCase();
    if (!replaceable(original)) return original;
    if (!words.has(lower)) {
      words.set(lower, hash(lower, seed) < 0.33 ? pools.words[Math.floor(next() * pools.words.length)] : lower);
    }
    const replaced = words.get(lower);
    return original[0] === original[0].toUpperCase() ? replaced[0].toUpperCase() + replaced.slice(1) : replaced;
  };
  const character = (original) => {
    if (PROTECTED_CHARACTERS.has(original)) return original;
    if (!characters.has(original)) {
      characters.set(original, hash(original, seed) < 0.2 ? pools.characters[Math.floor(next() * pools.characters.length)] : original);
    }
    return characters.get(original);
  };
  const rewrite = (text) => text.replace(/[A-Za-z]+/g, word).replace(/\p{Script=Han}/gu, character);
  rewrite.force = (text) => {
    if (rewrite(text) !== text) return;
    const kept = (text.match(/[A-Za-z]+/g) ?? []).find(replaceable);
    if (kept) {
      words.set(kept.toLowerCase(), pools.words.find((other) => other !== kept.toLowerCase() && other.length >= kept.length) ?? 'variant');
      return;
    }
    const character = [...text].find((found) => isCjk(found) && !PROTECTED_CHARACTERS.has(found));
    if (character) characters.set(character, pools.characters.find((other) => other !== character));
  };
  return rewrite;
}

/** The words and characters of the real sources, to draw replacements from. */
function pools(root) {
  const words = new Set();
  const characters = new Set();
  for (const [, directory] of REAL) {
    for (const name of readdirSync(join(root, directory, 'sources'))) {
      const text = readFileSync(join(root, directory, 'sources', name), 'utf8');
      for (const found of text.match(/[a-z]{4,}/g) ?? []) if (!PROTECTED_WORDS.has(found)) words.add(found);
      for (const found of text) if (isCjk(found) && !PROTECTED_CHARACTERS.has(found)) characters.add(found);
    }
  }
  return { words: [...words].sort(), characters: [...characters].sort() };
}

/** Rewrites the strings of a manifest that name or title the document (not ids, files or dates). */
function rewriteManifest(value, rewrite, key = '') {
  if (typeof value === 'string') {
    return ['title', 'short_title', 'aliases', 'publisher', 'source'].includes(key) ? rewrite(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => rewriteManifest(item, rewrite, key === 'aliases' ? 'aliases' : key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, rewriteManifest(inner, rewrite, ['short_title', 'publisher', 'source'].includes(key) ? key : name)]));
  }
  return value;
}

/**
 * Writes the corpus directory of one document into `target`: a real one (`number` 0) or variant
 * `number` of the real document `base`, rewritten with the seed of `attempt` (a rewriting can make
 * the texts fail the compiler's translation check; the caller then tries the next attempt).
 * Returns the document's id.
 */
export function writeDocument(root, target, base, number, sharedPools = pools(root), attempt = 0) {
  const [name, directory, manifestFile] = REAL.find(([real]) => real === base);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(join(root, directory), target, { recursive: true });
  const corpus = JSON.parse(readFileSync(join(target, 'corpus.json'), 'utf8'));
  if (manifestFile) corpus.documents = [manifestFile];
  const rewrite = number === 0 ? (text) => text : rewriter(sharedPools, number * 7919 + name.length + attempt * 104729);
  let id = name;
  for (const file of corpus.documents) {
    let manifest = JSON.parse(readFileSync(join(target, file), 'utf8'));
    if (number > 0) {
      for (const name of [...Object.values(manifest.short_title ?? {}), ...(manifest.aliases ?? []), ...manifest.versions.map((version) => version.title)]) rewrite.force(name);
      manifest = rewriteManifest(manifest, rewrite);
      manifest.id = `${manifest.id}-v${number}`;
      if (manifest.id_prefix) manifest.id_prefix = `${manifest.id_prefix}-v${number}`;
      delete manifest.former_ids;
    }
    id = manifest.id;
    writeFileSync(join(target, file), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  if (number > 0) {
    corpus.id = `${corpus.id}-v${number}`;
    for (const source of Object.values(corpus.sources)) {
      const path = join(target, source.file);
      writeFileSync(path, rewrite(readFileSync(path, 'utf8')));
    }
  }
  writeFileSync(join(target, 'corpus.json'), `${JSON.stringify(corpus, null, 2)}\n`);
  return id;
}

/** The base of each of `count` documents: the six real ones, then variants of each in turn. */
export function plan(count) {
  const documents = [];
  for (let index = 0; index < count; index += 1) {
    const base = REAL[index % REAL.length][0];
    documents.push({ base, number: Math.floor(index / REAL.length) });
  }
  return documents;
}

export { pools };
export const exists = existsSync;
