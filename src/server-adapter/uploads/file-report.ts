/**
 * The report of a received file once its scan settled it: `upload.completed` (and
 * `upload.quarantined`) in the audit log, and the firm's mail to everyone in `notify`. Each step is
 * noted on the file's record once done, so a report cut off part-way (the store busy for a moment
 * as the event is appended, the mail server down, the adapter stopped) is taken up again —
 * finishing the upload again, or the firm listing the request's files — and only what is left is
 * done: every event once (one appended but not noted is found in the request's audit log), every
 * mail once.
 */
import { recordAudit, type Actor } from '../core/audit.js';
import { changeResource } from '../core/resources.js';
import { isoNow, type Runtime } from '../core/options.js';
import type { AuditEventRecord, FirmRecord, ResourceRecord } from '../store/types.js';
import { uploadReceivedMail } from './mail.js';
import { UPLOAD_TYPES, type UploadedFileData, type UploadRequestData } from './records.js';

/**
 * How long a claim on a report holds: one taken by a caller that stopped (the adapter did) is taken
 * over after this. A caller that fails gives its claim back at once.
 */
const REPORT_LEASE_MS = 5 * 60_000;

/** The report a file settled now owes, claimed by the caller settling it (`signature`: the scanner's finding). */
export function owedReport(runtime: Runtime, signature?: string): NonNullable<UploadedFileData['report']> {
  return { claimedAt: isoNow(runtime), done: [], ...(signature ? { signature } : {}) };
}

/** Whether `file` is settled and owes a report that nobody is making (or whoever took it on stopped). */
export function reportDue(file: UploadedFileData, now: number): boolean {
  const claimedAt = file.report?.claimedAt;
  return file.status !== 'pending' && file.report !== undefined && (!claimedAt || Date.parse(claimedAt) + REPORT_LEASE_MS < now);
}

/** Takes on the due report of the file `fileId`, so that two callers never make it twice: the file as claimed, or `null`. */
async function claimReport(runtime: Runtime, firmId: string, fileId: string): Promise<UploadedFileData | null> {
  const now = runtime.now();
  const claimed = await changeResource<UploadedFileData>(runtime, firmId, UPLOAD_TYPES.file, fileId, (data) =>
    reportDue(data, now) ? { ...data, report: { ...data.report!, claimedAt: new Date(now).toISOString() } } : null,
  );
  return claimed?.changed ? (claimed.record.data as unknown as UploadedFileData) : null;
}

/** One step of a report: an audit event or a mail, named as `UploadedFileData.report.done` notes it. */
interface ReportStep {
  name: string;
  run(): Promise<unknown>;
  /** For an audit event: whether the request's log holds it already. */
  inLog?(): Promise<boolean>;
}

/** The steps of `file`'s report, in order: its audit events, then a mail to each address the firm named. */
function reportSteps(runtime: Runtime, firm: FirmRecord, request: ResourceRecord, fileId: string, file: UploadedFileData, by: Actor): ReportStep[] {
  const firmId = firm.id;
  const resource = { type: UPLOAD_TYPES.request, id: request.id };
  const requestData = request.data as unknown as UploadRequestData;
  const { name, size, sha256, type, late, status, uploaderName, uploaderEmail } = file;
  const events = [
    { type: 'upload.completed', data: { fileId, name, size, sha256, type, late, status, uploaderName, uploaderEmail } },
    ...(status === 'infected' ? [{ type: 'upload.quarantined', data: { fileId, signature: file.report?.signature ?? null } }] : []),
  ];
  // Read once per report, and only when an event is asked about.
  let log: Promise<AuditEventRecord[]> | undefined;
  const logged = async (eventType: string): Promise<boolean> =>
    (await (log ??= runtime.store.audit.listForResource(firmId, resource.type, resource.id))).some((each) => each.type === eventType && each.data.fileId === fileId);
  return [
    ...events.map((event) => ({ name: event.type, run: () => recordAudit(runtime, { firmId, resource, ...event }, by), inLog: () => logged(event.type) })),
    ...requestData.notify.map((to) => ({ name: `mail:${to}`, run: () => runtime.mailer.send(uploadReceivedMail(firm, requestData, file, to)) })),
  ];
}

/**
 * Makes what is left of the report of the settled file `fileId`: as `claimed` by the caller (the
 * scan that settled it), or if this call can claim it. A mail that fails is logged and left for
 * the next caller; an audit event that fails fails the call (the visitor's client finishes again,
 * which makes it). Either way the claim is given back, so the next caller need not wait the lease.
 */
export async function reportFile(runtime: Runtime, firm: FirmRecord, request: ResourceRecord, fileId: string, by: Actor, claimed?: UploadedFileData): Promise<void> {
  const file = claimed ?? (await claimReport(runtime, firm.id, fileId));
  if (!file?.report) return;
  const steps = reportSteps(runtime, firm, request, fileId, file, by);
  const done = new Set(file.report.done);
  try {
    for (const step of steps.filter((each) => !done.has(each.name))) {
      try {
        // A report taken up again may have appended an event and then failed to note it: the
        // log says so, and the event is noted, not appended twice. The scan that settles a file
        // begins its report with nothing appended.
        const inLog = !claimed && (await step.inLog?.());
        if (!inLog) await step.run();
      } catch (error) {
        if (step.name.startsWith('mail:')) {
          runtime.logger?.error('upload notification failed', { fileId, error: String(error) });
          continue;
        }
        throw error;
      }
      // Noted at once: a step is never done twice, whatever fails after it. The last one done
      // settles the report.
      const noted = [...done, step.name];
      await changeResource<UploadedFileData>(runtime, firm.id, UPLOAD_TYPES.file, fileId, ({ report, ...data }) =>
        !report ? null : steps.every((each) => noted.includes(each.name)) ? data : { ...data, report: { ...report, done: noted } },
      );
      done.add(step.name);
    }
  } finally {
    if (!steps.every((each) => done.has(each.name))) {
      await changeResource<UploadedFileData>(runtime, firm.id, UPLOAD_TYPES.file, fileId, (data) =>
        data.report?.claimedAt ? { ...data, report: { ...data.report, claimedAt: null } } : null,
      ).catch(() => undefined); // the claim then runs out after REPORT_LEASE_MS
    }
  }
}
