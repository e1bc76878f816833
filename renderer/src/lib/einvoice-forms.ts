/** The forms a document goes out in (e-invoicing.md), as a finance user names them: what reaches the customer. */
import type { EInvoiceForm } from '../../../shared/domain';

export const FORM_NAMES: Record<EInvoiceForm | 'pdf', string> = { pdf: 'PDF', facturx: 'Factur-X', cii: 'CII + PDF', ubl: 'UBL + PDF' };
