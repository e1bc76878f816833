/**
 * Ledger files (e-invoicing.md "Ledger files"): the account mapping each
 * accounting system's journal uses, and a period's journal as that system's
 * import file. Every field name is snake_case.
 */
import { z } from 'zod';
import { LINE_KINDS } from '../domain';
import { method, period } from './common';

export const LEDGER_FORMATS = ['datev', 'xero', 'quickbooks'] as const;
export type LedgerFormat = (typeof LEDGER_FORMATS)[number];
export const ledgerFormat = z.enum(LEDGER_FORMATS);

/** Every line kind but the discount (which is its own role) earns revenue. */
export const REVENUE_KINDS = LINE_KINDS.filter((k): k is Exclude<(typeof LINE_KINDS)[number], 'discount'> => k !== 'discount');
export type RevenueKind = (typeof REVENUE_KINDS)[number];

export const ACCOUNT_ROLES = ['receivables', 'tax', 'deposits', 'discounts', ...REVENUE_KINDS.map((k) => `revenue_${k}` as const)] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export type AccountMap = Record<AccountRole, string>;

export const accountMap = z.object(Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, z.string()])) as Record<AccountRole, z.ZodString>);

export const ledgerAccountsInfo = z.object({
  datev: z.object({ consultant_number: z.number().int(), client_number: z.number().int(), accounts: accountMap }),
  xero: z.object({ tax_rate: z.string(), accounts: accountMap }),
  quickbooks: z.object({ accounts: accountMap }),
});
export type LedgerAccountsInfo = z.infer<typeof ledgerAccountsInfo>;

export const journalFileInfo = z.object({
  file_name: z.string(),
  /** the file's bytes (DATEV: Windows-1252; Xero and QuickBooks: UTF-8) */
  base64: z.string(),
  documents: z.number().int(),
  lines: z.number().int(),
  currencies: z.array(z.string()),
  /** documents whose texts lost characters the file's encoding cannot hold */
  replaced: z.array(z.string()),
});
export type JournalFileInfo = z.infer<typeof journalFileInfo>;

export const ledgerMethods = {
  'settings.ledgerAccounts': method(z.object({}), ledgerAccountsInfo, 'the accounts the DATEV, Xero and QuickBooks journals use'),
  'settings.updateLedgerAccounts': method(
    z.object({
      format: ledgerFormat,
      accounts: accountMap.partial().optional(),
      consultant_number: z.number().int().optional(),
      client_number: z.number().int().optional(),
      tax_rate: z.string().max(100).optional(),
    }),
    ledgerAccountsInfo,
    "change one system's account mapping (checked, audited)",
  ),
  'export.journal': method(
    z.object({ period, format: ledgerFormat, currency: z.string().regex(/^[A-Za-z]{3}$/).optional() }),
    journalFileInfo,
    "the period's finalized invoices and credit notes as a DATEV, Xero or QuickBooks Online journal file; every document balances",
  ),
} as const;
