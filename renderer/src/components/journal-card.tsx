/**
 * Saving the period's journal for the accountant's system (e-invoicing.md
 * "Ledger files"): DATEV (EXTF Buchungsstapel, Windows-1252), Xero (manual
 * journals) or QuickBooks Online (journal entries), from the finalized
 * documents' stored figures, accounts from Settings (`billing settings
 * accounts`). The engine writes the bytes; the page hands them over unchanged.
 */
import { useId, useState } from 'react';
import { LEDGER_FORMATS, type JournalFileInfo, type LedgerFormat } from '../../../shared/api';
import { downloadBase64 } from '../lib/download';
import { plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { Icon } from './icon';

const FORMAT_LABEL: Record<LedgerFormat, string> = { datev: 'DATEV (EXTF Buchungsstapel)', xero: 'Xero (manual journals)', quickbooks: 'QuickBooks Online (journal entries)' };

export function JournalCard({ period }: { period: string }) {
  const { client } = useAppState();
  const toast = useToast();
  const formatId = useId();
  const currencyId = useId();
  const [format, setFormat] = useState<LedgerFormat>('datev');
  const [currency, setCurrency] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<JournalFileInfo | null>(null);
  const code = currency.trim().toUpperCase();

  async function save() {
    setBusy(true);
    try {
      const file = await client.call('export.journal', { period, format, ...(code ? { currency: code } : {}) });
      downloadBase64(file.file_name, file.base64, format === 'datev' ? 'text/csv;charset=windows-1252' : 'text/csv;charset=utf-8');
      setSaved(file);
      toast.success(`${file.file_name}: ${plural(file.documents, 'document')}, ${plural(file.lines, 'line')}.`, 'Journal saved');
    } catch (error) {
      setSaved(null);
      toast.error(error instanceof Error ? error.message : String(error), 'Journal not written');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-label="Journal for the accounting system" data-testid="journal-card">
      <div className="card-header">
        <h2 className="card-title">Journal for the accounting system</h2>
        <span className="card-subtitle">the finalized invoices and credit notes of the period, each balanced; accounts as set with billing settings accounts</span>
      </div>
      <div className="card-body form-stack">
        <div className="field-row">
          <label className="label" htmlFor={formatId}>
            Format
          </label>
          <select id={formatId} className="select" value={format} onChange={(e) => setFormat(e.target.value as LedgerFormat)} disabled={busy} data-testid="journal-format">
            {LEDGER_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABEL[f]}
              </option>
            ))}
          </select>
          <label className="label" htmlFor={currencyId}>
            Currency
          </label>
          <input
            id={currencyId}
            className="input"
            style={{ width: '7em' }}
            value={currency}
            maxLength={3}
            placeholder="all"
            onChange={(e) => setCurrency(e.target.value)}
            disabled={busy}
            data-testid="journal-currency"
          />
          <div className="topbar-spacer" />
          <button type="button" className="btn" onClick={() => void save()} disabled={busy || (code !== '' && !/^[A-Z]{3}$/.test(code))} data-testid="journal-save">
            <Icon name="download" size={14} /> Save journal
          </button>
        </div>
        <p className="muted">
          DATEV and Xero files hold one currency each (name it when the period has several); QuickBooks Online takes every currency in one file. Amounts with three decimals
          (BHD, KWD, OMR) fit none of them.
        </p>
        {saved ? (
          <p data-testid="journal-saved" role="status">
            <span className="mono">{saved.file_name}</span>: {plural(saved.documents, 'document')}, {plural(saved.lines, 'line')}, {saved.currencies.join(', ')}.
            {saved.replaced.length ? ` Windows-1252 cannot hold every character of the texts of ${saved.replaced.join(', ')}: their accents were dropped or the customer is named by account id; numbers and amounts are intact.` : ''}
          </p>
        ) : null}
      </div>
    </section>
  );
}
