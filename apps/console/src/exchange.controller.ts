import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import {
  AddPartnerDto,
  ApproveUseCase,
  ComposeMessageDto,
  ComposeUseCase,
  ConfirmKeysDto,
  ConsentDecisionDto,
  ConsentRequestDto,
  ConsentUseCase,
  CountryParams,
  DeliverUseCase,
  ExplainDto,
  ExplainResponse,
  ListMessagesQuery,
  MessageOutcomeResponse,
  MessageResponse,
  MessagesService,
  MessageSummaryResponse,
  PartnerChangeDto,
  PartnerResponse,
  PartnersService,
  PolicyDto,
  PolicyResponse,
  PolicyService,
  StatisticsRowResponse,
} from '@fiu/exchange';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { IdParams } from './dto/params.dto';

@ApiTags('exchange')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@ApiErrorResponses(400, 401, 403, 404, 409, 502, 503)
@UsePipes(contractValidationPipe())
@Controller('v1')
export class ExchangeController {
  constructor(
    private readonly partners: PartnersService,
    private readonly policies: PolicyService,
    private readonly messages: MessagesService,
    private readonly composing: ComposeUseCase,
    private readonly approving: ApproveUseCase,
    private readonly consent: ConsentUseCase,
    private readonly delivery: DeliverUseCase,
  ) {}

  @Get('exchange/partners')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Partner FIUs, with the thumbprints of their trusted and pending key sets' })
  @ApiOkResponse({ type: [PartnerResponse] })
  listPartners(): Promise<PartnerResponse[]> {
    return this.partners.list();
  }

  @Post('exchange/partners')
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Register a partner FIU (admins). Keys from a JWKS URL are trusted only once their thumbprint is confirmed (jwksThumbprint, or the confirm route)' })
  @ApiCreatedResponse({ type: PartnerResponse })
  addPartner(@Req() request: ConsoleRequest, @Body() body: AddPartnerDto): Promise<PartnerResponse> {
    return this.partners.add(body, actorOf(request));
  }

  @Post('exchange/partners/:country')
  @HttpCode(200)
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Suspend or reactivate a partner, record its MOU, allow private networks, fetch its keys again (a changed set waits for confirmation) (admins)' })
  @ApiOkResponse({ type: PartnerResponse })
  changePartner(@Req() request: ConsoleRequest, @Param() params: CountryParams, @Body() body: PartnerChangeDto): Promise<PartnerResponse> {
    return this.partners.update(params.country, body, actorOf(request));
  }

  @Post('exchange/partners/:country/keys/confirm')
  @HttpCode(200)
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Trust the partner\'s pending key set, after comparing its thumbprint with the one the partner announced (admins)' })
  @ApiOkResponse({ type: PartnerResponse })
  confirmKeys(@Req() request: ConsoleRequest, @Param() params: CountryParams, @Body() body: ConfirmKeysDto): Promise<PartnerResponse> {
    return this.partners.confirmKeys(params.country, body.thumbprint, actorOf(request));
  }

  @Get('exchange/policies/:country')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The policy in force for a country (404: none, so exchange is denied)' })
  @ApiOkResponse({ type: PolicyResponse })
  policy(@Param() params: CountryParams): Promise<PolicyResponse> {
    return this.policies.inForce(params.country);
  }

  @Post('exchange/policies/:country')
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Set a new version of a country\'s policy (admins)' })
  @ApiCreatedResponse({ type: PolicyResponse })
  setPolicy(@Req() request: ConsoleRequest, @Param() params: CountryParams, @Body() body: PolicyDto): Promise<PolicyResponse> {
    return this.policies.set(params.country, body, actorOf(request));
  }

  @Post('policy/explain')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'For a proposed package and country: what would go, what would be removed, and why (audited)' })
  @ApiOkResponse({ type: ExplainResponse })
  explain(@Req() request: ConsoleRequest, @Body() body: ExplainDto): Promise<ExplainResponse> {
    return this.messages.explain(body, actorOf(request));
  }

  @Post('exchange/messages')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Compose a message; one that carries a package (reports, subjects, received messages, a narrative) waits for a supervisor\'s approval, whatever its type' })
  @ApiCreatedResponse({ type: MessageOutcomeResponse })
  compose(@Req() request: ConsoleRequest, @Body() body: ComposeMessageDto): Promise<MessageOutcomeResponse> {
    return this.composing.execute(body, actorOf(request));
  }

  @Get('exchange/messages')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Messages with partner FIUs, newest first (failed deliveries: status=failed)' })
  @ApiOkResponse({ type: [MessageSummaryResponse] })
  list(@Req() request: ConsoleRequest, @Query() query: ListMessagesQuery): Promise<MessageSummaryResponse[]> {
    return this.messages.list(query, actorOf(request));
  }

  @Get('exchange/messages/:id')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'A message, with its caveats, policy decision and delivery state' })
  @ApiOkResponse({ type: MessageResponse })
  get(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<MessageResponse> {
    return this.messages.get(params.id, actorOf(request));
  }

  @Post('exchange/messages/:id/approve')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Four-eyes approval by a supervisor who is not the author: the policy builds the package and it is queued for delivery' })
  @ApiOkResponse({ type: MessageOutcomeResponse })
  approve(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<MessageOutcomeResponse> {
    return this.approving.execute(params.id, actorOf(request));
  }

  @Post('exchange/messages/:id/resend')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Send a message that exhausted its delivery attempts again, once the policy and the third-party rule still allow it' })
  @ApiOkResponse({ type: MessageOutcomeResponse })
  resend(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<MessageOutcomeResponse> {
    return this.delivery.resend(params.id, actorOf(request));
  }

  @Post('exchange/messages/:id/consent-request')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Ask the FIU a received message came from for consent to pass it on (one step)' })
  @ApiCreatedResponse({ type: MessageOutcomeResponse })
  requestConsent(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: ConsentRequestDto): Promise<MessageOutcomeResponse> {
    return this.consent.request(params.id, body, actorOf(request));
  }

  @Post('exchange/messages/:id/consent-decision')
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Grant a partner\'s consent request, or refuse it with a reason' })
  @ApiCreatedResponse({ type: MessageOutcomeResponse })
  decideConsent(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: ConsentDecisionDto): Promise<MessageOutcomeResponse> {
    return this.consent.decide(params.id, body, actorOf(request));
  }

  @Get('exchange/statistics')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Requests answered, open and overdue, and hours to answer, per country and direction' })
  @ApiOkResponse({ type: [StatisticsRowResponse] })
  statistics(): Promise<StatisticsRowResponse[]> {
    return this.messages.statistics();
  }
}
