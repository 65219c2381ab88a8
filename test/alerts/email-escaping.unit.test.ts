import { describe, expect, it } from 'vitest'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { renderEmail } from '../../alerts/templates.ts'
import type { AlertState } from '../../alerts/alert-state.ts'

const HOSTILE = '<img src=x id=xss onerror="alert(1)">'

describe('alert email (pure rendering)', () => {
  it('escapes every text a user or a file controls in the HTML part', () => {
    const alert: AlertState = {
      key: `critical:${HOSTILE}:${HOSTILE}:${HOSTILE}`, instrument: HOSTILE, kind: 'critical', state: 'firing', since: 0, clearSince: null,
      title: `${HOSTILE} critical`, details: { report: HOSTILE, param: HOSTILE, setup: HOSTILE, ts: '2024-01-01T00:00:00Z', product: `=HYPERLINK("x")${HOSTILE}` },
      notifiedState: '', notifiedAt: 0, ackedBy: '', silencedUntil: null, silenceReason: '',
    }
    const mail = renderEmail({ instrument: HOSTILE, kind: 'new', alerts: [alert], policy: AlertPolicy.parse({}), signingKey: 'k', now: 0 })
    // The only element the HTML has is the ones the template writes: no <img> at all without an image attached.
    expect(mail.html).not.toMatch(/<img/i)
    expect(mail.html).not.toContain('onerror="')
    expect(mail.html).toContain('&#60;img src=x id=xss onerror=&#34;alert(1)&#34;&#62;')
    // Links keep the names URL-encoded, so no attribute can be broken out of.
    for (const href of mail.html.matchAll(/href="([^"]*)"/g)) expect(href[1]).not.toMatch(/[<>"]/)
    expect(mail.text).toContain(HOSTILE)
  })
})
