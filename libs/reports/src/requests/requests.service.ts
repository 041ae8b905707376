import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { EnvironmentVariables, type Actor } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { ReportsErrorCode, ReportsException } from '../reports.errors';
import type { AuthenticatedEntity } from '../reporting-entities/reporting-entities.service';
import { ReportingEntity } from '../reporting-entities/reporting-entity.entity';
import { Report } from '../reports/report.entity';
import { AnswerRequestDto, InformationRequestResponse } from './dto/information-request.response';
import { InformationRequest } from './information-request.entity';
import { RequestAnswer, RequestAnswerAttachment } from './request-answer.entity';

export interface NewInformationRequest {
  entityCode: string;
  reportFiuRef?: string;
  subject?: string;
  question: string;
  dueDate?: string;
  requestedBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ATTACHMENTS = 20;
const isSafeFileName = (name: string) => name.length > 0 && name.length <= 255 && !/[/\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 32);

/** Requests for information from the FIU to reporting entities, and their answers. */
@Injectable()
export class RequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: EnvironmentVariables,
    private readonly audit: AuditService,
  ) {}

  async create(input: NewInformationRequest, actor: Actor): Promise<InformationRequestResponse> {
    const question = input.question.trim();
    if (question.length === 0 || question.length > 8000) throw invalid('question must be 1-8000 characters');
    if (input.dueDate && (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate) || Number.isNaN(Date.parse(input.dueDate)))) throw invalid('due date must be YYYY-MM-DD');
    if (input.dueDate && input.dueDate < new Date().toISOString().slice(0, 10)) throw invalid('due date lies in the past');
    return this.dataSource.transaction(async (manager) => {
      const entity = await manager.findOneBy(ReportingEntity, { code: input.entityCode });
      if (!entity) throw new ReportsException(ReportsErrorCode.EntityNotFound, `No reporting entity with code ${input.entityCode}`);
      const report = input.reportFiuRef ? await manager.findOneBy(Report, { fiuRef: input.reportFiuRef, entityId: entity.id }) : null;
      if (input.reportFiuRef && !report) throw new ReportsException(ReportsErrorCode.ReportNotFound, `No report ${input.reportFiuRef} of entity ${entity.code}`);
      const [{ seq }] = await manager.query("SELECT nextval('information_request_ref_seq')::text AS seq");
      const saved = await manager.save(
        manager.create(InformationRequest, {
          reference: `${this.config.FIU_COUNTRY}-RFI-${new Date().getUTCFullYear()}-${seq.padStart(6, '0')}`,
          entityId: entity.id,
          reportId: report?.id ?? null,
          subject: input.subject?.trim() || null,
          question,
          dueDate: input.dueDate ?? null,
          requestedBy: input.requestedBy,
        }),
      );
      await this.audit.record(
        actor,
        {
          action: 'request.create',
          objectType: 'information_request',
          objectId: saved.id,
          detail: { reference: saved.reference, entityCode: entity.code, reportFiuRef: report?.fiuRef ?? null },
        },
        manager,
      );
      return InformationRequestResponse.from(saved, report?.fiuRef ?? null);
    });
  }

  async listOwn(filer: AuthenticatedEntity, status?: string): Promise<InformationRequestResponse[]> {
    const requests = await this.dataSource.manager.find(InformationRequest, {
      where: { entityId: filer.id, ...(status ? { status: status as InformationRequest['status'] } : {}) },
      order: { createdAt: 'DESC' },
    });
    return this.withReportRefs(requests);
  }

  async findOwn(filer: AuthenticatedEntity, id: string): Promise<InformationRequestResponse> {
    const request = UUID.test(id) ? await this.dataSource.manager.findOneBy(InformationRequest, { id, entityId: filer.id }) : null;
    if (!request) throw new ReportsException(ReportsErrorCode.RequestNotFound, `No request ${id} for this entity`);
    return (await this.withReportRefs([request]))[0];
  }

  /** Answers an open request with a message and optional attachments. */
  async answerWithMessage(filer: AuthenticatedEntity, id: string, answer: AnswerRequestDto): Promise<InformationRequestResponse> {
    const files = this.checkAnswer(answer);
    return this.dataSource.transaction(async (manager) => {
      const request = UUID.test(id)
        ? await manager.findOne(InformationRequest, { where: { id, entityId: filer.id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!request) throw new ReportsException(ReportsErrorCode.RequestNotFound, `No request ${id} for this entity`);
      if (request.status !== 'open') throw new ReportsException(ReportsErrorCode.RequestClosed, `Request ${request.reference} is ${request.status}`);
      const saved = await manager.save(manager.create(RequestAnswer, { requestId: request.id, message: answer.message.trim() }));
      for (const file of files) await manager.insert(RequestAnswerAttachment, { ...file, answerId: saved.id });
      await manager.update(InformationRequest, { id: request.id }, { status: 'answered', answeredAt: () => 'now()' });
      const reportRef = request.reportId ? (await manager.findOneBy(Report, { id: request.reportId }))?.fiuRef ?? null : null;
      return InformationRequestResponse.from((await manager.findOneByOrFail(InformationRequest, { id: request.id })), reportRef);
    });
  }

  /** The open request a report answers through goAML fiu_ref_number; null when it names none of this entity's. */
  async findOpenByReference(manager: EntityManager, entityId: string, reference: string): Promise<InformationRequest | null> {
    return manager.findOne(InformationRequest, { where: { entityId, reference, status: 'open' }, lock: { mode: 'pessimistic_write' } });
  }

  async markAnsweredByReport(manager: EntityManager, requestId: string, reportId: string): Promise<void> {
    await manager.update(InformationRequest, { id: requestId }, { status: 'answered', answeredAt: () => 'now()', answerReportId: reportId });
  }

  private checkAnswer(answer: AnswerRequestDto): Omit<RequestAnswerAttachment, 'id' | 'answerId'>[] {
    if (typeof answer?.message !== 'string' || answer.message.trim().length === 0 || answer.message.length > 20_000) {
      throw invalid('message must be 1-20000 characters', '/message');
    }
    const attachments = answer.attachments ?? [];
    if (!Array.isArray(attachments) || attachments.length > MAX_ATTACHMENTS) throw invalid(`attachments must be a list of at most ${MAX_ATTACHMENTS} files`, '/attachments');
    let total = 0;
    return attachments.map((file, index) => {
      const path = `/attachments/${index}`;
      if (typeof file?.fileName !== 'string' || !isSafeFileName(file.fileName)) throw invalid('fileName must be a plain file name', `${path}/fileName`);
      if (typeof file.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(file.contentType)) throw invalid('contentType must be a media type', `${path}/contentType`);
      if (typeof file.contentBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(file.contentBase64)) throw invalid('contentBase64 must be base64', `${path}/contentBase64`);
      const content = Buffer.from(file.contentBase64, 'base64');
      total += content.length;
      if (total > this.config.MAX_REPORT_BYTES) throw invalid(`attachments exceed ${this.config.MAX_REPORT_BYTES} bytes in all`, path);
      return { fileName: file.fileName, contentType: file.contentType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content };
    });
  }

  private async withReportRefs(requests: InformationRequest[]): Promise<InformationRequestResponse[]> {
    const ids = requests.map((r) => r.reportId).filter((id): id is string => id !== null);
    const reports = ids.length ? await this.dataSource.manager.find(Report, { where: { id: In(ids) }, select: { id: true, fiuRef: true } }) : [];
    const refOf = new Map(reports.map((r) => [r.id, r.fiuRef]));
    return requests.map((r) => InformationRequestResponse.from(r, r.reportId ? (refOf.get(r.reportId) ?? null) : null));
  }
}

function invalid(message: string, path = '/'): ReportsException {
  return new ReportsException(ReportsErrorCode.ValidationFailed, message, [{ path, code: 'invalid', severity: 'error', message }]);
}
