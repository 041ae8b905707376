import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffOnly } from '@fiu/core';
import { AnalysisService } from '@fiu/analysis';
import { AuditService } from '@fiu/audit';
import { MAX_HOPS, ReportViewService, SearchService, SubjectsService, toGraphml } from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';

@ApiTags('reports and subjects')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@StaffOnly('analyst', 'supervisor')
@Controller('v1')
export class IntelligenceController {
  constructor(
    private readonly reports: ReportViewService,
    private readonly analysis: AnalysisService,
    private readonly search: SearchService,
    private readonly subjects: SubjectsService,
    private readonly audit: AuditService,
  ) {}

  @Get('reports/:id')
  @ApiOperation({ summary: 'A report with its parties (and their subjects), transactions, explained score, triage status and cases' })
  report(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.reports.read(id, actorOf(request));
  }

  @Post('reports/:id/reanalyse')
  @HttpCode(202)
  @ApiOperation({ summary: 'Analyse a report again (resolution, screening, typologies, score), in the background' })
  reanalyse(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.analysis.reanalyseReport(id, actorOf(request));
  }

  @Get('search')
  @ApiOperation({ summary: 'One search over identifiers (exact), names (fuzzy) and narratives (full text), ranked together' })
  @ApiQuery({ name: 'q', example: 'NL91ABNA0417164300' })
  @ApiQuery({ name: 'limit', required: false })
  async find(@Req() request: ConsoleRequest, @Query('q') q?: string, @Query('limit') limit?: string) {
    const actor = actorOf(request);
    const results = await this.search.search(String(q ?? ''), Math.max(1, Math.min(100, Number(limit) || 25)));
    await this.audit.record(actor, { action: 'search', objectType: 'search', detail: { q, results: results.length } });
    return { query: q ?? '', results };
  }

  @Get('subjects/:id')
  @ApiOperation({ summary: "A subject's reports, transactions, accounts, relations, screening hits and possible matches" })
  async subject(@Req() request: ConsoleRequest, @Param('id') id: string) {
    const actor = actorOf(request);
    const page = await this.subjects.page(id);
    await this.audit.record(actor, { action: 'subject.read', objectType: 'subject', objectId: id });
    return page;
  }

  @Get('subjects/:id/network')
  @ApiOperation({ summary: `The network around a subject out to N hops (1-${MAX_HOPS}), as nodes and edges, or GraphML with format=graphml` })
  @ApiQuery({ name: 'hops', required: false, example: 2 })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'graphml'] })
  async network(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('id') id: string, @Query('hops') hops?: string, @Query('format') format?: string) {
    const actor = actorOf(request);
    const network = await this.subjects.network(id, Number(hops ?? 2));
    await this.audit.record(actor, { action: 'subject.network', objectType: 'subject', objectId: id, detail: { hops: network.hops, nodes: network.nodes.length, format: format ?? 'json' } });
    if (format === 'graphml') {
      void reply.header('content-type', 'application/graphml+xml; charset=utf-8').header('content-disposition', `attachment; filename="network-${network.subjectId}.graphml"`);
      return toGraphml(network);
    }
    return network;
  }
}

