import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import type { Actor } from '@fiu/core';
import { CaseworkErrorCode, CaseworkException } from './casework.errors';
import { CasesService } from './cases.service';
import { packageHash } from './dissemination/canonical-json';
import { loadDissemination } from './dissemination/dissemination-rows';
import { PackageBuilder } from './dissemination/package-builder';
import { ThirdPartyCheck } from './dissemination/third-party';
import { IntelligenceReportsService } from './intelligence-report/intelligence-reports.service';
import { ApproveDisseminationDto } from './dto/dissemination.dto';
import { DisseminationIssuedResponse, DisseminationPackageResponse, DisseminationRow, DisseminationStateResponse } from './dto/dissemination.response';

/**
 * Four-eyes on a drafted package: a supervisor who is not its author approves exactly the package
 * they previewed (or rejects it with a reason); issuing sends that approved package, stamped with
 * its issue time, frozen with its SHA-256 and as a signed PDF intelligence report.
 */
@Injectable()
export class DisseminationDecisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly builder: PackageBuilder,
    private readonly thirdParty: ThirdPartyCheck,
    private readonly reports: IntelligenceReportsService,
  ) {}

  /** The route lets supervisors only; this refuses the author, a package that changed since the preview, and one still waiting for consent. */
  async approve(id: string, input: ApproveDisseminationDto, actor: Actor): Promise<DisseminationStateResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.decidable(manager, id, actor, 'approved');
      const built = await this.builder.build(manager, current);
      const contentSha256 = packageHash(built.package);
      if (input.contentSha256 && input.contentSha256 !== contentSha256) {
        throw new CaseworkException(CaseworkErrorCode.PackageChanged, 'The package changed since the preview you read (new analysis or data): preview it again before approving');
      }
      await this.thirdParty.assertAllowed(manager, built.receivedMessageIds, current.authority_code);
      await manager.query(
        "UPDATE disseminations SET status = 'approved', approver_id = $2, decided_at = now(), approved_package = $3, approved_sha256 = $4, updated_at = now() WHERE id = $1",
        [id, actor.id, built.package, contentSha256],
      );
      await this.audited(manager, actor, 'dissemination.approve', id, { ref: current.ref, contentSha256 });
      return { id, ref: current.ref, status: 'approved' };
    });
  }

  async reject(id: string, reason: string, actor: Actor): Promise<DisseminationStateResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.decidable(manager, id, actor, 'rejected');
      await manager.query("UPDATE disseminations SET status = 'rejected', approver_id = $2, decided_at = now(), rejection_reason = $3, updated_at = now() WHERE id = $1", [id, actor.id, reason]);
      await this.audited(manager, actor, 'dissemination.reject', id, { ref: current.ref, reason });
      return { id, ref: current.ref, status: 'rejected' };
    });
  }

  /** Issues the approved package as it was approved: frozen with its SHA-256, the case marked disseminated, the PDF signed. */
  async issue(id: string, actor: Actor): Promise<DisseminationIssuedResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await loadDissemination(manager, id, true);
      if (current.status !== 'approved') {
        throw new CaseworkException(current.status === 'issued' ? CaseworkErrorCode.Frozen : CaseworkErrorCode.InvalidTransition, `A dissemination ${current.status} cannot be issued; it must be approved first`);
      }
      await this.thirdParty.assertAllowed(manager, await this.builder.receivedMessageIds(manager, current), current.authority_code);
      // Approved before this version kept no package: it is built now, as issuing always did.
      const approved: DisseminationPackageResponse = current.approved_package ?? (await this.builder.build(manager, current)).package;
      const issuedAt = new Date();
      const content: DisseminationPackageResponse = { ...approved, issuedAt: issuedAt.toISOString() };
      const sha256 = packageHash(content);
      await manager.query("UPDATE disseminations SET status = 'issued', issued_by = $2, issued_at = $3, issued_package = $4, package_sha256 = $5, updated_at = now() WHERE id = $1", [
        id,
        actor.id,
        issuedAt,
        content,
        sha256,
      ]);
      const document = await this.reports.create(manager, id, content, sha256);
      if (current.case_id) await this.cases.markDisseminated(manager, current.case_id, actor, current.ref);
      await this.audited(manager, actor, 'dissemination.issue', id, { ref: current.ref, sha256, pdfSha256: document.pdfSha256, signingKeyId: document.keyId, authorityCode: current.authority_code });
      return { id, ref: current.ref, status: 'issued', packageSha256: sha256, issuedAt: issuedAt.toISOString(), pdfSha256: document.pdfSha256, signingKeyId: document.keyId };
    });
  }

  /** Four-eyes: a supervisor who is not the author decides, and only a draft. A refused attempt by the author is logged. */
  private async decidable(manager: EntityManager, id: string, actor: Actor, to: 'approved' | 'rejected'): Promise<DisseminationRow> {
    const current = await loadDissemination(manager, id, true);
    if (current.author_id === actor.id) {
      // Outside the transaction, which rolls back: an attempt to approve one's own package is worth knowing about.
      await this.audit.record(actor, { action: 'dissemination.four_eyes_refused', objectType: 'dissemination', objectId: id, detail: { attempted: to } });
      throw new CaseworkException(CaseworkErrorCode.FourEyes, 'Four-eyes: the author of a dissemination cannot approve or reject it; another supervisor must');
    }
    if (current.status !== 'draft') throw new CaseworkException(CaseworkErrorCode.InvalidTransition, `A dissemination ${current.status} cannot be ${to}`);
    return current;
  }

  private async audited(manager: EntityManager, actor: Actor, action: string, id: string, detail: Record<string, unknown>) {
    await this.audit.record(actor, { action, objectType: 'dissemination', objectId: id, detail }, manager);
  }
}
