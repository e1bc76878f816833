/**
 * Light, dark or the system's choice. The choice is the user's, per machine
 * (localStorage), not the book's; the page gets data-theme="light|dark" and
 * the stylesheet keys every colour off it.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'billing-reviewer.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');
let unfollow: (() => void) | null = null;

export function storedTheme(): ThemeChoice {
  const value = window.localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  unfollow?.();
  unfollow = null;
  const set = (dark: boolean) => document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  if (choice === 'system') {
    const query = media();
    set(query.matches);
    const onChange = (e: MediaQueryListEvent) => set(e.matches);
    query.addEventListener('change', onChange);
    unfollow = () => query.removeEventListener('change', onChange);
  } else {
    set(choice === 'dark');
  }
}

export function saveTheme(choice: ThemeChoice): void {
  if (choice === 'system') window.localStorage.removeItem(KEY);
  else window.localStorage.setItem(KEY, choice);
  applyTheme(choice);
}
