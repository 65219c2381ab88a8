import { Hono } from 'hono'
import type { PolicyFile } from '../../alerts/policy-file.ts'
import { DomainError } from '../domain-errors.ts'
import type { Services } from '../services.ts'
import { writeAudit } from '../store/actions-store.ts'

/**
 * `POST /api/v1/policy/reload` (role admin, as the access policy enforces): re-reads the alert
 * policy file, as SIGHUP does. A file that does not validate answers 422 naming the file and the
 * path inside it, and the running policy stays; a valid one is in force (and one evaluation ran with
 * it) when the answer comes. Audited.
 *
 * @example
 * curl -X POST -H "Authorization: Bearer $T" http://127.0.0.1:8080/api/v1/policy/reload
 * // { "file": "/srv/qcloop/alerts/policy.yaml", "recipients": 3, "muteWindows": 1, "digest": "daily at 12:00 UT" }
 */
export function policyRoute(s: Services, policy?: PolicyFile): Hono {
  const app = new Hono()
  app.post('/reload', async (c) => {
    if (!policy) throw new DomainError('not_found', 'no_policy', 'This process runs without an alert policy file')
    const summary = await policy.reload()
    await writeAudit(s.store, { atMs: s.clock(), kind: 'policy-reload', instrument: '', by: c.var.viewer.name, why: '', payload: summary })
    return c.json(summary)
  })
  return app
}
