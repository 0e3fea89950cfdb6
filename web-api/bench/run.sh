#!/usr/bin/env bash
# Runs one of the load programs of web-api/src/test/java/org/usagelens/web/load on the test classpath:
#   web-api/bench/run.sh IngestBenchmark [clients] [seconds] [warm-up seconds]
#   web-api/bench/run.sh ReadBenchmark [seconds per query]
#   web-api/bench/run.sh Soak [seconds] [calibration seconds]
# Builds what it needs first (tests skipped). Figures go to stdout; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
main=${1:?usage: web-api/bench/run.sh IngestBenchmark|ReadBenchmark|Soak [args...]}
shift
./mvnw -q install -DskipTests
./mvnw -q -pl web-api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd web-api
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "org.usagelens.web.load.$main" "$@"
