import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startServer, type RunningServer } from './server-process.ts'

export const TOKEN = 'e2e-token'

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * The instant the dashboard tests' server clock starts at: the latest 12:00 UT, so the demo (generated
 * for "now", nights turning at 21:00 UT) looks the same whatever hour CI runs, and is never in the future.
 */
export function fixedNoon(now = Date.now()): string {
  const noon = Math.floor((now - 12 * 3_600_000) / 86_400_000) * 86_400_000 + 12 * 3_600_000
  return new Date(noon).toISOString()
}

/** A server on the embedded store with a short demo history (the dashboard's 90 days and more), plus Chromium. */
export async function startDashboard(days = 400): Promise<{ server: RunningServer; browser: Browser }> {
  const server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-e2e-')), QCLOOP_TOKEN: TOKEN, QCLOOP_SEED: '1', QCLOOP_SEED_DAYS: String(days), QCLOOP_CLOCK: fixedNoon() })
  return { server, browser: await launchChromium() }
}

/** A page that records console errors and page errors. */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  page.on('pageerror', (e) => errors.push(String(e)))
  return { page, errors }
}

/** Screenshots for people to look at, under test-results/. */
export function shotPath(name: string): string {
  mkdirSync('test-results', { recursive: true })
  return join('test-results', name)
}

/** Signs the page in with a token through the sign-in bar, and waits until it names the identity. */
export async function signIn(page: Page, token: string): Promise<void> {
  const bar = page.locator('qc-sign-in')
  await bar.getByRole('button', { name: 'Sign in' }).click()
  await bar.locator('input[name=token]').fill(token)
  await bar.getByRole('button', { name: 'Sign in' }).click()
  await bar.locator('[data-identity]').waitFor()
}
