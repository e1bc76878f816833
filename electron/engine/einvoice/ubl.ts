/**
 * UBL 2.1 Invoice / CreditNote of an e-invoice, in the Peppol BIS Billing 3.0
 * customization (which XRechnung's UBL syntax shares). Element order follows
 * the UBL schema; built with xmlbuilder.
 */
import { create, type XMLElement } from 'xmlbuilder';
import type { EInvoice, Endpoint, PostalAddress } from './model';

export const UBL_NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;


function opt(parent: XMLElement, name: string, value: string | null | undefined, attrs?: Record<string, string>): void {
  if (value !== null && value !== undefined && value !== '') parent.ele(name, attrs ?? {}, value);
}

interface Party {
  name: string;
  address: PostalAddress;
  vat_id: string | null;
  endpoint: Endpoint | null;
  contact?: { name: string | null; phone: string | null; email: string | null } | null;
}

function party(parent: XMLElement, name: string, p: Party): void {
  const el = parent.ele(name).ele('cac:Party');
  if (p.endpoint) el.ele('cbc:EndpointID', { schemeID: p.endpoint.scheme }, p.endpoint.id);
  const a = el.ele('cac:PostalAddress');
  opt(a, 'cbc:StreetName', p.address.lines[0]);
  opt(a, 'cbc:AdditionalStreetName', p.address.lines[1]);
  opt(a, 'cbc:CityName', p.address.city);
  opt(a, 'cbc:PostalZone', p.address.postcode);
  if (p.address.lines.length > 2) a.ele('cac:AddressLine').ele('cbc:Line', {}, p.address.lines.slice(2).join(', '));
  a.ele('cac:Country').ele('cbc:IdentificationCode', {}, p.address.country);
  if (p.vat_id) {
    const scheme = el.ele('cac:PartyTaxScheme');
    scheme.ele('cbc:CompanyID', {}, p.vat_id);
    scheme.ele('cac:TaxScheme').ele('cbc:ID', {}, 'VAT');
  }
  el.ele('cac:PartyLegalEntity').ele('cbc:RegistrationName', {}, p.name);
  if (p.contact) {
    const c = el.ele('cac:Contact');
    opt(c, 'cbc:Name', p.contact.name);
    opt(c, 'cbc:Telephone', p.contact.phone);
    opt(c, 'cbc:ElectronicMail', p.contact.email);
  }
}

function category(parent: XMLElement, name: string, e: EInvoice, withReason: boolean): void {
  const el = parent.ele(name);
  el.ele('cbc:ID', {}, e.vat.category);
  el.ele('cbc:Percent', {}, e.vat.percent);
  if (withReason) {
    opt(el, 'cbc:TaxExemptionReasonCode', e.vat.exemption_code);
    opt(el, 'cbc:TaxExemptionReason', e.vat.exemption_reason);
  }
  el.ele('cac:TaxScheme').ele('cbc:ID', {}, 'VAT');
}

export function ublXml(e: EInvoice): string {
  const credit = e.type_code === '381';
  const root = create(credit ? 'CreditNote' : 'Invoice', { version: '1.0', encoding: 'UTF-8' });
  root.att('xmlns', credit ? UBL_NS.creditNote : UBL_NS.invoice);
  root.att('xmlns:cac', UBL_NS.cac);
  root.att('xmlns:cbc', UBL_NS.cbc);
  const money = { currencyID: e.currency };
  root.ele('cbc:CustomizationID', {}, e.specification_id);
  opt(root, 'cbc:ProfileID', e.profile_id);
  root.ele('cbc:ID', {}, e.number);
  root.ele('cbc:IssueDate', {}, e.issue_date);
  if (!credit && e.due_date) root.ele('cbc:DueDate', {}, e.due_date);
  root.ele(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', {}, e.type_code);
  opt(root, 'cbc:Note', e.note);
  root.ele('cbc:DocumentCurrencyCode', {}, e.currency);
  opt(root, 'cbc:BuyerReference', e.buyer_reference);
  const period = root.ele('cac:InvoicePeriod');
  period.ele('cbc:StartDate', {}, e.period_start);
  period.ele('cbc:EndDate', {}, e.period_end);
  if (e.order_reference) root.ele('cac:OrderReference').ele('cbc:ID', {}, e.order_reference);
  if (e.preceding_invoice) root.ele('cac:BillingReference').ele('cac:InvoiceDocumentReference').ele('cbc:ID', {}, e.preceding_invoice);
  party(root, 'cac:AccountingSupplierParty', e.seller);
  party(root, 'cac:AccountingCustomerParty', e.buyer);
  if (e.deliver_to_country) root.ele('cac:Delivery').ele('cac:DeliveryLocation').ele('cac:Address').ele('cac:Country').ele('cbc:IdentificationCode', {}, e.deliver_to_country);
  const means = root.ele('cac:PaymentMeans');
  means.ele('cbc:PaymentMeansCode', {}, e.payment.means_code);
  if (e.payment.iban) {
    const account = means.ele('cac:PayeeFinancialAccount');
    account.ele('cbc:ID', {}, e.payment.iban);
    if (e.payment.bic) account.ele('cac:FinancialInstitutionBranch').ele('cbc:ID', {}, e.payment.bic);
  }
  if (e.payment.terms) root.ele('cac:PaymentTerms').ele('cbc:Note', {}, e.payment.terms);
  if (e.allowance) {
    const a = root.ele('cac:AllowanceCharge');
    a.ele('cbc:ChargeIndicator', {}, 'false');
    a.ele('cbc:AllowanceChargeReason', {}, e.allowance.reason);
    a.ele('cbc:Amount', money, e.allowance.amount);
    category(a, 'cac:TaxCategory', e, false);
  }
  const taxTotal = root.ele('cac:TaxTotal');
  taxTotal.ele('cbc:TaxAmount', money, e.totals.tax);
  const sub = taxTotal.ele('cac:TaxSubtotal');
  sub.ele('cbc:TaxableAmount', money, e.vat.taxable);
  sub.ele('cbc:TaxAmount', money, e.vat.tax);
  category(sub, 'cac:TaxCategory', e, true);
  const total = root.ele('cac:LegalMonetaryTotal');
  total.ele('cbc:LineExtensionAmount', money, e.totals.line_total);
  total.ele('cbc:TaxExclusiveAmount', money, e.totals.tax_exclusive);
  total.ele('cbc:TaxInclusiveAmount', money, e.totals.tax_inclusive);
  total.ele('cbc:AllowanceTotalAmount', money, e.totals.allowance_total);
  total.ele('cbc:PrepaidAmount', money, e.totals.prepaid);
  total.ele('cbc:PayableAmount', money, e.totals.due);
  for (const line of e.lines) {
    const el = root.ele(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
    el.ele('cbc:ID', {}, line.id);
    opt(el, 'cbc:Note', line.note);
    el.ele(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', { unitCode: line.unit_code }, line.quantity);
    el.ele('cbc:LineExtensionAmount', money, line.amount);
    const item = el.ele('cac:Item');
    item.ele('cbc:Name', {}, line.name);
    category(item, 'cac:ClassifiedTaxCategory', e, false);
    if (line.stored_unit_price !== null) {
      const prop = item.ele('cac:AdditionalItemProperty');
      prop.ele('cbc:Name', {}, 'Unit price');
      prop.ele('cbc:Value', {}, line.stored_unit_price);
    }
    const price = el.ele('cac:Price');
    price.ele('cbc:PriceAmount', money, line.price);
    if (line.base_quantity !== null) price.ele('cbc:BaseQuantity', { unitCode: line.unit_code }, line.base_quantity);
  }
  return root.end({ pretty: true }) + '\n';
}
