/**
 * The one error type of the HTTP edge. Domain code throws it (or a plain Error,
 * which becomes a 500); `apiErrors` turns it into `{ error: { code, message, details } }`.
 *
 * @example
 * throw new ApiError(400, 'invalid_rows', '2 rows are invalid', [{ row: 3, field: 'value', reason: 'must be finite' }])
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** Extra response headers (WWW-Authenticate on 401). */
  headers?: Record<string, string>
}

// Row problems are a domain concept (ingestion, calChecker); the edge re-exports them for its routes.
export { MAX_LISTED_PROBLEMS, type RowProblem } from '../domain-errors.ts'
