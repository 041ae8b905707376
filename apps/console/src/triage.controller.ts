import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import { AssignReportDto, CloseReportDto, ReopenReportDto, TriageChangeResponse, TriagePageResponse, TriageQueryDto, TriageService } from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { ReportIdParams } from './dto/params.dto';

@ApiTags('triage')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@ApiErrorResponses(400, 401, 403, 404, 409)
@UsePipes(contractValidationPipe())
@Controller('v1/triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Get()
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Analysed reports, highest risk score first, with filters and paging' })
  @ApiOkResponse({ type: TriagePageResponse })
  list(@Req() request: ConsoleRequest, @Query() query: TriageQueryDto): Promise<TriagePageResponse> {
    return this.triage.list(query, actorOf(request));
  }

  @Post(':reportId/claim')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Take a report into review (you become its assignee)' })
  @ApiOkResponse({ type: TriageChangeResponse })
  claim(@Req() request: ConsoleRequest, @Param() params: ReportIdParams): Promise<TriageChangeResponse> {
    return this.triage.claim(params.reportId, actorOf(request));
  }

  @Post(':reportId/assign')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Assign a report to an analyst, or put it back in the pool with null (supervisors)' })
  @ApiOkResponse({ type: TriageChangeResponse })
  assign(@Req() request: ConsoleRequest, @Param() params: ReportIdParams, @Body() body: AssignReportDto): Promise<TriageChangeResponse> {
    return this.triage.assign(params.reportId, body.assigneeId, actorOf(request));
  }

  @Post(':reportId/close')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Close a report with no action, giving the reason: its assignee or a supervisor only (403 not_assignee)' })
  @ApiOkResponse({ type: TriageChangeResponse })
  close(@Req() request: ConsoleRequest, @Param() params: ReportIdParams, @Body() body: CloseReportDto): Promise<TriageChangeResponse> {
    return this.triage.close(params.reportId, body.reason, actorOf(request));
  }

  @Post(':reportId/reopen')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Take a report closed without action back into review, with the same assignee, giving the reason (supervisors)' })
  @ApiOkResponse({ type: TriageChangeResponse })
  reopen(@Req() request: ConsoleRequest, @Param() params: ReportIdParams, @Body() body: ReopenReportDto): Promise<TriageChangeResponse> {
    return this.triage.reopen(params.reportId, body.reason, actorOf(request));
  }
}
