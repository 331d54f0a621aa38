/** The back office's shared state and its redraw hook. */
import {
  isGuestkitApiError,
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

/** Everything the back office shows. */
export const state = {
  firm: '',
  links: [] as Link[],
  created: null as null | { url: string; sent: boolean; what: string },
  error: '',
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

/** A readable message for any error. */
export function message(error: unknown): string {
  if (isGuestkitApiError(error)) return `${error.code}: ${error.problem.detail ?? error.problem.title}`;
  return error instanceof Error ? error.message : String(error);
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

/** Runs an action, showing its error instead of throwing, then refreshes. */
export async function act(run: () => Promise<void>): Promise<void> {
  state.error = '';
  try {
    await run();
  } catch (error) {
    state.error = message(error);
  }
  await refresh();
  // The outcome (the new link, or what went wrong) is at the top: bring it into view.
  document.querySelector('.notice')?.scrollIntoView({ block: 'nearest' });
}
