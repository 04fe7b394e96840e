// Import rules of the tree (dependency-cruiser). tests/unit/layout.test.ts enforces them in `npm test`;
// `npx depcruise events shared functions infra local bench` prints the same findings.
const FEATURES = 'shared/(http|pipeline|commands|digest|spreadsheets|monitoring|platform)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Two modules that need each other are one module, or share a type that belongs lower down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain/ is the pure core: no AWS SDK, no store, no HTTP, no feature above it.',
      from: { path: '^shared/domain/' },
      to: { path: [`^${FEATURES}`, '^shared/store/', '^functions/', '^infra/', '^local/', '@aws-sdk/', 'aws-lambda'] },
    },
    {
      name: 'store-below-features',
      severity: 'error',
      comment: 'shared/store/ knows the table; the features use it, never the other way round.',
      from: { path: '^shared/store/' },
      to: { path: `^${FEATURES}` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: the circles this rule was written for were type imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^tests/fixtures/' },
  },
};
