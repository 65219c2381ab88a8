import { describe, expect, it } from 'vitest'
import { makeTestApp, TOKEN } from '../helpers/test-app.ts'

/** One sample's value from a Prometheus text exposition, or undefined. */
const sample = (text: string, name: string, labels: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((kv) => l.includes(kv)))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('GET /metrics (Prometheus text format)', () => {
  it('counts values written per instrument, requests and their latency per route pattern, scoring passes and the outbox', async () => {
    const t = await makeTestApp()
    const rows = Array.from({ length: 25 }, (_, d) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: new Date(Date.UTC(2024, 0, 1 + d, 10)).toISOString(), value: 1 + d / 100, product: `M${d}.fits` }))
    const post = () => t.app.request('/api/v1/measurements', { method: 'POST', body: JSON.stringify(rows), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect((await post()).status).toBe(200)
    expect((await post()).status).toBe(200) // re-sent: duplicates, nothing written
    await t.services.scoring.idle()
    await t.app.request('/api/v1/products/P1.fits')
    await t.app.request('/api/v1/products/P2.fits')
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    expect(sample(text, 'qcloop_values_written_total', 'instrument="UVES"')).toBe(25)
    expect(sample(text, 'qcloop_http_requests_total', 'method="POST",route="/api/v1/measurements",status="200"')).toBe(2)
    // Two product URLs, one route pattern: the label never holds a raw URL.
    expect(sample(text, 'qcloop_http_requests_total', 'route="/api/v1/products/:product"')).toBe(2)
    expect(text).not.toContain('P1.fits')
    expect(sample(text, 'qcloop_http_request_duration_seconds_count', 'method="POST",route="/api/v1/measurements"')).toBe(2)
    expect(sample(text, 'qcloop_scoring_passes_total', 'instrument="UVES"')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'qcloop_alert_outbox_messages', 'state="queued"')).toBe(0)
    expect(text).toMatch(/^qcloop_process_resident_memory_bytes \d+/m)
    // By way in: 25 accepted then 25 duplicates through the measurements API.
    expect(sample(text, 'qcloop_ingest_values_total', 'way="api",outcome="accepted"')).toBe(25)
    expect(sample(text, 'qcloop_ingest_values_total', 'way="api",outcome="duplicate"')).toBe(25)
    // The store's statements are timed (the writes above ran several).
    expect(sample(text, 'qcloop_store_query_duration_seconds_count', 'kind="insert"')).toBeGreaterThan(0)
    expect(sample(text, 'qcloop_store_query_duration_seconds_count', 'kind="query"')).toBeGreaterThan(0)
    expect(text).toMatch(/^qcloop_scoring_lag_seconds 0$/m)
    expect(text).toMatch(/^qcloop_landing_backlog_files 0$/m)
  })

  it('counts refused ingestion by way in and reason: a bad batch, a product file that is not FITS', async () => {
    const t = await makeTestApp()
    expect((await t.post('/api/v1/measurements', '[{"instrument":"UVES"}]')).status).toBe(400)
    expect((await t.post('/api/v1/measurements', '[]', 'application/json', 'wrong-token-0000000000')).status).toBe(401)
    const notFits = await t.app.request('/api/v1/products?name=x.fits', { method: 'POST', body: 'not a FITS file at all', headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
    expect(notFits.status).toBe(422)
    const text = await (await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text()
    expect(sample(text, 'qcloop_ingest_refused_total', 'way="api",reason="http_400"')).toBe(1)
    expect(sample(text, 'qcloop_ingest_refused_total', 'way="api",reason="http_401"')).toBe(1)
    expect(sample(text, 'qcloop_ingest_refused_total', 'way="products",reason="file_refused"')).toBe(1)
    expect(sample(text, 'qcloop_ingest_refused_total', 'way="products",reason="http_422"')).toBeUndefined()
  })
})
