import { describe, expect, it } from 'vitest';
import { checkIds, idTextProblem, IdTextError, mergedRowsNote } from '../fields';

describe('characters an id never holds', () => {
  it('names line breaks, tabs, control characters, bidirectional controls and zero-width characters', () => {
    const message = (text: string) => idTextProblem('account_id', text)?.message ?? null;
    for (const text of ['A\nB', 'A\rB', 'A\u0085B', 'A\u2028B', 'A\u2029B', 'ACME\n']) expect(message(text)).toBe('account_id holds a line break');
    expect(message('A\tB')).toBe('account_id holds a tab character');
    expect(message('A\u0000B')).toBe('account_id holds a control character (U+0000)');
    expect(message('A\u001b[31mB')).toBe('account_id holds a control character (U+001B)');
    expect(message('A\u007fB')).toBe('account_id holds a control character (U+007F)');
    expect(message('A\u009bB')).toBe('account_id holds a control character (U+009B)');
    for (const c of ['\u202a', '\u202e', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c']) expect(message(`A${c}B`)).toMatch(/^account_id holds an invisible bidirectional-text control \(U\+/);
    for (const c of ['\u200b', '\u2060', '\u2062', '\ufeff']) expect(message(`A${c}B`)).toMatch(/^account_id holds an invisible zero-width character \(U\+/);
    // Spelling needs these: a Persian name with a zero-width non-joiner, an emoji sequence with a joiner.
    for (const text of ['ACME', 'Zoë Café', 'می\u200cخواهم', '👩\u200d💻', 'Łódź €', '27" screen']) expect(message(text)).toBeNull();
  });

  it('reports a line break before any other problem, whichever id holds it', () => {
    const error = (() => {
      try {
        checkIds({ event_id: 'e\t1', account_id: 'A\nB', metric: 'm' }, ['event_id', 'account_id', 'metric']);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(IdTextError);
    expect(error).toMatchObject({ field: 'account_id', lineBreak: true });
    expect(() => checkIds({ event_id: 7, account_id: 'A', metric: null }, ['event_id', 'account_id', 'metric'])).not.toThrow();
  });

  it('names the lines a merged record runs over', () => {
    expect(mergedRowsNote(5, 'a,"b\nc\r\nd",e')).toBe(': this record runs from line 5 to line 7, so rows were probably merged by a stray quote');
    expect(mergedRowsNote(5, 'a,"b\rc"')).toBe('');
  });
});
