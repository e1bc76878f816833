/**
 * Stores agreements (data-formats.md, kind: agreements) with their charges
 * and tiers. The validated document is the source of truth the rating reads;
 * the charge rows are for querying.
 *
 * An agreement whose id is already in the database is a duplicate, as for
 * any other row. When its terms differ from the stored ones that is worth
 * saying (a CRM edit is not a re-import), so those ids are collected for the
 * file's notes: replacing terms is done by undoing the earlier import.
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { parseAgreementRow } from './agreement-row';
import { jsonOrNull, type RowOutcome, type RowWriter } from './row-writer';

export interface AgreementStore {
  store(agreement: Agreement, line: number, raw: string, extra: object | null): RowOutcome;
  /** ids skipped as duplicates although their terms differ from the stored ones */
  changed: string[];
}

export function agreementStore(sqlite: Sqlite, batchId: number): AgreementStore {
  const existing = sqlite.prepare('SELECT document FROM agreements WHERE id = ?').pluck();
  const insertAccount = sqlite.prepare('INSERT INTO accounts (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING');
  const insertAgreement = sqlite.prepare(
    `INSERT INTO agreements (id, account_id, account_name, currency, start_date, end_date, owner, po_number, bill_to,
       payment_terms_days, tax_rate, discount_percent, minimum_commitment, deposit, document, batch_id, line, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCharge = sqlite.prepare(
    `INSERT INTO charges (agreement_id, position, type, code, description, metric, aggregation, model, amount, unit_price,
       included, package_size, package_price, hours_kind, role, rate, increment_minutes, included_hours, bill_on)
     VALUES (@agreementId, @position, @type, @code, @description, @metric, @aggregation, @model, @amount, @unitPrice,
       @included, @packageSize, @packagePrice, @hoursKind, @role, @rate, @incrementMinutes, @includedHours, @billOn)`,
  );
  const insertTier = sqlite.prepare('INSERT INTO charge_tiers (charge_id, position, up_to, unit_price, flat_fee) VALUES (?, ?, ?, ?, ?)');
  const changed: string[] = [];

  const writeCharges = (a: Agreement) => {
    a.charges.forEach((c, position) => {
      const base = {
        agreementId: a.agreement_id, position, type: c.type, code: null as string | null, description: c.description ?? null,
        metric: null as string | null, aggregation: null as string | null, model: null as string | null, amount: null as string | null,
        unitPrice: null as string | null, included: null as string | null, packageSize: null as string | null, packagePrice: null as string | null,
        hoursKind: null as string | null, role: null as string | null, rate: null as string | null, incrementMinutes: null as number | null,
        includedHours: null as string | null, billOn: null as string | null,
      };
      if (c.type === 'recurring') Object.assign(base, { code: c.code, amount: c.amount });
      if (c.type === 'one_time') Object.assign(base, { code: c.code, amount: c.amount, billOn: c.bill_on });
      if (c.type === 'hours') Object.assign(base, { hoursKind: c.kind, role: c.role ?? null, rate: c.rate, incrementMinutes: c.increment_minutes, includedHours: c.included_hours });
      if (c.type === 'usage') {
        Object.assign(base, { code: c.code ?? null, metric: c.metric, aggregation: c.aggregation, model: c.model, included: c.included });
        if (c.model === 'per_unit') base.unitPrice = c.unit_price;
        if (c.model === 'package') Object.assign(base, { packageSize: c.package_size, packagePrice: c.package_price });
      }
      const chargeId = insertCharge.run(base).lastInsertRowid;
      if (c.type === 'usage' && (c.model === 'graduated' || c.model === 'volume')) {
        c.tiers.forEach((t, i) => insertTier.run(chargeId, i, t.up_to, t.unit_price, t.flat_fee));
      }
    });
  };

  return {
    changed,
    store(a, line, raw, extra) {
      const document = JSON.stringify(a);
      const stored = existing.get(a.agreement_id) as string | undefined;
      if (stored !== undefined) {
        if (stored !== document && !changed.includes(a.agreement_id)) changed.push(a.agreement_id);
        return 'duplicate';
      }
      insertAccount.run(a.account_id, a.account_name ?? a.account_id);
      insertAgreement.run(
        a.agreement_id, a.account_id, a.account_name ?? null, a.currency, a.start_date, a.end_date, a.owner ?? null, a.po_number ?? null,
        a.bill_to ?? null, a.payment_terms_days, a.tax_rate, a.discount_percent, a.minimum_commitment, a.deposit, document, batchId, line, raw, jsonOrNull(extra),
      );
      writeCharges(a);
      return 'imported';
    },
  };
}

/** The JSON / NDJSON form: one record is one whole agreement document. */
export function agreementDocumentWriter(store: AgreementStore): RowWriter {
  return ({ line, raw, fields }) => store.store(parseAgreementRow(fields), line, raw, null);
}
