/**
 * DATEV "Buchungsstapel" (EXTF format 700, category 21, version 13): the
 * header line, the line of column names, then one booking per line; semicolons,
 * text in double quotes, amounts with a decimal comma and no thousands
 * separator, dates of the document as DDMM, CRLF, Windows-1252.
 *
 * Each booking is a double entry by itself: Konto is always the receivables
 * (debtor) account, Gegenkonto the revenue, tax, deposit or discount account,
 * and the Soll/Haben mark says which side Konto is on ("S": receivables
 * debited, the other account credited). So a document's bookings balance, and
 * the receivables account nets to its amount due. Tax is booked explicitly on
 * the mapped tax account, with no BU key (no automatic tax).
 */
import { ConflictError } from '../errors';
import { spreadsheetSafe } from '../import/csv-safe';
import type { DatevSettings } from './accounts';
import { encodeCp1252, fitCp1252 } from './cp1252';
import type { LedgerDocument } from './documents';
import { moneyString } from '../../../shared/money';

/** The 125 columns of the Buchungsstapel, in DATEV's order. */
export const DATEV_COLUMNS = [
  'Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto', 'Gegenkonto (ohne BU-Schlüssel)',
  'BU-Schlüssel', 'Belegdatum', 'Belegfeld 1', 'Belegfeld 2', 'Skonto', 'Buchungstext', 'Postensperre', 'Diverse Adressnummer', 'Geschäftspartnerbank',
  'Sachverhalt', 'Zinssperre', 'Beleglink',
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`Beleginfo - Art ${n}`, `Beleginfo - Inhalt ${n}`]),
  'KOST1 - Kostenstelle', 'KOST2 - Kostenstelle', 'Kost-Menge', 'EU-Land u. UStID', 'EU-Steuersatz', 'Abw. Versteuerungsart', 'Sachverhalt L+L',
  'Funktionsergänzung L+L', 'BU 49 Hauptfunktionstyp', 'BU 49 Hauptfunktionsnummer', 'BU 49 Funktionsergänzung',
  ...Array.from({ length: 20 }, (_, i) => [`Zusatzinformation - Art ${i + 1}`, `Zusatzinformation - Inhalt ${i + 1}`]).flat(),
  'Stück', 'Gewicht', 'Zahlweise', 'Forderungsart', 'Veranlagungsjahr', 'Zugeordnete Fälligkeit', 'Skontotyp', 'Auftragsnummer', 'Buchungstyp',
  'Ust-Schlüssel (Anzahlungen)', 'EU-Land (Anzahlungen)', 'Sachverhalt L+L (Anzahlungen)', 'EU-Steuersatz (Anzahlungen)', 'Erlöskonto (Anzahlungen)',
  'Herkunft-Kz', 'Buchungs GUID', 'KOST-Datum', 'SEPA-Mandatsreferenz', 'Skontosperre', 'Gesellschaftername', 'Beteiligtennummer', 'Identifikationsnummer',
  'Zeichnernummer', 'Postensperre bis', 'Bezeichnung SoBil-Sachverhalt', 'Kennzeichen SoBil-Buchung', 'Festschreibung', 'Leistungsdatum', 'Datum Zuord. Steuerperiode',
  'Fälligkeit', 'Generalumkehr (GU)', 'Steuersatz', 'Land', 'Abrechnungsreferenz', 'BVV-Position', 'EU-Land u. UStID (Ursprung)', 'EU-Steuersatz (Ursprung)', 'Abw. Skontokonto',
];

/** Quoted text: CP1252-fitted (a text that changed is reported through `lost`), spreadsheet-safe, at most `max` characters, inner quotes doubled. */
function text(value: string, max: number, lost: () => void): string {
  const clean = value.replace(/[\r\n\t]+/g, ' ');
  const fitted = fitCp1252(clean);
  if (fitted.text !== clean) lost();
  const safe = [...spreadsheetSafe(fitted.text)].slice(0, max).join('');
  return `"${safe.replace(/"/g, '""')}"`;
}

const compact = (date: string) => date.replace(/-/g, '');

export interface DatevFile {
  bytes: Buffer;
  /** the documents whose texts had characters Windows-1252 cannot hold (the customer named by account id, or "?" for each such character) */
  replaced: string[];
}

export function datevFile(documents: LedgerDocument[], settings: DatevSettings, period: string, currency: string, now: Date): DatevFile {
  const dates = documents.map((d) => d.issue_date).sort();
  const from = dates[0]!;
  const to = dates.at(-1)!;
  if (from.slice(0, 4) !== to.slice(0, 4)) throw new ConflictError(`The documents of ${period} were issued in ${from.slice(0, 4)} and ${to.slice(0, 4)}; a DATEV batch holds one fiscal year.`);
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 17);
  const header = [
    '"EXTF"', '700', '21', '"Buchungsstapel"', '13', stamp, '', '"RE"', '""', '""', String(settings.consultant_number), String(settings.client_number),
    `${from.slice(0, 4)}0101`, '4', compact(from), compact(to), `"Billing ${period}"`, '""', '1', '0', '0', `"${currency}"`, '', '""', '', '', '""', '', '', '""', '""',
  ].join(';');
  const replaced = new Set<string>();
  const lines = [header, DATEV_COLUMNS.map((c) => `"${c}"`).join(';')];
  const receivables = settings.accounts.receivables;
  for (const doc of documents) {
    const lost = () => replaced.add(doc.number);
    // A name Windows-1252 cannot hold (Greek, Cyrillic, CJK…) would be all "?": the account id names the customer instead when it fits.
    const name = fitCp1252(doc.customer);
    const customer = !name.replaced || fitCp1252(doc.account_id).replaced ? doc.customer : doc.account_id;
    if (name.replaced) lost();
    const ddmm = `${doc.issue_date.slice(8, 10)}${doc.issue_date.slice(5, 7)}`;
    for (const e of doc.entries) {
      if (e.role === 'receivables') continue;
      const row: string[] = new Array<string>(DATEV_COLUMNS.length).fill('');
      row[0] = moneyString(e.amount.abs(), doc.currency).replace('.', ',');
      // The other account credited (a negative amount) means receivables debited.
      row[1] = e.amount.isNegative() ? '"S"' : '"H"';
      row[2] = `"${doc.currency}"`;
      row[6] = receivables;
      row[7] = settings.accounts[e.role];
      row[9] = ddmm;
      // Belegfeld 1 takes letters, digits and $ & % * + - / only; a number format with other characters has them written as "-".
      row[10] = `"${doc.number.replace(/[^A-Za-z0-9$&%*+\-/]/g, '-').slice(0, 36)}"`;
      row[13] = text(`${customer}: ${e.description}`, 60, lost);
      lines.push(row.join(';'));
    }
  }
  const body = `${lines.join('\r\n')}\r\n`;
  return { bytes: encodeCp1252(body), replaced: [...replaced] };
}
