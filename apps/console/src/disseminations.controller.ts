import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import {
  ApproveDisseminationDto,
  AuthorityDto,
  AuthorityResponse,
  ConsentRequestsService,
  DisseminationCheckResponse,
  DisseminationConsentDto,
  DisseminationConsentRequestsResponse,
  DisseminationDecisionsService,
  DisseminationIssuedResponse,
  DisseminationListQueryDto,
  DisseminationPreviewResponse,
  DisseminationResponse,
  DisseminationsService,
  DisseminationStateResponse,
  DisseminationSummaryResponse,
  DraftDisseminationDto,
  IntelligenceReportSignatureResponse,
  IntelligenceReportsService,
  RecipientKindParams,
  RedactionRuleDto,
  RedactionRuleResponse,
  RedactionRulesService,
  RejectDisseminationDto,
  SigningKeyResponse,
} from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { IdParams } from './dto/params.dto';

const attachment = (reply: FastifyReply, contentType: string, fileName: string) =>
  void reply.header('content-type', contentType).header('content-disposition', `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`);

@ApiTags('dissemination')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@ApiErrorResponses(400, 401, 403, 404, 409)
@UsePipes(contractValidationPipe())
@Controller('v1')
export class DisseminationsController {
  constructor(
    private readonly disseminations: DisseminationsService,
    private readonly decisions: DisseminationDecisionsService,
    private readonly consent: ConsentRequestsService,
    private readonly rules: RedactionRulesService,
    private readonly reports: IntelligenceReportsService,
  ) {}

  @Get('authorities')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The competent authorities disseminations can go to' })
  @ApiOkResponse({ type: [AuthorityResponse] })
  authorities(): Promise<AuthorityResponse[]> {
    return this.disseminations.authorities();
  }

  @Post('authorities')
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Register a competent authority (admins)' })
  @ApiCreatedResponse({ type: AuthorityResponse })
  addAuthority(@Req() request: ConsoleRequest, @Body() body: AuthorityDto): Promise<AuthorityResponse> {
    return this.disseminations.addAuthority(body, actorOf(request));
  }

  @Get('dissemination-rules')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The redaction applied to packages for each kind of recipient: what may go, what is withheld' })
  @ApiOkResponse({ type: [RedactionRuleResponse] })
  redactionRules(): Promise<RedactionRuleResponse[]> {
    return this.rules.list();
  }

  @Put('dissemination-rules/:recipientKind')
  @StaffOnly('admin')
  @ApiOperation({ summary: "Set what packages to this kind of recipient may carry (admins; audited, versioned). The reporting entity's identity goes only if listed" })
  @ApiOkResponse({ type: RedactionRuleResponse })
  setRedactionRule(@Req() request: ConsoleRequest, @Param() params: RecipientKindParams, @Body() body: RedactionRuleDto): Promise<RedactionRuleResponse> {
    return this.rules.set(params.recipientKind, body.allowed, actorOf(request));
  }

  @Post('disseminations/check')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: "Check a draft before submitting it: the recipient's redaction and the third-party rule (which items need which partner FIU's consent)" })
  @ApiOkResponse({ type: DisseminationCheckResponse })
  check(@Req() request: ConsoleRequest, @Body() body: DraftDisseminationDto): Promise<DisseminationCheckResponse> {
    return this.disseminations.check(body, actorOf(request));
  }

  @Post('disseminations/consent-requests')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Ask every partner FIU whose items are held back for consent to pass them to this authority: one request per item not yet asked about' })
  @ApiOkResponse({ type: DisseminationConsentRequestsResponse })
  requestConsent(@Req() request: ConsoleRequest, @Body() body: DisseminationConsentDto): Promise<DisseminationConsentRequestsResponse> {
    return this.consent.requestAll(body, actorOf(request));
  }

  @Post('disseminations')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: "Draft a dissemination package (from a case: its reports and subjects by default); refused (403 consent_required) while partner material lacks its originator's consent" })
  @ApiCreatedResponse({ type: DisseminationStateResponse })
  draft(@Req() request: ConsoleRequest, @Body() body: DraftDisseminationDto): Promise<DisseminationStateResponse> {
    return this.disseminations.draft(body, actorOf(request));
  }

  @Get('disseminations')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Disseminations, newest first (at most 200)' })
  @ApiOkResponse({ type: [DisseminationSummaryResponse] })
  list(@Req() request: ConsoleRequest, @Query() query: DisseminationListQueryDto): Promise<DisseminationSummaryResponse[]> {
    return this.disseminations.list(actorOf(request), query);
  }

  @Get('disseminations/signing-keys')
  @StaffOnly('analyst', 'supervisor', 'admin', 'auditor')
  @ApiOperation({ summary: 'The public keys that sign PDF intelligence reports (old ones too, so old reports stay verifiable)' })
  @ApiOkResponse({ type: [SigningKeyResponse] })
  signingKeys(): Promise<SigningKeyResponse[]> {
    return this.reports.signingKeys();
  }

  @Get('disseminations/:id')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'A dissemination with what you may do next (allowedActions), the third-party rule, and once issued the frozen package, its SHA-256 and the signed report' })
  @ApiOkResponse({ type: DisseminationResponse })
  get(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<DisseminationResponse> {
    return this.disseminations.get(params.id, actorOf(request));
  }

  @Get('disseminations/:id/preview')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'The package exactly as it will be issued, redacted for its recipient (issuing only sets issuedAt)' })
  @ApiOkResponse({ type: DisseminationPreviewResponse })
  preview(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<DisseminationPreviewResponse> {
    return this.disseminations.preview(params.id, actorOf(request));
  }

  @Post('disseminations/:id/approve')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Four-eyes approval by a supervisor who is not the author, of exactly the package previewed (contentSha256)' })
  @ApiOkResponse({ type: DisseminationStateResponse })
  approve(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: ApproveDisseminationDto): Promise<DisseminationStateResponse> {
    return this.decisions.approve(params.id, body ?? {}, actorOf(request));
  }

  @Post('disseminations/:id/reject')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Send a draft back, with the reason (a supervisor who is not the author)' })
  @ApiOkResponse({ type: DisseminationStateResponse })
  reject(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: RejectDisseminationDto): Promise<DisseminationStateResponse> {
    return this.decisions.reject(params.id, body.reason, actorOf(request));
  }

  @Post('disseminations/:id/issue')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Issue an approved dissemination: the approved package is frozen with its SHA-256 and signed as a PDF intelligence report' })
  @ApiOkResponse({ type: DisseminationIssuedResponse })
  issue(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<DisseminationIssuedResponse> {
    return this.decisions.issue(params.id, actorOf(request));
  }

  @Get('disseminations/:id/report.pdf')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'The signed PDF intelligence report of an issued dissemination (409 before it is issued)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, as an attachment', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async reportPdf(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: IdParams): Promise<Buffer> {
    const file = await this.reports.pdf(params.id, actorOf(request));
    attachment(reply, 'application/pdf', file.fileName);
    return file.content;
  }

  @Get('disseminations/:id/report.pdf.sig')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'The detached Ed25519 signature over the PDF bytes (64 raw bytes; the key id is in X-Signing-Key-Id)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The signature, as an attachment', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async reportSignatureFile(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: IdParams): Promise<Buffer> {
    const file = await this.reports.rawSignature(params.id, actorOf(request));
    attachment(reply, 'application/octet-stream', file.fileName);
    void reply.header('x-signing-key-id', file.keyId);
    return file.content;
  }

  @Get('disseminations/:id/signature')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'The PDF report\'s signature as JSON: algorithm, key id, signature, and the SHA-256 of the PDF and of the package' })
  @ApiOkResponse({ type: IntelligenceReportSignatureResponse })
  signature(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<IntelligenceReportSignatureResponse> {
    return this.reports.signature(params.id, actorOf(request));
  }
}
