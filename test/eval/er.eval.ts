/**
 * eval:er — pairwise precision, recall and F1 of the person matcher on a FEBRL data set, where
 * `rec-N-org` and `rec-N-dup-K` are the same person. Usage: npm run eval:er -- <febrl csv>
 * Ends with one machine-readable line: precision=<p> recall=<r> f1=<f>
 */
import { readFileSync } from 'node:fs';
import { blockingKeys, comparePersons, PersonRecord } from '../../libs/analysis/src/resolution/person-comparator';

const MAX_BLOCK = 500;
const file = process.argv[2];
if (!file) {
  process.stderr.write('Usage: npm run eval:er -- <febrl csv>\n');
  process.exit(2);
}

const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.trim());
const columns = header.split(',').map((name) => name.trim());
const at = (cells: string[], name: string) => cells[columns.indexOf(name)]?.trim() || undefined;
const records = lines.map((line) => {
  const cells = line.split(',');
  const id = at(cells, 'rec_id')!;
  const person: PersonRecord = {
    givenName: at(cells, 'given_name'),
    surname: at(cells, 'surname'),
    dateOfBirth: at(cells, 'date_of_birth'),
    streetNumber: at(cells, 'street_number'),
    street: at(cells, 'address_1'),
    locality: at(cells, 'address_2'),
    suburb: at(cells, 'suburb'),
    postcode: at(cells, 'postcode'),
    region: at(cells, 'state'),
    idNumber: at(cells, 'soc_sec_id'),
  };
  return { id, entity: /^rec-(\d+)-/.exec(id)![1], person };
});

const started = process.hrtime.bigint();
const blocks = new Map<string, number[]>();
records.forEach((record, index) => {
  for (const key of blockingKeys(record.person)) blocks.set(key, [...(blocks.get(key) ?? []), index]);
});
const candidates = new Set<string>();
for (const members of blocks.values()) {
  if (members.length > MAX_BLOCK) continue;
  for (let i = 0; i < members.length; i += 1) for (let j = i + 1; j < members.length; j += 1) candidates.add(`${members[i]}:${members[j]}`);
}
let truePositives = 0;
let falsePositives = 0;
for (const pair of candidates) {
  const [i, j] = pair.split(':').map(Number);
  if (comparePersons(records[i].person, records[j].person).decision !== 'match') continue;
  if (records[i].entity === records[j].entity) truePositives += 1;
  else falsePositives += 1;
}
const sizes = new Map<string, number>();
for (const record of records) sizes.set(record.entity, (sizes.get(record.entity) ?? 0) + 1);
const truePairs = [...sizes.values()].reduce((sum, size) => sum + (size * (size - 1)) / 2, 0);
const precision = truePositives / Math.max(1, truePositives + falsePositives);
const recall = truePositives / Math.max(1, truePairs);
const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  `${file}: ${records.length} records, ${truePairs} true pairs, ${candidates.size} candidate pairs after blocking, ` +
    `${truePositives + falsePositives} linked (${falsePositives} wrongly) in ${seconds.toFixed(2)} s\n`,
);
process.stdout.write(`precision=${precision.toFixed(4)} recall=${recall.toFixed(4)} f1=${f1.toFixed(4)}\n`);
