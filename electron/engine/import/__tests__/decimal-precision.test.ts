import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DECIMALS, MAX_INTEGER_DIGITS, requiredDecimal, RowError } from '../fields';

/** The rule as the contract states it, written the obvious way: significant digits before and after the point. */
function withinByRule(text: string): boolean {
  const [integer = '', fraction = ''] = text.replace(/^-/, '').split('.');
  return integer.replace(/^0+/, '').length <= MAX_INTEGER_DIGITS && fraction.replace(/0+$/, '').length <= MAX_DECIMALS;
}

describe('decimal precision at the door', () => {
  it('refuses exactly the decimals with too many significant digits before or after the point', () => {
    const digits = (max: number) => fc.array(fc.constantFrom('0', '0', '0', '1', '5', '9'), { minLength: 1, maxLength: max }).map((d) => d.join(''));
    const decimal = fc
      .tuple(fc.boolean(), digits(24), fc.option(digits(16)))
      .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === null ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        let accepted: boolean;
        try {
          expect(requiredDecimal({ quantity: text }, 'quantity')).toBe(text);
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(RowError);
          accepted = false;
        }
        expect(accepted).toBe(withinByRule(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('counts digits at the edges: leading and trailing zeros are free', () => {
    const eighteen = '9'.repeat(MAX_INTEGER_DIGITS);
    expect(requiredDecimal({ q: `000${eighteen}.${'1'.repeat(MAX_DECIMALS)}000` }, 'q')).toBe(`000${eighteen}.${'1'.repeat(MAX_DECIMALS)}000`);
    expect(() => requiredDecimal({ q: `1${eighteen}` }, 'q')).toThrow(/more than 18 digits before the decimal point/);
    expect(() => requiredDecimal({ q: `-0.${'1'.repeat(MAX_DECIMALS + 1)}` }, 'q')).toThrow(/more than 12 decimals/);
    expect(requiredDecimal({ q: 12.5 }, 'q')).toBe('12.5');
  });
});
