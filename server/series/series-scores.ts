import type { ScoreName } from '../scoring/score.ts'

/** A point's judgement: score, cause, and the limits it was judged against (null = open). */
export interface PointScore {
  score: ScoreName
  cause: string
  /** [warning low, warning high, critical low, critical high] in the parameter's unit. */
  limits: [number | null, number | null, number | null, number | null]
  reference: number | null
  rule: string | null
}

/** A point not scored yet (scoring runs just after ingestion): grey, `pending`. */
export const PENDING: PointScore = { score: 'grey', cause: 'pending', limits: [null, null, null, null], reference: null, rule: null }
