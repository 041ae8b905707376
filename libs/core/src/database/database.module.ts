import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvironmentVariables } from '../config/environment-variables';
import { buildDataSourceOptions, DataSourceParts } from './data-source-options';

@Module({})
export class DatabaseModule {
  /** One TypeORM connection for the app, built from the shared data-source parts. */
  static forRoot(parts: DataSourceParts): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [EnvironmentVariables],
          useFactory: (config: EnvironmentVariables) => buildDataSourceOptions(config, parts),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
