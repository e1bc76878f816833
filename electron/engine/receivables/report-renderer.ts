/** The receivables reports' PDF renderer, loaded when a report is first drawn (see export/renderers.ts). */
export const reportPdfModule = () => import('./report-pdf');
