#!/usr/bin/env bash
# Runs one of the load programs of web-api/src/load/java/org/usagelens/web/load (a test source root of web-api,
# compiled into target/test-classes) on the test classpath:
#   web-api/bench/run.sh IngestBenchmark [clients] [seconds] [warm-up seconds] [all|pricing] [pricing rounds]
#   web-api/bench/run.sh RepriceBenchmark [rows] [batch sizes, comma-separated] [interleaved|runs]
#   web-api/bench/run.sh ReadBenchmark [seconds per query]
#   web-api/bench/run.sh Soak [seconds] [calibration seconds]
#   web-api/bench/run.sh OffsetCost [rows]
#   USAGELENS_CITUS_URL=postgresql://... web-api/bench/run.sh CitusCheck [clients] [seconds] [users per batch]
# Builds what it needs first (tests skipped). Figures go to stdout; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
main=${1:?usage: web-api/bench/run.sh IngestBenchmark|RepriceBenchmark|ReadBenchmark|Soak|OffsetCost|CitusCheck [args...]}
shift
./mvnw -q install -DskipTests
./mvnw -q -pl web-api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# This checkout's modules, not whatever SNAPSHOT another checkout last installed into ~/.m2.
root=$(pwd)
cp=$(tr ':' '\n' < web-api/target/bench.classpath | sed -E \
  -e "s#^.*/org/usagelens/usagelens-([a-z-]+)/[^/]+/usagelens-[a-z-]+-[^/]*-tests\.jar\$#$root/\1/target/test-classes#" \
  -e "s#^.*/org/usagelens/usagelens-([a-z-]+)/[^/]+/usagelens-[a-z-]+-[^/]*\.jar\$#$root/\1/target/classes#" | paste -sd:)
cd web-api
exec java -Xmx2g -cp "target/test-classes:target/classes:$cp" "org.usagelens.web.load.$main" "$@"
