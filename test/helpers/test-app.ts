import { loadCatalogues } from '../../server/catalogue/load-catalogues.ts'
import { createApp } from '../../server/app.ts'
import { ValuesWriter } from '../../server/store/values-writer.ts'
import { openTestStore } from './test-store.ts'

export const TOKEN = 'test-token-0123456789'
export const NOW = Date.UTC(2026, 10, 24, 12)

/** The real app on a fresh test store, with the shipped catalogues and a fixed clock. */
export async function makeTestApp(opts: { maxBodyBytes?: number } = {}) {
  const store = await openTestStore()
  const writer = new ValuesWriter(store, () => NOW)
  const catalogues = loadCatalogues('qc-params')
  const app = createApp({ store, writer, token: TOKEN, catalogues: () => catalogues, maxBodyBytes: opts.maxBodyBytes ?? 32 << 20, clock: () => NOW })
  const post = (path: string, body: string, type = 'application/json', token: string | null = TOKEN) =>
    app.request(path, { method: 'POST', body, headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) } })
  return { app, store, writer, post }
}
