import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReportsModule } from '@fiu/reports';
import { AnalysisResult } from './analysis-result.entity';
import { AnalysisService } from './analysis.service';
import { EntityResolutionService } from './resolution/entity-resolution.service';
import { PartySubjectLink, PossibleMatch, Subject, SubjectIdentifier } from './resolution/subject.entity';

export const ANALYSIS_ENTITIES = [AnalysisResult, Subject, SubjectIdentifier, PartySubjectLink, PossibleMatch];

@Module({
  imports: [TypeOrmModule.forFeature(ANALYSIS_ENTITIES), ReportsModule],
  providers: [AnalysisService, EntityResolutionService],
  exports: [AnalysisService],
})
export class AnalysisModule {}
