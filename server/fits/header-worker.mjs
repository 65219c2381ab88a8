// Boots the header worker: TypeScript sources are loaded through tsx, as in the main process.
import { register } from 'tsx/esm/api'
register()
await import('./header-worker.ts')
