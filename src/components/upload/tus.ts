/**
 * tus-js-client's upload engine, wired for what `<guest-upload>` uploads: `File`s from a picker, a
 * drop or the camera.
 *
 * `tus-js-client`'s browser entry wires its engine (`BaseUpload`) to defaults that handle every
 * input a browser app might have: React Native URIs, Cordova files, readable streams. Those
 * readers cost ≈ 4 KiB gzip and are created when the module loads, so no bundler can drop them.
 * This module takes the engine and its XMLHttpRequest stack as they are and gives them the two
 * parts the library lets an app replace (its documented `fileReader` and `urlStorage` options): a
 * reader for `Blob`s only, and the `localStorage` URL storage of `./unfinished.ts`.
 */
import type { FileReader, FileSource, Upload, UploadOptions } from 'tus-js-client';
import BaseUpload from 'tus-js-client/lib.esm/upload.js';
import XHRHttpStack from 'tus-js-client/lib.esm/browser/httpStack.js';
import { uploadUrlStorage } from './unfinished.js';

/** Reads a `Blob` (a `File`) in slices; anything else is refused when the upload starts. */
export const blobReader: FileReader = {
  openFile(input: unknown): Promise<FileSource> {
    if (!(input instanceof Blob)) return Promise.reject(new TypeError('tus: only a Blob or File can be uploaded'));
    return Promise.resolve({
      size: input.size,
      slice: (start: number, end: number) => Promise.resolve({ value: input.slice(start, end), done: end >= input.size }),
      close: () => undefined,
    });
  },
};

const defaults = {
  ...(BaseUpload as unknown as { defaultOptions: UploadOptions }).defaultOptions,
  httpStack: new XHRHttpStack(),
  fileReader: blobReader,
  urlStorage: uploadUrlStorage,
};

/** Options of a {@link TusUpload}: tus-js-client's, with the resume fingerprint required. */
export type TusUploadOptions = UploadOptions & Required<Pick<UploadOptions, 'fingerprint'>>;

/** A tus-js-client `Upload` of one `File`, with the readers above. */
// Typed as the package's public `Upload`, so declarations built from this file need no more than it.
export class TusUpload extends (BaseUpload as typeof Upload) {
  constructor(file: Blob, options: TusUploadOptions) {
    super(file, { ...defaults, ...options });
  }

  /**
   * Where tus-js-client keeps this upload's URL in `localStorage` (once created or resumed), so a
   * replacement instance can carry it on and remove it when the upload is done.
   */
  get storageKey(): string | undefined {
    // tus-js-client keeps it in a field of its own; `resumeFromPreviousUpload` takes it back.
    return (this as unknown as { _urlStorageKey?: string })._urlStorageKey;
  }

  /** Deletes the upload at `url` (tus `DELETE`), with the same request hooks and retries as uploading. */
  static override terminate(url: string, options: UploadOptions = {}): Promise<void> {
    return BaseUpload.terminate(url, { ...defaults, ...options });
  }
}
