import { loadCatalogues } from '../../server/catalogue/load-catalogues.ts'
import type { InstrumentCatalogue } from '../../server/catalogue/catalogue-schema.ts'
import { createApp, type AppOptions } from '../../server/app.ts'
import { buildServices, type ServiceOptions } from '../../server/services.ts'
import { openTestStore } from './test-store.ts'
import type { AnonymousMode } from '../../server/access/roles.ts'

export const TOKEN = 'test-token-0123456789'
export const NOW = Date.UTC(2026, 10, 24, 12)

/** The real app on a fresh test store, with the shipped catalogues (or given ones) and a settable clock. */
/** `anonymous`: what requests without a token read (default `all`, as `npm start` on loopback). */
export async function makeTestApp(opts: { maxBodyBytes?: number; catalogues?: InstrumentCatalogue[]; now?: number; anonymous?: AnonymousMode; app?: Partial<AppOptions>; services?: ServiceOptions } = {}) {
  const store = await openTestStore()
  const clock = { now: opts.now ?? NOW }
  const services = await buildServices(store, opts.catalogues ?? loadCatalogues('qc-params'), { clock: () => clock.now, ...opts.services })
  const app = createApp(services, { token: TOKEN, anonymous: opts.anonymous ?? 'all', maxBodyBytes: opts.maxBodyBytes ?? 32 << 20, ...opts.app })
  const post = (path: string, body: string, type = 'application/json', token: string | null = TOKEN) =>
    app.request(path, { method: 'POST', body, headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) } })
  const postJson = (path: string, data: unknown) => post(path, JSON.stringify(data))
  return { app, store, services, writer: services.writer, post, postJson, clock }
}
