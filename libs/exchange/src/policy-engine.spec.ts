import { CountryPolicy, decide, PartnerStanding, ProposedMessage, validatePolicy } from './policy-engine';

const policy: CountryPolicy = {
  country: 'GB',
  version: 3,
  exchangeAllowed: true,
  mouRequired: true,
  messageTypes: ['request', 'response', 'spontaneous_disclosure', 'consent_request', 'consent_decision', 'feedback', 'acknowledgement'],
  dataCategories: ['subject_identities', 'identifiers', 'accounts', 'transactions', 'narrative'],
  purposes: ['money laundering analysis', 'terrorist financing analysis'],
  responseDeadlineDays: 7,
  redaction: 'standard',
};
const partner: PartnerStanding = { country: 'GB', status: 'active', mouSigned: true };
const request: ProposedMessage = { country: 'GB', type: 'request', purpose: 'Money laundering analysis', categories: ['subject_identities', 'accounts', 'analysis_results', 'reporting_entity_identity'] };

describe('exchange policy engine', () => {
  const cases: [string, CountryPolicy | null, PartnerStanding | null, ProposedMessage, boolean, RegExp][] = [
    ['no partner registered', policy, null, request, false, /no partner FIU is registered for GB/],
    ['no policy: deny by default', null, partner, request, false, /deny by default/],
    ['blocked country', { ...policy, exchangeAllowed: false }, partner, request, false, /blocked by policy v3/],
    ['suspended partner', policy, { ...partner, status: 'suspended' }, request, false, /suspended/],
    ['MOU required and not signed', policy, { ...partner, mouSigned: false }, request, false, /requires a signed MOU/],
    ['MOU not required, none signed', { ...policy, mouRequired: false }, { ...partner, mouSigned: false }, request, true, /allows request/],
    ['message type not allowed', { ...policy, messageTypes: ['request'] }, partner, { ...request, type: 'spontaneous_disclosure' }, false, /does not allow spontaneous_disclosure/],
    ['purpose missing', policy, partner, { ...request, purpose: '' }, false, /a purpose is required/],
    ['purpose not accepted', policy, partner, { ...request, purpose: 'tax collection' }, false, /not accepted by GB/],
    ['purpose matched without regard to case', policy, partner, request, true, /for purpose "Money laundering analysis"/],
    ['procedural message needs no purpose', policy, partner, { country: 'GB', type: 'consent_request', categories: [] }, true, /allows consent_request/],
  ];

  it.each(cases)('%s', (_name, given, standing, proposal, allowed, reason) => {
    const decision = decide(given, standing, proposal);
    expect(decision.allowed).toBe(allowed);
    expect(decision.reasons.join(' | ')).toMatch(reason);
    if (!allowed) expect(decision.send).toEqual([]);
  });

  it('removes each category the policy does not allow, and the reporter identity unless a rule allows it, with reasons', () => {
    const decision = decide(policy, partner, request);
    expect(decision.send).toEqual(['subject_identities', 'accounts']);
    expect(decision.removed).toEqual([
      { category: 'analysis_results', reason: 'policy v3 does not allow analysis_results to GB' },
      { category: 'reporting_entity_identity', reason: expect.stringContaining('protects the reporter') },
    ]);
    expect(decision).toMatchObject({ redaction: 'standard', responseDeadlineDays: 7, policyVersion: 3 });
    const withReporter = decide({ ...policy, dataCategories: [...policy.dataCategories, 'reporting_entity_identity'] }, partner, request);
    expect(withReporter.send).toContain('reporting_entity_identity');
  });

  it('validates a policy given as data and names every problem', () => {
    expect(validatePolicy({ exchangeAllowed: true, messageTypes: ['request'], purposes: ['ml'] }, 'GB')).toMatchObject({ exchangeAllowed: true, mouRequired: false, redaction: 'standard', responseDeadlineDays: 30 });
    expect(() => validatePolicy({ exchangeAllowed: 'yes', messageTypes: ['gossip'], redaction: 'some', colour: 1 }, 'GB')).toThrow(
      /redaction must be one of.*unknown field colour.*exchangeAllowed must be true or false.*messageTypes must be a list/,
    );
  });
});
