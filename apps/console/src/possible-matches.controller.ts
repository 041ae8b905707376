import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import { PossibleMatchesService } from '@fiu/analysis';
import { actorOf, type ConsoleRequest } from './console-access.guard';
import { IdParams } from './dto/params.dto';
import { PossibleMatchDecisionDto, PossibleMatchDecisionResponse, PossibleMatchQueryDto, PossibleMatchResponse } from './dto/possible-match.dto';

@ApiTags('entity resolution')
@ApiBearerAuth()
@ApiErrorResponses(400, 401, 403, 404, 409)
@UsePipes(contractValidationPipe())
@StaffOnly('analyst', 'supervisor')
@Controller('v1/possible-matches')
export class PossibleMatchesController {
  constructor(private readonly matches: PossibleMatchesService) {}

  @Get()
  @ApiOperation({ summary: 'Borderline pairs entity resolution left for an analyst, highest score first (at most 100)' })
  @ApiOkResponse({ type: [PossibleMatchResponse] })
  async list(@Query() query: PossibleMatchQueryDto): Promise<PossibleMatchResponse[]> {
    return (await this.matches.list(query.status ?? 'open', 100)).map((view) => PossibleMatchResponse.from(view));
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm (same subject) or reject (different subjects); the machine never overrides it' })
  @ApiOkResponse({ type: PossibleMatchDecisionResponse })
  decide(@Req() request: ConsoleRequest, @Param() params: IdParams, @Body() body: PossibleMatchDecisionDto): Promise<PossibleMatchDecisionResponse> {
    return this.matches.decide(params.id, body.decision, actorOf(request));
  }
}
