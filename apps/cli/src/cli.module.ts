import { Module } from '@nestjs/common';
import { CoreConfigModule, DatabaseModule, OutboxModule } from '@fiu/core';
import { DATA_SOURCE_PARTS } from '@fiu/data-source';
import { ReportsModule } from '@fiu/reports';
import { StaffModule } from '@fiu/staff';
import { AuditModule } from '@fiu/audit';
import { AnalysisModule } from '@fiu/analysis';
import { ExchangeModule } from '@fiu/exchange';

/** What administration commands need: the database and the contexts they manage. */
@Module({
  imports: [CoreConfigModule, DatabaseModule.forRoot(DATA_SOURCE_PARTS), OutboxModule, ReportsModule, StaffModule, AuditModule, AnalysisModule, ExchangeModule],
})
export class CliModule {}
