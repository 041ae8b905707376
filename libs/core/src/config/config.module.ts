import { Global, Module } from '@nestjs/common';
import { EnvironmentVariables, validateEnvironment } from './environment-variables';

/** Provides the validated `EnvironmentVariables` everywhere; validation runs when the module is built. */
@Global()
@Module({
  providers: [{ provide: EnvironmentVariables, useFactory: () => validateEnvironment(process.env) }],
  exports: [EnvironmentVariables],
})
export class CoreConfigModule {}
