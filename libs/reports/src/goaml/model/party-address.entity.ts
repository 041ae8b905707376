import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('party_addresses')
@Index('party_addresses_party_idx', ['partyId'])
export class PartyAddress {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'party_id' })
  partyId: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @Column('text', { name: 'address_type', nullable: true })
  addressType: string | null;

  @Column('text', { nullable: true })
  address: string | null;

  @Column('text', { nullable: true })
  city: string | null;

  @Column('text', { nullable: true })
  zip: string | null;

  @Column('text', { nullable: true })
  state: string | null;

  @Column('char', { name: 'country_code', length: 2, nullable: true })
  countryCode: string | null;
}
