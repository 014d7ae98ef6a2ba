#!/usr/bin/env bash
# Whole-command benchmarks for ptix, with ratios against baselines measured in the same run.
#
#   bash benches/compare.sh            # N=20000 tickets for the rates, 1,000,000 lines for memory
#   N=5000 MEM_LINES=100000 REPEAT=3 bash benches/compare.sh    # quicker
#
# Reports:
#   - raw ES256 sign and verify rates of aws-lc-rs (the backend ptix uses) on every core, over
#     a real ticket's signing input, from `cargo bench --bench throughput -- --json`;
#   - `ptix mint --batch` tickets/s and its ratio to the raw sign rate;
#   - `ptix verify DIR` and `ptix lint DIR --key` tickets/s and their ratio to the raw verify rate.
#     These run in REPEAT rounds (default 9). In a round, each command runs between two
#     measurements of the raw rates (`-- --primitives`, PTIX_BENCH_SECS_ROUND seconds each,
#     default 0.5), and its ratio is against the mean of those two: the machine's speed drifts
#     within seconds, so the baseline is taken as close to the command as it can be. The table
#     gives the median of the rounds' rates and ratios, and the range of the ratios;
#   - one `ptix verify` invocation's wall time against `jwt decode` of jwt-cli (installed into
#     benches/.tools on first use) on the same token and key;
#   - peak memory (max RSS) of `ptix mint --batch` over MEM_LINES lines streamed from a pipe.
#
# Warm inputs: this machine drops idle file pages from its page cache within seconds (`fincore`
# showed 58 of the 144 MB claims file left after 15 idle seconds), and reading them back from
# the disk costs the ptix process CPU time (6-28% more task-clock in three paired runs) that the
# raw baseline never pays. So each command's input is read once right before the command runs,
# as a batch fed by a pipe or from files just written would be. WARM=0 measures from wherever
# the pages are.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
MEM_LINES=${MEM_LINES:-1000000}
RUNS=${RUNS:-200}
REPEAT=${REPEAT:-9}
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
# warm FILE|DIR: read it once (into the page cache) unless WARM=0.
warm() {
  [[ ${WARM:-1} == 0 ]] && return
  if [[ -d $1 ]]; then find "$1" -type f -exec cat {} + > /dev/null; else cat "$1" > /dev/null; fi
}
rate() { python3 -c "import sys; print(round(float(sys.argv[1])/float(sys.argv[2])))" "$@"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$@"; }
# seconds CMD...: the wall time of one run (stdout discarded).
seconds() {
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" > /dev/null
  t1=$EPOCHREALTIME
  python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1"
}

"$gen" "$N" > "$work/claims.ndjson"
"$ptix" -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW > "$work/out.ndjson"
"$ptix" -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW --out-dir "$work/tickets"
rounds="$work/rounds"
# The raw rates, measured by the bench binary itself (no cargo start-up between measurements).
source benches/primitives.sh
# A command's baseline is the mean of the raw rates measured right before and right after it:
# this machine's speed drifts within seconds (other tenants), and the raw signature, all
# multiplications, drifts more than ptix's mix of work, so a baseline from a few seconds away
# can be off by a quarter.
for round in $(seq "$REPEAT"); do
  echo "== round $round of $REPEAT: raw rates around each of mint --batch, verify DIR, lint DIR ($N each)" >&2
  {
    echo "raw $(primitives)"
    warm "$work/claims.ndjson"
    echo "mint $(seconds "$ptix" -q mint --batch "$work/claims.ndjson" --key keys/demo-issuer.key.pem --issuer $ISSUER --now $NOW)"
    echo "raw $(primitives)"
    warm "$work/tickets"
    echo "verify $(seconds "$ptix" verify "$work/tickets" --jwks keys/demo-issuer.jwks.json --now $NOW)"
    echo "raw $(primitives)"
    warm "$work/tickets"
    echo "lint $(seconds "$ptix" lint "$work/tickets" --key keys/demo-issuer.jwks.json --now $NOW)"
    echo "raw $(primitives)"
  } >> "$rounds"
done
read -r sign_all verify_all mint_rate verify_rate lint_rate mint_ratio verify_ratio lint_ratio < <(python3 -c "
import json, statistics, sys
n = int(sys.argv[2])
S, V = 'raw ES256 sign, aws-lc-rs, all cores', 'raw ES256 verify, aws-lc-rs, all cores'
lines = [l.split(' ', 1) for l in open(sys.argv[1]).read().splitlines()]
rows = []
# A round: raw, mint, raw, verify, raw, lint, raw (each command between two raw measurements).
for r in range(0, len(lines), 7):
    raw = [json.loads(v) for k, v in lines[r:r + 7:2]]
    t = [float(v) for k, v in lines[r + 1:r + 7:2]]
    around = lambda i, k: (raw[i][k] + raw[i + 1][k]) / 2
    rows.append((statistics.mean(x[S] for x in raw), statistics.mean(x[V] for x in raw),
                 n / t[0], n / t[1], n / t[2],
                 n / t[0] / around(0, S), n / t[1] / around(1, V), n / t[2] / around(2, V)))
cols = list(zip(*rows))
med = [statistics.median(c) for c in cols]
# A ratio is shown with the range of the rounds' ratios: the machine's spread is part of it.
ratios = [f'{m:.2f}_({min(c):.2f}-{max(c):.2f})' for m, c in zip(med[5:], cols[5:])]
print(*[round(x) for x in med[:5]], *ratios)" "$rounds" "$N")
mint_ratio=${mint_ratio//_/ } verify_ratio=${verify_ratio//_/ } lint_ratio=${lint_ratio//_/ }

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
| \`mint --batch\` ($N claims; median of $REPEAT rounds) | $mint_rate tickets/s | raw sign, all cores: $sign_all/s | $mint_ratio |
| \`verify DIR\` ($N tickets; median of $REPEAT rounds) | $verify_rate tickets/s | raw verify, all cores: $verify_all/s | $verify_ratio |
| \`lint DIR --key\` ($N tickets; median of $REPEAT rounds) | $lint_rate tickets/s | raw verify, all cores: $verify_all/s | $lint_ratio |
| one \`ptix verify\` (median of $RUNS) | $ptix_ms ms | \`jwt decode\` (jwt-cli): $jwt_ms ms | $(ratio "$ptix_ms" "$jwt_ms") |
| \`mint --batch\` peak memory, $MEM_LINES lines | $((rss_kb / 1024)) MiB | | ($mem_rate tickets/s) |
TABLE
