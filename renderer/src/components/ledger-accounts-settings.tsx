/**
 * The accounts the journal files use (e-invoicing.md "Ledger files"), one
 * mapping per accounting system: DATEV account numbers (with the consultant
 * and client numbers of its header), Xero account codes (with the tax rate
 * every line carries), QuickBooks Online account names. Saved through the
 * same engine command as `billing settings accounts`; checked and audited there.
 */
import { useId, useState } from 'react';
import { ACCOUNT_ROLES, LEDGER_FORMATS, type AccountMap, type AccountRole, type LedgerAccountsInfo, type LedgerFormat } from '../../../shared/api';
import { useApi, useApiMutation } from '../data/use-api';
import { useToast } from '../state/toasts';

const SYSTEM: Record<LedgerFormat, string> = { datev: 'DATEV', xero: 'Xero', quickbooks: 'QuickBooks Online' };
const ROLE_LABEL: Record<AccountRole, string> = {
  receivables: 'Receivables',
  tax: 'Tax payable',
  deposits: 'Customer deposits',
  discounts: 'Discounts',
  revenue_recurring: 'Revenue: subscriptions',
  revenue_usage: 'Revenue: usage',
  revenue_hours: 'Revenue: services (hours)',
  revenue_one_time: 'Revenue: one-time fees',
  revenue_minimum: 'Revenue: minimum commitments',
  revenue_true_up: 'Revenue: commitment true-ups',
  revenue_adjustment: 'Revenue: adjustments',
};

export function LedgerAccountsSettings() {
  const query = useApi('settings.ledgerAccounts', {});
  const [format, setFormat] = useState<LedgerFormat>('datev');
  if (!query.data) return null;
  return (
    <section className="card" aria-label="Ledger accounts" data-testid="ledger-accounts">
      <div className="card-header">
        <h2 className="card-title">Accounts of the journal files</h2>
        <div className="segmented" role="radiogroup" aria-label="Accounting system">
          {LEDGER_FORMATS.map((f) => (
            <button key={f} type="button" role="radio" aria-checked={format === f} className="segment" onClick={() => setFormat(f)} data-testid={`ledger-system-${f}`}>
              {SYSTEM[f]}
            </button>
          ))}
        </div>
      </div>
      {/* What is stored changed (a save): the form starts again from it. */}
      <LedgerForm key={`${format}:${JSON.stringify(query.data[format])}`} format={format} saved={query.data} />
    </section>
  );
}

function LedgerForm({ format, saved }: { format: LedgerFormat; saved: LedgerAccountsInfo }) {
  const toast = useToast();
  const update = useApiMutation('settings.updateLedgerAccounts');
  const id = useId();
  const [accounts, setAccounts] = useState<AccountMap>(saved[format].accounts);
  const [consultant, setConsultant] = useState(String(saved.datev.consultant_number));
  const [client, setClient] = useState(String(saved.datev.client_number));
  const [taxRate, setTaxRate] = useState(saved.xero.tax_rate);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setError(null);
    const changed = Object.fromEntries(ACCOUNT_ROLES.filter((r) => accounts[r] !== saved[format].accounts[r]).map((r) => [r, accounts[r]]));
    const number = (text: string) => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
    try {
      if (format === 'datev' && (Number.isNaN(number(consultant)) || Number.isNaN(number(client)))) throw new Error('The consultant and client numbers are whole numbers.');
      await update.mutateAsync({
        format,
        accounts: changed,
        ...(format === 'datev' ? { consultant_number: number(consultant), client_number: number(client) } : {}),
        ...(format === 'xero' ? { tax_rate: taxRate } : {}),
      });
      toast.success(`The next ${SYSTEM[format]} journal uses these accounts.`, 'Accounts saved');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const input = (key: string, label: string, value: string, set: (v: string) => void) => (
    <div className="settings-item" key={key}>
      <dt>
        <label htmlFor={`${id}-${key}`}>{label}</label>
      </dt>
      <dd>
        <input id={`${id}-${key}`} className="input" value={value} onChange={(e) => set(e.target.value)} data-testid={`ledger-${key}`} />
      </dd>
    </div>
  );

  return (
    <>
      <dl className="settings-list">
        {format === 'datev' ? (
          <>
            {input('consultant_number', 'Consultant number (Beraternummer)', consultant, setConsultant)}
            {input('client_number', 'Client number (Mandantennummer)', client, setClient)}
          </>
        ) : null}
        {format === 'xero' ? input('tax_rate', 'Tax rate on every line (tax is its own line)', taxRate, setTaxRate) : null}
        {ACCOUNT_ROLES.map((role) => input(role, ROLE_LABEL[role], accounts[role], (v) => setAccounts({ ...accounts, [role]: v })))}
      </dl>
      <div className="card-body field-row">
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={update.isPending} data-testid="save-ledger-accounts">
          {update.isPending ? 'Saving…' : `Save ${SYSTEM[format]} accounts`}
        </button>
        {error ? (
          <span className="field-error" role="alert" style={{ marginTop: 0 }}>
            {error}
          </span>
        ) : null}
      </div>
    </>
  );
}
