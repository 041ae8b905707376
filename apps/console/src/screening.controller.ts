import { Body, Controller, HttpCode, Post, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { ScreeningService } from '@fiu/analysis';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { ScreeningHitResponse, ScreeningSearchDto } from './dto/screening.dto';

@ApiTags('screening')
@ApiBearerAuth()
@ApiErrorResponses(400, 401, 403)
@UsePipes(contractValidationPipe())
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
  @ApiOkResponse({ type: [ScreeningHitResponse] })
  async search(@Req() request: ConsoleRequest, @Body() body: ScreeningSearchDto): Promise<ScreeningHitResponse[]> {
    const hits = await this.screening.screen({ name: body.name, dateOfBirth: body.dateOfBirth, country: body.country });
    await this.audit.record(actorOf(request), { action: 'screening.search', detail: { hits: hits.length } });
    return hits.map((hit) => ScreeningHitResponse.from(hit));
  }
}
