import { createHash } from 'node:crypto';
import { verifyReport } from './report-keys';

export interface CandidateKey {
  keyId: string;
  publicKeyPem: string;
}

export interface ReportVerification {
  valid: boolean;
  /** The key that verified it, when one did. */
  keyId: string | null;
  pdfSha256: string;
}

/**
 * Reads a signature as delivered: the 64 raw bytes of report.pdf.sig, or the JSON of the signature
 * route ({ signatureBase64, keyId }). Returns null when it is neither.
 */
export function parseSignature(data: Buffer): { signature: Buffer; keyId: string | null } | null {
  if (data.length === 64) return { signature: data, keyId: null };
  try {
    const json = JSON.parse(data.toString('utf8')) as { signatureBase64?: unknown; keyId?: unknown };
    if (typeof json.signatureBase64 !== 'string') return null;
    const signature = Buffer.from(json.signatureBase64, 'base64');
    return signature.length === 64 ? { signature, keyId: typeof json.keyId === 'string' ? json.keyId : null } : null;
  } catch {
    return null;
  }
}

/** Checks a PDF intelligence report against its detached signature with the keys the verifier trusts (the key named by the signature first). */
export function verifyReportSignature(pdf: Buffer, signature: { signature: Buffer; keyId: string | null }, trusted: CandidateKey[]): ReportVerification {
  const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
  const candidates = signature.keyId ? trusted.filter((key) => key.keyId === signature.keyId) : trusted;
  const match = candidates.find((key) => verifyReport(pdf, signature.signature, key.publicKeyPem));
  return { valid: match !== undefined, keyId: match?.keyId ?? null, pdfSha256 };
}
