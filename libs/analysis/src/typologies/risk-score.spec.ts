import fc from 'fast-check';
import { bandOf, RuleFinding, scoreFindings } from './risk-score';
import { DEFAULT_TYPOLOGY_RULES, RULE_IDS, RuleId, ruleSetVersion, typologyRules } from './typology-rules';

const finding = (rule: RuleId): RuleFinding => ({ rule, ruleVersion: 1, summary: rule, evidence: { transactionIds: [], subjectIds: [] } });
const weights = Object.fromEntries(RULE_IDS.map((id) => [id, DEFAULT_TYPOLOGY_RULES[id].weight])) as Record<RuleId, number>;

describe('risk score', () => {
  it('is 0 and low with nothing fired', () => {
    expect(scoreFindings([], weights, 'v')).toEqual({ score: 0, band: 'low', ruleSet: 'v', explanation: [] });
  });

  it('lets a sanctions hit alone reach the high band, and explains its points', () => {
    const scored = scoreFindings([finding('sanctions_hit')], weights, 'v');
    expect(scored).toMatchObject({ score: 80, band: 'high' });
    expect(scored.explanation[0]).toMatchObject({ rule: 'sanctions_hit', weight: 80, points: 80 });
  });

  it('counts a rule once however often it fires', () => {
    expect(scoreFindings([finding('structuring'), finding('structuring')], weights, 'v').score).toBe(45);
  });

  it('stays within 0..100, grows with every extra rule, and its points add up to the score', () => {
    fc.assert(
      fc.property(fc.subarray(RULE_IDS, { minLength: 1 }), fc.constantFrom(...RULE_IDS), (fired, extra) => {
        const base = scoreFindings(fired.map(finding), weights, 'v');
        const more = scoreFindings([...fired, extra].map(finding), weights, 'v');
        expect(base.score).toBeGreaterThanOrEqual(0);
        expect(base.score).toBeLessThanOrEqual(100);
        expect(more.score).toBeGreaterThanOrEqual(base.score);
        expect(base.explanation.reduce((sum, entry) => sum + entry.points, 0)).toBe(base.score);
        expect(base.band).toBe(bandOf(base.score));
      }),
    );
  });
});

describe('typology rules', () => {
  it('lays overrides over the defaults and changes the version with any parameter', () => {
    const rules = typologyRules({ name: 'fiu-x', structuring: { threshold: 15_000 } });
    expect(rules.structuring.threshold).toBe(15_000);
    expect(rules.structuring.minCount).toBe(DEFAULT_TYPOLOGY_RULES.structuring.minCount);
    expect(ruleSetVersion(rules)).toMatch(/^fiu-x@[0-9a-f]{12}$/);
    expect(ruleSetVersion(rules)).not.toBe(ruleSetVersion(typologyRules({ name: 'fiu-x' })));
    expect(ruleSetVersion(typologyRules())).toBe(ruleSetVersion(typologyRules()));
  });

  it('refuses unknown rules, unknown parameters and wrong types, naming them', () => {
    expect(() => typologyRules({ smurfing: {} })).toThrow('unknown rule "smurfing"');
    expect(() => typologyRules({ structuring: { treshold: 1 } })).toThrow('unknown parameter "structuring.treshold"');
    expect(() => typologyRules({ structuring: { threshold: '10000' } })).toThrow('"structuring.threshold" must be of type number');
    expect(() => typologyRules({ high_risk_jurisdiction: { countries: 'IR' } })).toThrow('must be of type array');
  });
});
