import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the form a package's SHA-256 is taken over, so anyone can recompute it from the stored JSON. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Hex SHA-256 of a package's canonical JSON. */
export const packageHash = (value: unknown) => sha256Hex(canonicalJson(value));
