// The package's hand-written types (index.d.ts) against what the core really returns: each row of
// the table is a call on the default corpus and the type index.d.ts says it returns; `check`
// walks the value and the declared type together, both ways. A field the core returns and the
// type does not declare fails, and so does a declared field (not optional) the value lacks, a
// string outside a declared union of literals, or a number where a string is declared. So the
// types cannot drift from the Rust views without a failing test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { root } from './support.mjs';

const ts = createRequire(import.meta.url)(join(root, 'node_modules', 'typescript'));
const source = ts.createSourceFile('index.d.ts', readFileSync(join(root, 'pkg', 'index.d.ts'), 'utf8'), ts.ScriptTarget.Latest, true);

/** The declared interfaces and type aliases of index.d.ts, by name. */
const declarations = new Map();
for (const statement of source.statements) {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) declarations.set(statement.name.text, statement);
}

/** The properties of an interface, its parents' included: name → { optional, type }. */
function propertiesOf(declaration) {
  const properties = new Map();
  for (const clause of declaration.heritageClauses ?? []) {
    for (const parent of clause.types) {
      const inherited = declarations.get(parent.expression.getText(source));
      if (inherited) for (const [name, property] of propertiesOf(inherited)) properties.set(name, property);
    }
  }
  for (const member of declaration.members) {
    if (ts.isPropertySignature(member)) properties.set(member.name.getText(source), { optional: Boolean(member.questionToken), type: member.type });
  }
  return properties;
}

/** Every mismatch between `value` and the declared type `node`, as "path: what" lines. */
function mismatches(value, node, path) {
  if (!node) return [];
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return typeof value === 'string' ? [] : [`${path}: ${JSON.stringify(value)} where a string is declared`];
    case ts.SyntaxKind.NumberKeyword:
      return typeof value === 'number' ? [] : [`${path}: ${JSON.stringify(value)} where a number is declared`];
    case ts.SyntaxKind.BooleanKeyword:
      return typeof value === 'boolean' ? [] : [`${path}: ${JSON.stringify(value)} where a boolean is declared`];
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.AnyKeyword:
      return [];
    case ts.SyntaxKind.ParenthesizedType:
      return mismatches(value, node.type, path);
    case ts.SyntaxKind.LiteralType:
      if (node.literal.kind === ts.SyntaxKind.NullKeyword) return value === null ? [] : [`${path}: ${JSON.stringify(value)} where null is declared`];
      return value === JSON.parse(node.literal.getText(source).replace(/^'|'$/g, '"')) ? [] : [`${path}: ${JSON.stringify(value)} is not ${node.literal.getText(source)}`];
    case ts.SyntaxKind.UnionType: {
      // An open union (`… | (string & {})`) accepts any string.
      if (typeof value === 'string' && node.types.some((member) => ts.isParenthesizedTypeNode(member) || ts.isIntersectionTypeNode(member))) return [];
      const tries = node.types.map((member) => mismatches(value, member, path));
      return tries.some((found) => found.length === 0) ? [] : [`${path}: ${JSON.stringify(value)?.slice(0, 80)} fits no member of ${node.getText(source).slice(0, 120)} (${tries.flat()[0]})`];
    }
    case ts.SyntaxKind.ArrayType:
      if (!Array.isArray(value)) return [`${path}: not an array`];
      return value.flatMap((item, index) => mismatches(item, node.elementType, `${path}[${index}]`));
    case ts.SyntaxKind.TupleType:
      if (!Array.isArray(value) || value.length !== node.elements.length) return [`${path}: ${JSON.stringify(value)} is not a tuple of ${node.elements.length}`];
      return value.flatMap((item, index) => mismatches(item, node.elements[index], `${path}[${index}]`));
    case ts.SyntaxKind.TypeLiteral:
      return objectMismatches(value, new Map(node.members.filter(ts.isPropertySignature).map((member) => [member.name.getText(source), { optional: Boolean(member.questionToken), type: member.type }])), path);
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText(source);
      if (name === 'Record') {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
        return Object.entries(value).flatMap(([key, item]) => mismatches(item, node.typeArguments[1], `${path}.${key}`));
      }
      const declaration = declarations.get(name);
      if (!declaration) return [`${path}: the type ${name} is not declared in index.d.ts`];
      if (ts.isTypeAliasDeclaration(declaration)) return mismatches(value, declaration.type, path);
      return objectMismatches(value, propertiesOf(declaration), path);
    }
    default:
      return [`${path}: the check cannot read the type ${node.getText(source)}`];
  }
}

function objectMismatches(value, properties, path) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: ${JSON.stringify(value)?.slice(0, 80)} where an object is declared`];
  const found = [];
  for (const key of Object.keys(value)) if (!properties.has(key)) found.push(`${path}.${key}: returned, not declared`);
  for (const [key, property] of properties) {
    if (value[key] === undefined) {
      if (!property.optional) found.push(`${path}.${key}: declared, not returned`);
    } else {
      found.push(...mismatches(value[key], property.type, `${path}.${key}`));
    }
  }
  return found;
}

const { open } = await import(pathToFileURL(join(root, 'pkg', 'node.js')).href);
const corpus = await open();
const quoted = 'China welcomes LAC countries to use the BeiDou Navigation Satellite System';

// [what, the call, the type index.d.ts declares for its result]
const table = [
  ['documents()', () => corpus.documents(), 'DocumentSummary[]'],
  ['document()', () => corpus.document('policy-paper'), 'DocumentView'],
  ['a page of document()', () => corpus.document('policy-paper', { first: 0, limit: 5 }), 'DocumentView'],
  ['lookup() of a paragraph', () => corpus.lookup('Development Program (10) ¶2'), 'LookupResult'],
  ['lookup() of a sentence in a version', () => corpus.lookup('Preface ¶3 s2'), 'LookupResult'],
  ['lookup() of a range', () => corpus.lookup('Development Program (9) ¶1–¶3'), 'LookupResult'],
  ['search()', () => corpus.search('BeiDou satellite'), 'Hit[]'],
  ['search() in Chinese', () => corpus.search('北斗'), 'Hit[]'],
  ['findCitations()', () => corpus.findCitations('As Development Program (9) ¶3 and 发展工程(九)第3段 say.'), 'FoundCitation[]'],
  ['card() with an exact quote', () => corpus.card('Development Program (10) ¶2', { language: 'en', quote: quoted }), 'CardView'],
  ['card() with a changed quote', () => corpus.card('Development Program (10) ¶2', { language: 'en', quote: 'China invites LAC countries to use the BeiDou Navigation Satellite System' }), 'CardView'],
  ['card() with a quote of another clause', () => corpus.card('Preface ¶2', { language: 'en', quote: quoted }), 'CardView'],
  ['card() with a bad sentence attribute', () => corpus.card('Preface ¶3', { language: 'zh', sentence: '9' }), 'CardView'],
  ['citeFormatted()', () => corpus.citeFormatted('Preface ¶3'), 'FormattedCitation'],
  ['styles()', () => corpus.styles(), 'Styles'],
  ['reference() of a sentence', () => corpus.reference({ id: 'policy-paper__pt_3__prog_2__sec_10__para_2', sentences: 1, version: 'en' }), 'ReferenceForms'],
];

/** Checks the value `call` gives against `declared`: an interface of index.d.ts, or `Name[]`. */
function check([what, call, declared]) {
  const name = declared.replace(/\[\]$/, '');
  const declaration = declarations.get(name);
  assert.ok(declaration && ts.isInterfaceDeclaration(declaration), `index.d.ts declares the interface ${name}`);
  const value = call();
  const many = declared.endsWith('[]');
  // An empty list would check nothing: every row's call gives at least one result.
  if (many) assert.ok(Array.isArray(value) && value.length > 0, `${what} gives a non-empty array`);
  const found = (many ? value : [value]).flatMap((item, index) => objectMismatches(item, propertiesOf(declaration), many ? `${what}[${index}]` : what));
  assert.deepEqual(found.slice(0, 400), [], `${what} against ${declared}:\n${found.slice(0, 400).join('\n')}`);
}

for (const row of table) test(`index.d.ts declares what ${row[0]} returns`, () => check(row));
