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
import { MoneyFlow, SubjectRelation, TypologyRuleSetRow } from './typologies/money-flow.entity';
import { TypologyService } from './typologies/typology.service';
import { PartySubjectLink, PossibleMatch, Subject, SubjectIdentifier } from './resolution/subject.entity';

export const ANALYSIS_ENTITIES = [AnalysisResult, Subject, SubjectIdentifier, PartySubjectLink, PossibleMatch, SanctionEntryRow, ScreeningHitRow, MoneyFlow, TypologyRuleSetRow, SubjectRelation];

@Module({
  imports: [TypeOrmModule.forFeature(ANALYSIS_ENTITIES), ReportsModule, AuditModule],
  providers: [AnalysisService, EntityResolutionService, PossibleMatchesService, ScreeningService, TypologyService],
  exports: [AnalysisService, PossibleMatchesService, ScreeningService, TypologyService],
})
export class AnalysisModule {}
