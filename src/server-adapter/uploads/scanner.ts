/**
 * The `Scanner` hook: every received file is scanned before it counts. `infected` files are
 * quarantined (kept for the firm's records, never served); `unscannable` and `error` fail closed.
 */
import { readAllBytes } from '../blob/read-all.js';

/** What a scan decides. */
export type ScanVerdict = 'clean' | 'infected' | 'unscannable' | 'error';

/** A file to scan. */
export interface ScanInput {
  name: string;
  size: number;
  /** The sniffed content type. */
  type: string;
  /** Opens the stored bytes (each call a new stream). */
  open(): Promise<ReadableStream<Uint8Array>>;
}

/** A malware scanner (ClamAV, a cloud service, …). */
export interface Scanner {
  scan(file: ScanInput): Promise<{ verdict: ScanVerdict; signature?: string }>;
}

/** The default: scans nothing and calls every file clean. Replace it in production. */
export function noopScanner(): Scanner {
  return { scan: async () => ({ verdict: 'clean' }) };
}

/**
 * A scanner that looks for fixed byte signatures (e.g. the EICAR test string). Useful to prove
 * quarantine end to end; not a substitute for a real engine.
 *
 * @example
 * ```ts
 * createGuestkit({ …, scanner: signatureScanner({ 'EICAR-Test-File': EICAR }) });
 * ```
 */
export function signatureScanner(signatures: Record<string, string>, maxBytes = 64 * 1024 * 1024): Scanner {
  const needles = Object.entries(signatures).map(([name, text]) => ({ name, bytes: Buffer.from(text, 'latin1') }));
  return {
    async scan(file) {
      if (file.size > maxBytes) return { verdict: 'unscannable' };
      const all = await readAllBytes(await file.open());
      const hit = needles.find((n) => all.includes(n.bytes));
      return hit ? { verdict: 'infected', signature: hit.name } : { verdict: 'clean' };
    },
  };
}

/** The EICAR anti-virus test string (harmless; every scanner reports it as infected). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
