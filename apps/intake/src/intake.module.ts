import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CoreConfigModule, DatabaseModule, HealthModule, LoggingModule, OutboxModule, RedisModule } from '@fiu/core';
import { DATA_SOURCE_PARTS } from '@fiu/data-source';
import { ReportsModule } from '@fiu/reports';
import { IntakeAccessGuard } from './intake-access.guard';
import { IntakeExceptionFilter } from './intake-exception.filter';
import { CodeListsController } from './code-lists.controller';
import { ReportsController } from './reports.controller';
import { RequestsController } from './requests.controller';

/** The face reporting entities see (internet-facing): filing and acknowledgements, nothing else. */
@Module({
  imports: [
    CoreConfigModule,
    LoggingModule.forApp('intake'),
    DatabaseModule.forRoot(DATA_SOURCE_PARTS),
    RedisModule,
    OutboxModule,
    HealthModule,
    ReportsModule,
  ],
  controllers: [ReportsController, CodeListsController, RequestsController],
  providers: [
    { provide: APP_GUARD, useClass: IntakeAccessGuard },
    { provide: APP_FILTER, useClass: IntakeExceptionFilter },
  ],
})
export class IntakeModule {}
