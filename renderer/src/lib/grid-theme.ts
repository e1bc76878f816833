/**
 * AG Grid (Community only) registered once, themed with the Theming API from
 * the design system's CSS variables, so light and dark follow the app.
 *
 * Only the modules our grids use, not AllCommunityModule (issue 18: the
 * bundle lost 267 KB, which every page load parses and runs before the grid
 * or the dashboard shows). A feature whose module is missing does not fail
 * loudly in a production build: AG Grid logs error #200 and ignores the
 * option, and an API call of a missing module returns nothing. So each
 * module here names what needs it, and e2e/grid-modules.spec.ts opens every
 * grid and fails on any AG Grid error in the console.
 */
import {
  CellStyleModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  CustomFilterModule,
  ExternalFilterModule,
  ModuleRegistry,
  NumberFilterModule,
  QuickFilterModule,
  RowApiModule,
  RowAutoHeightModule,
  RowSelectionModule,
  RowStyleModule,
  TextFilterModule,
  TooltipModule,
  themeQuartz,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  // column filters: the amount and text filters, and InvoiceFilter and AnomalyFilter (components of our own)
  TextFilterModule,
  NumberFilterModule,
  CustomFilterModule,
  // the invoice grid's search box, and its filter chips and the anomalies page's (isExternalFilterPresent)
  QuickFilterModule,
  ExternalFilterModule,
  // bulk approval in the invoice grid, bulk review on the anomalies page
  RowSelectionModule,
  // tooltipField, tooltipValueGetter, headerTooltip
  TooltipModule,
  // getRowClass (status and severity rows), cellClass
  RowStyleModule,
  CellStyleModule,
  // the anomalies page's wrapped findings (autoHeight)
  RowAutoHeightModule,
  // getDisplayedRowCount (the invoice grid's count) and getColumnState (the source rows' server-side sort)
  RowApiModule,
  ColumnApiModule,
]);

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
