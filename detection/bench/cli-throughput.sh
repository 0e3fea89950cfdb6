#!/usr/bin/env bash
# Measures the batch CLI's throughput in lines per second.
#
#   detection/bench/cli-throughput.sh [MILLION_LINES]   (default 5)
#
# Generates the input once (the realistic InputMix of the JMH benchmark, run as a single source file), then times
# `java -jar detection/target/usagelens-detection.jar` reading it and writing to /dev/null. Build the jar first:
#   ./mvnw -q -f detection/pom.xml -DskipTests package
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
jar="$module/target/usagelens-detection.jar"
mix="$module/src/jmh/java/org/usagelens/detection/bench/InputMix.java"
millions="${1:-5}"
lines=$((millions * 1000000))
input="$module/target/cli-throughput-${millions}m.tsv"

[[ -f "$jar" ]] || { echo "missing $jar: build it with ./mvnw -q -f detection/pom.xml -DskipTests package" >&2; exit 2; }
if [[ ! -f "$input" ]]; then
  echo "generating $lines lines into $input" >&2
  java "$mix" "$lines" 42 > "$input"
fi

bytes=$(wc -c < "$input")
echo "input: $lines lines, $bytes bytes" >&2
# One untimed run warms the page cache so the figure is about the CLI, not the disk.
java -jar "$jar" < "$input" > /dev/null

best=""
for run in 1 2 3; do
  start=$(date +%s%N)
  java -jar "$jar" < "$input" > /dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  rate=$(( lines * 1000 / (ms > 0 ? ms : 1) ))
  echo "run $run: ${ms} ms, ${rate} lines/s (JVM start-up included)"
  if [[ -z "$best" || "$rate" -gt "$best" ]]; then best=$rate; fi
done
echo "best: ${best} lines/s"
