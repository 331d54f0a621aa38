/** A `Mailer` that hands messages to an SMTP server (the firm's relay, a mail service) via nodemailer. */
import type { ConnectionOptions } from 'node:tls';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Mailer, MailMessage, MailResult } from './types.js';

/** Options for `smtpMailer`. */
export interface SmtpMailerOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  tls?: ConnectionOptions;
}

/**
 * The nodemailer options for one message; shared by the SMTP and outbox mailers.
 * @internal
 */
export function toNodemailerMessage(message: MailMessage): SendMailOptions {
  const { from, to, replyTo, subject, text, html, headers } = message;
  return { from, to, replyTo, subject, text, html, headers };
}

/**
 * Creates a `Mailer` that sends over SMTP. The connection is set up on the first send.
 *
 * @example
 * ```ts
 * const mailer = smtpMailer({ host: 'smtp.kanzlei.example', port: 587, auth: { user, pass } });
 * await mailer.send({ from, to: 'anna@example.com', subject: 'Ihre Unterlagen', text });
 * ```
 */
export function smtpMailer(options: SmtpMailerOptions): Mailer {
  let transport: Promise<Transporter> | null = null;

  // nodemailer is imported on first use so installs that never mail don't load it.
  const getTransport = (): Promise<Transporter> =>
    (transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({ host: options.host, port: options.port, secure: options.secure ?? false, auth: options.auth, tls: options.tls }),
    ));

  return {
    async send(message): Promise<MailResult> {
      const info = (await (await getTransport()).sendMail(toNodemailerMessage(message))) as { messageId: string };
      return { messageId: info.messageId };
    },
    async close() {
      const pending = transport;
      transport = null;
      if (pending) (await pending).close();
    },
  };
}
