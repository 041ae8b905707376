import type { DisseminationPackageResponse } from '../dto/dissemination.response';
import { NO_RULE, redact } from './redaction';

const full = (): DisseminationPackageResponse => ({
  ref: 'NL-DIS-2026-000001',
  from: 'FIU NL',
  to: 'POLICE-FEC',
  recipient: { code: 'POLICE-FEC', name: 'Financial Economic Crime unit', kind: 'police' },
  classification: 'CONFIDENTIAL',
  purpose: 'Investigation',
  caveats: 'Intelligence, not evidence',
  issuedAt: null,
  fromPartners: [{ originator: 'GB', type: 'response', body: { narrative: 'x' }, caveats: {}, receivedAt: null }],
  reports: [
    {
      id: 'r1',
      fiuRef: 'NL-2026-000001',
      reportCode: 'STR',
      submissionDate: '2026-11-03',
      filerSector: 'bank',
      filer: { code: '101', name: 'Acme Bank NV' },
      reason: 'Cash deposits',
      action: 'Account frozen',
      indicators: ['ML01'],
      score: 72,
      band: 'high',
      explanation: [],
      transactions: [{ date: '2026-11-03T10:15:00', amount: '9800.00', mode: 'CASH', description: 'Deposit' }],
      parties: [{ place: 'from', kind: 'person', name: 'Pieter de Smurf', birthdate: null, iban: 'NL91ABNA0417164300', country: 'NL' }],
    },
  ],
  subjects: [{ id: 's1', kind: 'person', displayName: 'Pieter de Smurf', birthdate: null, identifiers: ['iban::NL91ABNA0417164300'], screeningHits: [{ list: 'un', ref: 'QDi.1', score: 0.9, matched: 'x' }] }],
});

describe('redact', () => {
  it("never sends the reporting entity's identity unless the rule allows it, and says so", () => {
    const rule = { recipientKind: 'police', allowed: ['narrative', 'transactions', 'parties', 'identifiers', 'screening_hits', 'analysis', 'partner_material'] as const, version: 3 };
    const sent = redact(full(), { ...rule, allowed: [...rule.allowed] });
    expect(sent.reports[0].filer).toBeNull();
    expect(JSON.stringify(sent)).not.toContain('Acme Bank');
    expect(sent.redaction).toEqual({ recipientKind: 'police', ruleVersion: 3, withheld: ['reporting_entity_identity'] });
    expect(redact(full(), { ...rule, allowed: [...rule.allowed, 'reporting_entity_identity'] }).reports[0].filer).toEqual({ code: '101', name: 'Acme Bank NV' });
  });

  it('empties each withheld category and keeps the rest', () => {
    const sent = redact(full(), { recipientKind: 'tax', allowed: ['transactions', 'parties'], version: 1 });
    expect(sent.reports[0]).toMatchObject({ reason: null, action: null, indicators: [], score: null, band: null, explanation: null });
    expect(sent.reports[0].transactions).toEqual([{ date: '2026-11-03T10:15:00', amount: '9800.00', mode: 'CASH', description: null }]);
    expect(sent.reports[0].parties[0]).toMatchObject({ name: 'Pieter de Smurf', iban: null });
    expect(sent.subjects[0]).toMatchObject({ identifiers: [], screeningHits: [], displayName: 'Pieter de Smurf' });
    expect(sent.fromPartners).toEqual([]);
  });

  it('withholds everything beyond the references from a kind without a rule', () => {
    const sent = redact(full(), NO_RULE('customs'));
    expect(sent.redaction?.ruleVersion).toBe(0);
    expect(sent.redaction?.withheld).toHaveLength(8);
    expect(sent.reports[0]).toMatchObject({ fiuRef: 'NL-2026-000001', transactions: [], parties: [], reason: null });
  });
});
