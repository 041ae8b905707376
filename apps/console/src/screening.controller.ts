import { BadRequestException, Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { ScreeningHit, ScreeningService } from '@fiu/analysis';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class ScreeningSearchDto {
  @ApiProperty({ example: 'Usama bin Ladin' }) name: string;
  @ApiPropertyOptional({ example: '1957-03-10' }) dateOfBirth?: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 or an English country name' }) country?: string;
}

@ApiTags('screening')
@ApiBearerAuth()
@Controller('v1/screening')
export class ScreeningController {
  constructor(
    private readonly screening: ScreeningService,
    private readonly audit: AuditService,
  ) {}

  @Post('search')
  @HttpCode(200)
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Screen a name against the loaded sanctions lists; every hit has a score and an explanation' })
  async search(@Req() request: ConsoleRequest, @Body() body: ScreeningSearchDto): Promise<ScreeningHit[]> {
    if (typeof body?.name !== 'string' || !body.name.trim() || body.name.length > 300) throw new BadRequestException('name must be 1-300 characters');
    const hits = await this.screening.screen({ name: body.name, dateOfBirth: body.dateOfBirth, country: body.country });
    await this.audit.record(actorOf(request), { action: 'screening.search', detail: { hits: hits.length } });
    return hits;
  }
}
