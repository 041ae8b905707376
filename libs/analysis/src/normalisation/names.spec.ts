import fc from 'fast-check';
import { HONORIFICS, LEGAL_FORMS, normaliseName, type NameKind } from './names';

const OUTPUT = /^[a-z0-9]*(?: [a-z0-9]+)*$/;
const kinds = fc.constantFrom<NameKind>('person', 'organisation');
const person = (raw: string) => normaliseName(raw, 'person');
const organisation = (raw: string) => normaliseName(raw, 'organisation');

describe('normaliseName', () => {
  describe('examples', () => {
    it('transliterates Cyrillic', () => {
      expect(person('Владимир Путин').tokens).toEqual(['putin', 'vladimir']);
      expect(person('Наталья Сергеевна').normalised).toBe('natalya sergeevna');
    });

    it('transliterates Arabic to Latin letters', () => {
      const { normalised, tokens } = person('محمد بن سلمان');
      expect(normalised).toMatch(/^[a-z ]+$/);
      expect(tokens).toHaveLength(3);
      expect(person('ﻣﺤﻤﺪ').normalised).toBe(person('محمد').normalised); // presentation forms, via NFKC
      expect(person('مُحَمَّد').normalised).toBe(person('محمد').normalised); // harakat are diacritics
    });

    it('transliterates Greek, CJK, Hebrew and Devanagari', () => {
      expect(person('Αλέξης Τσίπρας').normalised).toBe('alexis tsipras');
      expect(person('ΣΊΣΥΦΟΣ').normalised).toBe(person('σίσυφος').normalised);
      expect(person('习近平').normalised).toBe('jin ping xi');
      expect(person('שָׁלוֹם').normalised).toBe(person('שלום').normalised);
      // Vowel signs are combining marks in Brahmic scripts: they must survive.
      expect(person('दिल्ली').normalised).toBe('dillii');
    });

    it('removes diacritics, Cyrillic ones included', () => {
      expect(person('José Núñez-Çelik').normalised).toBe(person('Jose Nunez Celik').normalised);
      expect(person('Пётр').normalised).toBe(person('Петр').normalised);
      expect(person('Ｊｏｈｎ').normalised).toBe('john');
    });

    it('sets aside company legal forms for organisations', () => {
      expect(organisation('Müller GmbH')).toEqual({ normalised: 'muller', tokens: ['muller'], removed: ['gmbh'] });
      const santander = { normalised: 'banco santander', tokens: ['banco', 'santander'], removed: ['sa'] };
      expect(organisation('Banco Santander, S.A.')).toEqual(santander);
      expect(organisation('Acme B.V.')).toEqual(organisation('ACME BV'));
      expect(organisation('Smith & Co. Ltd').removed).toEqual(['co', 'ltd']);
      expect(organisation('A/S Maersk').normalised).toBe('maersk');
      expect(organisation('ООО "Газпром"')).toEqual({ normalised: 'gazprom', tokens: ['gazprom'], removed: ['ooo'] });
      expect(organisation('Emirates Trading FZCO').removed).toEqual(['fzco']);
    });

    it('treats a dotted acronym as one token in organisation names', () => {
      expect(organisation('I.B.M. Corp').normalised).toBe(organisation('IBM').normalised);
    });

    it('sets aside honorifics for persons only', () => {
      const ahmed = { normalised: 'ahmed hassan', tokens: ['ahmed', 'hassan'], removed: ['alhaj', 'dr'] };
      expect(person('Dr. Ahmed Al-Haj Hassan')).toEqual(ahmed);
      expect(person('Sheikh Mohammed bin Rashid').removed).toEqual(['sheikh']);
      expect(person('Mrs. Jane Smith Jr').normalised).toBe('jane jr smith');
      expect(organisation('Dr Oetker').normalised).toBe('dr oetker');
      expect(person('Smith Co').normalised).toBe('co smith');
    });

    it('keeps a name made only of set-aside words rather than returning nothing', () => {
      expect(organisation('Company Ltd')).toEqual({ normalised: 'company ltd', tokens: ['company', 'ltd'], removed: [] });
      expect(person('Mr')).toEqual({ normalised: 'mr', tokens: ['mr'], removed: [] });
    });

    it('makes spacing, hyphens and case irrelevant', () => {
      expect(organisation('AL QAIDA')).toEqual(organisation('Al-Qaida'));
      expect(person('AL QAIDA')).toEqual(person('al-qaida'));
      expect(person('  Kim\tJong-un ')).toEqual(person('kim jong un'));
    });

    it('deletes apostrophes instead of splitting on them', () => {
      expect(person("O'Brien").normalised).toBe('obrien');
      expect(person('O’Brien')).toEqual(person('OBrien'));
    });

    it('gives an empty result for empty or punctuation-only input', () => {
      const empty = { normalised: '', tokens: [], removed: [] };
      expect(person('')).toEqual(empty);
      expect(organisation(' ,.-/ ')).toEqual(empty);
      expect(person('🙂 ⚡')).toEqual(empty);
    });

    it('keeps the documented lists in normalised form', () => {
      for (const word of [...HONORIFICS, ...LEGAL_FORMS]) expect(word).toMatch(/^[a-z]+$/);
    });
  });

  describe('properties', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 5 }),
      fc.string({ maxLength: 40 }),
    );

    it('never throws and writes only [a-z0-9 ], tokens sorted', () => {
      fc.assert(
        fc.property(anyText, kinds, (raw, kind) => {
          const { normalised, tokens, removed } = normaliseName(raw, kind);
          expect(normalised).toMatch(OUTPUT);
          expect(normalised).toBe(tokens.join(' '));
          expect(tokens).toEqual([...tokens].sort());
          expect(removed).toEqual([...removed].sort());
          for (const token of [...tokens, ...removed]) expect(token).toMatch(/^[a-z0-9]+$/);
        }),
        { numRuns: 500 },
      );
    });

    it('is idempotent', () => {
      fc.assert(
        fc.property(anyText, kinds, (raw, kind) => {
          const once = normaliseName(raw, kind);
          expect(normaliseName(once.normalised, kind)).toEqual({ ...once, removed: [] });
        }),
        { numRuns: 500 },
      );
    });

    // Words are realistic pieces (names, titles, legal forms, scripts) or anything without whitespace.
    const realisticWord = fc.oneof(
      fc.constantFrom('Müller', 'José', 'Владимир', 'Путин', 'محمد', 'بن', '习近平', 'Αλέξης', 'S.A.', 'B.V.', 'GmbH', 'Ltd.', 'Dr.'),
      fc.constantFrom('Al-Haj'),
      fc.constantFrom('Mr', 'Sheikh', "O'Brien", 'Smith&Co', 'I.B.M.', 'A/S', 'Kim', 'Jong-un', 'Al-Qaida', 'Çelik', 'Ｊｏｈｎ', '2nd'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter((w) => !/\s/u.test(w)),
    );

    it('is insensitive to token order', () => {
      const words = fc.array(realisticWord, { maxLength: 6 });
      const shuffled = words.chain((ws) => fc.tuple(fc.constant(ws), fc.shuffledSubarray(ws, { minLength: ws.length })));
      fc.assert(
        fc.property(shuffled, kinds, ([ws, permuted], kind) => {
          expect(normaliseName(permuted.join(' '), kind)).toEqual(normaliseName(ws.join(' '), kind));
        }),
        { numRuns: 500 },
      );
    });

    it('is insensitive to case, letter by letter', () => {
      const latin = 'abcdefghijklmnopqrstuvwxyzàéîõüçñøåßæœłđ';
      const letters = [...latin, ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяїієґ', ...'αβγδεζηθικλμνξοπρσςτυφχψωάέίόύ'];
      const word = fc.string({ unit: fc.constantFrom(...letters, ' ', '-', '.'), maxLength: 20 });
      const casing = fc.array(fc.boolean(), { minLength: 20, maxLength: 20 });
      fc.assert(
        fc.property(word, casing, kinds, (raw, upper, kind) => {
          const mixed = [...raw].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
          const expected = normaliseName(raw, kind);
          expect(normaliseName(raw.toUpperCase(), kind)).toEqual(expected);
          expect(normaliseName(mixed, kind)).toEqual(expected);
        }),
        { numRuns: 500 },
      );
    });

    it('is insensitive to case on any string', () => {
      fc.assert(
        fc.property(anyText, kinds, (raw, kind) => {
          const expected = normaliseName(raw, kind);
          expect(normaliseName(raw.toUpperCase(), kind)).toEqual(expected);
          expect(normaliseName(raw.toLowerCase(), kind)).toEqual(expected);
        }),
        { numRuns: 500 },
      );
    });

    it('is insensitive to diacritics, composed or not', () => {
      // U+0345 is left out: the Greek iota subscript folds to a letter (ᾳ upper-cases to ΑΙ), it is not an accent.
      const mark = fc.integer({ min: 0x300, max: 0x36f }).filter((c) => c !== 0x345).map((c) => String.fromCharCode(c));
      const letter = fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.array(mark, { maxLength: 2 }));
      const word = fc.array(letter, { minLength: 1, maxLength: 10 });
      fc.assert(
        fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), kinds, fc.boolean(), (words, kind, composed) => {
          const plain = words.map((w) => w.map(([base]) => base).join('')).join(' ');
          const accented = words.map((w) => w.map(([base, marks]) => base + marks.join('')).join('')).join(' ');
          expect(normaliseName(composed ? accented.normalize('NFC') : accented, kind)).toEqual(normaliseName(plain, kind));
        }),
        { numRuns: 500 },
      );
    });
  });
});
