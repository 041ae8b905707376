import { blockingKeys, comparePersons, PersonRecord } from './person-comparator';

const jan: PersonRecord = {
  givenName: 'Jan',
  surname: 'Jansen',
  dateOfBirth: '19800401',
  streetNumber: '12',
  street: 'Damrak',
  suburb: 'Centrum',
  postcode: '1012',
  idNumber: '123456789',
};

describe('comparePersons', () => {
  it('links the same person despite a typo, swapped names and a transposed date, and explains why', () => {
    const result = comparePersons(jan, { ...jan, givenName: 'Jansen', surname: 'Jan', dateOfBirth: '19800104', street: 'Damrk' });
    expect(result.decision).toBe('match');
    expect(result.evidence.map((e) => `${e.field}:${e.level}`)).toEqual(
      expect.arrayContaining(['given_name~surname:exact', 'surname~given_name:exact', 'date_of_birth:transposed', 'street:close', 'id_number:exact']),
    );
    expect(result.score).toBeCloseTo(result.evidence.reduce((sum, e) => sum + e.weight, 0));
  });

  it('keeps apart two people who only share a common surname and a region', () => {
    const other: PersonRecord = { givenName: 'Piet', surname: 'Jansen', dateOfBirth: '19650912', postcode: '3011', idNumber: '987654321' };
    expect(comparePersons(jan, other).decision).toBe('non_match');
  });

  it('leaves a thin pair with few fields as at most possible', () => {
    const thin = comparePersons({ givenName: 'Jan', surname: 'Jansen' }, { givenName: 'Jan', surname: 'Janssen' });
    expect(thin.decision).not.toBe('match');
  });

  it('compares across scripts and accents', () => {
    const cyrillic = comparePersons({ givenName: 'Иван', surname: 'Петров', dateOfBirth: '19700101' }, { givenName: 'Ivan', surname: 'Petrov', dateOfBirth: '19700101' });
    expect(cyrillic.evidence.filter((e) => e.field.startsWith('given') || e.field.startsWith('surname')).map((e) => e.level)).toEqual(['exact', 'exact']);
    expect(comparePersons({ surname: 'Müller', givenName: 'Jürgen' }, { surname: 'Muller', givenName: 'Jurgen' }).evidence.every((e) => e.level === 'exact')).toBe(true);
  });

  it('is symmetric', () => {
    const other = { ...jan, givenName: 'Johan', idNumber: '123456780' };
    expect(comparePersons(jan, other).score).toBeCloseTo(comparePersons(other, jan).score);
  });
});

describe('blockingKeys', () => {
  it('gives misspelled surnames the same phonetic key', () => {
    const keys = blockingKeys({ surname: 'Harrington' });
    expect(blockingKeys({ surname: 'Harington' })).toEqual(keys);
  });
});
