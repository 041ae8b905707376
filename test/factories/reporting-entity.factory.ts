import { randomInt } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { RegisteredEntity, ReportingEntitiesService } from '@fiu/reports';

/** Registers a reporting entity through the real service and returns it with its API key. */
export function aReportingEntity(
  app: INestApplicationContext,
  overrides: Partial<{ code: string; name: string; sector: string }> = {},
): Promise<RegisteredEntity> {
  return app.get(ReportingEntitiesService).register({
    // goAML rentity_id is a number.
    code: String(randomInt(100_000, 1_000_000_000)),
    name: 'Test Bank',
    sector: 'bank',
    ...overrides,
  });
}
