import { describe, expect, it } from 'vitest';
import { wrapTarget } from './focus-trap';

// wrapTarget only compares identities: plain objects stand in for the panel's controls.
const [close, field, cancel] = [{ id: 'close' }, { id: 'field' }, { id: 'cancel' }] as unknown as HTMLElement[];
const controls = [close!, field!, cancel!];

describe('focus trap', () => {
  it('wraps Tab from the last control to the first and Shift+Tab from the first to the last', () => {
    expect(wrapTarget(controls, cancel!, false, true)).toBe(close);
    expect(wrapTarget(controls, close!, true, true)).toBe(cancel);
  });

  it("leaves the browser's own move alone in between", () => {
    expect(wrapTarget(controls, field!, false, true)).toBeNull();
    expect(wrapTarget(controls, field!, true, true)).toBeNull();
    expect(wrapTarget(controls, close!, false, true)).toBeNull();
  });

  it('brings focus from outside in, and leaves a widget inside (a grid cell) to move itself', () => {
    const outside = { id: 'page' } as unknown as HTMLElement;
    expect(wrapTarget(controls, outside, false, false)).toBe(close);
    expect(wrapTarget(controls, outside, true, false)).toBe(cancel);
    expect(wrapTarget(controls, null, false, false)).toBe(close);
    expect(wrapTarget(controls, { id: 'cell' } as unknown as HTMLElement, false, true)).toBeNull();
  });

  it('does nothing in a panel without controls', () => {
    expect(wrapTarget([], null, false, false)).toBeNull();
  });
});
