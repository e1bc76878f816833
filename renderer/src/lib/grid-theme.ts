/**
 * AG Grid (Community only) registered once, themed with the Theming API from
 * the design system's CSS variables, so light and dark follow the app.
 */
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  browserColorScheme: 'inherit',
  fontFamily: 'var(--font-sans)',
  fontSize: 13,
  headerFontSize: 11,
  headerFontWeight: 600,
  headerTextColor: 'var(--color-text-muted)',
  headerBackgroundColor: 'var(--color-surface-sunken)',
  backgroundColor: 'var(--color-surface)',
  foregroundColor: 'var(--color-text)',
  textColor: 'var(--color-text)',
  subtleTextColor: 'var(--color-text-muted)',
  accentColor: 'var(--color-accent)',
  borderColor: 'var(--color-border)',
  rowBorder: { color: 'var(--color-border)' },
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  columnBorder: false,
  headerColumnBorder: false,
  headerRowBorder: { color: 'var(--color-border)' },
  rowHoverColor: 'var(--color-surface-hover)',
  selectedRowBackgroundColor: 'var(--color-accent-soft)',
  oddRowBackgroundColor: 'var(--color-surface)',
  chromeBackgroundColor: 'var(--color-surface-sunken)',
  menuBackgroundColor: 'var(--color-surface-raised)',
  inputBackgroundColor: 'var(--color-surface)',
  inputBorder: { color: 'var(--color-border-strong)' },
  spacing: 6,
  cellHorizontalPadding: 10,
  rowHeight: 44,
  headerHeight: 36,
  iconSize: 14,
  borderRadius: 6,
  focusShadow: { spread: 2, color: 'var(--color-focus)' },
});
