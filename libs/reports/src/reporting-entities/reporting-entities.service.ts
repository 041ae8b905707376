import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ReportsErrorCode, ReportsException } from '../reports.errors';
import { ApiKey } from './api-key.entity';
import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from './api-key-format';
import { ReportingEntity } from './reporting-entity.entity';

export const SECTORS = [
  'bank',
  'money_transmitter',
  'casino',
  'precious_metals_dealer',
  'real_estate',
  'notary',
  'lawyer',
  'accountant',
  'insurance',
  'securities',
  'virtual_asset_provider',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** The caller of an intake route, once its API key has been checked. */
export interface AuthenticatedEntity {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'suspended';
}

export interface ReportingEntitySummary {
  id: string;
  code: string;
  name: string;
  sector: string;
  status: 'active' | 'suspended';
  activeKeys: { keyId: string; createdAt: string }[];
}

export interface RegisteredEntity extends AuthenticatedEntity {
  sector: string;
  /** Shown once; only its hash is stored. */
  apiKey: string;
}

// Compared against when the key id is unknown, so a miss costs the same as a wrong secret.
const DECOY_HASH = hashApiKey('fiu_decoy');

@Injectable()
export class ReportingEntitiesService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(ApiKey) private readonly apiKeys: Repository<ApiKey>,
  ) {}

  async register(input: { code: string; name: string; sector: string }): Promise<RegisteredEntity> {
    const code = input.code.trim();
    const name = input.name.trim();
    if (!/^[A-Za-z0-9._-]{1,50}$/.test(code)) {
      throw new ReportsException(ReportsErrorCode.InvalidEntity, 'code must be 1-50 letters, digits, ".", "_" or "-"');
    }
    if (name.length === 0 || name.length > 255) {
      throw new ReportsException(ReportsErrorCode.InvalidEntity, 'name must be 1-255 characters');
    }
    if (!(SECTORS as readonly string[]).includes(input.sector)) {
      throw new ReportsException(ReportsErrorCode.InvalidEntity, `sector must be one of: ${SECTORS.join(', ')}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(ReportingEntity, { code });
      if (existing) {
        throw new ReportsException(ReportsErrorCode.EntityExists, `A reporting entity with code ${code} already exists`);
      }
      const entity = await manager.save(manager.create(ReportingEntity, { code, name, sector: input.sector }));
      const apiKey = await this.issueKey(manager, entity.id);
      return { id: entity.id, code: entity.code, name: entity.name, sector: entity.sector, status: entity.status, apiKey };
    });
  }

  /** Issues a further key for an existing entity (rotation); the old keys stay valid until revoked. */
  async issueApiKey(code: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await manager.findOneBy(ReportingEntity, { code });
      if (!entity) throw new ReportsException(ReportsErrorCode.EntityNotFound, `No reporting entity with code ${code}`);
      return this.issueKey(manager, entity.id);
    });
  }

  /** Checks a presented key in constant time; null when it is unknown, malformed or revoked. */
  async authenticate(presented: string): Promise<AuthenticatedEntity | null> {
    const keyId = parseApiKey(presented);
    // Plain SQL: this runs on every intake request, and the ORM's query building cost more than the query.
    const rows: { key_hash: Buffer; revoked_at: Date | null; id: string; code: string; name: string; status: 'active' | 'suspended' }[] = keyId
      ? await this.dataSource.query(
          `SELECT k.key_hash, k.revoked_at, e.id, e.code, e.name, e.status
             FROM api_keys k JOIN reporting_entities e ON e.id = k.entity_id
            WHERE k.key_id = $1`,
          [keyId],
        )
      : [];
    const row = rows[0];
    const matches = apiKeyMatches(presented, row?.key_hash ?? DECOY_HASH);
    if (!row || !matches || row.revoked_at) return null;
    return { id: row.id, code: row.code, name: row.name, status: row.status };
  }

  /** Suspends or reactivates an entity; a suspended entity cannot file. */
  async setStatus(code: string, status: 'active' | 'suspended'): Promise<ReportingEntitySummary> {
    const result = await this.dataSource.manager.update(ReportingEntity, { code }, { status });
    if (!result.affected) throw new ReportsException(ReportsErrorCode.EntityNotFound, `No reporting entity with code ${code}`);
    return this.describe(code);
  }

  /** Revokes one key by its public key id (the 16 hex characters after `fiu_`); other keys keep working. */
  async revokeApiKey(keyId: string): Promise<void> {
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: () => 'now()' })
      .where('key_id = :keyId AND revoked_at IS NULL', { keyId })
      .execute();
    if (!result.affected) throw new ReportsException(ReportsErrorCode.ApiKeyNotFound, `No active API key with id ${keyId}`);
  }

  async describe(code: string): Promise<ReportingEntitySummary> {
    const entity = await this.dataSource.manager.findOneBy(ReportingEntity, { code });
    if (!entity) throw new ReportsException(ReportsErrorCode.EntityNotFound, `No reporting entity with code ${code}`);
    const keys = await this.apiKeys.find({ where: { entityId: entity.id }, order: { createdAt: 'ASC' } });
    return {
      id: entity.id,
      code: entity.code,
      name: entity.name,
      sector: entity.sector,
      status: entity.status,
      activeKeys: keys.filter((k) => !k.revokedAt).map((k) => ({ keyId: k.keyId, createdAt: k.createdAt.toISOString() })),
    };
  }

  private async issueKey(manager: import('typeorm').EntityManager, entityId: string): Promise<string> {
    const generated = generateApiKey();
    await manager.insert(ApiKey, { entityId, keyId: generated.keyId, keyHash: generated.hash });
    return generated.key;
  }
}
