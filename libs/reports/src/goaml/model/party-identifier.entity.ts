import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A strong identifier of a party: passport, national id, IBAN, account, phone, e-mail, registration number. */
@Entity('party_identifiers')
@Index('party_identifiers_value_idx', ['kind', 'value'])
@Index('party_identifiers_party_idx', ['partyId'])
// Index on the value reduced to letters and digits, made by hand in the migration, for exact identifier search.
@Index('party_identifiers_compact_idx', { synchronize: false })
export class PartyIdentifier {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'party_id' })
  partyId: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  /** passport, id_number, ssn, identification:<goAML type>, tax_number, incorporation_number, iban, account, swift, phone, email. */
  @Column('text')
  kind: string;

  @Column('text')
  value: string;

  @Column('char', { name: 'issuing_country', length: 2, nullable: true })
  issuingCountry: string | null;
}
