import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessGuard, ApiExceptionFilter, CoreConfigModule, DatabaseModule, HealthModule, LoggingModule, RedisModule } from '@fiu/core';
import { DATA_SOURCE_PARTS } from '@fiu/data-source';

/** The face FIU staff use (internal network). Triage, cases and dissemination arrive with the console issue. */
@Module({
  imports: [CoreConfigModule, LoggingModule.forApp('console'), DatabaseModule.forRoot(DATA_SOURCE_PARTS), RedisModule, HealthModule],
  providers: [
    // Deny by default: until staff or partner authentication exists, only public routes answer.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class ConsoleModule {}
