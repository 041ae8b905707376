import { Controller, Get, Query, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { AuditEntryResponse, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrorResponses(400, 401, 403)
@UsePipes(contractValidationPipe())
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @StaffOnly('auditor')
  @ApiOperation({ summary: 'The access log, newest first; reading it is itself logged' })
  @ApiOkResponse({ type: [AuditEntryResponse] })
  async list(@Req() request: ConsoleRequest, @Query() query: AuditQueryDto): Promise<AuditEntryResponse[]> {
    const filter = {
      actorId: query.actorId,
      action: query.action,
      objectType: query.objectType,
      objectId: query.objectId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      before: query.before,
      limit: query.limit ?? 100,
    };
    const entries = await this.audit.query(filter);
    await this.audit.record(actorOf(request), { action: 'audit.read', detail: { filter } });
    return entries.map((entry) => AuditEntryResponse.from(entry));
  }
}
