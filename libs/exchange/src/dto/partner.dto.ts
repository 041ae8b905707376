import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { OptionalText, RequiredText } from '@fiu/core';

export const PARTNER_STATUSES = ['active', 'suspended'] as const;

const COUNTRY = /^[A-Za-z]{2}$/;
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

export class CountryParams {
  @ApiProperty({ example: 'GB', description: 'ISO 3166-1 alpha-2' })
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;
}

/** One public key as a partner publishes it: Ed25519 (signing) or X25519 (encryption). Private members are refused. */
export class PublicJwkDto {
  @ApiProperty({ example: 'OKP', enum: ['OKP'], enumName: 'JwkKeyType' }) @IsIn(['OKP']) kty: string;
  @ApiProperty({ example: 'Ed25519', enum: ['Ed25519', 'X25519'], enumName: 'JwkCurve' }) @IsIn(['Ed25519', 'X25519']) crv: string;
  @ApiProperty({ example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }) @IsString() @Length(43, 43) x: string;
  @ApiProperty({ example: 'GB-20260101T000000-sig' }) @IsString() @Length(1, 200) kid: string;
  @ApiPropertyOptional({ enum: ['sig', 'enc'], enumName: 'JwkUse' }) @IsOptional() @IsIn(['sig', 'enc']) use?: string;
  @ApiPropertyOptional({ example: 'EdDSA' }) @IsOptional() @IsString() @MaxLength(40) alg?: string;
}

export class JwksDto {
  @ApiProperty({ type: [PublicJwkDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PublicJwkDto)
  keys: PublicJwkDto[];
}

export class AddPartnerDto {
  @ApiProperty({ example: 'GB' }) @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code' }) country: string;
  @ApiProperty({ example: 'UK Financial Intelligence Unit' }) @RequiredText(200) name: string;
  @ApiProperty({ example: 'https://fiu-exchange.example.gb', description: 'Its exchange face; https in production' }) @RequiredText(2000) endpointUrl: string;
  @ApiPropertyOptional({ type: JwksDto, description: 'The partner\'s public JWKS, trusted as given (or jwksUrl)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => JwksDto)
  jwks?: JwksDto;
  @ApiPropertyOptional({ example: 'https://fiu-exchange.example.gb/.well-known/jwks.json', description: 'Where to fetch the keys; trusted once their thumbprint is confirmed' })
  @OptionalText(2000)
  jwksUrl?: string;
  @ApiPropertyOptional({ example: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', description: 'The key set thumbprint the partner announced: the keys fetched from jwksUrl are trusted at once when they match' })
  @IsOptional()
  @Matches(THUMBPRINT, { message: 'jwksThumbprint must be a base64url SHA-256 (43 characters)' })
  jwksThumbprint?: string;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() egmontMember?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() mouRequired?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() mouSigned?: boolean;
  @ApiPropertyOptional({ example: false, description: 'Let outbound calls to this partner reach loopback and private addresses (tests, demo, a private network)' })
  @IsOptional()
  @IsBoolean()
  allowPrivateNetwork?: boolean;
}

export class PartnerChangeDto {
  @ApiPropertyOptional({ enum: PARTNER_STATUSES, enumName: 'PartnerStatus' }) @IsOptional() @IsIn(PARTNER_STATUSES) status?: (typeof PARTNER_STATUSES)[number];
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() mouSigned?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() allowPrivateNetwork?: boolean;
  @ApiPropertyOptional({ example: true, description: 'Fetch the partner\'s keys again from its JWKS URL; a changed set waits for confirmation' })
  @IsOptional()
  @IsBoolean()
  refreshKeys?: boolean;
}

export class ConfirmKeysDto {
  @ApiProperty({ example: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', description: 'The thumbprint of the pending key set, as the partner announced it' })
  @Matches(THUMBPRINT, { message: 'thumbprint must be a base64url SHA-256 (43 characters)' })
  thumbprint: string;
}
