/**
 * The `Mailer` interface: sends one message to one recipient. Implementations must pass
 * `mailerConformance()`.
 */

/** One outgoing message. Every recipient gets their own. */
export interface MailMessage {
  /** Envelope and header sender: the firm's sender address, e.g. `"Kanzlei Muster" <no-reply@kanzlei.example>`. */
  from: string;
  to: string;
  /** The staff member who created the request, so replies reach a person. */
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (e.g. `Auto-Submitted`). */
  headers?: Record<string, string>;
}

/** What the mailer reports after a send. */
export interface MailResult {
  messageId: string;
}

/** Sends mail. */
export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
  close?(): Promise<void>;
}
