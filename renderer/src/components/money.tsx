/**
 * An amount where its currency is shown once nearby (a card's subtitle, a
 * column header) rather than beside it: the screen shows "1,234.50", a screen
 * reader reads "1,234.50 EUR", so no amount is heard without its currency.
 */
import { groupDigits } from '../lib/format';

/** `text` is the amount as shown when it is not plain grouping (a signed "−1,234.50"). */
export function Money({ amount, currency, text }: { amount: string; currency: string; text?: string }) {
  return (
    <>
      {text ?? groupDigits(amount)}
      <span className="sr-only"> {currency}</span>
    </>
  );
}
