/**
 * `<guest-upload>`'s English strings and the shared English table, in one module: the chunk a
 * English-speaking visitor loads (see `../translations.ts`).
 */
import type { UploadTranslation } from '../translations.js';

export { en as shared } from '../../translations/en.js';

/** `<guest-upload>`'s English strings. */
export const uploadEn = {
  'upload.deadline': ({ date }) => `Please upload by ${date}.`,
  'upload.overdue': ({ date }) => `The deadline was ${date}. You can still upload; your files will be marked as late.`,
  'upload.closed.title': 'This request no longer accepts files',
  'upload.closed.overdue': ({ date }) => `The deadline was ${date}. If you still need to send files, please contact the sender.`,
  'upload.closed.full': 'This request has already received all the files it accepts.',
  'upload.limits': ({ files, more, size, types }) =>
    `${files === 1 ? `One ${more ? 'more ' : ''}file of` : `Up to ${files} ${more ? 'more ' : ''}files, each`} at most ${size}. Accepted: ${types}.`,
  'upload.name.label': 'Your name',
  'upload.name.missing': 'Please enter your name.',
  'upload.name.invalid': 'Please enter your name on one line, in at most 200 characters.',
  'upload.email.label': 'Your e-mail address',
  'upload.email.missing': 'Please enter your e-mail address.',
  'upload.email.invalid': 'Please enter a valid e-mail address, such as name@example.com.',
  'upload.email.nonAscii': 'We cannot send e-mail to addresses with accented letters (such as ü or é) before the @. Please enter another e-mail address.',
  'upload.dropzone.title': 'Drag files or folders here',
  'upload.dropzone.tap': 'Choose files',
  'upload.dropzone.action': 'or choose them on your device',
  'upload.dropzone.drop': 'Release to add',
  'upload.dropzone.full': 'No more files can be added',
  'upload.dropzone.fullAction': 'Remove a file (or cancel its upload) to choose another.',
  'upload.camera': 'Take a photo',
  'upload.files': 'Selected files',
  'upload.note': 'Note (optional)',
  'upload.remove': 'Remove',
  'upload.cancel': 'Cancel',
  'upload.submit': ({ files }) => (files === 1 ? 'Upload file' : `Upload ${files} files`),
  'upload.status.waiting': 'Waiting…',
  'upload.status.uploading': ({ sent, total }) => `${sent} of ${total}`,
  'upload.status.speed': ({ speed, left }) => `${speed}/s, ${left} left`,
  'upload.status.finishing': 'Checking…',
  'upload.status.done': 'Received',
  'upload.status.late': 'Received (after the deadline)',
  'upload.progress': ({ name }) => `Progress: ${name}`,
  'upload.offline': 'No connection. The upload continues as soon as you are back online.',
  'upload.refused.tooBig': ({ name, max }) => `“${name}” is too large. Each file can be at most ${max}.`,
  'upload.refused.tooMany': ({ name, max }) =>
    `“${name}” was not added: this request accepts ${max === 1 ? 'only one file' : `at most ${max} files`}.`,
  'upload.refused.type': ({ name, types }) => `“${name}” is not a file type this request accepts. Accepted: ${types}.`,
  'upload.refused.empty': ({ name }) => `“${name}” is empty and was not added.`,
  'upload.refused.duplicate': ({ name }) => `“${name}” is already in the list.`,
  'upload.refused.dismiss': 'Dismiss',
  'upload.added': ({ count }) => (count === 1 ? 'One file added.' : `${count} files added.`),
  'upload.complete.receipt': ({ email }) => `A receipt listing them has been sent to ${email}.`,
  'upload.emptyFolder': 'There are no files in that folder.',
  'upload.announce.done': ({ name }) => `“${name}” has arrived.`,
  'upload.announce.failed': ({ name, reason }) => `“${name}” could not be uploaded. ${reason}`,
  'upload.announce.cancelled': ({ name }) => `Upload of “${name}” cancelled.`,
  'upload.announce.removed': ({ name }) => `“${name}” removed.`,
  'upload.complete.title': ({ count }) => (count === 1 ? 'One file received' : `${count} files received`),
  'upload.complete.message': ({ firm }) => `Thank you! ${firm} has received your files.`,
  'upload.more': 'Upload more files',
  'upload.received': ({ count }) => `Received in this visit (${count})`,
  'upload.required': 'Please upload at least one file.',
  'upload.unfinished.title': 'Not finished last time',
  'upload.unfinished.hint': 'Choose the same file again to continue where it stopped.',
  'upload.unfinished.choose': 'Choose file',
  'upload.unfinished.discard': 'Discard',
  'upload.unfinished.discarded': ({ name }) => `“${name}” discarded.`,
} as const satisfies UploadTranslation;
