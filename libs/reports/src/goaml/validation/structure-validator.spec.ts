import fc from 'fast-check';
import { compileXsd } from '../schema/xsd-compiler';
import { JsonForm } from '../json/json-form';
import { readXmlDocument } from '../xml/safe-xml-reader';
import { writeXml } from '../xml/xml-writer';
import { StructureValidator } from './structure-validator';

// A small goAML-shaped schema written for these tests.
const XSD = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="currency_type"><xs:restriction base="xs:string"><xs:enumeration value="EUR"/><xs:enumeration value="USD"/></xs:restriction></xs:simpleType>
  <xs:complexType name="t_person">
    <xs:sequence>
      <xs:element name="first_name"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType></xs:element>
      <xs:element name="last_name" type="xs:string"/>
      <xs:element name="birthdate" type="xs:dateTime" minOccurs="0"/>
      <xs:element name="phones" minOccurs="0"><xs:complexType><xs:sequence><xs:element name="phone" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="t_account"><xs:sequence><xs:element name="account" type="xs:string"/><xs:element name="currency_code" type="currency_type" minOccurs="0"/></xs:sequence></xs:complexType>
  <xs:element name="report">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="rentity_id" type="xs:int"/>
        <xs:element name="entity_reference" type="xs:string"/>
        <xs:element name="currency_code_local" type="currency_type"/>
        <xs:choice>
          <xs:element name="transaction" maxOccurs="unbounded">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="amount_local" type="xs:decimal"/>
                <xs:element name="t_from">
                  <xs:complexType><xs:sequence>
                    <xs:choice><xs:element name="from_person" type="t_person"/><xs:element name="from_account" type="t_account"/></xs:choice>
                    <xs:element name="from_country" type="xs:string"/>
                  </xs:sequence></xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
          <xs:element name="activity" type="xs:string"/>
        </xs:choice>
        <xs:element name="report_indicators" minOccurs="0">
          <xs:complexType><xs:sequence><xs:element name="indicator" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

const schema = compileXsd(XSD);
const validator = new StructureValidator(schema);
const json = new JsonForm(schema);

const VALID = `<report>
  <rentity_id>101</rentity_id>
  <entity_reference>STR-1</entity_reference>
  <currency_code_local>EUR</currency_code_local>
  <transaction>
    <amount_local>9500.00</amount_local>
    <t_from><from_person><first_name>Jan</first_name><last_name>Jansen</last_name><phones><phone>+31 6 1</phone><phone>+31 6 2</phone></phones></from_person><from_country>NL</from_country></t_from>
  </transaction>
  <transaction>
    <amount_local>10</amount_local>
    <t_from><from_account><account>0104572057772</account><currency_code>USD</currency_code></from_account><from_country>NL</from_country></t_from>
  </transaction>
  <report_indicators><indicator>STRUCT</indicator></report_indicators>
</report>`;

const errorsOf = async (xml: string) => validator.validateReport(await readXmlDocument(xml));

describe('StructureValidator', () => {
  it('accepts a valid report', async () => {
    await expect(errorsOf(VALID)).resolves.toEqual([]);
  });

  it('reports missing, out-of-order, unknown, wrong-type, too-long and off-list values, all at once, with XPaths', async () => {
    const xml = VALID.replace('<entity_reference>STR-1</entity_reference>', '')
      .replace('<rentity_id>101</rentity_id>', '<rentity_id>abc</rentity_id>')
      .replace('<first_name>Jan</first_name>', '<first_name>Janneke-Maria</first_name>')
      .replace('<currency_code>USD</currency_code>', '<currency_code>GBP</currency_code><colour>red</colour>')
      .replace('<amount_local>10</amount_local>', '<amount_local>ten</amount_local>');
    const errors = await errorsOf(xml);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/report/rentity_id', code: 'invalid_format' }),
        expect.objectContaining({ path: '/report/entity_reference', code: 'required' }),
        expect.objectContaining({ path: '/report/transaction[1]/t_from/from_person/first_name', code: 'too_long' }),
        expect.objectContaining({ path: '/report/transaction[2]/amount_local', code: 'invalid_format' }),
        expect.objectContaining({ path: '/report/transaction[2]/t_from/from_account/currency_code', code: 'invalid_code' }),
        expect.objectContaining({ path: '/report/transaction[2]/t_from/from_account/colour', code: 'unknown_element' }),
      ]),
    );
  });

  it('enforces "exactly one of" choices', async () => {
    const both = VALID.replace('<from_country>NL</from_country></t_from>', '<from_account><account>1</account></from_account><from_country>NL</from_country></t_from>');
    expect(await errorsOf(both)).toEqual([expect.objectContaining({ code: 'choice_violation', path: '/report/transaction[1]/t_from/from_account' })]);
    const none = VALID.replace(/<from_person>.*<\/from_person>/, '');
    expect(await errorsOf(none)).toEqual([expect.objectContaining({ code: 'choice_required', path: '/report/transaction[1]/t_from/from_person' })]);
  });

  it('notices elements out of order', async () => {
    const swapped = VALID.replace('<entity_reference>STR-1</entity_reference>\n  <currency_code_local>EUR</currency_code_local>', '<currency_code_local>EUR</currency_code_local>\n  <entity_reference>STR-1</entity_reference>');
    const codes = (await errorsOf(swapped)).map((e) => e.code);
    expect(codes).toContain('element_out_of_order');
  });

  it('validates a streamed file record by record plus a skeleton, with the same findings as the whole tree', async () => {
    const root = await readXmlDocument(VALID.replace('<amount_local>10</amount_local>', '<amount_local>x</amount_local>'));
    const whole = validator.validateReport(root);
    const streamed = validator.validateSkeleton({ ...root, children: root.children.map((c) => ({ ...c, children: [], text: '' })) });
    for (const record of root.children) validator.validateRecord(record, streamed);
    expect(streamed).toEqual(whole);
  });
});

describe('JsonForm', () => {
  it('round-trips XML -> JSON -> tree -> XML -> JSON', async () => {
    const root = await readXmlDocument(VALID);
    const asJson = json.fromElementTree(root);
    expect(asJson).toMatchObject({
      rentityId: '101',
      transaction: [{ tFrom: { fromPerson: { phones: ['+31 6 1', '+31 6 2'] } } }, { tFrom: { fromAccount: { account: '0104572057772' } } }],
      reportIndicators: ['STRUCT'],
    });
    const { root: rebuilt, errors } = json.toElementTree(asJson);
    expect(errors).toEqual([]);
    expect(validator.validateReport(rebuilt!)).toEqual([]);
    const again = await readXmlDocument(writeXml(rebuilt!));
    expect(json.fromElementTree(again)).toEqual(asJson);
  });

  it('reports JSON shape problems with JSON pointers, and puts elements in schema order', () => {
    const { root, errors } = json.toElementTree({
      currencyCodeLocal: 'EUR',
      entityReference: 'R',
      rentityId: 101,
      transaction: [{ tFrom: { fromCountry: 'NL', fromAccount: { account: '1', colour: 'red' } }, amountLocal: 5 }],
      reportIndicators: 'STRUCT',
    });
    expect(errors).toEqual([
      expect.objectContaining({ path: '/transaction/0/tFrom/fromAccount/colour', code: 'unknown_property' }),
      expect.objectContaining({ path: '/reportIndicators', code: 'invalid_type' }),
    ]);
    expect(root!.children.map((c) => c.name)).toEqual(['rentity_id', 'entity_reference', 'currency_code_local', 'transaction']);
    expect(validator.validateReport(root!)).toEqual([]);
    const missing = json.toElementTree({ rentityId: '1', currencyCodeLocal: 'EUR', activity: 'x' });
    expect(validator.validateReport(missing.root!)).toEqual([expect.objectContaining({ path: '/entityReference', code: 'required' })]);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const { root, errors } = json.toElementTree(value);
        if (root) validator.validateReport(root);
        expect(Array.isArray(errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
