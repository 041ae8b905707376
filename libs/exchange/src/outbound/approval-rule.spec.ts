import type { Actor } from '@fiu/core';
import { ExchangeErrorCode } from '../exchange.errors';
import type { PackageItems } from '../package-builder';
import { assertMayApprove, carriesPackage, needsApproval } from './approval-rule';

const none: PackageItems = { reportIds: [], subjectIds: [], receivedMessageIds: [], narrative: null };
const ID = '7f8e2c55-3f4b-4a8e-9d1e-2b6c1d0a9e11';
const supervisor = (id: string): Actor => ({ type: 'staff', id, name: 'sup', role: 'supervisor' });

describe('the four-eyes rule for outbound messages', () => {
  it.each([
    ['reports', { ...none, reportIds: [ID] }],
    ['subjects', { ...none, subjectIds: [ID] }],
    ['received messages', { ...none, receivedMessageIds: [ID] }],
    ['a narrative', { ...none, narrative: 'The holder moved the funds to Cyprus.' }],
  ])('makes feedback and acknowledgements carrying %s wait for approval', (_what, items) => {
    expect(carriesPackage(items)).toBe(true);
    for (const type of ['feedback', 'acknowledgement', 'consent_request', 'consent_decision'] as const) expect(needsApproval(type, items)).toBe(true);
  });

  it('lets procedural messages without a package go at once, and never requests, responses or disclosures', () => {
    for (const type of ['feedback', 'acknowledgement', 'consent_request', 'consent_decision'] as const) expect(needsApproval(type, none)).toBe(false);
    for (const type of ['request', 'response', 'spontaneous_disclosure'] as const) expect(needsApproval(type, none)).toBe(true);
  });

  it('refuses the author, and anyone but a supervisor', () => {
    const code = (fn: () => void) => {
      try {
        fn();
        return 'allowed';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(code(() => assertMayApprove({ created_by: 'a' }, supervisor('a')))).toBe(ExchangeErrorCode.FourEyes);
    expect(code(() => assertMayApprove({ created_by: 'a' }, { ...supervisor('b'), role: 'analyst' }))).toBe(ExchangeErrorCode.FourEyes);
    expect(code(() => assertMayApprove({ created_by: 'a' }, { type: 'cli', id: 'cli:root', name: 'cli:root' }))).toBe(ExchangeErrorCode.FourEyes);
    expect(code(() => assertMayApprove({ created_by: 'a' }, supervisor('b')))).toBe('allowed');
  });
});
