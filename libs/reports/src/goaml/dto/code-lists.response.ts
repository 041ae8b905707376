import { ApiProperty } from '@nestjs/swagger';

export class CodeListsResponse {
  @ApiProperty({ description: 'Where the lists come from: the FIU\'s XSD file, or the built-in schema' })
  schema: string;

  @ApiProperty({
    description: 'List name (the XSD type name) -> allowed codes with their labels',
    example: { funds_type: [{ code: 'CASH', label: 'Cash' }] },
  })
  lists: Record<string, { code: string; label?: string }[]>;
}
