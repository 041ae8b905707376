import { generateReportKey, publicKeyOf, signReport } from './report-keys';
import { parseSignature, verifyReportSignature } from './verify-report';

function setup() {
  const key = generateReportKey('NL', new Date('2026-12-01T00:00:00Z'));
  const other = generateReportKey('NL', new Date('2026-12-02T00:00:00Z'));
  const pdf = Buffer.from('%PDF-1.7 a report\n%%EOF');
  const signature = signReport(pdf, key);
  return { pdf, signature, trusted: [publicKeyOf(other), publicKeyOf(key)], key };
}

describe('verifyReportSignature', () => {
  it('accepts the signed bytes with the key that signed them', () => {
    const { pdf, signature, trusted, key } = setup();
    expect(signature).toHaveLength(64);
    expect(verifyReportSignature(pdf, { signature, keyId: null }, trusted)).toMatchObject({ valid: true, keyId: key.kid });
  });

  it('fails after one flipped byte, and with a key that did not sign', () => {
    const { pdf, signature, trusted, key } = setup();
    const flipped = Buffer.from(pdf);
    flipped[5] ^= 0x01;
    expect(verifyReportSignature(flipped, { signature, keyId: null }, trusted).valid).toBe(false);
    expect(verifyReportSignature(pdf, { signature, keyId: null }, [trusted[0]]).valid).toBe(false);
    expect(verifyReportSignature(pdf, { signature, keyId: trusted[0].keyId }, trusted).valid).toBe(false);
    expect(verifyReportSignature(pdf, { signature, keyId: key.kid }, trusted).valid).toBe(true);
  });

  it('reads the raw signature and the JSON one, and nothing else', () => {
    const { signature, key } = setup();
    expect(parseSignature(signature)).toEqual({ signature, keyId: null });
    expect(parseSignature(Buffer.from(JSON.stringify({ signatureBase64: signature.toString('base64'), keyId: key.kid })))).toEqual({ signature, keyId: key.kid });
    expect(parseSignature(Buffer.from('not a signature'))).toBeNull();
  });
});
