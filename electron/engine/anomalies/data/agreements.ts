/**
 * Agreements, ownership and the period's stored invoices, as the anomaly rules
 * see them. Ownership is decided by rating's own decideOwnership
 * (rating/ownership.ts: per account and metric or hours kind, the later
 * start_date wins), so a rule that names "the agreement that bills this" names
 * the one rating used.
 */
import type { Sqlite } from '../../../../db/open';
import type { Agreement, Aggregation, HoursKind, UsageCharge } from '../../../../shared/domain';
import { addDays, type Period } from '../../../../shared/period';
import { activeSpan, byPrecedence as agreementPrecedence, decideOwnership, type OwnedRange, type Ownership } from '../../rating/ownership';

export interface AgreementInfo {
  id: string;
  accountId: string;
  doc: Agreement;
  start: string;
  end: string | null;
  /** first and last day it is active inside the period; null when it is not active in the period */
  from: string | null;
  to: string | null;
  activeWholePeriod: boolean;
}

export interface InvoiceInfo {
  id: string;
  agreementId: string;
  accountId: string;
  currency: string;
  total: string;
  status: string;
}

/** Where a finding points: an agreement, its invoice of the period and (where there is one) the line of a charge. */
export interface Link {
  agreementId: string | null;
  invoiceId: string | null;
  lineId: number | null;
}

const NO_LINK: Link = { agreementId: null, invoiceId: null, lineId: null };

/** Later start_date first, then the larger agreement id: the order in which ownership.ts hands out days. */
export function byPrecedence(a: AgreementInfo, b: AgreementInfo): number {
  return agreementPrecedence(a.doc, b.doc);
}

export class AgreementData {
  readonly all: AgreementInfo[];
  readonly active: AgreementInfo[];
  private readonly byAccount = new Map<string, AgreementInfo[]>();
  private readonly ownership: Ownership<AgreementInfo>;
  private invoicesCache: Map<string, InvoiceInfo> | undefined;
  private linesCache: Map<string, number> | undefined;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly period: Period,
  ) {
    const rows = sqlite.prepare('SELECT document FROM agreements ORDER BY id').pluck().all() as string[];
    this.all = rows.map((text) => {
      const doc = JSON.parse(text) as Agreement;
      const span = activeSpan(doc, period);
      return {
        id: doc.agreement_id,
        accountId: doc.account_id,
        doc,
        start: doc.start_date,
        end: doc.end_date,
        from: span?.from ?? null,
        to: span?.to ?? null,
        activeWholePeriod: doc.start_date <= period.first && (doc.end_date === null || doc.end_date >= period.last),
      };
    });
    this.active = this.all.filter((a) => a.from !== null);
    for (const a of this.all) {
      const list = this.byAccount.get(a.accountId) ?? [];
      list.push(a);
      this.byAccount.set(a.accountId, list);
    }
    this.ownership = decideOwnership(this.active, (a) => a.doc, (a) => ({ from: a.from!, to: a.to! }));
  }

  ofAccount(accountId: string): AgreementInfo[] {
    return this.byAccount.get(accountId) ?? [];
  }

  activeOfAccount(accountId: string): AgreementInfo[] {
    return this.ofAccount(accountId).filter((a) => a.from !== null);
  }

  /** The account's agreement a finding about the account as a whole points to: the active one that takes precedence. */
  primaryOfAccount(accountId: string): AgreementInfo | undefined {
    return [...this.activeOfAccount(accountId)].sort(byPrecedence)[0];
  }

  /** Day ranges of the period in which each agreement bills the account's metric. */
  usageRangesOf(accountId: string, metric: string): readonly OwnedRange<AgreementInfo>[] {
    return this.ownership.usageRanges(accountId, metric);
  }

  /** The agreement billing the account's metric at the end of its last billed range in the period. */
  usageOwner(accountId: string, metric: string): AgreementInfo | undefined {
    return this.usageRangesOf(accountId, metric).at(-1)?.owner;
  }

  hoursOwnerOn(accountId: string, kind: HoursKind, date: string): AgreementInfo | undefined {
    return this.ownership.hoursOwnerOn(accountId, kind, date);
  }

  /** The aggregation of the account's metric: that of the charge that bills it, sum when none does. */
  aggregationOf(accountId: string, metric: string): Aggregation {
    const owner = this.usageOwner(accountId, metric);
    const charge = owner?.doc.charges.find((c): c is UsageCharge => c.type === 'usage' && c.metric === metric);
    return charge?.aggregation ?? 'sum';
  }

  /** Any agreement of the account active on the day. */
  activeOn(accountId: string, date: string): AgreementInfo | undefined {
    return this.ofAccount(accountId)
      .filter((a) => a.start <= date && (a.end === null || a.end >= date))
      .sort(byPrecedence)[0];
  }

  /**
   * The agreement that ended before `date` when no agreement of the account is
   * active that day (usage_after_end); the one that ended last.
   */
  endedBefore(accountId: string, date: string): AgreementInfo | undefined {
    if (this.activeOn(accountId, date)) return undefined;
    let best: AgreementInfo | undefined;
    for (const a of this.ofAccount(accountId)) {
      if (a.end !== null && a.end < date && (best === undefined || a.end > best.end! || (a.end === best.end && a.id > best.id))) best = a;
    }
    return best;
  }

  /**
   * The period's days, as [from, to) timestamp ranges, on which the account had
   * no active agreement after one had ended, each with that ended agreement.
   */
  afterEndRanges(accountId: string): { tsFrom: string; tsTo: string; agreement: AgreementInfo }[] {
    const out: { tsFrom: string; tsTo: string; agreement: AgreementInfo }[] = [];
    if (!this.ofAccount(accountId).some((a) => a.end !== null && a.end < this.period.last)) return out;
    for (let day = this.period.first; day <= this.period.last; day = addDays(day, 1)) {
      const ended = this.endedBefore(accountId, day);
      if (!ended) continue;
      const tsFrom = `${day}T00:00:00.000Z`;
      const tsTo = `${addDays(day, 1)}T00:00:00.000Z`;
      const last = out.at(-1);
      if (last && last.tsTo === tsFrom && last.agreement === ended) last.tsTo = tsTo;
      else out.push({ tsFrom, tsTo, agreement: ended });
    }
    return out;
  }

  /** The period's invoices (not credit notes), by agreement id. */
  get invoices(): Map<string, InvoiceInfo> {
    if (!this.invoicesCache) {
      const rows = this.sqlite
        .prepare(
          `SELECT id, agreement_id AS agreementId, account_id AS accountId, currency, total, status
           FROM invoices WHERE period = ? AND document_type = 'invoice'`,
        )
        .all(this.period.id) as InvoiceInfo[];
      this.invoicesCache = new Map(rows.map((r) => [r.agreementId, r]));
    }
    return this.invoicesCache;
  }

  /** The first line of a charge on an invoice of the period. */
  lineOf(invoiceId: string, chargePosition: number): number | null {
    if (!this.linesCache) {
      this.linesCache = new Map();
      const rows = this.sqlite
        .prepare(
          `SELECT l.id, l.invoice_id, l.charge_position FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
           WHERE i.period = ? AND l.charge_position IS NOT NULL ORDER BY l.position DESC`,
        )
        .raw()
        .all(this.period.id) as [number, string, number][];
      // Descending positions: the last write per key is the charge's first line.
      for (const [id, invoice, position] of rows) this.linesCache.set(`${invoice}\u0000${position}`, id);
    }
    return this.linesCache.get(`${invoiceId}\u0000${chargePosition}`) ?? null;
  }

  /** Agreement, its invoice of the period and the first line of one of its charges. */
  link(agreement: AgreementInfo | undefined, chargePosition?: number): Link {
    if (!agreement) return NO_LINK;
    const invoiceId = this.invoices.get(agreement.id)?.id ?? null;
    return {
      agreementId: agreement.id,
      invoiceId,
      lineId: invoiceId && chargePosition !== undefined && chargePosition >= 0 ? this.lineOf(invoiceId, chargePosition) : null,
    };
  }

  /** The position of the usage charge of `metric` in the agreement (the first, as rating uses it). */
  usageChargePosition(agreement: AgreementInfo, metric: string): number {
    return agreement.doc.charges.findIndex((c) => c.type === 'usage' && c.metric === metric);
  }
}
