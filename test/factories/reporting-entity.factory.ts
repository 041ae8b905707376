import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { RegisteredEntity, ReportingEntitiesService } from '@fiu/reports';

/** Registers a reporting entity through the real service and returns it with its API key. */
export function aReportingEntity(
  app: INestApplicationContext,
  overrides: Partial<{ code: string; name: string; sector: string }> = {},
): Promise<RegisteredEntity> {
  return app.get(ReportingEntitiesService).register({
    code: `E${randomBytes(4).toString('hex')}`,
    name: 'Test Bank',
    sector: 'bank',
    ...overrides,
  });
}
