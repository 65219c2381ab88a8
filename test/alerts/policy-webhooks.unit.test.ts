import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPolicy } from '../../alerts/policy-schema.ts'

const file = (yaml: string) => { const f = join(mkdtempSync(join(tmpdir(), 'qcloop-pol-')), 'policy.yaml'); writeFileSync(f, yaml); return f }

describe('webhooks in the policy', () => {
  it('accepts webhook:NAME recipients of defined webhooks', () => {
    const p = loadPolicy(file('recipients: { UVES: [uves@example.org, "webhook:chat"] }\nwebhooks: { chat: { url: "https://chat.example.org/hooks/abc", kind: slack } }\n'))
    expect(p.webhooks.chat).toEqual({ url: 'https://chat.example.org/hooks/abc', kind: 'slack' })
  })
  it('refuses an undefined webhook, a bad kind and a bad address, naming the file and the path', () => {
    const f1 = file('recipients: { UVES: ["webhook:nowhere"] }\n')
    expect(() => loadPolicy(f1)).toThrow(`${f1}: recipients.UVES: webhook:nowhere is not defined under webhooks`)
    const f2 = file('webhooks: { x: { url: "https://a.example.org", kind: teams } }\n')
    expect(() => loadPolicy(f2)).toThrow(`${f2}: webhooks.x.kind:`)
    const f3 = file('recipients: { default: [not-an-address] }\n')
    expect(() => loadPolicy(f3)).toThrow(`${f3}: recipients.default.0: an email address or webhook:NAME`)
  })
})
