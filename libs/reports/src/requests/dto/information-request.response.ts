import { ApiProperty } from '@nestjs/swagger';
import type { InformationRequest } from '../information-request.entity';

export class InformationRequestResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Quote it in goAML fiu_ref_number to answer with a report', example: 'XX-RFI-2026-000001' }) reference: string;
  @ApiProperty({ nullable: true, type: String, description: 'FIU reference of the report the request is about' }) reportFiuRef: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Account NL91ABNA0417164300' }) subject: string | null;
  @ApiProperty({ example: 'Please send the statements of account NL91ABNA0417164300 for November 2026.' }) question: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate: string | null;
  @ApiProperty({ enum: ['open', 'answered', 'withdrawn'], enumName: 'InformationRequestStatus', example: 'open' }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) answeredAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The report that answered it, if the answer was a report' }) answerReportId: string | null;

  static from(request: InformationRequest, reportFiuRef: string | null): InformationRequestResponse {
    return {
      id: request.id,
      reference: request.reference,
      reportFiuRef,
      subject: request.subject,
      question: request.question,
      dueDate: request.dueDate,
      status: request.status,
      createdAt: request.createdAt.toISOString(),
      answeredAt: request.answeredAt?.toISOString() ?? null,
      answerReportId: request.answerReportId,
    };
  }
}

export class AnswerAttachmentDto {
  @ApiProperty({ example: 'statement.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({ description: 'The file, base64-encoded' }) contentBase64: string;
}

export class AnswerRequestDto {
  @ApiProperty({ example: 'The account was closed on 2026-11-20; statements attached.' }) message: string;
  @ApiProperty({ type: [AnswerAttachmentDto], required: false }) attachments?: AnswerAttachmentDto[];
}
