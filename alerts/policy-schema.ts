import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { z } from 'zod'
import { MuteWindow } from './mute-windows.ts'

/** The alert policy (alerts/policy.yaml). */
export const AlertPolicy = z.strictObject({
  confirm: z.strictObject({ default: z.number().int().min(1).max(20).default(2), KPI: z.number().int().min(1).max(20).default(1) }).default({ default: 2, KPI: 1 }),
  repeatHours: z.number().positive().default(24),
  stale: z.strictObject({ hours: z.number().positive().default(36), classes: z.array(z.enum(['KPI', 'HC', 'CAL', 'ENG'])).default(['KPI', 'HC']) }).default({ hours: 36, classes: ['KPI', 'HC'] }),
  validity: z.boolean().default(true),
  /** Recurring windows (weekdays, local times) that mute the alerts of their scope: maintenance days, technical nights by the calendar. */
  muteWindows: z.array(MuteWindow).default([]),
  /** "Ingestion failing": more than `perHour` product files of one instrument refused within an hour (0: off). */
  ingestFailures: z.strictObject({ perHour: z.number().int().min(0).default(5) }).default({ perHour: 5 }),
  /** The daily digest: what is not critical but needs eyes, once a day at `at` (HH:MM, UT), one email per recipient. */
  digest: z.strictObject({
    enabled: z.boolean().default(true),
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a UT time HH:MM' }).default('12:00'),
    /** Send "nothing needs eyes" too (default: nothing to say, nothing sent). */
    sendEmpty: z.boolean().default(false),
    /** A report without a validity entry and without a new value for more than this many days is listed. */
    staleDays: z.number().positive().default(7),
    /** A server down at `at` still sends the day's digest when back within this many hours. */
    catchUpHours: z.number().min(0).max(23).default(12),
  }).default({ enabled: true, at: '12:00', sendEmpty: false, staleDays: 7, catchUpHours: 12 }),
  /** calChecker: a final MISS whose calibration can still be taken today. */
  calchecker: z.boolean().default(true),
  /** Who is told, per instrument (and `default`): email addresses, and `webhook:NAME` for a webhook of `webhooks`. */
  recipients: z.record(z.string(), z.array(z.union([z.string().email(), z.string().regex(/^webhook:[A-Za-z0-9_-]+$/)], { error: 'an email address or webhook:NAME' }))).default({ default: [] }),
  /**
   * Webhooks by name: `json` (qcloop's own payload, signed with HMAC-SHA256 when QCLOOP_WEBHOOK_SECRET_<NAME> is set),
   * `alertmanager` (Alertmanager's webhook payload, version 4, for its receivers), `slack` (Slack or Mattermost incoming webhook).
   */
  webhooks: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), z.strictObject({ url: z.string().url(), kind: z.enum(['json', 'alertmanager', 'slack']).default('json') })).default({}),
  schedule: z.strictObject({ cron: z.string().min(9).default('*/5 * * * *'), timezone: z.string().default('UTC') }).default({ cron: '*/5 * * * *', timezone: 'UTC' }),
  /** Base of links in emails when the server has no QCLOOP_PUBLIC_URL (tests, single-host set-ups). */
  dashboardUrl: z.string().url().default('http://127.0.0.1:8080'),
  /** How long an email's acknowledge link works, in days. */
  ackLinkDays: z.number().positive().default(7),
  /** Recipients of every alert besides each instrument's (the server adds ALERT_TO here). */
  everyone: z.array(z.string().email({ error: 'an email address' })).optional(),
  /** How calibrations and stale data weigh in an instrument's light on the health monitor (`ignore`: not at all). */
  monitor: z.strictObject({
    expired: z.enum(['red', 'yellow', 'ignore']).default('red'),
    reminder: z.enum(['red', 'yellow', 'ignore']).default('ignore'),
    stale: z.enum(['red', 'yellow', 'ignore']).default('red'),
  }).default({ expired: 'red', reminder: 'ignore', stale: 'red' }),
}).superRefine((p, ctx) => {
  // Every `webhook:NAME` recipient names a webhook the policy defines: in the schema, so every parse checks it.
  for (const [who, list] of Object.entries(p.recipients)) {
    for (const r of list) if (r.startsWith('webhook:') && !(r.slice('webhook:'.length) in p.webhooks)) ctx.addIssue({ code: 'custom', path: ['recipients', who], message: `${r} is not defined under webhooks` })
  }
})

/** The health monitor's weights of a policy (staleness counts after the policy's stale hours). */
export const monitorWeights = (p: AlertPolicy) => ({ ...p.monitor, staleHours: p.stale.hours })
export type AlertPolicy = z.infer<typeof AlertPolicy>

/**
 * Loads and validates a policy file; errors name the file and the path inside it.
 *
 * @example
 * const policy = loadPolicy('alerts/policy.yaml')
 */
export function loadPolicy(file: string): AlertPolicy {
  const r = AlertPolicy.safeParse(parse(readFileSync(file, 'utf8')) ?? {})
  if (!r.success) throw new Error(r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n'))
  return r.data
}

/** Recipients for an instrument: its own list, else the default, plus those every alert goes to (`everyone`, from ALERT_TO); email addresses and `webhook:NAME` alike. */
export function recipientsFor(policy: AlertPolicy, instrument: string): string[] {
  const own = policy.recipients[instrument] ?? policy.recipients.default ?? []
  return [...new Set([...own, ...(policy.everyone ?? [])])]
}

/** A policy with recipients added to every instrument's (the server's ALERT_TO). */
export function withEveryone(policy: AlertPolicy, emails: string[]): AlertPolicy {
  return { ...policy, everyone: [...new Set([...(policy.everyone ?? []), ...emails])] }
}
