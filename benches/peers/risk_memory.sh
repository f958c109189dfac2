#!/bin/sh
# The risk figures of BENCHMARKS.md that criterion does not give: one run
# of 100,000 paths x 30 years x 4 plans (the size) and the peak
# memory at 1,000,000 paths, ours and the NumPy peer's, in one sitting.
# Run from the repository root: sh benches/peers/risk_memory.sh
set -e
cargo build --release --features risk --example risk_sizes
PY=${PY:-$HOME/.venvs/peers/bin/python}
uptime
for size in "100000 30 4" "1000000 10 1"; do
  /usr/bin/time -v ./target/release/examples/risk_sizes $size 2>&1 | grep -E "paths x|P\(breach\)|Maximum resident|Elapsed"
  /usr/bin/time -v "$PY" benches/peers/risk_numpy.py $size 2>&1 | grep -E "paths x|P\(breach\)|Maximum resident|Elapsed"
done
uptime
