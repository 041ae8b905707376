import type { CompiledSchema, Particle, TypeRef } from './schema-model';

/** Code lists are configuration: loaded from the FIU's XSD enumerations, with built-in defaults. */
export interface CodeLists {
  [listName: string]: ReadonlySet<string>;
}

/** The schema's code lists as fresh, mutable arrays (the compiled schema itself is frozen). */
export function codeListsFromSchema(schema: CompiledSchema): Record<string, string[]> {
  return Object.fromEntries(Object.entries(schema.codeLists).map(([name, values]) => [name, [...values]]));
}

/** Lookup form for validators. */
export function toCodeListSets(lists: Record<string, readonly string[]>): CodeLists {
  return Object.fromEntries(Object.entries(lists).map(([name, values]) => [name, new Set(values)]));
}

export interface CodeListEntry {
  code: string;
  label?: string;
}

/** Every named code list with its labels, as served to filers at GET /v1/code-lists. */
export function describeCodeLists(schema: CompiledSchema): Record<string, CodeListEntry[]> {
  const labels = new Map<string, Record<string, string>>();
  const visitType = (type: TypeRef) => {
    if ('simple' in type && type.simple.name && type.simple.enumerationDocs && !labels.has(type.simple.name)) {
      labels.set(type.simple.name, type.simple.enumerationDocs);
    }
  };
  const visit = (particle: Particle | null): void => {
    if (!particle) return;
    if (particle.kind === 'element') visitType(particle.type);
    else particle.particles.forEach(visit);
  };
  for (const type of Object.values(schema.types)) visit(type.content);
  return Object.fromEntries(
    Object.entries(schema.codeLists).map(([name, values]) => [
      name,
      values.map((code) => (labels.get(name)?.[code] ? { code, label: labels.get(name)![code] } : { code })),
    ]),
  );
}
