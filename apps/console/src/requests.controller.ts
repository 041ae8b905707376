import { Body, Controller, Post, Req, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ApiErrorResponses, contractValidationPipe, StaffOnly } from '@fiu/core';
import { InformationRequestResponse, RequestsService } from '@fiu/reports';
import { actorOf, type ConsoleRequest } from './console-access.guard';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

class CreateInformationRequestDto {
  @ApiProperty({ description: 'rentity_id of the reporting entity asked', example: '101', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  entityCode: string;

  @ApiProperty({ example: 'Please send the statements of account NL91ABNA0417164300 for November 2026.', maxLength: 8000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  question: string;

  @ApiPropertyOptional({ description: 'FIU reference of the report the request is about', example: 'NL-2026-000042', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reportFiuRef?: string;

  @ApiPropertyOptional({ description: 'Who or what the request is about', example: 'Account NL91ABNA0417164300', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
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
