/**
 * Applies an import profile to one file: resolves its column names against
 * the file's header once, then turns each source row into canonical fields
 * that the ordinary row validators check. Nothing here decides whether a row
 * is valid; it only translates, and says which source column a problem came
 * from.
 *
 * Order per field: source column(s) → value words → date format →
 * decimal/thousands separators → duration → unit scale. Constants fill a field only
 * where the row has no value, so a profile never overwrites data the file has.
 */
import type { ImportKind } from '../../../shared/api';
import { Decimal, isDecimalString, plainString } from '../../../shared/money';
import { compileDateFormat, parseWithFormats, type CompiledDateFormat } from './date-format';
import { durationToHours } from './duration';
import { RowError, truncate } from './fields';
import { FileProblem } from './import-errors';
import {
  DECIMAL_FIELDS,
  REQUIRED_FIELDS,
  TIMESTAMP_FIELDS,
  type ColumnSource,
  type ImportProfile,
} from './profile-schema';
import { normalizeHeader, setField, type FieldValue } from './read-records';

export interface ProfileMapper {
  profile: ImportProfile;
  /** the canonical column names rows will have (mapped, constant and passed-through) */
  columns: string[];
  /** the canonical fields of one source row */
  map(fields: Record<string, FieldValue>): Record<string, FieldValue>;
  /** words for messages: where a canonical field comes from, e.g. `column "Hours"` */
  sourceOf(field: string): string | null;
  /** checks, once the kind is known, that every required field can be filled */
  requireFieldsOf(kind: ImportKind): void;
  notes: string[];
}

type Resolved = { keys: string[]; separator: string | null; label: string; missing: string[] };

function matcher(name: string): (header: string) => boolean {
  const wanted = normalizeHeader(name);
  if (!wanted.includes('*')) return (h) => h === wanted;
  const re = new RegExp(`^${wanted.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (h) => re.test(h);
}

function findColumn(header: readonly string[], name: string): string | null {
  const match = matcher(name);
  return header.find(match) ?? null;
}

function resolve(header: readonly string[], source: ColumnSource): Resolved {
  if (typeof source === 'string') {
    const key = findColumn(header, source);
    return { keys: key ? [key] : [], separator: null, label: `column "${source}"`, missing: key ? [] : [source] };
  }
  if ('join' in source) {
    const found = source.join.map((name) => ({ name, key: findColumn(header, name) }));
    return {
      keys: found.flatMap((f) => (f.key ? [f.key] : [])),
      separator: source.separator,
      label: `columns ${source.join.map((n) => `"${n}"`).join(' + ')}`,
      missing: found.filter((f) => !f.key).map((f) => f.name),
    };
  }
  for (const name of source.first_of) {
    const key = findColumn(header, name);
    if (key) return { keys: [key], separator: null, label: `column "${name}"`, missing: [] };
  }
  return { keys: [], separator: null, label: `column ${source.first_of.map((n) => `"${n}"`).join(' or ')}`, missing: [...source.first_of] };
}

function textOf(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return null;
  return String(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A number written with the profile's separators, in the contract's form; RowError when it cannot be read unambiguously. */
function contractDecimal(field: string, text: string, decimal: '.' | ',', thousands: string): string {
  let t = text.trim();
  if (t === '') return t;
  if (thousands !== '') {
    const grouped = new RegExp(`^-?\\d{1,3}(?:${escapeRegex(thousands)}\\d{3})+(?:${escapeRegex(decimal)}\\d+)?$`);
    if (grouped.test(t)) t = t.split(thousands).join('');
  }
  if (decimal === ',') {
    if (t.includes('.')) throw new RowError(field, `${field} "${truncate(text)}" has a "." but this profile writes decimals with ","`);
    t = t.replace(',', '.');
  }
  return t;
}

export function createProfileMapper(profile: ImportProfile, header: readonly string[]): ProfileMapper {
  const notes: string[] = [];
  const mapped = new Map<string, Resolved>();
  const consumed = new Set<string>();
  for (const [field, source] of Object.entries(profile.columns)) {
    const r = resolve(header, source);
    mapped.set(field, r);
    for (const key of r.keys) consumed.add(key);
  }
  const passThrough = profile.keep_unmapped ? header.filter((h) => h !== '' && !consumed.has(h)) : [];
  const columns = [...new Set([...mapped.keys(), ...Object.keys(profile.constants), ...passThrough.filter((h) => !mapped.has(h))])];

  const valueWords = new Map<string, Map<string, string>>();
  for (const [field, words] of Object.entries(profile.values)) {
    valueWords.set(field, new Map(Object.entries(words).map(([from, to]) => [from.trim().toLowerCase(), to])));
  }
  const dateFormats = new Map<string, CompiledDateFormat[]>();
  for (const [field, formats] of Object.entries(profile.dates)) {
    dateFormats.set(field, (Array.isArray(formats) ? formats : [formats]).map(compileDateFormat));
  }
  const scales = new Map(Object.entries(profile.scale).map(([field, factor]) => [field, new Decimal(factor)]));
  const separatorsMatter = profile.decimal_separator !== '.' || profile.thousands_separator !== '';
  const transformed = new Set([...valueWords.keys(), ...dateFormats.keys(), ...Object.keys(profile.durations), ...scales.keys(), ...(separatorsMatter ? DECIMAL_FIELDS : [])]);

  const sourceOf = (field: string): string | null => mapped.get(field)?.label ?? (header.includes(field) ? `column "${field}"` : null);

  const transform = (field: string, value: string): string => {
    let text = value;
    const words = valueWords.get(field);
    if (words) text = words.get(text.trim().toLowerCase()) ?? text;
    const formats = dateFormats.get(field);
    if (formats && text.trim() !== '') {
      const parsed = parseWithFormats(text, formats, TIMESTAMP_FIELDS.has(field));
      if (parsed === null) {
        throw new RowError(field, `${field} "${truncate(text)}" is not a real date in the format ${formats.map((f) => f.format).join(' or ')}`);
      }
      text = parsed;
    }
    // Separators before durations: "1,5" decimal hours become "1.5"; "1:30" has none to change.
    if (separatorsMatter && DECIMAL_FIELDS.has(field)) text = contractDecimal(field, text, profile.decimal_separator, profile.thousands_separator);
    const duration = profile.durations[field];
    if (duration && text.trim() !== '') {
      const hours = durationToHours(text, duration);
      if (hours === null) throw new RowError(field, `${field} "${truncate(text)}" is not a duration in the format ${duration}`);
      text = hours;
    }
    const factor = scales.get(field);
    if (factor && text.trim() !== '') {
      const t = text.trim();
      if (!isDecimalString(t)) throw new RowError(field, `${field} "${truncate(t)}" is not a decimal number, so it cannot be converted`);
      text = plainString(new Decimal(t).times(factor));
    }
    return text;
  };

  return {
    profile,
    columns,
    notes,
    sourceOf,
    requireFieldsOf(kind) {
      for (const field of REQUIRED_FIELDS[kind]) {
        if (profile.constants[field] !== undefined) continue;
        const r = mapped.get(field);
        if (r) {
          if (r.keys.length > 0) continue;
          throw new FileProblem(`has no ${r.label.replace(/^columns? /, 'column ')}, which the ${profile.name} profile reads ${field} from`);
        }
        if (passThrough.includes(field)) continue;
        throw new FileProblem(`has no column for ${field}, and the ${profile.name} profile does not map one`);
      }
      for (const [field, r] of mapped) {
        if (r.missing.length && !REQUIRED_FIELDS[kind].includes(field)) {
          notes.push(`the file has no ${r.missing.map((m) => `"${m}"`).join(', ')} column${r.missing.length > 1 ? 's' : ''}, so ${field} ${r.keys.length ? 'is built from the others' : 'is left empty'}`);
        }
      }
    },
    map(fields) {
      const out: Record<string, FieldValue> = {};
      for (const key of passThrough) {
        const value = fields[key];
        if (value === undefined) continue;
        // A source column named like a mapped field keeps its value under another name rather than being lost.
        setField(out, mapped.has(key) ? `${key} (source)` : key, value);
      }
      for (const [field, r] of mapped) {
        if (r.keys.length === 0) continue;
        if (r.separator === null) {
          const value = fields[r.keys[0]!];
          if (value !== undefined) out[field] = value;
          continue;
        }
        const parts: string[] = [];
        for (const key of r.keys) {
          const text = textOf(fields[key])?.trim();
          if (text) parts.push(text);
        }
        out[field] = parts.join(r.separator);
      }
      for (const [field, value] of Object.entries(profile.constants)) {
        const current = textOf(out[field]);
        if (out[field] === undefined || out[field] === null || (current !== null && current.trim() === '')) out[field] = value;
      }
      for (const field of transformed) {
        const value = out[field];
        if (typeof value === 'string') out[field] = transform(field, value);
      }
      return out;
    },
  };
}
