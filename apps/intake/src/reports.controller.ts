import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RawBodyRequest } from '@nestjs/common';
import { ReportingEntityOnly } from '@fiu/core';
import { ReportAcknowledgementResponse, ReportListResponse, ReportsService, SubmissionResult, SubmitOptions } from '@fiu/reports';
import type { IntakeRequest } from './intake-access.guard';

@ApiTags('reports')
@ApiBearerAuth()
@ReportingEntityOnly()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({ summary: 'File a report (goAML XML or its JSON form); answers with its acknowledgement' })
  @ApiConsumes('application/json', 'application/xml', 'application/zip')
  @ApiBody({
    schema: { $ref: '#/components/schemas/GoamlReport' },
    description: 'goAML XML, a ZIP with one goAML XML and its attachments, or the JSON form (element names in camelCase)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retry-safe key; the same key with another body gets 422' })
  @ApiResponse({ status: 201, type: ReportAcknowledgementResponse, description: 'Accepted, stored and queued for analysis' })
  @ApiResponse({ status: 200, type: ReportAcknowledgementResponse, description: 'The identical document (or Idempotency-Key) was filed before' })
  @ApiResponse({ status: 422, type: ReportAcknowledgementResponse, description: 'Rejected and kept: `errors` lists every problem; correct it with prevRejectedRefNumber' })
  @ApiResponse({ status: 400, description: 'Refused unstored: not a report at all, or no usable entityReference' })
  @ApiResponse({ status: 409, description: 'The entityReference was used for a different document' })
  async submit(
    @Req() request: RawBodyRequest<IntakeRequest>,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportAcknowledgementResponse> {
    return answer(reply, await this.submitter(request, body)({ idempotencyKey }));
  }

  @Post(':id/versions')
  @ApiOperation({ summary: 'Amend an accepted report with a new version; the earlier version is kept, marked superseded' })
  @ApiConsumes('application/json', 'application/xml')
  @ApiBody({ schema: { $ref: '#/components/schemas/GoamlReport' } })
  @ApiResponse({ status: 201, type: ReportAcknowledgementResponse })
  @ApiResponse({ status: 409, description: 'Not the latest accepted version, or another entityReference' })
  async amend(
    @Req() request: RawBodyRequest<IntakeRequest>,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportAcknowledgementResponse> {
    return answer(reply, await this.reports.amend(request.reportingEntity!, id, this.submitter(request, body), idempotencyKey));
  }

  @Get(':id/xml')
  @ApiOperation({ summary: 'One of the calling entity\'s reports written back out as goAML XML' })
  @ApiProduces('application/xml')
  async exportXml(@Req() request: IntakeRequest, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const xml = await this.reports.exportXml(request.reportingEntity!, id);
    // Only once the export succeeded: an error must still go out as JSON.
    void reply.type('application/xml; charset=utf-8');
    return xml;
  }

  /** Routes the body by its content type: goAML XML, a ZIP upload, or the JSON form. */
  private submitter(request: RawBodyRequest<IntakeRequest>, body: unknown) {
    const filer = request.reportingEntity!;
    const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    return (options: SubmitOptions) => {
      if (contentType === 'application/json') return this.reports.submitJson(filer, body, rawBodyOf(request, body), options);
      if (contentType === 'application/zip' && Buffer.isBuffer(body)) return this.reports.submitZip(filer, body, options);
      if ((contentType === 'application/xml' || contentType === 'text/xml') && Buffer.isBuffer(body)) return this.reports.submitXml(filer, body, options);
      // Fastify would parse a form or plain text too; neither is a report.
      throw new UnsupportedMediaTypeException('A report is goAML XML (application/xml), a ZIP (application/zip) or its JSON form (application/json)');
    };
  }

  @Get()
  @ApiOperation({ summary: 'The calling entity\'s reports, newest first' })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ type: ReportListResponse })
  list(@Req() request: IntakeRequest, @Query('limit') limit?: string, @Query('offset') offset?: string): Promise<ReportListResponse> {
    return this.reports.listOwn(request.reportingEntity!, clamp(limit, 50, 1, 200), clamp(offset, 0, 0, 1_000_000));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of the calling entity\'s reports, with its acknowledgement trail' })
  @ApiOkResponse({ type: ReportAcknowledgementResponse })
  findOne(@Req() request: IntakeRequest, @Param('id') id: string): Promise<ReportAcknowledgementResponse> {
    return this.reports.findOwn(request.reportingEntity!, id);
  }
}

const STATUS_OF_OUTCOME = { created: 201, rejected: 422, replayed: 200 } as const;

function answer(reply: FastifyReply, result: SubmissionResult): ReportAcknowledgementResponse {
  void reply.status(STATUS_OF_OUTCOME[result.outcome]);
  return result.acknowledgement;
}

function rawBodyOf(request: RawBodyRequest<IntakeRequest>, body: unknown): Buffer {
  return request.rawBody ?? Buffer.from(JSON.stringify(body));
}

function clamp(raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? fallback : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
