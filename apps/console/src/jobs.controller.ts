import { Controller, Get, NotFoundException, Param, Query, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, JobListQueryDto, JobPageResponse, JobProgressService, JobResponse, StaffOnly } from '@fiu/core';
import { IdParams } from './dto/params.dto';

/** Long jobs (list reloads, re-screening, re-analysis, large batch files) and how far they got: the console's progress bars. */
@ApiTags('jobs')
@ApiBearerAuth()
@ApiErrorResponses(400, 401, 403, 404)
@UsePipes(contractValidationPipe())
@StaffOnly('analyst', 'supervisor', 'admin')
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobProgressService) {}

  @Get()
  @ApiOperation({ summary: 'Long jobs, newest first, by kind and state' })
  @ApiOkResponse({ type: JobPageResponse })
  list(@Query() query: JobListQueryDto): Promise<JobPageResponse> {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job and how far it got' })
  @ApiOkResponse({ type: JobResponse })
  async get(@Param() params: IdParams): Promise<JobResponse> {
    const job = await this.jobs.get(params.id);
    if (!job) throw new NotFoundException({ code: 'not_found', message: `No job ${params.id}` });
    return job;
  }
}
