/**
 * Errors the use cases throw, in the domain's words. The HTTP edge maps each kind to
 * one status in one place (server/http/error-handler.ts); nothing below the edge
 * names a status code.
 */
/** `unprocessable`: the request is well formed but what it points at (a file on the server) is not. */
export type DomainErrorKind = 'invalid' | 'unprocessable' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'too_large' | 'unsupported'

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Machine-readable code of the answer, e.g. 'token_exists'. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds until a rate-limited client may try again. */
    readonly retryAfterS?: number,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

/** One problem in one row of a batch: the shape of `details` for row errors. */
export interface RowProblem {
  /** 0-based index of the row in the request body. */
  row: number
  field: string
  reason: string
}

/** At most this many row problems are listed in one answer. */
export const MAX_LISTED_PROBLEMS = 100
