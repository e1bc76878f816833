import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonText, exactAsJsonNumber, JsonSyntaxError, MAX_JSON_DEPTH } from '../json-check';
import { normalizeHeader } from '../read-records';

const check = (text: string) => checkJsonText(text, normalizeHeader).problem;

describe('checkJsonText', () => {
  it('reads any JSON that JSON.stringify writes without a syntax error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6, noUnicodeString: false }), fc.constantFrom('', ' ', '\t', '\r\n'), (value, ws) => {
        const text = `${ws}${JSON.stringify(value, null, ws === '' ? undefined : 1)}${ws}`;
        expect(() => check(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('never calls text JSON.parse accepts a syntax error', () => {
    const mutated = fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', ':', '\\', '-', '.', 'e', '0', ' ')).map(([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i);
    });
    fc.assert(
      fc.property(mutated, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (valid) expect(() => check(text)).not.toThrow(JsonSyntaxError);
      }),
      { numRuns: 5000 },
    );
  });

  it('throws JsonSyntaxError on broken text', () => {
    for (const text of ['{', '{"a"}', '{"a":1,}', '[1,]', '[1 2]', '{"a":1}x', '01', '-', '1.', 'tru', '"abc', '{a:1}']) {
      expect(() => check(text), text).toThrow(JsonSyntaxError);
    }
  });

  it('names duplicate keys, keys differing in case or spaces, and the field they are under', () => {
    expect(check('{"a":1,"a":2}')).toEqual({ field: 'a', reason: 'has the key "a" twice' });
    expect(check('{"Account_ID":"x"," account_id":"y"}')).toEqual({ field: 'account_id', reason: expect.stringMatching(/^has the keys "Account_ID" and " account_id", which name the same field/) as string });
    expect(check('{"tags":{"a":1,"b":{"c":[{"d":1,"d":2}]}}}')).toEqual({ field: 'tags', reason: 'has the key "d" twice' });
    // Nested keys are compared exactly: only the record's own fields are matched ignoring case.
    expect(check('{"tags":{"A":1,"a":2}}')).toBeNull();
    expect(check('{"a\\u0062":1,"ab":2}')).toEqual({ field: 'ab', reason: 'has the key "ab" twice' });
  });

  it('finds numbers a double cannot hold as written', () => {
    expect(check('{"quantity":1.0000000000000001}')).toEqual({ field: 'quantity', reason: 'quantity 1.0000000000000001 cannot be held exactly as a JSON number; write it as a string' });
    expect(check('{"x":{"y":[12345678901234567890]}}')).toEqual({ field: 'x', reason: expect.stringMatching(/^y 12345678901234567890 cannot be held exactly/) as string });
    expect(check('[1e400]')).toEqual({ field: null, reason: expect.stringMatching(/^the number 1e400 cannot be held exactly/) as string });
    expect(check('{"q":1.50,"r":-0,"s":1e3,"t":123456789012345,"u":0.1,"v":1.5e-7,"w":9007199254740993e-0}')).toEqual({
      field: 'w',
      reason: expect.stringMatching(/9007199254740993e-0 cannot be held exactly/) as string,
    });
    for (const exact of ['0', '-0', '1.50', '1e3', '1E+3', '0.000001', '123456789012345', '9007199254740992', '1.5e-7', '100000000000000000000']) {
      expect(exactAsJsonNumber(exact), exact).toBe(true);
    }
    for (const inexact of ['1.0000000000000001', '9007199254740993', '0.10000000000000000001', '1e400', '-1e400', '1e-400', '12345678901234567890']) {
      expect(exactAsJsonNumber(inexact), inexact).toBe(false);
    }
  });

  it("gives the record's field names, normalised, even when it has a problem", () => {
    expect(checkJsonText('{"Metric":"m"," Quantity ":1.0000000000000001,"x":{"y":1}}', normalizeHeader).fieldNames).toEqual(['metric', 'quantity', 'x']);
    expect(checkJsonText('[{"a":1}]', normalizeHeader).fieldNames).toBeNull();
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    expect(check(`{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`)).toBeNull();
    expect(check(`{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`)).toEqual({ field: 'a', reason: `is nested more than ${MAX_JSON_DEPTH} levels deep` });
    expect(check('['.repeat(200_000) + ']'.repeat(200_000))).toEqual({ field: null, reason: expect.stringMatching(/nested more than/) as string });
    expect(() => check('['.repeat(200_000))).toThrow(JsonSyntaxError);
  });
});
