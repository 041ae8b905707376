import { Body, Controller, Post, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { ApiErrorResponses, contractValidationPipe, OptionalText, RequiredText, StaffOnly } from '@fiu/core';
import { InformationRequestResponse, RequestsService } from '@fiu/reports';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class CreateInformationRequestDto {
  @ApiProperty({ description: 'rentity_id of the reporting entity asked', example: '101', maxLength: 100 })
  @RequiredText(100)
  entityCode: string;

  @ApiProperty({ example: 'Please send the statements of account NL91ABNA0417164300 for November 2026.', maxLength: 8000 })
  @RequiredText(8000)
  question: string;

  @ApiPropertyOptional({ description: 'FIU reference of the report the request is about', example: 'NL-2026-000042', maxLength: 100 })
  @OptionalText(100)
  reportFiuRef?: string;

  @ApiPropertyOptional({ description: 'Who or what the request is about', example: 'Account NL91ABNA0417164300', maxLength: 1000 })
  @OptionalText(1000)
  subject?: string;

  @ApiPropertyOptional({ format: 'date', description: 'YYYY-MM-DD, not in the past', example: '2026-12-15' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real date' })
  dueDate?: string;
}

@ApiTags('requests')
@ApiBearerAuth()
@ApiErrorResponses(400, 401, 403, 404)
@UsePipes(contractValidationPipe())
@Controller('v1/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Send a request for information to a reporting entity about a report or a subject' })
  @ApiCreatedResponse({ type: InformationRequestResponse })
  create(@Req() request: ConsoleRequest, @Body() body: CreateInformationRequestDto): Promise<InformationRequestResponse> {
    return this.requests.create({ ...body, requestedBy: `staff:${request.staff!.username}` }, actorOf(request));
  }
}
