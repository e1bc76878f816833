import { describe, expect, it } from 'vitest';
import { ownedRanges, ownerOn, subtractRanges } from '../ownership';

describe('ownership of overlapping agreements', () => {
  it('subtracts inclusive day ranges', () => {
    expect(subtractRanges('2026-10-01', '2026-10-31', [{ from: '2026-10-10', to: '2026-10-20' }])).toEqual([
      { from: '2026-10-01', to: '2026-10-09' },
      { from: '2026-10-21', to: '2026-10-31' },
    ]);
    expect(subtractRanges('2026-10-01', '2026-10-31', [{ from: '2026-09-01', to: '2026-12-31' }])).toEqual([]);
  });

  it('gives overlapping days to the later start_date, and the rest to the earlier agreement', () => {
    const ranges = ownedRanges([
      { owner: 'old', from: '2026-10-01', to: '2026-10-31', startDate: '2025-01-01', agreementId: 'AG-1' },
      { owner: 'new', from: '2026-10-15', to: '2026-10-31', startDate: '2026-10-15', agreementId: 'AG-2' },
    ]);
    expect(ranges).toEqual([
      { owner: 'old', from: '2026-10-01', to: '2026-10-14' },
      { owner: 'new', from: '2026-10-15', to: '2026-10-31' },
    ]);
    expect(ownerOn(ranges, '2026-10-14')).toBe('old');
    expect(ownerOn(ranges, '2026-10-15')).toBe('new');
    expect(ownerOn(ranges, '2026-11-01')).toBeUndefined();
  });

  it('breaks a start_date tie by the larger agreement id, deterministically', () => {
    const ranges = ownedRanges([
      { owner: 'a', from: '2026-10-01', to: '2026-10-31', startDate: '2026-01-01', agreementId: 'AG-1' },
      { owner: 'b', from: '2026-10-01', to: '2026-10-31', startDate: '2026-01-01', agreementId: 'AG-2' },
    ]);
    expect(ranges).toEqual([{ owner: 'b', from: '2026-10-01', to: '2026-10-31' }]);
  });
});
