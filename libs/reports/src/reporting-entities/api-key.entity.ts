import { Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ReportingEntity } from './reporting-entity.entity';

/** An API key of a reporting entity. Only the SHA-256 of the key is kept. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('api_keys_entity_idx')
  @Column('uuid', { name: 'entity_id' })
  entityId: string;

  @ManyToOne(() => ReportingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entity_id' })
  entity?: ReportingEntity;

  /** The public part of the key, used to find the row without scanning hashes. */
  @Column('text', { name: 'key_id', unique: true })
  keyId: string;

  @Column('bytea', { name: 'key_hash' })
  keyHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
