// Checks the report of fixtures/scenario.js, the same way for every consumer environment.
import assert from 'node:assert/strict';

/** What each looked-up reference must give: its id, its parent and the start of each text. */
const developmentNineThree = {
  id: 'policy-paper__pt_3__prog_2__sec_9__para_3',
  parent: 'policy-paper__pt_3__prog_2__sec_9',
  starts: { zh: '中方愿同拉方开展人工智能领域对话合作', en: 'China stands ready to work with the LAC side to engage in dialogue and cooperation on Artificial Intelligence', 'en-blog': 'China is willing to conduct dialogue and cooperation with Latin American countries in the field of artificial intelligence' },
};

const expectedLookups = {
  'Development Program (9) ¶3': { ...developmentNineThree, citation: { sentences: null, end: null, version: 'en' } },
  '发展工程(九)第3段': { ...developmentNineThree, citation: { sentences: null, end: null, version: 'zh' } },
  'Development Program (9) ¶3, sentence 1': { ...developmentNineThree, citation: { sentences: [1, 1], end: null, version: 'en' } },
  // Round 1's ids as inputs: they keep resolving, to the document-qualified ids.
  pt_3__prog_2__sec_9__para_3: {
    id: 'policy-paper__pt_3__prog_2__sec_9__para_3',
    parent: 'policy-paper__pt_3__prog_2__sec_9',
    starts: { zh: '中方愿同拉方开展人工智能领域对话合作', en: 'China stands ready to work with the LAC side to engage in dialogue and cooperation on Artificial Intelligence', 'en-blog': 'China is willing to conduct dialogue and cooperation with Latin American countries in the field of artificial intelligence' },
  },
  preface__para_3: { id: 'policy-paper__preface__para_3', parent: 'policy-paper__preface', starts: { zh: '', en: '', 'en-blog': '' } },
  cmt__para_1: { id: 'cmt__para_1', parent: null, starts: { zh: '', 'en-blog': '' } },
  '  pt_1  ': { id: 'policy-paper__pt_1', parent: null, starts: { zh: '第一部分', en: 'Part I', 'en-blog': 'Part One' } },
};

const expectedErrors = {
  no_such_clause: 'unknown-citation',
  '': 'empty-citation',
  'Development Program (18)': 'out-of-range',
};

/** For each search: a clause that must be among the hits and the versions it must match in. */
const expectedSearches = {
  BeiDou: { id: 'policy-paper__pt_3__prog_2__sec_10__para_2', matched: ['en'], highlight: /^beidou$/i },
  北斗: { id: 'policy-paper__pt_3__prog_2__sec_10__para_2', matched: ['zh'], highlight: /^北斗$/ },
  'artificial intelligence': { id: 'policy-paper__pt_3__prog_2__sec_9__para_3', matched: ['en', 'en-blog'], highlight: /^(artificial|intelligence)$/i },
};

export function checkReport(report, environment) {
  const where = (what) => `${environment}: ${what}`;
  assert.equal(report.sameInstance, true, where('open() twice must give the same instance'));
  assert.equal(report.id, 'lac-2025', where('the default corpus id'));
  assert.deepEqual(
    report.documents,
    [
      { id: 'policy-paper', versions: ['zh', 'en', 'en-blog'] },
      { id: 'commentary', versions: ['zh', 'en-blog'] },
      { id: 'blog-intro', versions: ['en'] },
    ],
    where('documents()'),
  );
  for (const found of report.lookups) {
    const expected = expectedLookups[found.reference];
    assert.ok(expected, where(`no expectation for ${found.reference}`));
    assert.equal(found.id, expected.id, where(`lookup(${JSON.stringify(found.reference)}).id`));
    assert.equal(found.parent, expected.parent, where(`lookup(${JSON.stringify(found.reference)}).parent`));
    assert.deepEqual(Object.keys(found.texts).sort(), Object.keys(expected.starts).sort(), where(`versions of ${found.reference}`));
    for (const [version, start] of Object.entries(expected.starts)) {
      const text = found.texts[version];
      assert.ok(text.length > 0, where(`${found.reference} has text in ${version}`));
      assert.ok(text.startsWith(start), where(`${found.reference} in ${version} starts with ${start}; got ${text.slice(0, 80)}`));
      assert.ok(found.sentences[version].length >= 1, where(`${found.reference} has sentences in ${version}`));
      let position = 0;
      for (const sentence of found.sentences[version]) {
        const at = text.indexOf(sentence, position);
        assert.ok(at >= position, where(`each sentence of ${found.reference} in ${version} is in its text, in order`));
        position = at + sentence.length;
      }
    }
    assert.ok(found.cite.length > 0, where(`${found.reference} has a short citation`));
    if (expected.citation) assert.deepEqual(found.citation, expected.citation, where(`lookup(${JSON.stringify(found.reference)}).citation`));
  }
  assert.equal(report.errors.length, Object.keys(expectedErrors).length, where('every bad lookup reported'));
  for (const error of report.errors) {
    assert.equal(error.threw, true, where(`lookup(${JSON.stringify(error.reference)}) must throw`));
    assert.equal(error.isError, true, where('errors are Error instances'));
    assert.equal(error.isClauseCiteError, true, where('errors are ClauseCiteError instances'));
    assert.equal(error.name, 'ClauseCiteError', where('error name'));
    assert.equal(error.code, expectedErrors[error.reference], where(`error code for ${JSON.stringify(error.reference)}`));
    assert.ok(error.message.length > 20, where('the error message says what was wrong'));
    assert.ok(Array.isArray(error.suggestions), where('suggestions is an array'));
  }
  for (const search of report.searches) {
    const expected = expectedSearches[search.query];
    assert.ok(search.hits.length > 0, where(`search(${search.query}) finds clauses`));
    const hit = search.hits.find((candidate) => candidate.id === expected.id);
    assert.ok(hit, where(`search(${search.query}) finds ${expected.id}; got ${search.hits.map((candidate) => candidate.id).join(', ')}`));
    for (const version of expected.matched) {
      assert.ok(hit.matched.includes(version), where(`search(${search.query}) matched ${expected.id} in ${version}`));
      assert.ok(hit.highlighted[version].length > 0, where(`search(${search.query}) highlighted ${version}`));
      for (const covered of hit.highlighted[version]) {
        assert.match(covered, expected.highlight, where(`search(${search.query}) highlight in ${version}`));
      }
    }
  }
  assert.ok(report.citations.chicago.includes("China's Policy Paper on Latin America and the Caribbean"), where('a Chicago citation names the paper'));
  assert.ok(report.citations.chicago.includes('Development Program (9) ¶3'), where('a Chicago citation names the clause'));
  assert.equal(report.citations.shortZh, '《中国对拉丁美洲和加勒比政策文件》发展工程(九)第3段', where('the short Chinese citation'));
  assert.deepEqual(
    report.citations.found.map((found) => [found.id, found.sliced, found.text]),
    [
      ['policy-paper__pt_3__prog_2__sec_9__para_3', 'Development Program (9) ¶3', 'Development Program (9) ¶3'],
      ['policy-paper__pt_3__prog_2__sec_10__para_2', '发展工程(十)第2段', '发展工程(十)第2段'],
    ],
    where('findCitations gives UTF-16 spans that slice out each citation after a non-BMP emoji'),
  );
  assert.deepEqual(
    report.otherErrors,
    [
      ['open({ corpus: not a corpus })', 'not-a-corpus'],
      ['open({ corpus: 42 })', 'invalid-argument'],
      ["search('BeiDou', { limit: '5' })", 'bad-limit'],
      ["search('BeiDou', { versions: 'fr' })", 'unknown-version'],
      ["cite('pt_1', { style: 'harvard' })", 'unknown-style'],
      ['lookup(42)', 'invalid-argument'],
      ["document('nope')", 'unknown-document'],
    ].map(([call, code]) => ({ call, threw: true, isClauseCiteError: true, code })),
    where('bad calls throw ClauseCiteError with their codes'),
  );
  assert.equal(report.document.id, 'policy-paper', where('document(id)'));
  assert.ok(report.document.clauses > 100, where('the policy paper has its whole clause tree'));
  assert.ok(report.document.divergences >= 5, where('the policy paper records its divergences'));
}
