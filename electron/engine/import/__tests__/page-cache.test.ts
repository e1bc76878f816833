/**
 * The import's page cache: by the file's size (96 MiB up to a 192 MiB file, then half the file, up to
 * 256 MiB), raised on the real connection only for the file, and never lowered below what it had.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../import-files';
import { growPageCache, importCacheKib } from '../page-cache';
import { ctx, scratch, type Scratch } from './helpers';

const MiB = 1024 * 1024;

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const cacheSize = () => Number(s.opened.sqlite.pragma('cache_size', { simple: true }));

describe('the import page cache', () => {
  it('grows with a big file and stops at 256 MiB', () => {
    // The bench's million rows (51 MB) keep 96 MiB: its peak RSS budget is 300 MB.
    expect(importCacheKib(51 * MiB)).toBe(96 * 1024);
    expect(importCacheKib(192 * MiB)).toBe(96 * 1024);
    expect(importCacheKib(300 * MiB)).toBe(150 * 1024);
    // Ten million rows (522 MB) and anything bigger: 256 MiB.
    expect(importCacheKib(522 * MiB)).toBe(256 * 1024);
    expect(importCacheKib(20 * 1024 * MiB)).toBe(256 * 1024);
  });

  it('is raised for the import and put back after it, and a larger cache is left alone', () => {
    const before = cacheSize();
    const restore = growPageCache(s.opened.sqlite, 150 * 1024);
    expect(cacheSize()).toBe(-150 * 1024);
    restore();
    expect(cacheSize()).toBe(before);

    s.opened.sqlite.pragma('cache_size = -400000');
    growPageCache(s.opened.sqlite, 150 * 1024)();
    expect(cacheSize()).toBe(-400000);
  });

  it('an import, and a cancelled one, leave the connection with its own cache', async () => {
    const before = cacheSize();
    const lines = ['event_id,account_id,metric,quantity,timestamp'];
    for (let i = 0; i < 5_000; i++) lines.push(`e${i},A${i % 7},m,1,2026-10-01T00:00:00Z`);
    const path = s.file('usage.csv', lines.join('\n') + '\n');
    let during = 0;
    const watching = { ...ctx(), progress: () => void (during = Math.min(during, cacheSize())) };
    await importFiles(s.opened.sqlite, { files: [{ path }] }, watching);
    expect(during).toBe(-96 * 1024);
    expect(cacheSize()).toBe(before);

    const again = s.file('again.csv', lines.join('\n').replace(/^e/gm, 'x') + '\n');
    let checks = 0;
    await expect(importFiles(s.opened.sqlite, { files: [{ path: again }] }, ctx(() => ++checks > 3))).rejects.toThrow(/cancelled/);
    expect(cacheSize()).toBe(before);
  });
});
