/** `npm run docs`: API reference in docs/api (git-ignored). Offline, 3–5 s. */
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: [
    'src/index.ts',
    'src/client/index.ts',
    'src/server-adapter/index.ts',
    'src/server-adapter/node.ts',
    'src/server-adapter/testing/index.ts',
  ],
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  name: 'Guestkit',
  // No git remote yet, so typedoc cannot build source links (it warns). Set `gitRemote` (or
  // `sourceLinkTemplate`) and drop this once the repository is published.
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  // Custom-element JSDoc tags (the source of custom-elements.json); not TSDoc, so declared here.
  blockTags: [...OptionDefaults.blockTags, '@fires', '@event', '@slot', '@csspart', '@cssprop', '@cssproperty', '@attr', '@attribute', '@summary', '@tag', '@tagname'],
  // Inherited LitElement members link to Lit's docs only by name; point them at nothing instead of warning.
  externalSymbolLinkMappings: {
    '@lit/reactive-element': { '*': '#' },
    lit: { '*': '#' },
    'lit-element': { '*': '#' },
    'lit-html': { '*': '#' },
  },
  validation: { invalidLink: false }, // inherited LitElement docs contain {@link css} that cannot resolve
  // Off until the public entry points export every type their signatures use: typedoc warns
  // "X … is referenced by … but not included in the documentation" (e.g. SqliteStoreOptions,
  // FsBlobStoreOptions, Router). Turn on once `npm run docs` prints no warnings.
  treatWarningsAsErrors: true,
};
