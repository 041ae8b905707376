import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@fiu/audit';
import { ApiKey } from './reporting-entities/api-key.entity';
import { ReportingEntitiesService } from './reporting-entities/reporting-entities.service';
import { ReportingEntity } from './reporting-entities/reporting-entity.entity';
import { ReportEvent } from './reports/report-event.entity';
import { Report } from './reports/report.entity';
import { GoamlFormat } from './goaml/goaml-format.service';
import { PartyAddress } from './goaml/model/party-address.entity';
import { ReportAttachment } from './goaml/model/report-attachment.entity';
import { PartyIdentifier } from './goaml/model/party-identifier.entity';
import { ReportParty } from './goaml/model/report-party.entity';
import { ReportTransaction } from './goaml/model/report-transaction.entity';
import { IdempotencyKey } from './reports/idempotency-key.entity';
import { InformationRequest } from './requests/information-request.entity';
import { RequestAnswer, RequestAnswerAttachment } from './requests/request-answer.entity';
import { RequestsService } from './requests/requests.service';
import { ReportsService } from './reports/reports.service';
import { SubmitReportUseCase } from './reports/usecases/submit-report.usecase';

export const REPORTS_ENTITIES = [ReportingEntity, ApiKey, Report, ReportEvent, IdempotencyKey, ReportTransaction, ReportParty, PartyIdentifier, PartyAddress, ReportAttachment, InformationRequest, RequestAnswer, RequestAnswerAttachment];

@Module({
  imports: [TypeOrmModule.forFeature(REPORTS_ENTITIES), AuditModule],
  providers: [ReportsService, ReportingEntitiesService, SubmitReportUseCase, GoamlFormat, RequestsService],
  exports: [ReportsService, ReportingEntitiesService, GoamlFormat, RequestsService],
})
export class ReportsModule {}
