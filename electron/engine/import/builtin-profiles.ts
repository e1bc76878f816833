/**
 * Profiles shipped with the product for the exports finance teams actually
 * have. Column names are those of the vendors' real CSV exports:
 *
 * Harvest, Reports > Detailed time > Export > CSV:
 *   Date, Client, Project, Project Code, Task, Notes, Hours, Hours Rounded,
 *   Billable?, Invoiced?, Approved?, First Name, Last Name, Employee Id, Roles,
 *   Teams, Employee?, Billable Rate, Billable Amount, Cost Rate, Cost Amount,
 *   Currency, External Reference URL
 *   (the set varies a little with account features; only Date, Client, Hours,
 *   Billable?, First Name and Last Name are needed). Dates are YYYY-MM-DD.
 *
 * Toggl Track, Reports > Detailed > Export > CSV:
 *   User, Email, Client, Project, Task, Description, Billable, Start date,
 *   Start time, End date, End time, Duration, Tags, Amount (USD)
 *   (the amount column is named after the workspace currency, "Amount ()"
 *   when none is set). Duration is HH:MM:SS.
 *
 * Both have no entry id, so a re-import is recognised by the content hash of
 * all the source columns. The account is the client's name, as neither export
 * carries a customer id (data-formats.md has account_id; users whose account
 * ids differ from client names copy the profile and add a "values" map for
 * account_id, or a "columns" entry reading another column).
 *
 * Harvest's Hours (what was tracked) is imported, not Hours Rounded: the
 * agreement's increment_minutes does the rounding, and the rounded figure is
 * kept as an extra attribute for comparison. Both vendors' work is
 * professional services by default; a profile copy can map a tag or task to
 * support with "values".
 *
 * Stripe, Payments > Export (the "unified payments" CSV, all columns):
 *   id, Description, Seller Message, Created (UTC), Amount, Amount Refunded,
 *   Currency, Converted Amount, Converted Amount Refunded, Fee, Tax,
 *   Converted Currency, Mode, Status, Statement Descriptor, Customer ID,
 *   Customer Description, Customer Email, Captured, Card ID, Card Last4,
 *   Card Brand, Card Funding, Card Exp Month, Card Exp Year, Card Name,
 *   Card Address Line1 … Card Address Country, Card Issue Country,
 *   Card Fingerprint, Card CVC Status, Card AVS Zip Check, Card AVS Line1
 *   Check, Card Tokenization Method, Disputed Amount, Dispute Status,
 *   Dispute Reason, Dispute Date (UTC), Dispute Evidence Due (UTC),
 *   Invoice ID, Invoice Number, Payment Source Type, Destination, Transfer,
 *   Transfer Group, PaymentIntent ID, and one "<key> (metadata)" column per
 *   metadata key. Amounts are in major units ("1234.56"); Currency is lower
 *   case ("usd"); Created (UTC) is "YYYY-MM-DD HH:mm" or with seconds.
 *   payment_id = id (ch_… / py_…); the account is the "account_id (metadata)"
 *   column when the charges carry one, else Customer Description; the invoice
 *   is "invoice_number (metadata)", else Stripe's own Invoice Number. Only
 *   rows with Status Paid are money received (Failed, Refunded… are rejected
 *   with that reason); partial refunds (Amount Refunded) are not netted: the
 *   refund is a separate event, kept as an extra attribute.
 */
import type { ImportProfileInput } from './profile-schema';

export const BUILTIN_PROFILES: readonly ImportProfileInput[] = [
  {
    name: 'harvest',
    label: 'Harvest — detailed time report (CSV)',
    description: 'Harvest Reports > Detailed time > Export CSV. Account = Client; person = First Name + Last Name; hours = Hours (decimal or h:mm).',
    kind: 'hours',
    columns: {
      date: 'Date',
      account_id: 'Client',
      person: { join: ['First Name', 'Last Name'], separator: ' ' },
      role: 'Roles',
      hours: 'Hours',
      billable: 'Billable?',
      rate: 'Billable Rate',
      project: 'Project',
      notes: 'Notes',
    },
    constants: { kind: 'professional_services' },
    values: { billable: { Yes: 'true', No: 'false' } },
    dates: { date: 'YYYY-MM-DD' },
    durations: { hours: 'auto' },
  },
  {
    name: 'toggl',
    label: 'Toggl Track — detailed report (CSV)',
    description: 'Toggl Track Reports > Detailed > Export CSV. Account = Client; person = User; date = Start date; hours = Duration (HH:MM:SS).',
    kind: 'hours',
    columns: {
      date: 'Start date',
      account_id: 'Client',
      person: { first_of: ['User', 'Member'] },
      hours: 'Duration',
      billable: 'Billable',
      project: 'Project',
      notes: 'Description',
    },
    constants: { kind: 'professional_services' },
    values: { billable: { Yes: 'true', No: 'false' } },
    dates: { date: 'YYYY-MM-DD' },
    durations: { hours: 'h:mm:ss' },
  },
  {
    name: 'stripe',
    label: 'Stripe — payments export (CSV)',
    description: 'Stripe Payments > Export. payment_id = id; account = "account_id (metadata)" or Customer Description; invoice = "invoice_number (metadata)" or Invoice Number; only Paid rows.',
    kind: 'payments',
    columns: {
      payment_id: 'id',
      date: 'Created (UTC)',
      amount: 'Amount',
      currency: 'Currency',
      account_id: { first_of: ['account_id (metadata)', 'Customer Description'] },
      invoice_number: { first_of: ['invoice_number (metadata)', 'Invoice Number'] },
      method: 'Card Brand',
      reference: 'Description',
      status: 'Status',
    },
    thousands_separator: ',',
    values: {
      currency: Object.fromEntries(
        ['usd', 'eur', 'gbp', 'chf', 'jpy', 'cad', 'aud', 'nzd', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf', 'sgd', 'hkd', 'inr', 'brl', 'mxn', 'krw', 'cny'].map((c) => [c, c.toUpperCase()]),
      ),
    },
    dates: { date: ['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD'] },
  },
];
