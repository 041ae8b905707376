import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { AuditEntryView, AuditService } from '@fiu/audit';
import { actorOf, type ConsoleRequest } from './console-access.guard';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @StaffOnly('auditor')
  @ApiOperation({ summary: 'The access log, newest first; reading it is itself logged' })
  @ApiQuery({ name: 'actorId', required: false }) @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'objectType', required: false }) @ApiQuery({ name: 'objectId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601' }) @ApiQuery({ name: 'to', required: false, description: 'ISO 8601' })
  @ApiQuery({ name: 'before', required: false, description: 'Entry id to page back from' }) @ApiQuery({ name: 'limit', required: false })
  async list(@Req() request: ConsoleRequest, @Query() query: Record<string, string | undefined>): Promise<AuditEntryView[]> {
    const date = (value: string | undefined, name: string) => {
      if (value === undefined) return undefined;
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date`);
      return parsed;
    };
    if (query.before !== undefined && !/^\d{1,19}$/.test(query.before)) throw new BadRequestException('before must be an entry id');
    const filter = {
      actorId: query.actorId,
      action: query.action,
      objectType: query.objectType,
      objectId: query.objectId,
      from: date(query.from, 'from'),
      to: date(query.to, 'to'),
      before: query.before,
      limit: Math.min(500, Math.max(1, Number.parseInt(query.limit ?? '100', 10) || 100)),
    };
    const entries = await this.audit.query(filter);
    await this.audit.record(actorOf(request), { action: 'audit.read', detail: { filter } });
    return entries;
  }
}
