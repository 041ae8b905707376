import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { DATA_CATEGORIES, MESSAGE_TYPES, MessagesService, OnwardRecipient, PartnersService, PolicyService } from '@fiu/exchange';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class PartnerDto {
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ example: 'UK Financial Intelligence Unit' }) name: string;
  @ApiProperty({ example: 'https://fiu-exchange.example.gb' }) endpointUrl: string;
  @ApiPropertyOptional({ description: 'The partner\'s public JWKS' }) jwks?: object;
  @ApiPropertyOptional({ description: 'Or where to fetch it' }) jwksUrl?: string;
  @ApiPropertyOptional() egmontMember?: boolean;
  @ApiPropertyOptional() mouRequired?: boolean;
  @ApiPropertyOptional() mouSigned?: boolean;
}

class PartnerChangeDto {
  @ApiPropertyOptional({ enum: ['active', 'suspended'] }) status?: 'active' | 'suspended';
  @ApiPropertyOptional() mouSigned?: boolean;
  @ApiPropertyOptional({ description: 'Fetch the partner\'s keys again from its JWKS URL' }) refreshKeys?: boolean;
}

class PolicyDto {
  @ApiProperty() exchangeAllowed: boolean;
  @ApiPropertyOptional() mouRequired?: boolean;
  @ApiProperty({ enum: MESSAGE_TYPES, isArray: true }) messageTypes: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories: string[];
  @ApiProperty({ type: [String], example: ['money laundering analysis'] }) purposes: string[];
  @ApiPropertyOptional({ example: 7 }) responseDeadlineDays?: number;
  @ApiPropertyOptional({ enum: ['none', 'standard', 'strict'] }) redaction?: string;
}

class MessageDto {
  @ApiPropertyOptional({ example: 'GB', description: 'Not needed when answering (inReplyTo)' }) country?: string;
  @ApiProperty({ enum: ['request', 'response', 'spontaneous_disclosure', 'feedback', 'acknowledgement'] }) type: string;
  @ApiPropertyOptional({ example: 'money laundering analysis' }) purpose?: string;
  @ApiPropertyOptional({ description: 'Our id of the received message this answers' }) inReplyTo?: string;
  @ApiPropertyOptional({ description: 'request: the facts' }) facts?: string;
  @ApiPropertyOptional({ description: 'request: background and reasons' }) background?: string;
  @ApiPropertyOptional({ description: 'request: the link to the requested country' }) linkToCountry?: string;
  @ApiPropertyOptional({ description: 'request: what the answer will be used for' }) intendedUse?: string;
  @ApiPropertyOptional({ enum: ['normal', 'urgent', 'very_urgent'] }) urgency?: string;
  @ApiPropertyOptional({ enum: ['full', 'partial', 'negative'] }) outcome?: string;
  @ApiPropertyOptional({ description: 'response: why partial or negative' }) reason?: string;
  @ApiPropertyOptional() narrative?: string;
  @ApiPropertyOptional({ type: [String] }) reportIds?: string[];
  @ApiPropertyOptional({ type: [String] }) subjectIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Messages received from partners (third-party rule applies)' }) receivedMessageIds?: string[];
  @ApiPropertyOptional({ enum: ['very_useful', 'useful', 'not_useful'] }) usefulness?: string;
  @ApiPropertyOptional({ description: 'feedback: how the information was used' }) use?: string;
}

class ExplainDto extends MessageDto {
  @ApiPropertyOptional({ enum: DATA_CATEGORIES, isArray: true, description: 'Categories to test instead of those the items carry' }) categories?: string[];
}

class ConsentRequestDto {
  @ApiProperty({ example: { kind: 'domestic', authority: 'POLICE-FEC' } }) recipient: OnwardRecipient;
  @ApiProperty({ example: 'Criminal investigation into layering' }) purpose: string;
}

class ConsentDecisionDto {
  @ApiProperty({ enum: ['granted', 'refused'] }) decision: string;
  @ApiPropertyOptional({ description: 'Required when refused' }) reason?: string;
}

@ApiTags('exchange')
@ApiBearerAuth()
@Controller('v1')
export class ExchangeController {
  constructor(
    private readonly partners: PartnersService,
    private readonly policies: PolicyService,
    private readonly messages: MessagesService,
  ) {}

  @Get('exchange/partners')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Partner FIUs' })
  listPartners() {
    return this.partners.list();
  }

  @Post('exchange/partners')
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Register a partner FIU with its endpoint and public keys (admins)' })
  addPartner(@Req() request: ConsoleRequest, @Body() body: PartnerDto) {
    return this.partners.add({ ...(body ?? {}) } as PartnerDto, actorOf(request));
  }

  @Post('exchange/partners/:country')
  @HttpCode(200)
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Suspend or reactivate a partner, record its MOU, refresh its keys (admins)' })
  changePartner(@Req() request: ConsoleRequest, @Param('country') country: string, @Body() body: PartnerChangeDto) {
    return this.partners.update(country, { status: body?.status, mouSigned: body?.mouSigned, refreshKeys: body?.refreshKeys }, actorOf(request));
  }

  @Get('exchange/policies/:country')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The policy in force for a country (none: exchange is denied)' })
  policy(@Param('country') country: string) {
    return this.policies.current(String(country).toUpperCase());
  }

  @Post('exchange/policies/:country')
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Set a new version of a country\'s policy (admins)' })
  setPolicy(@Req() request: ConsoleRequest, @Param('country') country: string, @Body() body: PolicyDto) {
    return this.policies.set(country, { ...(body ?? {}) }, actorOf(request));
  }

  @Post('policy/explain')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'For a proposed package and country: what would go, what would be removed, and why (audited)' })
  explain(@Req() request: ConsoleRequest, @Body() body: ExplainDto) {
    return this.messages.explain(body ?? {}, actorOf(request));
  }

  @Post('exchange/messages')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Compose a message; packages (request, response, disclosure) wait for four-eyes approval' })
  compose(@Req() request: ConsoleRequest, @Body() body: MessageDto) {
    return this.messages.compose(body ?? {}, actorOf(request));
  }

  @Get('exchange/messages')
  @StaffOnly('analyst', 'supervisor')
  @ApiQuery({ name: 'direction', required: false, enum: ['in', 'out'] })
  @ApiQuery({ name: 'status', required: false, example: 'failed' })
  @ApiQuery({ name: 'country', required: false })
  @ApiOperation({ summary: 'Messages with partner FIUs, newest first (failed deliveries: status=failed)' })
  list(@Req() request: ConsoleRequest, @Query('direction') direction?: string, @Query('status') status?: string, @Query('country') country?: string) {
    return this.messages.list({ direction, status, country }, actorOf(request));
  }

  @Get('exchange/messages/:id')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'A message, with its caveats, policy decision and delivery state' })
  get(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.messages.get(id, actorOf(request));
  }

  @Post('exchange/messages/:id/approve')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Four-eyes approval: the policy builds the package and it is queued for delivery' })
  approve(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.messages.approve(id, actorOf(request));
  }

  @Post('exchange/messages/:id/resend')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Send a message that exhausted its delivery attempts again' })
  resend(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.messages.resend(id, actorOf(request));
  }

  @Post('exchange/messages/:id/consent-request')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Ask the FIU a received message came from for consent to pass it on (one step)' })
  requestConsent(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: ConsentRequestDto) {
    return this.messages.requestConsent(id, body?.recipient, body?.purpose, actorOf(request));
  }

  @Post('exchange/messages/:id/consent-decision')
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Grant a partner\'s consent request, or refuse it with a reason' })
  decideConsent(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: ConsentDecisionDto) {
    return this.messages.decideConsent(id, body?.decision, body?.reason, actorOf(request));
  }

  @Get('exchange/statistics')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Requests answered, open and overdue, and hours to answer, per country and direction' })
  statistics() {
    return this.messages.statistics();
  }
}
