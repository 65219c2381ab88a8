import { z } from 'zod'
import { DEFAULT_DRIFT } from '../drift/drift-verdict.ts'

const C = DEFAULT_DRIFT.cusum

/** A catalogue's `drift:`: how its series are watched for trends towards a limit and for shifts (defaults: server/drift/drift-verdict.ts). */
export const DriftConfig = z.strictObject({
  /** false: no drift or shift verdicts for this instrument. */
  enabled: z.boolean().default(true),
  /** Trailing window of the trend, days. */
  windowDays: z.number().positive().max(3650).default(DEFAULT_DRIFT.windowDays),
  minValues: z.number().int().min(5).max(10_000).default(DEFAULT_DRIFT.minValues),
  /** A limit crossing further ahead is not reported, days. */
  horizonDays: z.number().positive().max(3650).default(DEFAULT_DRIFT.horizonDays),
  /** Confidence of the slope's interval (0.9, 0.95 or 0.99). */
  confidence: z.union([z.literal(0.9), z.literal(0.95), z.literal(0.99)]).default(DEFAULT_DRIFT.confidence),
  /** CUSUM on robust residuals (in σ): allowance k, threshold h, over the newest `recent` values; a shift must use `band` of the room to the limit. */
  cusum: z.strictObject({
    k: z.number().positive().default(C.k), h: z.number().positive().default(C.h), recent: z.number().int().min(5).default(C.recent), band: z.number().min(0).max(1).default(C.band),
  }).default(C),
}).default({ enabled: true, ...DEFAULT_DRIFT })
export type DriftConfig = z.infer<typeof DriftConfig>
