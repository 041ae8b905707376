import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { isIsoCountry } from '../../validation/iso-codes';
import { StructureValidator } from '../../validation/structure-validator';
import { readXmlDocument } from '../../xml/safe-xml-reader';
import type { ElementParticle, GroupParticle, Particle } from '../schema-model';
import { DEFAULT_XSD_PATH, defaultSchema, defaultSchemaText } from './default-schema';

// ---- helpers ------------------------------------------------------------------------------------

function elements(particle: Particle | null): ElementParticle[] {
  if (!particle) return [];
  return particle.kind === 'element' ? [particle] : particle.particles.flatMap(elements);
}

function findElement(particle: Particle | null, name: string): ElementParticle | undefined {
  return elements(particle).find((e) => e.name === name);
}

function groups(particle: Particle | null): GroupParticle[] {
  if (!particle || particle.kind === 'element') return [];
  return [particle, ...particle.particles.flatMap(groups)];
}

/** Element names that must occur: reached through required particles only, never through a choice. */
function required(particle: Particle | null): Set<string> {
  const names = new Set<string>();
  const visit = (p: Particle) => {
    if (p.minOccurs === 0) return;
    if (p.kind === 'element') names.add(p.name);
    else if (p.kind !== 'choice') p.particles.forEach(visit);
  };
  if (particle) visit(particle);
  return names;
}

function typeKey(particle: ElementParticle | undefined): string {
  const type = particle?.type;
  if (!type || !('complex' in type)) throw new Error(`${particle?.name ?? '?'} has no complex type`);
  return type.complex;
}

const schema = defaultSchema();
const content = (key: string) => schema.types[key]?.content ?? null;
const rootContent = content(typeKey({ kind: 'element', name: 'report', minOccurs: 1, maxOccurs: 1, type: schema.root }));

async function xsdValidate(xml: string, fileName = 'report.xml'): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: 'goaml-core.xsd', contents: defaultSchemaText() }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

async function structureErrors(xml: string): Promise<string[]> {
  const root = await readXmlDocument(xml);
  return new StructureValidator(schema).validateReport(root).map((e) => `${e.path}: ${e.message}`);
}

// ---- the schema itself --------------------------------------------------------------------------

describe('built-in goAML schema', () => {
  it('is read from beside its module and compiled once', () => {
    expect(path.basename(DEFAULT_XSD_PATH)).toBe('goaml-core.xsd');
    expect(existsSync(DEFAULT_XSD_PATH)).toBe(true);
    expect(defaultSchema()).toBe(schema);
    expect(Object.isFrozen(schema)).toBe(true);
    expect(schema.rootElement).toBe('report');
  });

  it('has complete ISO currency and country lists, with labels', () => {
    const currencies = schema.codeLists.currency_type;
    expect(currencies.length).toBeGreaterThanOrEqual(150);
    expect(currencies).toEqual(expect.arrayContaining(['EUR', 'USD', 'AED', 'IDR', 'LKR', 'XAU']));
    // Every currency Node's ICU knows is accepted (the schema adds the ISO fund and metal codes ICU lacks).
    expect(Intl.supportedValuesOf('currency').filter((code) => !currencies.includes(code))).toEqual([]);

    const countries = schema.codeLists.country_type;
    expect(countries.length).toBeGreaterThanOrEqual(240);
    expect(countries).toEqual(expect.arrayContaining(['NL', 'AE', 'ID', 'LK', 'XK']));
    expect(countries.filter((code) => !isIsoCountry(code))).toEqual([]);

    const currencyCode = findElement(rootContent, 'currency_code_local')?.type;
    expect(currencyCode).toMatchObject({ simple: { name: 'currency_type', enumerationDocs: { EUR: 'Euro' } } });
    const country = findElement(content('t_address'), 'country_code')?.type;
    const docs = country && 'simple' in country ? (country.simple.enumerationDocs ?? {}) : {};
    expect(Object.keys(docs)).toHaveLength(countries.length);
  });

  it('has the generic code lists, and free codes where FIUs differ', () => {
    expect(schema.codeLists.submission_type).toEqual(['E', 'M']);
    expect(schema.codeLists.report_type).toEqual(expect.arrayContaining(['STR', 'SAR', 'CTR', 'AIF', 'IFT', 'EFT', 'DPMSR', 'TFR', 'PEP', 'CTRA']));
    for (const list of ['funds_type', 'conduction_type', 'contact_type', 'communication_type', 'identifier_type', 'account_type', 'gender_type']) {
      expect(schema.codeLists[list]?.length).toBeGreaterThan(2);
    }
    expect(schema.codeLists.report_indicator_type).toBeUndefined();
    expect(schema.codeLists.legal_form_type).toBeUndefined();
    const indicator = findElement(content(typeKey(findElement(rootContent, 'report_indicators'))), 'indicator');
    expect(indicator?.type).toMatchObject({ simple: { name: 'report_indicator_type', maxLength: 25 } });
  });

  it('lists the report header in goAML order, then the body and the indicators', () => {
    const names = elements(rootContent).map((e) => e.name);
    expect(names).toEqual([
      'rentity_id',
      'rentity_branch',
      'submission_code',
      'report_code',
      'entity_reference',
      'fiu_ref_number',
      'prev_rejected_ref_number',
      'submission_date',
      'currency_code_local',
      'reporting_person',
      'location',
      'reason',
      'action',
      'transaction',
      'activity',
      'activity',
      'report_indicators',
      'additional_information',
    ]);
    expect([...required(rootContent)]).toEqual(['rentity_id', 'submission_code', 'report_code', 'submission_date', 'currency_code_local']);
    expect(findElement(rootContent, 'rentity_id')?.type).toMatchObject({ simple: { base: 'int', minInclusive: '1' } });
    expect(findElement(rootContent, 'submission_date')?.type).toMatchObject({ simple: { base: 'dateTime', name: 'sql_date' } });
    expect(findElement(rootContent, 'transaction')?.maxOccurs).toBe(Infinity);
    const body = groups(rootContent).find((g) => g.kind === 'choice');
    expect(elements(body ?? null).map((e) => e.name)).toEqual(['transaction', 'activity', 'activity']);
    expect(schema.wrappers[typeKey(findElement(rootContent, 'report_indicators'))]).toBe('indicator');
  });

  it('wraps the repeated lists', () => {
    const person = content('t_person');
    expect(schema.wrappers[typeKey(findElement(person, 'phones'))]).toBe('phone');
    expect(schema.wrappers[typeKey(findElement(person, 'addresses'))]).toBe('address');
    const activity = content('activity_type');
    expect(schema.wrappers[typeKey(findElement(activity, 'report_parties'))]).toBe('report_party');
    expect(schema.wrappers[typeKey(findElement(activity, 'goods_services'))]).toBe('item');
  });
});

describe('built-in goAML schema structure', () => {
  const transaction = content(typeKey(findElement(rootContent, 'transaction')));

  it('makes a transaction either two-sided or multi-party', () => {
    const shape = groups(transaction).find((g) => g.kind === 'choice' && g.particles.some((p) => p.kind === 'element' && p.name === 'involved_parties'));
    expect(shape?.minOccurs).toBe(1);
    const twoSided = shape?.particles.find((p): p is GroupParticle => p.kind === 'sequence');
    const sides = twoSided?.particles.map((side) => (side.kind === 'choice' ? side.particles.map((p) => (p.kind === 'element' ? p.name : p.kind)) : side.kind));
    expect(sides).toEqual([
      ['t_from_my_client', 't_from'],
      ['t_to_my_client', 't_to'],
    ]);
    expect(schema.wrappers[typeKey(findElement(transaction, 'involved_parties'))]).toBe('party');
    expect([...required(transaction)]).toEqual(['transactionnumber', 'date_transaction', 'transmode_code', 'amount_local']);
  });

  it.each([
    ['t_from', 'from'],
    ['t_from_my_client', 'from'],
    ['t_to', 'to'],
    ['t_to_my_client', 'to'],
  ])('gives %s exactly one of account, person and entity', (type, side) => {
    const subject = groups(content(type)).find((g) => g.kind === 'choice');
    expect(subject).toMatchObject({ minOccurs: 1, maxOccurs: 1 });
    expect(elements(subject ?? null).map((e) => e.name)).toEqual([`${side}_account`, `${side}_person`, `${side}_entity`]);
    expect([...required(content(type))]).toEqual([`${side}_funds_code`, `${side}_country`]);
  });

  it('asks more of the filer\'s own clients', () => {
    const pairs = [
      ['t_person', 't_person_my_client'],
      ['t_entity', 't_entity_my_client'],
      ['t_account', 't_account_my_client'],
    ];
    for (const [plain, myClient] of pairs) {
      const base = required(content(plain));
      const more = required(content(myClient));
      expect([...base].filter((name) => !more.has(name))).toEqual([]);
      expect(more.size).toBeGreaterThan(base.size);
    }
    expect([...required(content('t_person_my_client'))]).toEqual(['last_name', 'birthdate', 'nationality1', 'residence']);
  });

  it("requires a holder on the filer's own account: the entity, signatories, or both", () => {
    const holder = groups(content('t_account_my_client')).find((g) => g.kind === 'choice' && elements(g).some((e) => e.name === 'signatory'));
    expect(holder?.minOccurs).toBe(1);
    expect(holder?.particles.map((branch) => elements(branch).map((e) => `${e.name}${e.minOccurs === 0 ? '?' : ''}`))).toEqual([
      ['t_entity', 'signatory?'],
      ['signatory'],
    ]);
    expect(findElement(content('t_account'), 'signatory')?.minOccurs).toBe(0);
  });

  it('adds a role to a director, who is otherwise a person', () => {
    const director = typeKey(findElement(content('t_entity'), 'director_id'));
    const names = elements(content(director)).map((e) => e.name);
    expect(names.slice(0, -1)).toEqual(elements(content('t_person')).map((e) => e.name));
    expect(names.at(-1)).toBe('role');
  });
});

// ---- validation of reports ----------------------------------------------------------------------

const HEADER = `
  <rentity_id>101</rentity_id>
  <submission_code>E</submission_code>
  <report_code>STR</report_code>
  <entity_reference>STR-2026-0042</entity_reference>
  <submission_date>2026-06-02T12:00:00</submission_date>
  <currency_code_local>EUR</currency_code_local>
  <reporting_person>
    <first_name>Anna</first_name>
    <last_name>de Vries</last_name>
    <email>compliance@bank.example</email>
    <occupation>MLRO</occupation>
  </reporting_person>
  <reason>Cash deposits split below the threshold, then sent abroad the same day.</reason>
  <action>Account under review</action>`;

const INDICATORS = `
  <report_indicators>
    <indicator>STRUCT</indicator>
    <indicator>CASH-01</indicator>
  </report_indicators>`;

const report = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<report>${HEADER}${body}${INDICATORS}\n</report>\n`;

const MY_CLIENT_PERSON = `
        <from_person>
          <gender>M</gender>
          <first_name>Jan</first_name>
          <last_name>Jansen</last_name>
          <birthdate>1980-04-12T00:00:00</birthdate>
          <passport_number>NX1234567</passport_number>
          <passport_country>NL</passport_country>
          <nationality1>NL</nationality1>
          <residence>NL</residence>
          <phones>
            <phone>
              <tph_contact_type>PRIVT</tph_contact_type>
              <tph_communication_type>M</tph_communication_type>
              <tph_number>+31600000000</tph_number>
            </phone>
          </phones>
          <addresses>
            <address>
              <address_type>RES</address_type>
              <address>Dorpsstraat 1</address>
              <city>Utrecht</city>
              <zip>3511 AA</zip>
              <country_code>NL</country_code>
            </address>
          </addresses>
          <occupation>Trader</occupation>
          <identification>
            <type>PASSP</type>
            <number>NX1234567</number>
            <issue_date>2020-01-01T00:00:00</issue_date>
            <expiry_date>2030-01-01T00:00:00</expiry_date>
            <issue_country>NL</issue_country>
          </identification>
        </from_person>`;

const TWO_SIDED = report(`
  <transaction>
    <transactionnumber>TX-1</transactionnumber>
    <internal_ref_number>INT-991</internal_ref_number>
    <transaction_location>Utrecht, main branch</transaction_location>
    <transaction_description>Cash deposit and transfer to a foreign account</transaction_description>
    <date_transaction>2026-05-30T10:15:00</date_transaction>
    <teller>T042</teller>
    <value_date>2026-05-30T00:00:00</value_date>
    <transmode_code>BO</transmode_code>
    <amount_local>9500.00</amount_local>
    <t_from_my_client>
      <from_funds_code>CASH</from_funds_code>${MY_CLIENT_PERSON}
      <from_country>NL</from_country>
    </t_from_my_client>
    <t_to>
      <to_funds_code>ELCFT</to_funds_code>
      <to_foreign_currency>
        <foreign_currency_code>USD</foreign_currency_code>
        <foreign_amount>10250.50</foreign_amount>
        <foreign_exchange_rate>1.079</foreign_exchange_rate>
      </to_foreign_currency>
      <to_account>
        <institution_name>Example Bank Ltd</institution_name>
        <swift>EXMPUS33XXX</swift>
        <account>000123456789</account>
        <currency_code>USD</currency_code>
        <account_name>Acme Trading LLC</account_name>
        <t_entity>
          <name>Acme Trading LLC</name>
          <incorporation_country_code>US</incorporation_country_code>
        </t_entity>
        <signatory>
          <is_primary>true</is_primary>
          <t_person>
            <first_name>John</first_name>
            <last_name>Doe</last_name>
          </t_person>
          <role>PAH</role>
        </signatory>
      </to_account>
      <to_country>US</to_country>
    </t_to>
    <comments>Second such transfer this month</comments>
  </transaction>`);

const MULTI_PARTY = report(`
  <transaction>
    <transactionnumber>TX-2</transactionnumber>
    <date_transaction>2026-05-31T09:00:00</date_transaction>
    <transmode_code>CRNEX</transmode_code>
    <amount_local>15000</amount_local>
    <involved_parties>
      <party>
        <role>BUY</role>
        <person>
          <first_name>Maria</first_name>
          <last_name>Silva</last_name>
          <nationality1>PT</nationality1>
        </person>
        <funds_code>CASH</funds_code>
        <country>PT</country>
        <significance>8</significance>
      </party>
      <party>
        <role>SELL</role>
        <entity_my_client>
          <name>Goldhandel B.V.</name>
          <incorporation_legal_form>BV</incorporation_legal_form>
          <incorporation_number>12345678</incorporation_number>
          <business>Precious metals trading</business>
          <addresses>
            <address>
              <address_type>BU</address_type>
              <address>Kalverstraat 10</address>
              <city>Amsterdam</city>
              <country_code>NL</country_code>
            </address>
          </addresses>
          <incorporation_country_code>NL</incorporation_country_code>
          <director_id>
            <last_name>Bakker</last_name>
            <role>DIR</role>
          </director_id>
        </entity_my_client>
        <country>NL</country>
      </party>
    </involved_parties>
    <goods_services>
      <item>
        <item_type>GOLD</item_type>
        <description>1 kg bar</description>
        <disposed_value>15000</disposed_value>
        <currency_code>EUR</currency_code>
        <size>1</size>
        <size_uom>KG</size_uom>
      </item>
    </goods_services>
  </transaction>`);

/** t_from holding both a person and an account: the subject is a choice of exactly one. */
const BOTH_SUBJECTS = report(`
  <transaction>
    <transactionnumber>TX-3</transactionnumber>
    <date_transaction>2026-05-31T09:00:00</date_transaction>
    <transmode_code>OCT</transmode_code>
    <amount_local>100</amount_local>
    <t_from>
      <from_funds_code>CASH</from_funds_code>
      <from_person>
        <last_name>Jansen</last_name>
      </from_person>
      <from_account>
        <institution_code>0001</institution_code>
        <account>NL00BANK0123456789</account>
      </from_account>
      <from_country>NL</from_country>
    </t_from>
    <t_to>
      <to_funds_code>CASH</to_funds_code>
      <to_person>
        <last_name>Smit</last_name>
      </to_person>
      <to_country>NL</to_country>
    </t_to>
  </transaction>`);

describe('reports against the built-in goAML schema', () => {
  it.each([
    ['a two-sided transaction (my client -> account)', TWO_SIDED],
    ['a multi-party transaction', MULTI_PARTY],
  ])('accepts %s', async (_label, xml) => {
    await expect(xsdValidate(xml)).resolves.toEqual({ valid: true, errors: [] });
    await expect(structureErrors(xml)).resolves.toEqual([]);
  });

  it('rejects a t_from with both a person and an account', async () => {
    const result = await xsdValidate(BOTH_SUBJECTS);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/from_account/);
    await expect(structureErrors(BOTH_SUBJECTS)).resolves.not.toEqual([]);
  });

  it('rejects a report with neither transactions nor an activity', async () => {
    const result = await xsdValidate(report(''));
    expect(result.valid).toBe(false);
  });

  it("rejects a filer's own client without birthdate", async () => {
    const result = await xsdValidate(TWO_SIDED.replace('<birthdate>1980-04-12T00:00:00</birthdate>', ''));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/birthdate/);
  });
});

// ---- real samples -------------------------------------------------------------------------------

// Shared data lives outside the repository (see shared/data/PROVENANCE.md); skip cleanly without it.
// eslint-disable-next-line no-restricted-syntax -- test data location, set by CI
const configuredData = process.env.FIU_SHARED_DATA;
const defaultData = path.resolve(__dirname, '../../../../../../../shared/data');
const sharedData = configuredData ?? (existsSync(defaultData) ? defaultData : undefined);
const samplesDir = sharedData && path.join(sharedData, 'goaml', 'samples');
const samples = samplesDir && existsSync(samplesDir) ? readdirSync(samplesDir).filter((file) => file.endsWith('.xml')).sort() : [];
if (samples.length === 0) {
  console.warn(`goAML sample reports absent (${samplesDir ?? 'FIU_SHARED_DATA unset'}): skipping the sample validation tests`);
}
const withSamples = samples.length > 0 ? describe : describe.skip;

withSamples('goAML sample reports against the built-in schema', () => {
  it.each(samples.length > 0 ? samples : ['none'])('%s is valid', async (file) => {
    const xml = readFileSync(path.join(samplesDir ?? '', file), 'utf8');
    await expect(xsdValidate(xml, file)).resolves.toEqual({ valid: true, errors: [] });
    await expect(structureErrors(xml)).resolves.toEqual([]);
  });
});
