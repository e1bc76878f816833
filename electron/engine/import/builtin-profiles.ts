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
];
