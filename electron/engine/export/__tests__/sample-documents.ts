/**
 * Sample invoice documents and branding for the PDF tests and for looking at
 * the renderer's output (short, multi-page draft, JPY, credit note). The
 * totals are worked out here with exact decimals, as the rating engine would,
 * so every sample is a consistent invoice; the renderer itself never adds up.
 */
import { dec, Decimal, moneyString, roundMoney } from '../../../../shared/money';
import type { Branding, InvoiceDocument, InvoiceLineDocument } from '../types';
import { paintPng } from './png';

type Line = InvoiceLineDocument;

export const UNICODE_NAME = 'Zoë Łukasiewicz – Ωmega Кирилл';

export function line(kind: Line['kind'], description: string, quantity: string, unit_price: string, amount: string, detail?: string): Line {
  return { kind, code: description.toLowerCase().replace(/[^a-z0-9]+/g, '_'), description, quantity, unit_price, amount, detail: detail ?? null };
}

interface Terms {
  currency: string;
  discountPercent?: string;
  taxRate?: string;
  deposit?: string;
}

/** Subtotal, discount (plus its line), tax, total, deposit and amount due, as rating.md defines them. */
export function withTotals(lines: Line[], terms: Terms): Pick<InvoiceDocument['invoice'], 'lines' | 'subtotal' | 'discount' | 'tax' | 'total' | 'deposit_applied' | 'amount_due'> {
  const { currency } = terms;
  let subtotal = new Decimal(0);
  for (const l of lines) subtotal = subtotal.plus(dec(l.amount));
  const discount = subtotal.gt(0) ? roundMoney(subtotal.times(dec(terms.discountPercent ?? '0')).div(100), currency) : new Decimal(0);
  const tax = roundMoney(subtotal.minus(discount).times(dec(terms.taxRate ?? '0')), currency);
  const total = subtotal.minus(discount).plus(tax);
  const deposit = Decimal.min(dec(terms.deposit ?? '0'), Decimal.max(total, 0));
  const all = discount.isZero()
    ? lines
    : [...lines, line('discount', `Discount ${terms.discountPercent ?? '0'}%`, '1', moneyString(discount.negated(), currency), moneyString(discount.negated(), currency))];
  return {
    lines: all,
    subtotal: moneyString(subtotal, currency),
    discount: moneyString(discount, currency),
    tax: moneyString(tax, currency),
    total: moneyString(total, currency),
    deposit_applied: moneyString(deposit, currency),
    amount_due: moneyString(total.minus(deposit), currency),
  };
}

/** A small mark: a blue rounded square with a white "N"-like slash of bars. */
export function sampleLogo(): Uint8Array {
  const size = 96;
  return paintPng(size, size, (x, y) => {
    const r = 20;
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    if (!inside) return [0, 0, 0, 0];
    const bar = (x > 24 && x < 36 && y > 22 && y < 74) || (x > 60 && x < 72 && y > 22 && y < 74) || (Math.abs(x - 30 - ((y - 22) * 36) / 52) < 7 && y > 22 && y < 74);
    return bar ? [255, 255, 255, 1] : [37, 99, 235, 1];
  });
}

export function sampleBranding(withLogo = true): Branding {
  return {
    company_name: 'Northwind Analytics Ltd.',
    company_address: '120 Harbour Street, Suite 400\nLondon EC2A 4NE\nUnited Kingdom\nVAT GB 123 4567 89',
    logo: withLogo ? sampleLogo() : null,
    accent_color: '#2563EB',
    payment_instructions: 'Bank transfer to Northwind Analytics Ltd.\nIBAN GB29 NWBK 6016 1331 9268 19 · BIC NWBKGB2L\nBarclays Bank plc, 1 Churchill Place, London',
    footer: 'Northwind Analytics Ltd. · Registered in England and Wales, company no. 01234567 · billing@northwind.example · +44 20 7946 0000',
    tax_label: 'Tax',
  };
}

function base(over: Partial<InvoiceDocument['invoice']> & Pick<InvoiceDocument['invoice'], 'currency'>): Omit<InvoiceDocument['invoice'], 'lines' | 'subtotal' | 'discount' | 'tax' | 'total' | 'deposit_applied' | 'amount_due'> {
  return {
    invoice_id: 'ACME-EXAMPLE@2026-10',
    invoice_number: 'INV-2026-000123',
    status: 'finalized',
    agreement_id: 'AG-1001',
    account_id: 'ACME',
    period: '2026-10',
    document_type: 'invoice',
    credits_invoice_number: null,
    ...over,
  };
}

/** A normal one-page USD invoice with every kind of line. */
export function shortInvoice(): InvoiceDocument {
  const lines = [
    line('recurring', 'Platform fee', '1', '2500.00', '2500.00'),
    line('recurring', 'Analytics add-on (prorated)', '1', '800.00', '438.71', '17 of 31 days, 15–31 Oct 2026'),
    line('usage', 'API calls', '100000', '0', '0.00', 'Tier 1: 0 – 100,000 calls'),
    line('usage', 'API calls', '900000', '0.002', '1800.00', 'Tier 2: 100,000 – 1,000,000 calls'),
    line('usage', 'API calls', '1234567', '0.001', '1234.57', 'Tier 3: above 1,000,000 calls'),
    line('usage', 'Storage (GB, peak)', '812.5', '0.10', '31.25', '1,312.5 GB peak, 500 GB included'),
    line('usage', 'Seats', '14', '25', '400.00', 'Volume tier 11+ at 25.00 per seat, flat fee 50.00 included'),
    line('hours', 'Professional services – architect', '12.25', '220.00', '2695.00', 'Rounded up to 15-minute increments'),
    line('hours', 'Support', '3.5', '120.00', '420.00', '13.5 hours, 10 hours included'),
    line('one_time', 'Onboarding', '1', '1500.00', '1500.00'),
  ];
  return {
    invoice: { ...base({ currency: 'USD' }), ...withTotals(lines, { currency: 'USD', discountPercent: '10', taxRate: '0.0825', deposit: '5000.00' }) },
    account_name: 'Acme Corp',
    bill_to: 'Acme Corp\nAttn: Accounts Payable\n1 Main Street\nSpringfield, IL 62701\nUnited States',
    po_number: 'PO-7788',
    issue_date: '2026-11-01',
    due_date: '2026-12-01',
    payment_terms_days: 30,
    draft: false,
  };
}

/**
 * A draft (no number yet) with many usage lines across regions; every
 * detailEvery-th line has a detail note and every longEvery-th a description
 * that wraps (0: none). The defaults give 87 lines on three pages.
 */
export function longInvoice(count = 84, detailEvery = 24, longEvery = 30): InvoiceDocument {
  const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1', 'ap-northeast-1', 'sa-east-1'];
  const metrics: [string, string][] = [
    ['API calls', '0.0015'],
    ['Storage GB-month', '0.023'],
    ['Egress GB', '0.09'],
  ];
  const lines: Line[] = [line('recurring', 'Enterprise platform fee', '1', '12500.00', '12500.00')];
  for (let i = 0; i < count; i++) {
    const region = regions[i % regions.length] ?? 'eu-west-1';
    const [metric, price] = metrics[i % metrics.length] ?? ['API calls', '0.0015'];
    const quantity = String(1000 + ((i * 7919) % 250000));
    const amount = moneyString(dec(quantity).times(price), 'EUR');
    const long = longEvery > 0 && i % longEvery === 3 ? ' including replicated cross-zone traffic billed under the shared network capacity plan agreed in amendment 4' : '';
    lines.push(line('usage', `${metric} – ${region}${long}`, quantity, price, amount, detailEvery > 0 && i % detailEvery === 0 ? `Workspace ws-${String(1000 + i)} · aggregation sum over 31 days` : undefined));
  }
  lines.push(line('hours', 'Support', '6', '150.00', '900.00'));
  lines.push(line('adjustment', 'Goodwill credit for the 14 Oct incident', '1', '-250.00', '-250.00', 'Approved by Dana Lee'));
  return {
    invoice: { ...base({ currency: 'EUR', invoice_number: null, status: 'approved', invoice_id: 'GLOBEX-EU@2026-10', agreement_id: 'AG-2040', account_id: 'GLOBEX' }), ...withTotals(lines, { currency: 'EUR', taxRate: '0.19' }) },
    account_name: 'Globex GmbH',
    bill_to: null,
    po_number: null,
    issue_date: '2026-11-01',
    due_date: '2026-11-15',
    payment_terms_days: 14,
    draft: true,
  };
}

/** A yen invoice: money has no minor unit. */
export function jpyInvoice(): InvoiceDocument {
  const lines = [
    line('recurring', 'Platform fee', '1', '350000', '350000'),
    line('usage', 'API calls', '1250000', '0.2', '250000'),
    line('hours', 'Professional services', '8', '18000', '144000'),
    line('minimum', 'Minimum commitment top-up (monthly minimum 1,000,000)', '1', '256000', '256000'),
  ];
  return {
    invoice: { ...base({ currency: 'JPY', invoice_number: 'INV-2026-000124', invoice_id: 'SAKURA@2026-10', agreement_id: 'AG-3001', account_id: 'SAKURA' }), ...withTotals(lines, { currency: 'JPY', discountPercent: '5', taxRate: '0.10' }) },
    account_name: 'Sakura Trading K.K.',
    bill_to: 'Sakura Trading K.K.\n2-1 Marunouchi, Chiyoda-ku\nTokyo 100-0005\nJapan',
    po_number: '4500012345',
    issue_date: '2026-11-01',
    due_date: '2026-11-30',
    payment_terms_days: 29,
    draft: false,
  };
}

/** A credit note with negative amounts, billed to a name in three scripts. */
export function creditNote(): InvoiceDocument {
  const lines = [
    line('recurring', 'Platform fee – reversal of October', '1', '-2500.00', '-2500.00', `Corrects INV-2026-000123`),
    line('usage', 'API calls – billed twice', '-900000', '0.002', '-1800.00'),
  ];
  return {
    invoice: {
      ...base({ currency: 'EUR', invoice_number: 'CN-2026-000007', invoice_id: 'OMEGA@2026-10#cn1', agreement_id: 'AG-5005', account_id: 'OMEGA', document_type: 'credit_note', credits_invoice_number: 'INV-2026-000123' }),
      ...withTotals(lines, { currency: 'EUR', taxRate: '0.20' }),
    },
    account_name: 'Ωmega Systems',
    bill_to: `${UNICODE_NAME}\nΩmega Systems s.r.o.\nul. Żółkiewskiego 12/4\n00-950 Warszawa, Polska`,
    po_number: null,
    issue_date: '2026-11-20',
    due_date: '2026-11-20',
    payment_terms_days: 0,
    draft: false,
  };
}
