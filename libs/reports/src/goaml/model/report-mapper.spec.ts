import { readXmlDocument } from '../xml/safe-xml-reader';
import { ReportMapper } from './report-mapper';

const REPORT = `<report>
  <rentity_id>101</rentity_id>
  <submission_code>E</submission_code>
  <report_code>STR</report_code>
  <entity_reference>STR-2026-0042</entity_reference>
  <submission_date>2026-11-20T09:30:00</submission_date>
  <currency_code_local>EUR</currency_code_local>
  <reason>Nine cash deposits just below the threshold</reason>
  <transaction>
    <transactionnumber>TX-1</transactionnumber>
    <date_transaction>2026-11-02T10:00:00</date_transaction>
    <transmode_code>K</transmode_code>
    <amount_local>9500.00</amount_local>
    <t_from_my_client>
      <from_funds_code>K</from_funds_code>
      <t_conductor><first_name>Jan</first_name><last_name>Jansen</last_name></t_conductor>
      <from_account>
        <institution_name>Demo Bank</institution_name>
        <swift>DEMONL2A</swift>
        <account>0104572057772</account>
        <currency_code>EUR</currency_code>
        <account_name>J Jansen</account_name>
        <iban>NL91 ABNA 0417 1643 00</iban>
        <signatory><is_primary>true</is_primary><t_person><first_name>Jan</first_name><last_name>Jansen</last_name><birthdate>1980-04-01T00:00:00</birthdate><passport_number>NP1234567</passport_number><passport_country>NL</passport_country></t_person><role>A</role></signatory>
      </from_account>
      <from_country>NL</from_country>
    </t_from_my_client>
    <t_to>
      <to_funds_code>E</to_funds_code>
      <to_entity><name>Acme Trading BV</name><incorporation_number>12345678</incorporation_number><incorporation_country_code>NL</incorporation_country_code>
        <director_id><first_name>Piet</first_name><last_name>Bakker</last_name><role>DIR</role></director_id>
      </to_entity>
      <to_country>XX</to_country>
    </t_to>
  </transaction>
  <transaction>
    <transactionnumber>TX-2</transactionnumber>
    <date_transaction>2026-11-25T10:00:00</date_transaction>
    <transmode_code>K</transmode_code>
    <amount_local>-5</amount_local>
    <involved_parties>
      <party><role>B</role><person_my_client><first_name>Eva</first_name><last_name>Smit</last_name></person_my_client><funds_code>K</funds_code><country>NL</country></party>
    </involved_parties>
  </transaction>
  <report_indicators><indicator>STRUCT</indicator><indicator>NOPE</indicator></report_indicators>
</report>`;

async function mapped(options: Partial<ConstructorParameters<typeof ReportMapper>[0]> = {}) {
  const root = await readXmlDocument(REPORT);
  const mapper = new ReportMapper({ filerCode: '101', source: 'xml', today: new Date('2026-11-28T00:00:00Z'), indicators: new Set(['STRUCT']), ...options });
  for (const record of root.children) mapper.add(record);
  const { suspicionDate } = mapper.finish();
  return { mapper, rows: mapper.takeRows(), suspicionDate };
}

describe('ReportMapper', () => {
  it('reads the header and indicators', async () => {
    const { mapper } = await mapped();
    expect(mapper.header).toMatchObject({ rentityId: '101', reportCode: 'STR', entityReference: 'STR-2026-0042', currencyCodeLocal: 'EUR' });
    expect(mapper.indicators).toEqual(['STRUCT', 'NOPE']);
    expect(mapper.transactionCount).toBe(2);
  });

  it('maps both transaction shapes, nested parties and strong identifiers', async () => {
    const { rows } = await mapped();
    expect(rows.transactions.map((t) => [t.transactionNumber, t.shape, t.amountLocal])).toEqual([
      ['TX-1', 'bi_party', '9500.00'],
      ['TX-2', 'multi_party', '-5'],
    ]);
    const places = rows.parties.map((p) => [p.place, p.kind, p.displayName, p.myClient]);
    expect(places).toEqual([
      ['conductor', 'person', 'Jan Jansen', true],
      ['from', 'account', 'J Jansen', true],
      ['signatory', 'person', 'Jan Jansen', false],
      ['to', 'entity', 'Acme Trading BV', false],
      ['director', 'person', 'Piet Bakker', false],
      ['involved', 'person', 'Eva Smit', true],
    ]);
    const account = rows.parties[1];
    expect(account).toMatchObject({ accountNumber: '0104572057772', swift: 'DEMONL2A', fundsCode: 'K', country: 'NL', path: '/report/transaction[1]/t_from_my_client/from_account' });
    const signatory = rows.parties[2];
    expect(signatory).toMatchObject({ parentPartyId: account.id, role: 'A', birthdate: '1980-04-01' });
    expect(rows.parties[4].parentPartyId).toBe(rows.parties[3].id);
    expect(rows.identifiers).toEqual(
      expect.arrayContaining([
        { partyId: account.id, kind: 'iban', value: 'NL91ABNA0417164300', issuingCountry: null },
        { partyId: account.id, kind: 'account', value: '0104572057772', issuingCountry: null },
        { partyId: signatory.id, kind: 'passport', value: 'NP1234567', issuingCountry: 'NL' },
        { partyId: rows.parties[3].id, kind: 'incorporation_number', value: '12345678', issuingCountry: 'NL' },
      ]),
    );
  });

  it('applies the business rules, each finding with its path', async () => {
    const { mapper } = await mapped({ filerCode: '202' });
    const found = mapper.errors.map((e) => [e.code, e.path]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['rentity_mismatch', '/report/rentity_id'],
        ['invalid_country', '/report/transaction[1]/t_to/to_country'],
        ['amount_not_positive', '/report/transaction[2]/amount_local'],
        ['date_after_submission', '/report/transaction[2]/date_transaction'],
        ['my_client_incomplete', '/report/transaction[2]/involved_parties/party/person_my_client'],
        ['unknown_indicator', '/report/report_indicators/indicator[2]'],
      ]),
    );
    expect(mapper.errors.every((e) => e.severity === 'error')).toBe(true);
  });

  it('takes the earliest activity date as the day the suspicion arose, and warns when the narrative is missing', async () => {
    expect((await mapped()).suspicionDate).toBe('2026-11-02');
    const root = await readXmlDocument(REPORT.replace(/<reason>.*<\/reason>/, ''));
    const mapper = new ReportMapper({ filerCode: '101', source: 'xml' });
    root.children.forEach((record) => mapper.add(record));
    mapper.finish();
    expect(mapper.errors).toContainEqual(expect.objectContaining({ code: 'narrative_missing', severity: 'warning', path: '/report/reason' }));
  });
});
