import { createHash } from 'node:crypto'
import type { StoreSpace } from '../server/store/store-errors.ts'
import type { OutgoingEmail, Send } from './outbox.ts'
import { recipientsFor, type AlertPolicy } from './policy-schema.ts'
import { emailsOf } from './webhooks.ts'
import { escapeHtml } from '../server/text/escape-html.ts'

/** Retries of one store-space email while SMTP is down, a minute apart (in memory: the outbox is in the full store). */
const RETRIES = 60

/**
 * Emails the recipients when the store runs out of disk space (writes are
 * refused with 507) and again when it takes writes again. Sent directly, not
 * through the outbox, which lives in the store that is full; a restart while
 * the disk is full may send the first message again.
 *
 * @example
 * watchStoreSpace(services.writer.space, send, policy, Date.now)
 */
export function watchStoreSpace(space: StoreSpace, send: Send, policy: AlertPolicy, clock: () => number, log: (line: string) => void): void {
  let episode = 0
  space.onChange((full, detail) => {
    const at = new Date(clock()).toISOString()
    if (full) episode = clock()
    const m: OutgoingEmail = {
      id: createHash('sha256').update(`store-space|${episode}|${full}`).digest('hex').slice(0, 32),
      instrument: 'qcloop', recipients: emailsOf(recipientsFor(policy, 'qcloop')), image: '',
      subject: full ? '[qcloop] the store is out of disk space: values are refused' : '[qcloop] the store takes writes again',
      text: full
        ? `Since ${at} UT the store refuses writes: it is out of disk space (${detail}).\nPipelines get 507 and must re-send; nothing acknowledged was lost. Free space on the store's disk: writes resume by themselves.\n`
        : `Since ${at} UT the store takes writes again.\n`,
      html: '',
    }
    m.html = `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(m.text).replace(/\n/g, '<br>')}</p></body></html>`
    if (m.recipients.length === 0) return
    const attempt = (n: number) => send(m).catch((e) => {
      if (n < RETRIES) setTimeout(() => void attempt(n + 1), 60_000).unref()
      else log(`store-space email not sent: ${(e as Error).message}`)
    })
    void attempt(0)
  })
}
