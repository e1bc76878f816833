/**
 * A finding's id: sha256 of (period, rule, subject keys). The same problem
 * found again (after a re-rate, a new import, a settings change) gets the
 * same id, so its review status survives; message and figures may change.
 */
import { createHash } from 'node:crypto';

export function fingerprint(period: string, rule: string, subject: readonly (string | number | null)[]): string {
  return createHash('sha256').update(JSON.stringify([period, rule, ...subject])).digest('hex');
}
