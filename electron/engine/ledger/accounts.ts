/**
 * The account mapping of the ledger files (`billing settings accounts`,
 * e-invoicing.md "Ledger files"): for each target system, which account takes
 * the receivables, the tax, the deposits consumed, the discounts, and the
 * revenue of each charge kind. DATEV wants account numbers, Xero account
 * codes, QuickBooks Online account names, so each system has its own mapping.
 * Stored as one setting (`ledger_accounts`), changed by one audited command.
 */
import type { Sqlite } from '../../../db/open';
import { ACCOUNT_ROLES, LEDGER_FORMATS, REVENUE_KINDS, ledgerAccountsInfo, type AccountMap, type AccountRole, type LedgerFormat, type RevenueKind } from '../../../shared/api';
import { appendAudit } from '../audit/audit-log';
import { ConflictError } from '../errors';
import { readSetting, writeSetting } from '../settings/settings';

export { ACCOUNT_ROLES, LEDGER_FORMATS, REVENUE_KINDS, type AccountMap, type AccountRole, type LedgerFormat, type RevenueKind };

export interface DatevSettings {
  /** Beraternummer (1001–9999999) and Mandantennummer (1–99999) of the EXTF header */
  consultant_number: number;
  client_number: number;
  accounts: AccountMap;
}
export interface XeroSettings {
  /** the Xero tax rate every journal line carries: tax is booked on its own account, so Xero must add none */
  tax_rate: string;
  accounts: AccountMap;
}
export interface QuickBooksSettings {
  accounts: AccountMap;
}
export interface LedgerAccounts {
  datev: DatevSettings;
  xero: XeroSettings;
  quickbooks: QuickBooksSettings;
}

const revenue = (account: string, overrides: Partial<Record<RevenueKind, string>> = {}) =>
  Object.fromEntries(REVENUE_KINDS.map((k) => [`revenue_${k}`, overrides[k] ?? account])) as Record<`revenue_${RevenueKind}`, string>;

/** Defaults: DATEV SKR03, Xero's default chart, QuickBooks Online's default account names. Placeholders to be set to the book's own chart. */
export const DEFAULT_LEDGER_ACCOUNTS: LedgerAccounts = {
  datev: {
    consultant_number: 1001,
    client_number: 1,
    accounts: { receivables: '10000', tax: '1776', deposits: '1718', discounts: '8700', ...revenue('8400') },
  },
  xero: {
    tax_rate: 'Tax Exempt',
    accounts: { receivables: '610', tax: '820', deposits: '835', discounts: '200', ...revenue('200', { hours: '260' }) },
  },
  quickbooks: {
    accounts: { receivables: 'Accounts Receivable (A/R)', tax: 'Sales Tax Payable', deposits: 'Customer Deposits', discounts: 'Discounts given', ...revenue('Sales', { hours: 'Services' }) },
  },
};

const ACCOUNT_RULES: Record<LedgerFormat, { pattern: RegExp; says: string }> = {
  datev: { pattern: /^[1-9]\d{0,8}$/, says: 'DATEV accounts are numbers of 1 to 9 digits (no leading zero)' },
  xero: { pattern: /^[A-Za-z0-9._-]{1,10}$/, says: 'Xero account codes are 1 to 10 letters, digits, dots, dashes or underscores' },
  // Names as in the chart of accounts ("Parent:Sub" for a sub-account); no control characters, and no formula start.
  quickbooks: { pattern: /^(?![=+\-@\s])[^\p{Cc}]{1,100}$/u, says: 'QuickBooks account names are 1 to 100 characters, without control characters, not starting with a space or = + - @' },
};

const storedSchema = ledgerAccountsInfo;

export function ledgerAccounts(sqlite: Sqlite): LedgerAccounts {
  return readSetting(sqlite, 'ledger_accounts', storedSchema, DEFAULT_LEDGER_ACCOUNTS);
}

export interface LedgerAccountsChange {
  format: LedgerFormat;
  accounts?: Partial<AccountMap>;
  consultant_number?: number;
  client_number?: number;
  tax_rate?: string;
}

/** Applies a change to one system's mapping, checked and audited; one transaction. */
export function changeLedgerAccounts(sqlite: Sqlite, change: LedgerAccountsChange, actor: string): LedgerAccounts {
  return sqlite.transaction(() => {
    const current = ledgerAccounts(sqlite);
    const { format } = change;
    const rule = ACCOUNT_RULES[format];
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    const accounts = { ...current[format].accounts };
    for (const [role, value] of Object.entries(change.accounts ?? {}) as [AccountRole, string | undefined][]) {
      if (value === undefined) continue;
      if (!(ACCOUNT_ROLES as readonly string[]).includes(role)) throw new ConflictError(`"${role}" is not an account role; the roles are ${ACCOUNT_ROLES.join(', ')}.`);
      const account = value.trim();
      if (!rule.pattern.test(account)) throw new ConflictError(`${rule.says}; "${value}" for ${role.replace(/_/g, ' ')} is not one.`);
      if (account !== accounts[role]) changed[`${format}.${role}`] = { from: accounts[role], to: account };
      accounts[role] = account;
    }
    const next: LedgerAccounts = { ...current };
    if (format === 'datev') {
      const datev = { ...current.datev, accounts };
      if (change.consultant_number !== undefined) {
        if (!Number.isInteger(change.consultant_number) || change.consultant_number < 1001 || change.consultant_number > 9999999) throw new ConflictError(`The DATEV consultant number (Beraternummer) is a whole number from 1001 to 9999999, not ${change.consultant_number}.`);
        if (change.consultant_number !== datev.consultant_number) changed['datev.consultant_number'] = { from: datev.consultant_number, to: change.consultant_number };
        datev.consultant_number = change.consultant_number;
      }
      if (change.client_number !== undefined) {
        if (!Number.isInteger(change.client_number) || change.client_number < 1 || change.client_number > 99999) throw new ConflictError(`The DATEV client number (Mandantennummer) is a whole number from 1 to 99999, not ${change.client_number}.`);
        if (change.client_number !== datev.client_number) changed['datev.client_number'] = { from: datev.client_number, to: change.client_number };
        datev.client_number = change.client_number;
      }
      next.datev = datev;
    } else if (change.consultant_number !== undefined || change.client_number !== undefined) {
      throw new ConflictError('The consultant and client numbers belong to the DATEV mapping; give them with the datev format.');
    }
    if (format === 'xero') {
      const xero = { ...current.xero, accounts };
      if (change.tax_rate !== undefined) {
        const name = change.tax_rate.trim();
        if (!/^(?![=+\-@])[^\p{Cc}]{1,50}$/u.test(name)) throw new ConflictError(`A Xero tax rate is named in 1 to 50 characters, as in Xero's tax settings; "${change.tax_rate}" is not one.`);
        if (name !== xero.tax_rate) changed['xero.tax_rate'] = { from: xero.tax_rate, to: name };
        xero.tax_rate = name;
      }
      next.xero = xero;
    } else if (change.tax_rate !== undefined) {
      throw new ConflictError('The tax rate name belongs to the Xero mapping; give it with the xero format.');
    }
    if (format === 'quickbooks') next.quickbooks = { accounts };
    if (Object.keys(changed).length === 0) return current;
    writeSetting(sqlite, 'ledger_accounts', next, actor);
    appendAudit(sqlite, { actor, action: 'settings_change', entityType: 'settings', entityId: 'ledger_accounts', reason: null, details: changed });
    return next;
  }).immediate();
}
