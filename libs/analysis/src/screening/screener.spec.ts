import { SanctionEntry } from './sanction-entry';
import { DEFAULT_SCREENING_THRESHOLD, Screener } from './screener';

const entry = (sourceRef: string, name: string, extra: Partial<SanctionEntry> = {}): SanctionEntry => ({
  source: 'un',
  sourceRef,
  kind: 'person',
  name,
  aliases: [],
  datesOfBirth: [],
  nationalities: [],
  identifiers: [],
  programs: ['TEST'],
  ...extra,
});

// A list big enough for common tokens (trading, company, al) to be common.
const filler = Array.from({ length: 300 }, (_, i) =>
  entry(`F${i}`, `${['Al', 'Abu', 'Global', 'International'][i % 4]} ${['Trading', 'Company', 'Holding', 'Group'][i % 3]} ${`Name${i.toString(36)}`}`, { kind: 'entity' }),
);
const screener = new Screener([
  ...filler,
  entry('P1', 'Vladimir Ivanovich KOZLOV', { datesOfBirth: ['1961-05-04'], nationalities: ['RU'], aliases: ['Владимир Козлов'] }),
  entry('P2', 'Mohammed Abdullah AL-RASHID', { datesOfBirth: ['1975'] }),
  entry('E1', 'SANTA MARIA INTERNATIONAL TRADING CORP.', { kind: 'entity' }),
]);
const top = (name: string, extra = {}) => screener.screen({ name, ...extra }, 0, 1)[0];

describe('Screener', () => {
  it('finds a listed person despite typos, token order, a missing middle name and another script', () => {
    for (const name of ['Vladimir Kozlov', 'Kozlov Vladimir', 'Wladimir Koslov', 'Vladimir Ivanovich Kozlov', 'Владимир Козлов']) {
      const hit = top(name);
      expect([name, hit?.entry.sourceRef, (hit?.score ?? 0) >= DEFAULT_SCREENING_THRESHOLD]).toEqual([name, 'P1', true]);
    }
    expect(top('Mohamed Al Rashid')).toMatchObject({ entry: { sourceRef: 'P2' } });
  });

  it('lets date of birth and nationality raise or lower the score, and says so', () => {
    const agreeing = top('Vladimir Kozlov', { dateOfBirth: '1961-05-04', country: 'RU' });
    const differing = top('Vladimir Kozlov', { dateOfBirth: '1990-01-01', country: 'NL' });
    expect(agreeing.score).toBeGreaterThan(differing.score);
    expect(agreeing.explanation).toEqual(expect.arrayContaining(['date of birth agrees', 'nationality agrees']));
    expect(differing.score).toBeLessThan(DEFAULT_SCREENING_THRESHOLD);
  });

  it('never produces a hit from short generic tokens alone', () => {
    for (const name of ['Trading Corp', 'Al Trading', 'International Trading Company', 'Al Abu', 'Global Holding Group']) {
      expect([name, screener.screen({ name }).length]).toEqual([name, 0]);
    }
  });

  it('explains every hit token by token', () => {
    expect(top('Wladimir Koslov').explanation.join(' ')).toMatch(/"wladimir" ~ "vladimir"/);
  });
});
