// Outgoing mail: SMTP when SMTP_URL is set; otherwise the message goes to the server log
// (so a coordinator without mail set up can still pass an invitation link on).
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly configured: boolean;
  send(mail: Mail): Promise<void>;
}

export function createMailer(config: { smtpUrl: string; from: string } | null, logger: Logger): Mailer {
  if (!config) {
    return {
      configured: false,
      async send(mail) {
        logger.info({ mail }, `no mail transport configured; message to ${mail.to} follows in the log`);
      },
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({ from: config.from, ...mail });
    },
  };
}
