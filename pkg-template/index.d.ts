// Types for the clause-cite npm package. Maps keyed by version id (`zh`, `en`, `en-blog`) are
// plain objects; absent values are `null`.

/** A version id such as `zh`, `en` or `en-blog`. */
export type VersionId = string;

export interface VersionInfo {
  id: VersionId;
  /** BCP 47 language tag, e.g. `zh-Hans`, `en`. */
  lang: string;
  role: 'original' | 'official-translation' | 'unofficial-translation';
  title: string;
  /** The publisher, by language tag (`en`, `zh`). */
  publisher: Record<string, string>;
  /** Where the text was taken from, by language tag. */
  source: Record<string, string>;
  date: string;
  url: string | null;
}

export interface Divergence {
  kind: 'run-in-heading' | 'missing-heading' | 'merged' | 'split' | 'relabelled' | 'missing-paragraph' | 'extra-paragraph';
  /** The translation that departs from the original here. */
  version: VersionId;
  /** The ids of the clauses involved. */
  clauses: string[];
  /** From 0 to 100: how sure the aligner is. */
  confidence: number;
  /** What differs, in English and in Chinese. */
  note: string;
  note_zh: string;
}

/** How one version writes one level's labels. */
export interface LevelName {
  /** The level's noun (`Part`, `工程`), or null where the labels are numbers alone. */
  noun: string | null;
  form: 'ordinal' | 'noun-first' | 'enumeration' | 'bracketed' | 'dotted' | 'named';
  style: 'arabic' | 'roman' | 'chinese' | 'word' | 'letter';
}

/** One level of a document's hierarchy, as its texts show it. */
export interface Level {
  /** The id segment: `pt`, `prog`, `sec`, `art`. */
  segment: string;
  names: Record<VersionId, LevelName>;
  by_title: boolean;
  continuous: boolean;
}

export interface ClauseView {
  /** The stable id, e.g. `pt_3__prog_2__sec_9__para_3`. */
  id: string;
  /** The id of the document the clause belongs to. */
  document: string;
  kind: 'front-matter' | 'heading' | 'paragraph' | 'item' | 'meta';
  /** The level's id segment (`pt`, `prog`, `sec`, `art`) for headings and items, else null. */
  level: string | null;
  /** How many clauses are above it: 0 for the top level. */
  depth: number;
  number: number;
  parent: string | null;
  children: string[];
  /** The short citation in English (official numbering), e.g. `Development Program (9) ¶3`. */
  cite: string;
  /** The short citation in Chinese (the original's numbering). */
  cite_zh: string;
  /** The clause's place in each version's own numbering and words. */
  name: Record<VersionId, string>;
  label: Record<VersionId, string>;
  title: Record<VersionId, string>;
  texts: Record<VersionId, string>;
  sentences: Record<VersionId, string[]>;
  /** Where each sentence is in `texts`, as `[start, end)` UTF-16 offsets. */
  sentence_ranges: Record<VersionId, [number, number][]>;
  /**
   * For each translation, which of its sentences say what which sentences of the original say:
   * `[originalFrom, originalTo, translationFrom, translationTo]`, 0-based and half-open.
   */
  sentence_groups: Record<VersionId, [number, number, number, number][]>;
  divergences: Divergence[];
}

/** What the citation selected inside the clause. */
export interface CitationSelection {
  /** A 1-based, inclusive sentence range, when the citation named sentences. */
  sentences: [number, number] | null;
  /** The id of the last clause, when the citation named a range of clauses. */
  end: string | null;
  /** The version whose numbering or language the citation was written in (null for an id). */
  version: VersionId | null;
}

export interface LookupResult extends ClauseView {
  citation: CitationSelection;
}

export interface DocumentSummary {
  id: string;
  /** The document's title keyed by language tag. */
  title: Record<string, string>;
  /** Its short title keyed by language tag. */
  short_title: Record<string, string>;
  versions: VersionInfo[];
  levels: Level[];
  /** Every clause in reading order (empty in `documents()`). */
  clauses: ClauseView[];
  /** Every divergence (empty in `documents()`). */
  divergences: Divergence[];
}

export interface DocumentView extends DocumentSummary {
  /** Present on a page (`document(id, { first, limit })`): where it starts, how many clauses the document has, and where the next page starts (null on the last). */
  page?: { first: number; clause_count: number; next: number | null };
}

export type CitationStyle =
  | 'chicago'
  | 'chicago-bib'
  | 'apa'
  | 'mla'
  | 'gbt7714'
  | 'bibtex'
  | 'ris'
  | 'csl-json'
  | 'short'
  | 'short-zh'
  | 'permalink'
  | 'selector';

export interface CiteOptions {
  /** Default `chicago`. */
  style?: CitationStyle;
  /** The version to quote (`zh`, `en`, `en-blog`); default: the style's own. */
  version?: VersionId;
}

export interface FoundCitation {
  /** Start and end of the citation in the text, in UTF-16 code units (for `text.slice`). */
  start: number;
  end: number;
  /** The citation as written. */
  text: string;
  /** The id of the (first) clause cited. */
  id: string;
  /** The id of the last clause of a range, else null. */
  end_id: string | null;
  /** The canonical reference of what was cited (for `lookup` and links). */
  reference: string;
  /** The short English citation of that clause. */
  cite: string;
}

export interface SearchOptions {
  /** 1 to 1000; default 10. */
  limit?: number;
  /** Only these versions (`zh`, `en`, `en-blog`); all when absent. */
  versions?: VersionId[];
  /** Only these documents (`policy-paper`, `commentary`, `blog-intro`); all when absent. */
  documents?: string[];
  /** Only inside this clause and everything under it (an id or a citation). */
  within?: string;
}

export interface Snippet {
  /** An excerpt, verbatim from the version's clause text. */
  text: string;
  /** `[start, end)` ranges of matched text in `text`, in UTF-16 code units. */
  highlights: [number, number][];
  /** Where `text` starts and ends in the whole clause text, in UTF-16 code units. */
  start: number;
  end: number;
  /** The language of `text`. */
  lang: string;
}

export interface Hit {
  /** The clause id. */
  id: string;
  /** The document the clause is in. */
  document: string;
  /** Whether quotation marks in the query were ignored (too many phrases to require). */
  quotes_ignored: boolean;
  score: number;
  /** The short English citation. */
  cite: string;
  /** The short Chinese citation (the original's numbering). */
  cite_zh: string;
  /** The versions whose text matched. */
  matched: VersionId[];
  /** An excerpt with highlights for each matched version. */
  snippets: Record<VersionId, Snippet>;
}

export type ErrorCode =
  | 'empty-citation'
  | 'unknown-citation'
  | 'ambiguous-citation'
  | 'out-of-range'
  | 'malformed-citation'
  | 'inconsistent-citation'
  | 'incomplete-citation'
  | 'invalid-range'
  | 'too-long'
  | 'unknown-style'
  | 'unknown-version'
  | 'no-text'
  | 'query-too-long'
  | 'bad-limit'
  | 'unknown-within'
  | 'unknown-document'
  | 'invalid-argument'
  | 'not-a-corpus'
  | 'unsupported-format'
  | 'truncated-corpus'
  | 'malformed-corpus'
  | 'checksum-mismatch'
  | 'corpus-unavailable'
  | 'wasm-unavailable'
  | 'index-mismatch'
  | 'invalid-manifest'
  | 'invalid-source'
  | 'empty-source'
  | 'not-utf8'
  | 'restarted-number'
  | 'source-too-large'
  | 'not-a-translation'
  | 'invalid-alignment'
  | 'duplicate-id'
  | 'library-file'
  | 'shard-unavailable'
  | 'not-loaded'
  | 'corpus-too-large'
  | 'unsafe-url'
  | 'quote-not-found'
  | 'load-timeout'
  | 'internal-error'
  | (string & {});

/** Options of `card`, as a `<clause-cite>` element's attributes are written. */
export interface CardOptions {
  /** Version ids in display order, space-separated (`'zh en'`). */
  versions?: string;
  /** A sentence number or range of the first version shown (`'2'`, `'1-2'`). */
  sentence?: string;
  /** The page's language (`'en'`, `'zh-Hans'`), for the card's own words. */
  language?: string;
  /** The author's own quote, checked against the source. */
  quote?: string;
  /** Show the whole clause rather than the quoted sentences. */
  whole?: boolean;
  /** Put the version in the page's language first, then the original. */
  languageFirst?: boolean;
}

/** A text with the language it is written in. */
export interface LanguageText {
  text: string;
  lang: string;
}

export interface CardVersion {
  id: string;
  lang: string;
  role: 'original' | 'official-translation' | 'unofficial-translation';
  title: string;
  publisher: LanguageText | null;
  source: LanguageText | null;
  /** An http(s) URL of the version's source, or null. */
  url: string | null;
  /** What the card shows: the quoted sentences, or the whole clause. */
  text: string;
  /** The whole clause in this version. */
  whole: string;
  /** Whether `text` is part of the clause. */
  partial: boolean;
  /** The 1-based sentence range `text` holds, or null for the whole clause. */
  sentences: [number, number] | null;
}

export interface QuoteDifference {
  quoted: string;
  source: string;
  /** UTF-16 offsets in the quote. */
  quote_range: [number, number];
  /** UTF-16 offsets in the source text. */
  source_range: [number, number];
}

/** Whether the author's quote is what the source says. */
export interface QuoteCheck {
  status: 'exact' | 'matches' | 'differs' | 'not-found' | 'too-long';
  version: string | null;
  differences: QuoteDifference[];
  /** For a quote the clause does not hold: the clauses that do. */
  suggestions: { id: string; cite: string }[];
  message: string;
}

/** Everything a `<clause-cite>` card shows, decided by the core. */
export interface CardView {
  id: string;
  document: string;
  end: string | null;
  /** The canonical reference of the whole citation (for links). */
  reference: string;
  heading: LanguageText;
  versions: CardVersion[];
  /** The ids of the versions shown, in order. */
  shown: string[];
  citation: LanguageText;
  divergence: LanguageText | null;
  notes: { attribute: string; key: string; values: Record<string, string>; message: string }[];
  quote: QuoteCheck | null;
}

/** A citation with where its title is set in italics (UTF-16 offsets). */
export interface FormattedCitation {
  text: string;
  emphasis: [number, number] | null;
}

/** The citation styles: every name `cite` reads, and a card's menu. */
export interface Styles {
  all: string[];
  card: string[];
}

/** Every error the package throws. */
export class ClauseCiteError extends Error {
  constructor(code: ErrorCode, message: string, suggestions?: string[], options?: { cause?: unknown });
  readonly name: 'ClauseCiteError';
  /** A stable, machine-readable code such as `unknown-citation`. */
  readonly code: ErrorCode;
  /** What the caller may have meant, where the error can tell. */
  readonly suggestions: string[];
}

/** A loaded corpus; every method is synchronous. */
export class Corpus {
  private constructor();
  /** The corpus's id, e.g. `lac-2025`. */
  readonly id: string;
  /** Every document with its titles and versions, without clauses. */
  documents(): DocumentSummary[];
  /**
   * One whole document with all its clauses and divergences, or with `{ first, limit }` one page
   * of it (`page` says where the next starts). Throws `unknown-document`, `bad-limit`.
   */
  document(id: string, options?: { first?: number; limit?: number }): DocumentView;
  /**
   * The clause a citation names: a stable id or any citation people write ("Development Program
   * (9) ¶3", "发展工程(九)第3段"). Throws ClauseCiteError (`unknown-citation`, …).
   */
  lookup(reference: string): LookupResult;
  /** Searches every version of every clause, ranked. */
  search(query: string, options?: SearchOptions): Hit[];
  /** Builds the search index now rather than at the first search. */
  prepareSearch(): void;
  /** Writes a citation of the clause a reference names. */
  cite(reference: string, options?: CiteOptions): string;
  /** Finds the citations inside running English or Chinese text. */
  findCitations(text: string): FoundCitation[];
  /** What a `<clause-cite>` card shows for a reference, with the check of the author's quote. */
  card(reference: string, options?: CardOptions): CardView;
  /** A citation with where its title is in italics. */
  citeFormatted(reference: string, options?: CiteOptions): FormattedCitation;
  /** The ways to write a citation chosen by its parts. */
  reference(parts: ReferenceParts): ReferenceForms;
  /** The citation styles. */
  styles(): Styles;
  /** The async variants, for code that also opens libraries: on a corpus they give the same answers. */
  cardAsync(reference: string, options?: CardOptions): Promise<CardView>;
  citeFormattedAsync(reference: string, options?: CiteOptions): Promise<FormattedCitation>;
  documentAsync(id: string, options?: { first?: number; limit?: number }): Promise<DocumentView>;
  lookupAsync(reference: string): Promise<LookupResult>;
  citeAsync(reference: string, options?: CiteOptions): Promise<string>;
  findCitationsAsync(text: string): Promise<FoundCitation[]>;
  searchAsync(query: string, options?: SearchOptions): Promise<Hit[]>;
}

/** The parts of a place for `reference()`: a clause id, the last clause of a range, sentences counted in `version`. */
export interface ReferenceParts {
  id: string;
  end?: string | null;
  sentences?: number | [number, number] | null;
  version?: string | null;
}

/** The ways to write a place: the canonical reference, the shortest human form that reads back to it, the short citations. */
export interface ReferenceForms {
  reference: string;
  human: string;
  cite: string;
  cite_zh: string;
}

/**
 * A library opened with `open({ library })`: the corpus's calls, where `documents()` and `id`
 * come from the catalog, and the others may need files not fetched yet. The `…Async` calls fetch
 * what they need; a synchronous call answers from what is loaded and throws `not-loaded`
 * otherwise (in Node, a library on disk is read synchronously). A file that is missing or damaged
 * fails only the calls that need it (`shard-unavailable`, `checksum-mismatch`).
 */
export class Library {
  private constructor();
  readonly id: string;
  /** Every document with its titles and versions, from the catalog. Loads nothing. */
  documents(): DocumentSummary[];
  /** May load: the document. */
  document(id: string): DocumentView;
  documentAsync(id: string): Promise<DocumentView>;
  /** May load: the document it names, and the library's outline for a citation the catalog cannot route. */
  lookup(reference: string): LookupResult;
  lookupAsync(reference: string): Promise<LookupResult>;
  /** May load: as lookup. */
  cite(reference: string, options?: CiteOptions): string;
  citeAsync(reference: string, options?: CiteOptions): Promise<string>;
  /** May load: as lookup. */
  card(reference: string, options?: CardOptions): CardView;
  cardAsync(reference: string, options?: CardOptions): Promise<CardView>;
  /** May load: as lookup. */
  citeFormatted(reference: string, options?: CiteOptions): FormattedCitation;
  citeFormattedAsync(reference: string, options?: CiteOptions): Promise<FormattedCitation>;
  /** May load: the document. The human form reads back to the same place by the catalog's names alone. */
  reference(parts: ReferenceParts): ReferenceForms;
  referenceAsync(parts: ReferenceParts): Promise<ReferenceForms>;
  /** The name of a document's file (`documents/<id>.<checksum>.ccc`), for a card's `prefetch`. Loads nothing. */
  documentFile(id: string): string;
  /** Loads nothing. */
  styles(): Styles;
  /** May load: the library's outline (never a document). */
  findCitations(text: string): FoundCitation[];
  findCitationsAsync(text: string): Promise<FoundCitation[]>;
  /** May load: the search table, the index chunks of the query's terms, the documents of its hits. */
  search(query: string, options?: SearchOptions): Hit[];
  /** `onProgress` gets the best hits the files loaded so far make (a word whose index chunk is still coming scores nothing yet) while the answer is not final. */
  searchAsync(query: string, options?: SearchOptions, progress?: { onProgress?: (hits: Hit[]) => void }): Promise<Hit[]>;
  /** Fetches the search table now. */
  prepareSearch(): Promise<void>;
  /** The names of the library's files loaded so far. */
  loadedFiles(): string[];
  /** Forgets a loaded file; it is fetched again when needed. */
  unload(name: string): void;
  /**
   * The `prefetch` names `open()` did not use: outside the library's folder (`invalid-argument`)
   * or not listed by its catalog (`library-file`; for a document's file of an earlier build,
   * `error.suggestions` holds its name now).
   */
  readonly ignoredPrefetch: { name: string; error: ClauseCiteError }[];
}

export interface OpenOptions {
  /** A compiled corpus (bytes, or a URL to fetch them from) instead of the embedded default. */
  corpus?: Uint8Array | ArrayBuffer | ArrayBufferView | string | URL;
  /** A library (`clause-cite compile --library`): the URL of its folder or catalog.ccl, or in Node a path. */
  library?: string | URL;
  /**
   * With `library`: files of the library a call will need (relative to its folder, such as a
   * document's `documents/<id>.<checksum>.ccc`, as `clause-cite compile --library` prints it),
   * fetched at once alongside the wasm and the catalog instead of after them. Names the catalog
   * does not list are not used (see `Library.ignoredPrefetch`).
   */
  prefetch?: Iterable<string>;
  /** Where to load the wasm module from, if not next to the package's JavaScript. */
  wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module;
}

/**
 * Loads the corpus. Without `corpus`, every call returns the same shared instance of the
 * embedded default corpus; the wasm module is loaded once per page or process.
 */
export function open(options: OpenOptions & { library: string | URL }): Promise<Library>;
export function open(options?: OpenOptions): Promise<Corpus>;
