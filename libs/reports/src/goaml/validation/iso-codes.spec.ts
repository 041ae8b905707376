import { isIsoCountry, isIsoCurrency } from './iso-codes';

describe('ISO codes', () => {
  it('knows countries', () => {
    for (const code of ['NL', 'AE', 'ID', 'LK', 'US', 'DE']) expect(isIsoCountry(code)).toBe(true);
    for (const code of ['XX', 'ZZ', 'EU', 'nl', 'NLD', '']) expect(isIsoCountry(code)).toBe(false);
  });

  it('knows currencies', () => {
    for (const code of ['EUR', 'USD', 'AED', 'IDR', 'LKR']) expect(isIsoCurrency(code)).toBe(true);
    for (const code of ['EURO', 'eur', 'XYZ', '']) expect(isIsoCurrency(code)).toBe(false);
  });
});
