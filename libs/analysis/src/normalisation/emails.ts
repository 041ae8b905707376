/**
 * Gmail ignores dots in the local part and everything from a '+', and googlemail.com is the same service: all these
 * spellings reach one mailbox, so for matching they are one address.
 */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

/**
 * An e-mail address trimmed and lower-cased, or null when it fails a basic check (one @, non-empty local part, a
 * domain of non-empty dot-separated labels with at least one dot, no whitespace, no angle brackets).
 * The local part is lower-cased too: RFC 5321 lets it be case-sensitive, but no mainstream provider makes it so, and
 * for matching a missed link costs more than a rare false one.
 * IDNA is out of scope: a Unicode domain is only lower-cased, not converted to punycode, so münchen.de and
 * xn--mnchen-3ya.de do not compare equal. Never throws.
 */
export function normaliseEmail(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 320) return null;
  const text = raw.trim().replace(/^(?:mailto:)+/i, '').toLowerCase();
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@') || /[\s<>]/u.test(text)) return null;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1);
  if (domain.endsWith('.')) domain = domain.slice(0, -1); // the DNS root: example.com. = example.com
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return null;
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\+.*$/s, '').replace(/\./g, '');
    domain = 'gmail.com';
  }
  return local === '' ? null : `${local}@${domain}`;
}
