import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@fiu/audit';
import { ExchangeModule } from '@fiu/exchange';
import { CASEWORK_ENTITIES } from './casework.entities';
import { CasesService } from './cases.service';
import { DisseminationsService } from './disseminations.service';
import { ReportViewService } from './report-view.service';
import { TriageService } from './triage.service';
import { SearchService } from './search.service';
import { SubjectsService } from './subjects.service';

/** The analysts' work: triage, search, subject pages and networks, cases and domestic dissemination. Reads other contexts' tables in SQL, never their entities. */
@Module({
  imports: [TypeOrmModule.forFeature(CASEWORK_ENTITIES), AuditModule, ExchangeModule],
  providers: [TriageService, CasesService, DisseminationsService, ReportViewService, SearchService, SubjectsService],
  exports: [TriageService, CasesService, DisseminationsService, ReportViewService, SearchService, SubjectsService],
})
export class CasesModule {}
