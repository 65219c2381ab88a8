#!/usr/bin/env node
// The qcloop command-line client. TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api'
register()
const { main } = await import('../server/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
