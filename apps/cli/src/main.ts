import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { cliActor, ConfigValidationError, validateEnvironment } from '@fiu/core';
import { migrateDatabase } from '@fiu/data-source';
import { ReportingEntitiesService, ReportsException, RequestsService, SECTORS } from '@fiu/reports';
import { StaffException, StaffService } from '@fiu/staff';
import { AuditService } from '@fiu/audit';
import { DEFAULT_SCREENING_THRESHOLD, parseOfacFolder, parseUnList, ScreeningService } from '@fiu/analysis';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { existsSync, writeFileSync } from 'node:fs';
import { ExchangeException, jwksThumbprint, KeysService, PartnersService, PolicyService } from '@fiu/exchange';
import { CliModule } from './cli.module';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  db:migrate                                     create the database if missing and apply pending migrations
  entity:create --code <rentity_id> --name <name> --sector <sector>
                                                 register a reporting entity and print its first API key
  entity:key --code <rentity_id>                 issue a further API key (rotation)
  entity:revoke-key --key-id <16 hex>            revoke one API key (the hex part after "fiu_")
  entity:suspend --code <rentity_id>             stop an entity from filing (it can still read its acknowledgements)
  entity:activate --code <rentity_id>            let a suspended entity file again
  entity:show --code <rentity_id>                status and active key ids of an entity

Sectors: ${SECTORS.join(', ')}`;

class UsageError extends Error {}

async function withContext<T>(work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  // Errors only: commands print JSON that other tools read from standard output.
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// Loaded by the commands that need it only: casework (and its PDF library) would slow every other command's start.
const reportKeys = () => import('@fiu/cases');

/** This node's intelligence report key file: INTELLIGENCE_REPORT_KEYS_FILE, or the default path a development node generates. */
async function reportKeysPath(): Promise<string> {
  const config = validateEnvironment(process.env);
  return config.INTELLIGENCE_REPORT_KEYS_FILE ?? (await reportKeys()).defaultReportKeysFile(config.FIU_COUNTRY);
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'db:migrate': {
      const ran = await migrateDatabase();
      process.stdout.write(ran.length ? `Applied: ${ran.join(', ')}\n` : 'Database is up to date\n');
      return;
    }
    case 'entity:create': {
      const { values } = parseArgs({ args: rest, options: { code: { type: 'string' }, name: { type: 'string' }, sector: { type: 'string' } } });
      const input = { code: required(values, 'code'), name: required(values, 'name'), sector: required(values, 'sector') };
      const entity = await withContext((app) => app.get(ReportingEntitiesService).register(input));
      process.stdout.write(
        `Registered reporting entity ${entity.code} (${entity.name}, ${entity.sector}), id ${entity.id}\n` +
          `API key (shown once, store it now): ${entity.apiKey}\n`,
      );
      return;
    }
    case 'entity:key': {
      const { values } = parseArgs({ args: rest, options: { code: { type: 'string' } } });
      const code = required(values, 'code');
      const key = await withContext((app) => app.get(ReportingEntitiesService).issueApiKey(code));
      process.stdout.write(`New API key for ${code} (shown once): ${key}\n`);
      return;
    }
    case 'entity:revoke-key': {
      const { values } = parseArgs({ args: rest, options: { 'key-id': { type: 'string' } } });
      const keyId = required(values, 'key-id');
      await withContext((app) => app.get(ReportingEntitiesService).revokeApiKey(keyId));
      process.stdout.write(`Revoked API key ${keyId}\n`);
      return;
    }
    case 'entity:suspend':
    case 'entity:activate':
    case 'entity:show': {
      const { values } = parseArgs({ args: rest, options: { code: { type: 'string' } } });
      const code = required(values, 'code');
      const entities = (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => app.get(ReportingEntitiesService);
      const summary = await withContext((app) =>
        command === 'entity:show'
          ? entities(app).describe(code)
          : entities(app).setStatus(code, command === 'entity:suspend' ? 'suspended' : 'active'),
      );
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    case 'lists:import': {
      const { values, positionals } = parseArgs({ args: rest, options: { format: { type: 'string' } }, allowPositionals: true });
      const format = required(values, 'format');
      const path = positionals[0];
      if (format !== 'un' && format !== 'ofac') throw new UsageError('--format must be un or ofac');
      if (!path) throw new UsageError(format === 'un' ? 'name the UN consolidated list XML file' : 'name the folder holding sdn.csv, alt.csv and add.csv');
      const entries = format === 'un' ? await parseUnList(readFileSync(path)) : parseOfacFolder(path);
      const result = await withContext((app) => app.get(ScreeningService).importList(format, entries));
      process.stdout.write(`Loaded ${result.entries} ${format.toUpperCase()} entries (replacing ${result.replaced})\n`);
      return;
    }
    case 'screen': {
      const { values, positionals } = parseArgs({ args: rest, options: { dob: { type: 'string' }, country: { type: 'string' } }, allowPositionals: true });
      const name = positionals.join(' ').trim();
      if (!name) throw new UsageError('name the person or organisation to screen');
      const hits = await withContext((app) => app.get(ScreeningService).screen({ name, dateOfBirth: values.dob, country: values.country }));
      process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
      return;
    }
    case 'screen:file': {
      const file = rest[0];
      if (!file) throw new UsageError('name the CSV file to screen');
      const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
      if (rows.length && !('full_name' in rows[0])) throw new UsageError('the CSV header needs a full_name column');
      await withContext(async (app) => {
        const screening = app.get(ScreeningService);
        for (const [index, row] of rows.entries()) {
          const hit = await screening.best({ name: row.full_name ?? '', dateOfBirth: row.date_of_birth || undefined, country: row.nationality || undefined });
          const score = hit ? Number(hit.score.toFixed(4)) : 0;
          process.stdout.write(`${JSON.stringify({ row: index + 1, match: score >= DEFAULT_SCREENING_THRESHOLD, score, hit: score >= DEFAULT_SCREENING_THRESHOLD ? hit : null })}\n`);
        }
      });
      return;
    }
    case 'audit:verify': {
      const result = await withContext((app) => app.get(AuditService).verify());
      if (result.brokenAt) {
        process.stderr.write(`Audit log BROKEN at entry ${result.brokenAt.id}: ${result.brokenAt.reason} (${result.checked} entries before it are intact)\n`);
        process.exitCode = 3;
        return;
      }
      process.stdout.write(`Audit log intact: ${result.checked} entries, chain verified\n`);
      return;
    }
    case 'user:create': {
      const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, role: { type: 'string' } } });
      const username = required(values, 'username');
      const role = required(values, 'role');
      // From standard input, so the password is never in the shell history or the process list.
      const password = (await readStandardInput()).replace(/\r?\n$/, '');
      const user = await withContext((app) => app.get(StaffService).createUser(username, role, password));
      process.stdout.write(`Created staff account ${user.username} (${user.role}), id ${user.id}\n`);
      return;
    }
    case 'request:create': {
      const { values } = parseArgs({
        args: rest,
        options: { entity: { type: 'string' }, question: { type: 'string' }, report: { type: 'string' }, subject: { type: 'string' }, due: { type: 'string' } },
      });
      const created = await withContext((app) =>
        app.get(RequestsService).create({
          entityCode: required(values, 'entity'),
          question: required(values, 'question'),
          reportFiuRef: values.report,
          subject: values.subject,
          dueDate: values.due,
          requestedBy: cliActor().id,
        }, cliActor()),
      );
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return;
    }
    case 'keys:generate': {
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' }, out: { type: 'string' } } });
      const out = required(values, 'out');
      if (existsSync(out)) throw new UsageError(`${out} exists: use keys:rotate to add keys to it`);
      // Owner-only (0600): the file holds private keys. Audited with the public thumbprints only.
      const fingerprints = await withContext((app) => app.get(KeysService).generateFile(out, required(values, 'country').toUpperCase(), cliActor()));
      process.stdout.write(`Wrote ${out} with keys ${fingerprints.keys.map((key) => key.kid).join(', ')}; set EXCHANGE_KEYS_FILE to it\nKey set thumbprint (partners confirm it): ${fingerprints.thumbprint}\n`);
      return;
    }
    case 'keys:rotate': {
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' }, file: { type: 'string' }, 'overlap-days': { type: 'string' } } });
      const overlap = Number(values['overlap-days'] ?? 14);
      if (!Number.isInteger(overlap) || overlap < 0 || overlap > 365) throw new UsageError('--overlap-days must be a whole number of days, 0-365');
      const fingerprints = await withContext((app) => app.get(KeysService).rotateFile(required(values, 'file'), required(values, 'country').toUpperCase(), overlap, cliActor()));
      process.stdout.write(
        `Added new keys; the previous ones are retired after ${overlap} days. A running node uses them without a restart.\n` +
          `New key set thumbprint (partners confirm it after refreshing your keys): ${fingerprints.thumbprint}\n`,
      );
      return;
    }
    case 'keys:public': {
      const { values } = parseArgs({ args: rest, options: { file: { type: 'string' } } });
      const jwks = await withContext((app) => app.get(KeysService).publicOf(required(values, 'file'), cliActor()));
      process.stdout.write(`${JSON.stringify(jwks, null, 2)}\n`);
      process.stderr.write(`Key set thumbprint: ${await jwksThumbprint(jwks)}\n`);
      return;
    }
    case 'partner:add': {
      const { values } = parseArgs({
        args: rest,
        options: {
          country: { type: 'string' },
          name: { type: 'string' },
          endpoint: { type: 'string' },
          'jwks-file': { type: 'string' },
          'jwks-url': { type: 'string' },
          'jwks-thumbprint': { type: 'string' },
          egmont: { type: 'boolean' },
          'mou-required': { type: 'boolean' },
          'mou-signed': { type: 'boolean' },
          'allow-private-network': { type: 'boolean' },
        },
      });
      if (!values['jwks-file'] === !values['jwks-url']) throw new UsageError('one of --jwks-file or --jwks-url is required');
      const partner = await withContext((app) =>
        app.get(PartnersService).add(
          {
            country: required(values, 'country'),
            name: required(values, 'name'),
            endpointUrl: required(values, 'endpoint'),
            jwks: values['jwks-file'] ? (JSON.parse(readFileSync(values['jwks-file'], 'utf8')) as unknown) : undefined,
            jwksUrl: values['jwks-url'],
            jwksThumbprint: values['jwks-thumbprint'],
            egmontMember: values.egmont ?? false,
            mouRequired: values['mou-required'] ?? false,
            mouSigned: values['mou-signed'] ?? false,
            allowPrivateNetwork: values['allow-private-network'] ?? false,
          },
          cliActor(),
        ),
      );
      process.stdout.write(`${JSON.stringify(partner, null, 2)}\n`);
      return;
    }
    case 'partner:suspend':
    case 'partner:activate':
    case 'partner:refresh-keys': {
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' } } });
      const change = command === 'partner:refresh-keys' ? { refreshKeys: true } : { status: command === 'partner:suspend' ? ('suspended' as const) : ('active' as const) };
      const partner = await withContext((app) => app.get(PartnersService).update(required(values, 'country'), change, cliActor()));
      process.stdout.write(`${JSON.stringify(partner, null, 2)}\n`);
      return;
    }
    case 'partner:confirm-keys': {
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' }, thumbprint: { type: 'string' } } });
      const partner = await withContext((app) => app.get(PartnersService).confirmKeys(required(values, 'country'), required(values, 'thumbprint'), cliActor()));
      process.stdout.write(`${JSON.stringify(partner, null, 2)}\n`);
      return;
    }
    case 'policy:set': {
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' }, file: { type: 'string' } } });
      const policy = await withContext((app) =>
        app.get(PolicyService).set(required(values, 'country'), JSON.parse(readFileSync(required(values, 'file'), 'utf8')) as Record<string, unknown>, cliActor()),
      );
      process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
      return;
    }
    case 'report-keys:generate': {
      const { generateReportKey, writeNewKeyFile } = await reportKeys();
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' }, out: { type: 'string' } } });
      const out = required(values, 'out');
      const file = { keys: [generateReportKey(required(values, 'country').toUpperCase())] };
      // Owner-only, and never over an existing file: it holds a private key.
      await writeNewKeyFile(out, file).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new UsageError(`${out} exists: use report-keys:rotate to add a key to it`) : error;
      });
      process.stdout.write(`Wrote ${out} with key ${file.keys[0].kid}; set INTELLIGENCE_REPORT_KEYS_FILE to it\n`);
      return;
    }
    case 'report-keys:rotate': {
      const { checkKeyFile, generateReportKey, readKeyFile } = await reportKeys();
      const { values } = parseArgs({ args: rest, options: { country: { type: 'string' }, file: { type: 'string' } } });
      const path = required(values, 'file');
      const file = await readKeyFile(path);
      const added = generateReportKey(required(values, 'country').toUpperCase());
      writeFileSync(path, `${JSON.stringify(checkKeyFile({ keys: [...file.keys, added] }), null, 2)}\n`, { mode: 0o600 });
      process.stdout.write(`Added key ${added.kid}; it signs new reports after a restart, and the old keys still verify old ones\n`);
      return;
    }
    case 'report-keys:public': {
      const { publicKeyOf, readKeyFile } = await reportKeys();
      const { values } = parseArgs({ args: rest, options: { file: { type: 'string' } } });
      const file = await readKeyFile(values.file ?? (await reportKeysPath()));
      for (const key of file.keys.map(publicKeyOf)) process.stdout.write(`# ${key.keyId} (${key.algorithm}, ${key.createdAt})\n${key.publicKeyPem}`);
      return;
    }
    case 'dissemination:verify': {
      const { parseSignature, publicKeyOf, readKeyFile, verifyReportSignature } = await reportKeys();
      const { values } = parseArgs({ args: rest, options: { pdf: { type: 'string' }, sig: { type: 'string' }, key: { type: 'string' }, file: { type: 'string' } } });
      const pdf = readFileSync(required(values, 'pdf'));
      const signature = parseSignature(readFileSync(required(values, 'sig')));
      if (!signature) throw new UsageError('--sig must be the 64-byte report.pdf.sig or the JSON of GET /v1/disseminations/:id/signature');
      // The keys to trust: a public key the verifier was given, or this node's key file.
      const trusted = values.key
        ? [{ keyId: signature.keyId ?? values.key, publicKeyPem: readFileSync(values.key, 'utf8') }]
        : (await readKeyFile(values.file ?? (await reportKeysPath()))).keys.map(publicKeyOf);
      const result = verifyReportSignature(pdf, signature, trusted);
      if (!result.valid) {
        process.stderr.write(`Signature INVALID: the PDF (SHA-256 ${result.pdfSha256}) was not signed by ${signature.keyId ?? 'any trusted key'}, or was changed since\n`);
        process.exitCode = 4;
        return;
      }
      process.stdout.write(`Signature valid: signed by key ${result.keyId}; PDF SHA-256 ${result.pdfSha256}\n`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof ReportsException || error instanceof ConfigValidationError || error instanceof StaffException || error instanceof ExchangeException) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
