import { DomainError } from '../server/domain-errors.ts'
import { loadPolicy, withEveryone, type AlertPolicy } from './policy-schema.ts'

/** What a reload answers: the file and a summary of what now holds. */
export interface PolicySummary { file: string; recipients: number; muteWindows: number; digest: string }

/**
 * The alert policy of a running server, read from its file and re-read on demand (SIGHUP, or
 * `POST /api/v1/policy/reload` by an admin). A file that does not validate is refused with every
 * problem named (file and path) and the running policy is kept; a valid one replaces it and every
 * listener (the alert engine, the health monitor's weights) hears of it before the reload answers.
 *
 * @example
 * const policy = new PolicyFile('alerts/policy.yaml', ['paranal-qc@example.org'])
 * policy.onChange((p) => alerting.reload(p)); await policy.reload()
 */
export class PolicyFile {
  #current: AlertPolicy
  #listeners: ((p: AlertPolicy) => void | Promise<void>)[] = []
  constructor(readonly file: string, private everyone: string[] = []) {
    this.#current = this.#read()
  }

  current(): AlertPolicy { return this.#current }

  onChange(fn: (p: AlertPolicy) => void | Promise<void>): void { this.#listeners.push(fn) }

  async reload(): Promise<PolicySummary> {
    let next: AlertPolicy
    try {
      next = this.#read()
    } catch (e) {
      throw new DomainError('unprocessable', 'policy_invalid', `The policy was not reloaded; the running one is kept. ${(e as Error).message}`)
    }
    this.#current = next
    for (const fn of this.#listeners) await fn(next)
    return summary(this.file, next)
  }

  #read(): AlertPolicy { return withEveryone(loadPolicy(this.file), this.everyone) }
}

function summary(file: string, p: AlertPolicy): PolicySummary {
  const recipients = new Set([...Object.values(p.recipients).flat(), ...(p.everyone ?? [])]).size
  return { file, recipients, muteWindows: p.muteWindows.length, digest: p.digest.enabled ? `daily at ${p.digest.at} UT` : 'off' }
}
