import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CoreConfigModule, DatabaseModule, HealthModule, JobProgressModule, LoggingModule, OutboxModule, RedisModule } from '@fiu/core';
import { DATA_SOURCE_PARTS } from '@fiu/data-source';
import { ReportsModule } from '@fiu/reports';
import { StaffModule } from '@fiu/staff';
import { AuditModule } from '@fiu/audit';
import { AnalysisModule } from '@fiu/analysis';
import { CasesModule } from '@fiu/cases';
import { ExchangeModule } from '@fiu/exchange';
import { ExchangeController } from './exchange.controller';
import { CasesController } from './cases.controller';
import { DisseminationsController } from './disseminations.controller';
import { IntelligenceController } from './intelligence.controller';
import { TriageController } from './triage.controller';
import { AuditController } from './audit.controller';
import { PossibleMatchesController } from './possible-matches.controller';
import { ScreeningController } from './screening.controller';
import { AuthController } from './auth.controller';
import { ConsoleAccessGuard } from './console-access.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { RequestsController } from './requests.controller';
import { JobsController } from './jobs.controller';

/** The face FIU staff use (internal network): triage, reports and subjects, search, cases, dissemination, audit. */
@Module({
  imports: [
    CoreConfigModule,
    LoggingModule.forApp('console'),
    DatabaseModule.forRoot(DATA_SOURCE_PARTS),
    RedisModule,
    OutboxModule,
    JobProgressModule,
    HealthModule,
    StaffModule,
    ReportsModule,
    AuditModule,
    AnalysisModule,
    CasesModule,
    ExchangeModule,
  ],
  controllers: [
    AuthController,
    RequestsController,
    AuditController,
    PossibleMatchesController,
    ScreeningController,
    TriageController,
    IntelligenceController,
    CasesController,
    DisseminationsController,
    ExchangeController,
    JobsController,
  ],
  providers: [
    // Deny by default: a route without a rule is closed; staff routes name the roles they serve.
    { provide: APP_GUARD, useClass: ConsoleAccessGuard },
    { provide: APP_FILTER, useClass: ConsoleExceptionFilter },
  ],
})
export class ConsoleModule {}
