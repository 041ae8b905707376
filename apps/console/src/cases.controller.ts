import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffOnly } from '@fiu/core';
import { CASE_STATUSES, CasesService } from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class NewCaseDto {
  @ApiProperty({ example: 'Cash structuring through Acme Trading BV' }) title: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ type: [String] }) reportIds?: string[];
  @ApiPropertyOptional({ type: [String] }) subjectIds?: string[];
}

class CaseItemsDto {
  @ApiPropertyOptional({ type: [String] }) reportIds?: string[];
  @ApiPropertyOptional({ type: [String] }) subjectIds?: string[];
}

class NoteDto {
  @ApiProperty() text: string;
}

class AttachmentDto {
  @ApiProperty({ example: 'bank-statement.pdf' }) fileName: string;
  @ApiPropertyOptional({ example: 'application/pdf' }) contentType?: string;
  @ApiProperty({ description: 'The file, base64-encoded (at most 10 MB)' }) contentBase64: string;
}

class StatusDto {
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiPropertyOptional() reason?: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@StaffOnly('analyst', 'supervisor')
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case from reports and subjects' })
  create(@Req() request: ConsoleRequest, @Body() body: NewCaseDto) {
    return this.cases.create(body ?? {}, actorOf(request));
  }

  @Get()
  @ApiOperation({ summary: 'Cases, most recently changed first' })
  @ApiQuery({ name: 'status', required: false, enum: CASE_STATUSES })
  list(@Req() request: ConsoleRequest, @Query('status') status?: string) {
    return this.cases.list(actorOf(request), status);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its reports, subjects, notes, attachments, disseminations and full history' })
  get(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.cases.get(id, actorOf(request));
  }

  @Post(':id/items')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add reports or subjects to a case' })
  addItems(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: CaseItemsDto) {
    return this.cases.addItems(id, body ?? {}, actorOf(request));
  }

  @Post(':id/notes')
  @ApiOperation({ summary: 'Add a note' })
  addNote(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: NoteDto) {
    return this.cases.addNote(id, body?.text, actorOf(request));
  }

  @Post(':id/attachments')
  @ApiOperation({ summary: 'Attach a file (base64 in JSON; its SHA-256 is kept)' })
  addAttachment(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: AttachmentDto) {
    return this.cases.addAttachment(id, body ?? {}, actorOf(request));
  }

  @Get(':id/attachments/:attachmentId')
  @ApiOperation({ summary: 'Download an attachment' })
  async attachment(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('id') id: string, @Param('attachmentId') attachmentId: string) {
    const file = await this.cases.attachment(id, attachmentId, actorOf(request));
    void reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"`);
    return file.content;
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a case along its workflow: open, in_analysis, proposed_for_dissemination, disseminated, closed, archived' })
  status(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: StatusDto) {
    return this.cases.changeStatus(id, body?.status, actorOf(request), body?.reason);
  }
}
