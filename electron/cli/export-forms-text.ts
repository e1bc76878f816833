/** In which form each document goes out (engine/export/export-forms.ts) as lines for a person at a terminal, beside the export summary. */
import type { DocumentForm } from '../../shared/api';

const WORDS = { pdf: 'PDF', facturx: 'Factur-X', cii: 'CII + PDF', ubl: 'UBL + PDF' } as const;

/** The approved documents (what the export is about to issue): counts per form, then each one asking for an e-invoice. */
export function exportFormsLines(forms: DocumentForm[]): string[] {
  const pending = forms.filter((f) => f.status === 'approved');
  if (pending.length === 0) return [];
  const counts = (['pdf', 'facturx', 'cii', 'ubl'] as const).map((form) => [form, pending.filter((f) => f.form === form).length] as const).filter(([, n]) => n > 0);
  const leftOut = pending.filter((f) => f.form === null).length;
  const lines = [`Goes out as: ${[...counts.map(([form, n]) => `${WORDS[form]} ${n}`), ...(leftOut ? [`left out ${leftOut}`] : [])].join(', ')}.`];
  for (const f of pending) {
    // A plain-PDF document left out is already named, with its reason, by the summary's "Left approved" line.
    if (f.agreement_form === null) continue;
    const as = f.form === null ? 'left approved, not finalized' : WORDS[f.form];
    lines.push(`  ${f.invoice_id}: ${as}${f.refusal ? ` (asks for ${WORDS[f.agreement_form]}): ${f.refusal}` : ''}`);
  }
  return lines;
}
