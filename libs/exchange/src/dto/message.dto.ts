import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { OptionalIds, OptionalText, RequiredText } from '@fiu/core';
import { DATA_CATEGORIES, MESSAGE_TYPES } from '../policy-engine';
import type { DataCategory, MessageType } from '../policy-engine';

/** Types staff compose directly; consent requests and decisions have their own routes. */
export const COMPOSABLE_TYPES = ['request', 'response', 'spontaneous_disclosure', 'feedback', 'acknowledgement'] as const;
export type ComposableType = (typeof COMPOSABLE_TYPES)[number];
export const URGENCIES = ['normal', 'urgent', 'very_urgent'] as const;
export const OUTCOMES = ['full', 'partial', 'negative'] as const;
export const USEFULNESS = ['very_useful', 'useful', 'not_useful'] as const;
export const MESSAGE_STATUSES = ['draft', 'queued', 'sent', 'failed', 'refused', 'received'] as const;
export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export const RECIPIENT_KINDS = ['domestic', 'country'] as const;
export const CONSENT_DECISIONS = ['granted', 'refused'] as const;

/** What a message may hold; which fields a type requires is the compose use case's rule. */
export class MessageContentDto {
  @ApiPropertyOptional({ example: 'GB', description: 'Not needed when answering (inReplyTo)' }) @IsOptional() @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' }) country?: string;
  @ApiPropertyOptional({ example: 'money laundering analysis' }) @OptionalText(1000) purpose?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Our id of the received message this answers' }) @IsOptional() @IsUUID('loose') inReplyTo?: string;
  @ApiPropertyOptional({ example: 'EUR 480,000 moved through three accounts in nine days.', description: 'request: the facts' }) @OptionalText(20_000) facts?: string;
  @ApiPropertyOptional({ example: 'Two STRs from our banks.', description: 'request: background and reasons' }) @OptionalText(20_000) background?: string;
  @ApiPropertyOptional({ example: 'The receiving account is held in the United Kingdom.', description: 'request: the link to the requested country' }) @OptionalText(4000) linkToCountry?: string;
  @ApiPropertyOptional({ example: 'Intelligence for our analysis.', description: 'request: what the answer will be used for' }) @OptionalText(4000) intendedUse?: string;
  @ApiPropertyOptional({ enum: URGENCIES, enumName: 'RequestUrgency' }) @IsOptional() @IsIn(URGENCIES) urgency?: (typeof URGENCIES)[number];
  @ApiPropertyOptional({ enum: OUTCOMES, enumName: 'ResponseOutcome' }) @IsOptional() @IsIn(OUTCOMES) outcome?: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({ example: 'The account was closed in 2020.', description: 'response: why partial or negative' }) @OptionalText(4000) reason?: string;
  @ApiPropertyOptional({ example: 'We ask for the holder and the movements of the account.', description: 'Free text sent with the message: a package part' }) @OptionalText(20_000) narrative?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @OptionalIds(200) reportIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @OptionalIds(200) subjectIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Messages received from partners (third-party rule applies)' }) @OptionalIds(200) receivedMessageIds?: string[];
  @ApiPropertyOptional({ enum: USEFULNESS, enumName: 'FeedbackUsefulness' }) @IsOptional() @IsIn(USEFULNESS) usefulness?: (typeof USEFULNESS)[number];
  @ApiPropertyOptional({ example: 'Led to a freezing order.', description: 'feedback: how the information was used' }) @OptionalText(4000) use?: string;
}

export class ComposeMessageDto extends MessageContentDto {
  @ApiProperty({ enum: COMPOSABLE_TYPES, enumName: 'ComposableMessageType', example: 'request' }) @IsIn(COMPOSABLE_TYPES) type: ComposableType;
}

export class ExplainDto extends MessageContentDto {
  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'ExchangeMessageType', example: 'request' }) @IsIn(MESSAGE_TYPES) type: MessageType;
  @ApiPropertyOptional({ enum: DATA_CATEGORIES, enumName: 'DataCategory', isArray: true, description: 'Categories to test instead of those the items carry' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  categories?: DataCategory[];
}

export class ListMessagesQuery {
  @ApiPropertyOptional({ enum: MESSAGE_DIRECTIONS, enumName: 'MessageDirection' }) @IsOptional() @IsIn(MESSAGE_DIRECTIONS) direction?: 'in' | 'out';
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES, enumName: 'ExchangeMessageStatus', example: 'failed' }) @IsOptional() @IsIn(MESSAGE_STATUSES) status?: (typeof MESSAGE_STATUSES)[number];
  @ApiPropertyOptional({ example: 'GB' }) @IsOptional() @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' }) country?: string;
}

/** Where received information would go next: a domestic authority, or another country's FIU. */
export class OnwardRecipientDto {
  @ApiProperty({ enum: RECIPIENT_KINDS, enumName: 'OnwardRecipientKind', example: 'domestic' }) @IsIn(RECIPIENT_KINDS) kind: 'domestic' | 'country';
  @ApiPropertyOptional({ example: 'POLICE-FEC', description: 'kind domestic: the authority\'s code' })
  @ValidateIf((recipient: OnwardRecipientDto) => recipient.kind === 'domestic')
  @IsString()
  @Length(1, 40)
  authority?: string;
  @ApiPropertyOptional({ example: 'FR', description: 'kind country: ISO 3166-1 alpha-2' })
  @ValidateIf((recipient: OnwardRecipientDto) => recipient.kind === 'country')
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code in capitals' })
  country?: string;
}

export class ConsentRequestDto {
  @ApiProperty({ type: OnwardRecipientDto }) @ValidateNested() @Type(() => OnwardRecipientDto) recipient: OnwardRecipientDto;
  @ApiProperty({ example: 'Criminal investigation into layering' }) @RequiredText(4000) purpose: string;
}

export class ConsentDecisionDto {
  @ApiProperty({ enum: CONSENT_DECISIONS, enumName: 'ConsentDecision', example: 'granted' }) @IsIn(CONSENT_DECISIONS) decision: 'granted' | 'refused';
  @ApiPropertyOptional({ example: 'The information is part of an ongoing investigation.', description: 'Required when refused' }) @OptionalText(4000) reason?: string;
}
