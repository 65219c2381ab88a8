import { ingestCommand } from './ingest-command.ts'
import { exportCommand } from './export-command.ts'
import { tokenCommand } from './token-command.ts'
import { schemaCommand } from './schema-command.ts'
import { migrateStoreCommand } from './migrate-store-command.ts'
import { catalogueCommand } from './catalogue-command.ts'
import { checkCommand } from './check-command.ts'
import { backupCommand, restoreCommand } from './backup-command.ts'

const USAGE = `usage: qcloop <command> [options]

commands:
  ingest <files or folders...> [--url URL] [--token TOKEN] [--rekey]
      Send pipeline products to a running qcloop server (the embedded store is
      owned by the server process). Folders are searched for *.fits and *.fits.gz.
      URL defaults to $QCLOOP_URL or http://127.0.0.1:8080; TOKEN to $QCLOOP_TOKEN
      or the token file in $QCLOOP_DATA (./data). Exit status 1 if any file was refused.
      --rekey (admin token): values a store from before product identities keeps
      under old product names move to their identities, with marks, comments and
      forced OKs; prints what is still under old names.
  export --out <folder> [--url URL] [--token TOKEN] [--instrument NAME ...]
      Write the public static site (health monitor, trend pages, validity,
      downloads) from a running server; only public parameters. Atomic; a re-run
      with no new data changes no file. TOKEN (any reading role) is needed only
      when the server lets anonymous readers see nothing (QCLOOP_ANONYMOUS=none).
  token add NAME --role ROLE | token list | token revoke NAME [--url URL] [--token ADMIN_TOKEN]
      Manage named tokens (roles: reader, pipeline, qc, operator, admin). add
      prints the new token once; list shows names, roles, creation and last use.
  schema --cluster NAME [--database qcloop] [--apply]
      Print the migrations for a self-managed ClickHouse cluster (Replicated
      tables ON CLUSTER, Distributed tables sharded by instrument); --apply
      runs them on CLICKHOUSE_URL. ClickHouse Cloud needs none of this.
  backup --out DIR [--url URL] [--token ADMIN_TOKEN]
      Copy every table of the truth (values, marks, comments, rules, frames, alert
      state, tokens) from the running server to DIR, with a manifest.
  restore --from DIR
      Load a backup into the empty store of this configuration (QCLOOP_DATA or
      CLICKHOUSE_URL) while no qcloop runs on it; re-derives scores and checks counts.
  check [--repair]
      Verify the store of this configuration (QCLOOP_DATA, or CLICKHOUSE_URL) while
      no qcloop uses it: unscored values, derived rows without values, health
      states behind their scores; --repair re-derives them (marks and comments
      are only reported). Exit status 0 when nothing is left.
  catalogue draft <files or folders...> --instrument NAME [--out FILE]
      Draft qc-params/<name>.yaml for an instrument without a catalogue from its
      real products: a report per PRO CATG, every QC parameter with unit and
      description (ESO QC dictionaries, else card comments), the setup keywords
      that vary, no rules. Validated as the server will; never overwrites.
  migrate-store --from DATA_DIR [--to URL] [--database qcloop] [--chunk ROWS]
      Copy the embedded store of a stopped qcloop (DATA_DIR/store) into a
      ClickHouse server or cluster (URL defaults to $CLICKHOUSE_URL; user and
      password from $CLICKHOUSE_USER, $CLICKHOUSE_PASSWORD). Resumable: run it
      again after an interruption. Verified by row counts per table.
`

/**
 * Entry point of `npx qcloop`; returns the exit status.
 *
 * @example
 * await main(['ingest', 'products/', '--url', 'http://qc:8080']) // 0 when all were ingested
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'ingest') return ingestCommand(rest)
  if (command === 'export') return exportCommand(rest)
  if (command === 'token') return tokenCommand(rest)
  if (command === 'schema') return schemaCommand(rest, process.env)
  if (command === 'backup') return backupCommand(rest, process.env)
  if (command === 'restore') return restoreCommand(rest, process.env)
  if (command === 'check') return checkCommand(rest, process.env)
  if (command === 'catalogue') return catalogueCommand(rest, process.env)
  if (command === 'migrate-store') return migrateStoreCommand(rest, process.env)
  process.stderr.write(command && command !== '--help' && command !== '-h' ? `unknown command: ${command}\n\n${USAGE}` : USAGE)
  return command && command !== '--help' && command !== '-h' ? 2 : 0
}
