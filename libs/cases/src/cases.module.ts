import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@fiu/audit';
import { ExchangeModule } from '@fiu/exchange';
import { CaseQueriesService } from './case-queries.service';
import { CaseTimelineService } from './case-timeline.service';
import { CASEWORK_ENTITIES } from './casework.entities';
import { CasesService } from './cases.service';
import { ConsentRequestsService } from './dissemination/consent-requests.service';
import { PackageBuilder } from './dissemination/package-builder';
import { RedactionRulesService } from './dissemination/redaction-rules.service';
import { ThirdPartyCheck } from './dissemination/third-party';
import { DisseminationDecisionsService } from './dissemination-decisions.service';
import { DisseminationsService } from './disseminations.service';
import { IntelligenceReportsService } from './intelligence-report/intelligence-reports.service';
import { ReportSigner } from './intelligence-report/report-signer.service';
import { ReportViewService } from './report-view.service';
import { TriageService } from './triage.service';
import { SearchService } from './search.service';
import { SubjectsService } from './subjects.service';

const EXPORTED = [
  TriageService,
  CasesService,
  CaseQueriesService,
  CaseTimelineService,
  DisseminationsService,
  DisseminationDecisionsService,
  ConsentRequestsService,
  RedactionRulesService,
  IntelligenceReportsService,
  ReportViewService,
  SearchService,
  SubjectsService,
];

/** The analysts' work: triage, search, subject pages and networks, cases and domestic dissemination. Reads other contexts' tables in SQL, never their entities. */
@Module({
  imports: [TypeOrmModule.forFeature(CASEWORK_ENTITIES), AuditModule, ExchangeModule],
  providers: [...EXPORTED, PackageBuilder, ThirdPartyCheck, ReportSigner],
  exports: EXPORTED,
})
export class CasesModule {}
