#!/usr/bin/env bash
# Backfill benchmark: for each size, loads a database of the original system (legacy-seed-schema.sql, rows like the
# tests' LegacyDatabases), adopts it with `migrate --no-backfill`, copies it twice, then on the same server in the
# same run times
#   * the physical reference: ONE set-based UPDATE writing the same four columns of the same rows, with the
#     detections precomputed per distinct (category, model, endpoint) by the detection CLI (not timed);
#   * the backfill: `usagelens-migrate backfill` (keyset batches, one transaction each), under /usr/bin/time -v for
#     its peak RSS; its report gives rows/s and the longest batch write (the longest any batch held its row locks).
#
# Usage: migration-cli/bench/backfill-bench.sh [ROWS ...]        (default: 1000000 5000000)
# Env:   PG_BIN (default /usr/lib/postgresql/15/bin), WRITERS (default "1 2 4"), BATCH (default 1000),
#        BENCH_DIR (default: a temp dir; needs ~4 GB per million rows), PG_USER (server runs as; default postgres
#        when run as root, since PostgreSQL refuses to run as root).
# Build first: ./mvnw -q package -DskipTests
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$ROOT/migration-cli/target/usagelens-migrate.jar"
DETECT_JAR="$ROOT/detection/target/usagelens-detection.jar"
SCHEMA="$ROOT/persistence/src/test/resources/org/usagelens/persistence/testing/legacy-seed-schema.sql"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
WRITERS="${WRITERS:-1 2 4}"
BATCH="${BATCH:-1000}"
SIZES=("${@:-1000000 5000000}")
read -r -a SIZES <<<"${SIZES[*]}"
[ -f "$JAR" ] && [ -f "$DETECT_JAR" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }

BENCH_DIR="${BENCH_DIR:-$(mktemp -d /tmp/usagelens-bench.XXXXXX)}"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  PG_USER="${PG_USER:-postgres}"
  RUN_AS=(runuser -u "$PG_USER" --)
  chown "$PG_USER" "$BENCH_DIR"
fi
PORT=$(( 20000 + RANDOM % 20000 ))
DATA="$BENCH_DIR/pgdata"
LOG="$BENCH_DIR/results.txt"
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U bench --auth=trust -E UTF8 >/dev/null
cat >>"$DATA/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$BENCH_DIR'
shared_buffers = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
CONF
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$BENCH_DIR/server.log" -w start >/dev/null
trap '"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$DATA"' EXIT

psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U bench -X -q -v ON_ERROR_STOP=1 "$@"; }
url() { echo "jdbc:postgresql://127.0.0.1:$PORT/$1"; }
now() { date +%s.%N; }
say() { echo "$*" | tee -a "$LOG"; }

say "# backfill benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
say "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, shared with other builds"
say "# java: $(java -version 2>&1 | head -1); PostgreSQL: $("$PG_BIN/postgres" --version)"

for ROWS in "${SIZES[@]}"; do
  DB="legacy_$ROWS"
  say ""
  say "## $ROWS rows"
  psql -d postgres -c "CREATE DATABASE $DB"
  psql -d "$DB" -f "$SCHEMA"
  psql -d "$DB" -c "ALTER TABLE api_usage_logs ADD COLUMN actual_provider_name VARCHAR(50) NULL"
  t0=$(now)
  psql -d "$DB" <<SQL
WITH sig(category, model, endpoint) AS (VALUES
  ('video', 'alibaba/wan-2.5/text-to-video', '/video-generation/wavespeed'),
  ('stability', 'qwen-image', '/image-generation/wavespeed'),
  ('audio', 'minimax/speech-02-hd', '/audio-generation/wavespeed'),
  ('gemini', 'gemini-2.5-flash', '/api/gemini/generate'),
  ('mistral', 'openai/gpt-oss-120b:groq', '/api/llm/chat'),
  ('openai', 'gpt-4o-mini', '/v1/chat/completions'),
  ('anthropic', 'claude-3-5-sonnet-20241022', '/v1/messages'),
  ('stability', 'stable-diffusion-xl-1024-v1-0', '/image-generation/stability'),
  ('video', 'tencent/HunyuanVideo', '/video-generation/huggingface'),
  ('image_edit', 'black-forest-labs/flux-kontext-dev', '/image-edit'),
  ('tavily', NULL, '/search'),
  ('audio', 'tts-1', '/audio/speech'),
  ('video', 'google/veo3', '/video-generation'),
  ('gemini', 'gemini-2.5-pro', '/api/gemini/generate')),
numbered AS (SELECT row_number() OVER () - 1 AS k, * FROM sig)
INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, tokens_input, tokens_output, tokens_total,
  cost_input, cost_output, cost_total, response_time, status_code, request_size, response_size, user_agent, ip_address,
  error_message, retry_count, timestamp, billing_period, actual_provider_name)
SELECT 'user-' || (g % 5000), s.category::apiprovider, s.endpoint, 'POST', s.model, g % 1000, g % 3000,
  g % 1000 + g % 3000, CASE g % 4 WHEN 0 THEN 0.1 WHEN 1 THEN 0.30000000000000004 WHEN 2 THEN 1e-10 ELSE g * 0.001 END,
  (g % 97) * 0.0123456789012345, 0.1::float8 + 0.2::float8, 0.5 + (g % 1000) / 1000.0,
  CASE WHEN g % 20 = 0 THEN 500 ELSE 200 END, 512, 2048, 'python-httpx/0.27', '10.0.' || (g % 255) || '.' || (g % 7),
  CASE WHEN g % 20 = 0 THEN 'upstream error' END, g % 3,
  timestamp '2025-01-01 00:00:00' + g * interval '7 seconds',
  to_char(timestamp '2025-01-01 00:00:00' + g * interval '7 seconds', 'YYYY-MM'),
  CASE WHEN g % 3 = 0 THEN CASE s.category WHEN 'gemini' THEN 'google' WHEN 'mistral' THEN 'huggingface'
    ELSE 'wavespeed' END END
FROM generate_series(1, $ROWS) AS g JOIN numbered s ON s.k = g % (SELECT count(*) FROM sig);
SQL
  say "load: $(printf '%.1f' "$(echo "$(now) - $t0" | bc)") s"
  psql -d "$DB" -c "VACUUM ANALYZE api_usage_logs"
  psql -d "$DB" -At -c "SELECT pg_size_pretty(pg_total_relation_size('api_usage_logs'))" | sed 's/^/legacy table with indexes: /' | tee -a "$LOG"

  # Adoption: converts the original columns in place (one rewrite), baseline, V2 and V3.
  /usr/bin/time -v -o "$BENCH_DIR/adopt.time" java -jar "$JAR" migrate --no-backfill --url "$(url "$DB")" --user bench \
    | tee -a "$LOG"
  say "migrate --no-backfill: wall $(awk -F': ' '/Elapsed/{print $2}' "$BENCH_DIR/adopt.time"), peak RSS $(awk '/Maximum resident/{printf "%.0f MiB", $6/1024}' "$BENCH_DIR/adopt.time")"
  psql -d "$DB" -c "VACUUM ANALYZE api_usage_logs"

  # The detections of the reference, per distinct call signature, from the same rules (not timed).
  t0=$(now)
  VERSION=$(java -jar "$JAR" backfill --dry-run --url "$(url "$DB")" --user bench --batch-size 10000 \
    | sed -n 's/.*would be written with rules \([^ ,]*\).*/\1/p')
  say "backfill --dry-run --batch-size 10000: $(printf '%.1f' "$(echo "$(now) - $t0" | bc)") s wall"
  psql -d "$DB" -At -F $'\t' -c "SELECT DISTINCT provider::text, coalesce(model_used, ''), endpoint FROM api_usage_logs" \
    >"$BENCH_DIR/signatures.tsv"
  java -jar "$DETECT_JAR" <"$BENCH_DIR/signatures.tsv" >"$BENCH_DIR/detections.tsv"
  paste "$BENCH_DIR/signatures.tsv" "$BENCH_DIR/detections.tsv" >"$BENCH_DIR/mapping.tsv"
  CANDIDATES=$(psql -d "$DB" -At -c "SELECT count(*) FROM api_usage_logs WHERE detection_source IS DISTINCT FROM 'CLIENT' AND (actual_provider_name IS NULL OR detection_rules_version IS DISTINCT FROM '$VERSION')")
  say "rules $VERSION; rows to backfill: $CANDIDATES; distinct call signatures: $(wc -l <"$BENCH_DIR/mapping.tsv")"

  # Reference: one set-based UPDATE of the same rows and columns, on its own copy.
  psql -d postgres -c "CREATE DATABASE ref_$ROWS TEMPLATE $DB"
  psql -d "ref_$ROWS" -c "CREATE UNLOGGED TABLE bench_mapping (category text, model text, endpoint text, provider text, source text, rule text)"
  psql -d "ref_$ROWS" -c "\\copy bench_mapping FROM '$BENCH_DIR/mapping.tsv'"
  psql -d "ref_$ROWS" -c "UPDATE bench_mapping SET model = NULL WHERE model = ''" -c "ANALYZE bench_mapping" -c "CHECKPOINT"
  t0=$(now)
  psql -d "ref_$ROWS" -c "UPDATE api_usage_logs t SET actual_provider_name = m.provider, detection_source = m.source,
      detection_rule = m.rule, detection_rules_version = '$VERSION'
    FROM bench_mapping m
    WHERE t.provider = m.category AND t.model_used IS NOT DISTINCT FROM m.model AND t.endpoint = m.endpoint
      AND t.detection_source IS DISTINCT FROM 'CLIENT'
      AND (t.actual_provider_name IS NULL OR t.detection_rules_version IS DISTINCT FROM '$VERSION')"
  REF_S=$(echo "$(now) - $t0" | bc)
  REF_RATE=$(echo "$CANDIDATES / $REF_S" | bc)
  say "reference (one UPDATE): $(printf '%.1f' "$REF_S") s, $REF_RATE rows/s (locks every row for the whole statement)"
  psql -d postgres -c "DROP DATABASE ref_$ROWS"

  for W in $WRITERS; do
    psql -d postgres -c "CREATE DATABASE bf_${ROWS}_$W TEMPLATE $DB"
    psql -d "bf_${ROWS}_$W" -c "CHECKPOINT"
    t0=$(now)
    /usr/bin/time -v -o "$BENCH_DIR/bf.time" java -jar "$JAR" backfill --url "$(url "bf_${ROWS}_$W")" --user bench \
      --writers "$W" --batch-size "$BATCH" --progress-every 30 >"$BENCH_DIR/bf.out" 2>"$BENCH_DIR/bf.err"
    BF_S=$(echo "$(now) - $t0" | bc)
    head -1 "$BENCH_DIR/bf.out" >>"$LOG"
    BF_RATE=$(echo "$CANDIDATES / $BF_S" | bc)
    RSS=$(awk '/Maximum resident/{printf "%.0f", $6/1024}' "$BENCH_DIR/bf.time")
    say "backfill --writers $W --batch-size $BATCH: $(printf '%.1f' "$BF_S") s wall including JVM start, $BF_RATE rows/s = $(echo "scale=2; $BF_RATE / $REF_RATE" | bc) x reference; peak RSS $RSS MiB; $(sed -n 's/.*\(longest batch write [0-9]* ms\).*/\1/p' "$BENCH_DIR/bf.out")"
    java -jar "$JAR" verify --url "$(url "bf_${ROWS}_$W")" --user bench | tail -1 | tee -a "$LOG"
    psql -d postgres -c "DROP DATABASE bf_${ROWS}_$W"
  done
  psql -d postgres -c "DROP DATABASE $DB"
done
say ""
say "# results also in $LOG"
