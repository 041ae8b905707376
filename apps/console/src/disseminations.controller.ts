import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { DISSEMINATION_STATUSES, DisseminationsService } from '@fiu/cases';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class AuthorityDto {
  @ApiProperty({ example: 'POLICE-FIOD' }) code: string;
  @ApiProperty({ example: 'Fiscal Intelligence and Investigation Service' }) name: string;
  @ApiProperty({ enum: ['police', 'prosecutor', 'tax', 'customs', 'intelligence', 'supervisor', 'other'] }) kind: string;
}

class DraftDto {
  @ApiProperty({ example: 'POLICE-FIOD' }) authorityCode: string;
  @ApiProperty({ example: 'Investigation into cash structuring (case NL-CASE-2026-000001)' }) purpose: string;
  @ApiPropertyOptional({ description: 'Conditions of use; a standard text is used when absent' }) caveats?: string;
  @ApiPropertyOptional() caseId?: string;
  @ApiPropertyOptional({ type: [String] }) reportIds?: string[];
  @ApiPropertyOptional({ type: [String] }) subjectIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Messages received from partner FIUs (need the originator\'s recorded consent)' }) receivedMessageIds?: string[];
  @ApiPropertyOptional({ default: true }) includeAnalysis?: boolean;
}

class RejectDto {
  @ApiProperty() reason: string;
}

@ApiTags('dissemination')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you are looking: written to the audit log' })
@Controller('v1')
export class DisseminationsController {
  constructor(private readonly disseminations: DisseminationsService) {}

  @Get('authorities')
  @StaffOnly('analyst', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The competent authorities disseminations can go to' })
  authorities() {
    return this.disseminations.authorities();
  }

  @Post('authorities')
  @StaffOnly('admin')
  @ApiOperation({ summary: 'Register a competent authority (admins)' })
  addAuthority(@Req() request: ConsoleRequest, @Body() body: AuthorityDto) {
    return this.disseminations.addAuthority(body ?? {}, actorOf(request));
  }

  @Post('disseminations')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Draft a dissemination package: reports, subjects and analysis, with purpose and caveats' })
  draft(@Req() request: ConsoleRequest, @Body() body: DraftDto) {
    return this.disseminations.draft(body ?? {}, actorOf(request));
  }

  @Get('disseminations')
  @StaffOnly('analyst', 'supervisor')
  @ApiQuery({ name: 'status', required: false, enum: DISSEMINATION_STATUSES })
  @ApiOperation({ summary: 'Disseminations, newest first' })
  list(@Req() request: ConsoleRequest, @Query('status') status?: string) {
    return this.disseminations.list(actorOf(request), status);
  }

  @Get('disseminations/:id')
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'A dissemination; once issued, with the package exactly as it went and its SHA-256' })
  get(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.disseminations.get(id, actorOf(request));
  }

  @Post('disseminations/:id/approve')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Four-eyes approval by a supervisor who is not the author' })
  approve(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.disseminations.approve(id, actorOf(request));
  }

  @Post('disseminations/:id/reject')
  @HttpCode(200)
  @StaffOnly('supervisor')
  @ApiOperation({ summary: 'Send a draft back, with the reason (a supervisor who is not the author)' })
  reject(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: RejectDto) {
    return this.disseminations.reject(id, body?.reason, actorOf(request));
  }

  @Post('disseminations/:id/issue')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Issue an approved dissemination: the package is built and frozen' })
  issue(@Req() request: ConsoleRequest, @Param('id') id: string) {
    return this.disseminations.issue(id, actorOf(request));
  }
}
