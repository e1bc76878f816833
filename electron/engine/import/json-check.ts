/**
 * What JSON.parse lets through silently, found before it runs: a key written
 * twice (JSON.parse keeps the last), two keys that name the same field once
 * case and spaces are ignored (`Account_ID` and `account_id`), a number that
 * a double cannot hold as written (`1.0000000000000001` becomes 1), and
 * nesting deep enough to overflow the stack of whatever walks the value next
 * (JSON.stringify of the extra attributes).
 *
 * A small scanner rather than a library: the parsers that report duplicate
 * keys and number source text are recursive (100,000 nested arrays overflow
 * them), and none is in the project. This one is iterative and only finds
 * where each value ends and what is wrong with it; JSON.parse still parses
 * (and fully validates) the record afterwards.
 */

/** Deeper than any agreement (document → charges → charge → tiers → tier) or sane extra attribute. */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  /** the record's top-level key the problem sits under (normalised), or null */
  field: string | null;
  reason: string;
}

/** The text is not JSON at `position`; JSON.parse's own message is the one to show. */
export class JsonSyntaxError extends Error {
  constructor(readonly position: number) {
    super(`not valid JSON at position ${position}`);
  }
}

export interface JsonValueCheck {
  /** index just after the value */
  end: number;
  problem: JsonProblem | null;
  /**
   * The record's field names (its object's keys, normalised), or null when it
   * is not an object: what tells the file's kind even from a rejected record.
   */
  fieldNames: string[] | null;
}

interface Frame {
  array: boolean;
  /** keys seen in a nested object, exactly as written (decoded) */
  keys: Set<string> | null;
  /** the record's own object: normalised name → key as written */
  names: Map<string, string> | null;
  /** the key whose value is being read */
  key: string | null;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Index after the closing quote of the string opening at `i`. Escapes are checked by JSON.parse later. */
function stringEnd(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) throw new JsonSyntaxError(i);
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function decodeKey(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1);
  if (!inner.includes('\\')) return inner;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    throw new JsonSyntaxError(start);
  }
}

/** sign, significant digits and exponent: "1.50" and "15e-1" both give "15e-1". */
function canonicalDecimal(text: string): string {
  let s = text;
  let sign = '';
  if (s.startsWith('-')) {
    sign = '-';
    s = s.slice(1);
  }
  let exponent = 0;
  const e = s.search(/[eE]/);
  if (e !== -1) {
    exponent = Number(s.slice(e + 1));
    s = s.slice(0, e);
  }
  const dot = s.indexOf('.');
  if (dot !== -1) {
    exponent -= s.length - dot - 1;
    s = s.slice(0, dot) + s.slice(dot + 1);
  }
  s = s.replace(/^0+/, '');
  if (s === '') return '0';
  const digits = s.replace(/0+$/, '');
  return `${sign}${digits}e${exponent + s.length - digits.length}`;
}

/**
 * True when the number JSON.parse makes of `token` is the decimal written,
 * i.e. what is stored (String(number)) has the same value as the source.
 */
export function exactAsJsonNumber(token: string): boolean {
  // Up to 15 significant digits survive a double unchanged (DBL_DIG).
  if (token.length <= 15 && !/[eE]/.test(token)) return true;
  const value = Number(token);
  return Number.isFinite(value) && canonicalDecimal(String(value)) === canonicalDecimal(token);
}

/**
 * Scans the JSON value starting at `start` (no leading whitespace): where it
 * ends, and the first problem in it. Keys of the value's own object are also
 * compared after `normalizeKey` (the record's field names are matched ignoring
 * case and spaces). Throws JsonSyntaxError when the text is not JSON.
 */
export function checkJsonValue(text: string, start: number, normalizeKey: (key: string) => string): JsonValueCheck {
  const stack: Frame[] = [];
  let rootNames: Map<string, string> | null = null;
  let problem: JsonProblem | null = null;
  let i = start;
  let expectValue = true;

  /** The record's field a problem sits under: the root object's current key. */
  const field = (): string | null => {
    const root = stack[0];
    return root && !root.array && root.key !== null ? normalizeKey(root.key) : null;
  };
  const note = (reason: string, fieldName = field()) => {
    problem ??= { field: fieldName, reason };
  };
  const readKey = (frame: Frame) => {
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) !== 0x22) throw new JsonSyntaxError(i);
    const end = stringEnd(text, i);
    const key = decodeKey(text, i, end);
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) !== 0x3a /* : */) throw new JsonSyntaxError(i);
    i++;
    if (frame.names) {
      // The record's own keys: one map by normalised name finds exact and case/space twins alike.
      const name = normalizeKey(key);
      const earlier = frame.names.get(name);
      if (earlier === key) note(`has the key "${truncate(key)}" twice`, name);
      else if (earlier !== undefined) {
        note(`has the keys "${truncate(earlier)}" and "${truncate(key)}", which name the same field (names are matched ignoring case and spaces)`, name);
      } else frame.names.set(name, key);
    } else if (problem === null) {
      frame.keys ??= new Set();
      if (frame.keys.has(key)) note(`has the key "${truncate(key)}" twice`);
      else frame.keys.add(key);
    }
    frame.key = key;
  };

  for (;;) {
    if (expectValue) {
      const c = text.charCodeAt(i);
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        const array = c === 0x5b;
        const frame: Frame = { array, keys: null, names: !array && stack.length === 0 ? (rootNames = new Map()) : null, key: null };
        stack.push(frame);
        if (stack.length > MAX_JSON_DEPTH) note(`is nested more than ${MAX_JSON_DEPTH} levels deep`);
        i = skipWhitespace(text, i + 1);
        if (text.charCodeAt(i) === (array ? 0x5d : 0x7d)) {
          stack.pop();
          i++;
          expectValue = false;
        } else if (!array) {
          readKey(frame);
          i = skipWhitespace(text, i);
        }
        continue;
      }
      if (c === 0x22) {
        i = stringEnd(text, i);
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) throw new JsonSyntaxError(i);
        const token = text.slice(i, NUMBER.lastIndex);
        if (problem === null && !exactAsJsonNumber(token)) {
          const name = stack.length ? (stack.findLast((f) => !f.array)?.key ?? null) : null;
          note(`${name === null ? 'the number' : truncate(name)} ${truncate(token)} cannot be held exactly as a JSON number; write it as a string`);
        }
        i = NUMBER.lastIndex;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else throw new JsonSyntaxError(i);
      expectValue = false;
      continue;
    }
    // after a value: done, or a comma, or the end of the container
    const frame = stack[stack.length - 1];
    if (frame === undefined) return { end: i, problem, fieldNames: rootNames ? [...rootNames.keys()] : null };
    i = skipWhitespace(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */) {
      i = skipWhitespace(text, i + 1);
      if (!frame.array) {
        readKey(frame);
        i = skipWhitespace(text, i);
      }
      expectValue = true;
    } else if (c === (frame.array ? 0x5d : 0x7d)) {
      stack.pop();
      i++;
    } else throw new JsonSyntaxError(i);
  }
}

/** One whole JSON text (an NDJSON line). Throws JsonSyntaxError. */
export function checkJsonText(text: string, normalizeKey: (key: string) => string): JsonValueCheck {
  const check = checkJsonValue(text, skipWhitespace(text, 0), normalizeKey);
  if (skipWhitespace(text, check.end) !== text.length) throw new JsonSyntaxError(check.end);
  return check;
}
