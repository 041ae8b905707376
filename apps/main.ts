import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runMain } from '@fiu/core';
import { migrateDatabase } from '@fiu/data-source';
import { startConsole } from './console/src/bootstrap';
import { startExchange } from './exchange/src/bootstrap';
import { startIntake } from './intake/src/bootstrap';
import { startWorker } from './worker/src/bootstrap';

/** All four apps in one process, for a small FIU and for the demo. Large FIUs run them apart. */
export async function startAll() {
  const ran = await migrateDatabase();
  const logger = new Logger('node');
  const worker = await startWorker(false);
  // Logged once the worker's JSON logger is in place.
  if (ran.length) logger.log(`Applied migrations: ${ran.join(', ')}`);
  const [intake, consoleApp, exchange] = await Promise.all([startIntake(false), startConsole(false), startExchange(false)]);
  for (const [name, app] of Object.entries({ intake, console: consoleApp, exchange })) {
    logger.log(`${name} listening on ${await app.getUrl()} (OpenAPI at /docs)`);
  }
  const stop = async () => {
    // HTTP faces stop taking work first; the worker then finishes its jobs and closes its queues.
    await Promise.all([intake.close(), consoleApp.close(), exchange.close()]);
    await worker.close();
  };
  return { intake, console: consoleApp, exchange, worker, stop };
}

function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

if (require.main === module) runMain('node', async () => stopOnSignal((await startAll()).stop));
