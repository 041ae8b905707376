import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './reporting-entities/api-key.entity';
import { ReportingEntitiesService } from './reporting-entities/reporting-entities.service';
import { ReportingEntity } from './reporting-entities/reporting-entity.entity';
import { ReportEvent } from './reports/report-event.entity';
import { Report } from './reports/report.entity';
import { IdempotencyKey } from './reports/idempotency-key.entity';
import { ReportsService } from './reports/reports.service';
import { SubmitReportUseCase } from './reports/usecases/submit-report.usecase';

export const REPORTS_ENTITIES = [ReportingEntity, ApiKey, Report, ReportEvent, IdempotencyKey];

@Module({
  imports: [TypeOrmModule.forFeature(REPORTS_ENTITIES)],
  providers: [ReportsService, ReportingEntitiesService, SubmitReportUseCase],
  exports: [ReportsService, ReportingEntitiesService],
})
export class ReportsModule {}
