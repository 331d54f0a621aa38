// tus-js-client's engine and XMLHttpRequest stack, imported by path (the package has no exports
// map) so that its browser defaults stay out of our bundles; see ./tus.ts. Typed with the
// package's own declarations.
declare module 'tus-js-client/lib.esm/upload.js' {
  import type { Upload } from 'tus-js-client';
  const BaseUpload: typeof Upload;
  export default BaseUpload;
}

declare module 'tus-js-client/lib.esm/browser/httpStack.js' {
  import type { HttpStack } from 'tus-js-client';
  const XHRHttpStack: new () => HttpStack;
  export default XHRHttpStack;
}
