/** Fetches JSON from the qcloop API; a failed request becomes an Error with the API's message. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } })
  const body = await res.json().catch(() => null)
  if (!res.ok) throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`)
  return body as T
}

export interface CatalogueParam { name: string; unit: string; description: string; class: string | null; count: number; catalogued: boolean; setups: { setup: string; count: number; first: string; last: string }[] }
export interface Catalogue { instruments: { name: string; description: string; reports: { name: string; description: string; params: CatalogueParam[] }[] }[] }
export interface SeriesResponse { instrument: string; param: string; reduced: boolean; series: { setup: string; count: number; reduced: boolean; points: { t: number; value: number; product: string }[] }[] }
