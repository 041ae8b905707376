import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import type { Actor } from '@fiu/core';
import { CaseworkErrorCode, CaseworkException, notFound } from '../casework.errors';
import { sha256Hex } from '../dissemination/canonical-json';
import type { DisseminationPackageResponse, IntelligenceReportSignatureResponse, SigningKeyResponse } from '../dto/dissemination.response';
import { renderIntelligenceReport } from './intelligence-report.pdf';
import { ReportSigner } from './report-signer.service';

interface DocumentRow {
  dissemination_id: string;
  ref: string;
  pdf: Buffer;
  pdf_sha256: string;
  signature: Buffer;
  key_id: string;
  algorithm: string;
  package_sha256: string;
  created_at: Date;
}

/** The signed PDF intelligence report of an issued dissemination: made once at issue, then only read. */
@Injectable()
export class IntelligenceReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly signer: ReportSigner,
  ) {}

  /** Renders and signs the report in the issuing transaction; the row is immutable (a trigger refuses changes). */
  async create(manager: EntityManager, disseminationId: string, issued: DisseminationPackageResponse, packageSha256: string): Promise<{ pdfSha256: string; keyId: string }> {
    const keyId = await this.signer.currentKeyId();
    const pdf = await renderIntelligenceReport(issued, packageSha256, { keyId, algorithm: 'Ed25519' });
    const signed = await this.signer.sign(pdf, keyId);
    const pdfSha256 = sha256Hex(pdf);
    await manager.query('INSERT INTO dissemination_documents (dissemination_id, pdf, pdf_sha256, signature, key_id, algorithm) VALUES ($1, $2, $3, $4, $5, $6)', [
      disseminationId,
      pdf,
      pdfSha256,
      signed.signature,
      signed.keyId,
      signed.algorithm,
    ]);
    return { pdfSha256, keyId: signed.keyId };
  }

  async pdf(disseminationId: string, actor: Actor): Promise<{ fileName: string; content: Buffer }> {
    const found = await this.load(disseminationId);
    await this.audited(actor, 'dissemination.report_download', disseminationId, { ref: found.ref, pdfSha256: found.pdf_sha256 });
    return { fileName: `${found.ref}.pdf`, content: found.pdf };
  }

  async rawSignature(disseminationId: string, actor: Actor): Promise<{ fileName: string; content: Buffer; keyId: string }> {
    const found = await this.load(disseminationId);
    await this.audited(actor, 'dissemination.signature_download', disseminationId, { ref: found.ref });
    return { fileName: `${found.ref}.pdf.sig`, content: found.signature, keyId: found.key_id };
  }

  async signature(disseminationId: string, actor: Actor): Promise<IntelligenceReportSignatureResponse> {
    const found = await this.load(disseminationId);
    await this.audited(actor, 'dissemination.signature_read', disseminationId, { ref: found.ref });
    return {
      disseminationId,
      ref: found.ref,
      algorithm: found.algorithm,
      keyId: found.key_id,
      signatureBase64: found.signature.toString('base64'),
      pdfSha256: found.pdf_sha256,
      packageSha256: found.package_sha256,
      signedAt: new Date(found.created_at).toISOString(),
    };
  }

  async signingKeys(): Promise<SigningKeyResponse[]> {
    return (await this.signer.publicKeys()).map(({ keyId, algorithm, publicKeyPem, x, createdAt, current }) => ({ keyId, algorithm, publicKeyPem, x, createdAt, current }));
  }

  /** What the dissemination view shows of the document, without its bytes. */
  async summary(manager: EntityManager, disseminationId: string): Promise<{ pdfSha256: string; algorithm: string; keyId: string; signedAt: string } | null> {
    const [row] = (await manager.query('SELECT pdf_sha256, algorithm, key_id, created_at FROM dissemination_documents WHERE dissemination_id = $1', [disseminationId])) as {
      pdf_sha256: string;
      algorithm: string;
      key_id: string;
      created_at: Date;
    }[];
    return row ? { pdfSha256: row.pdf_sha256, algorithm: row.algorithm, keyId: row.key_id, signedAt: new Date(row.created_at).toISOString() } : null;
  }

  private async load(disseminationId: string): Promise<DocumentRow> {
    const [found] = (await this.dataSource.query(
      `SELECT d.id AS dissemination_id, d.ref, d.status, d.package_sha256, doc.pdf, doc.pdf_sha256, doc.signature, doc.key_id, doc.algorithm, doc.created_at
         FROM disseminations d LEFT JOIN dissemination_documents doc ON doc.dissemination_id = d.id WHERE d.id = $1`,
      [disseminationId],
    )) as (DocumentRow & { status: string })[];
    if (!found) throw notFound(`dissemination ${disseminationId}`);
    if (!found.pdf) throw new CaseworkException(CaseworkErrorCode.InvalidTransition, `Dissemination ${found.ref} is ${found.status}: its intelligence report exists once it is issued`);
    return found;
  }

  private async audited(actor: Actor, action: string, id: string, detail: Record<string, unknown>) {
    await this.audit.record(actor, { action, objectType: 'dissemination', objectId: id, detail });
  }
}
