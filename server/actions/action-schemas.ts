import { z } from 'zod'
import { freeTextField, nameField } from '../text/text-fields.ts'
import { dateLabelField } from '../time/date-field.ts'

// Who acted is the caller's identity (the token's or the signed-in person's name), never a field of the body.
const who = { why: freeTextField('why', 2000).default('') }
const time = z.union([z.string(), z.number()])
const valueKey = { instrument: nameField('instrument'), param: nameField('param'), setup: nameField('setup'), ts: time, product: nameField('product') }

/** Mark a value false (excluded from statistics and scores), or clear the mark. */
export const FlagAction = z.strictObject({ ...valueKey, flag: z.enum(['false', 'clear']).default('false'), ...who })

/** Force a product's score to OK (green), or release it. */
export const ForceOkAction = z.strictObject({ instrument: nameField('instrument'), product: nameField('product'), undo: z.boolean().default(false), ...who })

/** A comment on a value, a product or a report-night (ESO's "scores & comments"). */
export const CommentAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('value'), ...valueKey, text: freeTextField('text', 5000, 1), internal: z.boolean().default(false)}),
  z.strictObject({ kind: z.literal('product'), instrument: nameField('instrument'), product: nameField('product'), ts: time.optional(), text: freeTextField('text', 5000, 1), internal: z.boolean().default(false)}),
  z.strictObject({ kind: z.literal('report-night'), instrument: nameField('instrument'), report: nameField('report'), night: dateLabelField('night'), text: freeTextField('text', 5000, 1), internal: z.boolean().default(false)}),
])

const band = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, { error: '[low, high] with low <= high' })
/** Adjust a rule's thresholds: a new version from `from` (default now); optionally re-score history from there. */
export const RuleAction = z.strictObject({
  instrument: nameField('instrument'), id: nameField('id'),
  warning: z.union([band, z.number().positive()]).optional(), critical: z.union([band, z.number().positive()]).optional(),
  from: time.optional(), rescore: z.boolean().default(false),
  /** Only say how many past values would change score; change nothing. */
  preview: z.boolean().default(false), ...who,
})
