import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import {
  AuthorityDto,
  AuthorityResponse,
  DisseminationIssuedResponse,
  DisseminationListQueryDto,
  DisseminationResponse,
  DisseminationsService,
  DisseminationStateResponse,
  DisseminationSummaryResponse,
  DraftDisseminationDto,
  RejectDisseminationDto,
} from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { IdParams } from './dto/params.dto';

@ApiTags('dissemination')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@ApiErrorResponses(400, 401, 403, 404, 409)
@UsePipes(contractValidationPipe())
@Controller('v1')
export class DisseminationsController {
  constructor(private readonly disseminations: DisseminationsService) {}

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

  @Post('disseminations')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Draft a dissemination package: reports, subjects and analysis, with purpose and caveats' })
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

  @Get('disseminations/:id')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'A dissemination; once issued, with the package exactly as it went and its SHA-256' })
  @ApiOkResponse({ type: DisseminationResponse })
  get(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<DisseminationResponse> {
    return this.disseminations.get(params.id, actorOf(request));
  }

  @Post('disseminations/:id/approve')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Four-eyes approval by a supervisor who is not the author' })
  @ApiOkResponse({ type: DisseminationStateResponse })
  approve(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<DisseminationStateResponse> {
    return this.disseminations.approve(params.id, actorOf(request));
  }

  @Post('disseminations/:id/reject')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Send a draft back, with the reason (a supervisor who is not the author)' })
  @ApiOkResponse({ type: DisseminationStateResponse })
  reject(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: RejectDisseminationDto): Promise<DisseminationStateResponse> {
    return this.disseminations.reject(params.id, body.reason, actorOf(request));
  }

  @Post('disseminations/:id/issue')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Issue an approved dissemination: the package is built and frozen' })
  @ApiOkResponse({ type: DisseminationIssuedResponse })
  issue(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<DisseminationIssuedResponse> {
    return this.disseminations.issue(params.id, actorOf(request));
  }
}
