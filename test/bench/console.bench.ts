/**
 * bench:console — latency of the analyst console's heavy reads on a realistically sized database:
 * fuzzy-name search, a triage page, and a 2-hop network, each through the real console HTTP API
 * (Nest + Fastify, app.inject: access-token check, the service, the audit-log append, JSON).
 * In the same run, the raw baseline: the same SQL statements through a plain `pg` Client.
 *
 * The data is generated inside PostgreSQL (INSERT ... SELECT FROM generate_series), deterministically
 * (hashint8 of the row number, ids are md5 of the row number), so every run sees the same rows:
 * ~200 reporting entities; REPORTS analysed reports with an analysis result and some triage rows;
 * PARTIES report parties (5 per report: conductor person, from account, its signatory, to account, its
 * holding entity) linked to PARTIES × 0.4 subjects (persons, accounts, entities, reused with skew);
 * IBANs and passports; REPORTS × 2.5 transactions and money flows between accounts (skewed degrees);
 * subject relations (signatory and account holder -> account).
 *
 * Knobs: BENCH_PARTIES (default 1000000), BENCH_REPORTS (default 200000), BENCH_SAMPLES (default 200 per
 * query), BENCH_SEED (default 42: which names and subjects are queried), BENCH_KEEP_DB=1 (keep the database).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dropDatabase, out, seconds } from './bench-support';

const PARTIES = Number(process.env.BENCH_PARTIES ?? 1_000_000);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 200_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const WARMUP = Math.min(20, Math.max(3, Math.round(SAMPLES / 10)));
const BENCH_DB = 'fiu_bench_console';
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${BENCH_DB}`;
process.env.DATABASE_URL = DATABASE_URL;
process.env.QUEUE_PREFIX = `fiu-bench-console-${randomBytes(3).toString('hex')}`;
process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT = '0';
process.env.CONSOLE_PORT = '0';
process.env.EXCHANGE_PORT = '0';
process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('hex');
// One access token serves the whole run.
process.env.ACCESS_TOKEN_TTL_SECONDS = '3600';

// Shape of the data, derived from the two knobs.
const R = REPORTS;
const P = PARTIES;
const S = Math.round(P * 0.4); // subjects
const NP = Math.round(S * 0.5); // persons
const NA = Math.round(S * 0.4); // accounts
const NE = S - NP - NA; // entities (organisations)
const F = Math.round(R * 2.5); // transactions = money flows
const E = 200; // reporting entities

// ---------------------------------------------------------------------------------------------
// Names: a few hundred given names × a few thousand surnames made from roots and endings.

const GIVEN_NAMES = `
Aaron Abdul Adam Adriana Agnes Ahmed Aisha Alan Albert Alejandro Aleksandr Alessandro Alexander Alexandra Ali Alice Alina Amal Amina Amir
Ana Anders Andrea Andrei Andrew Angela Anna Anne Anton Antonio Arjun Astrid Ayse Barbara Beatriz Bernard Bilal Bogdan Boris Camille Carla
Carlos Carmen Caroline Catherine Cem Charles Chen Christian Christina Claire Clara Daan Daniel Daniela David Deniz Diana Diego Dimitri Dmitry
Dorothea Edward Elena Elif Elisa Elizabeth Emil Emily Emma Emre Erik Esra Eva Fabian Farah Fatima Felix Fernando Filip Francesca Francisco
Frank Frederik Gabriel Gabriela George Georgios Gerard Greta Hamid Hannah Hans Hassan Heinz Helena Henrik Hugo Ibrahim Ida Igor Ilse Ines
Ingrid Irina Isabel Ivan Jakob James Jan Jana Javier Jens Joanna Johan Johanna John Jorge Jose Josef Julia Julian Karim Karin Katarzyna
Kenji Khalid Klaus Laura Lars Layla Lea Leila Lena Leon Liam Lina Lisa Lorenzo Lucas Lucia Luis Lukas Maarten Magnus Mahmoud Malik Marco
Marek Margaret Maria Mariam Marie Marina Mario Mark Marta Martin Mateo Mehmet Mia Michael Michal Miguel Mikhail Milan Mohamed Monika Nadia
Natalia Nicolas Nikolai Nina Noah Nora Olga Oliver Omar Oscar Pablo Paolo Patricia Paul Pavel Pedro Peter Petra Pieter Piotr Rafael Rania
Rashid Rebecca Ricardo Robert Roberto Rosa Ruben Sabine Samir Samuel Sandra Sara Sebastian Selin Sergei Simon Sofia Sophie Stefan Susanne
Svetlana Tamara Tariq Thomas Tobias Tomasz Ursula Valentina Vera Victor Viktor Vincent Wei Willem Yasmin Yusuf Zeynep Zofia`
  .trim()
  .split(/\s+/);

const SURNAME_FAMILIES: [string, string][] = [
  [
    'Berg Lind Holm Sand Stein Wald Brink Dahl Eck Feld Gold Hart Kamp Kling Mark Nord Ros Stroh Wolf Hof Bruck Rein Ahl Falk',
    'mann berg strom quist gren man er ers ink hof stra ema inga ke sen son feld meyer dorf hausen wald bach horst beek land',
  ],
  [
    'Kowal Nowak Wisn Lewand Kamin Zelin Szyman Wozn Dabrow Kozl Jank Mazur Kraw Petr Ivan Sokol Volk Smirn Pavl Bogd Hork Novot Dvor Marek',
    'ski ska czyk ewicz owski owska ov ova enko ic ik ak ek ovic in ina uk chuk iak owicz yk ar anov evic ko',
  ],
  [
    'Marin Rodrig Fernand Gonzal Martin Sanch Ramir Moren Alvar Castell Serr Fontan Gall Cont Ricc Lombard Vitt Carus Papad Georgi Dimitr Nikol Bianch Ferr',
    'ez es ini elli etti one ano ari acci ucci opoulos idis akis iou eiro inho ado edo ero illo ino esco escu o a',
  ],
  [
    'Ash Black Brad Bright Brook Cart Chap Clark Cole Cros Dunn Fair Fox Green Hal Harr Hill Hol Lang Mil Mor Rad Wat West',
    'ford ley ton well wood field man er son ridge by combe ham worth more ing stone wick lock sby ington land dale shaw burn',
  ],
  [
    'Yil Kay Demir Cel Sah Yild Ozt Ayd Ars Kara Ak Tek Bal Gul Sen Dog Kurt Oz Bay Ert Tun Uys Kor Ates',
    'maz dirim urk oglu kaya can er han tas soy demir kan dag el ci men ay ok lu gun es un kin bas oz',
  ],
];
const SURNAMES = [...new Set(SURNAME_FAMILIES.flatMap(([roots, endings]) => roots.split(' ').flatMap((root) => endings.split(' ').map((ending) => root + ending))))];
const BUSINESS_WORDS = 'Trading Holding Logistics Import Export Consulting Invest Group Services Motors Properties Foods Textiles Capital Ventures Global Shipping Construction Jewellers Exchange Media Energy Agro Finance Telecom Travel Pharma Metals Gold Auto'.split(' ');
const LEGAL_FORM_NAMES = 'BV NV GmbH AG Ltd LLC SA SRL SARL Inc PLC OOO FZE AB AS'.split(' ');
const CITIES = 'Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Arnhem Haarlem Enschede Maastricht Leiden Zwolle Delft'.split(' ');
const BANKS = ['ABNA', 'INGB', 'RABO', 'TRIO', 'SNSB', 'ASNB', 'KNAB', 'BUNQ'];
const REPORT_CODES = ['STR', 'STR', 'STR', 'STR', 'STR', 'STR', 'CTR', 'CTR', 'SAR', 'AIF'];
const INDICATORS = ['STRUCT', 'CASH', 'PEP', 'HRJ', 'SANCT', 'CRYPTO', 'SHELL', 'TBML', 'SMURF', 'RAPID'];
const REASONS = [
  'Cash deposits split just below the reporting threshold over three days',
  'Incoming transfers from several unrelated persons forwarded abroad the same day',
  'Turnover far above the declared income of the customer',
  'Repeated round-amount transfers to a high-risk jurisdiction',
  'Purchase of gold with cash, buyer unwilling to state the source of funds',
  'Account used as a pass-through for payments to virtual asset providers',
  'Invoices for consulting services without visible business activity',
  'Frequent currency exchange of large cash amounts in small denominations',
  'Third parties deposit cash into the account at different branches',
  'Loan repaid early from unknown sources',
  'Customer refused to provide documents about the origin of the funds',
  'Rapid movement of funds through newly opened accounts',
];
const ACTIONS = ['Account under enhanced monitoring', 'Business relationship terminated', 'Transaction postponed', 'Customer asked for documents', 'No action taken yet'];
const DESCRIPTIONS = ['Cash deposit at the counter', 'SEPA credit transfer', 'Payment invoice', 'Loan repayment', 'Purchase of goods', 'Consulting fee', 'Rent', 'Transfer to own account', 'Cash withdrawal ATM', 'Currency exchange'];
const TRANSMODES = ['K', 'A', 'A', 'A', 'B', 'C', 'D'];

// ---------------------------------------------------------------------------------------------
// SQL building blocks: every "random" value is a hash of the row number, so every run has the same data.

/** A uniform number in [0, 1) for row `i` of stream `stream`. */
const u = (stream: number, i: string) => `((hashint8((${i})::bigint * 1000003 + ${stream}) & 2147483647)::float8 / 2147483648.0)`;
/** A uniform integer in [0, n). */
const pick = (n: number, stream: number, i: string) => `floor(${n} * ${u(stream, i)})::int`;
const sid = (i: string) => `md5('s' || (${i}))::uuid`;
const rid = (r: string) => `md5('r' || (${r}))::uuid`;
const tid = (t: string) => `md5('t' || (${t}))::uuid`;
const pid = (p: string) => `md5('p' || (${p}))::uuid`;
const eid = (e: string) => `md5('e' || (${e}))::uuid`;
/** The j-th person (account, entity) party's subject: the first ones each make a new subject, the rest reuse with skew. */
const personOf = (j: string) => `(CASE WHEN (${j}) < ${NP} THEN (${j}) ELSE floor(${NP} * ${u(1, j)} ^ 2)::int END)`;
const accountOf = (j: string) => `(${NP} + CASE WHEN (${j}) < ${NA} THEN (${j}) ELSE floor(${NA} * ${u(2, j)} ^ 2)::int END)`;
const entityOf = (j: string) => `(${NP + NA} + CASE WHEN (${j}) < ${NE} THEN (${j}) ELSE floor(${NE} * ${u(3, j)} ^ 2)::int END)`;
/** IBAN of account number `a` (0-based within accounts). */
const ibanOf = (a: string) => `('NL' || (10 + (${a}) % 89)::text || (ARRAY['${BANKS.join("','")}'])[1 + (${a}) % ${BANKS.length}] || lpad((${a})::text, 10, '0'))`;
const passportOf = (person: string) => `('NP' || lpad((${person})::text, 7, '0'))`;
const hasPassport = (person: string) => `(${u(20, person)} < 0.5)`;
const receivedAt = (r: string) => `(timestamptz '2026-06-30 12:00+00' - make_interval(secs => ${u(50, r)} * 730 * 86400))`;
const occurredAt = (t: string) => `(${receivedAt(`(${t}) % ${R}`)} - make_interval(days => ${pick(60, 51, t)}))::timestamp`;
const amountOf = (t: string) => `round((20 + 25000 * ${u(52, t)} ^ 3)::numeric, 2)`;
const transmodeOf = (t: string) => `(ARRAY['${TRANSMODES.join("','")}'])[1 + ${pick(TRANSMODES.length, 53, t)}]`;
/**
 * normaliseName(name, kind).normalised for names made of ASCII letters and spaces: lower-case tokens
 * without the set-aside words (honorifics or legal forms), sorted, joined by one space.
 */
const normalisedSql = (name: string, setAside: string) =>
  `(SELECT string_agg(t, ' ' ORDER BY t COLLATE "C") FROM regexp_split_to_table(lower(${name}), '\\s+') t WHERE t <> '' AND t <> ALL(${setAside}))`;

const arrayLiteral = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]::text[]`;

// ---------------------------------------------------------------------------------------------

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;
const figures = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 0.5))} p95 ${ms(percentile(sorted, 0.95))}`;
};

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

interface Baseline<T> {
  label: string;
  run: (input: T) => Promise<unknown>;
  note?: () => string;
}

/**
 * Runs the product and its baselines on the same inputs after a warm-up, interleaved (the order rotates
 * from sample to sample, so no side always finds the cache warmed by the other), and prints one line per baseline.
 */
async function compare<T>(inputs: T[], product: (input: T) => Promise<unknown>, baselines: Baseline<T>[]): Promise<void> {
  const tasks = [product, ...baselines.map((baseline) => baseline.run)];
  for (const input of inputs.slice(0, WARMUP)) for (const task of tasks) await task(input);
  const samples = tasks.map(() => [] as number[]);
  for (const [i, input] of inputs.slice(WARMUP).entries()) {
    for (let k = 0; k < tasks.length; k += 1) {
      const which = (i + k) % tasks.length;
      samples[which].push(await timed(() => tasks[which](input)));
    }
  }
  for (const [k, baseline] of baselines.entries()) {
    const note = baseline.note?.();
    out(`${baseline.label.padEnd(34)} product ${figures(samples[0])} | bare SQL ${figures(samples[k + 1])}${note ? `   (${note})` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

/** Plain (non-constraint) indexes of the loaded tables: dropped before the load, rebuilt from their own definitions after. */
async function dropPlainIndexes(db: Client, tables: string[]): Promise<{ name: string; def: string }[]> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [tables],
  );
  for (const index of rows) await db.query(`DROP INDEX "${index.name}"`);
  return rows;
}

async function step(label: string, task: () => Promise<unknown>): Promise<void> {
  const started = process.hrtime.bigint();
  await task();
  out(`  ${label.padEnd(58)} ${seconds(started).toFixed(1).padStart(6)} s`);
}

async function load(db: Client): Promise<void> {
  const { HONORIFICS, LEGAL_FORMS } = await import('@fiu/analysis');
  const { default: doubleMetaphone } = await import('talisman/phonetics/double-metaphone');
  const nameKeys = SURNAMES.map((surname) => doubleMetaphone(surname.toLowerCase().replace(/[^a-z0-9]/g, ''))[0]);
  const honorifics = arrayLiteral([...HONORIFICS]);
  const legalForms = arrayLiteral([...LEGAL_FORMS]);
  const given = arrayLiteral(GIVEN_NAMES);
  const surnames = arrayLiteral(SURNAMES);
  const keys = arrayLiteral(nameKeys);

  await db.query("SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'");
  const tables = ['reports', 'analysis_results', 'report_triage', 'report_transactions', 'report_parties', 'party_identifiers', 'subjects', 'subject_identifiers', 'party_subject_links', 'money_flows', 'subject_relations'];
  const indexes = await dropPlainIndexes(db, tables);

  await step(`reporting entities (${E})`, () =>
    db.query(
      `INSERT INTO reporting_entities (id, code, name, sector)
       SELECT ${eid('e')}, (100000 + e)::text, (${surnames})[1 + ${pick(SURNAMES.length, 90, 'e')}] || ' ' || (ARRAY['Bank','Bank','Payments','Exchange','Casino','Notaries','Insurance','Securities'])[1 + e % 8],
              (ARRAY['bank','bank','money_transmitter','virtual_asset_provider','casino','notary','insurance','securities'])[1 + e % 8]
         FROM generate_series(0, ${E - 1}) e`,
    ),
  );

  await step(`subjects (${NP} persons, ${NA} accounts, ${NE} entities)`, async () => {
    await db.query(
      `INSERT INTO subjects (id, kind, display_name, given_name, surname, birthdate, postcode, city, street, search_name, name_key)
       SELECT ${sid('i')}, 'person', n.display, n.given, n.surname, date '1940-01-01' + ${pick(25000, 14, 'i')},
              (1000 + ${pick(9000, 15, 'i')})::text || ' ' || chr(65 + ${pick(26, 16, 'i')}) || chr(65 + ${pick(26, 17, 'i')}),
              (${arrayLiteral(CITIES)})[1 + ${pick(CITIES.length, 18, 'i')}],
              (${surnames})[1 + ${pick(SURNAMES.length, 19, 'i')}] || 'straat ' || (1 + ${pick(200, 21, 'i')}),
              ${normalisedSql('n.display', honorifics)}, n.key
         FROM generate_series(0, ${NP - 1}) i,
              LATERAL (SELECT 1 + ${pick(SURNAMES.length, 11, 'i')} AS s) x,
              LATERAL (SELECT g.given, (${surnames})[x.s] AS surname, (${keys})[x.s] AS key,
                              concat_ws(' ', g.given, CASE WHEN ${u(12, 'i')} < 0.15 THEN (${given})[1 + ${pick(GIVEN_NAMES.length, 13, 'i')}] END, (${surnames})[x.s]) AS display
                         FROM (SELECT (${given})[1 + ${pick(GIVEN_NAMES.length, 10, 'i')}] AS given) g) n`,
    );
    // Accounts are named as filers write account_name: "M Lindberg", "Maria Lindberg", or a business name.
    await db.query(
      `INSERT INTO subjects (id, kind, display_name, search_name)
       SELECT ${sid(`${NP} + a`)}, 'account', n.display, ${normalisedSql('n.display', legalForms)}
         FROM generate_series(0, ${NA - 1}) a,
              LATERAL (SELECT (${given})[1 + ${pick(GIVEN_NAMES.length, 30, 'a')}] AS given, (${surnames})[1 + ${pick(SURNAMES.length, 31, 'a')}] AS surname, ${u(32, 'a')} AS v) x,
              LATERAL (SELECT CASE WHEN x.v < 0.35 THEN left(x.given, 1) || ' ' || x.surname
                                   WHEN x.v < 0.7 THEN x.given || ' ' || x.surname
                                   ELSE x.surname || ' ' || (${arrayLiteral(BUSINESS_WORDS)})[1 + ${pick(BUSINESS_WORDS.length, 33, 'a')}] || ' ' || (${arrayLiteral(LEGAL_FORM_NAMES)})[1 + ${pick(LEGAL_FORM_NAMES.length, 34, 'a')}] END AS display) n`,
    );
    await db.query(
      `INSERT INTO subjects (id, kind, display_name, city, search_name)
       SELECT ${sid(`${NP + NA} + e`)}, 'entity', n.display, (${arrayLiteral(CITIES)})[1 + ${pick(CITIES.length, 35, 'e')}], ${normalisedSql('n.display', legalForms)}
         FROM generate_series(0, ${NE - 1}) e,
              LATERAL (SELECT (${surnames})[1 + ${pick(SURNAMES.length, 36, 'e')}] || ' ' || (${arrayLiteral(BUSINESS_WORDS)})[1 + ${pick(BUSINESS_WORDS.length, 37, 'e')}] || ' ' ||
                              (${arrayLiteral(LEGAL_FORM_NAMES)})[1 + ${pick(LEGAL_FORM_NAMES.length, 38, 'e')}] AS display) n`,
    );
    await db.query(
      `INSERT INTO subject_identifiers (subject_id, key)
       SELECT ${sid(`${NP} + a`)}, 'iban::' || ${ibanOf('a')} FROM generate_series(0, ${NA - 1}) a
       UNION ALL SELECT ${sid('i')}, 'passport:NL:' || ${passportOf('i')} FROM generate_series(0, ${NP - 1}) i WHERE ${hasPassport('i')}
       UNION ALL SELECT ${sid(`${NP + NA} + e`)}, 'incorporation_number:NL:' || (10000000 + e)::text FROM generate_series(0, ${NE - 1}) e`,
    );
  });

  // Party p belongs to report p % R; its slot (p / R) % 5 says what it is; q numbers (group, report) pairs.
  await step(`party map (temporary table, ${P} rows)`, async () => {
    await db.query(
      `CREATE TEMP TABLE bench_parties AS
       SELECT p, r, slot, q,
              CASE slot WHEN 0 THEN ${personOf('2 * q')} WHEN 1 THEN ${accountOf('2 * q')} WHEN 2 THEN ${personOf('2 * q + 1')}
                        WHEN 3 THEN ${accountOf('2 * q + 1')} ELSE ${entityOf('q')} END AS subject,
              CASE slot WHEN 0 THEN 2 * q < ${NP} WHEN 1 THEN 2 * q < ${NA} WHEN 2 THEN 2 * q + 1 < ${NP} WHEN 3 THEN 2 * q + 1 < ${NA} ELSE q < ${NE} END AS first_seen,
              CASE slot WHEN 2 THEN ${accountOf('2 * q')} WHEN 4 THEN ${accountOf('2 * q + 1')} END AS parent_subject
         FROM generate_series(0, ${P - 1}) p,
              LATERAL (SELECT p % ${R} AS r, (p / ${R}) % 5 AS slot, (p / ${R} / 5) * ${R} + p % ${R} AS q) x`,
    );
    await db.query('ANALYZE bench_parties');
  });

  await step(`reports (${R}) with analysis results and triage rows`, async () => {
    await db.query(
      `INSERT INTO reports (id, fiu_ref, entity_id, entity_reference, report_code, submission_date, currency_code_local, status, content_type, document,
                            document_sha256, received_at, updated_at, rentity_id, submission_code, reason, action, indicators, transaction_count)
       SELECT ${rid('r')}, 'NL-' || to_char(x.at, 'YYYY') || '-' || lpad((r + 1)::text, 7, '0'), ${eid('x.e')}, 'REF-' || r, x.code, x.at::date, 'EUR', 'analysed',
              'application/json', x.doc, encode(sha256(x.doc), 'hex'), x.at, x.at + interval '5 minutes', (100000 + x.e)::text, 'E',
              (${arrayLiteral(REASONS)})[1 + ${pick(REASONS.length, 41, 'r')}] || CASE WHEN ${u(42, 'r')} < 0.3 THEN '; the customer ' || s.display_name ELSE '' END,
              (${arrayLiteral(ACTIONS)})[1 + ${pick(ACTIONS.length, 43, 'r')}],
              ARRAY(SELECT ind FROM unnest(${arrayLiteral(INDICATORS)}) WITH ORDINALITY AS i(ind, n) WHERE ${u(44, 'r * 16 + n')} < 0.12),
              (${F} - 1 - r) / ${R} + 1
         FROM generate_series(0, ${R - 1}) r
         JOIN subjects s ON s.id = ${sid(personOf('2 * r'))},
              LATERAL (SELECT ${receivedAt('r')} AS at, floor(${E} * ${u(45, 'r')} ^ 2)::int AS e, (${arrayLiteral(REPORT_CODES)})[1 + ${pick(REPORT_CODES.length, 46, 'r')}] AS code) y,
              LATERAL (SELECT y.at, y.e, y.code, convert_to(json_build_object('entityReference', 'REF-' || r, 'reportCode', y.code, 'submissionDate', y.at::date)::text, 'UTF8') AS doc) x`,
    );
    await db.query(`SELECT setval('report_fiu_ref_seq', ${R})`);
    await db.query(
      `INSERT INTO analysis_results (report_id, report_version, outcome, score, band, rule_set, explanation)
       SELECT ${rid('r')}, 1, '{"engine": "resolution+screening+typologies"}', x.score,
              CASE WHEN x.score >= 70 THEN 'high' WHEN x.score >= 40 THEN 'medium' ELSE 'low' END, 'bench-1', '[]'
         FROM generate_series(0, ${R - 1}) r, LATERAL (SELECT least(100, floor(101 * ${u(60, 'r')} ^ 2.5))::int AS score) x`,
    );
    await db.query(
      `INSERT INTO report_triage (report_id, status, assignee_id, closing_reason)
       SELECT ${rid('r')}, x.status, md5('staff' || ${pick(8, 72, 'r')})::uuid, CASE WHEN x.status = 'closed_no_action' THEN 'Explained by the customer''s documented business' END
         FROM generate_series(0, ${R - 1}) r, LATERAL (SELECT (ARRAY['in_review','in_review','closed_no_action','linked_to_case'])[1 + ${pick(4, 71, 'r')}] AS status) x
        WHERE ${u(70, 'r')} < 0.12`,
    );
  });

  await step(`report transactions and money flows (${F} each)`, async () => {
    await db.query(
      `INSERT INTO report_transactions (id, report_id, position, transaction_number, description, date_transaction, transmode_code, amount_local, shape, element)
       SELECT ${tid('t')}, ${rid(`t % ${R}`)}, t / ${R} + 1, 'TX-' || t, (${arrayLiteral(DESCRIPTIONS)})[1 + ${pick(DESCRIPTIONS.length, 54, 't')}],
              ${occurredAt('t')}, ${transmodeOf('t')}, ${amountOf('t')}, 'bi_party', '{}'
         FROM generate_series(0, ${F - 1}) t`,
    );
    // Flow t runs between the from and to accounts of transaction t (as the typology step writes them).
    await db.query(
      `INSERT INTO money_flows (transaction_id, report_id, from_subject_id, to_subject_id, amount, occurred_at, cash)
       SELECT ${tid('t')}, ${rid(`t % ${R}`)}, ${sid(accountOf('2 * t'))}, ${sid(accountOf('2 * t + 1'))}, ${amountOf('t')}, ${occurredAt('t')}, ${transmodeOf('t')} = 'K'
         FROM generate_series(0, ${F - 1}) t`,
    );
  });

  await step(`report parties (${P}) and their identifiers`, async () => {
    await db.query(
      `INSERT INTO report_parties (id, report_id, transaction_id, parent_party_id, place, role, kind, my_client, path, display_name, first_name, last_name,
                                  birthdate, nationality, residence, incorporation_number, incorporation_country, institution_code, swift, account_number, iban,
                                  currency_code, funds_code, country)
       SELECT ${pid('b.p')}, ${rid('b.r')}, CASE WHEN b.q < ${F} THEN ${tid('b.q')} END, CASE WHEN b.slot IN (2, 4) THEN ${pid(`b.p - ${R}`)} END,
              (ARRAY['conductor','from','signatory','to','account_holder'])[b.slot + 1], CASE b.slot WHEN 2 THEN 'A' END,
              s.kind, b.slot < 3, '/transaction/' || (b.q / ${R}) || (ARRAY['/tFromMyClient/tConductor','/tFromMyClient/fromAccount','/tFromMyClient/fromAccount/signatory/0/tPerson','/tTo/toAccount','/tTo/toAccount/tEntity'])[b.slot + 1],
              s.display_name, s.given_name, s.surname, s.birthdate,
              CASE WHEN s.kind = 'person' THEN 'NL' END, CASE WHEN s.kind = 'person' THEN 'NL' END,
              CASE WHEN s.kind = 'entity' THEN (10000000 + b.subject - ${NP + NA})::text END, CASE WHEN s.kind = 'entity' THEN 'NL' END,
              CASE WHEN s.kind = 'account' THEN (ARRAY['${BANKS.join("','")}'])[1 + (b.subject - ${NP}) % ${BANKS.length}] END,
              CASE WHEN s.kind = 'account' THEN (ARRAY['${BANKS.join("','")}'])[1 + (b.subject - ${NP}) % ${BANKS.length}] || 'NL2A' END,
              CASE WHEN s.kind = 'account' THEN lpad((b.subject - ${NP})::text, 10, '0') END,
              CASE WHEN s.kind = 'account' THEN ${ibanOf(`b.subject - ${NP}`)} END,
              CASE WHEN s.kind = 'account' THEN 'EUR' END, CASE WHEN b.slot IN (1, 3) THEN 'A' END, 'NL'
         FROM bench_parties b JOIN subjects s ON s.id = ${sid('b.subject')}`,
    );
    await db.query(
      `INSERT INTO party_identifiers (party_id, report_id, kind, value, issuing_country)
       SELECT ${pid('p')}, ${rid('r')}, 'iban', ${ibanOf(`subject - ${NP}`)}, NULL FROM bench_parties WHERE slot IN (1, 3)
       UNION ALL SELECT ${pid('p')}, ${rid('r')}, 'passport', ${passportOf('subject')}, 'NL' FROM bench_parties WHERE slot IN (0, 2) AND ${hasPassport('subject')}
       UNION ALL SELECT ${pid('p')}, ${rid('r')}, 'incorporation_number', (10000000 + subject - ${NP + NA})::text, 'NL' FROM bench_parties WHERE slot = 4`,
    );
  });

  await step(`party-subject links (${P}) and subject relations`, async () => {
    await db.query(
      `INSERT INTO party_subject_links (party_id, subject_id, method, score, reason)
       SELECT ${pid('p')}, ${sid('subject')},
              CASE WHEN first_seen THEN 'new_subject' WHEN slot IN (0, 2) AND NOT ${hasPassport('subject')} THEN 'probabilistic' ELSE 'strong_identifier' END,
              CASE WHEN NOT first_seen AND slot IN (0, 2) AND NOT ${hasPassport('subject')} THEN round((0.9 + 0.1 * ${u(80, 'p')})::numeric, 3) END,
              CASE WHEN first_seen THEN '{"bestCandidate": null}'::jsonb
                   WHEN slot IN (1, 3) THEN jsonb_build_object('identifier', 'iban::' || ${ibanOf(`subject - ${NP}`)})
                   WHEN slot = 4 THEN jsonb_build_object('identifier', 'incorporation_number:NL:' || (10000000 + subject - ${NP + NA})::text)
                   WHEN ${hasPassport('subject')} THEN jsonb_build_object('identifier', 'passport:NL:' || ${passportOf('subject')})
                   ELSE '{"evidence": []}'::jsonb END
         FROM bench_parties`,
    );
    await db.query(
      `INSERT INTO subject_relations (party_id, report_id, subject_id, related_subject_id, relation)
       SELECT ${pid('p')}, ${rid('r')}, ${sid('subject')}, ${sid('parent_subject')}, CASE slot WHEN 2 THEN 'signatory' ELSE 'account_holder' END
         FROM bench_parties WHERE slot IN (2, 4)`,
    );
    await db.query('DROP TABLE bench_parties');
  });

  await step(`indexes rebuilt (${indexes.length})`, async () => {
    for (const index of indexes) await db.query(index.def);
  });
  // VACUUM as well as ANALYZE: the steady state autovacuum would reach, and no autovacuum during the measurements.
  await step('VACUUM ANALYZE', () => db.query(`VACUUM ANALYZE ${[...tables, 'reporting_entities'].join(', ')}`));
}

// ---------------------------------------------------------------------------------------------
// The bare SQL of the product's queries (copied from libs/cases/src: search.service.ts, triage.service.ts, subjects.service.ts).

const NAME_SQL = `SELECT s.id, s.kind, s.display_name, greatest(similarity(s.search_name, $1), word_similarity($1, s.search_name))::float AS score
         FROM subjects s
        WHERE s.search_name % $1 OR $1 <% s.search_name
        ORDER BY score DESC, s.id LIMIT $2`;

const IDENTIFIER_SQL = `SELECT DISTINCT ON (s.id) s.id, s.kind, s.display_name, i.kind AS identifier_kind, i.value
         FROM party_identifiers i
         JOIN party_subject_links l ON l.party_id = i.party_id
         JOIN subjects s ON s.id = l.subject_id
        WHERE upper(regexp_replace(i.value, '[^0-9A-Za-z]', '', 'g')) = ANY($1)
        ORDER BY s.id LIMIT $2`;

const VISIBLE_REPORT = "r.superseded_at IS NULL AND r.status IN ('accepted', 'accepted_with_warnings', 'analysed')";
const NARRATIVE = "to_tsvector('simple', coalesce(r.reason, '') || ' ' || coalesce(r.action, ''))";
const NARRATIVE_SQL = `WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS q),
       hits AS (
         SELECT r.id, ts_rank(${NARRATIVE}, q.q, 32) AS rank, ts_headline('simple', coalesce(r.reason, '') || ' ' || coalesce(r.action, ''), q.q) AS excerpt
           FROM reports r, q WHERE ${NARRATIVE} @@ q.q AND ${VISIBLE_REPORT}
         UNION ALL
         SELECT r.id, ts_rank(to_tsvector('simple', coalesce(t.description, '')), q.q, 32), ts_headline('simple', t.description, q.q)
           FROM report_transactions t JOIN reports r ON r.id = t.report_id, q
          WHERE to_tsvector('simple', coalesce(t.description, '')) @@ q.q AND ${VISIBLE_REPORT})
       SELECT * FROM (
         SELECT DISTINCT ON (h.id) h.id, r.fiu_ref, r.report_code, h.rank::float AS rank, h.excerpt
           FROM hits h JOIN reports r ON r.id = h.id
          ORDER BY h.id, h.rank DESC) best
        ORDER BY rank DESC, id LIMIT $2`;

const TRIAGE_FROM = (where: string) => `FROM reports r
      JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
      JOIN reporting_entities e ON e.id = r.entity_id
      LEFT JOIN report_triage t ON t.report_id = r.id
     WHERE ${where}`;
const TRIAGE_ROWS_SQL = (where: string, limit: number, offset: number) => `SELECT r.id, r.fiu_ref, r.report_code, e.code, e.name, e.sector, r.received_at, r.indicators, a.score, a.band,
                coalesce(t.status, 'new') AS status, t.assignee_id, r.analysis_error
           ${TRIAGE_FROM(where)}
          ORDER BY a.score DESC, a.report_id
          LIMIT ${limit} OFFSET ${offset}`;
const TRIAGE_COUNT_SQL = (where: string) => `SELECT count(*)::int AS total FROM (SELECT 1 ${TRIAGE_FROM(where)} LIMIT 10000) capped`;

const NETWORK_NODES_SQL = `WITH RECURSIVE walk(node, depth) AS (
         SELECT $1::uuid, 0
         UNION
         SELECT next.node, w.depth + 1 FROM walk w CROSS JOIN LATERAL (
             SELECT to_subject_id AS node FROM money_flows WHERE from_subject_id = w.node AND to_subject_id IS NOT NULL
             UNION SELECT from_subject_id FROM money_flows WHERE to_subject_id = w.node AND from_subject_id IS NOT NULL
             UNION SELECT related_subject_id FROM subject_relations WHERE subject_id = w.node
             UNION SELECT subject_id FROM subject_relations WHERE related_subject_id = w.node) next
          WHERE w.depth < $2),
       nearest AS (SELECT node, min(depth) AS depth FROM walk GROUP BY node ORDER BY depth, node LIMIT $3)
       SELECT s.id, s.kind, s.display_name AS label, n.depth::int AS depth
         FROM nearest n JOIN subjects s ON s.id = n.node
        ORDER BY depth, s.id`;
const NETWORK_EDGES_SQL = `SELECT transaction_id::text AS id, from_subject_id AS source, to_subject_id AS target, 'transaction' AS kind, amount::text AS amount,
              to_char(occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS at, report_id AS "reportId"
         FROM money_flows WHERE from_subject_id = ANY($1) AND to_subject_id = ANY($1)
       UNION ALL
       SELECT party_id::text, subject_id, related_subject_id, relation, NULL, NULL, report_id
         FROM subject_relations WHERE subject_id = ANY($1) AND related_subject_id = ANY($1)
       ORDER BY id`;

// ---------------------------------------------------------------------------------------------

/** One letter of the surname (not its first) replaced by another: "Maria Lindberg" -> "Maria Lindbarg". */
function misspell(name: string, random: () => number): string {
  const tokens = name.split(' ');
  const last = tokens.length - 1;
  const token = tokens[last];
  const at = 1 + Math.floor(random() * (token.length - 1));
  const original = token[at];
  let letter = original;
  while (letter === original) letter = String.fromCharCode(97 + Math.floor(random() * 26));
  tokens[last] = token.slice(0, at) + letter + token.slice(at + 1);
  return tokens.join(' ');
}

async function measure(db: Client): Promise<void> {
  const { startConsole, signedIn } = await import('../support/console-node');
  const { normaliseName, normalisePhone } = await import('@fiu/analysis');
  const { compactIdentifier, TriageService, MAX_NETWORK_NODES } = await import('@fiu/cases');
  const random = seededRandom(SEED);
  const total = WARMUP + SAMPLES;

  // Inputs, chosen before anything is timed.
  const personIndexes = Array.from({ length: total }, () => Math.floor(random() * NP));
  const { rows: people } = await db.query<{ i: number; display_name: string }>(
    `SELECT i, s.display_name FROM unnest($1::int[]) WITH ORDINALITY AS x(i, n) JOIN subjects s ON s.id = md5('s' || i)::uuid ORDER BY n`,
    [personIndexes],
  );
  const searches = people.map((person) => {
    const q = misspell(person.display_name, random);
    const phone = normalisePhone(q);
    const candidates = [...new Set([compactIdentifier(q), ...(phone ? [compactIdentifier(phone)] : [])])];
    return { q, normalised: normaliseName(q, 'organisation').normalised, identifiers: candidates.every((c) => c.length < 5) ? null : candidates };
  });
  // A random edge (money flow, or stated relation: the signatory and account-holder parties), then one of its ends.
  const flowShare = F / (F + 2 * R);
  const networkIds: string[] = [];
  for (let i = 0; i < total; i += 1) {
    const end = random() < 0.5;
    const { rows } =
      random() < flowShare
        ? await db.query<{ id: string }>(`SELECT ${end ? 'from_subject_id' : 'to_subject_id'} AS id FROM money_flows WHERE transaction_id = md5('t' || $1::int)::uuid`, [Math.floor(random() * F)])
        : await db.query<{ id: string }>(`SELECT ${end ? 'subject_id' : 'related_subject_id'} AS id FROM subject_relations WHERE party_id = md5('p' || $1::int)::uuid`, [
            (random() < 0.5 ? 2 : 4) * R + Math.floor(random() * R),
          ]);
    networkIds.push(rows[0].id);
  }

  const app: NestFastifyApplication = await startConsole();
  // Three plain connections: the search baseline runs its three statements in parallel, as the product does.
  const bare = [0, 1, 2].map(() => new Client({ connectionString: DATABASE_URL, application_name: 'bench-bare-sql' }));
  try {
    for (const client of bare) await client.connect();
    const { accessToken } = await signedIn(app, 'analyst', 'bench.analyst');
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });
      if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      return response.json() as unknown;
    };
    out('');
    out(`latency over ${SAMPLES} samples per query (after ${WARMUP} warm-up), product = console HTTP API via app.inject, bare SQL = same statements via a plain pg Client`);

    let results = 0;
    let calls = 0;
    await compare(
      searches,
      async (s) => {
        const body = (await get(`/v1/search?q=${encodeURIComponent(s.q)}&limit=25`)) as { results: unknown[] };
        results += body.results.length;
        calls += 1;
      },
      [
        {
          label: 'fuzzy-name search',
          run: (s) => bare[0].query(NAME_SQL, [s.normalised, 25]),
          note: () => `bare = the name query alone; the product runs 3 queries in parallel (identifiers, names, narratives); ${(results / calls).toFixed(1)} results on average`,
        },
        {
          label: 'search, bare SQL of all 3 queries',
          run: (s) => Promise.all([s.identifiers ? bare[0].query(IDENTIFIER_SQL, [s.identifiers, 25]) : null, bare[1].query(NAME_SQL, [s.normalised, 25]), bare[2].query(NARRATIVE_SQL, [s.q, 25])]),
          note: () => 'the same product samples; bare = the 3 statements in parallel on 3 connections, as the product runs them',
        },
      ],
    );

    const triage = async (label: string, filter: { band?: 'high' }, offsets: number[]) => {
      const { sql: where, parameters } = TriageService.where(filter);
      let matching = 0;
      await compare(offsets, (offset) => get(`/v1/triage?limit=50&offset=${offset}${filter.band ? `&band=${filter.band}` : ''}`), [
        {
          label,
          run: async (offset) => {
            const [, count] = await Promise.all([bare[0].query(TRIAGE_ROWS_SQL(where, 50, offset), parameters), bare[1].query(TRIAGE_COUNT_SQL(where), parameters)]);
            matching = count.rows[0].total as number;
          },
          note: () => `page + total count, in parallel as the product runs them; ${matching} reports match`,
        },
      ]);
    };
    await triage('triage page 1 (50 rows)', {}, Array<number>(total).fill(0));
    await triage('triage page 1, band=high', { band: 'high' }, Array<number>(total).fill(0));

    let nodes = 0;
    let truncated = 0;
    let networks = 0;
    await compare(
      networkIds,
      async (id) => {
        const body = (await get(`/v1/subjects/${id}/network?hops=2`)) as { nodes: unknown[]; truncated: boolean };
        nodes += body.nodes.length;
        truncated += body.truncated ? 1 : 0;
        networks += 1;
      },
      [
        {
          label: '2-hop network',
          run: async (id) => {
            const { rows } = await bare[0].query<{ id: string }>(NETWORK_NODES_SQL, [id, 2, MAX_NETWORK_NODES + 1]);
            await bare[0].query(NETWORK_EDGES_SQL, [rows.slice(0, MAX_NETWORK_NODES).map((row) => row.id)]);
          },
          note: () => `nodes then edges, as the product runs them; ${(nodes / networks).toFixed(0)} nodes on average, ${((100 * truncated) / networks).toFixed(0)}% cut at ${MAX_NETWORK_NODES}`,
        },
      ],
    );
    const [{ count }] = (await bare[0].query<{ count: number }>('SELECT count(*)::int AS count FROM audit_log')).rows;
    out(`(every product call appended one audit_log entry: ${count} entries now)`);
  } finally {
    await Promise.all(bare.map((client) => client.end().catch(() => undefined)));
    await app.close();
  }
}

async function main(): Promise<void> {
  if (R < 1 || P < Math.max(5 * R, 1000)) throw new Error('BENCH_PARTIES must be at least 5 × BENCH_REPORTS and at least 1000');
  out(`bench:console — ${P} parties, ${R} reports, ${S} subjects, ${F} money flows; ${SAMPLES} samples per query (seed ${SEED})`);
  const started = process.hrtime.bigint();
  await dropDatabase(BENCH_DB);
  try {
    const { migrateDatabase } = await import('@fiu/data-source');
    await migrateDatabase();
    const db = new Client({ connectionString: DATABASE_URL, application_name: 'bench-loader' });
    await db.connect();
    try {
      const loadStarted = process.hrtime.bigint();
      await load(db);
      const { rows } = await db.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
      out(`load: ${seconds(loadStarted).toFixed(1)} s, database ${rows[0].size}`);
      await checkSearchNames(db);
      await measure(db);
    } finally {
      await db.end();
    }
  } finally {
    if (!KEEP_DB) await dropDatabase(BENCH_DB);
  }
  out(`total run time ${seconds(started).toFixed(0)} s${KEEP_DB ? ` (database ${BENCH_DB} kept)` : ''}`);
}

/** The generated search_name must be what the product's normaliseName makes of display_name. */
async function checkSearchNames(db: Client): Promise<void> {
  const { normaliseName } = await import('@fiu/analysis');
  const { rows } = await db.query<{ kind: string; display_name: string; search_name: string }>(
    `SELECT kind, display_name, search_name FROM subjects WHERE id IN (SELECT md5('s' || i)::uuid FROM generate_series(0, ${S - 1}, ${Math.max(1, Math.floor(S / 3000))}) i)`,
  );
  const wrong = rows.filter((row) => normaliseName(row.display_name, row.kind === 'person' ? 'person' : 'organisation').normalised !== row.search_name);
  out(`search_name check: ${rows.length - wrong.length} of ${rows.length} sampled subjects match normaliseName()${wrong.length ? `; first mismatch: ${JSON.stringify(wrong[0])}` : ''}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
