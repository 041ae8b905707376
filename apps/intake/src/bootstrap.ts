import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { EnvironmentVariables, startHttpApp } from '@fiu/core';
import { exampleReport, GoamlFormat, goamlJsonSchemas } from '@fiu/reports';
import { IntakeModule } from './intake.module';

export const INTAKE_APP = {
  title: 'FIU intake API',
  description: 'Reporting entities file suspicious-transaction reports and read their acknowledgements.',
  port: (config: { INTAKE_PORT: number }) => config.INTAKE_PORT,
  bearerAuth: 'API key issued by the FIU (fiu_...)',
  configure: (app: NestFastifyApplication, config: EnvironmentVariables) => {
    // goAML XML and ZIP uploads arrive as bytes: the reader decodes and streams them itself, refusing DTDs and entities.
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser(['application/xml', 'text/xml', 'application/zip'], { parseAs: 'buffer', bodyLimit: config.MAX_REPORT_BYTES }, (_request, body, done) =>
        done(null, body),
      );
  },
  extendDocument: (document: OpenAPIObject, app: NestFastifyApplication) => {
    // The JSON form follows the configured goAML schema, so its OpenAPI schema is built from it.
    const { root, components } = goamlJsonSchemas(app.get(GoamlFormat).schema);
    document.components = { ...document.components, schemas: { ...document.components?.schemas, ...components } };
    document.components.schemas!.GoamlReport = {
      example: exampleReport('101', { entityReference: 'STR-2026-0001' }),
      allOf: [
        { $ref: `#/components/schemas/${root}` },
        { type: 'object', properties: { suspicionDate: { type: 'string', format: 'date', description: 'When the suspicion arose (not part of goAML)' } } },
      ],
    };
  },
};

export const startIntake = (shutdownHooks = true) => startHttpApp(IntakeModule, INTAKE_APP, shutdownHooks);
