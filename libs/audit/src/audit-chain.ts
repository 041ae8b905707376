import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, in a fixed order. */
export interface ChainedFields {
  at: Date;
  actorType: string;
  actorId: string;
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  purpose: string | null;
  sourceIp: string | null;
  detail: Record<string, unknown>;
}

/** JSON with sorted keys, so the same entry always hashes the same way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function chainHash(prevHash: string, entry: ChainedFields): string {
  const fields = [
    entry.at.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.actorName,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.purpose,
    entry.sourceIp,
    canonical(entry.detail),
  ];
  return createHash('sha256').update(`${prevHash}\n${canonical(fields)}`).digest('hex');
}
