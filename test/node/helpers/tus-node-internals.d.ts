// tus-js-client's Node HTTP stack and file reader, imported by path (the package has no exports
// map) by test/node/tus-retries.test.ts, which runs the widget's tus engine (`lib.esm/upload.js`)
// from Node. Typed with the package's own declarations.
declare module 'tus-js-client/lib.esm/node/httpStack.js' {
  import type { HttpStack } from 'tus-js-client';
  const NodeHttpStack: new () => HttpStack;
  export default NodeHttpStack;
}

declare module 'tus-js-client/lib.esm/node/fileReader.js' {
  import type { FileReader } from 'tus-js-client';
  const NodeFileReader: new () => FileReader;
  export default NodeFileReader;
}
