/**
 * UN/CEFACT Cross Industry Invoice (D16B, EN 16931 profile) of an e-invoice:
 * the XML Factur-X embeds as factur-x.xml and `billing einvoice --format cii`
 * writes. Element order follows the CII schema; built with xmlbuilder (every
 * text escaped by the library).
 */
import { create, type XMLElement } from 'xmlbuilder';
import type { EInvoice, Endpoint, PostalAddress } from './model';

export const CII_NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
} as const;

/** An element with text, or nothing when the value is absent. */
function opt(parent: XMLElement, name: string, value: string | null | undefined, attrs?: Record<string, string>): void {
  if (value !== null && value !== undefined && value !== '') parent.ele(name, attrs ?? {}, value);
}

const date102 = (iso: string) => iso.replaceAll('-', '');

function dateTime(parent: XMLElement, name: string, iso: string): void {
  parent.ele(name).ele('udt:DateTimeString', { format: '102' }, date102(iso));
}

function address(parent: XMLElement, a: PostalAddress): void {
  const el = parent.ele('ram:PostalTradeAddress');
  opt(el, 'ram:PostcodeCode', a.postcode);
  opt(el, 'ram:LineOne', a.lines[0]);
  opt(el, 'ram:LineTwo', a.lines[1]);
  opt(el, 'ram:LineThree', a.lines.slice(2).join(', '));
  opt(el, 'ram:CityName', a.city);
  el.ele('ram:CountryID', {}, a.country);
}

/** BT-34 / BT-49: the party's electronic address with its EAS scheme. */
function endpoint(parent: XMLElement, e: Endpoint | null): void {
  if (e) parent.ele('ram:URIUniversalCommunication').ele('ram:URIID', { schemeID: e.scheme }, e.id);
}

function tax(parent: XMLElement, e: EInvoice, name = 'ram:ApplicableTradeTax'): XMLElement {
  const el = parent.ele(name);
  el.ele('ram:TypeCode', {}, 'VAT');
  el.ele('ram:CategoryCode', {}, e.vat.category);
  el.ele('ram:RateApplicablePercent', {}, e.vat.percent);
  return el;
}

export function ciiXml(e: EInvoice): string {
  const root = create('rsm:CrossIndustryInvoice', { version: '1.0', encoding: 'UTF-8' });
  for (const [prefix, uri] of Object.entries(CII_NS)) root.att(`xmlns:${prefix}`, uri);
  root.ele('rsm:ExchangedDocumentContext').ele('ram:GuidelineSpecifiedDocumentContextParameter').ele('ram:ID', {}, e.specification_id);

  const header = root.ele('rsm:ExchangedDocument');
  header.ele('ram:ID', {}, e.number);
  header.ele('ram:TypeCode', {}, e.type_code);
  dateTime(header, 'ram:IssueDateTime', e.issue_date);
  if (e.note) header.ele('ram:IncludedNote').ele('ram:Content', {}, e.note);

  const trade = root.ele('rsm:SupplyChainTradeTransaction');
  for (const line of e.lines) {
    const item = trade.ele('ram:IncludedSupplyChainTradeLineItem');
    const doc = item.ele('ram:AssociatedDocumentLineDocument');
    doc.ele('ram:LineID', {}, line.id);
    if (line.note) doc.ele('ram:IncludedNote').ele('ram:Content', {}, line.note);
    const product = item.ele('ram:SpecifiedTradeProduct');
    product.ele('ram:Name', {}, line.name);
    if (line.stored_unit_price !== null) {
      const c = product.ele('ram:ApplicableProductCharacteristic');
      c.ele('ram:Description', {}, 'Unit price');
      c.ele('ram:Value', {}, line.stored_unit_price);
    }
    const price = item.ele('ram:SpecifiedLineTradeAgreement').ele('ram:NetPriceProductTradePrice');
    price.ele('ram:ChargeAmount', {}, line.price);
    if (line.base_quantity !== null) price.ele('ram:BasisQuantity', { unitCode: line.unit_code }, line.base_quantity);
    item.ele('ram:SpecifiedLineTradeDelivery').ele('ram:BilledQuantity', { unitCode: line.unit_code }, line.quantity);
    const settlement = item.ele('ram:SpecifiedLineTradeSettlement');
    tax(settlement, e);
    settlement.ele('ram:SpecifiedTradeSettlementLineMonetarySummation').ele('ram:LineTotalAmount', {}, line.amount);
  }

  const agreement = trade.ele('ram:ApplicableHeaderTradeAgreement');
  opt(agreement, 'ram:BuyerReference', e.buyer_reference);
  const seller = agreement.ele('ram:SellerTradeParty');
  seller.ele('ram:Name', {}, e.seller.name);
  if (e.seller.contact) {
    const c = seller.ele('ram:DefinedTradeContact');
    opt(c, 'ram:PersonName', e.seller.contact.name);
    if (e.seller.contact.phone) c.ele('ram:TelephoneUniversalCommunication').ele('ram:CompleteNumber', {}, e.seller.contact.phone);
    if (e.seller.contact.email) c.ele('ram:EmailURIUniversalCommunication').ele('ram:URIID', {}, e.seller.contact.email);
  }
  address(seller, e.seller.address);
  endpoint(seller, e.seller.endpoint);
  seller.ele('ram:SpecifiedTaxRegistration').ele('ram:ID', { schemeID: 'VA' }, e.seller.vat_id);
  if (e.seller.tax_registration) seller.ele('ram:SpecifiedTaxRegistration').ele('ram:ID', { schemeID: 'FC' }, e.seller.tax_registration);
  const buyer = agreement.ele('ram:BuyerTradeParty');
  buyer.ele('ram:Name', {}, e.buyer.name);
  address(buyer, e.buyer.address);
  endpoint(buyer, e.buyer.endpoint);
  if (e.buyer.vat_id) buyer.ele('ram:SpecifiedTaxRegistration').ele('ram:ID', { schemeID: 'VA' }, e.buyer.vat_id);
  if (e.order_reference) agreement.ele('ram:BuyerOrderReferencedDocument').ele('ram:IssuerAssignedID', {}, e.order_reference);

  const delivery = trade.ele('ram:ApplicableHeaderTradeDelivery');
  if (e.deliver_to_country) delivery.ele('ram:ShipToTradeParty').ele('ram:PostalTradeAddress').ele('ram:CountryID', {}, e.deliver_to_country);

  const settle = trade.ele('ram:ApplicableHeaderTradeSettlement');
  settle.ele('ram:InvoiceCurrencyCode', {}, e.currency);
  const means = settle.ele('ram:SpecifiedTradeSettlementPaymentMeans');
  means.ele('ram:TypeCode', {}, e.payment.means_code);
  if (e.payment.iban) means.ele('ram:PayeePartyCreditorFinancialAccount').ele('ram:IBANID', {}, e.payment.iban);
  if (e.payment.bic) means.ele('ram:PayeeSpecifiedCreditorFinancialInstitution').ele('ram:BICID', {}, e.payment.bic);
  const vat = settle.ele('ram:ApplicableTradeTax');
  vat.ele('ram:CalculatedAmount', {}, e.vat.tax);
  vat.ele('ram:TypeCode', {}, 'VAT');
  opt(vat, 'ram:ExemptionReason', e.vat.exemption_reason);
  vat.ele('ram:BasisAmount', {}, e.vat.taxable);
  vat.ele('ram:CategoryCode', {}, e.vat.category);
  opt(vat, 'ram:ExemptionReasonCode', e.vat.exemption_code);
  vat.ele('ram:RateApplicablePercent', {}, e.vat.percent);
  const period = settle.ele('ram:BillingSpecifiedPeriod');
  dateTime(period, 'ram:StartDateTime', e.period_start);
  dateTime(period, 'ram:EndDateTime', e.period_end);
  if (e.allowance) {
    const a = settle.ele('ram:SpecifiedTradeAllowanceCharge');
    a.ele('ram:ChargeIndicator').ele('udt:Indicator', {}, 'false');
    a.ele('ram:ActualAmount', {}, e.allowance.amount);
    a.ele('ram:Reason', {}, e.allowance.reason);
    tax(a, e, 'ram:CategoryTradeTax');
  }
  if (e.payment.terms || e.due_date) {
    const terms = settle.ele('ram:SpecifiedTradePaymentTerms');
    opt(terms, 'ram:Description', e.payment.terms);
    if (e.due_date) dateTime(terms, 'ram:DueDateDateTime', e.due_date);
  }
  const sum = settle.ele('ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  sum.ele('ram:LineTotalAmount', {}, e.totals.line_total);
  sum.ele('ram:AllowanceTotalAmount', {}, e.totals.allowance_total);
  sum.ele('ram:TaxBasisTotalAmount', {}, e.totals.tax_exclusive);
  sum.ele('ram:TaxTotalAmount', { currencyID: e.currency }, e.totals.tax);
  sum.ele('ram:GrandTotalAmount', {}, e.totals.tax_inclusive);
  sum.ele('ram:TotalPrepaidAmount', {}, e.totals.prepaid);
  sum.ele('ram:DuePayableAmount', {}, e.totals.due);
  if (e.preceding_invoice) settle.ele('ram:InvoiceReferencedDocument').ele('ram:IssuerAssignedID', {}, e.preceding_invoice);
  return root.end({ pretty: true }) + '\n';
}
