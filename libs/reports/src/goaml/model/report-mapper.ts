import { randomUUID } from 'node:crypto';
import type { ErrorItem } from '@fiu/core';
import type { XmlElement } from '../xml/xml-element';
import { isIsoCountry, isIsoCurrency } from '../validation/iso-codes';
import { camelName } from '../json/names';
import { compact, CompactElement } from './compact-element';
import type { PartyKind, PartyPlace, ReportParty } from './report-party.entity';
import type { ReportTransaction } from './report-transaction.entity';
import type { PartyIdentifier } from './party-identifier.entity';
import type { PartyAddress } from './party-address.entity';

export type TransactionRow = Omit<ReportTransaction, 'reportId'>;
export type PartyRow = Omit<ReportParty, 'reportId'>;
export type IdentifierRow = Omit<PartyIdentifier, 'id' | 'reportId'>;
export type AddressRow = Omit<PartyAddress, 'id' | 'reportId'>;

/** The report header as goAML states it. */
export interface ReportHeader {
  rentityId?: string;
  rentityBranch?: string;
  submissionCode?: string;
  reportCode?: string;
  entityReference?: string;
  fiuRefNumber?: string;
  prevRejectedRefNumber?: string;
  submissionDate?: string;
  currencyCodeLocal?: string;
  reason?: string;
  action?: string;
}

/** Rows for one batch of records, ready for a bulk insert. */
export interface MappedRows {
  transactions: TransactionRow[];
  parties: PartyRow[];
  identifiers: IdentifierRow[];
  addresses: AddressRow[];
}

export interface MapperOptions {
  /** The authenticated filer's code; rentity_id must name it. */
  filerCode: string;
  /** Configured indicator codes; when absent any indicator is accepted. */
  indicators?: ReadonlySet<string>;
  /** Which form the report came in, for the paths of report-level findings. */
  source: 'xml' | 'json';
  today?: Date;
}

const HEADER_FIELDS: Record<string, keyof ReportHeader> = {
  rentity_id: 'rentityId',
  rentity_branch: 'rentityBranch',
  submission_code: 'submissionCode',
  report_code: 'reportCode',
  entity_reference: 'entityReference',
  fiu_ref_number: 'fiuRefNumber',
  prev_rejected_ref_number: 'prevRejectedRefNumber',
  submission_date: 'submissionDate',
  currency_code_local: 'currencyCodeLocal',
  reason: 'reason',
  action: 'action',
};
const PERSON = new Set(['person', 'person_my_client', 'from_person', 'to_person', 't_person', 't_conductor', 'director_id']);
const ENTITY = new Set(['entity', 'entity_my_client', 'from_entity', 'to_entity', 't_entity']);
const ACCOUNT = new Set(['account', 'account_my_client', 'from_account', 'to_account']);
const COUNTRY_FIELDS = /(^|_)(country|country_code|nationality[123]|residence|passport_country|issue_country|pep_country|institution_country)$/;
const CURRENCY_FIELDS = new Set(['currency_code_local', 'currency_code', 'foreign_currency_code']);
const AMOUNT_FIELDS = new Set(['amount_local', 'foreign_amount']);
const MAX_ERRORS = 1000;
export const TRANSACTIONS_PLACEHOLDER = '#transactions';

const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);
const text = (element: XmlElement | undefined, name: string) => {
  const value = element && child(element, name)?.text;
  return value ? value : null;
};
const dateOf = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null);
const pathOf = (element: XmlElement) => element.jsonPointer ?? element.xpath;

/**
 * Turns goAML records (the root's child elements, in document order) into normalised rows and
 * applies the business rules (layer 2). Works record by record, so a 100,000-transaction file
 * can be mapped and inserted in batches.
 */
export class ReportMapper {
  readonly header: ReportHeader = {};
  readonly indicators: string[] = [];
  readonly errors: ErrorItem[] = [];
  /** The root's non-transaction children, kept for the exporter. */
  readonly headerElements: CompactElement[] = [];
  transactionCount = 0;
  private earliestActivity: string | null = null;
  private omittedErrors = 0;
  private readonly today: string;
  private rows: MappedRows = { transactions: [], parties: [], identifiers: [], addresses: [] };

  get source(): 'xml' | 'json' {
    return this.options.source;
  }

  constructor(private readonly options: MapperOptions) {
    this.today = (options.today ?? new Date()).toISOString().slice(0, 10);
  }

  add(record: XmlElement): void {
    this.checkValues(record);
    const field = HEADER_FIELDS[record.name];
    if (field) {
      this.header[field] = record.text;
      this.checkHeaderField(record);
    }
    if (record.name === 'transaction') {
      // Where the transactions stand among the root's children; the exporter puts them back there.
      if (this.transactionCount === 0) this.headerElements.push({ n: TRANSACTIONS_PLACEHOLDER });
      this.mapTransaction(record);
    } else this.headerElements.push(compact(record));
    if (record.name === 'activity') this.mapActivity(record);
    if (record.name === 'report_indicators') {
      for (const indicator of record.children) {
        this.indicators.push(indicator.text);
        if (this.options.indicators && !this.options.indicators.has(indicator.text)) {
          this.error(indicator, 'unknown_indicator', `Indicator ${indicator.text} is not in the configured list`);
        }
      }
    }
  }

  /** Hands over the rows mapped since the last call. */
  takeRows(): MappedRows {
    const rows = this.rows;
    this.rows = { transactions: [], parties: [], identifiers: [], addresses: [] };
    return rows;
  }

  get pendingRowCount(): number {
    return this.rows.transactions.length + this.rows.parties.length + this.rows.identifiers.length + this.rows.addresses.length;
  }

  /** Rules that need the whole report; call once after the last record. */
  finish(): { suspicionDate: string | null } {
    if (!this.header.reason?.trim()) {
      this.errors.push({
        path: this.rootPath('reason'),
        code: 'narrative_missing',
        severity: 'warning',
        message: 'No reason given: analysts depend on the narrative to understand the suspicion',
      });
    }
    if (this.omittedErrors > 0) {
      this.errors.push({
        path: this.options.source === 'json' ? '' : '/report',
        code: 'too_many_errors',
        severity: 'error',
        message: `${this.omittedErrors} further problems were not listed`,
      });
    }
    return { suspicionDate: this.earliestActivity };
  }

  private rootPath(name: string): string {
    return this.options.source === 'json' ? `/${camelName(name)}` : `/report/${name}`;
  }

  private checkHeaderField(record: XmlElement): void {
    if (record.name === 'rentity_id' && record.text !== this.options.filerCode) {
      this.error(record, 'rentity_mismatch', `rentity_id ${record.text} is not the filing entity (${this.options.filerCode})`);
    }
  }

  private mapTransaction(element: XmlElement): void {
    this.transactionCount += 1;
    const id = randomUUID();
    const date = text(element, 'date_transaction');
    const submission = dateOf(this.header.submissionDate ?? null);
    if (date && submission && dateOf(date)! > submission) {
      this.error(child(element, 'date_transaction')!, 'date_after_submission', `date_transaction ${date} is after the submission date ${submission}`);
    }
    this.noteActivityDate(date);
    const involved = child(element, 'involved_parties');
    this.rows.transactions.push({
      id,
      position: this.transactionCount,
      transactionNumber: text(element, 'transactionnumber'),
      internalRefNumber: text(element, 'internal_ref_number'),
      location: text(element, 'transaction_location'),
      description: text(element, 'transaction_description'),
      dateTransaction: date,
      valueDate: text(element, 'value_date'),
      transmodeCode: text(element, 'transmode_code'),
      amountLocal: text(element, 'amount_local'),
      shape: involved ? 'multi_party' : 'bi_party',
      element: compact(element),
    });
    for (const side of ['from', 'to'] as const) {
      const mine = child(element, `t_${side}_my_client`);
      const holder = mine ?? child(element, `t_${side}`);
      if (!holder) continue;
      const common = { transactionId: id, fundsCode: text(holder, `${side}_funds_code`), country: text(holder, `${side}_country`) };
      const conductor = child(holder, 't_conductor');
      if (conductor) this.mapParty(conductor, 'conductor', { ...common, myClient: Boolean(mine) });
      for (const kind of ['account', 'person', 'entity']) {
        const party = child(holder, `${side}_${kind}`);
        if (party) this.mapParty(party, side, { ...common, myClient: Boolean(mine) });
      }
    }
    for (const party of involved?.children ?? []) this.mapPartyHolder(party, 'involved', id);
  }

  private mapActivity(element: XmlElement): void {
    for (const party of child(element, 'report_parties')?.children ?? []) this.mapPartyHolder(party, 'report_party', null);
  }

  /** A goAML t_party or report_party: role + one of person/account/entity (+ _my_client) + country. */
  private mapPartyHolder(holder: XmlElement, place: PartyPlace, transactionId: string | null): void {
    const subject = holder.children.find((c) => PERSON.has(c.name) || ENTITY.has(c.name) || ACCOUNT.has(c.name));
    if (!subject) return;
    this.mapParty(subject, place, {
      transactionId,
      role: text(holder, 'role'),
      fundsCode: text(holder, 'funds_code'),
      country: text(holder, 'country'),
      myClient: subject.name.endsWith('_my_client'),
    });
  }

  private mapParty(
    element: XmlElement,
    place: PartyPlace,
    context: { transactionId: string | null; myClient: boolean; role?: string | null; fundsCode?: string | null; country?: string | null; parentPartyId?: string | null },
  ): string {
    const kind: PartyKind = ACCOUNT.has(element.name) ? 'account' : ENTITY.has(element.name) ? 'entity' : 'person';
    const id = randomUUID();
    const firstName = text(element, 'first_name');
    const lastName = text(element, 'last_name');
    const row: PartyRow = {
      id,
      transactionId: context.transactionId,
      parentPartyId: context.parentPartyId ?? null,
      place,
      role: context.role ?? text(element, 'role'),
      kind,
      myClient: context.myClient,
      path: pathOf(element),
      displayName:
        kind === 'person'
          ? [firstName, text(element, 'middle_name'), lastName].filter(Boolean).join(' ') || null
          : kind === 'entity'
            ? text(element, 'name')
            : (text(element, 'account_name') ?? text(element, 'account')),
      firstName,
      middleName: text(element, 'middle_name'),
      lastName,
      birthdate: dateOf(text(element, 'birthdate')),
      gender: text(element, 'gender'),
      nationality: text(element, 'nationality1'),
      residence: text(element, 'residence'),
      incorporationNumber: text(element, 'incorporation_number'),
      incorporationCountry: text(element, 'incorporation_country_code'),
      institutionCode: text(element, 'institution_code'),
      swift: text(element, 'swift'),
      accountNumber: text(element, 'account'),
      iban: text(element, 'iban'),
      currencyCode: text(element, 'currency_code'),
      fundsCode: context.fundsCode ?? null,
      country: context.country ?? null,
    };
    this.rows.parties.push(row);
    this.collectIdentifiers(element, id);
    if (context.myClient) this.checkMyClient(element, kind);
    const nested = { transactionId: context.transactionId, myClient: false, parentPartyId: id };
    for (const director of element.children.filter((c) => c.name === 'director_id')) this.mapParty(director, 'director', nested);
    const holderEntity = kind === 'account' ? child(element, 't_entity') : undefined;
    if (holderEntity) this.mapParty(holderEntity, 'account_holder', nested);
    for (const signatory of element.children.filter((c) => c.name === 'signatory')) {
      const person = child(signatory, 't_person');
      if (person) this.mapParty(person, 'signatory', { ...nested, role: text(signatory, 'role') });
    }
    return id;
  }

  private collectIdentifiers(element: XmlElement, partyId: string): void {
    const add = (kind: string, value: string | null, issuingCountry: string | null = null) => {
      if (value) this.rows.identifiers.push({ partyId, kind, value, issuingCountry });
    };
    add('ssn', text(element, 'ssn'));
    add('id_number', text(element, 'id_number'));
    add('passport', text(element, 'passport_number'), text(element, 'passport_country'));
    add('tax_number', text(element, 'tax_number'));
    add('incorporation_number', text(element, 'incorporation_number'), text(element, 'incorporation_country_code'));
    add('iban', text(element, 'iban')?.replace(/\s+/g, '').toUpperCase() ?? null);
    add('account', text(element, 'account'));
    add('swift', text(element, 'swift'));
    const identifications = [
      ...element.children.filter((c) => c.name === 'identification'),
      ...(child(element, 'identifications')?.children ?? []),
    ];
    for (const identification of identifications) {
      add(`identification:${text(identification, 'type') ?? 'unknown'}`, text(identification, 'number'), text(identification, 'issue_country'));
    }
    for (const phone of child(element, 'phones')?.children ?? []) {
      add('phone', [text(phone, 'tph_country_prefix'), text(phone, 'tph_number')].filter(Boolean).join(' ') || null);
    }
    for (const email of [...element.children.filter((c) => c.name === 'email'), ...(child(element, 'emails')?.children ?? [])]) {
      add('email', email.text.toLowerCase() || null);
    }
    for (const address of child(element, 'addresses')?.children ?? []) {
      this.rows.addresses.push({
        partyId,
        addressType: text(address, 'address_type'),
        address: text(address, 'address'),
        city: text(address, 'city'),
        zip: text(address, 'zip'),
        state: text(address, 'state'),
        countryCode: text(address, 'country_code'),
      });
    }
  }

  /** goAML asks more of the filer's own customers: they know them. */
  private checkMyClient(element: XmlElement, kind: PartyKind): void {
    const need = (names: string[], label: string) => {
      if (!names.some((name) => child(element, name))) this.error(element, 'my_client_incomplete', `${element.name} is the filer's own customer and needs ${label}`);
    };
    if (kind === 'person') {
      need(['birthdate'], 'a birthdate');
      need(['nationality1'], 'a nationality');
      need(['identification', 'identifications', 'id_number', 'passport_number', 'ssn'], 'an identification');
      need(['addresses'], 'an address');
    } else if (kind === 'entity') {
      need(['incorporation_number'], 'an incorporation number');
      need(['addresses'], 'an address');
    } else {
      need(['institution_code', 'swift'], 'the institution code or SWIFT/BIC');
      need(['currency_code'], 'the account currency');
    }
  }

  /** Value rules that apply wherever an element occurs: amounts, dates, countries, currencies. */
  private checkValues(element: XmlElement): void {
    if (element.children.length > 0) {
      for (const nested of element.children) this.checkValues(nested);
      return;
    }
    const value = element.text;
    if (!value) return;
    if (AMOUNT_FIELDS.has(element.name) && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) && Number(value) <= 0) {
      this.error(element, 'amount_not_positive', `${element.name} must be positive (got ${value})`);
    }
    if (CURRENCY_FIELDS.has(element.name) && !isIsoCurrency(value)) {
      this.error(element, 'invalid_currency', `${value} is not an ISO 4217 currency code`);
    }
    if (COUNTRY_FIELDS.test(element.name) && !isIsoCountry(value)) {
      this.error(element, 'invalid_country', `${value} is not an ISO 3166-1 alpha-2 country code`);
    }
    const day = dateOf(value);
    if (day && (element.name.includes('date') || element.name === 'birthdate' || element.name === 'opened' || element.name === 'closed')) {
      if (day < '1753-01-01') this.error(element, 'date_too_early', `${element.name} ${value} lies before 1753`);
      // Expiry dates legitimately lie ahead.
      else if (day > this.today && !element.name.includes('expiry')) this.error(element, 'date_in_future', `${element.name} ${value} lies in the future`);
    }
  }

  private noteActivityDate(value: string | null): void {
    const day = dateOf(value);
    if (day && (!this.earliestActivity || day < this.earliestActivity)) this.earliestActivity = day;
  }

  private error(element: XmlElement, code: string, message: string): void {
    if (this.errors.length >= MAX_ERRORS) {
      this.omittedErrors += 1;
      return;
    }
    this.errors.push({ path: pathOf(element), code, severity: 'error', message });
  }
}
