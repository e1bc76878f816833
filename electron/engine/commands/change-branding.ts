/**
 * Changing the invoice branding and numbering (`settings.updateBranding`,
 * `billing settings branding|numbering`): both or neither. The hosts read the
 * logo file (a dialog pick or --logo) and pass its bytes as base64.
 */
import { changeBranding, type BrandingChange } from '../settings/branding';
import { command } from './command';

export const changeBrandingCommand = command({
  run: (sqlite, args: BrandingChange, ctx) => changeBranding(sqlite, args, ctx.actor),
});
