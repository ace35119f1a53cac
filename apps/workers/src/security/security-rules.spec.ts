import { securityActionFor } from './handle-suspicious-activity.handler';
import { kycProblems } from './validate-kyc-data.handler';

const NOW = new Date('2026-03-01T00:00:00Z');
const kyc = {
  userId: 'u1',
  fullName: 'Ada Lovelace',
  dateOfBirth: new Date('1990-01-01'),
  documentType: 'PASSPORT' as const,
  documentNumber: 'X1234567',
  documentExpiry: new Date('2030-01-01'),
  country: 'GB',
};

describe('kycProblems', () => {
  it('accepts valid data', () => {
    expect(kycProblems(kyc, NOW)).toEqual([]);
  });

  it('names every problem', () => {
    const sut = kycProblems;

    expect(
      sut(
        {
          ...kyc,
          dateOfBirth: new Date('2008-03-02'),
          documentExpiry: new Date('2026-03-01'),
          documentNumber: 'ab',
        },
        NOW,
      ),
    ).toEqual(['younger than 18', 'document expired', 'document number malformed']);
  });

  it('counts the 18th birthday itself as adult', () => {
    expect(kycProblems({ ...kyc, dateOfBirth: new Date('2008-03-01') }, NOW)).toEqual([]);
  });
});

describe('securityActionFor', () => {
  it.each([
    [95, 'ACCOUNT_LOCKED'],
    [80, 'ACCOUNT_LOCKED'],
    [79, 'STEP_UP_AUTH'],
    [50, 'STEP_UP_AUTH'],
    [49, 'MONITOR'],
  ])('risk %d → %s', (score, action) => {
    expect(securityActionFor(score).action).toBe(action);
  });
});
