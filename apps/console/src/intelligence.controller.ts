import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UsePipes } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import { AnalysisService } from '@fiu/analysis';
import {
  MAX_HOPS,
  NetworkQueryDto,
  ReportViewResponse,
  ReportViewService,
  SearchQueryDto,
  SearchResponse,
  SearchService,
  SubjectNetworkResponse,
  SubjectPageResponse,
  SubjectsService,
  toGraphml,
} from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { IdParams } from './dto/params.dto';
import { ReanalysisResponse } from './dto/reanalysis.response';

@ApiTags('reports and subjects')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@ApiErrorResponses(400, 401, 403, 404)
@UsePipes(contractValidationPipe())
@StaffOnly('analyst', 'supervisor')
@Controller('v1')
export class IntelligenceController {
  constructor(
    private readonly reports: ReportViewService,
    private readonly analysis: AnalysisService,
    private readonly search: SearchService,
    private readonly subjects: SubjectsService,
  ) {}

  @Get('reports/:id')
  @ApiOperation({ summary: 'A report with its parties (and their subjects), transactions, explained score, triage status and cases' })
  @ApiOkResponse({ type: ReportViewResponse })
  report(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<ReportViewResponse> {
    return this.reports.read(params.id, actorOf(request));
  }

  @Post('reports/:id/reanalyse')
  @HttpCode(202)
  @ApiOperation({ summary: 'Analyse a report again (resolution, screening, typologies, score), in the background' })
  @ApiAcceptedResponse({ type: ReanalysisResponse })
  async reanalyse(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<ReanalysisResponse> {
    return ReanalysisResponse.from(await this.analysis.reanalyseReport(params.id, actorOf(request)));
  }

  @Get('search')
  @ApiOperation({ summary: 'One search over identifiers (exact), names (fuzzy) and narratives (full text), ranked together' })
  @ApiOkResponse({ type: SearchResponse })
  find(@Req() request: ConsoleRequest, @Query() query: SearchQueryDto): Promise<SearchResponse> {
    return this.search.find(query, actorOf(request));
  }

  @Get('subjects/:id')
  @ApiOperation({ summary: "A subject's reports, transactions, accounts, relations, screening hits and possible matches" })
  @ApiOkResponse({ type: SubjectPageResponse })
  subject(@Req() request: ConsoleRequest, @Param() params: IdParams): Promise<SubjectPageResponse> {
    return this.subjects.page(params.id, actorOf(request));
  }

  @Get('subjects/:id/network')
  @ApiOperation({ summary: `The network around a subject out to N hops (1-${MAX_HOPS}), as nodes and edges, or GraphML with format=graphml` })
  @ApiProduces('application/json', 'application/graphml+xml')
  @ApiExtraModels(SubjectNetworkResponse)
  @ApiOkResponse({
    description: 'JSON by default; with format=graphml a GraphML file (Gephi, yEd, Cytoscape) as an attachment',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SubjectNetworkResponse) } },
      'application/graphml+xml': { schema: { type: 'string' } },
    },
  })
  async network(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: IdParams, @Query() query: NetworkQueryDto): Promise<SubjectNetworkResponse | string> {
    const format = query.format ?? 'json';
    const network = await this.subjects.readNetwork(params.id, query.hops ?? 2, format, actorOf(request));
    if (format === 'json') return network;
    void reply.header('content-type', 'application/graphml+xml; charset=utf-8').header('content-disposition', `attachment; filename="network-${network.subjectId}.graphml"`);
    return toGraphml(network);
  }
}
