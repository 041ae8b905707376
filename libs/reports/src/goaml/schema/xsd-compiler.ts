import { SaxesParser } from 'saxes';
import type { ComplexTypeDef, CompiledSchema, ElementParticle, Particle, SimpleTypeDef, TypeRef } from './schema-model';

export type {
  ComplexTypeDef,
  CompiledSchema,
  ElementParticle,
  GroupParticle,
  Particle,
  SimpleBase,
  SimpleTypeDef,
  TypeRef,
} from './schema-model';

const XS = 'http://www.w3.org/2001/XMLSchema';
const QNAME_ATTRIBUTES = ['type', 'base', 'ref', 'itemType'] as const;
type QNameAttribute = (typeof QNAME_ATTRIBUTES)[number];

/** The XSD is malformed, uses a construct outside the supported subset, or refers to an unknown name. */
export class XsdCompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (XSD line ${line})`);
    this.name = 'XsdCompileError';
  }
}

export interface CompileXsdOptions {
  /** Global element to use as the document element; default 'report', else the first global element. */
  rootElement?: string;
}

interface QName {
  uri: string;
  local: string;
}

/** One element of the XSD document, with QName-valued attributes resolved while namespaces were in scope. */
interface XsdNode {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  qnames: Partial<Record<QNameAttribute, QName>>;
  children: XsdNode[];
  text: string;
  comments: string[];
  line: number;
}

/** Built-in types; implied bounds are spelled out as facets, except for 'int' whose base carries them. */
const BUILT_INS: Record<string, SimpleTypeDef> = {
  string: { base: 'string' },
  normalizedString: { base: 'string' },
  token: { base: 'string' },
  decimal: { base: 'decimal' },
  double: { base: 'decimal' },
  float: { base: 'decimal' },
  integer: { base: 'integer' },
  int: { base: 'int' },
  long: { base: 'integer', minInclusive: '-9223372036854775808', maxInclusive: '9223372036854775807' },
  short: { base: 'integer', minInclusive: '-32768', maxInclusive: '32767' },
  byte: { base: 'integer', minInclusive: '-128', maxInclusive: '127' },
  nonNegativeInteger: { base: 'integer', minInclusive: '0' },
  positiveInteger: { base: 'integer', minInclusive: '1' },
  nonPositiveInteger: { base: 'integer', maxInclusive: '0' },
  negativeInteger: { base: 'integer', maxInclusive: '-1' },
  unsignedLong: { base: 'integer', minInclusive: '0', maxInclusive: '18446744073709551615' },
  unsignedInt: { base: 'integer', minInclusive: '0', maxInclusive: '4294967295' },
  unsignedShort: { base: 'integer', minInclusive: '0', maxInclusive: '65535' },
  unsignedByte: { base: 'integer', minInclusive: '0', maxInclusive: '255' },
  boolean: { base: 'boolean' },
  date: { base: 'date' },
  dateTime: { base: 'dateTime' },
};
const OTHER: SimpleTypeDef = { base: 'other' };

/** Compiles the goAML subset of XML Schema (one self-contained file, no namespaces in instances) into a `CompiledSchema`. */
export function compileXsd(xsdText: string, options: CompileXsdOptions = {}): CompiledSchema {
  return deepFreeze(new XsdCompiler(parseXsd(xsdText)).compile(options.rootElement));
}

function parseXsd(text: string): XsdNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XsdNode[] = [];
  let root: XsdNode | undefined;
  // Trusted configuration, but a DTD could still declare entities: refuse it outright.
  parser.on('doctype', () => {
    throw new XsdCompileError('XSD must not contain a DOCTYPE', parser.line);
  });
  parser.on('error', (err) => {
    throw new XsdCompileError(`XSD is not well-formed: ${err.message}`);
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === '') attrs[attribute.local] = attribute.value;
    }
    const qnames: XsdNode['qnames'] = {};
    for (const key of QNAME_ATTRIBUTES) {
      const value = attrs[key];
      if (value === undefined) continue;
      const colon = value.indexOf(':');
      const prefix = colon < 0 ? '' : value.slice(0, colon);
      const uri = parser.resolve(prefix);
      if (uri === undefined && prefix !== '') throw new XsdCompileError(`Unbound namespace prefix in ${key}="${value}"`, parser.line);
      qnames[key] = { uri: uri ?? '', local: value.slice(colon + 1) };
    }
    const node: XsdNode = { uri: tag.uri, local: tag.local, attrs, qnames, children: [], text: '', comments: [], line: parser.line };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (chunk) => {
    const current = stack[stack.length - 1];
    if (current) current.text += chunk;
  });
  parser.on('comment', (comment) => {
    stack[stack.length - 1]?.comments.push(comment);
  });
  parser.write(text).close();
  if (!root || root.uri !== XS || root.local !== 'schema') throw new XsdCompileError('Document element is not xs:schema');
  return root;
}

class XsdCompiler {
  private readonly simpleNodes = new Map<string, XsdNode>();
  private readonly complexNodes = new Map<string, XsdNode>();
  private readonly elementNodes = new Map<string, XsdNode>();
  private readonly groupNodes = new Map<string, XsdNode>();
  private readonly attributeGroupNodes = new Map<string, XsdNode>();
  private readonly simpleDefs = new Map<string, SimpleTypeDef>();
  private readonly types = new Map<string, ComplexTypeDef>();
  private readonly elementTypes = new Map<string, TypeRef>();
  private readonly groups = new Map<string, Particle | null>();
  /** Names being resolved, to report a cycle instead of overflowing the stack. */
  private readonly resolving = new Set<string>();
  private readonly usedKeys = new Set<string>();

  constructor(private readonly schema: XsdNode) {
    for (const node of children(schema)) {
      const name = node.attrs.name;
      switch (node.local) {
        case 'simpleType':
        case 'complexType':
          // Simple and complex types share one symbol space.
          if (!name) throw new XsdCompileError(`Top-level xs:${node.local} without a name`, node.line);
          if (this.simpleNodes.has(name) || this.complexNodes.has(name)) throw new XsdCompileError(`Duplicate type '${name}'`, node.line);
          (node.local === 'simpleType' ? this.simpleNodes : this.complexNodes).set(name, node);
          break;
        case 'element':
          this.addNamed(this.elementNodes, node);
          break;
        case 'group':
          this.addNamed(this.groupNodes, node);
          break;
        case 'attributeGroup':
          this.addNamed(this.attributeGroupNodes, node);
          break;
        case 'attribute':
        case 'notation':
          break;
        default:
          // import/include/redefine would need other files: goAML schemas are self-contained.
          throw new XsdCompileError(`Unsupported top-level xs:${node.local}`, node.line);
      }
    }
    for (const name of this.complexNodes.keys()) this.usedKeys.add(name);
  }

  compile(rootName?: string): CompiledSchema {
    const rootElement = rootName ?? (this.elementNodes.has('report') ? 'report' : this.elementNodes.keys().next().value);
    if (rootElement === undefined) throw new XsdCompileError('XSD declares no global element');
    const root = this.globalElementType(rootElement, this.schema.line);
    // Compile everything, used or not, so errors surface at load time and code lists are complete.
    for (const name of this.elementNodes.keys()) this.globalElementType(name, this.schema.line);
    for (const name of this.complexNodes.keys()) this.namedComplex(name, this.schema.line);
    // fromEntries defines own properties, so even a type named '__proto__' is safe.
    const codeLists: [string, string[]][] = [];
    for (const name of this.simpleNodes.keys()) {
      const def = this.namedSimple(name, this.schema.line);
      if (def.enumeration) codeLists.push([name, def.enumeration]);
    }
    const wrappers: [string, string][] = [];
    for (const [key, def] of this.types) {
      const child = wrappedElement(def);
      if (child !== undefined) wrappers.push([key, child]);
    }
    return {
      rootElement,
      root,
      types: Object.fromEntries(this.types),
      codeLists: Object.fromEntries(codeLists),
      wrappers: Object.fromEntries(wrappers),
    };
  }

  private addNamed(map: Map<string, XsdNode>, node: XsdNode): void {
    const name = node.attrs.name;
    if (!name) throw new XsdCompileError(`Top-level xs:${node.local} without a name`, node.line);
    if (map.has(name)) throw new XsdCompileError(`Duplicate xs:${node.local} '${name}'`, node.line);
    map.set(name, node);
  }

  private guard<T>(what: string, line: number, build: () => T): T {
    if (this.resolving.has(what)) throw new XsdCompileError(`Circular definition of ${what}`, line);
    this.resolving.add(what);
    try {
      return build();
    } finally {
      this.resolving.delete(what);
    }
  }

  private uniqueKey(path: string): string {
    let key = path;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${path}#${n}`;
    this.usedKeys.add(key);
    return key;
  }

  // ---- element declarations -------------------------------------------------------------------

  private globalElementType(name: string, line: number): TypeRef {
    const known = this.elementTypes.get(name);
    if (known) return known;
    const node = this.elementNodes.get(name);
    if (!node) throw new XsdCompileError(`Unknown global element '${name}'`, line);
    return this.guard(`element '${name}'`, node.line, () => {
      const inline = children(node).find((c) => c.local === 'complexType');
      if (inline) {
        // Registered before compiling the content, so a recursive ref to this element resolves.
        const key = this.uniqueKey(name);
        const ref = { complex: key };
        this.elementTypes.set(name, ref);
        this.compileComplex(inline, key, true);
        return ref;
      }
      const ref = this.elementType(node, name);
      this.elementTypes.set(name, ref);
      return ref;
    });
  }

  private compileElement(node: XsdNode, path: string): ElementParticle {
    const occurs = occurrences(node);
    const ref = node.qnames.ref;
    if (ref) {
      const global = this.elementNodes.get(ref.local);
      if (!global) throw new XsdCompileError(`Unknown element ref '${ref.local}'`, node.line);
      const type = this.globalElementType(ref.local, node.line);
      return withValueConstraints({ kind: 'element', name: ref.local, ...occurs, type }, global);
    }
    const name = node.attrs.name;
    if (!name) throw new XsdCompileError('xs:element without name or ref', node.line);
    return withValueConstraints({ kind: 'element', name, ...occurs, type: this.elementType(node, `${path}/${name}`) }, node);
  }

  /** Type of an element declaration; `anonymousKey` names an inline complex type. */
  private elementType(node: XsdNode, anonymousKey: string): TypeRef {
    const type = node.qnames.type;
    if (type) return this.typeRef(type, node.line);
    for (const child of children(node)) {
      if (child.local === 'simpleType') return { simple: this.compileSimpleType(child) };
      if (child.local === 'complexType') {
        const key = this.uniqueKey(anonymousKey);
        this.compileComplex(child, key, true);
        return { complex: key };
      }
      if (child.local === 'unique' || child.local === 'key' || child.local === 'keyref') continue;
      throw new XsdCompileError(`Unexpected xs:${child.local} in xs:element`, child.line);
    }
    if (node.attrs.substitutionGroup) throw new XsdCompileError('Substitution groups are not supported', node.line);
    // No type at all means xs:anyType: modelled as free text.
    return { simple: OTHER };
  }

  private typeRef(qname: QName, line: number): TypeRef {
    if (qname.uri === XS) return { simple: builtIn(qname.local) };
    if (this.complexNodes.has(qname.local)) return { complex: qname.local };
    if (this.simpleNodes.has(qname.local)) return { simple: this.namedSimple(qname.local, line) };
    throw new XsdCompileError(`Unknown type '${qname.local}'`, line);
  }

  // ---- complex types --------------------------------------------------------------------------

  private namedComplex(name: string, line: number): ComplexTypeDef {
    const known = this.types.get(name);
    if (known) return known;
    const node = this.complexNodes.get(name);
    if (!node) throw new XsdCompileError(`Unknown complex type '${name}'`, line);
    return this.guard(`type '${name}'`, node.line, () => this.compileComplex(node, name, false));
  }

  private compileComplex(node: XsdNode, key: string, anonymous: boolean): ComplexTypeDef {
    const def: ComplexTypeDef = { name: key, anonymous, content: null, attributes: [] };
    if (node.attrs.mixed === 'true' || node.attrs.mixed === '1') def.mixed = true;
    for (const child of children(node)) {
      switch (child.local) {
        case 'complexContent':
          this.complexContent(child, def, key);
          break;
        case 'simpleContent':
          this.simpleContent(child, def);
          break;
        default:
          if (!this.particleOrAttribute(child, def, key)) {
            throw new XsdCompileError(`Unexpected xs:${child.local} in xs:complexType`, child.line);
          }
      }
    }
    this.types.set(key, def);
    return def;
  }

  /** Handles a content model or attribute child; false when the child is neither. */
  private particleOrAttribute(node: XsdNode, def: ComplexTypeDef, path: string): boolean {
    switch (node.local) {
      case 'sequence':
      case 'choice':
      case 'all':
      case 'group':
        if (def.content) throw new XsdCompileError('Complex type with two content models', node.line);
        def.content = this.compileParticle(node, path);
        return true;
      case 'attribute':
      case 'attributeGroup':
      case 'anyAttribute':
        this.addAttributes(node, def.attributes);
        return true;
      default:
        return false;
    }
  }

  private complexContent(node: XsdNode, def: ComplexTypeDef, path: string): void {
    if (node.attrs.mixed === 'true' || node.attrs.mixed === '1') def.mixed = true;
    const derivation = single(node, ['extension', 'restriction']);
    const base = derivation.qnames.base;
    if (!base) throw new XsdCompileError(`xs:${derivation.local} without base`, derivation.line);
    const baseDef = base.uri === XS && base.local === 'anyType' ? undefined : this.baseComplex(base, derivation.line);
    if (baseDef?.simpleContent) {
      throw new XsdCompileError(`complexContent cannot derive from simple-content type '${base.local}'`, derivation.line);
    }
    const own: ComplexTypeDef = { name: def.name, anonymous: def.anonymous, content: null, attributes: [] };
    for (const child of children(derivation)) {
      if (!this.particleOrAttribute(child, own, path)) {
        throw new XsdCompileError(`Unexpected xs:${child.local} in xs:${derivation.local}`, child.line);
      }
    }
    if (derivation.local === 'restriction') {
      // A restriction restates the whole content model; attributes are inherited unless redeclared.
      def.content = own.content;
      def.attributes = unique([...(baseDef?.attributes ?? []), ...own.attributes]);
      return;
    }
    // Extension: the base's particle, then the extension's, as one sequence (XSD 1.0 §3.4.2).
    const parts = [baseDef?.content, own.content].filter((p): p is Particle => !!p);
    def.content = parts.length > 1 ? { kind: 'sequence', minOccurs: 1, maxOccurs: 1, particles: parts } : (parts[0] ?? null);
    def.attributes = unique([...(baseDef?.attributes ?? []), ...own.attributes]);
  }

  private simpleContent(node: XsdNode, def: ComplexTypeDef): void {
    const derivation = single(node, ['extension', 'restriction']);
    const base = derivation.qnames.base;
    if (!base) throw new XsdCompileError(`xs:${derivation.local} without base`, derivation.line);
    let baseSimple: SimpleTypeDef;
    const attributes: string[] = [];
    if (base.uri !== XS && this.complexNodes.has(base.local)) {
      const baseDef = this.baseComplex(base, derivation.line);
      if (!baseDef.simpleContent) throw new XsdCompileError(`simpleContent base '${base.local}' has no simple content`, derivation.line);
      baseSimple = baseDef.simpleContent;
      attributes.push(...baseDef.attributes);
    } else {
      baseSimple = this.simpleBase(base, derivation.line);
    }
    const attributeNodes = children(derivation).filter((c) => ['attribute', 'attributeGroup', 'anyAttribute'].includes(c.local));
    for (const child of attributeNodes) this.addAttributes(child, attributes);
    const facetNodes = children(derivation).filter((c) => !attributeNodes.includes(c));
    if (derivation.local === 'extension' && facetNodes.length > 0) {
      throw new XsdCompileError(`Unexpected xs:${facetNodes[0].local} in xs:extension`, facetNodes[0].line);
    }
    def.simpleContent = derivation.local === 'restriction' ? this.applyFacets(baseSimple, facetNodes, undefined) : baseSimple;
    def.attributes = unique(attributes);
  }

  private baseComplex(base: QName, line: number): ComplexTypeDef {
    if (base.uri === XS || !this.complexNodes.has(base.local)) {
      throw new XsdCompileError(`Base '${base.local}' is not a complex type`, line);
    }
    return this.namedComplex(base.local, line);
  }

  private addAttributes(node: XsdNode, into: string[]): void {
    if (node.local === 'anyAttribute') return;
    if (node.local === 'attribute') {
      if (node.attrs.use === 'prohibited') return;
      const name = node.attrs.name ?? node.qnames.ref?.local;
      if (!name) throw new XsdCompileError('xs:attribute without name or ref', node.line);
      if (!into.includes(name)) into.push(name);
      return;
    }
    const ref = node.qnames.ref;
    const group = ref && this.attributeGroupNodes.get(ref.local);
    if (!ref || !group) throw new XsdCompileError(`Unknown attribute group '${ref?.local ?? ''}'`, node.line);
    this.guard(`attribute group '${ref.local}'`, node.line, () => {
      for (const child of children(group)) this.addAttributes(child, into);
    });
  }

  // ---- particles ------------------------------------------------------------------------------

  private compileParticle(node: XsdNode, path: string): Particle | null {
    switch (node.local) {
      case 'element':
        return this.compileElement(node, path);
      case 'sequence':
      case 'choice':
      case 'all': {
        const particles: Particle[] = [];
        for (const child of children(node)) {
          const particle = this.compileParticle(child, path);
          if (particle) particles.push(particle);
        }
        return { kind: node.local, ...occurrences(node), particles };
      }
      case 'group': {
        const ref = node.qnames.ref;
        if (!ref) throw new XsdCompileError('Local xs:group without ref', node.line);
        const model = this.namedGroup(ref.local, node.line);
        // The ref's occurrences apply to the group's model group.
        return model && model.kind !== 'element' ? { ...model, ...occurrences(node) } : model;
      }
      default:
        throw new XsdCompileError(`Unsupported xs:${node.local} in a content model`, node.line);
    }
  }

  private namedGroup(name: string, line: number): Particle | null {
    if (this.groups.has(name)) return this.groups.get(name) ?? null;
    const node = this.groupNodes.get(name);
    if (!node) throw new XsdCompileError(`Unknown group '${name}'`, line);
    return this.guard(`group '${name}'`, node.line, () => {
      const model = single(node, ['sequence', 'choice', 'all']);
      const particle = this.compileParticle(model, name);
      this.groups.set(name, particle);
      return particle;
    });
  }

  // ---- simple types ---------------------------------------------------------------------------

  private namedSimple(name: string, line: number): SimpleTypeDef {
    const known = this.simpleDefs.get(name);
    if (known) return known;
    const node = this.simpleNodes.get(name);
    if (!node) throw new XsdCompileError(`Unknown simple type '${name}'`, line);
    return this.guard(`type '${name}'`, node.line, () => {
      const def = this.compileSimpleType(node, name);
      this.simpleDefs.set(name, def);
      return def;
    });
  }

  private simpleBase(qname: QName, line: number): SimpleTypeDef {
    if (qname.uri === XS) return builtIn(qname.local);
    if (this.complexNodes.has(qname.local)) throw new XsdCompileError(`Base '${qname.local}' is not a simple type`, line);
    return this.namedSimple(qname.local, line);
  }

  private compileSimpleType(node: XsdNode, name?: string): SimpleTypeDef {
    const derivation = single(node, ['restriction', 'union', 'list']);
    // Unions and lists are not used by goAML; accept them as free text rather than refuse the XSD.
    if (derivation.local !== 'restriction') return name ? { base: 'other', name } : OTHER;
    const facets = children(derivation);
    let base: SimpleTypeDef;
    if (derivation.qnames.base) {
      base = this.simpleBase(derivation.qnames.base, derivation.line);
    } else {
      const inline = facets.shift();
      if (inline?.local !== 'simpleType') throw new XsdCompileError('xs:restriction without base', derivation.line);
      base = this.compileSimpleType(inline);
    }
    return this.applyFacets(base, facets, name);
  }

  /** Restricts `base` by one derivation step: the derived facet wins, patterns accumulate. */
  private applyFacets(base: SimpleTypeDef, facets: XsdNode[], name: string | undefined): SimpleTypeDef {
    const def: SimpleTypeDef = { ...base };
    if (name) def.name = name;
    const values: string[] = [];
    const docs: [string, string][] = [];
    const patterns: string[] = [];
    for (const facet of facets) {
      const value = facet.attrs.value;
      if (value === undefined) throw new XsdCompileError(`xs:${facet.local} without value`, facet.line);
      switch (facet.local) {
        case 'enumeration': {
          values.push(value);
          const doc = enumerationDoc(facet);
          if (doc) docs.push([value, doc]);
          break;
        }
        case 'pattern':
          patterns.push(value);
          break;
        case 'length':
        case 'minLength':
        case 'maxLength':
        case 'totalDigits':
        case 'fractionDigits':
          def[facet.local] = count(value, facet);
          break;
        case 'minInclusive':
        case 'maxInclusive':
        case 'minExclusive':
        case 'maxExclusive':
          def[facet.local] = value;
          break;
        case 'whiteSpace':
          break;
        default:
          throw new XsdCompileError(`Unsupported facet xs:${facet.local}`, facet.line);
      }
    }
    if (values.length > 0) {
      def.enumeration = values;
      if (docs.length > 0) def.enumerationDocs = Object.fromEntries(docs);
      else delete def.enumerationDocs;
    }
    if (patterns.length > 0) def.patterns = [...(base.patterns ?? []), patterns.length === 1 ? patterns[0] : patterns.join('|')];
    return def;
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/** XSD-namespace children, without annotations; anything else outside xs:annotation is an error. */
function children(node: XsdNode): XsdNode[] {
  const result: XsdNode[] = [];
  for (const child of node.children) {
    if (child.uri !== XS) throw new XsdCompileError(`Unexpected element '${child.local}' (namespace '${child.uri}')`, child.line);
    if (child.local !== 'annotation') result.push(child);
  }
  return result;
}

function single(node: XsdNode, allowed: string[]): XsdNode {
  const found = children(node);
  if (found.length !== 1 || !allowed.includes(found[0].local)) {
    throw new XsdCompileError(`xs:${node.local} must contain exactly one of ${allowed.map((a) => `xs:${a}`).join(', ')}`, node.line);
  }
  return found[0];
}

function builtIn(local: string): SimpleTypeDef {
  return BUILT_INS[local] ?? OTHER;
}

function occurrences(node: XsdNode): { minOccurs: number; maxOccurs: number } {
  const min = node.attrs.minOccurs;
  const max = node.attrs.maxOccurs;
  const minOccurs = min === undefined ? 1 : count(min, node);
  const maxOccurs = max === undefined ? 1 : max === 'unbounded' ? Infinity : count(max, node);
  if (maxOccurs < minOccurs) throw new XsdCompileError(`maxOccurs ${maxOccurs} is below minOccurs ${minOccurs}`, node.line);
  return { minOccurs, maxOccurs };
}

function count(value: string, node: XsdNode): number {
  const trimmed = value.trim();
  if (!/^\d{1,9}$/.test(trimmed)) throw new XsdCompileError(`Expected a non-negative integer, got '${value}'`, node.line);
  return Number(trimmed);
}

function withValueConstraints(particle: ElementParticle, declaration: XsdNode): ElementParticle {
  const { fixed, nillable } = declaration.attrs;
  if (fixed !== undefined) particle.fixed = fixed;
  else if (declaration.attrs.default !== undefined) particle.default = declaration.attrs.default;
  if (nillable === 'true' || nillable === '1') particle.nillable = true;
  return particle;
}

function enumerationDoc(facet: XsdNode): string | undefined {
  const documentation = facet.children
    .filter((c) => c.uri === XS && c.local === 'annotation')
    .flatMap((a) => a.children.filter((c) => c.uri === XS && c.local === 'documentation'))
    .map((d) => squash(d.text))
    .filter((t) => t !== '');
  if (documentation.length > 0) return documentation.join(' ');
  // goAML writes value labels as comments: <xs:enumeration value="E"><!--Electronic--></xs:enumeration>.
  const comment = facet.comments.map(squash).filter((t) => t !== '');
  return comment.length > 0 ? comment.join(' ') : undefined;
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** Child element name when the content is one element that may repeat (directly or through its groups). */
function wrappedElement(def: ComplexTypeDef): string | undefined {
  if (def.simpleContent || def.attributes.length > 0 || !def.content) return undefined;
  let particle: Particle = def.content;
  let max = particle.maxOccurs;
  while (particle.kind !== 'element') {
    if (particle.particles.length !== 1) return undefined;
    particle = particle.particles[0];
    max *= particle.maxOccurs;
  }
  return max > 1 ? particle.name : undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
