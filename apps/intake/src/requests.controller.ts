import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReportingEntityOnly } from '@fiu/core';
import { AnswerRequestDto, InformationRequestResponse, RequestsService } from '@fiu/reports';
import type { IntakeRequest } from './intake-access.guard';

@ApiTags('requests')
@ApiBearerAuth()
@ReportingEntityOnly()
@Controller('v1/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Get()
  @ApiOperation({ summary: 'The FIU\'s requests for information to the calling entity, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'answered', 'withdrawn'] })
  @ApiOkResponse({ type: [InformationRequestResponse] })
  list(@Req() request: IntakeRequest, @Query('status') status?: string): Promise<InformationRequestResponse[]> {
    return this.requests.listOwn(request.reportingEntity!, ['open', 'answered', 'withdrawn'].includes(status ?? '') ? status : undefined);
  }

  @Get(':id')
  @ApiOkResponse({ type: InformationRequestResponse })
  findOne(@Req() request: IntakeRequest, @Param('id') id: string): Promise<InformationRequestResponse> {
    return this.requests.findOwn(request.reportingEntity!, id);
  }

  @Post(':id/answers')
  @ApiOperation({ summary: 'Answer with a message and attachments (or file a goAML report whose fiu_ref_number names the request)' })
  @ApiOkResponse({ type: InformationRequestResponse })
  answer(@Req() request: IntakeRequest, @Param('id') id: string, @Body() answer: AnswerRequestDto): Promise<InformationRequestResponse> {
    return this.requests.answerWithMessage(request.reportingEntity!, id, answer);
  }
}
