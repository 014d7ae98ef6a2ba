#!/usr/bin/env bash
# Re-mint the `ptix release` sample tickets with the demo key (see README.md beside this file).
# ES256 signatures are randomised, so the tokens change on every run; their payloads do not.
# Usage: samples/tickets/release/make.sh   (PTIX=path/to/ptix to use a built binary)
set -euo pipefail
cd "$(dirname "$0")/../../.."
PTIX=${PTIX:-"cargo run -q --"}
out=samples/tickets/release
common=(--key keys/demo-issuer.key.pem --issuer https://fhir.provider.example.org --patient-id B77421 -q)

# Each ticket is minted at its claim's submission (Claim.created); exp = submission + 60 days.
$PTIX mint samples/claims/professional-office-visit.json "${common[@]}" \
    --now 2026-09-16T19:40:00Z --jti release-one-encounter --out $out/one-encounter.jwt
$PTIX mint samples/claims/professional-office-visit.json "${common[@]}" \
    --now 2026-09-16T19:40:00Z --jti release-several-encounters \
    --encounter Encounter/enc-2026-0107 --encounter Encounter/enc-2026-0108 \
    --out $out/several-encounters.jwt
$PTIX mint samples/records/claims/unexported-visit-0118.json "${common[@]}" \
    --now 2026-09-17T21:25:00Z --jti release-unexported-encounter --out $out/unexported-encounter.jwt
$PTIX mint samples/claims/self-pay-authorized.json "${common[@]}" \
    --now 2026-09-08T16:50:00Z --jti release-self-pay-withheld --out $out/self-pay-withheld.jwt
$PTIX mint samples/claims/self-pay-authorized.json "${common[@]}" \
    --now 2026-09-08T16:50:00Z --jti release-self-pay-authorized --release-authorized HIPAASelfPay \
    --out $out/self-pay-authorized.jwt
$PTIX mint samples/records/claims/htn-followup-0113.json "${common[@]}" \
    --now 2026-08-28T15:10:00Z --jti release-withhold-eth --withhold ETH --out $out/withhold-eth.jwt
