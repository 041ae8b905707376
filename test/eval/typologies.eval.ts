/**
 * eval:typologies — loads an AMLSim sample (nodes.csv, transactions.csv) as a transaction network
 * into a scratch database, runs the product's network typologies over every account with the
 * AMLSim rule profile (test/eval/amlsim-rules.json: AMLSim amounts are 1-600 and one time step is
 * taken as one day, so the bank-scale defaults would never fire), and compares the flagged accounts
 * with the isFraud labels. Usage: npm run eval:typologies -- <amlsim sample dir>
 * Prints precision and recall per rule, then one machine-readable line: precision=<p> recall=<r> f1=<f>
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { detectCycles, detectFan, detectRapidMovement, detectStructuring, NetworkHit, RunQuery, typologyRules } from '@fiu/analysis';
import { ADMIN_URL, dropDatabase, out } from '../bench/bench-support';

const EVAL_DB = 'fiu_eval_typologies';
const START = Date.UTC(2020, 0, 1);
const DAY_MS = 24 * 3600 * 1000;

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.trim());
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('Usage: npm run eval:typologies -- <amlsim sample dir, e.g. ../shared/data/amlsim/20K_fanin200>\n');
    process.exit(2);
  }
  const rules = typologyRules(JSON.parse(readFileSync(resolve(__dirname, 'amlsim-rules.json'), 'utf8')) as Record<string, unknown>);
  const nodes = readCsv(join(dir, 'nodes.csv'));
  const transactions = readCsv(join(dir, 'transactions.csv'));
  const fraud = new Set(nodes.filter((node) => node.isFraud === '1').map((node) => node.nodeid));

  await dropDatabase(EVAL_DB);
  process.env.DATABASE_URL = new URL(`/${EVAL_DB}`, ADMIN_URL).toString();
  process.env.LOG_LEVEL ??= 'warn';
  const { migrateDatabase } = await import('@fiu/data-source');
  await migrateDatabase();
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const subjectOf = new Map(nodes.map((node) => [node.nodeid, randomUUID()]));
    const nodeOf = new Map<string, string>([...subjectOf].map(([node, subject]) => [subject, node]));
    const started = Date.now();
    await pipeline(
      Readable.from([...subjectOf].map(([node, subject]) => `${subject}\taccount\tAMLSim account ${node}\n`)),
      client.query(copyFrom('COPY subjects (id, kind, display_name) FROM STDIN')),
    );
    await pipeline(
      Readable.from(
        transactions.map((tx) => {
          const at = new Date(START + Number(tx.time) * DAY_MS).toISOString().replace('T', ' ').slice(0, 19);
          return `${randomUUID()}\t${subjectOf.get(tx.sourceNodeId)}\t${subjectOf.get(tx.targetNodeId)}\t${tx.value}\t${at}\tf\n`;
        }),
      ),
      client.query(copyFrom('COPY money_flows (transaction_id, from_subject_id, to_subject_id, amount, occurred_at, cash) FROM STDIN')),
    );
    await client.query('ANALYZE money_flows');
    out(`loaded ${nodes.length} accounts (${fraud.size} labelled laundering) and ${transactions.length} transactions in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const run: RunQuery = async (sql, parameters) => (await client.query(sql, parameters)).rows as Record<string, unknown>[];
    const focus = [...subjectOf.values()];
    const perRule: [string, () => Promise<NetworkHit[]>][] = [];
    if (rules.structuring.enabled) perRule.push(['structuring', () => detectStructuring(run, focus, rules.structuring)]);
    if (rules.fan_in.enabled) perRule.push(['fan_in', () => detectFan(run, focus, rules.fan_in, 'in')]);
    if (rules.fan_out.enabled) perRule.push(['fan_out', () => detectFan(run, focus, rules.fan_out, 'out')]);
    if (rules.cycle.enabled) perRule.push(['cycle', () => detectCycles(run, focus, rules.cycle)]);
    if (rules.rapid_movement.enabled) perRule.push(['rapid_movement', () => detectRapidMovement(run, focus, rules.rapid_movement)]);

    const measure = (flagged: Set<string>) => {
      const truePositives = [...flagged].filter((node) => fraud.has(node)).length;
      const precision = flagged.size ? truePositives / flagged.size : 0;
      const recall = fraud.size ? truePositives / fraud.size : 0;
      return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
    };
    const all = new Set<string>();
    for (const [rule, detect] of perRule) {
      const ruleStarted = Date.now();
      const flagged = new Set<string>();
      for (const hit of await detect()) {
        // A cycle flags every account on it; the other rules flag the account they are about.
        for (const subject of [hit.subjectId, ...((hit.detail.path as string[] | undefined) ?? [])]) flagged.add(nodeOf.get(subject)!);
      }
      flagged.forEach((node) => all.add(node));
      const { precision, recall } = measure(flagged);
      out(`${rule.padEnd(15)} flagged ${String(flagged.size).padStart(5)}  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (${((Date.now() - ruleStarted) / 1000).toFixed(1)} s)`);
    }
    const { precision, recall, f1 } = measure(all);
    out(`any rule        flagged ${String(all.size).padStart(5)} of ${nodes.length} accounts`);
    out(`precision=${precision.toFixed(4)} recall=${recall.toFixed(4)} f1=${f1.toFixed(4)}`);
  } finally {
    await client.end();
    await dropDatabase(EVAL_DB);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
