import { randomUUID } from 'node:crypto';

/**
 * A realistic goAML STR in the JSON form: a private customer of the filer deposits cash, twice,
 * just under the threshold, onto a company account. Used by the demo, the OpenAPI example and
 * the tests, so all three show the same, valid report.
 */
export type Json = Record<string, unknown>;

const today = () => new Date().toISOString().slice(0, 10);

/** The filer's own customer: a private person with everything goAML asks of a known customer. */
export function aCustomer(overrides: Json = {}): Json {
  return {
    gender: 'M',
    firstName: 'Jan',
    lastName: 'Jansen',
    birthdate: '1980-04-01',
    nationality1: 'NL',
    residence: 'NL',
    addresses: [{ addressType: 'PRIVT', address: 'Damrak 1', city: 'Amsterdam', zip: '1012 LG', countryCode: 'NL', state: 'Noord-Holland' }],
    occupation: 'Car dealer',
    identification: [{ type: 'PASSP', number: 'NP1234567', issueDate: '2020-01-15', expiryDate: '2030-01-14', issueCountry: 'NL' }],
    ...overrides,
  };
}

/** An account of the filer, held by a company. */
export function anAccount(overrides: Json = {}): Json {
  return {
    institutionName: 'Demo Bank NV',
    swift: 'DEMONL2A',
    branch: 'Amsterdam Centrum',
    account: '0104572057772',
    currencyCode: 'EUR',
    accountName: 'Acme Trading BV',
    iban: 'NL91ABNA0417164300',
    personalAccountType: 'C',
    tEntity: {
      name: 'Acme Trading BV',
      incorporationNumber: '12345678',
      business: 'Wholesale of used cars',
      addresses: [{ addressType: 'BU', address: 'Industrieweg 12', city: 'Zaandam', zip: '1507 AB', countryCode: 'NL', state: 'Noord-Holland' }],
      incorporationCountryCode: 'NL',
    },
    statusCode: 'A',
    ...overrides,
  };
}

/** A cash deposit by the customer onto the company's account. */
export function aTransaction(overrides: Json = {}): Json {
  return {
    transactionnumber: `TX-${randomUUID().slice(0, 8)}`,
    transactionLocation: 'Amsterdam Centrum branch',
    transactionDescription: 'Cash deposit at the counter',
    dateTransaction: `${today()}T09:15:00`,
    transmodeCode: 'CDM',
    amountLocal: '9500.00',
    tFromMyClient: { fromFundsCode: 'CASH', fromPerson: aCustomer(), fromCountry: 'NL' },
    tToMyClient: { toFundsCode: 'DPOST', toAccount: anAccount(), toCountry: 'NL' },
    ...overrides,
  };
}

/** A valid goAML STR in the JSON form, filed by `rentityId`; overrides replace top-level fields. */
export function aReport(rentityId: string, overrides: Json = {}): Json {
  return {
    rentityId,
    submissionCode: 'E',
    reportCode: 'STR',
    entityReference: `STR-${randomUUID()}`,
    submissionDate: `${today()}T10:00:00`,
    currencyCodeLocal: 'EUR',
    reportingPerson: { firstName: 'Anna', lastName: 'de Vries', occupation: 'MLRO', email: 'mlro@demobank.example' },
    reason: 'Cash deposits split just below the reporting threshold over three days',
    action: 'Account under enhanced monitoring',
    transaction: [aTransaction(), aTransaction({ amountLocal: '9400.00' })],
    reportIndicators: ['STRUCT'],
    ...overrides,
  };
}

