import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toErrorItems, XsdValidator } from './xsd-validator';

/** goAML-like: the report header, then repeated transactions. */
const SMALL_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="report">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="rentity_id" type="xs:int" />
        <xs:element name="submission_code" type="submission_type" />
        <xs:element name="entity_reference" type="reference_type" />
        <xs:element name="transaction" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="transactionnumber" type="xs:string" />
              <xs:element name="amount_local" type="xs:decimal" />
              <xs:element name="comments" type="short_comment_type" minOccurs="0" />
            </xs:sequence>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:simpleType name="submission_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="E" />
      <xs:enumeration value="M" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="short_comment_type">
    <xs:restriction base="xs:string">
      <xs:maxLength value="4" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="reference_type">
    <xs:restriction base="xs:string">
      <xs:maxLength value="255" />
    </xs:restriction>
  </xs:simpleType>
</xs:schema>`;

const report = (header: string, transactions: string) => `<?xml version="1.0" encoding="UTF-8"?>
<report>
${header}
${transactions}
</report>`;

const HEADER = `  <rentity_id>12</rentity_id>
  <submission_code>E</submission_code>
  <entity_reference>REF-1</entity_reference>`;

const TRANSACTIONS = `  <transaction>
    <transactionnumber>T1</transactionnumber>
    <amount_local>1500.25</amount_local>
  </transaction>
  <transaction>
    <transactionnumber>T2</transactionnumber>
    <amount_local>10</amount_local>
    <comments>café</comments>
  </transaction>`;

describe('XsdValidator on a small goAML-like schema', () => {
  const validator = new XsdValidator(SMALL_XSD, 'small.xsd');

  it('accepts a valid document, as a string or as bytes', async () => {
    const xml = report(HEADER, TRANSACTIONS);
    expect(await validator.validate(xml)).toEqual([]);
    expect(await validator.validate(Buffer.from(xml))).toEqual([]);
  });

  it('reports a bad enumeration, a non-decimal amount and an element out of order, with their lines', async () => {
    const header = HEADER.replace('<submission_code>E<', '<submission_code>X<');
    const transactions = `  <transaction>
    <transactionnumber>T1</transactionnumber>
    <amount_local>12,5</amount_local>
  </transaction>
  <transaction>
    <amount_local>10</amount_local>
    <transactionnumber>T2</transactionnumber>
  </transaction>`;
    const issues = await validator.validate(report(header, transactions));
    expect(issues).toEqual([
      { line: 4, message: expect.stringMatching(/submission_code.*'X' is not an element of the set \{'E', 'M'\}/) },
      { line: 8, message: expect.stringMatching(/amount_local.*'12,5' is not a valid value of the atomic type 'xs:decimal'/) },
      { line: 11, message: expect.stringMatching(/amount_local.*This element is not expected\. Expected is \( transactionnumber \)/) },
    ]);
  });

  it('reports a missing element on the line of the element found in its place', async () => {
    // libxml2 stops checking a parent's content at its first structural error, so the transactions are not checked.
    const header = HEADER.replace(/\n.*entity_reference.*/, '');
    const issues = await validator.validate(report(header, TRANSACTIONS.replace('1500.25', 'abc')));
    expect(issues).toEqual([{ line: 5, message: expect.stringMatching(/'transaction'.*Expected is \( entity_reference \)/) }]);
  });

  it('reports a too long value and a type error', async () => {
    const header = HEADER.replace('>12<', '>twelve<').replace('REF-1', 'R'.repeat(256));
    const issues = await validator.validate(report(header, TRANSACTIONS));
    expect(issues.map((issue) => issue.line)).toEqual([3, 5]);
    expect(issues[1].message).toContain("[facet 'maxLength']");
  });

  it('returns issues, not an exception, for a malformed document', async () => {
    const issues = await validator.validate('<report>\n<rentity_id>1</rentity_id>\n</reprt>');
    expect(issues).toEqual([{ line: 3, message: expect.stringContaining('parser error : Opening and ending tag mismatch') }]);
    expect(await validator.validate('')).toEqual([{ line: 1, message: expect.stringContaining('Document is empty') }]);
  });

  it('never hands a DOCTYPE to libxml2, whatever the encoding', async () => {
    const body = report(HEADER, TRANSACTIONS).replace(/^.*\n/, '');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY e SYSTEM "schema.xsd">]>\n${body}`;
    const expected = [{ line: 2, message: 'DOCTYPE declarations are not allowed' }];
    expect(await validator.validate(xml)).toEqual(expected);
    expect(await validator.validate(Buffer.from(xml))).toEqual(expected);
    expect(await validator.validate(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]))).toEqual(expected);
  });

  it('decodes bytes by their declared encoding, and ignores the declaration of an already decoded string', async () => {
    const latin1 = report(HEADER, TRANSACTIONS).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(await validator.validate(Buffer.from(latin1, 'latin1'))).toEqual([]);
    expect(await validator.validate(latin1)).toEqual([]);
    // Read as Latin-1, the UTF-8 bytes of 'café' are five characters.
    expect(await validator.validate(Buffer.from(latin1))).toEqual([{ line: 13, message: expect.stringContaining("[facet 'maxLength']") }]);
  });

  it('caps the number of issues', async () => {
    const capped = new XsdValidator(SMALL_XSD, 'small.xsd', { maxIssues: 2 });
    const transaction = '<transaction><transactionnumber>T</transactionnumber><amount_local>x</amount_local></transaction>';
    const transactions = Array.from({ length: 5 }, () => transaction);
    const issues = await capped.validate(report(HEADER, transactions.join('\n')));
    expect(issues).toHaveLength(3);
    expect(issues[2]).toEqual({ line: null, message: '3 more XSD issues not shown' });
  });

  it('validates concurrent calls independently', async () => {
    const good = report(HEADER, TRANSACTIONS);
    const bad = good.replace('1500.25', 'many');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => validator.validate(i % 2 ? bad : good)));
    results.forEach((issues, i) => expect(issues).toHaveLength(i % 2));
  });

  it('turns issues into error items, mapping lines to XPaths', () => {
    const lines: Record<number, string> = { 2: '/report', 4: '/report/submission_code', 9: '/report/transaction[1]/amount_local' };
    const items = toErrorItems(
      [
        { line: 4, message: "Schemas validity error : Element 'submission_code': [facet 'enumeration'] The value 'X' is not allowed." },
        // The "element name:" prefix of other libxml2 builds.
        { line: 9, message: "element amount_local: Schemas validity error : Element 'amount_local': '12,5' is not a valid value." },
        { line: 30, message: 'parser error : Premature end of data in tag report line 2' },
        { line: null, message: 'DOCTYPE declarations are not allowed' },
      ],
      (line) => lines[line] ?? null,
    );
    expect(items).toEqual([
      {
        path: '/report/submission_code',
        code: 'xsd_violation',
        severity: 'error',
        message: "Element 'submission_code': [facet 'enumeration'] The value 'X' is not allowed.",
      },
      {
        path: '/report/transaction[1]/amount_local',
        code: 'xsd_violation',
        severity: 'error',
        message: "Element 'amount_local': '12,5' is not a valid value.",
      },
      { path: '/report', code: 'xsd_violation', severity: 'error', message: 'parser error : Premature end of data in tag report line 2' },
      { path: '/report', code: 'xsd_violation', severity: 'error', message: 'DOCTYPE declarations are not allowed' },
    ]);
  });
});

describe('XsdValidator with a bad schema', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'xsd-validator-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses text that is not an XSD, naming the file', () => {
    expect(() => new XsdValidator('<report/>', 'fiu.xsd')).toThrow(/^fiu\.xsd is not an XML Schema/);
  });

  it('names the file and the line when libxml2 cannot compile it', async () => {
    const file = path.join(dir, 'broken.xsd');
    writeFileSync(file, SMALL_XSD.replace('type="submission_type"', 'type="no_such_type"'));
    const unresolved = `libxml2 cannot compile ${file}: line 7: element element: Schemas parser error : element decl. 'submission_code'`;
    await expect(XsdValidator.fromFile(file)).rejects.toThrow(unresolved);
    writeFileSync(file, SMALL_XSD.replace('</xs:sequence>', ''));
    const malformed = /libxml2 cannot compile .*broken\.xsd: line \d+: parser error : Opening and ending tag mismatch/;
    await expect(XsdValidator.fromFile(file)).rejects.toThrow(malformed);
  });

  it('names a missing file', async () => {
    await expect(XsdValidator.fromFile(path.join(dir, 'absent.xsd'))).rejects.toThrow(/^Cannot read the goAML XSD .*absent\.xsd: ENOENT/);
  });

  it('fails validate() itself, not the document, when the schema was never compiled', async () => {
    const validator = new XsdValidator(SMALL_XSD.replace('type="submission_type"', 'type="no_such_type"'), 'inline.xsd');
    const unresolved = /^libxml2 cannot compile inline\.xsd: line 7: .*'no_such_type' does not resolve/;
    await expect(validator.validate(report(HEADER, TRANSACTIONS))).rejects.toThrow(unresolved);
  });
});

// Shared data lives outside the repository (see shared/data/PROVENANCE.md); skip cleanly without it.
// eslint-disable-next-line no-restricted-syntax -- test data location, set by CI
const configuredData = process.env.FIU_SHARED_DATA;
const defaultData = path.resolve(__dirname, '../../../../../../shared/data');
const sharedData = configuredData ?? (existsSync(defaultData) ? defaultData : undefined);
const goamlDir = sharedData && path.join(sharedData, 'goaml');
const schemaFile = goamlDir && path.join(goamlDir, 'schema', 'goAMLSchema-5.0.2-ae-patched.xsd');
const haveData = !!schemaFile && existsSync(schemaFile);
if (!haveData) {
  console.warn(`goAML data set absent (${schemaFile ?? 'FIU_SHARED_DATA unset'}): skipping the real-schema XSD validation tests`);
}
const withData = haveData ? describe : describe.skip;
const samplesDir = path.join(goamlDir ?? '', 'samples');
const samples = haveData ? readdirSync(samplesDir).filter((file) => file.endsWith('.xml')) : [];

withData('XsdValidator on the UAE goAML 5.0.2 schema', () => {
  let validator: XsdValidator;
  beforeAll(async () => (validator = await XsdValidator.fromFile(schemaFile ?? '')));

  it.each(samples)('validates %s without throwing', async (file) => {
    const issues = await validator.validate(readFileSync(path.join(samplesDir, file)));
    expect(Array.isArray(issues)).toBe(true);
  });

  it('reports a broken submission_code in a sample', async () => {
    const xml = readFileSync(path.join(samplesDir, samples[0]), 'utf8').replace(/<submission_code>[^<]*</, '<submission_code>X<');
    const issues = await validator.validate(xml);
    expect(issues.some((issue) => issue.message.includes('submission_code'))).toBe(true);
  });
});
