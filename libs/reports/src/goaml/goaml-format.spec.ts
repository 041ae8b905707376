import fc from 'fast-check';
import { validateEnvironment, type ErrorItem } from '@fiu/core';
import type { ParsedReport } from '../reports/usecases/submit-report.usecase';
import { aReport, asGoamlXml } from '../../../../test/factories/report.factory';
import { GoamlFormat } from './goaml-format.service';

// Random mutations of a valid report never crash the parser: each yields acceptance or structured errors.

const FILER = '101';
const format = new GoamlFormat(validateEnvironment({}));
const REPORT = aReport(FILER);
/** The XML as a binary string (one char per byte), so byte-level and tag-level mutations compose. */
const BASE = Buffer.from(asGoamlXml(REPORT), 'utf8').toString('latin1');

// ---------- checks ----------

const SEVERITIES: ReadonlySet<string> = new Set(['fatal', 'error', 'warning']);
const isXPath = (path: string) => path.startsWith('/');
const isPointer = (path: string) => path === '' || path.startsWith('/');

/** Items that break the ErrorItem contract. */
function malformed(errors: ErrorItem[], isPath: (path: string) => boolean): unknown[] {
  return errors.filter(
    (e) =>
      typeof e !== 'object' ||
      e === null ||
      typeof e.code !== 'string' ||
      e.code === '' ||
      !SEVERITIES.has(e.severity) ||
      typeof e.message !== 'string' ||
      typeof e.path !== 'string' ||
      !isPath(e.path),
  );
}

const refusals = (parsed: ParsedReport) => parsed.errors.filter((e) => e.severity !== 'warning');

/** Acceptance (no fatal/error) or well-formed errors; a report refused unstored must say why. */
function expectAcceptedOrExplained(parsed: ParsedReport, isPath: (path: string) => boolean): void {
  expect(Array.isArray(parsed.errors)).toBe(true);
  expect(malformed(parsed.errors, isPath)).toEqual([]);
  if (parsed.entityReference === null) expect(refusals(parsed)).not.toEqual([]);
  else expect(typeof parsed.entityReference).toBe('string');
}

// ---------- XML mutations (pure, on binary strings) ----------

const toBuffer = (doc: string) => Buffer.from(doc, 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const clamp = (doc: string, n: number) => n % (doc.length + 1);
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function deleteSlice(doc: string, start: number, length: number): string {
  const i = clamp(doc, start);
  return doc.slice(0, i) + doc.slice(i + length);
}

function duplicateSlice(doc: string, start: number, length: number, to: number): string {
  const i = clamp(doc, start);
  const j = clamp(doc, to);
  return doc.slice(0, j) + doc.slice(i, i + length) + doc.slice(j);
}

function swapSlices(doc: string, a: number, b: number, length: number): string {
  const [i, j] = [clamp(doc, a), clamp(doc, b)].sort((x, y) => x - y);
  const n = Math.min(length, j - i);
  if (n === 0) return doc;
  return doc.slice(0, i) + doc.slice(j, j + n) + doc.slice(i + n, j) + doc.slice(i, i + n) + doc.slice(j + n);
}

function insertBytes(doc: string, start: number, bytes: Uint8Array): string {
  const i = clamp(doc, start);
  return doc.slice(0, i) + Buffer.from(bytes).toString('latin1') + doc.slice(i);
}

function truncate(doc: string, length: number): string {
  return doc.slice(0, clamp(doc, length));
}

interface Span {
  name: string;
  /** [start, end) of the start tag and of the end tag. */
  open: [number, number];
  close: [number, number];
}

/** Elements with both tags found, in document order of their end tags; tolerant of broken input. */
function elementSpans(doc: string): Span[] {
  const spans: Span[] = [];
  const stack: { name: string; open: [number, number] }[] = [];
  for (const m of doc.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)[^<>]*>/g)) {
    const range: [number, number] = [m.index, m.index + m[0].length];
    if (m[0].endsWith('/>')) continue;
    if (m[1] === '') stack.push({ name: m[2], open: range });
    else {
      const k = stack.map((s) => s.name).lastIndexOf(m[2]);
      if (k < 0) continue;
      const [top] = stack.splice(k);
      spans.push({ name: top.name, open: top.open, close: range });
    }
  }
  return spans;
}

const leaves = (doc: string) => elementSpans(doc).filter((s) => !doc.slice(s.open[1], s.close[0]).includes('<'));
const pick = <T>(items: T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);

/** Replaces the text of a leaf, chosen by name or by index; `raw` inserts the text unescaped. */
function replaceText(doc: string, target: string | number, text: string, raw: boolean): string {
  const all = leaves(doc);
  const leaf = typeof target === 'string' ? all.find((s) => s.name === target) : pick(all, target);
  if (!leaf) return doc;
  return doc.slice(0, leaf.open[1]) + utf8(raw ? text : escapeXml(text)) + doc.slice(leaf.close[0]);
}

/** Renames an element's start tag, and its end tag too when `both`. */
function renameElement(doc: string, index: number, name: string, both: boolean): string {
  const span = pick(elementSpans(doc), index);
  if (!span) return doc;
  const tag = (range: [number, number], closing: boolean) =>
    doc.slice(range[0], range[1]).replace(closing ? /^<\/[^\s>]+/ : /^<[^\s>/]+/, `<${closing ? '/' : ''}${utf8(name)}`);
  const open = tag(span.open, false);
  const close = both ? tag(span.close, true) : doc.slice(span.close[0], span.close[1]);
  return doc.slice(0, span.open[0]) + open + doc.slice(span.open[1], span.close[0]) + close + doc.slice(span.close[1]);
}

function dropClosingTag(doc: string, index: number): string {
  const span = pick(elementSpans(doc), index);
  return span ? doc.slice(0, span.close[0]) + doc.slice(span.close[1]) : doc;
}

// ---------- XML arbitraries ----------

const NASTY = [
  ...['<', '>', '&', ']]>', '<![CDATA[', '&amp;', '&lt', '&#0;', '&#x10FFFF;', '&#x110000;', '&unknown;', '</report>', '<report>'],
  ...['<!DOCTYPE x>', '<?pi x?>', '<!-- -->', 'xmlns="urn:x"', '\u0000', '\u0001', '\u001f', '\u007f', '\uFFFE', '\uFFFF'],
  ...['\uD800', '\uDC00', '\uFEFF', '\u200B'],
  ...['😀', '\u{10FFFF}', '\r\n', '  ', '0', '007', '0000000101', '-0', '1e309', 'NaN', '__proto__'],
];
const HEADER_LEAVES = [
  ...['rentity_id', 'submission_code', 'report_code', 'entity_reference'],
  ...['submission_date', 'currency_code_local', 'reason', 'action'],
];

/** Mixed BMP / non-BMP text around 255 characters: code points and UTF-16 units then disagree. */
const aroundLimit = fc
  .tuple(fc.constantFrom('a', 'é'), fc.nat({ max: 320 }), fc.nat({ max: 320 }))
  .map(([c, i, j]) => c.repeat(i) + '😀'.repeat(j));

/** Strings that stress escaping, encoding, Unicode and length limits (1 MB text limit; 255-character fields). */
const nastyText = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: fc.constantFrom(...NASTY, 'a', '1'), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^0+\d{0,12}(\.\d{0,4})?$/),
  aroundLimit,
  fc.tuple(fc.constantFrom('x', '😀', '&amp;'), fc.integer({ min: 1_000, max: 300_000 })).map(([c, n]) => c.repeat(n)),
);

const elementName = fc.oneof(
  fc.constantFrom(
    ...['report', 'transaction', 'entity_reference', 'rentity_id', 'from_person', 't_from', 'activity', 'report_indicators', 'indicator'],
    ...['__proto__', 'constructor', 'toString', 'a:b', 'xmlns', '1x', 'x'.repeat(129), 'é', '😀'],
  ),
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/),
);

/** Stray, overlong, surrogate, out-of-range and truncated sequences; a BOM and NUL, which are valid UTF-8. */
const INVALID_UTF8 = [
  ...[[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]],
  ...[[0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf], [0]],
];
const someBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
  fc.constantFrom(...INVALID_UTF8).map((b) => Uint8Array.from(b)),
  fc.constantFrom(...NASTY).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
);

const start = fc.nat();
const length = fc.integer({ min: 1, max: 400 });

const xmlMutations = {
  'delete a slice': fc.record({ kind: fc.constant('delete' as const), start, length }),
  'duplicate a slice': fc.record({ kind: fc.constant('duplicate' as const), start, length, to: fc.nat() }),
  'swap two slices': fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat(), length }),
  "replace an element's text": fc.record({
    kind: fc.constant('text' as const),
    target: fc.oneof(fc.constantFrom(...HEADER_LEAVES), fc.nat()),
    text: nastyText,
    raw: fc.boolean(),
  }),
  'rename an element': fc.record({ kind: fc.constant('rename' as const), index: fc.nat(), name: elementName, both: fc.boolean() }),
  'drop a closing tag': fc.record({ kind: fc.constant('unclose' as const), index: fc.nat() }),
  'insert random bytes': fc.record({ kind: fc.constant('insert' as const), start, bytes: someBytes }),
  truncate: fc.record({ kind: fc.constant('truncate' as const), length: fc.nat() }),
};

type XmlMutation = typeof xmlMutations extends Record<string, fc.Arbitrary<infer M>> ? M : never;
const anyXmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(...Object.values(xmlMutations));

function mutateXml(doc: string, m: XmlMutation): string {
  switch (m.kind) {
    case 'delete':
      return deleteSlice(doc, m.start, m.length);
    case 'duplicate':
      return duplicateSlice(doc, m.start, m.length, m.to);
    case 'swap':
      return swapSlices(doc, m.a, m.b, m.length);
    case 'text':
      return replaceText(doc, m.target, m.text, m.raw);
    case 'rename':
      return renameElement(doc, m.index, m.name, m.both);
    case 'unclose':
      return dropClosingTag(doc, m.index);
    case 'insert':
      return insertBytes(doc, m.start, m.bytes);
    case 'truncate':
      return truncate(doc, m.length);
  }
}

const parseXml = (doc: string) => format.parseXml(FILER, toBuffer(doc));

describe('GoamlFormat.parseXml on mutated reports', () => {
  it.each(Object.entries(xmlMutations))('%s: resolves with acceptance or structured errors', async (_name, mutation) => {
    await fc.assert(
      fc.asyncProperty(mutation as fc.Arbitrary<XmlMutation>, async (m) => {
        expectAcceptedOrExplained(await parseXml(mutateXml(BASE, m)), isXPath);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('chains of mutations: resolves with acceptance or structured errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyXmlMutation, { minLength: 2, maxLength: 5 }), async (ms) => {
        expectAcceptedOrExplained(await parseXml(ms.reduce(mutateXml, BASE)), isXPath);
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('any text in entity_reference: keyed, or refused with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(aroundLimit, nastyText), fc.boolean(), async (text, raw) => {
        expectAcceptedOrExplained(await parseXml(replaceText(BASE, 'entity_reference', text, raw)), isXPath);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('is deterministic: the same mutated document gives the same findings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyXmlMutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const doc = ms.reduce(mutateXml, BASE);
        const [first, second] = [await parseXml(doc), await parseXml(doc)];
        expect(second.errors).toEqual(first.errors);
        expect(second.entityReference).toEqual(first.entityReference);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});

// ---------- JSON mutations (pure) ----------

type Key = string | number;
type Node = { path: Key[]; value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets own data properties only, so a key like __proto__ stays data (as JSON.parse makes it). */
function put(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every node with its path, the root included. */
function nodes(value: unknown, path: Key[] = []): Node[] {
  const children = Array.isArray(value)
    ? value.map((v, i) => nodes(v, [...path, i]))
    : isObject(value)
      ? Object.keys(value).map((k) => nodes(value[k], [...path, k]))
      : [];
  return [{ path, value }, ...children.flat()];
}

/** Copy of `root` with the node at `path` replaced by `fn(node)`; `fn` returning `undefined` removes it. */
function updateAt(root: unknown, path: Key[], fn: (node: unknown) => unknown): unknown {
  if (path.length === 0) return fn(root);
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    const next = updateAt(root[head as number], rest, fn);
    if (next === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  if (!isObject(root)) return root;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(root)) if (key !== head) put(copy, key, root[key]);
  const next = updateAt(root[head as string], rest, fn);
  if (next !== undefined || rest.length > 0) put(copy, head as string, next);
  return copy;
}

const pickNode = (root: unknown, n: number, keep: (v: unknown) => boolean = () => true) =>
  pick(nodes(root).filter((x) => keep(x.value)), n);

function deleteKey(root: unknown, n: number): unknown {
  const node = pickNode(root, n);
  return node ? updateAt(root, node.path, () => undefined) : root;
}

function setLeaf(root: unknown, n: number, value: unknown): unknown {
  const node = pickNode(root, n, (v) => !Array.isArray(v) && !isObject(v));
  return node ? updateAt(root, node.path, () => value) : root;
}

function wrapInArray(root: unknown, n: number): unknown {
  const node = pickNode(root, n, isObject);
  return node ? updateAt(root, node.path, (v) => [v]) : root;
}

function arrayToObject(root: unknown, n: number): unknown {
  const node = pickNode(root, n, Array.isArray);
  return node ? updateAt(root, node.path, (v) => Object.fromEntries((v as unknown[]).map((item, i) => [String(i), item]))) : root;
}

function addKey(root: unknown, n: number, key: string, value: unknown): unknown {
  const node = pickNode(root, n, isObject);
  return node ? updateAt(root, node.path, (v) => put({ ...(v as Record<string, unknown>) }, key, value)) : root;
}

const unknownKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'suspicionDate', 'transaction', 'entityReference', 'entity_reference'),
  fc.constantFrom('a/b', '~1', ''),
);

const jsonMutations = {
  'delete a key': fc.record({ kind: fc.constant('delete' as const), n: fc.nat() }),
  'set a leaf to any JSON value': fc.record({ kind: fc.constant('set' as const), n: fc.nat(), value: fc.jsonValue() }),
  'wrap an object in an array': fc.record({ kind: fc.constant('wrap' as const), n: fc.nat() }),
  'replace an array with an object': fc.record({ kind: fc.constant('unarray' as const), n: fc.nat() }),
  'add an unknown key': fc.record({ kind: fc.constant('add' as const), n: fc.nat(), key: unknownKey, value: fc.jsonValue() }),
};

type JsonMutation = typeof jsonMutations extends Record<string, fc.Arbitrary<infer M>> ? M : never;
const anyJsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(...Object.values(jsonMutations));

function mutateJson(root: unknown, m: JsonMutation): unknown {
  switch (m.kind) {
    case 'delete':
      return deleteKey(root, m.n);
    case 'set':
      return setLeaf(root, m.n, m.value);
    case 'wrap':
      return wrapInArray(root, m.n);
    case 'unarray':
      return arrayToObject(root, m.n);
    case 'add':
      return addKey(root, m.n, m.key, m.value);
  }
}

const parseJson = (body: unknown) => format.parseJson(FILER, body);

describe('GoamlFormat.parseJson on mutated reports', () => {
  it.each(Object.entries(jsonMutations))('%s: returns acceptance or structured errors', (_name, mutation) => {
    fc.assert(
      fc.property(mutation as fc.Arbitrary<JsonMutation>, (m) => {
        expectAcceptedOrExplained(parseJson(mutateJson(REPORT, m)), isPointer);
      }),
      { numRuns: 250 },
    );
  }, 30_000);

  it('chains of mutations: returns acceptance or structured errors', () => {
    fc.assert(
      fc.property(fc.array(anyJsonMutation, { minLength: 2, maxLength: 5 }), (ms) => {
        expectAcceptedOrExplained(parseJson(ms.reduce(mutateJson, REPORT)), isPointer);
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('any value as entityReference: keyed, or refused with a reason', () => {
    fc.assert(
      fc.property(fc.oneof(aroundLimit, nastyText, fc.jsonValue()), (value) => {
        expectAcceptedOrExplained(parseJson(addKey(REPORT, 0, 'entityReference', value)), isPointer);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('leaves the input untouched', () => {
    const before = JSON.stringify(REPORT);
    parseJson(REPORT);
    expect(JSON.stringify(REPORT)).toBe(before);
  });
});

describe('GoamlFormat on an unmutated report', () => {
  const summary = (parsed: ParsedReport) => ({
    entityReference: parsed.entityReference,
    reportCode: parsed.reportCode,
    submissionDate: parsed.submissionDate,
    currencyCodeLocal: parsed.currencyCodeLocal,
    transactionCount: parsed.details?.transactionCount,
  });

  it('accepts both forms and reads the same header from each', async () => {
    const xml = await parseXml(BASE);
    const json = parseJson(REPORT);
    expect(refusals(xml)).toEqual([]);
    expect(refusals(json)).toEqual([]);
    expect(summary(xml)).toEqual(summary(json));
    expect(summary(xml)).toEqual({
      entityReference: REPORT.entityReference,
      reportCode: 'STR',
      submissionDate: REPORT.submissionDate,
      currencyCodeLocal: 'EUR',
      transactionCount: 2,
    });
  });

  it.each([1, 3, 7])('with %i transactions: both forms agree', async (count) => {
    const report = aReport(FILER, { transaction: Array.from({ length: count }, () => (REPORT.transaction as unknown[])[0]) });
    const xml = await format.parseXml(FILER, Buffer.from(asGoamlXml(report), 'utf8'));
    const json = parseJson(report);
    expect(refusals(xml)).toEqual([]);
    expect(refusals(json)).toEqual([]);
    expect(summary(xml)).toEqual(summary(json));
    expect(xml.details?.transactionCount).toBe(count);
  });
});
