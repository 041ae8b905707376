import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type PartyKind = 'person' | 'entity' | 'account';
/** Where the party sits: the two sides of a transaction, a multi-party role, an activity subject, or under another party. */
export type PartyPlace = 'from' | 'to' | 'conductor' | 'involved' | 'report_party' | 'signatory' | 'director' | 'account_holder';

/** A person, organisation or account named in a report; entity resolution links it to a subject later. */
@Entity('report_parties')
@Index('report_parties_report_idx', ['reportId'])
@Index('report_parties_transaction_idx', ['transactionId'])
export class ReportParty {
  /** Assigned by the mapper, so children can point at their parent in one bulk insert. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @Column('uuid', { name: 'transaction_id', nullable: true })
  transactionId: string | null;

  @Column('uuid', { name: 'parent_party_id', nullable: true })
  parentPartyId: string | null;

  @Column('text')
  place: PartyPlace;

  /** goAML role code where one is given (party role, director role, signatory role). */
  @Column('text', { nullable: true })
  role: string | null;

  @Column('text')
  kind: PartyKind;

  /** The filer's own customer (goAML *_my_client). */
  @Column('boolean', { name: 'my_client', default: false })
  myClient: boolean;

  /** Where the party is in the filed document (XPath or JSON pointer). */
  @Column('text')
  path: string;

  @Column('text', { name: 'display_name', nullable: true })
  displayName: string | null;

  @Column('text', { name: 'first_name', nullable: true })
  firstName: string | null;

  @Column('text', { name: 'middle_name', nullable: true })
  middleName: string | null;

  @Column('text', { name: 'last_name', nullable: true })
  lastName: string | null;

  @Column('date', { nullable: true })
  birthdate: string | null;

  @Column('text', { nullable: true })
  gender: string | null;

  @Column('char', { length: 2, nullable: true })
  nationality: string | null;

  @Column('char', { length: 2, nullable: true })
  residence: string | null;

  @Column('text', { name: 'incorporation_number', nullable: true })
  incorporationNumber: string | null;

  @Column('char', { name: 'incorporation_country', length: 2, nullable: true })
  incorporationCountry: string | null;

  @Column('text', { name: 'institution_code', nullable: true })
  institutionCode: string | null;

  @Column('text', { nullable: true })
  swift: string | null;

  @Column('text', { name: 'account_number', nullable: true })
  accountNumber: string | null;

  @Column('text', { nullable: true })
  iban: string | null;

  @Column('char', { name: 'currency_code', length: 3, nullable: true })
  currencyCode: string | null;

  @Column('text', { name: 'funds_code', nullable: true })
  fundsCode: string | null;

  /** Country of the transaction side or the party (goAML from_country / to_country / country). */
  @Column('char', { length: 2, nullable: true })
  country: string | null;
}
