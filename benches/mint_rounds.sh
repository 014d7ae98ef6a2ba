#!/usr/bin/env bash
# `mint --batch` alone, each run between two raw signing-rate measurements, as compare.sh's mint
# rounds are but without its verify and lint rounds in between (a quicker check of the one ratio
# that matters for batch minting).
#
#   bash benches/mint_rounds.sh            # N=20000 claims, REPEAT=9 rounds
#
# Prints one line per round (tickets/s, mean raw signs/s around it, ratio) and the median ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
REPEAT=${REPEAT:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin ptix --example gen_claims
source benches/primitives.sh
target/release/examples/gen_claims "$N" > "$work/claims.ndjson"
raw() {
  primitives | python3 -c "import json,sys; print(json.load(sys.stdin)['raw ES256 sign, aws-lc-rs, all cores'])"
}
for _ in $(seq "$REPEAT"); do
  before=$(raw)
  cat "$work/claims.ndjson" > /dev/null
  t0=$EPOCHREALTIME
  target/release/ptix -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem \
    --issuer https://fhir.provider.example.org --now 2026-11-05T00:00:00Z > /dev/null
  t1=$EPOCHREALTIME
  after=$(raw)
  python3 -c "import sys
b, a, t0, t1, n = map(float, sys.argv[1:])
rate = n / (t1 - t0)
print(f'{rate:.0f} tickets/s, raw {(a + b) / 2:.0f}/s, ratio {rate / ((a + b) / 2):.3f}')" "$before" "$after" "$t0" "$t1" "$N"
done | tee "$work/rounds"
python3 -c "import statistics, sys
r = [float(l.split()[-1]) for l in open(sys.argv[1])]
print(f'median ratio {statistics.median(r):.2f} ({min(r):.2f}-{max(r):.2f}), {len(r)} rounds')" "$work/rounds"
