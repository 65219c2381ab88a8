import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeBackup, type Manifest } from './write-backup.ts'

/** Folders this schedule made (and only those are ever pruned): qcloop-YYYYMMDDTHHMMSSZ. */
const NAME = /^qcloop-\d{8}T\d{6}Z$/

/** A backup folder's name for an instant: sorts by time, one per second. */
export const backupName = (ms: number) => `qcloop-${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`

/**
 * One scheduled backup (QCLOOP_BACKUP_DIR, QCLOOP_BACKUP_CRON, QCLOOP_BACKUP_KEEP): a new folder
 * under `root`, then the oldest of the schedule's folders removed until `keep` are left, and any
 * `.partial` left by a crash mid-backup removed. Nothing else in `root` is touched, and a failed
 * backup prunes nothing (the last good ones stay).
 *
 * @example
 * await backupAndPrune('http://127.0.0.1:8080', token, '/backups', 7, Date.now())
 * // { dir: '/backups/qcloop-20261203T120000Z', pruned: ['qcloop-20261126T120000Z'], … }
 */
export async function backupAndPrune(url: string, token: string, root: string, keep: number, now: number): Promise<{ dir: string; manifest: Manifest; pruned: string[] }> {
  const dir = join(root, backupName(now))
  for (const e of readdirSync(root)) if (e.endsWith('.partial') && NAME.test(e.slice(0, -'.partial'.length))) rmSync(join(root, e), { recursive: true, force: true })
  const manifest = await writeBackup(url, token, dir)
  const ours = readdirSync(root).filter((e) => NAME.test(e)).sort()
  const pruned = ours.slice(0, Math.max(0, ours.length - Math.max(1, keep)))
  for (const e of pruned) rmSync(join(root, e), { recursive: true, force: true })
  return { dir, manifest, pruned }
}
