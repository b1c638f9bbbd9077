#!/usr/bin/env bash
# `npm run bench`: every benchmark, each against real processes on loopback; exits non-zero if any missed its target.
set -u
status=0
# The load generator gets the hub's young-generation size too: its own scavenges would pause it with
# replies waiting and show up as hub latency.
npx tsx --max-semi-space-size=64 hub/bench/run.ts || status=1
npx tsx hub/bench/sync-drain.ts || status=1
npx tsx display/bench/render-latency.ts || status=1
exit $status
