/** Test helpers for export and credit-note tests: a small hand-computable book and a tiny PNG writer. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Opened } from '../../../../db/open';
import { importFiles } from '../../import/import-files';
import { createJobContext } from '../../job-context';
import { billPeriod } from '../../commands/rate-period';

export const testCtx = createJobContext({ actor: 'test' });

/**
 * ACME (USD, tax 8.25 %, discount 10 %, deposit 100.00) for 2026-10:
 *   platform 1000.00, api_calls 123456 × 0.002 = 246.912 → 246.91, onboarding 333.33
 *   subtotal 1580.24, discount 158.024 → 158.02, tax 1422.22 × 0.0825 = 117.33315 → 117.33,
 *   total 1539.55, deposit applied 100.00, amount due 1439.55.
 * GLOBEX (EUR, no tax, no discount): platform 500.00.
 */
export async function loadBook(dir: string, opened: Opened): Promise<void> {
  const files = writeBookFiles(dir);
  await importFiles(opened.sqlite, { files: files.map((path) => ({ path })) }, testCtx);
  billPeriod(opened.sqlite, '2026-10', testCtx);
}

/** The book of loadBook as files: agreements.json and usage.csv in dir. */
export function writeBookFiles(dir: string): string[] {
  const agreements = [
    {
      agreement_id: 'AG-1', account_id: 'ACME', account_name: 'Acme Corp', currency: 'USD', start_date: '2026-01-01', tax_rate: '0.0825', discount_percent: '10',
      deposit: '100.00', payment_terms_days: 30, bill_to: 'Acme Corp\n1 Main St\nSpringfield',
      charges: [
        { type: 'recurring', code: 'platform', description: 'Platform fee', amount: '1000.00' },
        { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.002' },
        { type: 'one_time', code: 'onboarding', description: 'Onboarding', amount: '333.33', bill_on: '2026-10-05' },
      ],
    },
    {
      agreement_id: 'AG-2', account_id: 'GLOBEX', account_name: 'Globex', currency: 'EUR', start_date: '2026-01-01', tax_rate: '0', discount_percent: '0',
      deposit: '0', payment_terms_days: 14, charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '500.00' }],
    },
  ];
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify(agreements));
  writeFileSync(join(dir, 'usage.csv'), 'event_id,account_id,metric,quantity,timestamp\ne1,ACME,api_calls,123456,2026-10-03T00:00:00Z\n');
  return [join(dir, 'agreements.json'), join(dir, 'usage.csv')];
}

/** The id of an invoice line by its code. */
export function lineId(opened: Opened, invoiceId: string, code: string): number {
  return opened.sqlite.prepare('SELECT id FROM invoice_lines WHERE invoice_id = ? AND code = ?').pluck().get(invoiceId, code) as number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG: a coloured rounded badge with a white bar, width × height pixels. */
export function makePng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const inBar = y > height * 0.4 && y < height * 0.6 && x > width * 0.2 && x < width * 0.8;
      const dx = Math.min(x, width - 1 - x);
      const dy = Math.min(y, height - 1 - y);
      const r = height * 0.2;
      const corner = dx < r && dy < r && (r - dx) ** 2 + (r - dy) ** 2 > r * r;
      const [red, green, blue] = corner ? [255, 255, 255] : inBar ? [255, 255, 255] : rgb;
      row.writeUInt8(red, 1 + x * 3);
      row.writeUInt8(green, 2 + x * 3);
      row.writeUInt8(blue, 3 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
