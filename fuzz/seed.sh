#!/bin/sh
# Seed the fuzz corpora from the repository's samples (the corpora are not committed).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/token corpus/key corpus/claim
# token: mode byte 0 (even) + the text itself.
for f in ../samples/tickets/valid/*.jwt ../samples/tickets/valid/*.json \
         ../samples/tickets/invalid/*/*.jwt ../samples/tickets/invalid/*/*.json; do
  [ -f "$f" ] || continue
  case "$f" in *.expect.json) continue ;; esac
  name=$(echo "$f" | tr '/.' '__')
  { printf '\000'; cat "$f"; } > "corpus/token/$name"
done
for f in ../keys/*.pem ../keys/*.json ../tests/fixtures/keys/*; do
  cp "$f" "corpus/key/$(basename "$f")"
done
for f in ../samples/claims/*.json; do
  cp "$f" "corpus/claim/$(basename "$f")"
done
head -c 60000 ../samples/records/okafor-ndjson/Claim.ndjson | head -n 1 > corpus/claim/okafor-claim-line.json
echo "seeded: $(ls corpus/token | wc -l) token, $(ls corpus/key | wc -l) key, $(ls corpus/claim | wc -l) claim"
# token, mode byte 1 (odd): header NUL payload NUL signature, decoded from the valid samples.
python3 - <<'PY'
import base64, glob, os
def dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
for f in glob.glob("../samples/tickets/valid/*.jwt"):
    parts = open(f).read().strip().split(".")
    if len(parts) != 3:
        continue
    out = b"\x01" + dec(parts[0]) + b"\x00" + dec(parts[1]) + b"\x00" + dec(parts[2])
    open("corpus/token/decoded_" + os.path.basename(f), "wb").write(out)
PY
