import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { saveStates } from '../../alerts/alert-state.ts'
import { AuthFailures } from '../../server/access/auth-failures.ts'
import type { AnonymousMode, Role } from '../../server/access/roles.ts'
import { PRODUCTS } from './eso-fixtures.ts'
import { fors2Frame, fors2Set } from './fors2-frames.ts'
import { makeTestApp, TOKEN } from './test-app.ts'
import { PolicyFile } from '../../alerts/policy-file.ts'

/** Marker text placed in every private place: none may appear in a public reader's answer. */
export const PRIVATE = {
  param: 'duty_cycle', internalComment: 'internal-note-k4', obName: 'OB_101', actionWhy: 'audit-reason-k4', ackedBy: 'acker-k4', silence: 'silence-why-k4',
}
export const PUBLIC_COMMENT = 'public-note-k4'
export const NOW = Date.parse('2024-03-08T15:00:00Z')
export const ALERT_KEY = 'critical:UVES:ron_master:BLUE'

export type Identity = Role | 'anonymous' | 'revoked'
export const IDENTITIES: Identity[] = ['anonymous', 'reader', 'pipeline', 'qc', 'operator', 'admin', 'revoked']

const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n')

/**
 * A test app whose store holds something of every kind a reader could see: public and
 * private parameters of one product, an internal and a public comment, an audit-log entry,
 * an acknowledged alert, FORS2 frames with OB names and a grade; plus one named token per
 * role and a revoked one.
 */
export async function accessApp(anonymous: AnonymousMode) {
  const t = await makeTestApp({ anonymous, now: NOW, app: { failures: new AuthFailures({ limit: 1e9 }), policy: new PolicyFile('alerts/policy.yaml') } })
  const admin = (path: string, body: unknown, method = 'POST') =>
    t.app.request(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
  const tokens = new Map<Identity, string>()
  for (const role of ['reader', 'pipeline', 'qc', 'operator', 'admin', 'revoked'] as const) {
    const res = await admin('/api/v1/tokens', { name: `${role}-bot`, role: role === 'revoked' ? 'qc' : role })
    expect(res.status).toBe(201)
    tokens.set(role, (await res.json()).token)
  }
  expect((await admin('/api/v1/tokens/revoked-bot', undefined, 'DELETE')).status).toBe(200)
  const rows = []
  for (let d = 0; d < 40; d++) {
    const ts = new Date(NOW - (40 - d) * 86_400_000).toISOString()
    rows.push({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts, value: 1 + (d % 5) / 100, product: `UVES.${d}.fits` })
    rows.push({ instrument: 'UVES', report: 'BIAS', param: 'duty_cycle', setup: 'BLUE', ts, value: 0.5, product: `UVES.${d}.fits` })
  }
  expect((await admin('/api/v1/measurements', rows)).status).toBe(200)
  await t.services.scoring.idle()
  const point = { instrument: 'UVES', param: 'ron_master', setup: 'BLUE', ts: rows[0].ts, product: 'UVES.0.fits' }
  const qc = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get('qc')}` } })
  expect((await qc('/api/v1/actions/comment', { kind: 'value', ...point, text: PRIVATE.internalComment, internal: true })).status).toBe(200)
  expect((await qc('/api/v1/actions/comment', { kind: 'value', ...point, param: 'duty_cycle', text: 'duty note', internal: false })).status).toBe(200)
  expect((await qc('/api/v1/actions/comment', { kind: 'product', instrument: 'UVES', product: 'UVES.0.fits', text: PUBLIC_COMMENT })).status).toBe(200)
  expect((await qc('/api/v1/actions/flag', { ...point, why: PRIVATE.actionWhy })).status).toBe(200)
  const frames = [...fors2Set('SCI_IMG', '2024-03-02T02:00:00Z', 2, { ob: 101 }), ...fors2Set('BIAS', '2024-03-02T10:00:00Z', 5)]
  expect((await t.post('/api/v1/headers', ndjson(frames), 'application/x-ndjson')).status).toBe(200)
  expect((await qc('/api/v1/ob-grades', { grades: [{ instrument: 'FORS2', ob_id: 101, grade: 'C' }] })).status).toBe(200)
  await saveStates(t.store, [
    { key: ALERT_KEY, instrument: 'UVES', kind: 'critical', state: 'firing', since: NOW - 3_600_000, clearSince: null, title: 'UVES ron_master critical', details: { param: 'ron_master' },
      notifiedState: 'firing', notifiedAt: NOW, ackedBy: PRIVATE.ackedBy, silencedUntil: NOW + 86_400_000, silenceReason: PRIVATE.silence },
    { key: 'critical:UVES:duty_cycle:BLUE', instrument: 'UVES', kind: 'critical', state: 'firing', since: NOW - 3_600_000, clearSince: null, title: 'UVES duty_cycle critical', details: { param: 'duty_cycle' },
      notifiedState: 'firing', notifiedAt: NOW, ackedBy: '', silencedUntil: null, silenceReason: '' },
  ], NOW)
  return { ...t, tokens, point, frame: fors2Frame('BIAS', '2024-03-02T10:30:00Z', { tpl: 'X' }), product: readFileSync(join(PRODUCTS, 'uves/night01/masterbias_blue.fits')) }
}
