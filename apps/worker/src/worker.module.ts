import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ANALYSIS_QUEUE, EXCHANGE_QUEUE, SCREENING_QUEUE, CoreConfigModule, DatabaseModule, EnvironmentVariables, JobProgressModule, LoggingModule, OutboxModule, OutboxRelayModule, RedisModule, redisOptionsFromUrl } from '@fiu/core';
import { AnalysisModule } from '@fiu/analysis';
import { ExchangeModule } from '@fiu/exchange';
import { ExchangeProcessor } from './exchange.processor';
import { DATA_SOURCE_PARTS } from '@fiu/data-source';
import { AnalysisProcessor } from './analysis.processor';
import { ScreeningProcessor } from './screening.processor';

/** Queue processors and the outbox relay; no HTTP face. */
@Module({
  imports: [
    CoreConfigModule,
    LoggingModule.forApp('worker'),
    DatabaseModule.forRoot(DATA_SOURCE_PARTS),
    RedisModule,
    OutboxModule,
    OutboxRelayModule,
    JobProgressModule,
    BullModule.forRootAsync({
      inject: [EnvironmentVariables],
      useFactory: (config: EnvironmentVariables) => ({
        connection: redisOptionsFromUrl(config.REDIS_URL),
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: ANALYSIS_QUEUE }, { name: SCREENING_QUEUE }, { name: EXCHANGE_QUEUE }),
    AnalysisModule,
    ExchangeModule,
  ],
  providers: [AnalysisProcessor, ScreeningProcessor, ExchangeProcessor],
})
export class WorkerModule {}
