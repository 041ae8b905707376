export { ANALYSIS_ENTITIES, AnalysisModule } from './analysis.module';
export { AnalysisService } from './analysis.service';
export type { AnalysisOutcome } from './analysis.service';
