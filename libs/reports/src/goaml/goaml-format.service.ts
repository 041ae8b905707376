import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EntityManager } from 'typeorm';
import { EnvironmentVariables, ErrorItem } from '@fiu/core';
import type { ParsedReport } from '../reports/usecases/submit-report.usecase';
import { JsonForm } from './json/json-form';
import { MappedRows, ReportMapper, ReportHeader } from './model/report-mapper';
import { writeRows } from './model/row-writer';
import { defaultSchema } from './schema/default/default-schema';
import { codeListsFromSchema, describeCodeLists } from './schema/code-lists';
import { CodeListsResponse } from './dto/code-lists.response';
import type { CompiledSchema } from './schema/schema-model';
import { compileXsd } from './schema/xsd-compiler';
import { StructureValidator } from './validation/structure-validator';
import { checkSimpleValue } from './validation/simple-value';
import { readXmlRecords, XmlReadError } from './xml/safe-xml-reader';
import { toErrorItems, XsdValidator } from './xsd-validation/xsd-validator';
import type { XmlElement } from './xml/xml-element';

/** Rows are written in batches of about this many, so a large file never sits in memory whole. */
const ROWS_PER_BATCH = 20_000;
const INDICATOR_LIST = 'report_indicator_type';

/**
 * goAML in both forms: builds the element tree (streamed for XML), validates it against the
 * FIU's schema (GOAML_XSD) or the built-in one, applies the business rules, and hands the
 * submission use case a ParsedReport whose persistModel writes the normalised rows.
 */
@Injectable()
export class GoamlFormat implements OnModuleInit {
  private readonly logger = new Logger(GoamlFormat.name);
  readonly schema: CompiledSchema;
  readonly codeLists: Record<string, string[]>;
  private readonly validator: StructureValidator;
  private readonly json: JsonForm;
  private readonly indicators?: ReadonlySet<string>;
  /** libxml2 (WebAssembly) check of XML documents against the FIU's own XSD, when one is configured. */
  private readonly xsd?: XsdValidator;

  constructor(private readonly config: EnvironmentVariables) {
    const fiuXsd = config.GOAML_XSD ? readFileSync(config.GOAML_XSD, 'utf8') : undefined;
    this.schema = fiuXsd ? compileXsd(fiuXsd) : defaultSchema();
    if (fiuXsd) this.xsd = new XsdValidator(fiuXsd, basename(config.GOAML_XSD!));
    if (config.GOAML_XSD) this.logger.log(`Validating goAML against ${config.GOAML_XSD}`);
    this.codeLists = codeListsFromSchema(this.schema);
    this.validator = new StructureValidator(this.schema);
    this.json = new JsonForm(this.schema);
    const indicators = this.codeLists[INDICATOR_LIST];
    this.indicators = indicators?.length ? new Set(indicators) : undefined;
  }

  /** A configured XSD that libxml2 cannot compile stops start-up, rather than failing every filing. */
  async onModuleInit(): Promise<void> {
    await this.xsd?.validate('<report/>');
  }

  codeListsResponse(): CodeListsResponse {
    return { schema: this.config.GOAML_XSD ? basename(this.config.GOAML_XSD) : 'built-in goAML core schema', lists: describeCodeLists(this.schema) };
  }

  /** The JSON form: `suspicionDate` is our one addition to goAML (the date the suspicion arose). */
  parseJson(filerCode: string, body: unknown): ParsedReport {
    let suspicionDate: unknown;
    let report = body;
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'suspicionDate' in body) {
      const { suspicionDate: given, ...rest } = body as { suspicionDate?: unknown };
      suspicionDate = given;
      report = rest;
    }
    const { root, errors } = this.json.toElementTree(report);
    if (!root) return { entityReference: null, errors };
    errors.push(...this.validator.validateReport(root));
    const mapper = new ReportMapper({ filerCode, indicators: this.indicators, source: 'json' });
    for (const record of root.children) mapper.add(record);
    const { suspicionDate: earliest } = mapper.finish();
    errors.push(...mapper.errors);
    const explicit = this.checkSuspicionDate(suspicionDate, mapper.header, errors);
    const rows = mapper.takeRows();
    return this.parsed(mapper, errors, explicit ?? earliest, async (manager, reportId) => writeRows(manager, reportId, rows));
  }

  /** The normalised rows of a JSON report, without filing it (benchmarks compare raw inserts of exactly these). */
  mapJsonRows(filerCode: string, body: unknown): MappedRows {
    const { root } = this.json.toElementTree(body);
    const mapper = new ReportMapper({ filerCode, source: 'json' });
    for (const record of root?.children ?? []) mapper.add(record);
    return mapper.takeRows();
  }

  /**
   * goAML XML, streamed twice: once to validate (nothing kept but the findings), and once inside
   * the filing transaction to write the rows in batches. Memory stays bounded whatever the size.
   */
  async parseXml(filerCode: string, document: Buffer): Promise<ParsedReport> {
    const errors: ErrorItem[] = [];
    const mapper = new ReportMapper({ filerCode, indicators: this.indicators, source: 'xml' });
    const stubs: XmlElement[] = [];
    const lines: [number, string][] = [];
    let rootName = 'report';
    try {
      const result = await readXmlRecords(document, (record) => {
        if (this.xsd) collectLines(record, lines);
        this.validator.validateRecord(record, errors);
        mapper.add(record);
        mapper.takeRows();
        stubs.push({ ...record, children: [], text: '' });
      }, { maxBytes: Math.max(this.config.MAX_REPORT_BYTES, document.length) });
      rootName = result.rootName;
    } catch (error) {
      if (!(error instanceof XmlReadError)) throw error;
      return {
        entityReference: null,
        errors: [{ path: '/', code: error.code, severity: 'fatal', message: `Line ${error.line}, column ${error.column}: ${error.reason}` }],
      };
    }
    const skeleton: XmlElement = { name: rootName, attributes: {}, children: stubs, text: '', line: 1, column: 1, xpath: `/${rootName}` };
    errors.unshift(...this.validator.validateSkeleton(skeleton));
    const earliest = mapper.finish().suspicionDate;
    errors.push(...mapper.errors);
    if (this.xsd) errors.push(...toErrorItems(await this.xsd.validate(document), (line) => xpathAtLine(lines, line)));
    return this.parsed(mapper, errors, earliest, async (manager, reportId) => {
      const writer = new ReportMapper({ filerCode, indicators: this.indicators, source: 'xml' });
      await readXmlRecords(document, async (record) => {
        writer.add(record);
        if (writer.pendingRowCount >= ROWS_PER_BATCH) await writeRows(manager, reportId, writer.takeRows());
      }, { maxBytes: Math.max(this.config.MAX_REPORT_BYTES, document.length) });
      await writeRows(manager, reportId, writer.takeRows());
    });
  }

  private parsed(
    mapper: ReportMapper,
    errors: ErrorItem[],
    suspicionDate: string | null,
    persistModel: (manager: EntityManager, reportId: string) => Promise<void>,
  ): ParsedReport {
    const header = mapper.header;
    const failed = new Set(errors.filter((e) => e.severity !== 'warning').map((e) => e.path));
    // Only values that passed validation reach typed columns; a rejected report keeps the rest in its document.
    const valid = (field: keyof ReportHeader, element: string) => {
      const value = header[field];
      if (value === undefined) return undefined;
      return failed.has(`/report/${element}`) || failed.has(`/${field}`) ? undefined : value;
    };
    const reference = header.entityReference?.trim();
    if (!reference) {
      errors.push({
        path: mapper.source === 'json' ? '/entityReference' : '/report/entity_reference',
        code: 'required',
        severity: 'fatal',
        message: 'entity_reference is required here: it is the filer\'s key for the report, for acknowledgements and corrections',
      });
    }
    return {
      // Counted in characters, as the schema counts them (an emoji is one character, two UTF-16 units).
      entityReference: reference && [...reference].length <= 255 ? header.entityReference! : null,
      reportCode: valid('reportCode', 'report_code'),
      submissionDate: valid('submissionDate', 'submission_date'),
      currencyCodeLocal: valid('currencyCodeLocal', 'currency_code_local'),
      fiuRefNumber: valid('fiuRefNumber', 'fiu_ref_number'),
      prevRejectedRefNumber: valid('prevRejectedRefNumber', 'prev_rejected_ref_number'),
      suspicionDate: suspicionDate ?? undefined,
      errors: dedupe(errors),
      details: {
        rentityId: valid('rentityId', 'rentity_id'),
        rentityBranch: valid('rentityBranch', 'rentity_branch'),
        submissionCode: valid('submissionCode', 'submission_code'),
        reason: header.reason,
        action: header.action,
        indicators: mapper.indicators,
        transactionCount: mapper.transactionCount,
        headerElements: mapper.headerElements,
      },
      persistModel,
    };
  }

  private checkSuspicionDate(value: unknown, header: ReportHeader, errors: ErrorItem[]): string | null {
    if (value === undefined || value === null) return null;
    const problems: { code: string; message: string }[] =
      typeof value === 'string' ? checkSimpleValue(value, { base: 'date' }) : [{ code: 'invalid_type', message: 'must be a string' }];
    const day = typeof value === 'string' ? value.slice(0, 10) : '';
    if (problems.length === 0 && day > new Date().toISOString().slice(0, 10)) problems.push({ code: 'date_in_future', message: 'lies in the future' });
    if (problems.length === 0 && header.submissionDate && day > header.submissionDate.slice(0, 10)) {
      problems.push({ code: 'date_after_submission', message: 'lies after the submission date' });
    }
    for (const problem of problems) errors.push({ path: '/suspicionDate', code: problem.code, severity: 'error', message: `suspicionDate ${problem.message}` });
    return problems.length === 0 ? day : null;
  }
}

const MAX_LINE_ENTRIES = 200_000;

/** Line -> XPath of each element (document order, so sorted by line), to place libxml2's findings. */
function collectLines(element: XmlElement, into: [number, string][]): void {
  if (into.length >= MAX_LINE_ENTRIES) return;
  into.push([element.line, element.xpath]);
  for (const child of element.children) collectLines(child, into);
}

function xpathAtLine(lines: [number, string][], line: number): string | null {
  let low = 0;
  let high = lines.length - 1;
  let found: string | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (lines[middle][0] <= line) {
      found = lines[middle][1];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

// Business-rule findings that only restate a schema finding at the same place.
const RESTATES_CODE_LIST = new Set(['invalid_currency', 'invalid_country']);

function dedupe(errors: ErrorItem[]): ErrorItem[] {
  const seen = new Set<string>();
  const offList = new Set(errors.filter((error) => error.code === 'invalid_code').map((error) => error.path));
  return errors.filter((error) => {
    if (RESTATES_CODE_LIST.has(error.code) && offList.has(error.path)) return false;
    const key = `${error.path}\u0000${error.code}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
