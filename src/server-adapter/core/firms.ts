/** Firms (tenants) and their API keys. */
import type { Locale } from '../../protocol/common.js';
import { parseToken, type LinkKind } from '../../protocol/token-format.js';
import { emailAddressProblem } from '../../protocol/email.js';
import type { ApiKeyRecord, FirmRecord } from '../store/types.js';
import { hashToken, newId, newToken } from './crypto.js';
import { GuestkitServerError } from './errors.js';
import { isoNow, type Runtime } from './options.js';

/** Default link lifetimes in seconds, per kind. */
export const DEFAULT_LINK_TTL_SECONDS: Record<LinkKind, number> = {
  view: 30 * 86_400,
  upload: 14 * 86_400,
  sign: 7 * 86_400,
  pay: 60 * 86_400,
  req: 14 * 86_400,
};

/** What a firm is created with. */
export interface CreateFirmInput {
  name: string;
  /** Envelope sender for mail, e.g. `no-reply@kanzlei.example`. */
  mailFrom: string;
  /** Page that hosts the widgets; `{kind}` is replaced by the link kind. The token goes in the fragment. */
  linkBaseUrl: string;
  allowedOrigins?: string[];
  accentColor?: string;
  logoUrl?: string;
  defaultLocale?: Locale;
  defaultTtlSeconds?: Partial<Record<LinkKind, number>>;
  /** A fixed id (single-firm installs use `default`). */
  id?: string;
}

/**
 * Whether `url` may be used: https, or http on this machine only (`localhost`, `127.0.0.1`,
 * `[::1]`: development). Links carry their token to the page, so they never travel in plain text
 * across a network (SECURITY.md R12); origins and logos are held to the same.
 */
function secure(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

/** Whether `value` parses as a URL (`{kind}` as a kind) that {@link secure} allows. */
function secureUrl(value: string): boolean {
  try {
    return secure(new URL(value.replace('{kind}', 'view')));
  } catch {
    return false;
  }
}

function normaliseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new GuestkitServerError('validation_failed', `not an origin: ${origin}`);
  }
  if (!secure(url)) throw new GuestkitServerError('validation_failed', `an origin must be https (http only on localhost): ${origin}`);
  if (url.origin !== origin.replace(/\/$/, '')) throw new GuestkitServerError('validation_failed', `an origin has no path: ${origin}`);
  return url.origin;
}

function assertHttpUrl(value: string, what: string): void {
  let url: URL;
  try {
    url = new URL(value.replace('{kind}', 'view'));
  } catch {
    throw new GuestkitServerError('validation_failed', `${what} is not a URL`);
  }
  if (!secure(url)) throw new GuestkitServerError('validation_failed', `${what} must be https (http only on localhost)`);
  if (url.hash) throw new GuestkitServerError('validation_failed', `${what} must not have a fragment`);
}

/**
 * Refuses a sender address the mail path could not use, by the rule every address follows
 * (protocol/email.ts): a plain address, ASCII before the @.
 */
function assertMailFrom(mailFrom: string): void {
  const problem = emailAddressProblem(mailFrom);
  if (problem === 'non_ascii_mailbox') throw new GuestkitServerError('validation_failed', 'mailFrom must have only ASCII letters before the @ (anything else needs SMTPUTF8)');
  if (problem) throw new GuestkitServerError('validation_failed', 'mailFrom must be a plain e-mail address, such as no-reply@kanzlei.example');
}

/**
 * Control characters (a line break in a mail's From name) and the direction controls that open or
 * close an embedding, override or isolate: the firm's name sits inside the widgets' and the mails'
 * sentences ("Kanzlei … has received your files"), where a right-to-left override would turn the
 * rest of the sentence around. The marks (U+200E, U+200F, U+061C), common in Arabic and Hebrew
 * names, only set the direction of what is next to them and are taken.
 */
const NOT_IN_A_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Refuses a firm name that is empty or holds what {@link NOT_IN_A_NAME} names. */
function assertFirmName(name: string): void {
  if (!name.trim()) throw new GuestkitServerError('validation_failed', 'a firm needs a name');
  if (NOT_IN_A_NAME.test(name)) throw new GuestkitServerError('validation_failed', 'the firm name must not hold control or text-direction characters');
}

function buildFirm(input: CreateFirmInput, id: string, createdAt: string): FirmRecord {
  assertHttpUrl(input.linkBaseUrl, 'linkBaseUrl');
  if (input.logoUrl) assertHttpUrl(input.logoUrl, 'logoUrl');
  if (input.accentColor && !/^#[0-9a-fA-F]{6}$/.test(input.accentColor)) throw new GuestkitServerError('validation_failed', 'accentColor must be #rrggbb');
  return {
    id,
    name: input.name.trim(),
    accentColor: input.accentColor ?? null,
    logoUrl: input.logoUrl ?? null,
    mailFrom: input.mailFrom,
    allowedOrigins: (input.allowedOrigins ?? []).map(normaliseOrigin),
    linkBaseUrl: input.linkBaseUrl,
    defaultTtlSeconds: input.defaultTtlSeconds ?? {},
    defaultLocale: input.defaultLocale ?? 'de',
    createdAt,
  };
}

/** Creates a firm. */
export async function createFirm(runtime: Runtime, input: CreateFirmInput): Promise<FirmRecord> {
  assertMailFrom(input.mailFrom);
  assertFirmName(input.name);
  const firm = buildFirm(input, input.id ?? newId('firm'), isoNow(runtime));
  await runtime.store.firms.put(firm);
  return firm;
}

/** Updates a firm's settings; what `input` leaves out stays as it was. */
export async function updateFirm(runtime: Runtime, id: string, input: Partial<Omit<CreateFirmInput, 'id'>>): Promise<FirmRecord> {
  const existing = await requireFirm(runtime, id);
  // A sender given is checked; one stored by an earlier, looser check stays until it is changed.
  if (input.mailFrom !== undefined) assertMailFrom(input.mailFrom);
  // Likewise the name: one stored before its rule stays until an update gives another.
  if (input.name !== undefined) assertFirmName(input.name);
  const merged: CreateFirmInput = {
    name: input.name ?? existing.name,
    mailFrom: input.mailFrom ?? existing.mailFrom,
    linkBaseUrl: input.linkBaseUrl ?? existing.linkBaseUrl,
    allowedOrigins: input.allowedOrigins ?? existing.allowedOrigins,
    defaultLocale: input.defaultLocale ?? existing.defaultLocale,
    defaultTtlSeconds: input.defaultTtlSeconds ?? existing.defaultTtlSeconds,
  };
  const accentColor = input.accentColor ?? existing.accentColor;
  const logoUrl = input.logoUrl ?? existing.logoUrl;
  if (accentColor) merged.accentColor = accentColor;
  if (logoUrl) merged.logoUrl = logoUrl;
  // A firm stored before http was refused takes no update that keeps it: say which setting, and how on.
  const kept = (['linkBaseUrl', 'logoUrl', 'allowedOrigins'] as const).find(
    (key) => input[key] === undefined && [existing[key] ?? []].flat().some((value) => !secureUrl(value)),
  );
  if (kept) throw new GuestkitServerError('validation_failed', `the firm's stored ${kept} is not https: give an https one with this update`);
  const firm = buildFirm(merged, id, existing.createdAt);
  await runtime.store.firms.put(firm);
  return firm;
}

/** Loads a firm or fails with `not_found`. */
export async function requireFirm(runtime: Runtime, firmId: string): Promise<FirmRecord> {
  const firm = await runtime.store.firms.get(firmId);
  if (!firm) throw new GuestkitServerError('not_found', 'no such firm');
  return firm;
}

/** Creates an API key for a firm. The key is returned once; only its hash is stored. */
export async function createApiKey(runtime: Runtime, firmId: string, label: string): Promise<{ key: string; record: ApiKeyRecord }> {
  await requireFirm(runtime, firmId);
  const key = newToken('key');
  const record: ApiKeyRecord = { id: newId('key'), firmId, hash: hashToken(key), label, createdAt: isoNow(runtime), revokedAt: null };
  await runtime.store.apiKeys.insert(record);
  return { key, record };
}

/** Resolves an API key to its firm, or fails with `api_key_invalid`. */
export async function authenticateApiKey(runtime: Runtime, key: string | null): Promise<{ firm: FirmRecord; apiKey: ApiKeyRecord }> {
  if (parseToken(key)?.kind !== 'key') throw new GuestkitServerError('api_key_invalid');
  const apiKey = await runtime.store.apiKeys.getByHash(hashToken(key!));
  if (!apiKey || apiKey.revokedAt) throw new GuestkitServerError('api_key_invalid');
  const firm = await runtime.store.firms.get(apiKey.firmId);
  if (!firm) throw new GuestkitServerError('api_key_invalid');
  return { firm, apiKey };
}
