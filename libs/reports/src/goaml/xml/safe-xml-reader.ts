import { SaxesParser } from 'saxes';
import type { SaxesAttributePlain, SaxesStartTagPlain, SaxesTagPlain, XMLDecl } from 'saxes';
import type { XmlElement } from './xml-element';

export interface SafeXmlLimits {
  /** Total document bytes, as received (before decoding). */
  maxBytes: number;
  /** Element nesting depth; the root is depth 1. */
  maxDepth: number;
  /** Elements in the whole document. */
  maxElements: number;
  /** UTF-8 bytes of one element's text; also bounds one attribute value, comment, CDATA section or text run. */
  maxTextBytes: number;
  /** Attributes on one element (namespace declarations included). */
  maxAttributes: number;
  /** Characters of an element, attribute or processing-instruction name. */
  maxNameLength: number;
}

export const DEFAULT_XML_LIMITS: SafeXmlLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 5_000_000,
  maxTextBytes: 1024 * 1024,
  maxAttributes: 32,
  maxNameLength: 128,
});

/**
 * Why a document was refused. Namespaces: goAML has none, but producers often put
 * `xmlns:xsi` + `xsi:noNamespaceSchemaLocation` on <report>. Prefix declarations are therefore
 * accepted and dropped from `attributes`, prefixed attributes are kept verbatim, and only what
 * would move goAML elements into a namespace is refused (`namespace_forbidden`): a prefixed
 * element name or a non-empty default namespace (`xmlns="..."`).
 */
export type XmlErrorCode =
  | 'doctype_forbidden'
  | 'entity_forbidden'
  | 'processing_instruction_forbidden'
  | 'document_too_large'
  | 'too_deep'
  | 'too_many_elements'
  | 'text_too_large'
  | 'too_many_attributes'
  | 'name_too_long'
  | 'malformed_xml'
  | 'invalid_utf8'
  | 'empty_document'
  | 'namespace_forbidden';

/** The document was refused; `line` and `column` are 1-based and point at (or just after) the offending input. */
export class XmlReadError extends Error {
  constructor(
    readonly code: XmlErrorCode,
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
    this.name = 'XmlReadError';
  }
}

export interface XmlReadResult {
  rootName: string;
  rootAttributes: Record<string, string>;
  /** Direct children of the root passed to onRecord. */
  recordCount: number;
  /** Bytes received (UTF-8 length for string input). */
  bytes: number;
}

type Parser = SaxesParser<{ xmlns: false; position: true }>;
type Source = Buffer | string | AsyncIterable<Buffer | string>;
type OnRecord = (element: XmlElement, index: number) => void | Promise<void>;

/**
 * Streams `source` through saxes. Calls `onRecord` with each complete direct child element of the
 * root (header fields like <rentity_id>, each <transaction>, <activity>, <report_indicators> ...)
 * as soon as it closes, so a 100,000-transaction file never sits in memory as a whole.
 * `onRecord` may be async; the reader awaits it before reading further (backpressure). `index` is
 * 0-based. Records already delivered stay delivered when a later part of the document is refused:
 * treat the read as all-or-nothing.
 *
 * XPaths: a stream cannot know whether a sibling of the same name will follow, so `transaction`
 * (the repeating record) always carries `[n]` and any other element carries `[n]` only from its
 * second occurrence under the same parent on (`phone`, `phone[2]`). This is the rule of
 * model/compact-element expand() and the JSON form, so a node has one path whatever its source.
 *
 * Text: whitespace-only character data next to markup is dropped (goAML has no mixed content),
 * the rest is concatenated (CDATA included) and trimmed.
 *
 * Refused, never expanded or fetched: any DOCTYPE, processing instructions (the leading XML
 * declaration is fine), entities other than the five predefined ones. Input must be UTF-8 (a BOM
 * is fine); a declaration of another encoding is refused as invalid_utf8 rather than misread.
 */
export async function readXmlRecords(source: Source, onRecord: OnRecord, limits?: Partial<SafeXmlLimits>): Promise<XmlReadResult> {
  const reader = new SafeXmlReader(resolveLimits(limits));
  await reader.run(source, onRecord);
  return reader.result();
}

/** Convenience for small documents: returns the root with all children (same limits). */
export async function readXmlDocument(source: Buffer | string, limits?: Partial<SafeXmlLimits>): Promise<XmlElement> {
  const reader = new SafeXmlReader(resolveLimits(limits));
  const children: XmlElement[] = [];
  await reader.run(source, (record) => {
    children.push(record);
  });
  const root = reader.rootElement();
  root.children = children;
  return root;
}

function resolveLimits(partial: Partial<SafeXmlLimits> = {}): SafeXmlLimits {
  const limits: SafeXmlLimits = { ...DEFAULT_XML_LIMITS };
  for (const key of Object.keys(DEFAULT_XML_LIMITS) as (keyof SafeXmlLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`XML limit ${key} must be a positive integer, got ${value}`);
    limits[key] = value;
  }
  return limits;
}

/** Decoding and parsing work in slices so limits are checked often and no decoded string outgrows a slice. */
const SLICE = 64 * 1024;
const ALLOWED_ENCODINGS = /^(utf-?8|us-ascii|ascii)$/i;

/**
 * saxes 6 buffers that grow until a construct ends (text run, CDATA, comment, attribute value,
 * name, entity). saxes has no hook for them, so they are read after each slice to fail fast.
 */
interface SaxesBuffers {
  text: string;
  name: string;
  entity: string;
  piTarget: string;
}

interface OpenElement {
  element: XmlElement;
  textParts: string[];
  textBytes: number;
  /** Children seen so far per name, for their `[n]`. */
  childCounts: Map<string, number>;
}

class SafeXmlReader {
  private readonly parser: Parser = new SaxesParser({ xmlns: false, position: true });
  private readonly buffers: SaxesBuffers;
  private readonly prolog = new PrologScanner();
  private decoder = new TextDecoder('utf-8', { fatal: true });
  /** Last up to 3 bytes received, to locate a UTF-8 error whose sequence started in an earlier chunk. */
  private tail: Uint8Array = new Uint8Array(0);
  private bytes = 0;
  private decodedAny = false;
  /** Bytes went through the decoder since its last flush. */
  private decoding = false;
  private readonly stack: OpenElement[] = [];
  private root: XmlElement | undefined;
  private elements = 0;
  private attributesOnTag = 0;
  private readonly ready: XmlElement[] = [];
  private recordCount = 0;
  /** Where the next start tag begins: saxes reports positions after a construct, never at its '<'. */
  private nextLine = 1;
  private nextColumn = 1;
  private tagLine = 1;
  private tagColumn = 1;

  constructor(private readonly limits: SafeXmlLimits) {
    this.buffers = this.parser as unknown as SaxesBuffers;
    for (const key of ['text', 'name', 'entity', 'piTarget'] as const) {
      if (typeof this.buffers[key] !== 'string') throw new Error(`saxes internals changed: ${key} is not a string buffer`);
    }
    const p = this.parser;
    preCreateHandlerFields(p);
    p.on('xmldecl', (decl) => this.onXmlDecl(decl));
    p.on('doctype', () => {
      throw this.errorHere('doctype_forbidden', 'DOCTYPE declarations are refused');
    });
    p.on('processinginstruction', ({ target }) => {
      throw this.errorHere('processing_instruction_forbidden', `processing instruction <?${target.slice(0, 32)}?> is refused`);
    });
    p.on('comment', () => this.markNext(2));
    p.on('opentagstart', (tag) => this.onOpenTagStart(tag));
    p.on('attribute', (attr) => this.onAttribute(attr));
    p.on('opentag', (tag) => this.onOpenTag(tag));
    p.on('closetag', (tag) => this.onCloseTag(tag));
    p.on('text', (text) => this.onText(text, false));
    p.on('cdata', (text) => this.onText(text, true));
  }

  async run(source: Source, onRecord: OnRecord): Promise<void> {
    const chunks = typeof source === 'string' || source instanceof Uint8Array ? [source] : source;
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') await this.pushString(chunk, onRecord);
      else if (chunk instanceof Uint8Array) await this.pushBytes(chunk, onRecord);
      else throw new TypeError('XML source chunks must be Buffers or strings');
    }
    if (this.decoding) this.writeText(this.decode(new Uint8Array(0), false));
    if (this.bytes === 0) throw new XmlReadError('empty_document', 'the document is empty', 1, 1);
    this.guard(() => this.parser.close());
    await this.drain(onRecord);
  }

  result(): XmlReadResult {
    const root = this.rootElement();
    return { rootName: root.name, rootAttributes: root.attributes, recordCount: this.recordCount, bytes: this.bytes };
  }

  rootElement(): XmlElement {
    if (this.root === undefined) throw new Error('no document was read');
    return this.root;
  }

  private async pushBytes(chunk: Uint8Array, onRecord: OnRecord): Promise<void> {
    this.count(chunk.byteLength);
    this.decoding = true;
    for (let offset = 0; offset < chunk.byteLength; offset += SLICE) {
      this.writeText(this.decode(chunk.subarray(offset, offset + SLICE), true));
      await this.drain(onRecord);
    }
  }

  private async pushString(chunk: string, onRecord: OnRecord): Promise<void> {
    this.count(Buffer.byteLength(chunk, 'utf8'));
    // Bytes still pending in the decoder cannot be completed by a string.
    if (this.decoding) this.writeText(this.decode(new Uint8Array(0), false));
    if (!this.decodedAny && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    this.decodedAny ||= chunk.length > 0;
    for (let offset = 0; offset < chunk.length; offset += SLICE) {
      this.writeText(chunk.slice(offset, offset + SLICE));
      await this.drain(onRecord);
    }
  }

  private count(n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxBytes) {
      throw this.errorHere('document_too_large', `the document exceeds ${this.limits.maxBytes} bytes`);
    }
  }

  /** Decodes one slice; `stream: false` flushes (an incomplete trailing sequence is then an error). */
  private decode(bytes: Uint8Array, stream: boolean): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream });
    } catch {
      return this.failUtf8(bytes, !stream);
    }
    if (!stream) {
      // A BOM is only special at the very start of the document.
      this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      this.decoding = false;
    }
    this.tail = lastBytes(this.tail, bytes);
    this.decodedAny ||= text.length > 0;
    return text;
  }

  /** Parses the valid prefix so the parser's position is where the bad byte is, then refuses. */
  private failUtf8(bytes: Uint8Array, final: boolean): never {
    const pending = pendingSequence(this.tail);
    const all = new Uint8Array(pending.byteLength + bytes.byteLength);
    all.set(pending);
    all.set(bytes, pending.byteLength);
    const bad = Math.max(0, firstInvalidUtf8(all, final));
    this.writeText(new TextDecoder('utf-8', { fatal: true, ignoreBOM: this.decodedAny }).decode(all.subarray(0, bad)));
    throw new XmlReadError('invalid_utf8', 'the document is not valid UTF-8', this.parser.line, this.parser.column + 1);
  }

  private writeText(text: string): void {
    if (text.length === 0) return;
    if (!this.prolog.done) {
      const doctype = this.prolog.scan(text);
      if (doctype >= 0) {
        this.guard(() => this.parser.write(text.slice(0, doctype)));
        // The parser stands after '<!'.
        const { line, column } = this.parser;
        throw new XmlReadError('doctype_forbidden', 'DOCTYPE declarations are refused', line, Math.max(1, column - 1));
      }
    }
    this.guard(() => this.parser.write(text));
    const { text: pending, name, entity, piTarget } = this.buffers;
    if (pending.length > this.limits.maxTextBytes) {
      throw this.errorHere('text_too_large', `a text, attribute value, comment or CDATA section exceeds ${this.limits.maxTextBytes} bytes`);
    }
    if (name.length > this.limits.maxNameLength || piTarget.length > this.limits.maxNameLength) {
      throw this.errorHere('name_too_long', `a name exceeds ${this.limits.maxNameLength} characters`);
    }
    // A bare '&' makes saxes read on to the next ';': bound that like text.
    if (entity.length > this.limits.maxTextBytes) {
      throw this.errorHere('malformed_xml', `an '&' is not followed by ';' within ${this.limits.maxTextBytes} characters`);
    }
  }

  /** Runs a saxes call, turning its well-formedness errors into XmlReadError. */
  private guard(action: () => unknown): void {
    try {
      action();
    } catch (error) {
      if (error instanceof XmlReadError) throw error;
      const saxes = error instanceof Error && error.constructor === Error ? /^(\d+):(\d+): (.*)$/s.exec(error.message) : null;
      if (saxes === null) throw error;
      const message = saxes[3];
      throw new XmlReadError(saxesErrorCode(message), message, Number(saxes[1]), Math.max(1, Number(saxes[2])));
    }
  }

  private async drain(onRecord: OnRecord): Promise<void> {
    for (let i = 0; i < this.ready.length; i++) {
      await onRecord(this.ready[i], this.recordCount);
      this.recordCount++;
    }
    this.ready.length = 0;
  }

  /** Records where a start tag directly following the current position would begin (1-based). */
  private markNext(offset: number): void {
    this.nextLine = this.parser.line;
    this.nextColumn = this.parser.column + offset;
  }

  private errorHere(code: XmlErrorCode, reason: string): XmlReadError {
    return new XmlReadError(code, reason, this.parser.line, Math.max(1, this.parser.column));
  }

  private errorAtTag(code: XmlErrorCode, reason: string): XmlReadError {
    return new XmlReadError(code, reason, this.tagLine, this.tagColumn);
  }

  private onXmlDecl(decl: XMLDecl): void {
    this.markNext(1);
    if (decl.encoding !== undefined && !ALLOWED_ENCODINGS.test(decl.encoding)) {
      throw this.errorHere('invalid_utf8', `declared encoding ${JSON.stringify(decl.encoding.slice(0, 40))} is not supported: send UTF-8`);
    }
  }

  private onOpenTagStart(tag: SaxesStartTagPlain): void {
    this.tagLine = this.nextLine;
    this.tagColumn = this.nextColumn;
    this.attributesOnTag = 0;
    const { name } = tag;
    const { maxNameLength, maxElements, maxDepth } = this.limits;
    if (name.length > maxNameLength) throw this.errorAtTag('name_too_long', `an element name exceeds ${maxNameLength} characters`);
    if (++this.elements > maxElements) throw this.errorAtTag('too_many_elements', `the document has more than ${maxElements} elements`);
    if (this.stack.length >= maxDepth) throw this.errorAtTag('too_deep', `elements are nested deeper than ${maxDepth}`);
    if (name.includes(':')) throw this.errorAtTag('namespace_forbidden', `namespaced element <${name}> is refused: goAML has no namespace`);
  }

  private onAttribute({ name, value }: SaxesAttributePlain): void {
    if (++this.attributesOnTag > this.limits.maxAttributes) {
      throw this.errorAtTag('too_many_attributes', `an element has more than ${this.limits.maxAttributes} attributes`);
    }
    if (name.length > this.limits.maxNameLength) {
      throw this.errorHere('name_too_long', `an attribute name exceeds ${this.limits.maxNameLength} characters`);
    }
    if (Buffer.byteLength(value, 'utf8') > this.limits.maxTextBytes) {
      throw this.errorHere('text_too_large', `an attribute value exceeds ${this.limits.maxTextBytes} bytes`);
    }
    if (name === 'xmlns' && value.trim() !== '') {
      throw this.errorAtTag('namespace_forbidden', 'a default namespace is refused: goAML has no namespace');
    }
  }

  private onOpenTag(tag: SaxesTagPlain): void {
    this.markNext(1);
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      // defineProperty: an attribute called __proto__ must stay data.
      Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
    }
    const element: XmlElement = {
      name: tag.name,
      attributes,
      children: [],
      text: '',
      line: this.tagLine,
      column: this.tagColumn,
      xpath: '',
    };
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      element.xpath = `/${tag.name}`;
      this.root = element;
    } else {
      const n = (parent.childCounts.get(tag.name) ?? 0) + 1;
      parent.childCounts.set(tag.name, n);
      element.xpath = `${parent.element.xpath}/${tag.name}${n > 1 || tag.name === 'transaction' ? `[${n}]` : ''}`;
      // Records are handed to onRecord, not kept under the root.
      if (this.stack.length > 1) parent.element.children.push(element);
    }
    this.stack.push({ element, textParts: [], textBytes: 0, childCounts: new Map() });
  }

  private onCloseTag(_tag: SaxesTagPlain): void {
    this.markNext(1);
    const open = this.stack.pop();
    if (open === undefined) return;
    const { element } = open;
    element.text = open.textParts.join('').trim();
    if (this.stack.length === 1) this.ready.push(element);
  }

  private onText(text: string, cdata: boolean): void {
    // A text event fires on the '<' that ends it; a CDATA event on its final '>'.
    this.markNext(cdata ? 1 : 0);
    const open = this.stack[this.stack.length - 1];
    if (open === undefined || text.length === 0 || (!cdata && !/\S/.test(text))) return;
    open.textBytes += Buffer.byteLength(text, 'utf8');
    if (open.textBytes > this.limits.maxTextBytes) {
      const { element } = open;
      const reason = `the text of <${element.name}> exceeds ${this.limits.maxTextBytes} bytes`;
      throw new XmlReadError('text_too_large', reason, element.line, element.column);
    }
    open.textParts.push(text);
  }
}

/** saxes 6 handler fields for the events used here (see preCreateHandlerFields). */
interface SaxesHandlerFields {
  xmldeclHandler: unknown;
  doctypeHandler: unknown;
  piHandler: unknown;
  commentHandler: unknown;
  openTagStartHandler: unknown;
  attributeHandler: unknown;
  openTagHandler: unknown;
  closeTagHandler: unknown;
  textHandler: unknown;
  cdataHandler: unknown;
}

/**
 * saxes' on() adds each handler with a computed key; from the 8th such new property V8 turns the
 * parser into a dictionary object and parsing gets 5x slower. Creating the fields with named
 * stores first keeps it fast. Only speed depends on these names, never behaviour.
 */
function preCreateHandlerFields(parser: Parser): void {
  const fields = parser as unknown as SaxesHandlerFields;
  fields.xmldeclHandler = undefined;
  fields.doctypeHandler = undefined;
  fields.piHandler = undefined;
  fields.commentHandler = undefined;
  fields.openTagStartHandler = undefined;
  fields.attributeHandler = undefined;
  fields.openTagHandler = undefined;
  fields.closeTagHandler = undefined;
  fields.textHandler = undefined;
  fields.cdataHandler = undefined;
}

function saxesErrorCode(message: string): XmlErrorCode {
  if (message.startsWith('undefined entity')) return 'entity_forbidden';
  if (/doctype/i.test(message)) return 'doctype_forbidden';
  if (message.startsWith('processing instructions are not allowed')) return 'processing_instruction_forbidden';
  if (message.startsWith('document must contain a root element')) return 'empty_document';
  return 'malformed_xml';
}

/**
 * Finds a DOCTYPE before the root element, so it is refused as soon as `<!D` arrives instead of
 * when saxes has buffered the whole declaration. Tracks comments and PIs so their content does not
 * count; stops for good at the first other `<` (the root, or an error saxes reports).
 */
class PrologScanner {
  private state: 'text' | 'lt' | 'bang' | 'bang-dash' | 'comment' | 'pi' | 'done' = 'text';
  private dashes = 0;
  private question = false;

  get done(): boolean {
    return this.state === 'done';
  }

  /** Returns the index in `text` of the 'D' of a `<!D`, or -1. */
  scan(text: string): number {
    let i = 0;
    while (i < text.length) {
      switch (this.state) {
        case 'text': {
          const lt = text.indexOf('<', i);
          if (lt < 0) return -1;
          this.state = 'lt';
          i = lt + 1;
          break;
        }
        case 'lt': {
          const c = text[i++];
          this.state = c === '!' ? 'bang' : c === '?' ? 'pi' : 'done';
          this.question = false;
          break;
        }
        case 'bang': {
          const c = text[i];
          if (c === 'D') return i;
          this.state = c === '-' ? 'bang-dash' : 'done';
          i++;
          break;
        }
        case 'bang-dash':
          this.state = text[i++] === '-' ? 'comment' : 'done';
          this.dashes = 0;
          break;
        case 'comment': {
          const c = text[i++];
          if (c === '-') {
            this.dashes++;
          } else {
            if (c === '>' && this.dashes >= 2) this.state = 'text';
            this.dashes = 0;
          }
          break;
        }
        case 'pi': {
          const c = text[i++];
          if (c === '>' && this.question) this.state = 'text';
          this.question = c === '?';
          break;
        }
        case 'done':
          return -1;
      }
    }
    return -1;
  }
}

function lastBytes(previous: Uint8Array, next: Uint8Array): Uint8Array {
  if (next.byteLength >= 3) return next.slice(next.byteLength - 3);
  const joined = new Uint8Array(previous.byteLength + next.byteLength);
  joined.set(previous);
  joined.set(next, previous.byteLength);
  return joined.slice(Math.max(0, joined.byteLength - 3));
}

/** The incomplete multi-byte sequence at the end of already accepted input (what the decoder still holds). */
function pendingSequence(tail: Uint8Array): Uint8Array {
  for (let i = tail.byteLength - 1; i >= 0; i--) {
    const b = tail[i];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return new Uint8Array(0);
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return tail.byteLength - i < length ? tail.slice(i) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** Offset of the first byte of the first ill-formed sequence (WHATWG rules), or -1. */
function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < bytes.byteLength) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      return i;
    }
    for (let j = 1; j <= need; j++) {
      if (i + j >= bytes.byteLength) return final ? i : -1;
      const c = bytes[i + j];
      if (c < (j === 1 ? lower : 0x80) || c > (j === 1 ? upper : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}
