import type { EntityManager } from 'typeorm';
import { ReportAcknowledgementResponse } from './dto/report-acknowledgement.response';
import { ReportEvent } from './report-event.entity';
import { Report } from './report.entity';

/** A stored report's acknowledgement: its trail and the FIU reference of the version it corrects or amends. */
export async function loadAcknowledgement(manager: EntityManager, report: Report): Promise<ReportAcknowledgementResponse> {
  const events = await manager.find(ReportEvent, { where: { reportId: report.id }, order: { id: 'ASC' } });
  const previous = report.previousReportId ? await manager.findOneBy(Report, { id: report.previousReportId }) : null;
  return ReportAcknowledgementResponse.from(report, events, previous?.fiuRef ?? null);
}
