#!/usr/bin/env bash
# `npm run bench`: every benchmark, each against real processes on loopback; exits non-zero if any missed its target.
set -u
status=0
# The load generator's garbage is short-lived, so it keeps a small young generation: many scavenges
# of a fraction of a millisecond. With the hub's 64 MB it paused for 1-9 ms at a time, ten replies
# waiting, and that showed up as hub latency (five alternating pairs: 10-in-flight p99 median
# 5.07 -> 4.82 ms).
npx tsx --max-semi-space-size=2 hub/bench/run.ts || status=1
npx tsx hub/bench/sync-drain.ts || status=1
# A month of office days through one hub (its clock moved by hand): what it holds must not grow with the days.
npx tsx --expose-gc hub/bench/office-days.ts || status=1
npx tsx display/bench/render-latency.ts || status=1
exit $status
