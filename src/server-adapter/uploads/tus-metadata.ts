/** Parsing the tus `Upload-Metadata` header: `key base64value,key2 base64value2`. */
import { GuestkitServerError } from '../core/errors.js';

/** Decodes `Upload-Metadata`; malformed pairs are a `validation_failed`. */
export function parseUploadMetadata(header: string | null): Record<string, string> {
  const result: Record<string, string> = {};
  if (!header) return result;
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(' ');
    if (!key || extra !== undefined || !/^[A-Za-z0-9_.-]{1,64}$/.test(key)) throw new GuestkitServerError('validation_failed', 'malformed Upload-Metadata');
    if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new GuestkitServerError('validation_failed', 'malformed Upload-Metadata');
    result[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return result;
}
