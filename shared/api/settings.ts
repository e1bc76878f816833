/** Settings: the reviewer named in the audit trail, company branding on the PDFs, and numbering formats. */
import { z } from 'zod';
import { fileRef, method } from './common';

export const brandingInfo = z.object({
  company_name: z.string(),
  company_address: z.string(),
  /** whether a logo is set (the image itself stays in the engine) */
  has_logo: z.boolean(),
  accent_color: z.string(),
  payment_instructions: z.string(),
  footer: z.string(),
  tax_label: z.string(),
  /** the seller's tax / VAT registration number printed on the PDFs ('' for none) */
  tax_id: z.string(),
  /** seller facts for e-invoices ('' for not set) */
  seller_country: z.string(),
  seller_vat_id: z.string(),
  iban: z.string(),
  bic: z.string(),
  /** the seller's Peppol participant id, EAS scheme:identifier (BT-34), e.g. 0088:4035811991021 */
  seller_peppol_id: z.string(),
  /** the seller contact (BG-6: BT-41, BT-42, BT-43), which XRechnung and German Peppol invoices require */
  seller_contact_name: z.string(),
  seller_contact_phone: z.string(),
  seller_contact_email: z.string(),
});
export type BrandingInfo = z.infer<typeof brandingInfo>;

export const numberingInfo = z.object({ invoice_format: z.string(), credit_note_format: z.string() });
/** how many invoice and credit-note numbers were issued: changing a format after that needs confirming */
export const issuedNumbers = z.object({ invoice: z.number().int(), credit_note: z.number().int() });
const brandingResult = z.object({ branding: brandingInfo, numbering: numberingInfo, issued_numbers: issuedNumbers });

export const settingsMethods = {
  'settings.setReviewer': method(
    z.object({ name: z.string().trim().min(1).max(100).nullable() }),
    z.object({ reviewer: z.string() }),
    'name the reviewer recorded in the audit trail (null returns to the operating-system user)',
  ),
  'settings.branding': method(z.object({}), brandingResult, 'company branding on the PDFs and the numbering formats'),
  'settings.updateBranding': method(
    z.object({
      company_name: z.string().trim().min(1).max(200).optional(),
      company_address: z.string().max(1000).optional(),
      accent_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
      payment_instructions: z.string().max(2000).optional(),
      footer: z.string().max(500).optional(),
      tax_label: z.string().trim().min(1).max(40).optional(),
      tax_id: z.string().trim().max(50).optional(),
      seller_country: z.string().trim().max(2).optional(),
      seller_vat_id: z.string().trim().max(50).optional(),
      iban: z.string().max(50).optional(),
      bic: z.string().max(20).optional(),
      seller_peppol_id: z.string().trim().max(120).optional(),
      seller_contact_name: z.string().trim().max(100).optional(),
      seller_contact_phone: z.string().trim().max(50).optional(),
      seller_contact_email: z.string().trim().max(200).optional(),
      /** a PNG or JPEG chosen by the user */
      logo: fileRef.optional(),
      remove_logo: z.boolean().optional(),
      invoice_format: z.string().max(100).optional(),
      credit_note_format: z.string().max(100).optional(),
      /** the reviewer confirmed changing a number format after numbers of that kind were issued (refused otherwise) */
      confirm_numbering_change: z.boolean().optional(),
    }),
    brandingResult,
    'change branding and numbering (validated, audited)',
  ),
} as const;
