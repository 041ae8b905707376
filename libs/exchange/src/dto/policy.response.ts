import { ApiProperty } from '@nestjs/swagger';
import { DATA_CATEGORIES, MESSAGE_TYPES, REDACTION_PROFILES } from '../policy-engine';
import type { CountryPolicy, DataCategory, MessageType, PolicyDecision, RedactionProfile } from '../policy-engine';

export class PolicyResponse {
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ example: 3, description: 'The highest version is in force' }) version: number;
  @ApiProperty({ example: true }) exchangeAllowed: boolean;
  @ApiProperty({ example: false }) mouRequired: boolean;
  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'ExchangeMessageType', isArray: true, example: ['request', 'response'] }) messageTypes: MessageType[];
  @ApiProperty({ enum: DATA_CATEGORIES, enumName: 'DataCategory', isArray: true, example: ['subject_identities', 'narrative'] }) dataCategories: DataCategory[];
  @ApiProperty({ type: [String], example: ['money laundering analysis'] }) purposes: string[];
  @ApiProperty({ example: 7 }) responseDeadlineDays: number;
  @ApiProperty({ enum: REDACTION_PROFILES, enumName: 'RedactionProfile', example: 'standard' }) redaction: RedactionProfile;

  static from(policy: CountryPolicy): PolicyResponse {
    return {
      country: policy.country,
      version: policy.version,
      exchangeAllowed: policy.exchangeAllowed,
      mouRequired: policy.mouRequired,
      messageTypes: policy.messageTypes,
      dataCategories: policy.dataCategories,
      purposes: policy.purposes,
      responseDeadlineDays: policy.responseDeadlineDays,
      redaction: policy.redaction,
    };
  }
}

export class RemovedCategoryResponse {
  @ApiProperty({ enum: DATA_CATEGORIES, enumName: 'DataCategory', example: 'reporting_entity_identity' }) category: DataCategory;
  @ApiProperty({ example: 'the identity of the reporting entity is never sent unless a rule allows it: it protects the reporter' }) reason: string;
}

export class PolicyDecisionResponse {
  @ApiProperty({ example: true }) allowed: boolean;
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ type: Number, nullable: true, example: 3 }) policyVersion: number | null;
  @ApiProperty({ type: [String], example: ['partner GB is active', 'policy v3 allows request for purpose "money laundering analysis"'] }) reasons: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, enumName: 'DataCategory', isArray: true, example: ['subject_identities', 'narrative'] }) send: DataCategory[];
  @ApiProperty({ type: [RemovedCategoryResponse] }) removed: RemovedCategoryResponse[];
  @ApiProperty({ enum: REDACTION_PROFILES, enumName: 'RedactionProfile', example: 'standard' }) redaction: RedactionProfile;
  @ApiProperty({ type: Number, nullable: true, example: 7 }) responseDeadlineDays: number | null;

  static from(decision: PolicyDecision): PolicyDecisionResponse {
    return {
      allowed: decision.allowed,
      country: decision.country,
      policyVersion: decision.policyVersion,
      reasons: decision.reasons,
      send: decision.send,
      removed: decision.removed.map((removed) => ({ category: removed.category, reason: removed.reason })),
      redaction: decision.redaction,
      responseDeadlineDays: decision.responseDeadlineDays,
    };
  }
}

export class ThirdPartyRuleResponse {
  @ApiProperty({ example: false }) allowed: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Third-party rule: no recorded consent of FIU GB to pass 1 received message(s) to FIU FR' }) reason: string | null;
}

export class ExplainResponse extends PolicyDecisionResponse {
  @ApiProperty({ type: ThirdPartyRuleResponse }) thirdPartyRule: ThirdPartyRuleResponse;
  @ApiProperty({ enum: DATA_CATEGORIES, enumName: 'DataCategory', isArray: true, example: ['subject_identities', 'narrative'], description: 'What the proposed items would carry before the policy removes any' })
  proposedCategories: DataCategory[];
}
