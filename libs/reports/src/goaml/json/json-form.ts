import type { ErrorItem } from '@fiu/core';
import type { CompiledSchema, ElementParticle, Particle, TypeRef } from '../schema/schema-model';
import type { XmlElement } from '../xml/xml-element';
import { camelName } from './names';

interface ChildDeclaration {
  particle: ElementParticle;
  /** True when the element may occur more than once here, counting repeated enclosing groups. */
  repeatable: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The JSON form of a goAML report: element names in camelCase, a wrapper element (phones,
 * report_indicators, ...) as an array of its items, a repeatable element as an array, values as
 * strings (numbers and booleans are accepted and kept as written). Order is taken from the schema,
 * so JSON has no ordering errors. Conversion goes through the same element tree as XML, so one
 * validator and one mapper serve both.
 */
export class JsonForm {
  private readonly declarations = new Map<string, Map<string, ChildDeclaration>>();

  constructor(private readonly schema: CompiledSchema) {}

  /** Builds the element tree of a JSON report; shape problems come back as errors with JSON pointers. */
  toElementTree(json: unknown): { root: XmlElement | null; errors: ErrorItem[] } {
    const errors: ErrorItem[] = [];
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      errors.push({ path: '', code: 'invalid_type', severity: 'fatal', message: 'The report must be a JSON object' });
      return { root: null, errors };
    }
    const root = this.build(json, this.schema.rootElement, this.schema.root, '', `/${this.schema.rootElement}`, errors);
    return { root, errors };
  }

  /** The JSON form of an element tree (the inverse of toElementTree). */
  fromElementTree(element: XmlElement, type: TypeRef = this.schema.root): unknown {
    if ('simple' in type) return element.text;
    const complex = this.schema.types[type.complex];
    if (!complex || complex.simpleContent) return element.text;
    const wrapped = this.schema.wrappers[type.complex];
    const children = this.childrenOf(type.complex);
    if (wrapped) {
      const item = children.get(wrapped)!;
      return element.children.map((child) => this.fromElementTree(child, item.particle.type));
    }
    const out: Record<string, unknown> = {};
    for (const child of element.children) {
      const declaration = children.get(child.name);
      const value = declaration ? this.fromElementTree(child, declaration.particle.type) : child.text;
      const key = camelName(child.name);
      if (declaration?.repeatable && !this.schema.wrappers[complexKey(declaration.particle.type) ?? '']) {
        out[key] = [...((out[key] as unknown[]) ?? []), value];
      } else out[key] = value;
    }
    return out;
  }

  private build(value: unknown, name: string, type: TypeRef, pointer: string, xpath: string, errors: ErrorItem[]): XmlElement | null {
    const element: XmlElement = { name, attributes: {}, children: [], text: '', line: 0, column: 0, xpath, jsonPointer: pointer };
    const simple = 'simple' in type ? type.simple : this.schema.types[type.complex]?.simpleContent;
    if (simple) {
      if (typeof value === 'string') element.text = simple.base === 'dateTime' && DATE_ONLY.test(value) ? `${value}T00:00:00` : value;
      else if (typeof value === 'number' || typeof value === 'boolean') element.text = String(value);
      else {
        errors.push({ path: pointer, code: 'invalid_type', severity: 'error', message: `${camelName(name)} must be a string` });
        return null;
      }
      return element;
    }
    const key = (type as { complex: string }).complex;
    const children = this.childrenOf(key);
    const wrapped = this.schema.wrappers[key];
    if (wrapped) {
      if (!Array.isArray(value)) {
        errors.push({ path: pointer, code: 'invalid_type', severity: 'error', message: `${camelName(name)} must be an array of ${camelName(wrapped)} items` });
        return null;
      }
      const item = children.get(wrapped)!;
      value.forEach((entry, index) => {
        const child = this.build(entry, wrapped, item.particle.type, `${pointer}/${index}`, `${xpath}/${wrapped}[${index + 1}]`, errors);
        if (child) element.children.push(child);
      });
      return element;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ path: pointer, code: 'invalid_type', severity: 'error', message: `${camelName(name)} must be an object` });
      return null;
    }
    const object = value as Record<string, unknown>;
    const known = new Set<string>();
    for (const [childName, declaration] of children) {
      const property = camelName(childName);
      known.add(property);
      if (!(property in object) || object[property] === null || object[property] === undefined) continue;
      const childValue = object[property];
      const childWrapped = Boolean(this.schema.wrappers[complexKey(declaration.particle.type) ?? '']);
      const items = Array.isArray(childValue) && !childWrapped ? childValue : [childValue];
      if (items.length > 1 && !declaration.repeatable) {
        errors.push({ path: `${pointer}/${property}`, code: 'not_repeatable', severity: 'error', message: `${property} may appear only once` });
      }
      items.forEach((item, index) => {
        const arrayed = Array.isArray(childValue) && !childWrapped;
        const child = this.build(
          item,
          childName,
          declaration.particle.type,
          arrayed ? `${pointer}/${property}/${index}` : `${pointer}/${property}`,
          arrayed || childName === 'transaction' ? `${xpath}/${childName}[${index + 1}]` : `${xpath}/${childName}`,
          errors,
        );
        if (child) element.children.push(child);
      });
    }
    for (const property of Object.keys(object)) {
      if (!known.has(property)) {
        errors.push({ path: `${pointer}/${property}`, code: 'unknown_property', severity: 'error', message: `${property} is not part of ${camelName(name)}` });
      }
    }
    return element;
  }

  /** Child elements a complex type declares, in schema order, with whether each may repeat. */
  private childrenOf(key: string): Map<string, ChildDeclaration> {
    let found = this.declarations.get(key);
    if (!found) {
      found = new Map();
      const content = this.schema.types[key]?.content;
      if (content) collect(content, false, found);
      this.declarations.set(key, found);
    }
    return found;
  }
}

function collect(particle: Particle, repeatedAbove: boolean, into: Map<string, ChildDeclaration>): void {
  if (particle.kind === 'element') {
    if (particle.maxOccurs === 0) return;
    const repeatable = repeatedAbove || particle.maxOccurs > 1;
    const existing = into.get(particle.name);
    into.set(particle.name, { particle: existing?.particle ?? particle, repeatable: repeatable || Boolean(existing) });
    return;
  }
  for (const part of particle.particles) collect(part, repeatedAbove || particle.maxOccurs > 1, into);
}

function complexKey(type: TypeRef): string | undefined {
  return 'complex' in type ? type.complex : undefined;
}
