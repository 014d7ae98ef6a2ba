# Sourced by compare.sh and mint_rounds.sh: `primitives` prints the raw aws-lc-rs rates on every
# core as one JSON line, measured by the bench binary itself (no cargo start-up between
# measurements), PTIX_BENCH_SECS_ROUND seconds each (default 0.5).
bench=$(cargo bench --quiet --bench throughput --no-run --message-format=json 2>/dev/null |
  python3 -c "import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get('reason') == 'compiler-artifact' and m['target']['name'] == 'throughput' and m.get('executable'):
        print(m['executable'])")
primitives() { PTIX_BENCH_SECS=${PTIX_BENCH_SECS_ROUND:-0.5} "$bench" --primitives 2>/dev/null | tail -1; }
