/**
 * The name an import is shown and stored under. It comes from a drop, a
 * dialog or a browser upload, so it is only a label: the engine reads the
 * file by the path the host vouched for and never by this name. Directory
 * parts ("../../etc/passwd", "C:\\x\\y.csv") are dropped, and so are control
 * and bidirectional-override characters, which could make a name display as
 * something else ("invoice\u202Efdp.csv" showing as "invoicecsv.pdf").
 */
const CONTROL = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const MAX_LABEL = 200;

export function fileLabel(name: string): string {
  const last = name.split(/[\\/]/).filter((part) => part !== '' && part !== '.' && part !== '..').pop() ?? '';
  const clean = last.replace(CONTROL, '').trim();
  if (clean === '') return 'unnamed file';
  // Shortened in the middle, so the extension (which tells the format) survives.
  return clean.length > MAX_LABEL ? `${clean.slice(0, 150)}…${clean.slice(-(MAX_LABEL - 151))}` : clean;
}
