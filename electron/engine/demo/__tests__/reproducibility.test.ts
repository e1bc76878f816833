/**
 * The demo book's bytes: the same seed gives the same files, another seed
 * other usage and hours; progress is reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type GenerateDemoResult } from '../generate-demo';
import { fileOf, sha256 } from './demo-files';
let dir: string;
let main: GenerateDemoResult;
let again: GenerateDemoResult;
let other: GenerateDemoResult;
const progress: [number, number][] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-demo-test-'));
  main = await generateDemo({ outDir: join(dir, 'a', 'nested'), onProgress: (d, t) => progress.push([d, t]) });
  again = await generateDemo({ outDir: join(dir, 'b'), seed: 42 });
  other = await generateDemo({ outDir: join(dir, 'c'), seed: 7 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reproducibility', () => {
  it('writes the three files into the (created) folder and reports the six fixed months', () => {
    expect(main.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['agreements.json', 'usage.csv', 'hours.csv']);
    expect(main.periods).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
  });

  it('gives byte-identical files for the same seed (default 42 = explicit 42)', () => {
    for (const name of ['agreements.json', 'usage.csv', 'hours.csv']) expect(sha256(fileOf(again, name))).toBe(sha256(fileOf(main, name)));
    expect(again).toMatchObject({ usageRows: main.usageRows, hoursRows: main.hoursRows, agreements: main.agreements });
  });

  it('gives different usage and hours for a different seed (agreements stay the same book)', () => {
    expect(sha256(fileOf(other, 'usage.csv'))).not.toBe(sha256(fileOf(main, 'usage.csv')));
    expect(sha256(fileOf(other, 'hours.csv'))).not.toBe(sha256(fileOf(main, 'hours.csv')));
    expect(sha256(fileOf(other, 'agreements.json'))).toBe(sha256(fileOf(main, 'agreements.json')));
  });

  it('reports progress at most every 100k rows, ending at the total', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(main.usageRows / 100_000) + 1);
    expect(progress.at(-1)).toEqual([main.usageRows, main.usageRows]);
  });
});
