/** The checks a file passes before it is queued: not chosen already, not empty, not too big, an allowed type, room left. */
import type { UploadLimits } from '../../protocol/uploads.js';
import { SNIFF_BYTES, typeAllowed } from './sniff.js';
import { fileIdentity } from './unfinished.js';

/** Why a file was not added. */
export type RefusalReason = 'duplicate' | 'empty' | 'too-big' | 'type' | 'too-many';

/** A file that was not added, and why. */
export interface Refusal {
  readonly name: string;
  readonly reason: RefusalReason;
}

/** What a request allows, as the checks need it. */
export interface FileRules extends Pick<UploadLimits, 'maxFileSize' | 'allowedTypes'> {
  /** Allowed extensions (`['.pdf', …]`); empty means any. */
  readonly accept: readonly string[];
}

/**
 * Splits `files` into those that may be queued and those refused, in the order given. A file
 * already among `chosen` (the files in the list) or earlier in `files` is refused as a duplicate. The type is
 * judged by the file's first bytes and its extension (never by the browser's claimed type); the
 * count check comes last, so `slotsLeft` goes to files that would be accepted otherwise.
 */
export async function checkFiles(
  files: readonly File[],
  rules: FileRules,
  slotsLeft: number,
  chosen: readonly File[] = [],
): Promise<{ accepted: File[]; refused: Refusal[] }> {
  const accepted: File[] = [];
  const refused: Refusal[] = [];
  // The same file twice (same name, type, size and date) would share its resume entry and its file key.
  const seen = new Set(chosen.map(fileIdentity));
  for (const file of files) {
    const identity = fileIdentity(file);
    const reason = seen.has(identity) ? 'duplicate' : await refusalFor(file, rules);
    seen.add(identity);
    if (reason) refused.push({ name: file.name, reason });
    else if (accepted.length >= slotsLeft) refused.push({ name: file.name, reason: 'too-many' });
    else accepted.push(file);
  }
  return { accepted, refused };
}

async function refusalFor(file: File, rules: FileRules): Promise<RefusalReason | undefined> {
  if (file.size === 0) return 'empty';
  if (file.size > rules.maxFileSize) return 'too-big';
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch {
    // Unreadable (a cloud placeholder, a folder dragged in): nothing an upload could send either.
    return 'empty';
  }
  return typeAllowed(file.name, head, rules.allowedTypes, rules.accept) ? undefined : 'type';
}
