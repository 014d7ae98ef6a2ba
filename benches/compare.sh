#!/usr/bin/env bash
# Whole-command benchmarks for ptix, with ratios against baselines measured in the same run.
#
#   bash benches/compare.sh            # N=20000 tickets for the rates, 1,000,000 lines for memory
#   N=5000 MEM_LINES=100000 bash benches/compare.sh    # quicker
#
# Reports:
#   - raw ES256 sign and verify rates of aws-lc-rs (the backend ptix uses) on every core, over
#     a real ticket's signing input, from `cargo bench --bench throughput -- --json`;
#   - `ptix mint --batch` tickets/s and its ratio to the raw sign rate (best of REPEAT runs);
#   - `ptix verify DIR` and `ptix lint DIR --key` tickets/s and their ratio to the raw verify rate;
#   - one `ptix verify` invocation's wall time against `jwt decode` of jwt-cli (installed into
#     benches/.tools on first use) on the same token and key;
#   - peak memory (max RSS) of `ptix mint --batch` over MEM_LINES lines streamed from a pipe.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
MEM_LINES=${MEM_LINES:-1000000}
RUNS=${RUNS:-200}
REPEAT=${REPEAT:-3}
NOW=2026-11-05T00:00:00Z
ISSUER=https://fhir.provider.example.org
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin ptix --example gen_claims
ptix=target/release/ptix
gen=target/release/examples/gen_claims

echo "== raw primitive rates (cargo bench --bench throughput)" >&2
raw=$(PTIX_BENCH_SECS=${PTIX_BENCH_SECS:-2} cargo bench --quiet --bench throughput -- --json 2>/dev/null | tail -1)
field() { python3 -c "import json,sys; print(round(json.loads(sys.argv[1])[sys.argv[2]]))" "$raw" "$1"; }
sign_all=$(field "raw ES256 sign, aws-lc-rs, all cores")
verify_all=$(field "raw ES256 verify, aws-lc-rs, all cores")
sign_rc=$(field "raw ES256 sign, RustCrypto p256, 1 core")
sign_1=$(field "raw ES256 sign, aws-lc-rs, 1 core")

now_s() { echo "$EPOCHREALTIME"; }
rate() { python3 -c "import sys; print(round(float(sys.argv[1])/float(sys.argv[2])))" "$@"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$@"; }
# best_of N CMD...: the shortest wall time (seconds) of N runs; stdout discarded. The best run
# is the one least disturbed by the rest of the machine.
best_of() {
  local n=$1 best="" t0 t1
  shift
  for _ in $(seq "$n"); do
    t0=$EPOCHREALTIME
    "$@" > /dev/null
    t1=$EPOCHREALTIME
    best=$(python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print(t if not b or t<float(b) else b)" "$t0" "$t1" "$best")
  done
  echo "$best"
}

"$gen" "$N" > "$work/claims.ndjson"
echo "== mint --batch ($N claims, best of $REPEAT)" >&2
mint_rate=$(rate "$N" "$(best_of "$REPEAT" "$ptix" -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW)")

echo "== verify and lint over a directory of $N tickets (best of $REPEAT)" >&2
"$ptix" -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW > "$work/out.ndjson"
"$ptix" -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW --out-dir "$work/tickets"
verify_rate=$(rate "$N" "$(best_of "$REPEAT" "$ptix" verify "$work/tickets" --jwks keys/demo-issuer.jwks.json --now $NOW)")
lint_rate=$(rate "$N" "$(best_of "$REPEAT" "$ptix" lint "$work/tickets" --key keys/demo-issuer.jwks.json --now $NOW)")

echo "== one verify against jwt-cli's decode ($RUNS runs each, alternating; median)" >&2
jwt=$(command -v jwt || true)
if [[ -z "$jwt" ]]; then
  jwt=benches/.tools/bin/jwt
  [[ -x "$jwt" ]] || cargo install --quiet --locked jwt-cli --root benches/.tools >&2
fi
token=$(head -1 "$work/out.ndjson" | python3 -c "import json,sys; print(json.load(sys.stdin)['ticket'])")
# Both check the signature with the same public key (jwt-cli: ES256 with the SPKI PEM).
"$jwt" decode --alg ES256 --secret @keys/demo-issuer.pub.pem --ignore-exp "$token" > /dev/null
"$ptix" verify "$token" --key keys/demo-issuer.pub.pem --now $NOW > /dev/null
# The two run alternately, so a slow spell of the machine hits both; the median of each.
times="$work/times"
for _ in $(seq "$RUNS"); do
  t0=$EPOCHREALTIME
  "$ptix" verify "$token" --key keys/demo-issuer.pub.pem --now $NOW > /dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  "$jwt" decode --alg ES256 --secret @keys/demo-issuer.pub.pem --ignore-exp "$token" > /dev/null 2>&1 || true
  t2=$EPOCHREALTIME
  echo "$t0 $t1 $t2" >> "$times"
done
read -r ptix_ms jwt_ms < <(python3 -c "
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
p = statistics.median(b - a for a, b, _ in rows) * 1000
j = statistics.median(c - b for _, b, c in rows) * 1000
print(f'{p:.2f} {j:.2f}')" "$times")

echo "== peak memory of mint --batch over $MEM_LINES lines" >&2
t0=$(now_s)
"$gen" "$MEM_LINES" | /usr/bin/time -f "%M" -o "$work/rss" "$ptix" -q mint --batch - --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW > /dev/null
t1=$(now_s)
rss_kb=$(tail -1 "$work/rss")
mem_rate=$(rate "$MEM_LINES" "$(python3 -c "import sys; print(float(sys.argv[2])-float(sys.argv[1]))" "$t0" "$t1")")

cat <<TABLE
| measure | value | baseline | ratio |
|---|---|---|---|
| raw ES256 sign of a ticket's signing input, aws-lc-rs, all cores | $sign_all/s | RustCrypto p256, 1 core: $sign_rc/s | aws-lc-rs 1 core / RustCrypto: $(ratio "$sign_1" "$sign_rc") |
| raw ES256 verify of a ticket's signature, aws-lc-rs, all cores | $verify_all/s | | |
| \`mint --batch\` ($N claims, best of $REPEAT) | $mint_rate tickets/s | raw sign, all cores | $(ratio "$mint_rate" "$sign_all") |
| \`verify DIR\` ($N tickets, best of $REPEAT) | $verify_rate tickets/s | raw verify, all cores | $(ratio "$verify_rate" "$verify_all") |
| \`lint DIR --key\` ($N tickets, best of $REPEAT) | $lint_rate tickets/s | raw verify, all cores | $(ratio "$lint_rate" "$verify_all") |
| one \`ptix verify\` (median of $RUNS) | $ptix_ms ms | \`jwt decode\` (jwt-cli): $jwt_ms ms | $(ratio "$ptix_ms" "$jwt_ms") |
| \`mint --batch\` peak memory, $MEM_LINES lines | $((rss_kb / 1024)) MiB | | ($mem_rate tickets/s) |
TABLE
