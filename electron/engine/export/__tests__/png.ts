/**
 * A tiny PNG encoder for tests and sample documents: real logos (solid or
 * painted) without image files in the repository.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of 8-bit RGB (3 channels) or RGBA (4) pixels; `rows` holds each
 * scanline as its filter byte (0, none) followed by the pixels.
 */
export function encodePng(width: number, height: number, channels: 3 | 4, rows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(channels === 4 ? 6 : 2, 9); // colour type: RGBA or RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
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
  return encodePng(width, height, 3, Buffer.concat(rows));
}

/** An RGBA PNG from a coverage function (0..1 per pixel, 4× supersampled). */
export function paintPng(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const [pr, pg, pb, pa] = paint(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
          r += pr * pa; g += pg * pa; b += pb * pa; a += pa;
        }
      }
      const o = y * (width * 4 + 1) + 1 + x * 4;
      raw[o] = a > 0 ? Math.round(r / a) : 0;
      raw[o + 1] = a > 0 ? Math.round(g / a) : 0;
      raw[o + 2] = a > 0 ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / 16) * 255);
    }
  }
  return new Uint8Array(encodePng(width, height, 4, raw));
}
