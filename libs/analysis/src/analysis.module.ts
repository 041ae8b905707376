import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReportsModule } from '@fiu/reports';
import { AnalysisResult } from './analysis-result.entity';
import { AnalysisService } from './analysis.service';

export const ANALYSIS_ENTITIES = [AnalysisResult];

@Module({
  imports: [TypeOrmModule.forFeature(ANALYSIS_ENTITIES), ReportsModule],
  providers: [AnalysisService],
  exports: [AnalysisService],
})
export class AnalysisModule {}
