import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@fiu/core';
import { InformationRequestResponse, RequestsService } from '@fiu/reports';
import { actorOf, type ConsoleRequest } from './console-access.guard';

class CreateInformationRequestDto {
  @ApiProperty({ description: 'rentity_id of the reporting entity asked', example: '101' }) entityCode: string;
  @ApiProperty({ example: 'Please send the statements of account NL91ABNA0417164300 for November 2026.' }) question: string;
  @ApiPropertyOptional({ description: 'FIU reference of the report the request is about' }) reportFiuRef?: string;
  @ApiPropertyOptional({ description: 'Who or what the request is about' }) subject?: string;
  @ApiPropertyOptional({ format: 'date' }) dueDate?: string;
}

@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @StaffOnly('analyst', 'supervisor')
  @ApiOperation({ summary: 'Send a request for information to a reporting entity about a report or a subject' })
  @ApiCreatedResponse({ type: InformationRequestResponse })
  create(@Req() request: ConsoleRequest, @Body() body: CreateInformationRequestDto): Promise<InformationRequestResponse> {
    return this.requests.create({
      entityCode: String(body?.entityCode ?? ''),
      question: String(body?.question ?? ''),
      reportFiuRef: body?.reportFiuRef,
      subject: body?.subject,
      dueDate: body?.dueDate,
      requestedBy: `staff:${request.staff!.username}`,
    }, actorOf(request));
  }
}
