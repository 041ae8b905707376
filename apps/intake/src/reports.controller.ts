import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RawBodyRequest } from '@nestjs/common';
import { ReportingEntityOnly } from '@fiu/core';
import { CreateReportDto, ReportAcknowledgementResponse, ReportListResponse, ReportsService } from '@fiu/reports';
import type { IntakeRequest } from './intake-access.guard';

@ApiTags('reports')
@ApiBearerAuth()
@ReportingEntityOnly()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({ summary: 'File a report; answers with its acknowledgement' })
  @ApiBody({ type: CreateReportDto })
  @ApiResponse({ status: 201, type: ReportAcknowledgementResponse, description: 'Stored and queued for analysis' })
  @ApiResponse({ status: 200, type: ReportAcknowledgementResponse, description: 'The identical document was filed before' })
  @ApiResponse({ status: 400, description: 'Refused; `errors` lists every problem' })
  @ApiResponse({ status: 409, description: 'The entityReference was used for a different document' })
  async submit(
    @Req() request: RawBodyRequest<IntakeRequest>,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportAcknowledgementResponse> {
    const result = await this.reports.submitJson(request.reportingEntity!, body, request.rawBody ?? Buffer.from(JSON.stringify(body)));
    void reply.status(result.created ? 201 : 200);
    return result.acknowledgement;
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

function clamp(raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? fallback : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
