/**
 * EN 16931 business rules, a subset implemented here, run on the generated XML
 * itself (parsed back, CII or UBL): first the syntax binding reads the
 * semantic values (BT-/BG- terms) out of the document, then the rules check
 * them, as the CEN/TC 434 artifacts do (their syntax-binding XSLT + the
 * shared rule set). Which rules: see RULES and DECISIONS.md ("E-invoices").
 */
import { DOMParser } from '@xmldom/xmldom';
import { isIsoCurrency } from '../../../shared/currencies';
import { isCountryCode } from '../../../shared/domain';
import { dec } from '../../../shared/money';
import { CII_NS } from './cii';
import { UBL_NS } from './ubl';

export interface Finding {
  /** the rule's id, e.g. BR-CO-15 */
  rule: string;
  /** the business term(s) it is about, e.g. BT-112 */
  field: string;
  message: string;
}

interface Line {
  id: string | null;
  quantity: string | null;
  unit: string | null;
  amount: string | null;
  name: string | null;
  price: string | null;
  category: string | null;
  percent: string | null;
}

interface Breakdown {
  taxable: string | null;
  tax: string | null;
  category: string | null;
  percent: string | null;
  reasonCode: string | null;
  reason: string | null;
}

/** The semantic model of EN 16931, as far as these rules read it. */
export interface Semantic {
  specification: string | null;
  number: string | null;
  issueDate: string | null;
  typeCode: string | null;
  currency: string | null;
  dueDate: string | null;
  paymentTerms: string | null;
  preceding: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  sellerName: string | null;
  sellerCountry: string | null;
  sellerHasAddress: boolean;
  sellerVat: string | null;
  sellerTaxRegistration: string | null;
  buyerName: string | null;
  buyerCountry: string | null;
  buyerHasAddress: boolean;
  buyerVat: string | null;
  deliverToCountry: string | null;
  paymentMeans: string | null;
  account: string | null;
  lines: Line[];
  allowances: { amount: string | null; reason: string | null; category: string | null; percent: string | null }[];
  charges: { amount: string | null; category: string | null; percent: string | null }[];
  breakdown: Breakdown[];
  totals: { lineTotal: string | null; allowanceTotal: string | null; chargeTotal: string | null; taxExclusive: string | null; tax: string | null; taxInclusive: string | null; prepaid: string | null; rounding: string | null; due: string | null };
  /** UBL: currencyID attributes that differ from BT-5 */
  currencyMismatches: string[];
}

type Ns = Record<string, string>;

/** Namespace-aware navigation: "ram:A/ram:B" from an element. */
class Reader {
  constructor(private readonly ns: Ns) {}

  children(el: Element, step: string): Element[] {
    const [prefix, local] = step.split(':') as [string, string];
    const uri = this.ns[prefix];
    const out: Element[] = [];
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === uri) out.push(n as Element);
    }
    return out;
  }

  all(el: Element | null, path: string): Element[] {
    if (!el) return [];
    let current = [el];
    for (const step of path.split('/')) current = current.flatMap((c) => this.children(c, step));
    return current;
  }

  one(el: Element | null, path: string): Element | null {
    return this.all(el, path)[0] ?? null;
  }

  text(el: Element | null, path: string): string | null {
    const found = this.one(el, path);
    const t = found?.textContent?.trim();
    return t === undefined || t === '' ? null : t;
  }
}

const fromDate102 = (v: string | null) => (v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : v);

/** A trading party as both syntaxes are read: name, country, whether it has an address, VAT and other tax registration. */
interface PartyRead {
  name: string | null;
  country: string | null;
  hasAddress: boolean;
  vat: string | null;
  fc: string | null;
}

/** The seller's and buyer's semantic fields, the same whichever syntax they were read from. */
function partyFields(seller: PartyRead, buyer: PartyRead) {
  return {
    sellerName: seller.name,
    sellerCountry: seller.country,
    sellerHasAddress: seller.hasAddress,
    sellerVat: seller.vat,
    sellerTaxRegistration: seller.fc,
    buyerName: buyer.name,
    buyerCountry: buyer.country,
    buyerHasAddress: buyer.hasAddress,
    buyerVat: buyer.vat,
  };
}

function readCii(root: Element): Semantic {
  const r = new Reader(CII_NS);
  const trade = r.one(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = r.one(trade, 'ram:ApplicableHeaderTradeAgreement');
  const settle = r.one(trade, 'ram:ApplicableHeaderTradeSettlement');
  const party = (p: Element | null): PartyRead => ({
    name: r.text(p, 'ram:Name'),
    country: r.text(p, 'ram:PostalTradeAddress/ram:CountryID'),
    hasAddress: r.one(p, 'ram:PostalTradeAddress') !== null,
    vat: r.all(p, 'ram:SpecifiedTaxRegistration/ram:ID').find((e) => e.getAttribute('schemeID') === 'VA')?.textContent?.trim() ?? null,
    fc: r.all(p, 'ram:SpecifiedTaxRegistration/ram:ID').find((e) => e.getAttribute('schemeID') === 'FC')?.textContent?.trim() ?? null,
  });
  const seller = party(r.one(agreement, 'ram:SellerTradeParty'));
  const buyer = party(r.one(agreement, 'ram:BuyerTradeParty'));
  const sum = r.one(settle, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const allowanceCharges = r.all(settle, 'ram:SpecifiedTradeAllowanceCharge');
  const isCharge = (a: Element) => r.text(a, 'ram:ChargeIndicator/udt:Indicator') === 'true';
  return {
    specification: r.text(root, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
    number: r.text(root, 'rsm:ExchangedDocument/ram:ID'),
    issueDate: fromDate102(r.text(root, 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString')),
    typeCode: r.text(root, 'rsm:ExchangedDocument/ram:TypeCode'),
    currency: r.text(settle, 'ram:InvoiceCurrencyCode'),
    dueDate: fromDate102(r.text(settle, 'ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString')),
    paymentTerms: r.text(settle, 'ram:SpecifiedTradePaymentTerms/ram:Description'),
    preceding: r.one(settle, 'ram:InvoiceReferencedDocument') ? (r.text(settle, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID') ?? '') : null,
    periodStart: fromDate102(r.text(settle, 'ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString')),
    periodEnd: fromDate102(r.text(settle, 'ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString')),
    ...partyFields(seller, buyer),
    deliverToCountry: r.text(trade, 'ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID'),
    paymentMeans: r.text(settle, 'ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode'),
    account: r.text(settle, 'ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID'),
    lines: r.all(trade, 'ram:IncludedSupplyChainTradeLineItem').map((l) => ({
      id: r.text(l, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
      quantity: r.text(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'),
      unit: r.one(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity')?.getAttribute('unitCode') || null,
      amount: r.text(l, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
      name: r.text(l, 'ram:SpecifiedTradeProduct/ram:Name'),
      price: r.text(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'),
      category: r.text(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode'),
      percent: r.text(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent'),
    })),
    allowances: allowanceCharges.filter((a) => !isCharge(a)).map((a) => ({
      amount: r.text(a, 'ram:ActualAmount'),
      reason: r.text(a, 'ram:Reason') ?? r.text(a, 'ram:ReasonCode'),
      category: r.text(a, 'ram:CategoryTradeTax/ram:CategoryCode'),
      percent: r.text(a, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
    })),
    charges: allowanceCharges.filter(isCharge).map((a) => ({
      amount: r.text(a, 'ram:ActualAmount'),
      category: r.text(a, 'ram:CategoryTradeTax/ram:CategoryCode'),
      percent: r.text(a, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
    })),
    breakdown: r.all(settle, 'ram:ApplicableTradeTax').map((t) => ({
      taxable: r.text(t, 'ram:BasisAmount'),
      tax: r.text(t, 'ram:CalculatedAmount'),
      category: r.text(t, 'ram:CategoryCode'),
      percent: r.text(t, 'ram:RateApplicablePercent'),
      reasonCode: r.text(t, 'ram:ExemptionReasonCode'),
      reason: r.text(t, 'ram:ExemptionReason'),
    })),
    totals: {
      lineTotal: r.text(sum, 'ram:LineTotalAmount'),
      allowanceTotal: r.text(sum, 'ram:AllowanceTotalAmount'),
      chargeTotal: r.text(sum, 'ram:ChargeTotalAmount'),
      taxExclusive: r.text(sum, 'ram:TaxBasisTotalAmount'),
      tax: r.text(sum, 'ram:TaxTotalAmount'),
      taxInclusive: r.text(sum, 'ram:GrandTotalAmount'),
      prepaid: r.text(sum, 'ram:TotalPrepaidAmount'),
      rounding: r.text(sum, 'ram:RoundingAmount'),
      due: r.text(sum, 'ram:DuePayableAmount'),
    },
    currencyMismatches: [],
  };
}

function readUbl(root: Element, credit: boolean): Semantic {
  const r = new Reader({ ubl: root.namespaceURI ?? '', cac: UBL_NS.cac, cbc: UBL_NS.cbc });
  const party = (p: Element | null): PartyRead => ({
    name: r.text(p, 'cac:PartyLegalEntity/cbc:RegistrationName'),
    country: r.text(p, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode'),
    hasAddress: r.one(p, 'cac:PostalAddress') !== null,
    vat: r.all(p, 'cac:PartyTaxScheme').find((s) => r.text(s, 'cac:TaxScheme/cbc:ID') === 'VAT')?.getElementsByTagNameNS(UBL_NS.cbc, 'CompanyID')[0]?.textContent?.trim() ?? null,
    fc: r.all(p, 'cac:PartyTaxScheme').find((s) => r.text(s, 'cac:TaxScheme/cbc:ID') !== 'VAT')?.getElementsByTagNameNS(UBL_NS.cbc, 'CompanyID')[0]?.textContent?.trim() ?? null,
  });
  const seller = party(r.one(root, 'cac:AccountingSupplierParty/cac:Party'));
  const buyer = party(r.one(root, 'cac:AccountingCustomerParty/cac:Party'));
  const total = r.one(root, 'cac:LegalMonetaryTotal');
  const ac = r.all(root, 'cac:AllowanceCharge');
  const isCharge = (a: Element) => r.text(a, 'cbc:ChargeIndicator') === 'true';
  const currency = r.text(root, 'cbc:DocumentCurrencyCode');
  const mismatches: string[] = [];
  const walk = (el: Element) => {
    const id = el.getAttribute('currencyID');
    if (el.hasAttribute('currencyID') && id !== currency) mismatches.push(`${el.localName}=${id ?? ''}`);
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element);
  };
  walk(root);
  return {
    specification: r.text(root, 'cbc:CustomizationID'),
    number: r.text(root, 'cbc:ID'),
    issueDate: r.text(root, 'cbc:IssueDate'),
    typeCode: r.text(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'),
    currency,
    dueDate: r.text(root, 'cbc:DueDate'),
    paymentTerms: r.text(root, 'cac:PaymentTerms/cbc:Note'),
    preceding: r.one(root, 'cac:BillingReference') ? (r.text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID') ?? '') : null,
    periodStart: r.text(root, 'cac:InvoicePeriod/cbc:StartDate'),
    periodEnd: r.text(root, 'cac:InvoicePeriod/cbc:EndDate'),
    ...partyFields(seller, buyer),
    deliverToCountry: r.text(root, 'cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode'),
    paymentMeans: r.text(root, 'cac:PaymentMeans/cbc:PaymentMeansCode'),
    account: r.text(root, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID'),
    lines: r.all(root, credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine').map((l) => {
      const q = r.one(l, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity');
      return {
        id: r.text(l, 'cbc:ID'),
        quantity: q?.textContent?.trim() || null,
        unit: q?.getAttribute('unitCode') || null,
        amount: r.text(l, 'cbc:LineExtensionAmount'),
        name: r.text(l, 'cac:Item/cbc:Name'),
        price: r.text(l, 'cac:Price/cbc:PriceAmount'),
        category: r.text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID'),
        percent: r.text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent'),
      };
    }),
    allowances: ac.filter((a) => !isCharge(a)).map((a) => ({
      amount: r.text(a, 'cbc:Amount'),
      reason: r.text(a, 'cbc:AllowanceChargeReason') ?? r.text(a, 'cbc:AllowanceChargeReasonCode'),
      category: r.text(a, 'cac:TaxCategory/cbc:ID'),
      percent: r.text(a, 'cac:TaxCategory/cbc:Percent'),
    })),
    charges: ac.filter(isCharge).map((a) => ({ amount: r.text(a, 'cbc:Amount'), category: r.text(a, 'cac:TaxCategory/cbc:ID'), percent: r.text(a, 'cac:TaxCategory/cbc:Percent') })),
    breakdown: r.all(root, 'cac:TaxTotal/cac:TaxSubtotal').map((t) => ({
      taxable: r.text(t, 'cbc:TaxableAmount'),
      tax: r.text(t, 'cbc:TaxAmount'),
      category: r.text(t, 'cac:TaxCategory/cbc:ID'),
      percent: r.text(t, 'cac:TaxCategory/cbc:Percent'),
      reasonCode: r.text(t, 'cac:TaxCategory/cbc:TaxExemptionReasonCode'),
      reason: r.text(t, 'cac:TaxCategory/cbc:TaxExemptionReason'),
    })),
    totals: {
      lineTotal: r.text(total, 'cbc:LineExtensionAmount'),
      allowanceTotal: r.text(total, 'cbc:AllowanceTotalAmount'),
      chargeTotal: r.text(total, 'cbc:ChargeTotalAmount'),
      taxExclusive: r.text(total, 'cbc:TaxExclusiveAmount'),
      tax: r.text(root, 'cac:TaxTotal/cbc:TaxAmount'),
      taxInclusive: r.text(total, 'cbc:TaxInclusiveAmount'),
      prepaid: r.text(total, 'cbc:PrepaidAmount'),
      rounding: r.text(total, 'cbc:PayableRoundingAmount'),
      due: r.text(total, 'cbc:PayableAmount'),
    },
    currencyMismatches: mismatches,
  };
}

/** Reads the semantic values out of a CII or UBL document. */
export function readSemantic(xml: string): Semantic {
  const problems: string[] = [];
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: (m: string) => problems.push(m), fatalError: (m: string) => problems.push(m) } }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (problems.length || !root) throw new Error(`the e-invoice XML is not well-formed: ${problems[0] ?? 'no root element'}`);
  if (root.namespaceURI === CII_NS.rsm && root.localName === 'CrossIndustryInvoice') return readCii(root);
  if (root.namespaceURI === UBL_NS.invoice && root.localName === 'Invoice') return readUbl(root, false);
  if (root.namespaceURI === UBL_NS.creditNote && root.localName === 'CreditNote') return readUbl(root, true);
  throw new Error(`the document is neither CII nor UBL (root ${root.nodeName})`);
}

const UNIT_CODES = new Set(['C62', 'HUR', 'MIN', 'E34', 'E35', '4L', 'DAY', 'MON', 'ANN', 'H87', 'EA', 'KGM', 'MTR', 'LTR']);
const TYPE_CODES = new Set(['380', '381', '383', '384', '386', '389', '751', '326', '261', '71']);
const CATEGORIES = new Set(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']);
const DECIMAL = /^-?\d+(\.\d+)?$/;

const num = (v: string | null) => (v !== null && DECIMAL.test(v) ? dec(v) : null);
const places = (v: string) => (v.includes('.') ? v.split('.')[1]!.length : 0);

/** The rule ids this module checks (for DECISIONS.md and the tests). */
export const RULES = [
  'BR-01', 'BR-02', 'BR-03', 'BR-04', 'BR-05', 'BR-06', 'BR-07', 'BR-08', 'BR-09', 'BR-10', 'BR-11', 'BR-12', 'BR-13', 'BR-14', 'BR-15', 'BR-16',
  'BR-21', 'BR-22', 'BR-23', 'BR-24', 'BR-25', 'BR-26', 'BR-27', 'BR-31', 'BR-32', 'BR-33', 'BR-45', 'BR-46', 'BR-47', 'BR-48', 'BR-49', 'BR-55', 'BR-61',
  'BR-CO-04', 'BR-CO-10', 'BR-CO-11', 'BR-CO-12', 'BR-CO-13', 'BR-CO-14', 'BR-CO-15', 'BR-CO-16', 'BR-CO-17', 'BR-CO-18', 'BR-CO-25', 'BR-CO-26',
  'BR-S-02', 'BR-S-05', 'BR-S-08', 'BR-S-10', 'BR-AE-02', 'BR-AE-05', 'BR-AE-08', 'BR-AE-09', 'BR-AE-10',
  'BR-IC-02', 'BR-IC-05', 'BR-IC-08', 'BR-IC-09', 'BR-IC-10', 'BR-IC-11', 'BR-IC-12',
  'BR-G-02', 'BR-G-05', 'BR-G-08', 'BR-G-09', 'BR-G-10', 'BR-E-02', 'BR-E-05', 'BR-E-08', 'BR-E-09', 'BR-E-10', 'BR-Z-02', 'BR-Z-05', 'BR-Z-08', 'BR-Z-09', 'BR-Z-10',
  'BR-S-01', 'BR-AE-01', 'BR-IC-01', 'BR-G-01', 'BR-E-01', 'BR-Z-01',
  'BR-DEC-01', 'BR-DEC-09..14', 'BR-DEC-16..20', 'BR-DEC-23', 'BR-CL-01', 'BR-CL-04', 'BR-CL-14', 'BR-CL-17', 'BR-CL-23', 'UBL-CR-currency', 'SPEC-BT-25',
] as const;

/** Runs the rules; an empty list means the document passed every one of them. */
export function validateSemantic(s: Semantic): Finding[] {
  const out: Finding[] = [];
  const fail = (rule: string, field: string, message: string) => out.push({ rule, field, message });
  const required: [string, string, string | null, string][] = [
    ['BR-01', 'BT-24', s.specification, 'the specification identifier is missing'],
    ['BR-02', 'BT-1', s.number, 'the invoice number is missing'],
    ['BR-03', 'BT-2', s.issueDate, 'the issue date is missing'],
    ['BR-04', 'BT-3', s.typeCode, 'the invoice type code is missing'],
    ['BR-05', 'BT-5', s.currency, 'the invoice currency code is missing'],
    ['BR-06', 'BT-27', s.sellerName, "the seller's name is missing"],
    ['BR-07', 'BT-44', s.buyerName, "the buyer's name is missing"],
    ['BR-09', 'BT-40', s.sellerCountry, "the seller's country code is missing"],
    ['BR-11', 'BT-55', s.buyerCountry, "the buyer's country code is missing"],
    ['BR-12', 'BT-106', s.totals.lineTotal, 'the sum of invoice line net amounts is missing'],
    ['BR-13', 'BT-109', s.totals.taxExclusive, 'the total without VAT is missing'],
    ['BR-14', 'BT-112', s.totals.taxInclusive, 'the total with VAT is missing'],
    ['BR-15', 'BT-115', s.totals.due, 'the amount due for payment is missing'],
  ];
  for (const [rule, field, value, message] of required) if (value === null) fail(rule, field, message);
  if (!s.sellerHasAddress) fail('BR-08', 'BG-5', "the seller's postal address is missing");
  if (!s.buyerHasAddress) fail('BR-10', 'BG-8', "the buyer's postal address is missing");
  if (s.lines.length === 0) fail('BR-16', 'BG-25', 'the invoice has no line');
  if (s.typeCode !== null && !TYPE_CODES.has(s.typeCode)) fail('BR-CL-01', 'BT-3', `type code ${s.typeCode} is not an allowed invoice type code`);
  if (s.currency !== null && !isIsoCurrency(s.currency)) fail('BR-CL-04', 'BT-5', `${s.currency} is not an ISO 4217 currency code`);
  for (const [field, c] of [['BT-40', s.sellerCountry], ['BT-55', s.buyerCountry], ['BT-80', s.deliverToCountry]] as const) {
    if (c !== null && !isCountryCode(c)) fail('BR-CL-14', field, `${c} is not an ISO 3166-1 country code`);
  }
  for (const m of s.currencyMismatches) fail('UBL-CR-currency', 'BT-5', `an amount's currencyID (${m}) is not the invoice currency ${s.currency ?? ''}`);

  // Lines
  let lineSum = dec(0);
  s.lines.forEach((l, i) => {
    const at = `line ${l.id ?? i + 1}`;
    if (l.id === null) fail('BR-21', 'BT-126', `${at}: the line identifier is missing`);
    if (l.quantity === null) fail('BR-22', 'BT-129', `${at}: the invoiced quantity is missing`);
    if (l.unit === null) fail('BR-23', 'BT-130', `${at}: the unit of measure is missing`);
    else if (!UNIT_CODES.has(l.unit)) fail('BR-CL-23', 'BT-130', `${at}: unit code ${l.unit} is not in the UN/ECE Rec. 20 subset we issue`);
    if (l.amount === null) fail('BR-24', 'BT-131', `${at}: the line net amount is missing`);
    if (l.name === null) fail('BR-25', 'BT-153', `${at}: the item name is missing`);
    if (l.price === null) fail('BR-26', 'BT-146', `${at}: the item net price is missing`);
    else if (num(l.price)?.isNegative()) fail('BR-27', 'BT-146', `${at}: the item net price ${l.price} is negative`);
    if (l.category === null) fail('BR-CO-04', 'BT-151', `${at}: the VAT category is missing`);
    else if (!CATEGORIES.has(l.category)) fail('BR-CL-17', 'BT-151', `${at}: ${l.category} is not a VAT category code`);
    const a = num(l.amount);
    if (l.amount !== null && a === null) fail('BR-24', 'BT-131', `${at}: the line net amount ${l.amount} is not a number`);
    if (a) {
      lineSum = lineSum.plus(a);
      if (places(l.amount!) > 2) fail('BR-DEC-23', 'BT-131', `${at}: the line net amount ${l.amount} has more than 2 decimals`);
    }
  });

  // Document allowances and charges
  let allowanceSum = dec(0);
  s.allowances.forEach((a, i) => {
    if (a.amount === null) fail('BR-31', 'BT-92', `allowance ${i + 1}: the amount is missing`);
    else {
      allowanceSum = allowanceSum.plus(num(a.amount) ?? 0);
      if (places(a.amount) > 2) fail('BR-DEC-01', 'BT-92', `allowance ${i + 1}: the amount ${a.amount} has more than 2 decimals`);
    }
    if (a.category === null) fail('BR-32', 'BT-95', `allowance ${i + 1}: the VAT category is missing`);
    if (a.reason === null) fail('BR-33', 'BT-97', `allowance ${i + 1}: neither a reason nor a reason code is given`);
  });
  const chargeSum = s.charges.reduce((sum, c) => sum.plus(num(c.amount) ?? 0), dec(0));

  // Totals (BR-CO-10 … 16) and their decimals (BR-DEC)
  const t = s.totals;
  for (const [rule, field, v] of [
    ['BR-DEC-09', 'BT-106', t.lineTotal], ['BR-DEC-10', 'BT-107', t.allowanceTotal], ['BR-DEC-11', 'BT-108', t.chargeTotal], ['BR-DEC-12', 'BT-109', t.taxExclusive],
    ['BR-DEC-13', 'BT-110', t.tax], ['BR-DEC-14', 'BT-112', t.taxInclusive], ['BR-DEC-16', 'BT-113', t.prepaid], ['BR-DEC-17', 'BT-114', t.rounding], ['BR-DEC-18', 'BT-115', t.due],
  ] as const) {
    if (v === null) continue;
    if (num(v) === null) fail(rule, field, `${field} "${v}" is not a number`);
    else if (places(v) > 2) fail(rule, field, `${field} ${v} has more than 2 decimals`);
  }
  const lineTotal = num(t.lineTotal);
  const allowanceTotal = num(t.allowanceTotal) ?? dec(0);
  const chargeTotal = num(t.chargeTotal) ?? dec(0);
  const taxExclusive = num(t.taxExclusive);
  const taxTotal = num(t.tax) ?? dec(0);
  const taxInclusive = num(t.taxInclusive);
  const prepaid = num(t.prepaid) ?? dec(0);
  const rounding = num(t.rounding) ?? dec(0);
  const due = num(t.due);
  if (lineTotal && !lineTotal.eq(lineSum)) fail('BR-CO-10', 'BT-106', `the sum of line net amounts is ${t.lineTotal}, but the lines add up to ${lineSum.toFixed()}`);
  if (!allowanceTotal.eq(allowanceSum)) fail('BR-CO-11', 'BT-107', `the allowance total is ${allowanceTotal.toFixed()}, but the allowances add up to ${allowanceSum.toFixed()}`);
  if (!chargeTotal.eq(chargeSum)) fail('BR-CO-12', 'BT-108', `the charge total is ${chargeTotal.toFixed()}, but the charges add up to ${chargeSum.toFixed()}`);
  if (lineTotal && taxExclusive && !taxExclusive.eq(lineTotal.minus(allowanceTotal).plus(chargeTotal))) {
    fail('BR-CO-13', 'BT-109', `the total without VAT ${t.taxExclusive} is not ${t.lineTotal} − ${allowanceTotal.toFixed()} + ${chargeTotal.toFixed()}`);
  }
  if (taxExclusive && taxInclusive && !taxInclusive.eq(taxExclusive.plus(taxTotal))) fail('BR-CO-15', 'BT-112', `the total with VAT ${t.taxInclusive} is not ${t.taxExclusive} + ${taxTotal.toFixed()}`);
  if (taxInclusive && due && !due.eq(taxInclusive.minus(prepaid).plus(rounding))) fail('BR-CO-16', 'BT-115', `the amount due ${t.due} is not ${t.taxInclusive} − ${prepaid.toFixed()} + ${rounding.toFixed()}`);
  if (due?.gt(0) && s.dueDate === null && s.paymentTerms === null) fail('BR-CO-25', 'BT-9', 'a positive amount is due but neither a due date nor payment terms are given');
  if (s.sellerVat === null && s.sellerTaxRegistration === null) fail('BR-CO-26', 'BT-31', "neither the seller's VAT identifier nor a tax registration is given");
  if (s.preceding === '') fail('BR-55', 'BT-25', 'a preceding invoice reference has no invoice number');
  if (s.paymentMeans === null) fail('BR-49', 'BT-81', 'the payment means type code is missing');
  if ((s.paymentMeans === '30' || s.paymentMeans === '58') && s.account === null) fail('BR-61', 'BT-84', 'credit transfer without the payment account (IBAN)');

  // VAT breakdown
  if (s.breakdown.length === 0) fail('BR-CO-18', 'BG-23', 'there is no VAT breakdown');
  let breakdownTax = dec(0);
  for (const b of s.breakdown) {
    const at = `VAT breakdown ${b.category ?? '?'}`;
    if (b.taxable === null) fail('BR-45', 'BT-116', `${at}: the taxable amount is missing`);
    if (b.tax === null) fail('BR-46', 'BT-117', `${at}: the VAT amount is missing`);
    if (b.category === null) fail('BR-47', 'BT-118', `${at}: the category code is missing`);
    if (b.percent === null && b.category !== 'O') fail('BR-48', 'BT-119', `${at}: the VAT rate is missing`);
    for (const [rule, field, v] of [['BR-DEC-19', 'BT-116', b.taxable], ['BR-DEC-20', 'BT-117', b.tax]] as const) if (v !== null && places(v) > 2) fail(rule, field, `${at}: ${v} has more than 2 decimals`);
    const taxable = num(b.taxable);
    const tax = num(b.tax);
    const percent = num(b.percent);
    if (tax) breakdownTax = breakdownTax.plus(tax);
    const cat = b.category;
    if (cat === null) continue;
    // BR-x-08: the taxable amount is the lines − allowances + charges of that category (and rate).
    const samePercent = (p: string | null) => cat !== 'S' || (num(p)?.eq(percent ?? -1) ?? false);
    const expected = s.lines.filter((l) => l.category === cat && samePercent(l.percent)).reduce((sum, l) => sum.plus(num(l.amount) ?? 0), dec(0))
      .minus(s.allowances.filter((a) => a.category === cat && samePercent(a.percent)).reduce((sum, a) => sum.plus(num(a.amount) ?? 0), dec(0)))
      .plus(s.charges.filter((c) => c.category === cat && samePercent(c.percent)).reduce((sum, c) => sum.plus(num(c.amount) ?? 0), dec(0)));
    const prefix = cat === 'K' ? 'BR-IC' : `BR-${cat}`;
    if (taxable && !taxable.eq(expected)) fail(`${prefix}-08`, 'BT-116', `${at}: the taxable amount ${b.taxable} is not the lines, allowances and charges of that category (${expected.toFixed()})`);
    const exemption = b.reason !== null || b.reasonCode !== null;
    const linePercents = [...s.lines.filter((l) => l.category === cat).map((l) => l.percent), ...s.allowances.filter((a) => a.category === cat).map((a) => a.percent)];
    if (cat === 'S') {
      if (s.sellerVat === null) fail('BR-S-02', 'BT-31', 'standard-rated VAT needs the seller VAT identifier');
      if (linePercents.some((p) => !(num(p)?.gt(0) ?? false))) fail('BR-S-05', 'BT-152', 'a standard-rated line or allowance has no rate above zero');
      if (exemption) fail('BR-S-10', 'BT-120', 'a standard-rated breakdown must not carry an exemption reason');
      // BR-CO-17: VAT = taxable × rate / 100, rounded to 2 decimals (to the currency's unit where it has none).
      if (taxable && tax && percent) {
        const exact = taxable.times(percent).div(100);
        const ok = tax.eq(exact.toDecimalPlaces(2, 4)) || (places(b.tax!) === 0 && tax.eq(exact.toDecimalPlaces(0, 4)));
        if (!ok) fail('BR-CO-17', 'BT-117', `${at}: VAT ${b.tax} is not ${b.taxable} × ${b.percent} % (${exact.toFixed()})`);
      }
    } else if (cat === 'AE' || cat === 'K' || cat === 'G' || cat === 'E' || cat === 'Z') {
      const needsBuyer = cat === 'AE' || cat === 'K';
      if (s.sellerVat === null && !(cat === 'E' || cat === 'Z') ) fail(`${prefix}-02`, 'BT-31', `category ${cat} needs the seller VAT identifier`);
      if ((cat === 'E' || cat === 'Z') && s.sellerVat === null && s.sellerTaxRegistration === null) fail(`${prefix}-02`, 'BT-31', `category ${cat} needs the seller VAT identifier or tax registration`);
      if (needsBuyer && s.buyerVat === null) fail(`${prefix}-02`, 'BT-48', `category ${cat} needs the buyer VAT identifier`);
      if (linePercents.some((p) => !(num(p)?.isZero() ?? false)) || !(percent?.isZero() ?? false)) fail(`${prefix}-05`, 'BT-152', `category ${cat} has a VAT rate other than 0`);
      if (!(tax?.isZero() ?? false)) fail(`${prefix}-09`, 'BT-117', `category ${cat} carries VAT ${b.tax ?? ''}, which must be 0`);
      if (cat === 'Z' && exemption) fail('BR-Z-10', 'BT-120', 'a zero-rated breakdown must not carry an exemption reason');
      if (cat !== 'Z' && !exemption) fail(`${prefix}-10`, 'BT-120', `category ${cat} needs an exemption reason or reason code`);
      if (cat === 'K') {
        if (s.periodStart === null && s.periodEnd === null) fail('BR-IC-11', 'BG-14', 'an intra-community supply needs the delivery date or invoicing period');
        if (s.deliverToCountry === null) fail('BR-IC-12', 'BT-80', 'an intra-community supply needs the deliver-to country code');
      }
    }
  }
  if (!taxTotal.eq(breakdownTax)) fail('BR-CO-14', 'BT-110', `the VAT total ${t.tax ?? ''} is not the sum of the breakdown (${breakdownTax.toFixed()})`);
  // Every category on a line or allowance has its breakdown (BR-S-01, BR-AE-01 …).
  for (const cat of new Set([...s.lines.map((l) => l.category), ...s.allowances.map((a) => a.category)])) {
    if (cat !== null && !s.breakdown.some((b) => b.category === cat)) fail(`BR-${cat === 'K' ? 'IC' : cat}-01`, 'BG-23', `category ${cat} is used but has no VAT breakdown`);
  }
  if (s.typeCode === '381' && s.preceding === null) fail('SPEC-BT-25', 'BT-25', 'a credit note names no preceding invoice (e-invoicing.md: credit notes refer to the invoice they correct)');
  return out;
}

/** Validates a CII or UBL document: its findings (none when it passes). */
export function validateEInvoice(xml: string): Finding[] {
  return validateSemantic(readSemantic(xml));
}

/** The findings as one sentence: "BR-CO-15 (BT-112): …; BR-S-02 (BT-31): …". */
export function findingsSentence(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.rule} (${f.field}): ${f.message}`).join('; ');
}
