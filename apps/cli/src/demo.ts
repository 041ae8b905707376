import 'reflect-metadata';
import { randomBytes } from 'node:crypto';

// The demo runs its own node on free ports and its own database, so it never touches real data.
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/fiu_demo';
process.env.QUEUE_PREFIX ??= 'fiu-demo';
process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT ??= '0';
process.env.CONSOLE_PORT ??= '0';
process.env.EXCHANGE_PORT ??= '0';
process.env.OUTBOX_POLL_MS ??= '50';

interface Answer {
  id: string;
  status: string;
  code?: string;
  info?: unknown;
  errors: { path: string }[];
  trail: { at: string; status: string; detail: string | null }[];
}
const json = async (response: Response) => (await response.json()) as Answer;

const say = (text = '') => process.stdout.write(`${text}\n`);
const show = (value: unknown) => say(JSON.stringify(value, null, 2));

async function main(): Promise<void> {
  // Imported after the variables above are set: the config is validated from them.
  const { startAll } = await import('../../main');
  const { ReportingEntitiesService } = await import('@fiu/reports');

  say('1. Starting a node: intake, console, exchange and worker in one process (migrations first)');
  const node = await startAll();
  const intakeUrl = (await node.intake.getUrl()).replace('[::1]', '127.0.0.1');
  say(`   intake   ${intakeUrl}  (OpenAPI: ${intakeUrl}/docs)`);
  say(`   console  ${await node.console.getUrl()}`);
  say(`   exchange ${await node.exchange.getUrl()}`);
  try {
    const health = await fetch(`${intakeUrl}/health`);
    say(`   GET /health -> ${health.status} ${JSON.stringify((await json(health)).info)}`);

    const code = `DEMO-${randomBytes(3).toString('hex')}`;
    say(`\n2. Registering reporting entity ${code} (npm run cli -- entity:create --code ${code} --name "Demo Bank" --sector bank)`);
    const bank = await node.intake.get(ReportingEntitiesService).register({ code, name: 'Demo Bank', sector: 'bank' });
    say(`   API key issued once: ${bank.apiKey.slice(0, 21)}... (only its SHA-256 is stored)`);

    const report = {
      entityReference: `STR-${new Date().toISOString().slice(0, 10)}-001`,
      reportCode: 'STR',
      submissionDate: new Date().toISOString().slice(0, 10),
      currencyCodeLocal: 'EUR',
      reason: 'Nine cash deposits of 9,500 EUR over three days, each just below the reporting threshold',
      action: 'Account placed under enhanced monitoring',
    };
    const post = (body: unknown, key = bank.apiKey) =>
      fetch(`${intakeUrl}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    say('\n3. Filing a report: POST /v1/reports');
    const filed = await post(report);
    const ack = await json(filed);
    say(`   -> ${filed.status}`);
    show(ack);

    say('\n4. Waiting for the worker to analyse it (outbox -> relay -> BullMQ -> worker)');
    const deadline = Date.now() + 20_000;
    let current = ack;
    while (current.status !== 'analysed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await json(await fetch(`${intakeUrl}/v1/reports/${ack.id}`, { headers: { authorization: `Bearer ${bank.apiKey}` } }));
    }
    if (current.status !== 'analysed') throw new Error(`Report not analysed in time (status ${current.status})`);

    say('\n5. The acknowledgement trail (GET /v1/reports/:id)');
    for (const step of current.trail) say(`   ${step.at}  ${step.status.padEnd(24)} ${step.detail ?? ''}`);

    say('\nAnd what a filer sees when things go wrong:');
    const replay = await post(report);
    say(`   the same document again        -> ${replay.status}, same id: ${(await json(replay)).id === ack.id}`);
    const conflict = await post({ ...report, reason: 'edited' });
    say(`   same reference, other content  -> ${conflict.status} ${(await json(conflict)).code}`);
    const invalid = await post({ reportCode: 'str' });
    const invalidBody = await json(invalid);
    say(`   an invalid report              -> ${invalid.status} ${invalidBody.code}: ${invalidBody.errors.map((e) => e.path).join(', ')}`);
    const wrongKey = await post(report, `fiu_0000000000000000_${'A'.repeat(43)}`);
    say(`   a wrong API key                -> ${wrongKey.status}`);
  } finally {
    await node.stop();
  }
  say('\nDemo finished.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
