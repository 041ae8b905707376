import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ScreeningService } from '@fiu/analysis';
import { signedIn, startConsole } from './support/console-node';
import { describeWithSharedData } from './support/shared-data';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npm', ['run', '-s', 'cli', '--', ...args], { env: process.env, timeout: 120_000, maxBuffer: 10_000_000 });

describe('sanctions screening in the console', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startConsole();
    await app.get(ScreeningService).importList('un', [
      { source: 'un', sourceRef: 'QDi.999', kind: 'person', name: 'Abdul Karim AL-HASHIMI', aliases: ['Abd al-Karim Hashimi'], datesOfBirth: ['1968-02-11'], nationalities: ['IQ'], identifiers: [], programs: ['AQ'] },
      ...Array.from({ length: 50 }, (_, i) => ({ source: 'un' as const, sourceRef: `F${i}`, kind: 'entity' as const, name: `Al Noor Trading Company ${i}`, aliases: [], datesOfBirth: [], nationalities: [], identifiers: [], programs: ['X'] })),
    ]);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers an analyst with scored, explained hits, and audits the search', async () => {
    const analyst = await signedIn(app, 'analyst');
    const response = await app.inject({
      method: 'POST',
      url: '/v1/screening/search',
      headers: { authorization: `Bearer ${analyst.accessToken}` },
      payload: { name: 'Abdulkarim Al Hashimi', dateOfBirth: '1968-02-11' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()[0]).toMatchObject({ entry: { sourceRef: 'QDi.999' }, explanation: expect.arrayContaining(['date of birth agrees']) });
    const generic = await app.inject({ method: 'POST', url: '/v1/screening/search', headers: { authorization: `Bearer ${analyst.accessToken}` }, payload: { name: 'Al Noor Trading' } });
    expect(generic.json()).toEqual([]);
    const [{ count }] = await app.get(ScreeningService)['dataSource'].query("SELECT count(*)::int AS count FROM audit_log WHERE action = 'screening.search'");
    expect(count).toBe(2);
  });
});

// Imports both full lists through the command line: give it time on a small machine.
jest.setTimeout(90_000);

describeWithSharedData('sanctions lists from ../shared/data', (data) => {
  it('imports the UN and OFAC lists and screens a customer file, one JSON line per row', async () => {
    expect((await cli('lists:import', '--format', 'un', join(data, 'sanctions/UN_consolidated.xml'))).stdout).toMatch(/Loaded \d{3,} UN entries/);
    expect((await cli('lists:import', '--format', 'ofac', join(data, 'sanctions/ofac-2019'))).stdout).toMatch(/Loaded \d{4,} OFAC entries/);
    const csv = join(tmpdir(), `customers-${process.pid}.csv`);
    writeFileSync(csv, 'full_name,date_of_birth,nationality\nUsama bin Ladin,1957-03-10,Saudi Arabia\nJan Jansen,1980-04-01,NL\nInternational Trading Corp,,\n');
    const lines = (await cli('screen:file', csv)).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.row, line.match])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(lines[0].hit.entry.name).toMatch(/LADIN/);
    const hits = JSON.parse((await cli('screen', 'Banco Nacional de Cuba')).stdout);
    expect(hits[0]).toMatchObject({ score: 1, entry: { source: 'ofac', name: 'BANCO NACIONAL DE CUBA' } });
  });
});
