// Folder cycles, on production code only: a test beside the code it tests may
// drive it through a higher folder (a rating test imports a file first), which
// would read as a folder cycle although no production module depends on it.
// `npm run lint` runs this after .dependency-cruiser.cjs (which binds tests too).
// An ES module so that it can import the shared options without require().
import base from './.dependency-cruiser.cjs';

const { options } = base;

export default {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Two folders import each other (directly or around a circle): one of them must sit below the other.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(electron|shared|db)/' },
      to: { circular: true },
    },
  ],
  options: {
    ...options,
    exclude: { path: ['^(node_modules|out|dist|db/migrations)/', '\\.test\\.ts$', '/__tests__/', '^electron/desktop/'] },
  },
};
