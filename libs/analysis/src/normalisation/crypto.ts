export type WalletChain = 'bitcoin' | 'ethereum' | 'tron' | 'unknown';

export interface WalletAddress {
  chain: WalletChain;
  address: string;
}

const BASE58 = '[1-9A-HJ-NP-Za-km-z]';
const BITCOIN_BASE58 = new RegExp(`^[13]${BASE58}{24,33}$`);
// Segwit addresses are 14 to 74 characters; data uses the bech32 alphabet (no 1, b, i, o).
const BITCOIN_BECH32 = /^bc1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{11,71}$/i;
const ETHEREUM = /^0x[0-9a-f]{40}$/i;
const TRON = new RegExp(`^T${BASE58}{33}$`);
// Other chains: a long run of letters and digits is kept as written, since many chains are case-sensitive.
const OTHER = /^[A-Za-z0-9]{20,128}$/;

/**
 * Classifies and normalises a crypto-asset address by its shape. Checksums are not verified: not Base58Check, not
 * bech32, not the EIP-55 mixed-case checksum of Ethereum (the address is simply lower-cased). A 3... address is
 * taken as bitcoin P2SH although older Litecoin P2SH addresses look the same. Never throws.
 */
export function normaliseWalletAddress(raw: string): WalletAddress | null {
  if (typeof raw !== 'string' || raw.length > 256) return null;
  const text = raw.trim();
  if (BITCOIN_BASE58.test(text)) return { chain: 'bitcoin', address: text };
  // BIP-173: bech32 is either all lower or all upper case; mixed case is invalid.
  if (BITCOIN_BECH32.test(text) && (text === text.toLowerCase() || text === text.toUpperCase())) {
    return { chain: 'bitcoin', address: text.toLowerCase() };
  }
  if (ETHEREUM.test(text)) return { chain: 'ethereum', address: text.toLowerCase() };
  if (TRON.test(text)) return { chain: 'tron', address: text };
  if (OTHER.test(text)) return { chain: 'unknown', address: text };
  return null;
}
