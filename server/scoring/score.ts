/** Scores as stored (UInt8): worse is larger, so roll-ups take the maximum. */
export const SCORE = { grey: 0, green: 1, yellow: 2, red: 3 } as const
export type ScoreName = keyof typeof SCORE
export const SCORE_NAMES: ScoreName[] = ['grey', 'green', 'yellow', 'red']

/** Name of a stored score. */
export const scoreName = (n: number): ScoreName => SCORE_NAMES[n] ?? 'grey'

/**
 * Roll-up as ESO does it: the worst score wins (red > yellow > green > grey);
 * grey (unscored) never hides a colour. An empty list is grey.
 *
 * @example
 * worst(['green', 'yellow', 'grey']) // 'yellow'
 */
export function worst(scores: Iterable<ScoreName>): ScoreName {
  let w = 0
  for (const s of scores) w = Math.max(w, SCORE[s])
  return scoreName(w)
}
