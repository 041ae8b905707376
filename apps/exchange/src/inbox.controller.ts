import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@fiu/core';
import { KeysService, ReceiveUseCase } from '@fiu/exchange';

class ReceivedResponse {
  @ApiProperty({ format: 'uuid', description: 'The envelope id (jti) taken' }) messageId: string;
  @ApiProperty({ enum: ['received'] }) status: 'received';
}

class PublicKeyResponse {
  @ApiProperty({ example: 'OKP' }) kty: string;
  @ApiProperty({ enum: ['Ed25519', 'X25519'] }) crv: string;
  @ApiProperty({ example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }) x: string;
  @ApiProperty({ example: 'GB-20260101T000000-sig' }) kid: string;
  @ApiProperty({ enum: ['sig', 'enc'] }) use: string;
  @ApiProperty({ example: 'EdDSA' }) alg: string;
}

class JwksResponse {
  @ApiProperty({ type: [PublicKeyResponse] }) keys: PublicKeyResponse[];
}

@ApiTags('exchange')
@Controller()
export class InboxController {
  constructor(
    private readonly receiving: ReceiveUseCase,
    private readonly keys: KeysService,
  ) {}

  // Public as HTTP, but nothing is accepted unless the envelope decrypts with our key and verifies
  // against a registered, active partner's confirmed key: the envelope is the authentication.
  @Post('v1/inbox')
  @Public()
  @HttpCode(202)
  @ApiConsumes('application/jose')
  @ApiBody({ description: 'A compact JWE (ECDH-ES+A256KW, A256GCM) holding a compact JWS (EdDSA) of the message' })
  @ApiOperation({ summary: 'Receive a message from a partner FIU; refused: unknown sender, policy blocked, wrong recipient, replay, expired, tampered, downgraded' })
  @ApiAcceptedResponse({ type: ReceivedResponse })
  receive(@Req() request: FastifyRequest, @Body() envelope: unknown): Promise<ReceivedResponse> {
    return this.receiving.execute(typeof envelope === 'string' ? envelope.trim() : '', request.ip);
  }

  @Get('.well-known/jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Our public keys (signing and encryption), by kid, including those in a rotation overlap' })
  @ApiOkResponse({ type: JwksResponse })
  jwks() {
    return this.keys.publicJwks();
  }
}
