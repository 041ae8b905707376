import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import {
  AssignCaseDto,
  AttachmentDto,
  CaseAssignmentResponse,
  CaseAttachmentCreatedResponse,
  CaseBoardQueryDto,
  CaseBoardResponse,
  CaseItemsAddedResponse,
  CaseItemsDto,
  CaseListQueryDto,
  CaseNoteCreatedResponse,
  CasePageResponse,
  CaseQueriesService,
  CaseRefResponse,
  CaseResponse,
  CasesService,
  CaseStatusDto,
  CaseStatusResponse,
  CaseTimelineQueryDto,
  CaseTimelineResponse,
  CaseTimelineService,
  NewCaseDto,
  NoteDto,
} from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { CaseAttachmentParams, IdParams } from './dto/params.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@ApiErrorResponses(400, 401, 403, 404, 409)
@UsePipes(contractValidationPipe())
@StaffOnly('analyst', 'supervisor')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly timelines: CaseTimelineService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a case from reports, subjects or a search (seed); you become its assignee. Without a title, one is taken from the seed' })
  @ApiCreatedResponse({ type: CaseRefResponse })
  create(@Req() request: ConsoleRequest, @Body() body: NewCaseDto): Promise<CaseRefResponse> {
    return this.cases.create(body, actorOf(request));
  }

  @Get()
  @ApiOperation({ summary: 'Cases, most recently changed first, with filters (status, assignee, text, report, subject, opened between) and paging' })
  @ApiOkResponse({ type: CasePageResponse })
  list(@Req() request: ConsoleRequest, @Query() query: CaseListQueryDto): Promise<CasePageResponse> {
    return this.queries.list(query, actorOf(request));
  }

  @Get('board')
  @ApiOperation({ summary: 'The cases by status: one column per status with its count and a page of cards (column + offset pages one column)' })
  @ApiOkResponse({ type: CaseBoardResponse })
  board(@Req() request: ConsoleRequest, @Query() query: CaseBoardQueryDto): Promise<CaseBoardResponse> {
    return this.queries.board(query, actorOf(request));
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every change of the case and of what it links to (history, disseminations, report trail, new reports and hits on its subjects, consent), newest first' })
  @ApiOkResponse({ type: CaseTimelineResponse })
  timeline(@Req() request: ConsoleRequest, @Param() params: IdParams, @Query() query: CaseTimelineQueryDto): Promise<CaseTimelineResponse> {
    return this.timelines.timeline(params.id, query, actorOf(request));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its reports, subjects, notes, attachments, disseminations and full history' })
  @ApiOkResponse({ type: CaseResponse })
  get(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<CaseResponse> {
    return this.cases.get(params.id, actorOf(request));
  }

  @Post(':id/items')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add reports or subjects to a case' })
  @ApiOkResponse({ type: CaseItemsAddedResponse })
  addItems(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: CaseItemsDto): Promise<CaseItemsAddedResponse> {
    return this.cases.addItems(params.id, body, actorOf(request));
  }

  @Post(':id/notes')
  @ApiOperation({ summary: 'Add a note' })
  @ApiCreatedResponse({ type: CaseNoteCreatedResponse })
  addNote(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: NoteDto): Promise<CaseNoteCreatedResponse> {
    return this.cases.addNote(params.id, body.text, actorOf(request));
  }

  @Post(':id/attachments')
  @ApiOperation({ summary: 'Attach a file (base64 in JSON; its SHA-256 is kept)' })
  @ApiCreatedResponse({ type: CaseAttachmentCreatedResponse })
  addAttachment(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: AttachmentDto): Promise<CaseAttachmentCreatedResponse> {
    return this.cases.addAttachment(params.id, body, actorOf(request));
  }

  @Get(':id/attachments/:attachmentId')
  @ApiOperation({ summary: 'Download an attachment, with the media type it was attached with' })
  @ApiProduces('*/*')
  @ApiOkResponse({ description: 'The file, as an attachment (Content-Disposition)', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } })
  async attachment(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: CaseAttachmentParams): Promise<Buffer> {
    const file = await this.cases.attachment(params.id, params.attachmentId, actorOf(request));
    void reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"`);
    return file.content;
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move a case along its workflow: open, in_analysis, proposed_for_dissemination, disseminated, closed, archived. ' +
      'Closing is for its assignee or a supervisor (403 not_assignee), reopening a closed case for a supervisor (403 supervisor_only); both need a reason',
  })
  @ApiOkResponse({ type: CaseStatusResponse })
  status(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: CaseStatusDto): Promise<CaseStatusResponse> {
    return this.cases.changeStatus(params.id, body, actorOf(request));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Hand a case to an analyst or a supervisor (supervisors)' })
  @ApiOkResponse({ type: CaseAssignmentResponse })
  assign(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: AssignCaseDto): Promise<CaseAssignmentResponse> {
    return this.cases.assign(params.id, body.assigneeId, actorOf(request));
  }
}
