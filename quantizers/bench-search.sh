#!/usr/bin/env bash
# JMH benchmark of the nearest-code search (N = 65,536, D = 64, K = 512, 8,192 and 65,536) beside
# the engine's 2048 x 2048 float32 matrix multiply, on 2 threads; prints vectors/s, GFLOP/s and the
# search's share of the matrix-multiply rate. Run from anywhere:
#   quantizers/bench-search.sh                 # one fork, 3 warm-up + 5 measured iterations of 1 s
#   quantizers/bench-search.sh -p codes=512    # any JMH option replaces the defaults
# Maven runs offline (-o); set VQF_MVN_OFFLINE= to let it fetch missing dependencies.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
offline="${VQF_MVN_OFFLINE--o}"
mvn -q $offline test-compile -pl quantizers
mvn -q $offline dependency:build-classpath -pl quantizers -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/quantizers/target/bench.classpath"
exec java -Dai.djl.offline=true --add-modules jdk.incubator.vector \
  -cp "quantizers/target/test-classes:quantizers/target/classes:$(cat quantizers/target/bench.classpath)" \
  org.vqforge.quantizers.bench.SearchBenchmarks "$@"
