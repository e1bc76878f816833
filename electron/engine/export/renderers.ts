/**
 * The modules that draw documents, loaded when a document is first drawn.
 * pdf-lib, fontkit and the e-invoice XML writers are most of the engine's code
 * (2.9 MB of the CLI's 5.1 MB bundle, and the Brotli and inflate tables fontkit
 * unpacks as it loads): the CLI starts a process per command, and most commands
 * draw nothing. Outside these modules themselves, code reaches them only through
 * these loaders, invoice-pdf.ts through stored-invoice-pdf.ts (which the
 * modules below import, so its loader cannot live here without a cycle) and
 * receivables/report-pdf.ts through receivables/report-renderer.ts;
 * electron/cli/cli-bundle.test.ts follows the CLI's static imports to keep it so.
 */
export const exportPeriodModule = () => import('./export-period');
export const exportFormsModule = () => import('./export-forms');
export const eInvoiceDocumentModule = () => import('./einvoice-document');
