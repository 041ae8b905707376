import { ApiProperty } from '@nestjs/swagger';

export class ReanalysisResponse {
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ description: 'The analysis job was queued; the report is analysed again in the background', example: true }) queued: boolean;

  static from(result: { reportId: string; queued: boolean }): ReanalysisResponse {
    return { reportId: result.reportId, queued: result.queued };
  }
}
