import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { ErrorItem } from '@fiu/core';
import { memoryPages, validateXML } from 'xmllint-wasm';

/** One libxml2 message about a document; `message` has the "file.xml:12: " prefix removed. */
export interface XsdIssue {
  line: number | null;
  message: string;
}

export interface XsdValidatorOptions {
  /** WebAssembly memory cap per validation. libxml2 needs about 4-5 times the document size plus the compiled schema. */
  maxMemoryMiB?: number;
  /** Issues beyond this are summarised in one last issue, so a broken 10 MB file cannot produce 100k errors. */
  maxIssues?: number;
}

// Fixed names inside the per-call in-memory file system: they never reach the caller and cannot be mistaken for CLI options.
const SCHEMA_NAME = 'schema.xsd';
const DOCUMENT_NAME = 'report.xml';
const DEFAULT_MAX_MEMORY_MIB = 256;
const DEFAULT_MAX_ISSUES = 1000;
// xmllint exit codes (libxml2 2.13): 5 = schema did not compile, 9 = out of memory.
const EXIT_SCHEMA_COMPILE = 5;
const EXIT_OUT_OF_MEMORY = 9;
const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';
const DOCTYPE_PATTERNS = [Buffer.from('<!DOCTYPE'), Buffer.from('<!DOCTYPE', 'utf16le'), Buffer.from('<!DOCTYPE', 'utf16le').swap16()];

/**
 * Every validateXML call starts a worker thread with a fresh WebAssembly instance (own memory and file system), so
 * concurrent calls are isolated; this only bounds how many threads and heaps exist at once.
 */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

// Worker start-up is partly idle, so more runs than cores still raise throughput; each run costs 15-35 MB plus ~5x the document.
const slots = new Slots(Math.max(4, 2 * availableParallelism()));

/**
 * Validates goAML documents against the FIU's XSD with libxml2 (xmllint-wasm). The library runs xmllint once per call,
 * so every call pays a worker and WebAssembly start (~30 ms) and compiles the schema again (~50 ms for a 300 KB XSD).
 */
export class XsdValidator {
  private readonly maxMemoryPages: number;
  private readonly maxIssues: number;

  /** Loads the FIU's XSD once and checks that libxml2 compiles it, so a bad file fails at start-up, not on the first report. */
  static async fromFile(file: string, options: XsdValidatorOptions = {}): Promise<XsdValidator> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read the goAML XSD ${file}: ${(error as Error).message}`);
    }
    const validator = new XsdValidator(text, file, options);
    await validator.run(Buffer.from('<_/>'));
    return validator;
  }

  constructor(
    private readonly schemaText: string,
    private readonly schemaFileName = 'the goAML XSD',
    options: XsdValidatorOptions = {},
  ) {
    const root = /<(?:[\w.-]+:)?schema[\s>/]/.exec(schemaText.replace(/<!--[\s\S]*?-->/g, ''));
    if (!root || !schemaText.includes(XSD_NAMESPACE)) {
      throw new Error(`${schemaFileName} is not an XML Schema (no schema element in the ${XSD_NAMESPACE} namespace)`);
    }
    this.maxMemoryPages = Math.min(memoryPages.max, (options.maxMemoryMiB ?? DEFAULT_MAX_MEMORY_MIB) * memoryPages.MiB);
    this.maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  }

  /** Validates one document; returns [] when valid. Never throws for invalid documents (only for a bad schema or no memory). */
  async validate(xml: string | Buffer): Promise<XsdIssue[]> {
    const doctype = findDoctype(xml);
    if (doctype) return [doctype];
    const issues = await this.run(xml);
    if (issues.length <= this.maxIssues) return issues;
    return [...issues.slice(0, this.maxIssues), { line: null, message: `${issues.length - this.maxIssues} more XSD issues not shown` }];
  }

  private async run(xml: string | Buffer): Promise<XsdIssue[]> {
    const result = await slots
      .run(() =>
        validateXML({
          xml: [{ fileName: DOCUMENT_NAME, contents: xml }],
          schema: [{ fileName: SCHEMA_NAME, contents: this.schemaText }],
          maxMemoryPages: this.maxMemoryPages,
          // --nonet: refuse http/ftp entities and imports. A JS string reaches libxml2 as UTF-8, so its encoding
          // declaration must be ignored (--noenc); a Buffer keeps its declared encoding.
          modifyArguments: (args) => ['--nonet', ...(typeof xml === 'string' ? ['--noenc'] : []), ...args],
        }),
      )
      .catch((error: Error & { code?: number }) => {
        throw this.failure(error);
      });
    if (result.valid) return [];
    const issues = parseOutput(result.rawOutput);
    return issues.length ? issues : [{ line: null, message: 'The document does not conform to the XSD' }];
  }

  private failure(error: Error & { code?: number }): Error {
    const details = error.message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && line !== '^' && !/^WXS schema .* failed to compile$/.test(line))
      .map((line) => line.replace(SCHEMA_LOCATED, 'line $1:').replaceAll(`'${SCHEMA_NAME}'`, 'the schema'))
      .join('; ');
    if (error.code === EXIT_SCHEMA_COMPILE) return new Error(`libxml2 cannot compile ${this.schemaFileName}: ${details}`);
    if (error.code === EXIT_OUT_OF_MEMORY) {
      return new Error(`XSD validation ran out of memory (limit ${this.maxMemoryPages / memoryPages.MiB} MiB): ${details}`);
    }
    return new Error(`XSD validation failed to run (exit code ${error.code ?? 'none'}): ${details}`);
  }
}

/**
 * Turns libxml2 issues into the API's error shape. `xpathAtLine` maps a line to the XPath of the element that starts
 * on (or nearest before) it; null maps to '/report'.
 */
export function toErrorItems(issues: XsdIssue[], xpathAtLine: (line: number) => string | null): ErrorItem[] {
  return issues.map((issue) => {
    const marker = issue.message.indexOf(VALIDITY_MARKER);
    return {
      path: (issue.line !== null ? xpathAtLine(issue.line) : null) ?? '/report',
      code: 'xsd_violation',
      severity: 'error',
      message: marker >= 0 ? issue.message.slice(marker + VALIDITY_MARKER.length) : issue.message,
    };
  });
}

const VALIDITY_MARKER = 'Schemas validity error : ';
const LOCATED = new RegExp(`^${escapeRegExp(DOCUMENT_NAME)}:(\\d+):\\s*(.*)$`);
const SCHEMA_LOCATED = new RegExp(`^${escapeRegExp(SCHEMA_NAME)}:(\\d+):`);
const SUMMARY = new RegExp(`^${escapeRegExp(DOCUMENT_NAME)} (validates|fails to validate)$`);

/**
 * Reads xmllint's stderr ourselves: the library's own parser reports the source excerpt and caret lines that follow a
 * parser error as errors of their own.
 */
function parseOutput(output: string): XsdIssue[] {
  const lines = output.split('\n');
  const issues: XsdIssue[] = [];
  lines.forEach((line, index) => {
    const isCaret = (text: string | undefined) => text !== undefined && /^\s*\^\s*$/.test(text);
    if (isCaret(line) || isCaret(lines[index + 1])) return;
    const text = line.trim();
    if (!text || SUMMARY.test(text) || /^Entity: line \d+:$/.test(text)) return;
    const located = LOCATED.exec(line);
    issues.push(located ? { line: Number(located[1]), message: located[2] } : { line: null, message: text });
  });
  return issues;
}

/**
 * xmllint has no option that refuses a DOCTYPE: it does not load an external DTD subset (no --loaddtd), but it does load
 * external entities declared in an internal subset, from its in-memory file system, and --nonet only stops http/ftp.
 * So a DOCTYPE never reaches libxml2, whatever the caller checked. Searched in UTF-8/Latin-1 and both UTF-16 byte orders.
 */
function findDoctype(xml: string | Buffer): XsdIssue | null {
  const at = typeof xml === 'string' ? xml.indexOf('<!DOCTYPE') : Math.max(...DOCTYPE_PATTERNS.map((pattern) => xml.indexOf(pattern)));
  if (at < 0) return null;
  // Counting 0x0a bytes is exact for UTF-8 and Latin-1 and good enough for a UTF-16 prolog.
  const head = typeof xml === 'string' ? Buffer.from(xml.slice(0, at)) : xml.subarray(0, at);
  let line = 1;
  for (let i = head.indexOf(0x0a); i >= 0; i = head.indexOf(0x0a, i + 1)) line++;
  return { line, message: 'DOCTYPE declarations are not allowed' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

