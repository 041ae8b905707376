import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { TRIAGE_STATUSES, TriageFilter, TriageService } from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class AssignDto {
  @ApiProperty({ nullable: true, description: 'Staff id of the analyst, or null to put the report back in the pool' }) assigneeId: string | null;
}

class CloseDto {
  @ApiProperty({ example: 'Explained by the customer\'s documented business; no indication of laundering.' }) reason: string;
}

@ApiTags('triage')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@Controller('v1/triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Get()
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Analysed reports, highest risk score first, with filters and paging' })
  @ApiQuery({ name: 'reportCode', required: false, example: 'STR' })
  @ApiQuery({ name: 'sector', required: false })
  @ApiQuery({ name: 'entityCode', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'received on or after, YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: false, description: 'received on or before, YYYY-MM-DD' })
  @ApiQuery({ name: 'indicator', required: false })
  @ApiQuery({ name: 'band', required: false, enum: ['high', 'medium', 'low'] })
  @ApiQuery({ name: 'status', required: false, enum: TRIAGE_STATUSES })
  @ApiQuery({ name: 'assignee', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  list(@Req() request: ConsoleRequest, @Query() query: Record<string, string>) {
    const filter: TriageFilter = {
      reportCode: query.reportCode,
      sector: query.sector,
      entityCode: query.entityCode,
      from: query.from,
      to: query.to,
      indicator: query.indicator,
      band: query.band,
      status: query.status,
      assignee: query.assignee,
      limit: query.limit ? Number(query.limit) : undefined,
      offset: query.offset ? Number(query.offset) : undefined,
    };
    return this.triage.list(filter, actorOf(request));
  }

  @Post(':reportId/claim')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Take a report into review (you become its assignee)' })
  claim(@Req() request: ConsoleRequest, @Param('reportId') reportId: string) {
    return this.triage.claim(reportId, actorOf(request));
  }

  @Post(':reportId/assign')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Assign a report to an analyst (supervisors)' })
  assign(@Req() request: ConsoleRequest, @Param('reportId') reportId: string, @Body() body: AssignDto) {
    return this.triage.assign(reportId, body?.assigneeId ?? null, actorOf(request));
  }

  @Post(':reportId/close')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Close a report with no action, giving the reason' })
  close(@Req() request: ConsoleRequest, @Param('reportId') reportId: string, @Body() body: CloseDto) {
    return this.triage.close(reportId, body?.reason, actorOf(request));
  }
}
