import { describeBlocked } from './third-party';

describe('describeBlocked', () => {
  it('names the partner and the count', () => {
    expect(describeBlocked([{ label: 'FIU GB', blocked: 2 }])).toBe("2 items need FIU GB's consent");
    expect(describeBlocked([{ label: 'FIU GB', blocked: 1 }, { label: 'FIU FR', blocked: 0 }])).toBe("1 item needs FIU GB's consent");
  });

  it('lists each partner when several hold items back', () => {
    expect(describeBlocked([{ label: 'FIU GB', blocked: 2 }, { label: 'FIU FR', blocked: 1 }])).toBe('3 items need partner consent: 2 from FIU GB, 1 from FIU FR');
  });

  it('says when nothing waits', () => {
    expect(describeBlocked([])).toBe("No item needs a partner FIU's consent");
    expect(describeBlocked([{ label: 'FIU GB', blocked: 0 }])).toBe("Every partner FIU's consent is recorded");
  });
});
