/**
 * The per-country exchange policy as a pure function: what may go to a country, what is removed,
 * and why. Deny by default: no partner, no policy, a blocked country, a suspended partner, a
 * missing MOU, a message type or purpose not listed all refuse the whole message; data categories
 * not listed are removed from the package one by one, each with its reason.
 */
export const MESSAGE_TYPES = ['request', 'response', 'spontaneous_disclosure', 'consent_request', 'consent_decision', 'feedback', 'acknowledgement'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const DATA_CATEGORIES = ['subject_identities', 'identifiers', 'accounts', 'transactions', 'narrative', 'analysis_results', 'reporting_entity_identity'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const REDACTION_PROFILES = ['none', 'standard', 'strict'] as const;
export type RedactionProfile = (typeof REDACTION_PROFILES)[number];

/** Messages that carry no intelligence of their own: they pass on the type rule alone. */
export const PROCEDURAL_TYPES: ReadonlySet<MessageType> = new Set(['consent_request', 'consent_decision', 'feedback', 'acknowledgement']);

export interface CountryPolicy {
  country: string;
  version: number;
  exchangeAllowed: boolean;
  mouRequired: boolean;
  messageTypes: MessageType[];
  dataCategories: DataCategory[];
  purposes: string[];
  responseDeadlineDays: number;
  redaction: RedactionProfile;
}

export interface PartnerStanding {
  country: string;
  status: 'active' | 'suspended';
  mouSigned: boolean;
}

export interface ProposedMessage {
  country: string;
  type: MessageType;
  purpose?: string | null;
  /** Categories the package would carry. */
  categories: DataCategory[];
}

export interface PolicyDecision {
  allowed: boolean;
  country: string;
  policyVersion: number | null;
  /** Why the message may or may not go, in order. */
  reasons: string[];
  send: DataCategory[];
  removed: { category: DataCategory; reason: string }[];
  redaction: RedactionProfile;
  responseDeadlineDays: number | null;
}

export function decide(policy: CountryPolicy | null, partner: PartnerStanding | null, proposal: ProposedMessage): PolicyDecision {
  const refuse = (reason: string): PolicyDecision => ({
    allowed: false,
    country: proposal.country,
    policyVersion: policy?.version ?? null,
    reasons: [reason],
    send: [],
    removed: proposal.categories.map((category) => ({ category, reason: 'the message is refused as a whole' })),
    redaction: policy?.redaction ?? 'strict',
    responseDeadlineDays: null,
  });
  if (!partner) return refuse(`no partner FIU is registered for ${proposal.country}`);
  if (!policy) return refuse(`no exchange policy is set for ${proposal.country}: deny by default`);
  if (!policy.exchangeAllowed) return refuse(`exchange with ${proposal.country} is blocked by policy v${policy.version}`);
  if (partner.status !== 'active') return refuse(`the partner FIU of ${proposal.country} is suspended`);
  if (policy.mouRequired && !partner.mouSigned) return refuse(`policy v${policy.version} requires a signed MOU with ${proposal.country}, and none is recorded`);
  if (!policy.messageTypes.includes(proposal.type)) return refuse(`policy v${policy.version} does not allow ${proposal.type} messages to ${proposal.country}`);
  const procedural = PROCEDURAL_TYPES.has(proposal.type);
  if (!procedural) {
    const purpose = proposal.purpose?.trim().toLowerCase();
    if (!purpose) return refuse('a purpose is required');
    if (!policy.purposes.map((p) => p.toLowerCase()).includes(purpose)) {
      return refuse(`purpose "${proposal.purpose}" is not accepted by ${proposal.country} (accepted: ${policy.purposes.join(', ') || 'none'})`);
    }
  }
  const send: DataCategory[] = [];
  const removed: PolicyDecision['removed'] = [];
  for (const category of [...new Set(proposal.categories)]) {
    if (category === 'reporting_entity_identity' && !policy.dataCategories.includes(category)) {
      removed.push({ category, reason: 'the identity of the reporting entity is never sent unless a rule allows it: it protects the reporter' });
    } else if (!policy.dataCategories.includes(category)) {
      removed.push({ category, reason: `policy v${policy.version} does not allow ${category} to ${proposal.country}` });
    } else {
      send.push(category);
    }
  }
  const reasons = [
    `partner ${proposal.country} is active${policy.mouRequired ? ' with a signed MOU' : ''}`,
    `policy v${policy.version} allows ${proposal.type}${procedural ? '' : ` for purpose "${proposal.purpose}"`}`,
    ...(removed.length ? [`${removed.length} data categor${removed.length === 1 ? 'y' : 'ies'} removed`] : []),
    `redaction profile "${policy.redaction}"`,
  ];
  return { allowed: true, country: proposal.country, policyVersion: policy.version, reasons, send, removed, redaction: policy.redaction, responseDeadlineDays: policy.responseDeadlineDays };
}

/** Checks a policy given as data (from a file or the console) and names every problem. */
export function validatePolicy(input: Record<string, unknown>, country: string): Omit<CountryPolicy, 'version'> {
  const problems: string[] = [];
  const list = <T extends string>(name: string, allowed: readonly T[]): T[] => {
    const value = input[name] ?? [];
    if (!Array.isArray(value) || !value.every((item) => allowed.includes(item as T))) {
      problems.push(`${name} must be a list of: ${allowed.join(', ')}`);
      return [];
    }
    return [...new Set(value as T[])];
  };
  const bool = (name: string, fallback: boolean) => {
    const value = input[name] ?? fallback;
    if (typeof value !== 'boolean') problems.push(`${name} must be true or false`);
    return value === true;
  };
  const purposes = input.purposes ?? [];
  if (!Array.isArray(purposes) || !purposes.every((p) => typeof p === 'string' && p.trim())) problems.push('purposes must be a list of texts');
  const deadline = input.responseDeadlineDays ?? 30;
  if (typeof deadline !== 'number' || !Number.isInteger(deadline) || deadline < 1 || deadline > 365) problems.push('responseDeadlineDays must be a whole number of days, 1-365');
  const redaction = input.redaction ?? 'standard';
  if (!REDACTION_PROFILES.includes(redaction as RedactionProfile)) problems.push(`redaction must be one of ${REDACTION_PROFILES.join(', ')}`);
  const known = new Set(['exchangeAllowed', 'mouRequired', 'messageTypes', 'dataCategories', 'purposes', 'responseDeadlineDays', 'redaction']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`unknown field ${key}`);
  const policy = {
    country,
    exchangeAllowed: bool('exchangeAllowed', false),
    mouRequired: bool('mouRequired', false),
    messageTypes: list('messageTypes', MESSAGE_TYPES),
    dataCategories: list('dataCategories', DATA_CATEGORIES),
    purposes: Array.isArray(purposes) ? (purposes as string[]).map((p) => p.trim()) : [],
    responseDeadlineDays: deadline as number,
    redaction: redaction as RedactionProfile,
  };
  if (problems.length) throw new Error(`Invalid policy for ${country}: ${problems.join('; ')}`);
  return policy;
}
