import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportingEntityOnly } from '@fiu/core';
import { CodeListsResponse, GoamlFormat } from '@fiu/reports';

@ApiTags('reports')
@ApiBearerAuth()
@ReportingEntityOnly()
@Controller('v1/code-lists')
export class CodeListsController {
  constructor(private readonly goaml: GoamlFormat) {}

  @Get()
  @ApiOperation({ summary: 'The code lists this FIU accepts (report codes, funds, transaction modes, countries, currencies, ...)' })
  @ApiOkResponse({ type: CodeListsResponse })
  list(): CodeListsResponse {
    return this.goaml.codeListsResponse();
  }
}
