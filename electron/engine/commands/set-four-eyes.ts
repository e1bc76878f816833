/** Switching the four-eyes rule on or off (`settings.setFourEyes`, `billing settings four-eyes`): audited. */
import { setFourEyes } from '../controls/four-eyes';
import { command } from './command';

export const setFourEyesCommand = command({
  run: (sqlite, args: { required: boolean }, ctx) => setFourEyes(sqlite, args.required, ctx.actor),
});
