/** The sentence the adjustment form and the engine both give for an amount that cannot be stored. */
import { describe, expect, it } from 'vitest';
import { adjustmentAmountProblem } from './adjustment-amount';

describe('adjustmentAmountProblem', () => {
  it('accepts a signed amount within the currency’s decimals', () => {
    expect(adjustmentAmountProblem('-150.00', 'USD')).toBeNull();
    expect(adjustmentAmountProblem(' 12 ', 'JPY')).toBeNull();
    expect(adjustmentAmountProblem('1.234', 'BHD')).toBeNull();
  });
  it('says why an amount cannot be used', () => {
    expect(adjustmentAmountProblem('10.123', 'USD')).toBe('USD amounts have at most 2 decimals; 10.123 has more.');
    expect(adjustmentAmountProblem('10.5', 'JPY')).toBe('JPY amounts have no decimals; 10.5 has more.');
    expect(adjustmentAmountProblem('1,000.00', 'USD')).toMatch(/^Type the amount as a plain number such as -150\.00/);
    expect(adjustmentAmountProblem('$5', 'USD')).toMatch(/^Type the amount as a plain number/);
    expect(adjustmentAmountProblem('1e3', 'USD')).toMatch(/^Type the amount as a plain number/);
    expect(adjustmentAmountProblem('0.00', 'USD')).toBe('An adjustment of zero changes nothing.');
    expect(adjustmentAmountProblem('1234567890123', 'USD')).toMatch(/is larger than any adjustment can be/);
    expect(adjustmentAmountProblem('', 'USD')).toBe('Type the amount of the adjustment.');
  });
});
