/**
 * Dates and times written in another system's format (`MM/DD/YYYY`,
 * `DD.MM.YYYY HH:mm`, …) turned into the contract's `YYYY-MM-DD` or
 * `YYYY-MM-DDTHH:MM:SS` (no zone: the contract reads that as UTC).
 *
 * A format is a string of tokens (YYYY, MM, M, DD, D, HH, H, mm, ss) and
 * literal separators. A profile may list several formats; they are tried in
 * order, so an ambiguous pair (DD/MM vs MM/DD) is the profile author's
 * explicit choice, never a guess made per row.
 */
import { isValidDate } from '../../../shared/period';

const TOKEN = /YYYY|MM|M|DD|D|HH|H|mm|ss/g;
const TOKEN_PATTERN: Record<string, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};
/** what a profile may write: tokens and these separators */
export const DATE_FORMAT_PATTERN = /^(?:YYYY|MM|M|DD|D|HH|H|mm|ss|[-./ :T,])+$/;

export interface CompiledDateFormat {
  format: string;
  regex: RegExp;
  tokens: string[];
  hasTime: boolean;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileDateFormat(format: string): CompiledDateFormat {
  const tokens: string[] = [];
  let source = '';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    source += escapeRegex(format.slice(last, m.index)) + TOKEN_PATTERN[m[0]]!;
    tokens.push(m[0]);
    last = m.index + m[0].length;
  }
  source += escapeRegex(format.slice(last));
  return { format, regex: new RegExp(`^${source}$`), tokens, hasTime: tokens.some((t) => t === 'HH' || t === 'H') };
}

/** A format is usable when it names a year, a month and a day, each once. */
export function isUsableDateFormat(format: string): boolean {
  if (!DATE_FORMAT_PATTERN.test(format)) return false;
  const tokens = [...format.matchAll(TOKEN)].map((m) => m[0]);
  const once = (names: string[]) => tokens.filter((t) => names.includes(t)).length === 1;
  return once(['YYYY']) && once(['MM', 'M']) && once(['DD', 'D']) && tokens.filter((t) => t === 'HH' || t === 'H').length <= 1;
}

const pad2 = (text: string) => text.padStart(2, '0');

/**
 * The value in the contract's form, or null when it matches none of the
 * formats or is not a real date/time. `withTime` asks for a timestamp.
 */
export function parseWithFormats(value: string, formats: readonly CompiledDateFormat[], withTime: boolean): string | null {
  const text = value.trim();
  for (const f of formats) {
    const m = f.regex.exec(text);
    if (!m) continue;
    const parts: Record<string, string> = {};
    f.tokens.forEach((token, i) => {
      parts[token[0]!] = m[i + 1]!; // Y, M, D, H, m, s
    });
    const date = `${parts.Y}-${pad2(parts.M!)}-${pad2(parts.D!)}`;
    if (!isValidDate(date)) return null;
    if (!withTime) return date; // a day field: a time of day next to it does not change the day
    const hh = Number(parts.H ?? '0');
    const mi = Number(parts.m ?? '0');
    const ss = Number(parts.s ?? '0');
    if (hh > 23 || mi > 59 || ss > 59) return null;
    return `${date}T${pad2(String(hh))}:${pad2(String(mi))}:${pad2(String(ss))}`;
  }
  return null;
}
