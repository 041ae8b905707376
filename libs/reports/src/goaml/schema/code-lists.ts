import type { CompiledSchema } from './schema-model';

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
