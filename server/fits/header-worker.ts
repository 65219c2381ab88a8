import { parentPort } from 'node:worker_threads'
import { parseHeaderBlocks } from './read-headers.ts'
import type { FitsLimits } from './limits.ts'

/**
 * Worker side of the header pool: parses one header's blocks per message and
 * answers with its cards, or with the error's name, message and limit.
 */
export interface ParseJob { id: number; index: number; blocks: Uint8Array; limits: FitsLimits; cardsLeft: number }

parentPort!.on('message', (job: ParseJob) => {
  try {
    parentPort!.postMessage({ id: job.id, header: parseHeaderBlocks(job.index, job.blocks, job.limits, job.cardsLeft) })
  } catch (e) {
    const err = e as Error & { limit?: string }
    parentPort!.postMessage({ id: job.id, error: { name: err.name, message: err.message, limit: err.limit } })
  }
})
