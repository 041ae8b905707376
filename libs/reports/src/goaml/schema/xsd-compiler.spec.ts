import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeListsFromSchema, toCodeListSets } from './code-lists';
import type { ElementParticle, GroupParticle, Particle } from './schema-model';
import { compileXsd, XsdCompileError } from './xsd-compiler';

/** Small goAML-like schema: forward references everywhere, as in the FIU files. */
const SMALL_XSD = `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" id="report">
  <xs:element name="report">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="rentity_id">
          <xs:simpleType>
            <xs:restriction base="xs:int">
              <xs:minInclusive value="1" />
            </xs:restriction>
          </xs:simpleType>
        </xs:element>
        <xs:element name="submission_code" type="submission_type" />
        <xs:element name="submission_date" type="sql_date" />
        <xs:element name="currency_code_local" type="local_currency_type" />
        <xs:element name="reporting_person" type="t_person" minOccurs="0" />
        <xs:choice>
          <xs:element name="transaction" maxOccurs="unbounded">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="transactionnumber">
                  <xs:simpleType>
                    <xs:annotation><xs:documentation>Ignored</xs:documentation></xs:annotation>
                    <xs:restriction base="xs:string">
                      <xs:minLength value="1" />
                      <xs:maxLength value="50" />
                    </xs:restriction>
                  </xs:simpleType>
                </xs:element>
                <xs:element name="late_deposit" type="xs:boolean" fixed="1" minOccurs="0" nillable="true" />
                <xs:element name="amount_local" type="xs:decimal" />
                <xs:element name="t_from" minOccurs="0">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="from_funds_code" type="funds_type" />
                      <xs:choice>
                        <xs:element name="from_person" type="t_person" />
                        <xs:element name="from_account" type="t_account" />
                        <xs:element name="from_entity" type="t_entity" />
                      </xs:choice>
                      <xs:element name="from_country" type="country_type" />
                    </xs:sequence>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
          <xs:element name="activity" type="activity_type" />
        </xs:choice>
        <xs:element name="report_indicators">
          <xs:complexType>
            <xs:sequence maxOccurs="unbounded">
              <xs:element name="indicator" type="report_indicator_type" />
            </xs:sequence>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="t_entity">
    <xs:sequence>
      <xs:element name="name" type="comments_type" />
      <xs:element name="director_id" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:complexContent>
            <xs:extension base="t_person">
              <xs:sequence minOccurs="0">
                <xs:element name="role" type="entity_person_role_type" />
              </xs:sequence>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="t_person">
    <xs:sequence>
      <xs:element name="first_name">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:maxLength value="100" />
            <xs:minLength value="1" />
            <xs:pattern value="[a-zA-Z0-9 .'-]*" />
          </xs:restriction>
        </xs:simpleType>
      </xs:element>
      <xs:element name="last_name" type="comments_type" />
      <xs:element name="phones" minOccurs="0">
        <xs:complexType>
          <xs:sequence maxOccurs="unbounded">
            <xs:element name="phone" type="t_phone" minOccurs="0" />
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="t_account">
    <xs:sequence>
      <xs:element name="account" type="account_number_type" />
    </xs:sequence>
    <xs:attribute name="status" type="xs:string" />
  </xs:complexType>
  <xs:complexType name="t_phone">
    <xs:sequence>
      <xs:element name="tph_number" type="comments_type" />
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="activity_type">
    <xs:sequence>
      <xs:element name="reason" type="comments_type" />
    </xs:sequence>
  </xs:complexType>
  <xs:simpleType name="account_number_type">
    <xs:restriction base="identifier_text">
      <xs:maxLength value="34" />
      <xs:pattern value="[A-Z0-9]+" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="identifier_text">
    <xs:restriction base="xs:token">
      <xs:minLength value="1" />
      <xs:maxLength value="50" />
      <xs:pattern value="\\S.*" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="submission_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="E">
        <!--Electronic-->
      </xs:enumeration>
      <xs:enumeration value="M">
        <xs:annotation><xs:documentation>Manually</xs:documentation></xs:annotation>
      </xs:enumeration>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="local_currency_type">
    <xs:restriction base="currency_type">
      <xs:enumeration value="AED" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="currency_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="AED"><!--UAE Dirham--></xs:enumeration>
      <xs:enumeration value="USD"><!--US Dollar--></xs:enumeration>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="funds_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="K" />
      <xs:enumeration value="A" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="country_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="AE" />
      <xs:enumeration value="LK" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="report_indicator_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="1001" />
      <xs:enumeration value="1002" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="entity_person_role_type">
    <xs:restriction base="xs:string">
      <xs:enumeration value="DIR" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="comments_type">
    <xs:restriction base="xs:string">
      <xs:maxLength value="8000" />
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="sql_date">
    <xs:restriction base="xs:dateTime">
      <xs:minInclusive value="1753-01-01T00:00:00" />
    </xs:restriction>
  </xs:simpleType>
</xs:schema>`;

/** Wraps content in a schema element, for the error cases. */
const schema = (body: string): string => `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${body}</xs:schema>`;

function element(particle: Particle | null | undefined): ElementParticle {
  if (particle?.kind !== 'element') throw new Error(`expected an element particle, got ${particle?.kind}`);
  return particle;
}

function group(particle: Particle | null | undefined): GroupParticle {
  if (!particle || particle.kind === 'element') throw new Error('expected a group particle');
  return particle;
}

/** Depth-first search for an element particle by name. */
function findElement(particle: Particle | null, name: string): ElementParticle | undefined {
  if (!particle) return undefined;
  if (particle.kind === 'element') return particle.name === name ? particle : undefined;
  for (const child of particle.particles) {
    const found = findElement(child, name);
    if (found) return found;
  }
  return undefined;
}

function findChoice(particle: Particle | null, names: string[]): GroupParticle | undefined {
  if (!particle || particle.kind === 'element') return undefined;
  if (particle.kind === 'choice' && names.every((name) => particle.particles.some((branch) => findElement(branch, name)))) return particle;
  for (const child of particle.particles) {
    const found = findChoice(child, names);
    if (found) return found;
  }
  return undefined;
}

describe('compileXsd on a small goAML-like schema', () => {
  const compiled = compileXsd(SMALL_XSD);
  const report = compiled.types.report;
  const content = group(report.content);

  it('takes report as the root element with an anonymous type keyed by its name', () => {
    expect(compiled.rootElement).toBe('report');
    expect(compiled.root).toEqual({ complex: 'report' });
    expect(report).toMatchObject({ name: 'report', anonymous: true, attributes: [] });
    expect(content).toMatchObject({ kind: 'sequence', minOccurs: 1, maxOccurs: 1 });
    expect(content.particles.map((p) => (p.kind === 'element' ? p.name : p.kind))).toEqual([
      'rentity_id',
      'submission_code',
      'submission_date',
      'currency_code_local',
      'reporting_person',
      'choice',
      'report_indicators',
    ]);
  });

  it('compiles inline and named simple types with their facets', () => {
    expect(element(content.particles[0])).toEqual({
      kind: 'element',
      name: 'rentity_id',
      minOccurs: 1,
      maxOccurs: 1,
      type: { simple: { base: 'int', minInclusive: '1' } },
    });
    expect(element(content.particles[1]).type).toEqual({
      simple: { base: 'string', name: 'submission_type', enumeration: ['E', 'M'], enumerationDocs: { E: 'Electronic', M: 'Manually' } },
    });
    expect(element(content.particles[2]).type).toEqual({
      simple: { base: 'dateTime', name: 'sql_date', minInclusive: '1753-01-01T00:00:00' },
    });
    expect(element(content.particles[4])).toMatchObject({ minOccurs: 0, maxOccurs: 1, type: { complex: 't_person' } });
  });

  it('lets a derived enumeration replace the base one and keeps the derived name', () => {
    expect(element(content.particles[3]).type).toEqual({ simple: { base: 'string', name: 'local_currency_type', enumeration: ['AED'] } });
  });

  it('merges a restriction chain declared before its base, accumulating patterns', () => {
    const account = element(group(compiled.types.t_account.content).particles[0]);
    expect(account.type).toEqual({
      simple: { base: 'string', name: 'account_number_type', minLength: 1, maxLength: 34, patterns: ['\\S.*', '[A-Z0-9]+'] },
    });
    expect(compiled.types.t_account.attributes).toEqual(['status']);
  });

  it('keeps choices, occurrences and anonymous types keyed by element path', () => {
    const choice = group(content.particles[5]);
    expect(choice).toMatchObject({ kind: 'choice', minOccurs: 1, maxOccurs: 1 });
    expect(choice.particles).toEqual([
      { kind: 'element', name: 'transaction', minOccurs: 1, maxOccurs: Infinity, type: { complex: 'report/transaction' } },
      { kind: 'element', name: 'activity', minOccurs: 1, maxOccurs: 1, type: { complex: 'activity_type' } },
    ]);
    const transaction = group(compiled.types['report/transaction'].content);
    expect(element(transaction.particles[1])).toEqual({
      kind: 'element',
      name: 'late_deposit',
      minOccurs: 0,
      maxOccurs: 1,
      type: { simple: { base: 'boolean' } },
      fixed: '1',
      nillable: true,
    });
    expect(element(transaction.particles[3]).type).toEqual({ complex: 'report/transaction/t_from' });

    const tFrom = group(compiled.types['report/transaction/t_from'].content);
    expect(tFrom.particles.map((p) => p.kind)).toEqual(['element', 'choice', 'element']);
    expect(group(tFrom.particles[1]).particles).toEqual([
      { kind: 'element', name: 'from_person', minOccurs: 1, maxOccurs: 1, type: { complex: 't_person' } },
      { kind: 'element', name: 'from_account', minOccurs: 1, maxOccurs: 1, type: { complex: 't_account' } },
      { kind: 'element', name: 'from_entity', minOccurs: 1, maxOccurs: 1, type: { complex: 't_entity' } },
    ]);
    expect(element(tFrom.particles[2]).type).toEqual({ simple: { base: 'string', name: 'country_type', enumeration: ['AE', 'LK'] } });
  });

  it('appends the particles of a complexContent extension after the base ones', () => {
    const director = element(group(compiled.types.t_entity.content).particles[1]);
    expect(director).toMatchObject({ minOccurs: 0, maxOccurs: Infinity, type: { complex: 't_entity/director_id' } });
    const extended = group(compiled.types['t_entity/director_id'].content);
    expect(extended).toMatchObject({ kind: 'sequence', minOccurs: 1, maxOccurs: 1 });
    expect(extended.particles[0]).toBe(compiled.types.t_person.content);
    expect(extended.particles[1]).toEqual({
      kind: 'sequence',
      minOccurs: 0,
      maxOccurs: 1,
      particles: [
        {
          kind: 'element',
          name: 'role',
          minOccurs: 1,
          maxOccurs: 1,
          type: { simple: { base: 'string', name: 'entity_person_role_type', enumeration: ['DIR'] } },
        },
      ],
    });
  });

  it('registers wrappers and code lists', () => {
    expect(compiled.wrappers).toEqual({ 'report/report_indicators': 'indicator', 't_person/phones': 'phone' });
    expect(compiled.codeLists).toEqual({
      submission_type: ['E', 'M'],
      local_currency_type: ['AED'],
      currency_type: ['AED', 'USD'],
      funds_type: ['K', 'A'],
      country_type: ['AE', 'LK'],
      report_indicator_type: ['1001', '1002'],
      entity_person_role_type: ['DIR'],
    });
    expect(Object.keys(compiled.types).sort()).toEqual(
      [
        'report',
        'report/transaction',
        'report/transaction/t_from',
        'report/report_indicators',
        't_entity',
        't_entity/director_id',
        't_person',
        't_person/phones',
        't_account',
        't_phone',
        'activity_type',
      ].sort(),
    );
  });

  it('returns a frozen model and code lists that can be copied and turned into sets', () => {
    expect(Object.isFrozen(compiled.types.t_person)).toBe(true);
    const lists = codeListsFromSchema(compiled);
    lists.currency_type.push('EUR');
    expect(compiled.codeLists.currency_type).toEqual(['AED', 'USD']);
    expect(toCodeListSets(compiled.codeLists).country_type.has('AE')).toBe(true);
  });
});

describe('compileXsd refusals', () => {
  it('refuses a DOCTYPE', () => {
    const body = schema('<xs:element name="report" type="xs:string" />');
    const xsd = `<?xml version="1.0"?>\n<!DOCTYPE xs:schema [<!ENTITY x "expanded">]>\n${body}`;
    expect(() => compileXsd(xsd)).toThrow(XsdCompileError);
    expect(() => compileXsd(xsd)).toThrow(/DOCTYPE/);
  });

  it('refuses malformed XML, unknown types, unsupported constructs and cycles', () => {
    expect(() => compileXsd('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">')).toThrow(/not well-formed/);
    expect(() => compileXsd('<schema />')).toThrow(/not xs:schema/);
    expect(() => compileXsd(schema('<xs:element name="report" type="nope" />'))).toThrow(/Unknown type 'nope' \(XSD line 1\)/);
    const wildcard = '<xs:element name="report"><xs:complexType><xs:sequence><xs:any /></xs:sequence></xs:complexType></xs:element>';
    expect(() => compileXsd(schema(wildcard))).toThrow(/Unsupported xs:any/);
    expect(() => compileXsd(schema('<xs:include schemaLocation="other.xsd" />'))).toThrow(/Unsupported top-level xs:include/);
    const cycle =
      '<xs:simpleType name="a"><xs:restriction base="b" /></xs:simpleType>' +
      '<xs:simpleType name="b"><xs:restriction base="a" /></xs:simpleType>';
    expect(() => compileXsd(schema(`<xs:element name="report" type="a" />${cycle}`))).toThrow(/Circular definition/);
  });

  it('supports refs, named groups, unions and a root element other than report', () => {
    const compiled = compileXsd(
      schema(
        '<xs:element name="batch"><xs:complexType><xs:sequence>' +
          '<xs:element ref="item" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>' +
          '<xs:element name="item"><xs:complexType><xs:group ref="fields" minOccurs="0" /></xs:complexType></xs:element>' +
          '<xs:group name="fields"><xs:all><xs:element name="code" type="code_type" /></xs:all></xs:group>' +
          '<xs:simpleType name="code_type"><xs:union memberTypes="xs:int xs:date" /></xs:simpleType>',
      ),
    );
    expect(compiled.rootElement).toBe('batch');
    expect(compiled.wrappers).toEqual({ batch: 'item' });
    expect(compiled.types.item.content).toEqual({
      kind: 'all',
      minOccurs: 0,
      maxOccurs: 1,
      particles: [{ kind: 'element', name: 'code', minOccurs: 1, maxOccurs: 1, type: { simple: { base: 'other', name: 'code_type' } } }],
    });
  });
});

// Shared data lives outside the repository (see shared/data/PROVENANCE.md); skip cleanly without it.
// eslint-disable-next-line no-restricted-syntax -- test-only location of external data, not product configuration
const configuredData = process.env.FIU_SHARED_DATA;
const defaultData = path.resolve(__dirname, '../../../../../../shared/data');
const sharedData = configuredData ?? (existsSync(defaultData) ? defaultData : undefined);
const schemaDir = sharedData && path.join(sharedData, 'goaml', 'schema');
const haveSchemas = !!schemaDir && existsSync(schemaDir);
if (!haveSchemas) {
  console.warn(`goAML XSD data set absent (${schemaDir ?? 'FIU_SHARED_DATA unset'}): skipping the real-schema tests`);
}
const withSchemas = haveSchemas ? describe : describe.skip;
const readSchema = (file: string): string => readFileSync(path.join(schemaDir ?? '', file), 'utf8');

withSchemas('compileXsd on real FIU schemas', () => {
  it.each([
    ['goAMLSchema-5.0.2-ae-patched.xsd', 'AED'],
    ['goAMLSchema-4.0.2-id.xsd', 'IDR'],
    ['goAMLSchema-2.0-lk.xsd', 'LKR'],
  ])('compiles %s', (file, currency) => {
    const compiled = compileXsd(readSchema(file));
    expect(compiled.rootElement).toBe('report');
    expect(compiled.codeLists.currency_type).toContain(currency);
    expect(compiled.codeLists.country_type.length).toBeGreaterThan(200);
    const director = findElement(compiled.types.t_entity.content, 'director_id');
    expect(director?.type).toEqual({ complex: 't_entity/director_id' });
    expect(findElement(compiled.types['t_entity/director_id'].content, 'role')).toBeDefined();
  });

  describe('UAE goAML 5.0.2 (patched)', () => {
    const compiled = haveSchemas ? compileXsd(readSchema('goAMLSchema-5.0.2-ae-patched.xsd')) : undefined;

    it('has the currency and country code lists', () => {
      expect(compiled?.codeLists.currency_type).toEqual(expect.arrayContaining(['AED', 'USD']));
      expect(compiled?.codeLists.country_type).toContain('AE');
      expect(compiled?.codeLists.submission_type).toEqual(['-', 'E', 'M']);
    });

    it('describes the report element', () => {
      expect(compiled?.root).toEqual({ complex: 'report' });
      const content = compiled?.types.report.content ?? null;
      const expected = [
        'rentity_id',
        'submission_code',
        'report_code',
        'entity_reference',
        'submission_date',
        'currency_code_local',
        'reporting_person',
      ];
      for (const name of expected) {
        expect(findElement(content, name)).toBeDefined();
      }
      expect(findElement(content, 'submission_code')?.type).toMatchObject({ simple: { name: 'submission_type' } });
      expect(findElement(content, 'reporting_person')).toMatchObject({
        minOccurs: 1,
        type: { complex: 't_person_registration_in_report' },
      });
      expect(findChoice(content, ['transaction', 'activity'])).toBeDefined();
      expect(findElement(content, 'transaction')?.type).toEqual({ complex: 'report/transaction' });
      expect(findElement(content, 'report_indicators')?.type).toEqual({ complex: 'report/report_indicators' });
      expect(compiled?.wrappers['report/report_indicators']).toBe('indicator');
    });

    it('describes t_person and the phones wrapper', () => {
      const person = compiled?.types.t_person.content ?? null;
      expect(findElement(person, 'first_name')).toMatchObject({
        minOccurs: 1,
        maxOccurs: 1,
        type: { simple: { base: 'string', maxLength: 100 } },
      });
      expect(findElement(person, 'last_name')).toBeDefined();
      expect(findElement(person, 'phones')?.type).toEqual({ complex: 't_person/phones' });
      expect(compiled?.wrappers['t_person/phones']).toBe('phone');
    });
  });
});
