import { describe, expect, it } from 'vitest';
import { isOpenOn } from '../../../api/src/domain/coverage/model.ts';

const D = '2024-07-01';

describe('isOpenOn', () => {
  it('should count an open facility with no dates as open', () => {
    expect(isOpenOn({ status: 'open', opened_on: null, closed_on: null }, D)).toBe(true);
  });

  it('should count the opening day as open and the day before it as not', () => {
    expect(isOpenOn({ status: 'open', opened_on: D, closed_on: null }, D)).toBe(true);
    expect(isOpenOn({ status: 'open', opened_on: '2024-07-02', closed_on: null }, D)).toBe(false);
  });

  it('should count the closing day as closed and the day before it as open', () => {
    const f = { status: 'closed' as const, opened_on: '2001-01-01', closed_on: D };
    expect(isOpenOn(f, D)).toBe(false);
    expect(isOpenOn(f, '2024-06-30')).toBe(true);
  });

  it('should never count a closed facility without closed_on as open', () => {
    expect(isOpenOn({ status: 'closed', opened_on: '2001-01-01', closed_on: null }, D)).toBe(false);
  });

  it('should count planned facilities only with includePlanned, and still apply their dates', () => {
    const planned = { status: 'planned' as const, opened_on: null, closed_on: null };
    expect(isOpenOn(planned, D)).toBe(false);
    expect(isOpenOn(planned, D, { includePlanned: true })).toBe(true);
    expect(isOpenOn({ ...planned, opened_on: '2027-01-01' }, D, { includePlanned: true })).toBe(false);
  });

  it('should reject a date that is not YYYY-MM-DD', () => {
    expect(() => isOpenOn({ status: 'open', opened_on: null, closed_on: null }, '2024-7-1')).toThrow(/YYYY-MM-DD/);
  });
});
