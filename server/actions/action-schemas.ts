import { z } from 'zod'

const who = { by: z.string().trim().min(1, { error: 'say who you are (by)' }).max(100), why: z.string().trim().max(2000).default('') }
const time = z.union([z.string(), z.number()])
const valueKey = { instrument: z.string().min(1), param: z.string().min(1), setup: z.string().min(1), ts: time, product: z.string().min(1) }

/** Mark a value false (excluded from statistics and scores), or clear the mark. */
export const FlagAction = z.strictObject({ ...valueKey, flag: z.enum(['false', 'clear']).default('false'), ...who })

/** Force a product's score to OK (green), or release it. */
export const ForceOkAction = z.strictObject({ instrument: z.string().min(1), product: z.string().min(1), undo: z.boolean().default(false), ...who })

/** A comment on a value, a product or a report-night (ESO's "scores & comments"). */
export const CommentAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('value'), ...valueKey, text: z.string().trim().min(1).max(5000), internal: z.boolean().default(false), by: who.by }),
  z.strictObject({ kind: z.literal('product'), instrument: z.string().min(1), product: z.string().min(1), ts: time.optional(), text: z.string().trim().min(1).max(5000), internal: z.boolean().default(false), by: who.by }),
  z.strictObject({ kind: z.literal('report-night'), instrument: z.string().min(1), report: z.string().min(1), night: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), text: z.string().trim().min(1).max(5000), internal: z.boolean().default(false), by: who.by }),
])

const band = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, { error: '[low, high] with low <= high' })
/** Adjust a rule's thresholds: a new version from `from` (default now); optionally re-score history from there. */
export const RuleAction = z.strictObject({
  instrument: z.string().min(1), id: z.string().min(1),
  warning: z.union([band, z.number().positive()]).optional(), critical: z.union([band, z.number().positive()]).optional(),
  from: time.optional(), rescore: z.boolean().default(false), ...who,
})
