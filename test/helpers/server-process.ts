import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface RunningServer {
  proc: ChildProcess
  url: string
  output: () => string
  exited: Promise<number | null>
}

/** Starts `tsx server/main.ts` (what `npm start` runs) and waits until it prints its URL. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort()
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), QCLOOP_SEED: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)))
  const deadline = Date.now() + 150_000
  while (!out.includes('Dashboard:')) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return { proc, url: `http://127.0.0.1:${port}`, output: () => out, exited }
}
