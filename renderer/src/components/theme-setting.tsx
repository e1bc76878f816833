/** Light, dark, or follow the system; remembered on this machine. */
import { useState } from 'react';
import { saveTheme, storedTheme, type ThemeChoice } from '../lib/theme';

const CHOICES: [ThemeChoice, string][] = [
  ['system', 'System'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

export function ThemeSetting() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return (
    <div className="segmented" role="radiogroup" aria-label="Appearance">
      {CHOICES.map(([value, label]) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={choice === value}
          className="segment"
          onClick={() => {
            setChoice(value);
            saveTheme(value);
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
