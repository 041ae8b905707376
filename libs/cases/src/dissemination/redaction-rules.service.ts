import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { unique, type Actor } from '@fiu/core';
import type { DisseminationCategory } from '../casework.entities';
import { AUTHORITY_KINDS, type AuthorityKind } from '../dto/dissemination.dto';
import { RedactionRuleResponse } from '../dto/dissemination.response';
import { NO_RULE, RedactionRuleView, withheldBy } from './redaction';

interface RuleRow {
  recipient_kind: AuthorityKind;
  allowed: DisseminationCategory[];
  version: number;
  updated_by: string | null;
  updated_at: Date | null;
}

/** The redaction the FIU configures per kind of recipient; admins change it, every package records the version it used. */
@Injectable()
export class RedactionRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RedactionRuleResponse[]> {
    const rows = (await this.dataSource.query('SELECT * FROM dissemination_redaction_rules')) as RuleRow[];
    // Every kind is listed, configured or not, so a missing rule shows as one that withholds everything.
    return AUTHORITY_KINDS.map((kind) => toResponse(rows.find((row) => row.recipient_kind === kind) ?? { recipient_kind: kind, allowed: [], version: NO_RULE(kind).version, updated_by: null, updated_at: null }));
  }

  async forKind(manager: EntityManager, kind: string): Promise<RedactionRuleView> {
    const [row] = (await manager.query('SELECT recipient_kind, allowed, version FROM dissemination_redaction_rules WHERE recipient_kind = $1', [kind])) as RuleRow[];
    return row ? { recipientKind: row.recipient_kind, allowed: row.allowed, version: row.version } : NO_RULE(kind);
  }

  async set(kind: AuthorityKind, allowed: DisseminationCategory[], actor: Actor): Promise<RedactionRuleResponse> {
    const categories = unique(allowed) as DisseminationCategory[];
    return this.dataSource.transaction(async (manager) => {
      const [before] = (await manager.query('SELECT allowed FROM dissemination_redaction_rules WHERE recipient_kind = $1 FOR UPDATE', [kind])) as { allowed: string[] }[];
      const [row] = (await manager.query(
        `INSERT INTO dissemination_redaction_rules (recipient_kind, allowed, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (recipient_kind) DO UPDATE SET allowed = EXCLUDED.allowed, version = dissemination_redaction_rules.version + 1,
                updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING *`,
        [kind, categories, actor.id],
      )) as RuleRow[];
      await this.audit.record(
        actor,
        { action: 'dissemination.redaction_rule', objectType: 'redaction_rule', objectId: kind, detail: { from: before?.allowed ?? null, to: categories, version: row.version } },
        manager,
      );
      return toResponse(row);
    });
  }
}

function toResponse(row: RuleRow): RedactionRuleResponse {
  return {
    recipientKind: row.recipient_kind,
    allowed: row.allowed,
    withheld: withheldBy(row.allowed),
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}
