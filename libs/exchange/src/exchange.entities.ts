import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A partner FIU: where it listens, the public keys it signs and decrypts with, and its standing. */
@Entity('partners')
export class Partner {
  /** ISO 3166-1 alpha-2: one FIU per country. */
  @PrimaryColumn('char', { length: 2 })
  country: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'endpoint_url' })
  endpointUrl: string;

  /** The partner's public keys we trust (checked when registered; from a URL only once an admin confirmed their thumbprint). Empty until then. */
  @Column('jsonb')
  jwks: Record<string, unknown>;

  @Column('text', { name: 'jwks_url', nullable: true })
  jwksUrl: string | null;

  /** A key set fetched from jwksUrl that differs from the trusted one: waits for an admin to confirm its thumbprint. */
  @Column('jsonb', { name: 'pending_jwks', nullable: true })
  pendingJwks: Record<string, unknown> | null;

  @Column('text', { name: 'pending_jwks_thumbprint', nullable: true })
  pendingJwksThumbprint: string | null;

  @Column('timestamptz', { name: 'pending_jwks_fetched_at', nullable: true })
  pendingJwksFetchedAt: Date | null;

  /** Outbound calls to this partner may go to loopback and private addresses (tests, the demo, a private FIU network). Off by default. */
  @Column('boolean', { name: 'allow_private_network', default: false })
  allowPrivateNetwork: boolean;

  @Column('text', { default: 'active' })
  status: 'active' | 'suspended';

  @Column('boolean', { name: 'egmont_member', default: false })
  egmontMember: boolean;

  @Column('boolean', { name: 'mou_required', default: false })
  mouRequired: boolean;

  @Column('boolean', { name: 'mou_signed', default: false })
  mouSigned: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One version of a country's exchange policy; the highest version is in force. Never updated, only superseded. */
@Entity('exchange_policies')
@Unique('exchange_policies_country_version_uq', ['country', 'version'])
export class ExchangePolicyRow {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('char', { length: 2 })
  country: string;

  @Column('int')
  version: number;

  @Column('jsonb')
  policy: Record<string, unknown>;

  @Column('text', { name: 'set_by' })
  setBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A message to or from a partner FIU. Inbound rows keep the caveats the sender attached. */
@Entity('exchange_messages')
@Unique('exchange_messages_direction_message_uq', ['direction', 'messageId'])
@Index('exchange_messages_thread_idx', ['threadId'])
@Index('exchange_messages_status_idx', ['direction', 'status'])
export class ExchangeMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The envelope's jti: ours for outbound messages, the sender's for inbound ones. */
  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @Column('text')
  direction: 'out' | 'in';

  @Column('char', { length: 2 })
  country: string;

  @Column('text')
  type: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @Column('uuid', { name: 'in_reply_to', nullable: true })
  inReplyTo: string | null;

  /** out: draft, queued, sent, failed, refused; in: received. */
  @Column('text')
  status: string;

  @Column('text', { nullable: true })
  purpose: string | null;

  /** What the analyst selected (outbound): report, subject and inbound message ids. */
  @Column('jsonb', { default: () => "'{}'" })
  items: Record<string, unknown>;

  /** The message content: the built package for outbound, what arrived for inbound. */
  @Column('jsonb', { default: () => "'{}'" })
  body: Record<string, unknown>;

  /** Originating FIU, purpose, and whether onward use needs the originator's consent. */
  @Column('jsonb', { default: () => "'{}'" })
  caveats: Record<string, unknown>;

  @Column('jsonb', { name: 'policy_decision', nullable: true })
  policyDecision: Record<string, unknown> | null;

  @Column('timestamptz', { nullable: true })
  deadline: Date | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('uuid', { name: 'approved_by', nullable: true })
  approvedBy: string | null;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('timestamptz', { name: 'received_at', nullable: true })
  receivedAt: Date | null;

  /** Inbound: what analysis found when the message's names and identifiers were checked against our subjects and lists. */
  @Column('jsonb', { name: 'cross_check', nullable: true })
  crossCheck: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'reminded_at', nullable: true })
  remindedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const EXCHANGE_ENTITIES = [Partner, ExchangePolicyRow, ExchangeMessage];
