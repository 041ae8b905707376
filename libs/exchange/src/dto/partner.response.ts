import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_STATUSES } from './partner.dto';

export class KeyThumbprintResponse {
  @ApiProperty({ example: 'GB-20260101T000000-sig' }) kid: string;
  @ApiProperty({ example: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k', description: 'RFC 7638 SHA-256 thumbprint' }) thumbprint: string;
}

export class PendingKeysResponse {
  @ApiProperty({ example: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', description: 'Compare with the partner\'s announcement, then confirm it' }) thumbprint: string;
  @ApiProperty({ type: [KeyThumbprintResponse] }) keys: KeyThumbprintResponse[];
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) fetchedAt: string;
}

export class PartnerResponse {
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ example: 'UK Financial Intelligence Unit' }) name: string;
  @ApiProperty({ example: 'https://fiu-exchange.example.gb' }) endpointUrl: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://fiu-exchange.example.gb/.well-known/jwks.json' }) jwksUrl: string | null;
  @ApiProperty({ type: [String], example: ['GB-20260101T000000-sig', 'GB-20260101T000000-enc'], description: 'Trusted keys; empty until a fetched set is confirmed' }) keyIds: string[];
  @ApiProperty({ type: String, nullable: true, example: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', description: 'Thumbprint of the trusted key set' }) keysThumbprint: string | null;
  @ApiProperty({ type: PendingKeysResponse, nullable: true, description: 'A fetched key set waiting for an admin to confirm its thumbprint' }) pendingKeys: PendingKeysResponse | null;
  @ApiProperty({ enum: PARTNER_STATUSES, enumName: 'PartnerStatus', example: 'active' }) status: 'active' | 'suspended';
  @ApiProperty({ example: true }) egmontMember: boolean;
  @ApiProperty({ example: false }) mouRequired: boolean;
  @ApiProperty({ example: false }) mouSigned: boolean;
  @ApiProperty({ example: false, description: 'Outbound calls may reach loopback and private addresses' }) allowPrivateNetwork: boolean;
}
