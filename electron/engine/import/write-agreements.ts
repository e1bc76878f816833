/**
 * Stores agreements (data-formats.md, kind: agreements) with their charges
 * and tiers. The validated document is the source of truth the rating reads;
 * the charge rows are for querying.
 *
 * An agreement whose id is already in the database with the same terms is a
 * duplicate, as for any other row. With different terms it becomes a new
 * version (change-control.md): the stored row and charges take the new terms,
 * the earlier version stays in agreement_versions with the fields that
 * changed, and the new version's import is the one that created it.
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { agreementChanges } from './agreement-changes';
import { parseAgreementRow } from './agreement-row';
import { jsonOrNull, type RowOutcome, type RowWriter } from './row-writer';

export interface AgreementStore {
  store(agreement: Agreement, line: number, raw: string, extra: object | null): RowOutcome;
  /** agreements whose different terms became a new version, as "AG-1 v2" */
  versioned: string[];
}

/** Writes one agreement (row, charges, tiers), replacing the stored terms of the same id. */
function agreementWriter(sqlite: Sqlite) {
  const insertAccount = sqlite.prepare('INSERT INTO accounts (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING');
  const insertAgreement = sqlite.prepare(
    `INSERT INTO agreements (id, account_id, account_name, currency, start_date, end_date, owner, po_number, bill_to,
       payment_terms_days, tax_rate, discount_percent, minimum_commitment, deposit, document, batch_id, line, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, account_name = excluded.account_name, currency = excluded.currency,
       start_date = excluded.start_date, end_date = excluded.end_date, owner = excluded.owner, po_number = excluded.po_number,
       bill_to = excluded.bill_to, payment_terms_days = excluded.payment_terms_days, tax_rate = excluded.tax_rate,
       discount_percent = excluded.discount_percent, minimum_commitment = excluded.minimum_commitment, deposit = excluded.deposit,
       document = excluded.document, batch_id = excluded.batch_id, line = excluded.line, raw = excluded.raw, extra = excluded.extra`,
  );
  const insertCharge = sqlite.prepare(
    `INSERT INTO charges (agreement_id, position, type, code, description, metric, aggregation, model, amount, unit_price,
       included, package_size, package_price, hours_kind, role, rate, increment_minutes, included_hours, bill_on)
     VALUES (@agreementId, @position, @type, @code, @description, @metric, @aggregation, @model, @amount, @unitPrice,
       @included, @packageSize, @packagePrice, @hoursKind, @role, @rate, @incrementMinutes, @includedHours, @billOn)`,
  );
  const insertTier = sqlite.prepare('INSERT INTO charge_tiers (charge_id, position, up_to, unit_price, flat_fee) VALUES (?, ?, ?, ?, ?)');
  const deleteCharges = [
    sqlite.prepare('DELETE FROM charge_tiers WHERE charge_id IN (SELECT id FROM charges WHERE agreement_id = ?)'),
    sqlite.prepare('DELETE FROM charges WHERE agreement_id = ?'),
  ];

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

  return (a: Agreement, batchId: number, line: number, raw: string, extra: string | null) => {
    // The row keeps its id (invoices, adjustments and anomalies refer to it) and takes these terms.
    for (const statement of deleteCharges) statement.run(a.agreement_id);
    insertAccount.run(a.account_id, a.account_name ?? a.account_id);
    insertAgreement.run(
      a.agreement_id, a.account_id, a.account_name ?? null, a.currency, a.start_date, a.end_date, a.owner ?? null, a.po_number ?? null,
      a.bill_to ?? null, a.payment_terms_days, a.tax_rate, a.discount_percent, a.minimum_commitment, a.deposit, JSON.stringify(a), batchId, line, raw, extra,
    );
    writeCharges(a);
  };
}

export function agreementStore(sqlite: Sqlite, batchId: number): AgreementStore {
  const existing = sqlite.prepare('SELECT document FROM agreements WHERE id = ?').pluck();
  const lastVersion = sqlite.prepare('SELECT coalesce(max(version), 0) FROM agreement_versions WHERE agreement_id = ?').pluck();
  const insertVersion = sqlite.prepare(
    'INSERT INTO agreement_versions (agreement_id, version, batch_id, line, raw, extra, document, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const write = agreementWriter(sqlite);
  const versioned: string[] = [];
  return {
    versioned,
    store(a, line, raw, extra) {
      const document = JSON.stringify(a);
      const stored = existing.get(a.agreement_id) as string | undefined;
      if (stored === document) return 'duplicate';
      const version = (lastVersion.get(a.agreement_id) as number) + 1;
      const changes = stored === undefined ? [] : agreementChanges(JSON.parse(stored) as Agreement, a);
      const extraText = jsonOrNull(extra);
      insertVersion.run(a.agreement_id, version, batchId, line, raw, extraText, document, JSON.stringify(changes));
      if (stored !== undefined) versioned.push(`${a.agreement_id} v${version}`);
      write(a, batchId, line, raw, extraText);
      return 'imported';
    },
  };
}

/**
 * Undoing the import that made an agreement's current version brings back the
 * version before it (the latest one whose import still stands) instead of
 * removing the agreement; returns the agreement ids restored so. The undone
 * version stays in the history, its import marked undone.
 */
export function restorePreviousVersions(sqlite: Sqlite, batchId: number): string[] {
  const previous = sqlite.prepare(
    `SELECT v.document, v.batch_id, v.line, v.raw, v.extra FROM agreement_versions v JOIN import_batches b ON b.id = v.batch_id
     WHERE v.agreement_id = ? AND v.batch_id <> ? AND b.status = 'complete' ORDER BY v.version DESC LIMIT 1`,
  );
  const write = agreementWriter(sqlite);
  const ids = sqlite.prepare('SELECT id FROM agreements WHERE batch_id = ? ORDER BY id').pluck().all(batchId) as string[];
  return ids.filter((id) => {
    const row = previous.get(id, batchId) as { document: string; batch_id: number; line: number; raw: string; extra: string | null } | undefined;
    if (!row) return false;
    write(JSON.parse(row.document) as Agreement, row.batch_id, row.line, row.raw, row.extra);
    return true;
  });
}

/** The JSON / NDJSON form: one record is one whole agreement document. */
export function agreementDocumentWriter(store: AgreementStore): RowWriter {
  return ({ line, raw, fields }) => store.store(parseAgreementRow(fields), line, raw, null);
}
