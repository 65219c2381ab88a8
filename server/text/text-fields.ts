import { z } from 'zod'

/**
 * The one gate for text that a user or a file controls (instrument, parameter,
 * setup, product, report, names, comments), whichever way it came in: JSON,
 * NDJSON, FITS headers, the landing folder. Text that passes here never fails
 * at insert because of its content and is safe to show after ordinary HTML
 * escaping: no lone surrogates (not UTF-8), no control characters or NUL, no
 * bidirectional overrides that make a name read differently than it sorts.
 */

/** Longest name (instrument, report, parameter, setup, product, file), in characters. */
export const MAX_NAME = 200

// C0 controls (incl. NUL, CR, LF, TAB), DEL and C1 controls; bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const NAME_BAD = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/
// Free text may hold line breaks and tabs; other controls and bidi overrides are refused.
// eslint-disable-next-line no-control-regex -- as above
const TEXT_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

/**
 * Why a name is refused, or null when it is acceptable.
 *
 * @example
 * nameProblem('UVES')        // null
 * nameProblem('S\ud800')     // 'is not well-formed Unicode (a lone surrogate)'
 */
export function nameProblem(v: unknown, max = MAX_NAME): string | null {
  if (typeof v !== 'string') return 'must be a string'
  if (v.trim().length === 0) return 'must not be empty'
  if (v.trim() !== v) return 'must not start or end with white space'
  return headerTextProblem(v, max)
}

/**
 * Why a text read from a header (which may be empty, as FITS strings often are) is refused, or null.
 *
 * @example
 * headerTextProblem('x'.repeat(10_000)) // 'is longer than 200 characters (10000)'
 */
export function headerTextProblem(v: string, max = MAX_NAME): string | null {
  if (v.length > max) return `is longer than ${max} characters (${v.length})`
  return textProblem(v, NAME_BAD)
}

/**
 * Why free text (a comment, a reason) is refused, or null.
 *
 * @example
 * freeTextProblem('warm-up\nafter intervention', 5000) // null
 */
export function freeTextProblem(v: string, max: number): string | null {
  if (v.length > max) return `is longer than ${max} characters (${v.length})`
  return textProblem(v, TEXT_BAD)
}

function textProblem(v: string, bad: RegExp): string | null {
  if (!v.isWellFormed()) return 'is not well-formed Unicode (a lone surrogate)'
  const m = bad.exec(v)
  if (m) return `holds the control or bidirectional character U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${m.index}`
  return null
}

/** A zod name field, refused with the same reasons as `nameProblem` (a padded name is refused, never trimmed: nothing is silently changed). */
export const nameField = (what: string, max = MAX_NAME) =>
  z.string({ error: `${what} must be a string` }).superRefine((v, ctx) => {
    const why = nameProblem(v, max)
    if (why) ctx.addIssue({ code: 'custom', message: `${what} ${why}` })
  })

/** A zod free-text field (comment, reason): trimmed, at most `max` characters. */
export const freeTextField = (what: string, max: number, min = 0) =>
  z.string({ error: `${what} must be a string` }).trim().superRefine((v, ctx) => {
    if (v.length < min) return ctx.addIssue({ code: 'custom', message: `${what} must not be empty` })
    const why = freeTextProblem(v, max)
    if (why) ctx.addIssue({ code: 'custom', message: `${what} ${why}` })
  })
