import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { PossibleMatchesService, PossibleMatchView } from '@fiu/analysis';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class DecisionDto {
  @ApiProperty({ enum: ['confirm', 'reject'] }) decision: 'confirm' | 'reject';
}

@ApiTags('entity resolution')
@ApiBearerAuth()
@StaffOnly('analyst', 'supervisor')
@Controller('v1/possible-matches')
export class PossibleMatchesController {
  constructor(private readonly matches: PossibleMatchesService) {}

  @Get()
  @ApiOperation({ summary: 'Borderline pairs entity resolution left for an analyst, highest score first' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'confirmed', 'rejected'] })
  list(@Query('status') status?: string): Promise<PossibleMatchView[]> {
    return this.matches.list(status === 'confirmed' || status === 'rejected' ? status : 'open', 100);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm (same subject) or reject (different subjects); the machine never overrides it' })
  decide(@Req() request: ConsoleRequest, @Param('id') id: string, @Body() body: DecisionDto): Promise<{ id: string; status: string }> {
    return this.matches.decide(id, body?.decision, actorOf(request));
  }
}
