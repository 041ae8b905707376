import { createHash } from 'node:crypto';

/**
 * Typology rules are data: each rule has an id, its own version, a weight (points out of 100)
 * and parameters. An FIU lays its own JSON over these defaults (TYPOLOGY_RULES_FILE); the rule
 * set's version is a hash of the effective rules, so a change of any parameter is a new version
 * and triggers re-analysis.
 */
export interface RuleBase {
  version: number;
  enabled: boolean;
  /** Points out of 100; several rules combine as independent evidence (see risk-score.ts). */
  weight: number;
}

export interface StructuringRule extends RuleBase {
  threshold: number;
  /** Share below the threshold that still counts as "just under", e.g. 0.15 = 8,500-9,999.99 for 10,000. */
  margin: number;
  windowHours: number;
  minCount: number;
  /** Only cash (by funds code or transmode) counts; the AMLSim profile turns this off. */
  cashOnly: boolean;
  cashFundsCodes: string[];
  cashTransmodes: string[];
}

export interface RapidMovementRule extends RuleBase {
  withinHours: number;
  /** The outgoing amount must be at least this share of the incoming one (and not more than it by the tolerance). */
  minShare: number;
  tolerance: number;
  minAmount: number;
}

export interface FanRule extends RuleBase {
  minCounterparties: number;
  windowHours: number;
}

export interface CycleRule extends RuleBase {
  maxHops: number;
  windowHours: number;
}

export interface HighRiskJurisdictionRule extends RuleBase {
  /** ISO 3166-1 alpha-2 codes. */
  countries: string[];
  listName: string;
}

export interface RoundAmountRule extends RuleBase {
  unit: number;
  minAmount: number;
  minCount: number;
}

export interface KnownSubjectRule extends RuleBase {
  /** Earlier reports by any filer naming the same subject. */
  minOtherReports: number;
}

export interface ListHitRule extends RuleBase {
  minScore: number;
}

export interface TypologyRules {
  name: string;
  structuring: StructuringRule;
  rapid_movement: RapidMovementRule;
  fan_in: FanRule;
  fan_out: FanRule;
  cycle: CycleRule;
  high_risk_jurisdiction: HighRiskJurisdictionRule;
  round_amounts: RoundAmountRule;
  known_subject: KnownSubjectRule;
  sanctions_hit: ListHitRule;
}

export type RuleId = Exclude<keyof TypologyRules, 'name'>;

export const DEFAULT_TYPOLOGY_RULES: TypologyRules = {
  name: 'default',
  structuring: {
    version: 1,
    enabled: true,
    weight: 45,
    threshold: 10_000,
    margin: 0.15,
    windowHours: 7 * 24,
    minCount: 3,
    cashOnly: true,
    cashFundsCodes: ['CASH'],
    cashTransmodes: ['CDM', 'ATMWT'],
  },
  rapid_movement: { version: 1, enabled: true, weight: 30, withinHours: 48, minShare: 0.8, tolerance: 0.05, minAmount: 1_000 },
  fan_in: { version: 1, enabled: true, weight: 25, minCounterparties: 5, windowHours: 7 * 24 },
  fan_out: { version: 1, enabled: true, weight: 25, minCounterparties: 5, windowHours: 7 * 24 },
  cycle: { version: 1, enabled: true, weight: 40, maxHops: 6, windowHours: 30 * 24 },
  high_risk_jurisdiction: {
    version: 1,
    enabled: true,
    weight: 20,
    // FATF "black" and "grey" lists as published in October 2025; an FIU keeps this current in its own file.
    listName: 'FATF high-risk and increased-monitoring jurisdictions (October 2025)',
    countries: ['KP', 'IR', 'MM', 'DZ', 'AO', 'BO', 'BG', 'CM', 'CI', 'HR', 'CD', 'HT', 'KE', 'LA', 'LB', 'MC', 'NA', 'NP', 'SS', 'SY', 'TZ', 'VE', 'VN', 'VG', 'YE'],
  },
  round_amounts: { version: 1, enabled: true, weight: 10, unit: 1_000, minAmount: 5_000, minCount: 2 },
  known_subject: { version: 1, enabled: true, weight: 15, minOtherReports: 1 },
  sanctions_hit: { version: 1, enabled: true, weight: 80, minScore: 0.85 },
};

export const RULE_IDS = Object.keys(DEFAULT_TYPOLOGY_RULES).filter((key) => key !== 'name') as RuleId[];

/** Lays an FIU's overrides over the defaults, rule by rule; unknown rules or parameters are refused. */
export function typologyRules(overrides: Record<string, unknown> = {}): TypologyRules {
  const rules = structuredClone(DEFAULT_TYPOLOGY_RULES) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'name') {
      if (typeof value !== 'string') throw new Error('Typology rules: "name" must be a string');
      rules.name = value;
      continue;
    }
    const base = rules[key] as Record<string, unknown> | undefined;
    if (!base) throw new Error(`Typology rules: unknown rule "${key}" (known: ${RULE_IDS.join(', ')})`);
    if (typeof value !== 'object' || value === null) throw new Error(`Typology rules: "${key}" must be an object`);
    for (const [parameter, setting] of Object.entries(value)) {
      if (!(parameter in base)) throw new Error(`Typology rules: unknown parameter "${key}.${parameter}"`);
      if (typeof setting !== typeof base[parameter] || Array.isArray(setting) !== Array.isArray(base[parameter])) {
        throw new Error(`Typology rules: "${key}.${parameter}" must be of type ${Array.isArray(base[parameter]) ? 'array' : typeof base[parameter]}`);
      }
      base[parameter] = setting;
    }
  }
  return rules as unknown as TypologyRules;
}

/** A short, stable identifier of the effective rule set: its name and a hash of every parameter. */
export function ruleSetVersion(rules: TypologyRules): string {
  const canonical = JSON.stringify(rules, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return `${rules.name}@${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}
