// The folder boundaries of the architecture spec ("Folders") as rules the build
// enforces: `npm run lint` runs `depcruise` with this file and fails on any
// error. Why each rule exists is in DECISIONS.md ("Boundaries").

// The engine's folders from the bottom up: a folder may import its own files
// and the folders below it, never one above it. Folders that share a row are
// peers that must not import each other.
const ENGINE_LAYERS = [
  ['demo'],
  ['audit'],
  ['settings'],
  ['import'],
  ['rating'],
  ['anomalies'],
  ['review'],
  ['credit-notes'],
  ['export'],
  ['maintenance'],
  ['commands'],
  ['jobs'],
  ['api'],
];

// Tests sit beside (or under) the code they test but may drive it through
// higher layers (a rating test imports a file first): the layer order binds
// production code only. The module-cycle rule and the folder rules bind tests
// too; folder cycles are checked on production code by .dependency-cruiser.folders.mjs.
const TEST = '(\\.test\\.ts$|/__tests__/)';

// The `electron` package as depcruise resolves it (its index.js, or electron.d.ts for a type-only import).
const ELECTRON = '(^|/)node_modules/electron/';

const engine = (folder) => `^electron/engine/${folder}/`;
const anyOf = (folders) => `^electron/engine/(${folders.join('|')})/`;

const layerRules = ENGINE_LAYERS.flatMap((row, index) => {
  const above = ENGINE_LAYERS.slice(index + 1).flat();
  const peers = (folder) => row.filter((other) => other !== folder);
  return row.flatMap((folder) => {
    const forbidden = [...above, ...peers(folder)];
    if (forbidden.length === 0) return [];
    return [
      {
        name: `engine-layer-${folder}`,
        comment: `electron/engine/${folder}/ sits below ${forbidden.join(', ')}: it must not import them (move the shared piece down, or call from above).`,
        severity: 'error',
        from: { path: engine(folder), pathNot: TEST },
        to: { path: anyOf(forbidden) },
      },
    ];
  });
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import each other in a circle: move what both need into a leaf module both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-root-is-a-leaf',
      comment: 'Files directly in electron/engine/ are the leaves every engine folder may use: they import no engine folder.',
      severity: 'error',
      from: { path: '^electron/engine/[^/]+$', pathNot: TEST },
      to: { path: '^electron/engine/[^/]+/' },
    },
    ...layerRules,
    {
      name: 'engine-not-hosts',
      comment: 'The engine is called by the hosts (window, preview server, CLI, bench), never the other way round.',
      severity: 'error',
      from: { path: '^electron/engine/', pathNot: TEST },
      to: { path: '^electron/', pathNot: '^electron/engine/' },
    },
    {
      name: 'engine-no-electron',
      comment: 'The engine runs in plain Node (CLI, preview server, worker, unit tests): it never imports electron.',
      severity: 'error',
      from: { path: '^electron/engine/' },
      to: { path: ELECTRON },
    },
    {
      name: 'electron-only-in-window-main-preload',
      comment: 'Only the window files, main.ts and preload.ts may import electron; everything else runs without it.',
      severity: 'error',
      from: { pathNot: ['^electron/window/', '^electron/main\\.ts$', '^electron/preload\\.ts$'] },
      to: { path: ELECTRON },
    },
    {
      name: 'renderer-only-renderer-and-shared',
      comment: 'The renderer imports only itself and shared/: never Node, the file system, SQLite or the engine.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron|db|e2e|build)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer runs in a sandboxed page: no Node builtins.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'shared/ runs anywhere (renderer and engine): it imports nothing from the other folders.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|db|renderer|e2e|build)/' },
    },
    {
      name: 'shared-no-node',
      comment: 'shared/ runs in the renderer too: no Node builtins.',
      severity: 'error',
      from: { path: '^shared/', pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'api-contract-through-shared-api',
      comment: 'shared/api.ts is the one entry point of the API contract: outside shared/, import it, not its per-domain modules in shared/api/.',
      severity: 'error',
      from: { pathNot: '^shared/' },
      to: { path: '^shared/api/' },
    },
    {
      name: 'db-only-db-and-shared',
      comment: 'db/ holds the schema and opening the database: it imports only itself and shared/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(electron|renderer|e2e|build)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist|db/migrations)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
