import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

// Path parameters are validated like bodies: a malformed id is a 400 with its path, before any query runs.

export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  id: string;
}

export class ReportIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  reportId: string;
}

export class CaseAttachmentParams extends IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  attachmentId: string;
}
