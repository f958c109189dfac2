#!/bin/sh
# CPU time per call of one criterion bench, for a machine shared with other
# work: the bench runs in criterion's --profile-time mode under
# `perf stat -e task-clock` (the CPU time the process got, which other
# processes do not inflate the way they inflate wall time), and the total
# is divided by the number of calls the bench counted (benches/support/calls.rs).
# Startup (building the inputs of every bench in the file) is measured by
# a run that matches no bench and subtracted.
#
#   benches/peers/cpu_time.sh schedule '^schedule/monthly_10y_eom_mf_weekends/121$' [seconds]
set -eu
bench=$1; filter=$2; secs=${3:-4}
exe=${EXE:-$(ls -t target/release/deps/"$bench"-* | grep -v "\.d$" | head -n 1)}
out=$(DISBURSE_COUNT_CALLS=1 perf stat -x, -e task-clock "$exe" --bench --profile-time "$secs" "$filter" 2>&1 >/dev/null)
ms=$(printf '%s\n' "$out" | awk -F, '/task-clock/ {print $1}')
base=$(DISBURSE_COUNT_CALLS=1 perf stat -x, -e task-clock "$exe" --bench --profile-time 1 '^no bench has this name$' 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}')
calls=$(printf '%s\n' "$out" | awk '/disburse-bench-calls:/ {print $2}')
awk -v ms="$ms" -v base="$base" -v n="$calls" -v f="$filter" 'BEGIN { ns = (ms - base) * 1e6 / n; printf "%-60s %12.1f ns CPU per call (%d calls, %.0f ms CPU, %.0f ms setup)\n", f, ns, n, ms, base }'
