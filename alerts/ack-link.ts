import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The acknowledge link of an alert email. It names one incident (the alert's
 * key and the moment its condition began), expires, and is signed with the
 * server's key; following it opens a page, and only the page's POST
 * acknowledges, so mail scanners and link prefetchers (which GET) never do.
 * A link works once: an incident already acknowledged, or over, refuses it.
 */
export interface AckLink {
  key: string
  /** Start of the incident, Unix ms (the alert's `since`). */
  since: number
  /** Expiry, Unix ms. */
  exp: number
  sig: string
}

export const ACK_LINK_PATH = '/api/v1/alerts/ack-link'

/** HMAC-SHA256 over key, incident start and expiry (hex, 128 bits kept). */
export function ackLinkSignature(l: Omit<AckLink, 'sig'>, signingKey: string): string {
  return createHmac('sha256', signingKey).update(`ack\n${l.key}\n${l.since}\n${l.exp}`).digest('hex').slice(0, 32)
}

/**
 * The link for one incident, valid `ttlMs` from `now`.
 *
 * @example
 * ackLinkUrl('https://qc.example.org', alert, key, Date.now(), 7 * 86_400_000)
 */
export function ackLinkUrl(base: string, a: { key: string; since: number }, signingKey: string, now: number, ttlMs: number): string {
  const l = { key: a.key, since: a.since, exp: now + ttlMs }
  const q = new URLSearchParams({ key: l.key, since: String(l.since), exp: String(l.exp), sig: ackLinkSignature(l, signingKey) })
  return `${base.replace(/\/$/, '')}${ACK_LINK_PATH}?${q}`
}

/**
 * Reads a link's fields (query or form) and checks its signature and expiry in constant time.
 *
 * @example
 * verifyAckLink({ key, since: '…', exp: '…', sig: '…' }, signingKey, Date.now()) // { ok: true, link }
 */
export function verifyAckLink(f: Record<string, string | undefined>, signingKey: string, now: number): { ok: true; link: AckLink } | { ok: false; status: 403 | 410; why: string } {
  const since = Number(f.since), exp = Number(f.exp)
  const key = f.key ?? '', sig = f.sig ?? ''
  if (!key || !Number.isSafeInteger(since) || !Number.isSafeInteger(exp)) return { ok: false, status: 403, why: 'This acknowledge link is incomplete.' }
  const want = Buffer.from(ackLinkSignature({ key, since, exp }, signingKey))
  const got = Buffer.from(sig)
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, status: 403, why: 'This acknowledge link is not valid.' }
  if (now > exp) return { ok: false, status: 410, why: `This acknowledge link expired on ${new Date(exp).toISOString().slice(0, 16).replace('T', ' ')} UT.` }
  return { ok: true, link: { key, since, exp, sig } }
}
