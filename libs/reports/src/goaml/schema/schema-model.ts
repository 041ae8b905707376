/**
 * Compact structure model of a goAML XSD, compiled by `compileXsd` and walked by the validator and
 * the JSON<->XML converter. Every FIU ships its own XSD, so nothing here is specific to one version.
 * A compiled schema is deeply frozen: simple type definitions are shared between elements.
 */

/** Built-in XSD type a simple type finally restricts; 'other' covers unions, lists and unmodelled built-ins. */
export type SimpleBase = 'string' | 'decimal' | 'integer' | 'int' | 'boolean' | 'date' | 'dateTime' | 'other';

/** A simple type after resolving its restriction chain down to a built-in base (the derived facet wins). */
export interface SimpleTypeDef {
  base: SimpleBase;
  minLength?: number;
  maxLength?: number;
  length?: number;
  /**
   * XSD regex sources as written (implicitly anchored). Every entry must match: one entry per derivation
   * step; several patterns in the same step are joined with '|', since XSD ORs them.
   */
  patterns?: string[];
  /** Allowed values in document order; a derived enumeration replaces the base's. */
  enumeration?: string[];
  /** Label per value: its xs:documentation, else the XML comment inside xs:enumeration (goAML's habit). */
  enumerationDocs?: Record<string, string>;
  minInclusive?: string;
  maxInclusive?: string;
  minExclusive?: string;
  maxExclusive?: string;
  totalDigits?: number;
  fractionDigits?: number;
  /** Nearest named simpleType in the derivation chain (the code list name), e.g. 'currency_type'. */
  name?: string;
}

/** Reference to an element's type: a simple definition inline, or a key into `CompiledSchema.types`. */
export type TypeRef = { simple: SimpleTypeDef } | { complex: string };

export interface ElementParticle {
  kind: 'element';
  name: string;
  minOccurs: number;
  /** Infinity for 'unbounded'; 0 means the element is prohibited (some FIUs switch elements off this way). */
  maxOccurs: number;
  type: TypeRef;
  fixed?: string;
  default?: string;
  nillable?: boolean;
}

export interface GroupParticle {
  kind: 'sequence' | 'choice' | 'all';
  minOccurs: number;
  maxOccurs: number;
  particles: Particle[];
}

export type Particle = ElementParticle | GroupParticle;

export interface ComplexTypeDef {
  /** Key in `CompiledSchema.types`: the XSD name, or the element path for anonymous types. */
  name: string;
  anonymous: boolean;
  /** Element content; null when the type is empty or has simple content. */
  content: Particle | null;
  attributes: string[];
  /** Present when the element holds text (xs:simpleContent). */
  simpleContent?: SimpleTypeDef;
  mixed?: boolean;
}

export interface CompiledSchema {
  /** Name of the document element, normally 'report'. */
  rootElement: string;
  root: TypeRef;
  /**
   * Named complex types under their name; anonymous ones under the path of element names from the
   * global element or named type that holds them, e.g. 'report/transaction', 't_entity/director_id'.
   * A clash (rare: a global element named like a complex type) gets a '#2', '#3'... suffix.
   */
  types: Record<string, ComplexTypeDef>;
  /** Every named simpleType with an enumeration: name -> values in document order. */
  codeLists: Record<string, string[]>;
  /**
   * Wrapper types: content is exactly one element that may repeat, e.g. phones -> phone,
   * report_indicators -> indicator. Key: complex type key; value: the child element name.
   */
  wrappers: Record<string, string>;
}
