/**
 * The whole domain in one drizzle schema. Money and quantities are TEXT holding
 * exact decimal strings (never REAL); timestamps are canonical UTC ISO strings
 * and dates "YYYY-MM-DD", both of which sort chronologically as text.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** quantity (a validated non-negative decimal string) × 10^6 as an integer, or NULL when that is not exact. */
const QUANTITY_SCALED = sql`CASE
  WHEN instr(quantity, '.') = 0 THEN
    CASE WHEN length(quantity) <= 12 THEN CAST(quantity AS INTEGER) * 1000000 END
  WHEN instr(quantity, '.') <= 13 AND length(quantity) - instr(quantity, '.') <= 6 THEN
    CAST(substr(quantity, 1, instr(quantity, '.') - 1) AS INTEGER) * 1000000
      + CAST(substr(substr(quantity, instr(quantity, '.') + 1) || '000000', 1, 6) AS INTEGER)
END`;

export const QUANTITY_SCALE = 6;

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** One imported file. Counts always satisfy rows = imported + duplicates + rejected. */
export const importBatches = sqliteTable('import_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fileName: text('file_name').notNull(),
  fileSize: integer('file_size').notNull(),
  sha256: text('sha256').notNull(),
  kind: text('kind', { enum: ['usage', 'hours', 'agreements', 'payments', 'disputes', 'usage_rollup'] }).notNull(),
  profile: text('profile'),
  rows: integer('rows').notNull().default(0),
  imported: integer('imported').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  durationMs: integer('duration_ms').notNull().default(0),
  status: text('status', { enum: ['complete', 'undone'] }).notNull().default('complete'),
  importedBy: text('imported_by').notNull(),
  importedAt: createdAt(),
  /** what the import noticed about the file as a whole (encoding, rows rejected for bad bytes…), a JSON array of sentences; NULL before 0004 */
  notes: text('notes', { mode: 'json' }).$type<string[]>(),
  /**
   * A usage import's rows are the usage_records ids from first_row_id to last_row_id (NULL: it stored
   * none). One writer inserts a batch in one transaction into an AUTOINCREMENT table, so a batch's ids
   * are one run that no other batch interleaves; the range replaces an index on batch_id (11 MB per
   * million rows). batch_id stays on each row, so a range read can check it.
   */
  firstRowId: integer('first_row_id'),
  lastRowId: integer('last_row_id'),
  /**
   * A usage import's months: the distinct YYYY-MM (UTC) of the rows it stored, a JSON array, ascending
   * (NULL for other kinds). Written once with the counts; the rows are never edited and an undo
   * removes them all, so it stays true. It answers "which months have usage" (the period list)
   * without an index on time; nothing that bills reads it.
   */
  periods: text('periods', { mode: 'json' }).$type<string[]>(),
});

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const agreements = sqliteTable(
  'agreements',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    accountName: text('account_name'),
    currency: text('currency').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    owner: text('owner'),
    poNumber: text('po_number'),
    billTo: text('bill_to'),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    taxRate: text('tax_rate').notNull(),
    discountPercent: text('discount_percent').notNull(),
    minimumCommitment: text('minimum_commitment').notNull(),
    deposit: text('deposit').notNull(),
    /** the validated agreement document (shared/domain.ts Agreement) the rating engine reads */
    document: text('document', { mode: 'json' }).notNull(),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    raw: text('raw').notNull(),
    extra: text('extra', { mode: 'json' }),
  },
  (t) => [index('agreements_account').on(t.accountId)],
);

/** Charges of an agreement, one row each, for querying; the document above stays the source of truth. */
export const charges = sqliteTable(
  'charges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agreementId: text('agreement_id').notNull().references(() => agreements.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    type: text('type', { enum: ['recurring', 'one_time', 'usage', 'hours'] }).notNull(),
    code: text('code'),
    description: text('description'),
    metric: text('metric'),
    aggregation: text('aggregation'),
    model: text('model'),
    amount: text('amount'),
    unitPrice: text('unit_price'),
    included: text('included'),
    packageSize: text('package_size'),
    packagePrice: text('package_price'),
    hoursKind: text('hours_kind'),
    role: text('role'),
    rate: text('rate'),
    incrementMinutes: integer('increment_minutes'),
    includedHours: text('included_hours'),
    billOn: text('bill_on'),
  },
  (t) => [uniqueIndex('charges_agreement_position').on(t.agreementId, t.position), index('charges_metric').on(t.metric)],
);

export const chargeTiers = sqliteTable(
  'charge_tiers',
  {
    chargeId: integer('charge_id').notNull().references(() => charges.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    upTo: text('up_to'),
    unitPrice: text('unit_price').notNull(),
    flatFee: text('flat_fee').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chargeId, t.position] })],
);

/**
 * Usage records, stored compactly (issue 18). Each (account, metric) is stored once in usage_series and
 * a row keeps its small integer id; the timestamp is kept as `at`, milliseconds since 1970 UTC (the
 * canonical ISO string has millisecond resolution, so the two convert exactly both ways). The view
 * `usage_records` (migration 0015) shows rows in their readable form: account_id, metric and the
 * canonical `ts` string beside the stored columns. Readers filter on `series_id`/`at` (or on
 * account_id and metric, which the view answers through usage_series' unique index) so SQLite
 * uses the indexes; only the import writes usage_rows.
 *
 * A row is recognised on a second import by its event_id when it has one (unique), else by
 * `contentKey`, the first 16 bytes of the SHA-256 of its source fields (import/dedup-key.ts).
 * Accepted rows keep their file and line, not their raw text (rejected rows keep theirs); a batch's
 * rows are an id range (import_batches.first_row_id).
 */
export const usageSeries = sqliteTable(
  'usage_series',
  {
    id: integer('id').primaryKey(),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
  },
  (t) => [uniqueIndex('usage_series_account_metric').on(t.accountId, t.metric)],
);

export const usageRows = sqliteTable(
  'usage_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    eventId: text('event_id'),
    contentKey: blob('content_key', { mode: 'buffer' }),
    seriesId: integer('series_id').notNull().references(() => usageSeries.id),
    quantity: text('quantity').notNull(),
    /**
     * The quantity in millionths as an exact INTEGER, so SQLite can SUM/MAX a period's
     * records exactly in C (integer arithmetic, which raises on overflow rather than
     * rounding). NULL when the quantity has more than 6 decimals or 12 integer digits:
     * those records are aggregated from the TEXT quantity instead. VIRTUAL: the value is
     * stored in usage_series_at, where the aggregations read it, and computed from the
     * quantity when a row itself is read (4 bytes a row less in the table).
     */
    quantityScaled: integer('quantity_scaled').generatedAlwaysAs(QUANTITY_SCALED, { mode: 'virtual' }),
    /** the instant in milliseconds since 1970-01-01T00:00:00Z (engine/usage-time.ts converts) */
    at: integer('at').notNull(),
    extra: text('extra', { mode: 'json' }),
  },
  (t) => [
    uniqueIndex('usage_event_id').on(t.eventId).where(sql`event_id IS NOT NULL`),
    uniqueIndex('usage_content_key').on(t.contentKey).where(sql`content_key IS NOT NULL`),
    // Covers rating's aggregation per (series, time range): an index-only range scan. It is the only
    // index by time (issue 18: an index leading with `at` cost 2.8 s and 20 MB per million rows
    // imported): a read of a period across all series walks usage_series and ranges this index per
    // series (`usage_series s CROSS JOIN usage_rows u ON u.series_id = s.id AND u.at …`).
    index('usage_series_at').on(t.seriesId, t.at, t.quantityScaled),
  ],
);

export const timeEntries = sqliteTable(
  'time_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    dedupKey: text('dedup_key').notNull(),
    entryId: text('entry_id'),
    date: text('date').notNull(),
    accountId: text('account_id').notNull(),
    person: text('person').notNull(),
    kind: text('kind', { enum: ['professional_services', 'support'] }).notNull(),
    role: text('role'),
    hours: text('hours').notNull(),
    billable: integer('billable', { mode: 'boolean' }).notNull(),
    rate: text('rate'),
    project: text('project'),
    notes: text('notes'),
    extra: text('extra', { mode: 'json' }),
  },
  (t) => [
    uniqueIndex('hours_dedup').on(t.dedupKey),
    index('hours_account_date').on(t.accountId, t.date),
    index('hours_date').on(t.date),
    index('hours_batch').on(t.batchId),
  ],
);

/** Rows that failed validation: kept with their reason so nothing is lost. */
export const rejectedRows = sqliteTable(
  'rejected_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    field: text('field'),
    reason: text('reason').notNull(),
    raw: text('raw').notNull(),
  },
  (t) => [index('rejected_batch').on(t.batchId)],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id').notNull().references(() => agreements.id),
    accountId: text('account_id').notNull(),
    period: text('period').notNull(),
    currency: text('currency').notNull(),
    documentType: text('document_type', { enum: ['invoice', 'credit_note'] }).notNull().default('invoice'),
    creditsInvoiceId: text('credits_invoice_id'),
    status: text('status', { enum: ['draft', 'approved', 'finalized'] }).notNull(),
    onHold: integer('on_hold', { mode: 'boolean' }).notNull().default(false),
    invoiceNumber: text('invoice_number'),
    subtotal: text('subtotal').notNull(),
    discount: text('discount').notNull(),
    tax: text('tax').notNull(),
    total: text('total').notNull(),
    depositApplied: text('deposit_applied').notNull(),
    amountDue: text('amount_due').notNull(),
    ratedAt: text('rated_at').notNull(),
    ratedBy: text('rated_by').notNull(),
    approvedAt: text('approved_at'),
    approvedBy: text('approved_by'),
    issueDate: text('issue_date'),
    dueDate: text('due_date'),
    finalizedAt: text('finalized_at'),
    pdfSha256: text('pdf_sha256'),
  },
  (t) => [
    index('invoices_period').on(t.period),
    index('invoices_agreement_period').on(t.agreementId, t.period),
    uniqueIndex('invoices_number').on(t.invoiceNumber),
  ],
);

export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: text('invoice_id').notNull().references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['recurring', 'usage', 'hours', 'one_time', 'minimum', 'true_up', 'discount', 'adjustment'] }).notNull(),
    code: text('code').notNull(),
    description: text('description').notNull(),
    quantity: text('quantity').notNull(),
    unitPrice: text('unit_price').notNull(),
    amount: text('amount').notNull(),
    /** position of the agreement charge that produced the line (null for minimum, discount, adjustment) */
    chargePosition: integer('charge_position'),
    /** the metric a usage line bills (its source rows are the records linked to this invoice and metric) */
    metric: text('metric'),
    detail: text('detail', { mode: 'json' }).notNull(),
  },
  (t) => [index('lines_invoice').on(t.invoiceId)],
);

/**
 * Provenance of hours lines: the time entries each charge priced. Tier lines of
 * one charge share their rows, so rows link to the charge (invoice + charge position).
 */
export const lineSources = sqliteTable(
  'line_sources',
  {
    invoiceId: text('invoice_id').notNull().references(() => invoices.id, { onDelete: 'cascade' }),
    chargePosition: integer('charge_position').notNull(),
    sourceKind: text('source_kind', { enum: ['usage', 'hours'] }).notNull(),
    sourceId: integer('source_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.invoiceId, t.chargePosition, t.sourceKind, t.sourceId] }),
    index('line_sources_source').on(t.sourceKind, t.sourceId),
  ],
);

/**
 * Provenance of usage lines, stored as the decision the rating made rather than
 * a million row links: the charge billed the records of this account and metric
 * with ts_from <= ts < ts_to and id <= max_usage_id (the last record that existed
 * when it was rated; usage records are never updated, so the set cannot drift).
 */
export const usageSpans = sqliteTable(
  'usage_spans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: text('invoice_id').notNull().references(() => invoices.id, { onDelete: 'cascade' }),
    chargePosition: integer('charge_position').notNull(),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
    tsFrom: text('ts_from').notNull(),
    tsTo: text('ts_to').notNull(),
    maxUsageId: integer('max_usage_id').notNull(),
  },
  (t) => [index('usage_spans_invoice').on(t.invoiceId, t.chargePosition), index('usage_spans_subject').on(t.accountId, t.metric, t.tsFrom)],
);

/**
 * The exact PDF of every finalized invoice and credit note, as issued. Serving
 * and re-exporting these bytes (never a fresh rendering) is what makes a
 * finalized document unchangeable by later branding or layout changes.
 * Insert-only (custom triggers in the migration).
 */
export const invoiceDocuments = sqliteTable('invoice_documents', {
  invoiceId: text('invoice_id')
    .primaryKey()
    .references(() => invoices.id),
  pdf: blob('pdf', { mode: 'buffer' }).notNull(),
  sha256: text('sha256').notNull(),
  /** the e-invoice form the document was issued in (facturx: the pdf itself carries the XML; cii/ubl: einvoiceXml), null for a plain PDF */
  einvoiceForm: text('einvoice_form'),
  /** the issued CII or UBL XML of a cii/ubl document, kept like the PDF */
  einvoiceXml: text('einvoice_xml'),
  createdAt: createdAt(),
});

/** Manual credit or debit lines a reviewer adds; they survive re-rating. */
export const adjustments = sqliteTable('adjustments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  agreementId: text('agreement_id').notNull().references(() => agreements.id),
  period: text('period').notNull(),
  description: text('description').notNull(),
  amount: text('amount').notNull(),
  reason: text('reason').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

/**
 * Findings of the anomaly rules. The id is a fingerprint of the finding
 * (rule + period + subject), so a re-rate that finds the same thing keeps its review status.
 */
export const anomalies = sqliteTable(
  'anomalies',
  {
    id: text('id').primaryKey(),
    period: text('period').notNull(),
    rule: text('rule').notNull(),
    severity: text('severity', { enum: ['error', 'warning', 'info'] }).notNull(),
    message: text('message').notNull(),
    status: text('status', { enum: ['open', 'acknowledged', 'dismissed'] }).notNull().default('open'),
    statusNote: text('status_note'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    accountId: text('account_id'),
    agreementId: text('agreement_id'),
    invoiceId: text('invoice_id'),
    lineId: integer('line_id'),
    person: text('person'),
    metric: text('metric'),
    details: text('details', { mode: 'json' }),
    firstSeenAt: createdAt(),
    lastSeenAt: text('last_seen_at').notNull(),
  },
  (t) => [index('anomalies_period').on(t.period), index('anomalies_invoice').on(t.invoiceId)],
);

export const anomalySources = sqliteTable(
  'anomaly_sources',
  {
    anomalyId: text('anomaly_id').notNull().references(() => anomalies.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind', { enum: ['usage', 'hours', 'agreement'] }).notNull(),
    sourceId: text('source_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.anomalyId, t.sourceKind, t.sourceId] })],
);

/**
 * The usage records behind a finding, as ranges rather than ids: every record of
 * the account's metric with ts in [ts_from, ts_to) and after_usage_id < id <=
 * max_usage_id (and, when above_scaled is set, quantity_scaled > above_scaled).
 * A finding can stand on a million records (a whole unbilled feed); its ranges
 * are a row or two, and `anomalies.sources` pages and sorts over every record
 * they select. Explicit rows (time entries, agreements, duplicate groups,
 * records of unscaled quantities) stay in anomaly_sources.
 */
export const anomalySourceRanges = sqliteTable(
  'anomaly_source_ranges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    anomalyId: text('anomaly_id').notNull().references(() => anomalies.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
    tsFrom: text('ts_from').notNull(),
    tsTo: text('ts_to').notNull(),
    afterUsageId: integer('after_usage_id').notNull().default(0),
    maxUsageId: integer('max_usage_id').notNull(),
    aboveScaled: integer('above_scaled'),
    /** how many records the range selected when the finding was detected */
    records: integer('records').notNull(),
  },
  (t) => [index('anomaly_source_ranges_anomaly').on(t.anomalyId)],
);

/** Append-only (triggers refuse UPDATE and DELETE); each entry chains the previous one's hash. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    reason: text('reason'),
    details: text('details', { mode: 'json' }),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_entity').on(t.entityType, t.entityId)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Gapless invoice and credit-note numbering: one counter per sequence, advanced inside the finalize transaction. */
export const numberSequences = sqliteTable('number_sequences', {
  name: text('name').primaryKey(),
  next: integer('next').notNull(),
});

/**
 * A cache, not a source of truth: exact usage figures per (period, account, metric), computed
 * lazily the first time rating or detection needs a period and reused until usage of that period
 * changes, so the 6-month baselines of the anomaly rules do not rescan history each run.
 * Everything here can be deleted at any time; it is recomputed on demand
 * (electron/engine/rating/period-totals.ts).
 *
 * Validity: a period's totals hold while its stamp row exists and no usage record with an id
 * above `usage_seq` (sqlite_sequence of usage_records when last checked) lies in the period.
 * Records are never updated; inserts always take a new, higher id; a trigger (migration
 * 0002) deletes the stamp of every period a deleted record belonged to (import undo).
 */
export const usagePeriodStamps = sqliteTable('usage_period_stamps', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  period: text('period').notNull().unique(),
  usageSeq: integer('usage_seq').notNull(),
  computedAt: text('computed_at').notNull(),
});

export const usagePeriodTotals = sqliteTable(
  'usage_period_totals',
  {
    period: text('period').notNull(),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
    records: integer('records').notNull(),
    /** 1 when every quantity has a scaled form and the sum fits: the scaled figures below are exact; else they are NULL */
    exact: integer('exact', { mode: 'boolean' }).notNull(),
    sumScaled: integer('sum_scaled'),
    maxScaled: integer('max_scaled'),
    minScaled: integer('min_scaled'),
    /** the latest record (ties: the larger quantity), as rating.md's `last` */
    lastScaled: integer('last_scaled'),
    lastTs: text('last_ts').notNull(),
    /** records by number of digits of quantity_scaled, "n1,n2,…" (bounds unit_mismatch's median test without a scan) */
    digits: text('digits'),
    /** groups of records with the same ts and quantity (duplicate_usage); NULL until first asked */
    dupGroups: integer('dup_groups'),
  },
  (t) => [primaryKey({ columns: [t.period, t.accountId, t.metric] })],
);

/**
 * Every version of every agreement (change-control.md): an agreement imported again
 * with different terms becomes a new version and the old one stays here. `agreements`
 * holds the current version (the one rating reads); `changes` lists the fields that
 * differ from the previous version as `[{ "field", "before", "after" }]`.
 */
export const agreementVersions = sqliteTable(
  'agreement_versions',
  {
    agreementId: text('agreement_id').notNull(),
    version: integer('version').notNull(),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    /** where in its file the version was read, as on agreements, so undoing a later import can restore it exactly */
    line: integer('line').notNull(),
    raw: text('raw').notNull(),
    extra: text('extra', { mode: 'json' }),
    document: text('document', { mode: 'json' }).notNull(),
    changes: text('changes', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.version] }), index('agreement_versions_batch').on(t.batchId)],
);

/**
 * One rating of a period, whatever triggered it (change-control.md, bill runs).
 * `inputs` is what the run read: `{ "batches": [id…], "rules": {…settings}, "adjustments": [{id, agreement_id, description, amount}] }`;
 * the agreement version each invoice was rated with is on bill_run_invoices.
 */
export const billRuns = sqliteTable(
  'bill_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    period: text('period').notNull(),
    trigger: text('trigger').notNull(),
    actor: text('actor').notNull(),
    at: text('at').notNull(),
    inputs: text('inputs', { mode: 'json' }).notNull(),
  },
  (t) => [index('bill_runs_period').on(t.period)],
);

/**
 * The figures a run produced, one row per invoice of the period: `lines` is a JSON array of
 * `[code, quantity, amount]` in line order and `anomalies` of `"rule:severity"` (open findings),
 * so a run of 2,000 invoices is 2,000 short rows.
 */
export const billRunInvoices = sqliteTable(
  'bill_run_invoices',
  {
    runId: integer('run_id').notNull().references(() => billRuns.id, { onDelete: 'cascade' }),
    invoiceId: text('invoice_id').notNull(),
    agreementId: text('agreement_id').notNull(),
    agreementVersion: integer('agreement_version'),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    total: text('total').notNull(),
    amountDue: text('amount_due').notNull(),
    lines: text('lines', { mode: 'json' }).notNull(),
    anomalies: text('anomalies', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.invoiceId] }), index('bill_run_invoices_invoice').on(t.invoiceId, t.runId)],
);

/**
 * Closed billing periods (change-control.md "Locks and four eyes"): while a
 * period has a row here, nothing re-rates, adjusts, approves or corrects its
 * invoices. Reopening deletes the row; both steps are in the audit log.
 */
export const periodLocks = sqliteTable('period_locks', {
  period: text('period').primaryKey(),
  reason: text('reason').notNull(),
  closedBy: text('closed_by').notNull(),
  closedAt: createdAt(),
});

/**
 * A reviewer's correction of the billing data: a source row excluded from
 * billing (kind 'exclude_row', source_kind + source_id) or a charge's measured
 * quantity overridden (kind 'override_quantity', agreement + period + charge
 * position + quantity). Rating reads the active ones (removed_at NULL), so they
 * survive re-rating; a removed one stays, with who removed it and why, so a
 * diff between bill runs can name the correction behind a change.
 */
export const corrections = sqliteTable(
  'corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['exclude_row', 'override_quantity'] }).notNull(),
    period: text('period').notNull(),
    sourceKind: text('source_kind', { enum: ['usage', 'hours'] }),
    sourceId: integer('source_id'),
    agreementId: text('agreement_id'),
    chargePosition: integer('charge_position'),
    code: text('code'),
    quantity: text('quantity'),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    at: createdAt(),
    removedAt: text('removed_at'),
    removedBy: text('removed_by'),
    removedReason: text('removed_reason'),
  },
  (t) => [
    index('corrections_period').on(t.period, t.kind),
    uniqueIndex('corrections_active_row').on(t.sourceKind, t.sourceId).where(sql`kind = 'exclude_row' AND removed_at IS NULL`),
    uniqueIndex('corrections_active_override').on(t.agreementId, t.period, t.chargePosition).where(sql`kind = 'override_quantity' AND removed_at IS NULL`),
  ],
);

/**
 * Who last changed each invoice and how (rated it by hand, adjusted it,
 * excluded a row, overrode a quantity, reviewed an anomaly): what the four-eyes
 * setting checks at approval. Invoice ids are stable across re-rating
 * (AGREEMENT@PERIOD), so the record outlives the drafts it describes.
 */
export const invoiceChanges = sqliteTable(
  'invoice_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: text('invoice_id').notNull(),
    actor: text('actor').notNull(),
    how: text('how').notNull(),
    at: createdAt(),
  },
  (t) => [index('invoice_changes_invoice').on(t.invoiceId, t.id)],
);

/**
 * Payments received (receivables.md, kind: payments), one row per payment_id.
 * How each one is applied to invoices is not stored: allocation is recomputed
 * from these rows and the finalized invoices whenever it is asked for
 * (electron/engine/receivables/allocate.ts), so it can never drift from them.
 */
export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    paymentId: text('payment_id').notNull(),
    date: text('date').notNull(),
    accountId: text('account_id').notNull(),
    /** exact decimal string > 0, at most the currency's minor digits */
    amount: text('amount').notNull(),
    currency: text('currency').notNull(),
    invoiceNumber: text('invoice_number'),
    method: text('method'),
    reference: text('reference'),
    raw: text('raw').notNull(),
    extra: text('extra', { mode: 'json' }),
  },
  // payments_order: allocation reads every payment in (date, payment_id) order, an index walk instead of a sort.
  (t) => [uniqueIndex('payments_payment_id').on(t.paymentId), index('payments_order').on(t.date, t.paymentId), index('payments_account').on(t.accountId, t.currency), index('payments_batch').on(t.batchId)],
);

/**
 * Customer disputes (receivables.md, kind: disputes), one row per dispute_id.
 * A later file with the same id and different content updates the row (the
 * audit trail keeps the old and new values); batch_id is the batch that last wrote it.
 */
export const disputes = sqliteTable(
  'disputes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    disputeId: text('dispute_id').notNull(),
    invoiceNumber: text('invoice_number').notNull(),
    openedOn: text('opened_on').notNull(),
    reason: text('reason').notNull(),
    /** null: the whole invoice */
    amount: text('amount'),
    resolvedOn: text('resolved_on'),
    raw: text('raw').notNull(),
    extra: text('extra', { mode: 'json' }),
  },
  (t) => [uniqueIndex('disputes_dispute_id').on(t.disputeId), index('disputes_invoice').on(t.invoiceNumber), index('disputes_batch').on(t.batchId)],
);

/**
 * Queries to sales owners (issue 17): a reviewer asks the owner of the
 * agreement behind an anomaly, an agreement problem or a dispute; the owner's
 * answer and the resolution are recorded with who and when (and audited).
 */
export const ownerQueries = sqliteTable(
  'owner_queries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectKind: text('subject_kind', { enum: ['anomaly', 'agreement', 'dispute'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    agreementId: text('agreement_id').notNull(),
    /** the agreement's owner when the query was raised; null: the agreement has none */
    owner: text('owner'),
    question: text('question').notNull(),
    status: text('status', { enum: ['open', 'answered', 'resolved'] }).notNull().default('open'),
    raisedBy: text('raised_by').notNull(),
    raisedAt: text('raised_at').notNull(),
    answer: text('answer'),
    answeredBy: text('answered_by'),
    answeredAt: text('answered_at'),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    resolvedAt: text('resolved_at'),
  },
  (t) => [index('owner_queries_owner').on(t.owner, t.status)],
);

/**
 * Prepaid units each invoice consumed (rating.md "Prepaid units"), per block of
 * the agreement's `prepaid` list. What is left for a month is derived from these
 * rows like a deposit (rating/prepaid-balance.ts), never kept as a counter; a
 * draft's rows go with it when it is re-rated, an approved invoice's stay.
 */
export const prepaidConsumption = sqliteTable(
  'prepaid_consumption',
  {
    invoiceId: text('invoice_id').notNull().references(() => invoices.id, { onDelete: 'cascade' }),
    /** index of the block in the agreement's prepaid list */
    block: integer('block').notNull(),
    metric: text('metric').notNull(),
    /** exact decimal text */
    units: text('units').notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.block] })],
);

/**
 * Usage rollups (docs/rollup/README.md, kind: usage_rollup): one row per account,
 * metric and UTC day, the figures a warehouse computed from its raw events, enough
 * for every aggregation of rating.md exactly. One rollup per (account, metric, day)
 * in the whole book (usage_rollups_day), whatever its source: a second one for the
 * same day is rejected, never added. Rating bills a day covered by a rollup from
 * the rollup, never from usage rows of that day (rating/rollup-aggregates.ts).
 */
export const usageRollups = sqliteTable(
  'usage_rollups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id').notNull().references(() => importBatches.id),
    line: integer('line').notNull(),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
    /** YYYY-MM-DD, a UTC day */
    day: text('day').notNull(),
    /** exact decimal text: sum of the day's quantities */
    sum: text('sum').notNull(),
    /** number of records the day had (>= 1) */
    count: integer('count').notNull(),
    /** exact decimal text: the largest single quantity */
    max: text('max').notNull(),
    /** canonical UTC ISO timestamp of the latest record of the day */
    lastTs: text('last_ts').notNull(),
    /** exact decimal text: the latest record's quantity (ties: the larger) */
    lastQuantity: text('last_quantity').notNull(),
    /** where the figures came from (warehouse table or query) */
    source: text('source').notNull(),
    raw: text('raw').notNull(),
    extra: text('extra', { mode: 'json' }),
  },
  (t) => [uniqueIndex('usage_rollups_day').on(t.accountId, t.metric, t.day), index('usage_rollups_batch').on(t.batchId)],
);

/**
 * Provenance of the rollup part of a usage line: the charge billed the rollups of
 * this account and metric with day_from <= day < day_to and id <= max_rollup_id
 * (the last rollup that existed when it was rated), like usage_spans for rows.
 */
export const usageRollupSpans = sqliteTable(
  'usage_rollup_spans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: text('invoice_id').notNull().references(() => invoices.id, { onDelete: 'cascade' }),
    chargePosition: integer('charge_position').notNull(),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
    dayFrom: text('day_from').notNull(),
    dayTo: text('day_to').notNull(),
    maxRollupId: integer('max_rollup_id').notNull(),
  },
  (t) => [index('usage_rollup_spans_invoice').on(t.invoiceId, t.chargePosition), index('usage_rollup_spans_subject').on(t.accountId, t.metric, t.dayFrom)],
);
