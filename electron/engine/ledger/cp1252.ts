/**
 * Windows-1252 (CP1252), the encoding of DATEV's import files. Characters it
 * cannot hold are first reduced to their base letter where Unicode decomposes
 * them ("ő" → "o", "ﬁ" → "fi"), or to the letter they are written with
 * ("Ł" → "L", "đ" → "d"); what is still outside (Greek, Cyrillic, CJK…)
 * becomes "?", and the caller is told which texts lost characters.
 */

/** Letters with a stroke or bar, which Unicode does not decompose. */
const LATIN_BASE: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't', Ŀ: 'L', ŀ: 'l', Ɨ: 'I', ƀ: 'b' };

/** The 27 characters CP1252 puts at 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned). */
const HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b,
  0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99,
  0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

function byteOf(char: string): number | undefined {
  const code = char.codePointAt(0)!;
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  return HIGH[code];
}

/** The text as CP1252 can hold it, and whether characters were replaced. */
export function fitCp1252(text: string): { text: string; replaced: boolean } {
  let out = '';
  let replaced = false;
  for (const char of text) {
    if (byteOf(char) !== undefined) {
      out += char;
      continue;
    }
    const base = LATIN_BASE[char] ?? char.normalize('NFKD').replace(/\p{M}/gu, '');
    if (base !== '' && [...base].every((c) => byteOf(c) !== undefined)) out += base;
    else {
      out += '?';
      replaced = true;
    }
  }
  return { text: out, replaced };
}

/** Encodes text already fitted by fitCp1252 (anything else becomes "?"). */
export function encodeCp1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) bytes.push(byteOf(char) ?? 0x3f);
  return Buffer.from(bytes);
}

/** Decodes CP1252 bytes (for reading files back). */
export function decodeCp1252(bytes: Uint8Array): string {
  const reverse = new Map(Object.entries(HIGH).map(([code, byte]) => [byte, Number(code)]));
  let out = '';
  for (const b of bytes) out += String.fromCodePoint(b >= 0x80 && b < 0xa0 ? (reverse.get(b) ?? 0xfffd) : b);
  return out;
}
