/** The back office's shared state and its redraw hook. */
import {
  isGuestkitApiError,
  isGuestkitNetworkError,
  type FirmDocumentSummary,
  type GuestkitAdminClient,
  type RecipientActivity,
  type ShareSummary,
  type UploadedFileSummary,
  type UploadRequestSummary,
} from '../../../src/client/index.js';
import type { AuditEvent, AuditVerification } from '../../../src/protocol/audit.js';
import type { Link } from '../../../src/protocol/links.js';

/** A mail the demo wrote to its outbox. */
export interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

/** A link just made, shown once: whom it is for (a share's recipient), its address, whether it was mailed. */
export interface CreatedLinkNote {
  email?: string;
  url: string;
  sent: boolean;
}

/** What went wrong with the last action, in plain words: what was not done, and why (the server's words). */
export interface ActionError {
  /** What was not done ("The upload request was not created."). */
  failed: string;
  /** Why, as the server put it in the back office's language (its problem title). */
  reason: string;
  /** The server's particulars, when they add to `reason` (its `detail`, or one line per field). */
  details: string[];
}

/** Everything the back office shows. */
export const state = {
  firm: '',
  links: [] as Link[],
  /** The last action's new links (shown only now); cleared when the next action starts. */
  created: null as null | { what: string; links: CreatedLinkNote[] },
  /** The last action's failure; cleared when the next action starts. Shown alone, never next to `created`. */
  error: null as null | ActionError,
  audit: null as null | { resource: string; events: AuditEvent[]; verification: AuditVerification },
  outbox: [] as OutboxMail[],
  uploadRequests: [] as UploadRequestSummary[],
  files: null as null | { request: UploadRequestSummary; files: UploadedFileSummary[] },
  documents: [] as FirmDocumentSummary[],
  shares: [] as ShareSummary[],
  activity: null as null | { share: ShareSummary; recipients: RecipientActivity[] },
};

let admin: GuestkitAdminClient;
let redraw: () => void = () => {};

/** Sets the admin client and the redraw function (once, at start). */
export function setup(client: GuestkitAdminClient, draw: () => void): void {
  admin = client;
  redraw = draw;
}

/** The admin client. */
export const api = (): GuestkitAdminClient => admin;

/** Re-renders the page. */
export const draw = (): void => redraw();

/** The back office's language: the page's own (`<html lang>`), which the admin client asks the server's messages in. */
export const language = (): string => document.documentElement.lang || 'en';

/**
 * Why `error` happened, in plain words: the server's own message (its problem title, in the back
 * office's language), with its particulars (the detail, or the fields it refused) where they say
 * more; never the bare error code.
 */
export function describe(error: unknown, failed: string): ActionError {
  if (isGuestkitApiError(error)) {
    const { title, detail, issues = [] } = error.problem;
    // A title that already names the one field refused says it all; otherwise the particulars follow.
    let details: string[];
    if (issues.length > 1) details = issues.map((i) => `${i.path}: ${i.message}`);
    else if (issues.length === 1 && titleNamesField(title, issues[0]!.path)) details = [];
    else details = detail && detail !== title ? [detail] : [];
    return { failed, reason: title, details };
  }
  if (isGuestkitNetworkError(error)) return { failed, reason: 'The server could not be reached. Please check the connection and try again.', details: [error.message] };
  return { failed, reason: error instanceof Error ? error.message : String(error), details: [] };
}

/** Whether a problem title speaks of the field at `path` itself (the adapter titles a lone refused field: "Please check the deadline: …"). */
function titleNamesField(title: string, path: string): boolean {
  const field = path.split('.').at(-1)!.toLowerCase();
  return field.length > 2 && title.toLowerCase().includes(field);
}

/** Reloads everything from the server and redraws. */
export async function refresh(): Promise<void> {
  state.links = await admin.links.list();
  state.uploadRequests = await admin.uploads.listRequests();
  state.documents = await admin.documents.list();
  state.shares = await admin.shares.list();
  if (state.activity) state.activity = { share: state.activity.share, recipients: await admin.shares.activity(state.activity.share.id) };
  if (state.files) state.files = { request: state.files.request, files: await admin.uploads.listFiles(state.files.request.id) };
  state.outbox = (await (await fetch('/backoffice/outbox.json')).json()) as OutboxMail[];
  redraw();
}

/** Brings the outcome (the new link, or what went wrong) into view: it is at the top. */
function showNotice(): void {
  document.querySelector('.notice')?.scrollIntoView({ block: 'nearest' });
}

/**
 * Runs an action that changes something, then refreshes. The previous action's outcome (its link
 * or its error) goes at once, before the request is sent: a link left on screen next to a later
 * failure would be taken for that action's. A failure is shown alone, as `failed` and the server's
 * reason, instead of throwing.
 */
export async function act(run: () => Promise<void>, failed = 'That was not done.'): Promise<void> {
  state.created = null;
  state.error = null;
  redraw();
  try {
    await run();
  } catch (error) {
    state.created = null;
    state.error = describe(error, failed);
  }
  try {
    await refresh();
  } catch (error) {
    state.error ??= describe(error, 'The lists could not be reloaded.');
    redraw();
  }
  showNotice();
}

/**
 * Runs an action that only shows something (files, activity, an audit log, a download). It leaves
 * a link just made on screen (it is shown only once), but a failure replaces it, alone, as with `act`.
 */
export async function look(run: () => Promise<void>, failed: string): Promise<void> {
  if (state.error) {
    state.error = null;
    redraw();
  }
  try {
    await run();
  } catch (error) {
    state.created = null;
    state.error = describe(error, failed);
    redraw();
    showNotice();
  }
}
