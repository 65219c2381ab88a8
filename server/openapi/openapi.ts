import { z } from 'zod'
import { rolesFor } from '../access/roles.ts'
import { OPERATIONS } from '../http/operations.ts'

const ERROR = { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } }

/**
 * The OpenAPI 3.1 document of the whole API, generated from the same zod
 * schemas that validate requests.
 *
 * @example
 * GET /api/v1/openapi.json
 */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) {
    const parameters = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    if (op.query) {
      const js = z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, schema] of Object.entries(js.properties ?? {})) parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: schema as { type: string } })
    }
    paths[op.path] ??= {}
    paths[op.path][op.method] = {
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      // Who may call it: `{}` in the list means "anonymous too" (for reads, as QCLOOP_ANONYMOUS allows).
      security: op.permission === 'open' ? [] : op.permission === 'read' || op.permission === 'read-private' ? [{}, { bearer: [] }, { proxy: [] }] : [{ bearer: [] }, { proxy: [] }],
      'x-permission': op.permission,
      'x-roles': op.permission === 'open' ? ['anyone'] : rolesFor(op.permission),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      ...(op.bodyType ? { requestBody: { required: true, content: { [op.bodyType]: { schema: { type: 'string', format: 'binary' } }, 'multipart/form-data': { schema: { type: 'object' } } } } } : {}),
      responses: {
        200: { description: 'OK' },
        ...(op.permission !== 'open' ? {
          401: { description: 'No token, or a token that is unknown or revoked (WWW-Authenticate: Bearer)', content: { 'application/json': { schema: ERROR } } },
          403: { description: 'The token\'s role does not allow this operation', content: { 'application/json': { schema: ERROR } } },
          429: { description: 'Too many failed authentications from this address (Retry-After)', content: { 'application/json': { schema: ERROR } } },
        } : {}),
        400: { description: 'Invalid request: the error names the field', content: { 'application/json': { schema: ERROR } } },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'qcloop API', version: '1', description: 'QC1 trending, scoring and alerting for observatory instruments. Each operation names the roles that may call it (x-roles); '
      + 'send `Authorization: Bearer <token>` of a named token. Reads are open to anonymous readers as the server\'s QCLOOP_ANONYMOUS allows (all, public or none).' },
    components: { securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'A named token (npx qcloop token add NAME --role ROLE); roles: reader, pipeline, qc, operator, admin' },
      proxy: { type: 'apiKey', in: 'header', name: 'X-Forwarded-User', description: 'Single sign-on: the user as an authenticating reverse proxy passes it (QCLOOP_SSO_USER_HEADER), believed only from QCLOOP_SSO_PROXIES' },
    } },
    paths,
  }
}
