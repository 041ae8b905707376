import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@fiu/core';
import { KeysService, MessagesService } from '@fiu/exchange';

@ApiTags('exchange')
@Controller()
export class InboxController {
  constructor(
    private readonly messages: MessagesService,
    private readonly keys: KeysService,
  ) {}

  // Public as HTTP, but nothing is accepted unless the envelope decrypts with our key and verifies
  // against a registered, active partner's key: the envelope is the authentication.
  @Post('v1/inbox')
  @Public()
  @HttpCode(202)
  @ApiConsumes('application/jose')
  @ApiBody({ description: 'A compact JWE (ECDH-ES+A256KW, A256GCM) holding a compact JWS (EdDSA) of the message' })
  @ApiOperation({ summary: 'Receive a message from a partner FIU; refused: unknown sender, wrong recipient, replay, expired, tampered, downgraded' })
  @ApiAcceptedResponse({ description: '{ messageId, status: "received" }' })
  receive(@Req() request: FastifyRequest, @Body() envelope: unknown) {
    return this.messages.receive(typeof envelope === 'string' ? envelope.trim() : '', request.ip);
  }

  @Get('.well-known/jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Our public keys (signing and encryption), by kid, including those in a rotation overlap' })
  jwks() {
    return this.keys.publicJwks();
  }
}
