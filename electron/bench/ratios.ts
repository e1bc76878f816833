/**
 * How `npm run bench` prints a figure beside its floor (`import 1,000,000 rows: 16.6 s · dedup floor
 * 2.3 s · 7.2×`) and the closing table of issue 18's goals, each marked met or not met.
 */

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 100 * 1024 * 1024 ? 1 : 0)} MB`;
export const times = (ratio: number) => `${ratio.toFixed(1)}×`;
export const milliseconds = (ms: number) => `${Math.round(ms)} ms`;

/** The middle value (the upper one of an even count): the figure of repeated runs on a noisy machine. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `label: figure · floorLabel floor · ratio×`; without a floor (sqlite3 absent), the figure alone. */
export function ratioLine(label: string, figure: number, floorLabel: string, floor: number | null, unit: (n: number) => string = seconds): string {
  if (floor === null) return `${label}: ${unit(figure)}`;
  return `${label}: ${unit(figure)} · ${floorLabel} ${unit(floor)} · ${times(figure / floor)}`;
}

export interface Goal {
  goal: string;
  figure: string;
  floor: string;
  ratio: string;
  target: string;
  /** null: not measured in this run (its phase skipped, or no floor). */
  met: boolean | null;
}

/** A goal of a ratio to a floor: met when figure / floor ≤ max. */
export function ratioGoal(goal: string, figure: number, floor: number | null, max: number, unit: (n: number) => string = seconds): Goal {
  if (floor === null) return { goal, figure: unit(figure), floor: '—', ratio: '—', target: `≤ ${max}×`, met: null };
  const ratio = figure / floor;
  return { goal, figure: unit(figure), floor: unit(floor), ratio: times(ratio), target: `≤ ${max}×`, met: ratio <= max };
}

/** A goal of an absolute limit: met when figure < limit. */
export function limitGoal(goal: string, figure: number, limit: number, target: string, unit: (n: number) => string = seconds): Goal {
  return { goal, figure: unit(figure), floor: '—', ratio: '—', target: `< ${target}`, met: figure < limit };
}

/** A figure with a floor but no goal of its own (the bare import), shown for reference. */
export function referenceRow(goal: string, figure: number, floor: number | null, unit: (n: number) => string = seconds): Goal {
  return { goal, figure: unit(figure), floor: floor === null ? '—' : unit(floor), ratio: floor === null ? '—' : times(figure / floor), target: '—', met: null };
}

export function goalTable(goals: Goal[]): string {
  const header = ['goal', 'figure', 'floor', 'ratio', 'target', 'met'];
  const rows = goals.map((g) => [g.goal, g.figure, g.floor, g.ratio, g.target, g.met === null ? '—' : g.met ? 'met' : 'NOT met']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
