import type { ErrorItem } from '@fiu/core';
import type { CompiledSchema, ElementParticle, Particle, TypeRef } from '../schema/schema-model';
import type { XmlElement } from '../xml/xml-element';
import { checkSimpleValue } from './simple-value';
import { camelName } from '../json/names';

/**
 * Layer 1: checks an element tree against a compiled goAML schema: required elements, order,
 * choices, repetitions, types, lengths, patterns and code lists. Matching is greedy, which is
 * exact for goAML schemas (XSD requires unambiguous content models). Every problem is reported.
 */
export class StructureValidator {
  private readonly firstSets = new WeakMap<Particle, Set<string>>();
  private readonly nullable = new WeakMap<Particle, boolean>();
  /** Types of the root's children, for validating a streamed file record by record. */
  private readonly recordTypes = new Map<string, TypeRef>();
  private shallow = false;

  constructor(private readonly schema: CompiledSchema) {
    const root = 'complex' in schema.root ? schema.types[schema.root.complex] : undefined;
    const visit = (particle: Particle) => {
      if (particle.kind === 'element') {
        if (!this.recordTypes.has(particle.name)) this.recordTypes.set(particle.name, particle.type);
      } else particle.particles.forEach(visit);
    };
    if (root?.content) visit(root.content);
  }

  /** Validates one direct child of the root, as it streams in. Unknown names are left to validateSkeleton. */
  validateRecord(record: XmlElement, errors: ErrorItem[]): void {
    const type = this.recordTypes.get(record.name);
    if (type) this.validateElement(record, type, errors);
  }

  /**
   * Validates the root's content model (order, required, repetitions) on stubs of its children,
   * without descending into them: the records themselves were validated as they streamed in.
   */
  validateSkeleton(root: XmlElement): ErrorItem[] {
    this.shallow = true;
    try {
      return this.validateReport(root);
    } finally {
      this.shallow = false;
    }
  }

  /** Validates a whole report (the root element). */
  validateReport(root: XmlElement): ErrorItem[] {
    const errors: ErrorItem[] = [];
    if (root.name !== this.schema.rootElement) {
      errors.push({ path: pathOf(root), code: 'wrong_root', severity: 'fatal', message: `The document element must be <${this.schema.rootElement}>, not <${root.name}>` });
      return errors;
    }
    this.validateElement(root, this.schema.root, errors);
    return errors;
  }

  /** Validates one element against its declared type; used per record when streaming large files. */
  validateElement(element: XmlElement, type: TypeRef, errors: ErrorItem[]): void {
    if ('simple' in type) {
      if (element.children.length > 0) {
        errors.push(problem(element, 'unexpected_element', `<${element.name}> holds a value, not elements`));
        return;
      }
      for (const found of checkSimpleValue(element.text, type.simple)) errors.push(problem(element, found.code, `${element.name}: ${found.message}`));
      return;
    }
    const complex = this.schema.types[type.complex];
    if (!complex) return;
    if (complex.simpleContent) {
      for (const found of checkSimpleValue(element.text, complex.simpleContent)) errors.push(problem(element, found.code, `${element.name}: ${found.message}`));
      return;
    }
    if (element.text && !complex.mixed) {
      errors.push(problem(element, 'unexpected_text', `<${element.name}> must hold elements, not text`));
    }
    const children = element.children;
    const position = complex.content ? this.match(complex.content, children, 0, element, errors) : 0;
    this.reportLeftovers(children.slice(position), element, complex.content, errors);
  }

  /** Matches `particle` against children from `start`; returns where it stopped. */
  private match(particle: Particle, children: XmlElement[], start: number, parent: XmlElement, errors: ErrorItem[]): number {
    if (particle.kind === 'element') return this.matchElement(particle, children, start, parent, errors);
    let position = start;
    for (let round = 0; round < particle.maxOccurs; round += 1) {
      const next = children[position];
      const canStart = next !== undefined && this.first(particle).has(next.name);
      if (round >= particle.minOccurs && !canStart) break;
      const before = position;
      position = particle.kind === 'choice' ? this.matchChoice(particle.particles, children, position, parent, errors, canStart) : this.matchSequence(particle, children, position, parent, errors);
      if (position === before) break;
    }
    return position;
  }

  private matchSequence(particle: Particle & { particles: Particle[] }, children: XmlElement[], start: number, parent: XmlElement, errors: ErrorItem[]): number {
    let position = start;
    if (particle.kind === 'all') {
      // xs:all allows any order: take each child whose name belongs to the group.
      const members = new Map(particle.particles.filter((p): p is ElementParticle => p.kind === 'element').map((p) => [p.name, p]));
      const seen = new Set<string>();
      while (position < children.length && members.has(children[position].name) && !seen.has(children[position].name)) {
        seen.add(children[position].name);
        if (!this.shallow) this.validateElement(children[position], members.get(children[position].name)!.type, errors);
        position += 1;
      }
      for (const member of members.values()) {
        if (member.minOccurs > 0 && !seen.has(member.name)) errors.push(missing(parent, member.name));
      }
      return position;
    }
    for (const part of particle.particles) position = this.match(part, children, position, parent, errors);
    return position;
  }

  private matchChoice(alternatives: Particle[], children: XmlElement[], start: number, parent: XmlElement, errors: ErrorItem[], canStart: boolean): number {
    const next = children[start];
    const chosen = canStart ? alternatives.find((alternative) => this.first(alternative).has(next.name)) : undefined;
    if (!chosen) {
      if (!alternatives.some((alternative) => this.isNullable(alternative))) {
        const names = [...new Set(alternatives.flatMap((alternative) => [...this.first(alternative)]))];
        errors.push({ ...missing(parent, names[0]), code: 'choice_required', message: `One of ${names.join(', ')} is required in <${parent.name}>` });
      }
      return start;
    }
    const position = this.match(chosen, children, start, parent, errors);
    // A second alternative right after the first breaks "exactly one of" rules such as person | account | entity.
    const after = children[position];
    if (after && alternatives.some((alternative) => alternative !== chosen && this.first(alternative).has(after.name))) {
      errors.push(problem(after, 'choice_violation', `Only one of ${alternatives.flatMap((a) => [...this.first(a)]).join(', ')} may appear in <${parent.name}>`));
      return position + 1;
    }
    return position;
  }

  private matchElement(particle: ElementParticle, children: XmlElement[], start: number, parent: XmlElement, errors: ErrorItem[]): number {
    let position = start;
    while (position < children.length && children[position].name === particle.name && position - start < particle.maxOccurs) {
      if (!this.shallow) this.validateElement(children[position], particle.type, errors);
      position += 1;
    }
    const count = position - start;
    if (count < particle.minOccurs) {
      errors.push(count === 0 ? missing(parent, particle.name) : { ...missing(parent, particle.name), message: `<${parent.name}> needs at least ${particle.minOccurs} <${particle.name}>` });
    }
    return position;
  }

  private reportLeftovers(leftovers: XmlElement[], parent: XmlElement, content: Particle | null, errors: ErrorItem[]): void {
    const declared = content ? this.declaredNames(content) : new Set<string>();
    for (const child of leftovers) {
      errors.push(
        declared.has(child.name)
          ? problem(child, 'element_out_of_order', `<${child.name}> is out of order or repeated too often in <${parent.name}>`)
          : problem(child, 'unknown_element', `<${child.name}> is not part of <${parent.name}>`),
      );
    }
  }

  private first(particle: Particle): Set<string> {
    let set = this.firstSets.get(particle);
    if (!set) {
      set = new Set<string>();
      if (particle.kind === 'element') set.add(particle.name);
      else if (particle.kind === 'sequence') {
        for (const part of particle.particles) {
          for (const name of this.first(part)) set.add(name);
          if (!this.isNullable(part)) break;
        }
      } else for (const part of particle.particles) for (const name of this.first(part)) set.add(name);
      this.firstSets.set(particle, set);
    }
    return set;
  }

  private isNullable(particle: Particle): boolean {
    let value = this.nullable.get(particle);
    if (value === undefined) {
      if (particle.minOccurs === 0) value = true;
      else if (particle.kind === 'element') value = false;
      else if (particle.kind === 'choice') value = particle.particles.some((part) => this.isNullable(part));
      else value = particle.particles.every((part) => this.isNullable(part));
      this.nullable.set(particle, value);
    }
    return value;
  }

  private declaredNames(particle: Particle, into = new Set<string>()): Set<string> {
    if (particle.kind === 'element') into.add(particle.name);
    else for (const part of particle.particles) this.declaredNames(part, into);
    return into;
  }
}

function pathOf(element: XmlElement): string {
  return element.jsonPointer ?? element.xpath;
}

function problem(element: XmlElement, code: string, message: string): ErrorItem {
  return { path: pathOf(element), code, severity: 'error', message };
}

function missing(parent: XmlElement, name: string): ErrorItem {
  const path = parent.jsonPointer !== undefined ? `${parent.jsonPointer}/${camelName(name)}` : `${parent.xpath}/${name}`;
  return { path, code: 'required', severity: 'error', message: `<${parent.name}> needs <${name}>` };
}
