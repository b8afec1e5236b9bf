#!/usr/bin/env bash
# Runs the sidguard Flink job on a local MiniCluster over an NDJSON file of Okta events:
#   sidguard-flink/run-local.sh --input EVENTS --output ALERTS [--config C] [--parallelism N]
#       [--watchlist W] [--observed-since INSTANT] [--tenant-field PATH] [--format jsonl|ocsf]
# The same job as on a cluster (same operators, state and event time), for trying it without one
# and for parity checks against `sidguard detect`. Builds the job jar on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/sidguard-flink-job.jar"
classpath="$here/target/local.classpath"
case " $* " in
  *" --input "*) ;;
  *) echo "usage: $0 --input EVENTS --output ALERTS [--config C] [--parallelism N]" >&2; exit 2 ;;
esac
if [[ ! -f "$jar" || ! -f "$classpath" ]]; then
  (cd "$here/.." && ./mvnw -B -q -pl sidguard-flink -am package -DskipTests) >&2
fi
exec java ${JAVA_OPTS:-} -cp "$jar:$(cat "$classpath")" dev.sidguard.flink.DetectJob "$@"
