import { ConfigValidationError } from '../config/environment-variables';

/** Runs an entry point; a bad configuration prints every problem and exits 1. */
export function runMain(name: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${name}: cannot start.\n${error.message}\n`);
    } else {
      process.stderr.write(`${name}: cannot start: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  });
}
