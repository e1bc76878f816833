/**
 * The invoice PDF's layout: A4 geometry in points, the table's and totals'
 * measures, the palette, how lines group under headings, the bounds that keep
 * any one block inside a page, and the resource names every page shares.
 */
// ---------------------------------------------------------------------------
// Geometry and palette (points; A4 portrait)

export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const MX = 50;
export const RIGHT = PAGE_W - MX;
export const TOP = PAGE_H - 48;
/** Nothing but the footer goes below this line. */
export const CONTENT_BOTTOM = 56;
export const FOOTER_RULE_Y = 44;
export const FOOTER_TEXT_Y = 31;
/** Left edge of the right-hand column (facts, totals). */
export const COL2_X = 320;

export const TABLE = {
  descX: MX + 8,
  qtyRight: 346,
  unitRight: 436,
  amountRight: RIGHT - 8,
  headerH: 22,
  size: 9,
  lineH: 11.5,
  detailSize: 7.5,
  detailLineH: 9.5,
  padTop: 4,
  padBottom: 4.5,
  detailGap: 10,
  groupH: 18,
} as const;
export const FACT_LINE_H = 13.5;
export const TOTALS = { rowH: 14.5, ruleGap: 6, bandGap: 7, bandH: 27 } as const;
export const DESC_WIDTH = TABLE.qtyRight - 62 - TABLE.descX;

/** A colour as the three DeviceRGB operands of rg / RG, e.g. "0.067 0.094 0.153". */
export type Color = string;

export function rgbHex(hex: string, mixWithWhite = 1): Color | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return null;
  const v = Number.parseInt(m[1], 16);
  const channel = (c: number): string => String(Math.round(((255 - (255 - c) * mixWithWhite) / 255) * 1000) / 1000);
  return `${channel((v >> 16) & 255)} ${channel((v >> 8) & 255)} ${channel(v & 255)}`;
}

export const INK = rgbHex('#111827') as Color;
export const TEXT = rgbHex('#374151') as Color;
export const MUTED = rgbHex('#6B7280') as Color;
export const FAINT = rgbHex('#9CA3AF') as Color;
export const RULE = rgbHex('#E5E7EB') as Color;
export const BAND = rgbHex('#F3F4F6') as Color;
export const DEFAULT_ACCENT = '#2563EB';

export const GROUPS: readonly { title: string; kinds: readonly string[] }[] = [
  { title: 'Subscriptions', kinds: ['recurring'] },
  { title: 'Usage', kinds: ['usage'] },
  { title: 'Professional services & support', kinds: ['hours'] },
  { title: 'One-time', kinds: ['one_time'] },
  { title: 'Minimum commitment', kinds: ['minimum'] },
  { title: 'Commitment true-up', kinds: ['true_up'] },
  { title: 'Adjustments', kinds: ['adjustment'] },
];

/** Bounds that keep any one block well inside a page, whatever the input. */
export const MAX_DESC_LINES = 24;
export const MAX_DETAIL_LINES = 8;
export const MAX_PAYMENT_LINES = 10;

/** Resource names, the same on every page (fallback fonts: F1c1, F1c2, … and F2c1, …). */
export const RES = { regular: 'F1', bold: 'F2', logo: 'Im1', watermark: 'GS1' } as const;
