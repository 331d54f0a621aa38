/** Styles of `<guest-upload>` (on top of the shared tokens, host, link-state and widget styles). */
import { css } from 'lit';

/** The drop zone, file list, progress bars, fields and completion panel. */
export const guestUploadStyles = css`
  .upload,
  .files,
  .uploader,
  .complete {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gk-spacing) * 0.75);
  }

  .upload {
    gap: var(--_gk-spacing);
  }

  .complete > *,
  .closed > * {
    margin: 0;
  }

  .limits,
  .deadline,
  .file__size,
  .file__status,
  .dropzone__action {
    color: var(--_gk-muted);
  }

  .deadline {
    font-weight: 600;
    color: var(--_gk-text);
  }

  .deadline--overdue,
  .file__status--error,
  .refusals {
    color: var(--_gk-danger);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }

  .field__input,
  .file__note {
    width: 100%;
    max-width: 28rem;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    font: inherit;
    color: var(--_gk-text);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: calc(var(--_gk-radius) * 0.75);
  }

  .file__note {
    max-width: none;
    resize: vertical;
  }

  .pickers {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    gap: calc(var(--_gk-spacing) * 0.5);
  }

  .dropzone {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    width: 100%;
    padding: calc(var(--_gk-spacing) * 2) var(--_gk-spacing);
    font: inherit;
    color: var(--_gk-text);
    text-align: center;
    background: var(--_gk-surface);
    border: 2px dashed var(--_gk-border);
    border-radius: var(--_gk-radius);
    cursor: pointer;
    transition:
      border-color var(--_gk-transition),
      background-color var(--_gk-transition);
  }

  .dropzone:enabled:not([aria-disabled]):hover,
  .dropzone--active {
    border-color: var(--_gk-accent);
    border-style: solid;
    background: color-mix(in srgb, var(--_gk-accent) 8%, var(--_gk-surface));
  }

  /* Inside a disabled <fieldset>: nothing can be chosen or sent. */
  .pickers :disabled,
  .actions :disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  /* The files chosen fill the request: the drop zone says so, at full contrast. */
  .pickers [aria-disabled='true'] {
    cursor: not-allowed;
  }

  .dropzone__icon {
    width: 2.5rem;
    height: 2.5rem;
    fill: none;
    stroke: var(--_gk-accent);
    stroke-width: 1.75;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .dropzone__title {
    font-size: 1.125rem;
    font-weight: 600;
  }

  /* A touch screen cannot drag: there the headline invites a tap instead. */
  .dropzone__tap {
    display: none;
  }

  @media (pointer: coarse) {
    .dropzone__drag {
      display: none;
    }

    .dropzone__tap {
      display: inline;
    }
  }

  .refusals {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.75rem var(--_gk-spacing);
    border: 1px solid var(--_gk-danger);
    border-radius: var(--_gk-radius);
  }

  .refusals__list {
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .files__title {
    margin: 0;
    font-size: 1.0625rem;
  }

  .file-list,
  .received-list {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gk-spacing) * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .file {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: 0.375rem;
    padding: 0.75rem var(--_gk-spacing);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: var(--_gk-radius);
  }

  .file--done {
    border-color: var(--_gk-success);
  }

  .file--failed {
    border-color: var(--_gk-danger);
  }

  .file__head,
  .received-file {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 0.75rem;
  }

  .file__name {
    min-width: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .file__note-label {
    font-size: 0.9375rem;
  }

  .file__note-text {
    margin: 0;
    white-space: pre-line;
  }

  .file__status {
    margin: 0;
    font-size: 0.9375rem;
    font-variant-numeric: tabular-nums;
  }

  /* Where one line would not always hold bytes, speed and time left, they take two fixed lines (kept while the speed is unknown). */
  @container (max-width: 30em) {
    .file--uploading .file__status {
      min-height: 2lh;
    }

    .file__sep {
      display: none;
    }

    .file__speed {
      display: block;
    }
  }

  .file__status:empty {
    display: none;
  }

  .file__progress {
    width: 100%;
    height: 0.5rem;
    appearance: none;
    border: none;
    border-radius: 999px;
    background: color-mix(in srgb, var(--_gk-border) 35%, var(--_gk-surface));
    overflow: hidden;
  }

  .file__progress::-webkit-progress-bar {
    background: transparent;
  }

  .file__progress::-webkit-progress-value {
    background: var(--_gk-accent);
    border-radius: 999px;
    transition: width var(--_gk-transition);
  }

  .file__progress::-moz-progress-bar {
    background: var(--_gk-accent);
    border-radius: 999px;
  }

  .file__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }

  .file__actions:empty {
    display: none;
  }

  .actions {
    display: flex;
    justify-content: flex-end;
  }

  .complete,
  .closed {
    padding: calc(var(--_gk-spacing) * 1.25);
    border: 1px solid var(--_gk-success);
    border-radius: var(--_gk-radius);
  }

  .closed {
    border-color: var(--_gk-border);
  }

  .complete__title {
    font-size: 1.25rem;
    color: var(--_gk-success);
  }

  .complete .button {
    align-self: flex-start;
  }

  .received summary {
    cursor: pointer;
    color: var(--_gk-muted);
  }

  .received-list {
    margin-top: 0.5rem;
  }

  @media (min-width: 40rem) {
    .pickers {
      flex-direction: row;
      align-items: center;
    }

    .dropzone {
      flex: 1;
    }
  }

  @media (max-width: 30rem) {
    .dropzone {
      padding: calc(var(--_gk-spacing) * 1.25) var(--_gk-spacing);
    }

    .actions .button {
      width: 100%;
    }
  }
`;
