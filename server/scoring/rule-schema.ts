import { z } from 'zod'

const band = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, { error: 'a band is [low, high] with low <= high' })
const positive = z.number().positive()
const window = z.union([
  z.strictObject({ values: z.number().int().min(2).max(1000) }),
  z.strictObject({ days: z.number().positive().max(3650) }),
])
const base = {
  /** Stable identity; versions of a rule share it. Default: `<param>:<setup>`. */
  id: z.string().min(1).optional(),
  param: z.string().min(1),
  /** Glob on the setup label (`*` any text, `?` one character). */
  setup: z.string().min(1).default('*'),
  /** First observation time (ISO date) this version scores; earlier values keep older versions. */
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}/, { error: 'an ISO date such as 2021-06-01' }).optional(),
  /** Western Electric / Nelson run rules: a drift scores yellow before a limit is crossed. */
  trend: z.boolean().default(false),
}

/** Specification limits in the parameter's unit: `warning: [0.6, 1.3]` (ESO's `VAL 0.6,1.3`). */
export const FixedRule = z.strictObject({ ...base, type: z.literal('fixed'), warning: band.optional(), critical: band.optional() })
/** ±percent around the trailing mean or median. */
export const RelativeRule = z.strictObject({
  ...base, type: z.literal('relative'), reference: z.enum(['mean', 'median']).default('median'), window,
  warning: positive.optional(), critical: positive.optional(),
})
/** ±k sigma around the trailing mean; `robust` uses median and 1.4826 × MAD, so one outlier cannot widen its own limits. */
export const StatisticalRule = z.strictObject({
  ...base, type: z.literal('statistical'), robust: z.boolean().default(true), window,
  warning: positive.optional(), critical: positive.optional(),
})

export const Rule = z.discriminatedUnion('type', [FixedRule, RelativeRule, StatisticalRule])
  .refine((r) => r.warning !== undefined || r.critical !== undefined, { error: 'a rule needs a warning or a critical band' })
  .refine((r) => !r.trend || r.type === 'statistical', { error: 'trend (run) rules need a statistical rule: they are judged in its sigma' })
export type Rule = z.infer<typeof Rule>

/** Calibration validity: how long a calibration of a report stays good, and which setups must have one. */
export const Validity = z.strictObject({
  report: z.string().min(1),
  /** Validity in nights (1 = the night it was taken for). */
  nights: z.number().int().positive().max(3650),
  /** Setup globs that must be covered; default: every setup seen for the report in the last 180 nights. */
  setups: z.array(z.string().min(1)).optional(),
  /**
   * Reports whose critical alerts this calibration inhibits while it is expired (or never taken) for
   * a setup they match: a flat judged against an out-of-date bias says more about the bias.
   */
  inhibits: z.array(z.string().min(1)).optional(),
})
export type Validity = z.infer<typeof Validity>
