// Outgoing mail: SMTP when SMTP_URL is set. Without it nothing is sent and only the fact is
// logged — never the text, which carries invitation links: the coordinator is given the
// link to pass on instead.
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
        logger.info({ to: mail.to, subject: mail.subject }, 'no mail transport configured; message not sent (the link is shown to the coordinator)');
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
