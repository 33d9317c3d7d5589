// The boundary rules of CONVENTIONS.md, checked rather than remembered.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules depend one way; a cycle means a boundary is in the wrong place.',
      from: {},
      // Type-only imports vanish at run time; a cycle of them is no boundary problem.
      to: { circular: true, viaOnly: { pathNot: '\\.test\\.ts$', dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'pure-files-stay-pure',
      severity: 'error',
      comment:
        'Domain files (<noun>.ts, without a role suffix) hold decision logic: no database, no HTTP, no node: APIs but hashing (node:crypto is deterministic, no I/O), no stores.',
      from: {
        path: '^src/(registry|policy|applications|allocation|licensing|ledger|screening|attestation|audit|reports)/[a-z0-9-]+\\.ts$',
        pathNot: [
          '\\.(store|routes|schema|test|writer|worker|workflow)\\.ts$',
          '/index\\.ts$',
          // Use cases are verb-noun files; they are the imperative shell and may do I/O.
          '/(create|update|get|list|register|declare|record|append|verify|import|publish|validate|evaluate|submit|review|recommend|decide|withdraw|issue|amend|revoke|suspend|expire|sweep|reserve|ship|clear|deliver|cancel|open|preview|commit|place|lift|check|run|seed|reset|compute|allocate|post|void)-[a-z0-9-]+\\.ts$',
        ],
      },
      to: { path: ['^(kysely|fastify|better-sqlite3|pg)$', '^node:(?!crypto$)', '\\.store\\.ts$', '^src/platform/(database|http)'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'stores-are-private',
      severity: 'error',
      comment: 'A module reaches another only through its use cases or index.ts, never its store.',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+\\.store\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'platform-does-not-know-modules',
      severity: 'error',
      comment: 'platform/ is what modules share; it must not depend on any of them (the app wiring lives in src/app.ts).',
      from: { path: '^src/platform/' },
      to: { path: '^src/(registry|policy|applications|allocation|licensing|ledger|screening|attestation|audit|reports|cli|demo)/' },
    },
    {
      name: 'cli-and-web-are-front-doors',
      severity: 'error',
      comment: 'Nothing in the domain depends on a front door.',
      from: { path: '^src/(registry|policy|applications|allocation|licensing|ledger|screening|attestation|audit|reports|platform)/' },
      to: { path: '^src/cli/' },
    },
    // The web app (web/src): bulletproof-react's one-way flow, shared → features → app.
    {
      name: 'web-features-are-separate',
      severity: 'error',
      comment: 'A screen family does not reach into another: what two features need goes to web/src/shared.',
      from: { path: '^web/src/features/([^/]+)/' },
      to: { path: '^web/src/features/', pathNot: '^web/src/features/$1/' },
    },
    {
      name: 'web-shared-knows-no-feature',
      severity: 'error',
      comment: 'web/src/shared is what features share; it depends on no feature and not on the app shell.',
      from: { path: '^web/src/shared/' },
      to: { path: '^web/src/(features|app)/' },
    },
    {
      name: 'web-features-know-no-app',
      severity: 'error',
      comment: 'The app shell (routes, navigation) composes features; features do not depend on it.',
      from: { path: '^web/src/features/' },
      to: { path: '^web/src/app/' },
    },
    {
      name: 'web-reads-server-types-only',
      severity: 'error',
      comment: 'The browser bundle takes only types from the server (erased at build); tests may compare values.',
      from: { path: '^web/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-does-not-import-web',
      severity: 'error',
      comment: 'The server serves the built web app as files; it never imports its code.',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      from: { orphan: true, pathNot: ['global-setup\\.ts$', '\\.d\\.ts$', '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts)$', '\\.test\\.ts$', '^web/src/main\\.tsx$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
