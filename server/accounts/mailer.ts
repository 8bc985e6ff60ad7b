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
      send(mail) {
        logger.info({ to: mail.to, subject: mail.subject }, 'no mail transport configured; message not sent (the link is shown to the coordinator)');
        return Promise.resolve();
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

/**
 * Sends a message that carries a link; true only when it went out. A failed send is logged
 * (without the text) and answered false, so that the caller shows the link instead.
 */
export async function sendLink(mailer: Mailer, mail: Mail, logger: Pick<Logger, 'warn'>): Promise<boolean> {
  try {
    await mailer.send(mail);
    return mailer.configured;
  } catch (err) {
    logger.warn(
      { err: err instanceof Error ? err.message : String(err), to: mail.to, subject: mail.subject },
      'email could not be sent; the link is shown instead',
    );
    return false;
  }
}
