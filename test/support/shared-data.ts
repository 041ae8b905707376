import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The public data sets (../shared/data), found through FIU_SHARED_DATA as CI sets it. Suites that
 * need them are skipped, loudly, when they are absent: the rest of the tests must pass without.
 */
export function sharedData(): string | null {
  const candidate = process.env.FIU_SHARED_DATA ?? resolve(__dirname, '../../../shared/data');
  return existsSync(join(candidate, 'goaml')) ? candidate : null;
}

export function describeWithSharedData(name: string, body: (root: string) => void): void {
  const root = sharedData();
  if (!root) {
    console.warn(`SKIPPED "${name}": the shared data sets are absent (set FIU_SHARED_DATA to ../shared/data)`);
    describe.skip(name, () => body(''));
    return;
  }
  describe(name, () => body(root));
}
