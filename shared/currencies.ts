/**
 * ISO 4217 currency codes and their minor units (List One, 2025 edition).
 *
 * Codes whose minor unit ISO lists as "N.A." (precious metals, SDR, test and
 * "no currency" codes) are not billing currencies and count as invalid here.
 * rating.md names 0 digits for JPY/KRW and 3 for BHD/KWD/OMR; the table agrees
 * and gives every other currency its official exponent (ISK and CLP 0, JOD 3 …).
 * An unknown code is rated with 2 minor units until corrected (anomalies.md).
 */
const ZERO_DIGITS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DIGITS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DIGITS = 'CLF UYW';
const TWO_DIGITS =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
  'GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD ' +
  'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR ' +
  'PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY ' +
  'TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

const MINOR_UNITS = new Map<string, number>();
for (const [codes, digits] of [
  [TWO_DIGITS, 2],
  [ZERO_DIGITS, 0],
  [THREE_DIGITS, 3],
  [FOUR_DIGITS, 4],
] as const) {
  for (const code of codes.split(' ')) MINOR_UNITS.set(code, digits);
}

export function isIsoCurrency(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** Digits after the decimal point for the currency; 2 for an unknown code. */
export function currencyMinorUnits(code: string): number {
  return MINOR_UNITS.get(code) ?? 2;
}
