import { escapeHtml as esc } from '../server/text/escape-html.ts'

/** What is not critical but needs eyes, for one instrument (the daily digest's sections). */
export interface DigestSections {
  instrument: string
  /** Series whose worst score of the last night was yellow. */
  yellow: { report: string; param: string; setup: string; reason: string }[]
  /** Series drifting towards a limit (with the forecast) or shifted inside their limits. */
  drifting: { report: string; param: string; setup: string; text: string }[]
  /** Calibrations in the last 30 % of their validity. */
  reminders: { report: string; setup: string; validUntilNight: string; nights: number }[]
  /** calChecker actions that are not a final MISS (those are alerts): NOK, or MISS still in its plan window. */
  calchecker: { text: string; status: string; until: string; files: number }[]
  /** Reports with no new value for longer than the digest's staleDays (those without a validity entry). */
  staleReports: { report: string; newest: string; days: number }[]
  /** Product files refused at ingestion in the last 24 h. */
  failures: { n: number; file: string; reason: string }[]
}

const DAY = 86_400_000

/** How many items a section list holds. */
const itemCount = (s: DigestSections) => s.yellow.length + s.drifting.length + s.reminders.length + s.calchecker.length + s.staleReports.length + s.failures.length

/** Whether a section list has anything to say. */
export const hasNews = (s: DigestSections) => itemCount(s) > 0

/**
 * The digest occurrence a clock reading belongs to: the latest daily time `at` (HH:MM, UT) not
 * after `now`. Its date names the digest, so every evaluation of one day queues the same one.
 *
 * @example
 * digestOccurrence(Date.parse('2026-01-10T12:30:00Z'), '12:00') // { day: '2026-01-10', atMs: Date.parse('2026-01-10T12:00:00Z') }
 */
export function digestOccurrence(now: number, at: string): { day: string; atMs: number } {
  const [h, m] = at.split(':').map(Number)
  const offset = (h * 60 + m) * 60_000
  const atMs = Math.floor((now - offset) / DAY) * DAY + offset
  return { day: new Date(atMs).toISOString().slice(0, 10), atMs }
}

/**
 * One recipient's digest over the instruments they receive: subject, plain text and HTML (every
 * value from the store or a file escaped). `null` when nothing is to be said and `sendEmpty` is off.
 */
export function renderDigest(day: string, night: string, sections: DigestSections[], o: { sendEmpty: boolean; baseUrl: string; now: number }): { subject: string; text: string; html: string } | null {
  const news = sections.filter(hasNews)
  if (news.length === 0 && !o.sendEmpty) return null
  const total = news.reduce((n, s) => n + itemCount(s), 0)
  const subject = `[qcloop] daily digest ${day}: ${total === 0 ? 'nothing needs eyes' : `${total} item${total > 1 ? 's' : ''} for ${news.map((s) => s.instrument).join(', ')}`}`
  const base = o.baseUrl.replace(/\/$/, '')
  const blocks = news.map((s) => ({
    instrument: s.instrument,
    link: `${base}/?instrument=${encodeURIComponent(s.instrument)}`,
    parts: [
      [`Yellow in night ${night}`, s.yellow.map((y) => `${y.report} ${y.param} (${y.setup}): ${y.reason}`)],
      ['Drifting or shifted', s.drifting.map((d) => `${d.report} ${d.param} (${d.setup}): ${d.text}`)],
      ['Calibrations due soon', s.reminders.map((r) => `${r.report} for ${r.setup}: valid until night ${r.validUntilNight} (${r.nights} nights) — plan it`)],
      ['calChecker', s.calchecker.map((c) => `${c.status}: ${c.text} (before ${c.until.slice(0, 16).replace('T', ' ')} UT, ${c.files} file(s))`)],
      ['Reports without new values', s.staleReports.map((r) => `${r.report}: newest value ${r.newest.slice(0, 10)} (${r.days} days ago)`)],
      ['Ingestion refused (last 24 h)', s.failures.map((f) => `${f.n} file(s), newest ${f.file}: ${f.reason}`)],
    ].filter(([, lines]) => lines.length > 0) as [string, string[]][],
  }))
  const text = [`qcloop daily digest ${day} — what is not critical but needs eyes.`, '',
    ...(blocks.length === 0 ? ['Nothing needs eyes today.', ''] : blocks.flatMap((b) => [`== ${b.instrument} (${b.link})`,
      ...b.parts.flatMap(([head, lines]) => [`${head}:`, ...lines.map((l) => `  * ${l}`)]), ''])),
    `Sent by qcloop at ${new Date(o.now).toISOString()}.`].join('\n')
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2 style="margin:0">qcloop daily digest ${esc(day)}</h2><p>What is not critical but needs eyes.</p>
${blocks.length === 0 ? '<p>Nothing needs eyes today.</p>' : blocks.map((b) => `<h3><a href="${esc(b.link)}">${esc(b.instrument)}</a></h3>
${b.parts.map(([head, lines]) => `<p><strong>${esc(head)}</strong></p><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`).join('\n')}`).join('\n')}
<p style="color:#57606a">Sent by qcloop at ${esc(new Date(o.now).toISOString())}.</p></body></html>`
  return { subject, text, html }
}
