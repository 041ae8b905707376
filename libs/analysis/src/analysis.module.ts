import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReportsModule } from '@fiu/reports';
import { AnalysisResult } from './analysis-result.entity';
import { AnalysisService } from './analysis.service';
import { EntityResolutionService } from './resolution/entity-resolution.service';
import { PossibleMatchesService } from './resolution/possible-matches.service';
import { SanctionEntryRow, ScreeningHitRow } from './screening/sanction-entry.entity';
import { ScreeningService } from './screening/screening.service';
import { AuditModule } from '@fiu/audit';
import { PartySubjectLink, PossibleMatch, Subject, SubjectIdentifier } from './resolution/subject.entity';

export const ANALYSIS_ENTITIES = [AnalysisResult, Subject, SubjectIdentifier, PartySubjectLink, PossibleMatch, SanctionEntryRow, ScreeningHitRow];

@Module({
  imports: [TypeOrmModule.forFeature(ANALYSIS_ENTITIES), ReportsModule, AuditModule],
  providers: [AnalysisService, EntityResolutionService, PossibleMatchesService, ScreeningService],
  exports: [AnalysisService, PossibleMatchesService, ScreeningService],
})
export class AnalysisModule {}
