/**
 * The versioned schema. Append new migrations; never edit one that has shipped.
 *
 * Design notes (values table):
 * - ORDER BY (instrument, param, setup, ts, product): a trend series is one
 *   contiguous range of the primary key, so reading 10 years of one series
 *   touches only its granules.
 * - ReplacingMergeTree(status): rows with the same key collapse to the highest
 *   status, so a `final` value (2) replaces a `preliminary` one (1). Ingestion
 *   refuses every other kind of overwrite before writing, so this is the only
 *   collapse that ever happens. Readers use FINAL.
 * - No partitioning: a series read costs per part touched, and yearly partitions
 *   made a 10-year read touch 11+ parts (measured 34 ms vs 7 ms for 3,500
 *   points). Merges keep the part count low; 20 years at ESO scale (~25 M rows)
 *   or 100x that is comfortably one partition.
 * - Codecs: Delta on times (daily cadence), Gorilla on values (slow drifts).
 */
import { grafanaViews } from './grafana-views.ts'

export interface Migration {
  version: number
  name: string
  /**
   * Adds or changes a table derived from the values (scores, health states, roll-ups): run on a
   * store that already holds values, it leaves that table empty until a re-score, so the server
   * re-derives every instrument once after it (scoring/rederive.ts).
   */
  rederives?: boolean
  statements(db: string): string[]
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: '001_values',
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_values (
        instrument LowCardinality(String),
        param LowCardinality(String),
        setup LowCardinality(String),
        ts DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
        product String CODEC(ZSTD(1)),
        report LowCardinality(String),
        value Float64 CODEC(Gorilla, ZSTD(1)),
        status UInt8 COMMENT '1 preliminary, 2 final',
        ingested_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))
      ) ENGINE = ReplacingMergeTree(status)
      ORDER BY (instrument, param, setup, ts, product)`,
    ],
  },
  {
    version: 2,
    name: '002_provenance',
    // Where a value came from: the product file, its PRO CATG and the pipeline
    // recipe that wrote it. Kept on the value itself (LowCardinality, so ~free)
    // rather than in a products table, so a product costs one insert.
    statements: (db) => [
      `ALTER TABLE ${db}.qc_values
        ADD COLUMN IF NOT EXISTS file String DEFAULT '' CODEC(ZSTD(1)),
        ADD COLUMN IF NOT EXISTS pro_catg LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS recipe LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS pipeline LowCardinality(String) DEFAULT ''`,
    ],
  },
  {
    version: 3,
    name: '003_scores',
    rederives: true,
    statements: (db) => [
      // One score per value (ReplacingMergeTree: a re-score replaces, newest scored_at wins).
      `CREATE TABLE IF NOT EXISTS ${db}.qc_scores (
        instrument LowCardinality(String), param LowCardinality(String), setup LowCardinality(String),
        ts DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)), product String CODEC(ZSTD(1)),
        report LowCardinality(String), value Float64 CODEC(Gorilla, ZSTD(1)),
        score UInt8 COMMENT '0 grey, 1 green, 2 yellow, 3 red',
        cause LowCardinality(String), rule_id LowCardinality(String), rule_version UInt16,
        reference Float64, sigma Float64, warn_lo Float64, warn_hi Float64, crit_lo Float64, crit_hi Float64,
        scored_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(scored_at)
      ORDER BY (instrument, param, setup, ts, product)`,
      // The newest scored value of every series: what the health monitor reads.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_series_state (
        instrument LowCardinality(String), report LowCardinality(String), param LowCardinality(String), setup LowCardinality(String),
        ts DateTime64(3, 'UTC'), value Float64, product String, score UInt8, cause LowCardinality(String),
        rule_id LowCardinality(String), reference Float64, warn_lo Float64, warn_hi Float64, crit_lo Float64, crit_hi Float64,
        count UInt64, updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at)
      ORDER BY (instrument, param, setup)`,
      // Worst score per series and night, kept for recent nights only (the quick-look strip).
      `CREATE TABLE IF NOT EXISTS ${db}.qc_night_scores (
        night Date, instrument LowCardinality(String), report LowCardinality(String), param LowCardinality(String), setup LowCardinality(String),
        score UInt8, values UInt32, updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at)
      ORDER BY (night, instrument, param, setup)`,
      // Product roll-up: worst score of its values (or forced OK), with the setups it covers.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_products (
        instrument LowCardinality(String), report LowCardinality(String), product String, ts DateTime64(3, 'UTC'),
        setups Array(LowCardinality(String)), score UInt8, forced_ok UInt8, values UInt32, updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at)
      ORDER BY (instrument, report, ts, product)`,
      // QC scientists' judgements: a value marked false (1) or cleared (0); newest wins.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_flags (
        instrument LowCardinality(String), param LowCardinality(String), setup LowCardinality(String),
        ts DateTime64(3, 'UTC'), product String, flag UInt8, by String, why String, at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at)
      ORDER BY (instrument, param, setup, ts, product)`,
      `CREATE TABLE IF NOT EXISTS ${db}.qc_overrides (
        instrument LowCardinality(String), product String, forced_ok UInt8, by String, why String, at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at)
      ORDER BY (instrument, product)`,
      // Comments on a value, a product or a report-night; target is a readable key.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_comments (
        id UUID, instrument LowCardinality(String), kind LowCardinality(String), target String,
        param LowCardinality(String), setup LowCardinality(String), ts DateTime64(3, 'UTC'), product String, report LowCardinality(String),
        text String, internal UInt8, by String, at DateTime64(3, 'UTC')
      ) ENGINE = MergeTree
      ORDER BY (instrument, ts, id)`,
      // Every action, append-only: who, when, why, what (JSON). Rule changes are read back from here.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_actions (
        at DateTime64(3, 'UTC'), kind LowCardinality(String), instrument LowCardinality(String), by String, why String, payload String
      ) ENGINE = MergeTree
      ORDER BY (instrument, at)`,
    ],
  },
  {
    version: 4,
    name: '004_calibration_latest',
    rederives: true,
    // Newest calibration per instrument, report and setup (good = not red, or forced OK):
    // what validity reads, so the health view never scans products.
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_calib_latest (
        instrument LowCardinality(String), report LowCardinality(String), setup LowCardinality(String),
        good_ts DateTime64(3, 'UTC'), good_product String, any_ts DateTime64(3, 'UTC'), n_good UInt32, updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at)
      ORDER BY (instrument, report, setup)`,
    ],
  },
  {
    version: 5,
    name: '005_alerts',
    statements: (db) => [
      // Current state of every alert (newest row per key wins).
      `CREATE TABLE IF NOT EXISTS ${db}.alerts (
        key String, instrument LowCardinality(String), kind LowCardinality(String), state LowCardinality(String),
        since DateTime64(3, 'UTC'), clear_since Nullable(DateTime64(3, 'UTC')), title String, details String,
        notified_state LowCardinality(String), notified_at DateTime64(3, 'UTC'),
        acked_by String, acked_at Nullable(DateTime64(3, 'UTC')),
        silenced_until Nullable(DateTime64(3, 'UTC')), silence_reason String, silenced_by String,
        updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY key`,
      `CREATE TABLE IF NOT EXISTS ${db}.alert_history (
        at DateTime64(3, 'UTC'), key String, instrument LowCardinality(String), from_state LowCardinality(String), to_state LowCardinality(String), title String
      ) ENGINE = MergeTree ORDER BY (instrument, at)`,
      // Notifications to send: written before the alert state says "notified", sent by the outbox sender,
      // so a crash or an SMTP outage loses none and a deterministic id repeats none.
      `CREATE TABLE IF NOT EXISTS ${db}.alert_outbox (
        id String, instrument LowCardinality(String), recipients Array(String), subject String, text String, html String, image String,
        status LowCardinality(String), attempts UInt16, next_attempt DateTime64(3, 'UTC'), error String,
        created_at DateTime64(3, 'UTC'), sent_at Nullable(DateTime64(3, 'UTC')), updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY id`,
    ],
  },
  {
    version: 6,
    name: '006_calchecker_frames',
    statements: (db) => [
      // Raw science and calibration frames (headers only) and master products that count as calibrations.
      // Keyed by night first: calChecker reads a few nights of one instrument.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_frames (
        instrument LowCardinality(String), night Date, file String, mjd Float64,
        catg LowCardinality(String), dpr_type LowCardinality(String), tech LowCardinality(String),
        data_type LowCardinality(String), science UInt8, source LowCardinality(String),
        prog String, ob_id Int64, ob_name String, tpl_start String, mode LowCardinality(String),
        keys Map(LowCardinality(String), String), received_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(received_at)
      ORDER BY (instrument, night, file)`,
      // QC0 grades of OBs (A best .. D), attached after the night; newest wins.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_ob_grades (
        instrument LowCardinality(String), ob_id Int64, grade LowCardinality(String), by String, at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at)
      ORDER BY (instrument, ob_id)`,
    ],
  },
  {
    version: 7,
    name: '007_tokens',
    statements: (db) => [
      // Named API tokens: only the SHA-256 of a token is kept (tokens are 256 random bits, so an
      // unsalted hash cannot be reversed by search). Newest row per name wins; revoked = 1 ends it.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_tokens (
        name String, role LowCardinality(String), hash FixedString(64), created_at DateTime64(3, 'UTC'),
        created_by String, revoked UInt8, updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY name`,
      // When each token was last used (written at most once a minute per token).
      `CREATE TABLE IF NOT EXISTS ${db}.qc_token_use (
        name String, at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at) ORDER BY name`,
    ],
  },
  {
    version: 8,
    name: '008_leases',
    statements: (db) => [
      // Who does a once-only job (alert evaluation and email) among several qcloop processes on one
      // ClickHouse: the newest row per name wins; a holder renews before expires_at, others wait for it to pass.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_leases (
        name String, holder String, expires_at DateTime64(3, 'UTC'), updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY name`,
    ],
  },
  {
    version: 9,
    name: '009_write_log',
    statements: (db) => [
      // Where api processes sharing a store stage a batch before it reaches qc_values: two writes
      // of one key at the same moment settle there which one keeps it (write-race.ts), so a losing
      // batch never enters qc_values (deleting it there again is unsafe: a merge of the
      // ReplacingMergeTree may already have replaced the keeper's row by the loser's). A race lasts
      // seconds; a day's TTL keeps the table small.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_write_stage (
        write_id UInt64, instrument LowCardinality(String), param LowCardinality(String), setup LowCardinality(String),
        ts DateTime64(3, 'UTC'), product String, value Float64, status UInt8, at DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = MergeTree ORDER BY (instrument, param, ts)
      TTL toDateTime(at) + INTERVAL 1 DAY`,
      // What several processes tell each other through the store: a write's claim (the rival writes
      // it saw) and its refusal, that a write stands (what a worker scores, what api caches notice),
      // that a scoring pass ran. A claim's `at` is the server's clock; 'written' and 'scored' carry
      // the writing process's clock, which the worker's watermark compares with its own.
      `CREATE TABLE IF NOT EXISTS ${db}.qc_write_log (
        kind Enum8('claim' = 1, 'written' = 2, 'scored' = 3, 'refused' = 4), write_id UInt64, instrument LowCardinality(String),
        params Array(LowCardinality(String)), from_ts DateTime64(3, 'UTC'), saw Array(UInt64),
        at DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = MergeTree ORDER BY (kind, at)
      TTL toDateTime(at) + INTERVAL 7 DAY`,
    ],
  },
  {
    version: 10,
    name: '010_score_codecs',
    // A score row carried its limits, reference and sigma as plain LZ4 Float64s: 29 of qcloop's
    // 37 bytes per value on disk (issue 16's bench). Gorilla + ZSTD suits floats that repeat or
    // drift (a fixed rule's limits are one constant for years), Delta the scoring times of a
    // pass. New parts use them at once, older ones as merges rewrite them.
    statements: (db) => [
      `ALTER TABLE ${db}.qc_scores
        MODIFY COLUMN score UInt8 CODEC(ZSTD(1)),
        MODIFY COLUMN rule_version UInt16 CODEC(ZSTD(1)),
        MODIFY COLUMN reference Float64 CODEC(Gorilla, ZSTD(1)),
        MODIFY COLUMN sigma Float64 CODEC(Gorilla, ZSTD(1)),
        MODIFY COLUMN warn_lo Float64 CODEC(Gorilla, ZSTD(1)),
        MODIFY COLUMN warn_hi Float64 CODEC(Gorilla, ZSTD(1)),
        MODIFY COLUMN crit_lo Float64 CODEC(Gorilla, ZSTD(1)),
        MODIFY COLUMN crit_hi Float64 CODEC(Gorilla, ZSTD(1)),
        MODIFY COLUMN scored_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))`,
    ],
  },
  {
    version: 11,
    name: '011_param_info',
    // Unit and description of QC keywords no catalogue declares, as their products' card comments
    // give them ("[adu] Average of …"), newest first; the catalogue API shows them with their source.
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_param_info (
        instrument LowCardinality(String), param LowCardinality(String), unit String, description String,
        source LowCardinality(String), at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at) ORDER BY (instrument, param)`,
    ],
  },
  {
    version: 12,
    name: '012_product_attributes',
    // Text and logical QC cards of a product (QC DID, QC TEST1 ID): kept and shown with the
    // product, never trended. Newest per product and keyword wins.
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_product_attrs (
        instrument LowCardinality(String), product String, keyword LowCardinality(String), value String, hdu UInt16, at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at) ORDER BY (instrument, product, keyword)`,
    ],
  },
  {
    version: 13,
    name: '013_rule_defs',
    rederives: true,
    // A score names the rule definition it was judged by instead of copying four limits per value
    // (16 of its ~40 bytes on disk, issue 16): limits are a function of the definition and the
    // row's reference and sigma (store/rule-defs.ts). Old score rows are re-derived on upgrade.
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_rule_defs (
        instrument LowCardinality(String), rule_key String, rule_id LowCardinality(String), kind UInt8 COMMENT '0 fixed, 1 relative, 2 statistical',
        wlo Float64, whi Float64, clo Float64, chi Float64, wk Float64, ck Float64, at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(at) ORDER BY (instrument, rule_key)`,
      `ALTER TABLE ${db}.qc_scores ADD COLUMN IF NOT EXISTS rule_key LowCardinality(String) DEFAULT '' AFTER rule_version`,
      `ALTER TABLE ${db}.qc_scores DROP COLUMN IF EXISTS warn_lo, DROP COLUMN IF EXISTS warn_hi, DROP COLUMN IF EXISTS crit_lo, DROP COLUMN IF EXISTS crit_hi`,
    ],
  },
  {
    version: 14,
    name: '014_events',
    // Interventions, technical nights and news per instrument (server/events); an edit is a new
    // version of the row, a deletion a version with deleted = 1 (the audit log keeps who and why).
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_events (
        instrument LowCardinality(String), id String, at DateTime64(3, 'UTC'), until Nullable(DateTime64(3, 'UTC')),
        kind LowCardinality(String), title String, text String,
        reports Array(String), params Array(String), setups Array(String),
        resets_baseline UInt8, public UInt8, by String, deleted UInt8, updated_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY (instrument, id)`,
    ],
  },
  {
    version: 15,
    name: '015_ingest_failures',
    // Product files refused at ingestion (API, CLI, landing folder), with why: the "ingestion
    // failing" alert counts them per instrument and hour. No TTL: a TTL is judged by the real clock,
    // and rows stamped by a clock set in the past (QCLOOP_CLOCK, tests) would vanish on insert.
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_ingest_failures (
        instrument LowCardinality(String), at DateTime64(3, 'UTC'), file String, reason String
      ) ENGINE = MergeTree ORDER BY (instrument, at)`,
    ],
  },
  {
    version: 16,
    name: '016_drift',
    // Per scored series its drift verdict (a forecast of a limit crossing, or a shift inside the
    // limits), refreshed by each scoring pass: the health monitor reads one small table. A row with
    // cause '' says "nothing found" and replaces an older finding.
    rederives: true,
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.qc_drift (
        instrument LowCardinality(String), param LowCardinality(String), setup LowCardinality(String),
        cause LowCardinality(String), finding String, computed_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree(computed_at) ORDER BY (instrument, param, setup)`,
    ],
  },
  {
    version: 17,
    name: '017_outbox_channels',
    // Notifications go to email or to a webhook (generic JSON, Alertmanager, Slack/Mattermost)
    // through the same outbox: each message says its channel and, for a webhook, the body to post.
    statements: (db) => [
      `ALTER TABLE ${db}.alert_outbox ADD COLUMN IF NOT EXISTS channel LowCardinality(String) DEFAULT 'email', ADD COLUMN IF NOT EXISTS payload String DEFAULT ''`,
    ],
  },
  {
    version: 18,
    name: '018_grafana_views',
    // Read-only views with stable column names for Grafana and other SQL readers (grafana-views.ts).
    statements: (db) => grafanaViews(db),
  },
  {
    version: 19,
    name: '019_live_series_states',
    // A series whose values are all marked false now keeps a state row with count 0 (state-sql.ts);
    // the Grafana state view leaves it out, as the health monitor does.
    statements: (db) => grafanaViews(db),
  },
  {
    version: 20,
    name: '020_scores_without_values',
    // A score kept a copy of the value it judged: 6.7 of its ~14 bytes on disk (issue 16's bench).
    // Readers join qc_values on the key instead (scoredValuesSql); the views first, then the column.
    statements: (db) => [...grafanaViews(db), `ALTER TABLE ${db}.qc_scores DROP COLUMN IF EXISTS value`],
  },
]
