import type { OutgoingEmail, Send } from './outbox.ts'

/**
 * An SMTP sender through nodemailer (`SMTP_URL`, e.g. smtp://mail.example.org:25
 * or smtps://user:pass@host:465). The trend picture is attached inline (cid:trend);
 * the Message-ID is derived from the outbox id, so a mail system can drop a
 * copy re-sent after a crash between hand-over and bookkeeping.
 *
 * @example
 * const send = await smtpSender(process.env.SMTP_URL!, 'qcloop@example.org')
 */
export async function smtpSender(url: string, from: string): Promise<Send> {
  const nodemailer = await import('nodemailer')
  const transport = nodemailer.createTransport(url)
  return async (m: OutgoingEmail) => {
    await transport.sendMail({
      from, to: m.recipients, subject: m.subject, text: m.text, html: m.html, messageId: `<${m.id}@qcloop>`,
      attachments: m.image ? [{ filename: 'trend.png', content: Buffer.from(m.image, 'base64'), contentType: 'image/png', cid: 'trend' }] : [],
    })
  }
}
