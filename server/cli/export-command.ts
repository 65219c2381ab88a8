import { exportSite } from '../export/export-site.ts'

/** `qcloop export --out <folder> [--url URL] [--instrument NAME ...]`; returns the exit status. */
export async function exportCommand(args: string[]): Promise<number> {
  let out = '', url = process.env.QCLOOP_URL || `http://127.0.0.1:${process.env.PORT || 8080}`
  const instruments: string[] = []
  let token = process.env.QCLOOP_TOKEN || ''
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2)
    const value = () => inline ?? args[++i]
    if (flag === '--out') out = value()
    else if (flag === '--url') url = value()
    else if (flag === '--instrument') instruments.push(value())
    else if (flag === '--token') token = value()
    else { process.stderr.write(`qcloop export: unknown option ${args[i]}\n`); return 2 }
  }
  if (!out) { process.stderr.write('qcloop export: --out <folder> is required\n'); return 2 }
  try {
    const r = await exportSite({ url: url.replace(/\/$/, ''), out, instruments, token: token || undefined, log: (l) => process.stderr.write(`${l}\n`) })
    process.stdout.write(`${r.changed ? 'exported' : 'unchanged'}: ${r.files} files in ${(r.ms / 1000).toFixed(1)} s → ${out}\n`)
    return 0
  } catch (e) {
    process.stderr.write(`qcloop export: ${(e as Error).message}\n`)
    return 1
  }
}
