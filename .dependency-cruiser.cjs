// The architecture's rules, checked in `npm test` (npm run check:deps). Each rule names
// what it protects; README ("Where things live") and each folder's CONTEXT.md say why.
const CAPABILITIES = '^server/(calls|board|exchange|programme|matching)/';
const TRANSPORTS = '^server/(http|realtime)/';
const TRANSPORT_PACKAGES = '^node_modules/(socket\\.io|express|busboy|multer)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules import one another one way only: a cycle makes neither testable alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sfu-knows-no-transport',
      severity: 'error',
      comment: 'The SFU is driven by plain calls and events; sockets and HTTP sit above it.',
      from: { path: '^server/sfu/' },
      to: { path: [TRANSPORTS, TRANSPORT_PACKAGES] },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is read by both sides, so it reaches neither.',
      from: { path: '^shared/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'client-imports-no-server',
      severity: 'error',
      comment: 'The browser bundle carries no server code; what both need lives in shared/.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'client-features-below-pages',
      severity: 'error',
      comment: 'client/src/pages holds screens only; feature folders (call, board, exchange, links, …) never reach up into them.',
      from: { path: '^client/src/', pathNot: '^client/src/(pages/|App\\.tsx|main\\.tsx)' },
      to: { path: '^client/src/pages/' },
    },
    {
      name: 'capabilities-know-no-transport',
      severity: 'error',
      comment: 'Use cases take interfaces (an outbox, a media policy, the log); http/ and realtime/ hand off to them.',
      from: { path: CAPABILITIES },
      to: { path: [TRANSPORTS, TRANSPORT_PACKAGES] },
    },
    {
      name: 'safeguarding-sits-below',
      severity: 'error',
      comment: 'The log and its review sit below every capability: no transport, no other capability.',
      from: { path: '^server/safeguarding/' },
      to: { path: [TRANSPORTS, TRANSPORT_PACKAGES, CAPABILITIES, '^server/(sfu|accounts)/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle is still a cycle in the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: ['^server/(db|matching/native)/build/', '^dist/'] },
  },
};
