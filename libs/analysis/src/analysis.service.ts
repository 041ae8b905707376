import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportsService } from '@fiu/reports';
import { AnalysisResult } from './analysis-result.entity';
import { EntityResolutionService } from './resolution/entity-resolution.service';

export type AnalysisOutcome = 'analysed' | 'already_analysed' | 'report_missing';

/**
 * Analyses a report. For now it records a result row; normalisation, entity resolution,
 * screening and scoring arrive with the analysis issue. Every effect is keyed on
 * (report id, version), so running the job twice changes nothing the second time.
 */
@Injectable()
export class AnalysisService {
  private readonly logger = new Logger(AnalysisService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly resolution: EntityResolutionService,
  ) {}

  async analyseReport(reportId: string): Promise<AnalysisOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const report = await this.reports.lockForAnalysis(manager, reportId);
      if (!report) {
        // Permanent: retrying cannot make the report appear.
        this.logger.error({ reportId }, 'Analysis job names a report that does not exist');
        return 'report_missing';
      }
      const resolution = await this.resolution.resolve(manager, await this.reports.partiesForAnalysis(manager, report.id));
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(AnalysisResult)
        .values({ reportId: report.id, reportVersion: report.version, outcome: { engine: 'baseline+entity-resolution', resolution, findings: [] } })
        .orIgnore()
        .execute();
      const moved = await this.reports.markAnalysed(manager, report.id, `analysis of version ${report.version} recorded`);
      return (inserted.raw as unknown[]).length > 0 && moved ? 'analysed' : 'already_analysed';
    });
  }
}
