import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@fiu/core';
import { StaffService, TokenPair } from '@fiu/staff';

class LoginDto {
  @ApiProperty({ example: 'a.analyst' }) username: string;
  @ApiProperty({ format: 'password' }) password: string;
}

class RefreshDto {
  @ApiProperty() refreshToken: string;
}

class TokenPairResponse implements TokenPair {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Single use; trade it at /v1/auth/refresh for a new pair' }) refreshToken: string;
  @ApiProperty({ enum: ['analyst', 'supervisor', 'admin', 'auditor'] }) role: TokenPair['role'];
}

@ApiTags('auth')
@Public()
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly staff: StaffService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff login: a short-lived access token and a single-use refresh token; repeated failures lock the account' })
  @ApiOkResponse({ type: TokenPairResponse })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPair> {
    return this.staff.login(body?.username, body?.password, request.ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse })
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.staff.refresh(body?.refreshToken);
  }
}
