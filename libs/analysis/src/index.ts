export { ANALYSIS_ENTITIES, AnalysisModule } from './analysis.module';
export { AnalysisService } from './analysis.service';
export type { AnalysisOutcome } from './analysis.service';
export { PossibleMatchesService } from './resolution/possible-matches.service';
export type { DecisionActor, PossibleMatchView } from './resolution/possible-matches.service';
export { AnalysisErrorCode, AnalysisException } from './analysis.errors';
export * from './normalisation';
