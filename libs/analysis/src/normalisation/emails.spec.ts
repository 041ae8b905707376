import fc from 'fast-check';
import { normaliseEmail } from './emails';

describe('normaliseEmail', () => {
  describe('examples', () => {
    it('trims and lower-cases the whole address', () => {
      expect(normaliseEmail('  John.Smith@Example.COM ')).toBe('john.smith@example.com');
      expect(normaliseEmail('mailto:Info@Bank.nl')).toBe('info@bank.nl');
      expect(normaliseEmail('a@example.com.')).toBe('a@example.com');
    });

    it('folds Gmail spellings of one mailbox together', () => {
      expect(normaliseEmail('John.Smith+fiu@gmail.com')).toBe('johnsmith@gmail.com');
      expect(normaliseEmail('j.o.h.n.smith@GoogleMail.com')).toBe('johnsmith@gmail.com');
      expect(normaliseEmail('john.smith+a+b@example.com')).toBe('john.smith+a+b@example.com'); // other providers differ
      expect(normaliseEmail('+tag@gmail.com')).toBeNull();
      expect(normaliseEmail('...@gmail.com')).toBeNull();
    });

    it('leaves Unicode domains as they are (no IDNA)', () => {
      expect(normaliseEmail('Info@München.de')).toBe('info@münchen.de');
    });

    it('refuses addresses failing the basic checks', () => {
      const invalid = ['', 'john', '@example.com', 'john@', 'john@example', 'john@@example.com', 'a@b@example.com'];
      invalid.push('john smith@example.com', 'john@exa mple.com', 'john@.example.com', 'john@example..com', 'John <john@example.com>');
      for (const raw of invalid) expect(normaliseEmail(raw)).toBeNull();
    });
  });

  describe('properties', () => {
    const local = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789._-+'), minLength: 1, maxLength: 20 });
    const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-'), minLength: 1, maxLength: 10 });
    const domain = fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.'));
    const host = fc.oneof(domain, fc.constantFrom('gmail.com', 'GMail.com', 'googlemail.com'));
    const address = fc.tuple(local, host).map(([l, d]) => `${l}@${d}`);
    const emailish = fc.string({ unit: fc.constantFrom(...'ab.@+ '), maxLength: 12 });
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), emailish, address);

    it('never throws; any result has one @, no whitespace and is idempotent', () => {
      fc.assert(
        fc.property(anyText, (raw) => {
          const email = normaliseEmail(raw);
          if (email === null) return;
          expect(email.split('@')).toHaveLength(2);
          expect(email).not.toMatch(/\s/u);
          expect(email).toBe(email.toLowerCase());
          expect(normaliseEmail(email)).toBe(email);
        }),
        { numRuns: 500 },
      );
    });

    it('is insensitive to case and surrounding whitespace', () => {
      fc.assert(
        fc.property(address, fc.constantFrom('', ' ', '\t', '\n '), (raw, pad) => {
          expect(normaliseEmail(`${pad}${raw.toUpperCase()}${pad}`)).toBe(normaliseEmail(raw));
        }),
        { numRuns: 300 },
      );
    });

    it('ignores dots and +tags in Gmail local parts only', () => {
      const user = fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789'), minLength: 1, maxLength: 12 });
      const dots = fc.array(fc.boolean(), { minLength: 12, maxLength: 12 });
      const tag = fc.string({ unit: fc.constantFrom(...'abc.+-'), maxLength: 6 });
      fc.assert(
        fc.property(user, dots, tag, fc.constantFrom('gmail.com', 'googlemail.com'), (name, dotted, suffix, host) => {
          const spelled = [...name].map((c, i) => (dotted[i] ? `${c}.` : c)).join('');
          expect(normaliseEmail(`${spelled}+${suffix}@${host}`)).toBe(`${name}@gmail.com`);
          expect(normaliseEmail(`${spelled}@example.org`)).toBe(`${spelled}@example.org`);
        }),
        { numRuns: 300 },
      );
    });
  });
});
