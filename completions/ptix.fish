# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ptix_global_optspecs
    string join \n color= q/quiet h/help V/version
end

function __fish_ptix_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ptix_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ptix_using_subcommand
    set -l cmd (__fish_ptix_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ptix -n "__fish_ptix_needs_command" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptix -n "__fish_ptix_needs_command" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "keygen" -d 'Create an issuer key pair (P-256), or show what a key file holds'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "mint" -d 'Mint a signed Payer Claims Adjudication ticket from a FHIR Claim'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "inspect" -d 'Show what a ticket says (never verifies)'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "verify" -d 'Verify a ticket: signature, time, audience, issuer, binding and profile rules'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "lint" -d 'Check tickets or payloads against the profile rules'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "release" -d 'What a Data Holder may release for a ticket, from its own FHIR data'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "man" -d 'Print a man page (roff), or write every page into a directory'
complete -c ptix -n "__fish_ptix_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l out -d 'Write PREFIX.key.pem (PKCS#8, mode 0600), PREFIX.pub.pem (SPKI), PREFIX.jwk.json and PREFIX.jwks.json' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l kid -d 'Key id to publish; default: the key\'s RFC 7638 thumbprint' -r
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l jwks -d 'Append the public key to this existing JWK Set (key rotation) instead of writing PREFIX.jwks.json; a duplicate kid is refused' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l show -d 'Show the kid, thumbprint, curve and public JWK of any key file ptix can read' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l passphrase-file -d 'Read the key\'s passphrase from the first line of FILE' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l passphrase-env -d 'Read the key\'s passphrase from the environment variable VAR (its name, not its value)' -r
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l encrypt -d 'Encrypt the private key (PBES2: PBKDF2-SHA256, 600,000 iterations, AES-256-CBC) with a passphrase from --passphrase-file, --passphrase-env or a terminal prompt'
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l force -d 'Overwrite existing files'
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -l json -d 'Print JSON on stdout (the schema is in README); same as --format json'
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l batch -d 'Mint one ticket per line of an NDJSON file (`-`: stdin), each line a Claim or Bundle. Output: NDJSON {"line","claim","jti","exp","ticket"} per line, in input order. The flags that name one claim\'s values (--jti, --patient-id, --claim-id, --encounter) are refused: every line would get them' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l out-dir -d 'With --batch: write <claim control number>.jwt files here (atomically) instead of NDJSON' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l key -d 'The issuer\'s signing key (P-256 private key in any format ptix reads)' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l kid -d 'The header\'s kid, when the published key is known by another than the key file\'s own (a JWK\'s kid, else the RFC 7638 thumbprint): e.g. the --kid given to `ptix keygen`' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l passphrase-file -d 'Read the key\'s passphrase from the first line of FILE' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l passphrase-env -d 'Read the key\'s passphrase from the environment variable VAR (its name, not its value)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l issuer -d 'The provider\'s FHIR base URL (iss and aud). Default: the FHIR base of the Claim\'s Bundle fullUrl, when it is absolute' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l audience -d 'aud, when it differs from the issuer (an http(s) URL is written as the issuer is: scheme and host in lower case, no trailing slash)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l lifetime -d 'Ticket lifetime from submission (Claim.created, or now): e.g. 60d, 45d, 75d' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l exp -d 'Absolute expiry instead of --lifetime (RFC 3339 or Unix seconds)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l now -d 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l jti -d 'jti (default: a random UUID)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l patient-id -d 'The patient\'s id at the provider (recipient_record = <issuer>/Patient/<ID>), when the claim\'s Patient is contained or unnamed: a FHIR id (`Patient/` before it is allowed)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l payer-name -d 'Payer name (requester), overriding the claim\'s (its identifiers stay)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l payer-id -d 'Payer identifier SYSTEM|VALUE (repeatable), e.g. http://hl7.org/fhir/sid/us-npi|1347825907, replacing the claim\'s identifiers (its name stays)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l encounter -d 'Another encounter to link (repeatable): Encounter/ID or an absolute URL' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l claim-id-system -d 'Choose the control number from Claim.identifier by system' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l claim-id -d 'The provider\'s claim control number SYSTEM|VALUE, overriding Claim.identifier' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l bind-jkt -d 'Bind the presenter to this client key thumbprint (RFC 7638)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l bind-client-key -d 'Bind the presenter to this client public key (its thumbprint)' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l bind-framework -d 'Bind the presenter through a trust framework (with --framework-type and --entity-uri)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l framework-type -r -f -a "udap\t''
well-known\t''
oidf\t''"
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l entity-uri -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l release-authorized -d 'Patient-authorised release of restricted data: a code (v3-ActCode, e.g. HIPAASelfPay) or SYSTEM|CODE. Repeatable' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l withhold -d 'Data to withhold (access.sensitivity_withhold): a code (v3-ActCode, e.g. ETH) or SYSTEM|CODE. Repeatable' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l typ -d 'Add a typ header (the guide\'s examples carry none)' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l out -d 'Write the token to FILE instead of stdout: atomically (a temporary file, then renamed into place), replacing an earlier ticket there (a ticket is no secret); any other file (a key, a claim) is never replaced without --force' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l leeway -d 'Clock skew allowed when checking the payload\'s times' -r
complete -c ptix -n "__fish_ptix_using_subcommand mint" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l skip-existing -d 'With --out-dir: skip claims whose file exists (resume an interrupted run)'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l force -d 'With --out-dir: replace existing files. With --out: replace a file that is not a ticket'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l no-recipient-record -d 'Leave subject.recipient_record out'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l payload-only -d 'Print the payload JSON without signing (no key needed)'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -l interactive -d 'Prompt for what is missing (issuer, key, lifetime, binding) and confirm before signing. Only on a terminal'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand mint" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -l now -d 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock' -r
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -l json -d 'Print JSON on stdout (the schema is in README); same as --format json'
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l key -d 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key\'s public half). Repeatable' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l jwks -d 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l issuer -d 'Expected issuer: `iss` must equal it exactly' -r
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l audience -d 'Expected audience: one `aud` value must equal it exactly. Default for a Payer Claims Adjudication ticket: --issuer (the type is self-issued)' -r
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l client-key -d 'The redeeming client\'s key: its RFC 7638 thumbprint must equal presenter_binding.jkt' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l client-entity -d 'The redeeming client\'s entity URI: it must equal presenter_binding.entity_uri' -r
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l now -d 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock' -r
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l leeway -d 'Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default, as in the guide\'s reference implementation. A ticket is expired when exp <= now - leeway' -r
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l passphrase-file -d 'Read the key\'s passphrase from the first line of FILE' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l passphrase-env -d 'Read the key\'s passphrase from the environment variable VAR (its name, not its value)' -r
complete -c ptix -n "__fish_ptix_using_subcommand verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l allow-missing-kid -d 'Accept a token without `kid` by trying every trusted key (the guide requires kid)'
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l revocation-checked -d 'The ticket\'s revocation status was checked (ptix reads no status lists): without this, a ticket that names a revocation list gets no verdict (exit 2), as a Data Holder that cannot know the status fails closed'
complete -c ptix -n "__fish_ptix_using_subcommand verify" -l json -d 'Print JSON on stdout (the schema is in README); same as --format json'
complete -c ptix -n "__fish_ptix_using_subcommand verify" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand verify" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l format -d 'Output format' -r -f -a "text\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l explain -d 'Print a rule\'s explanation, decision and citation (JSON with --format json), and exit' -r
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l select -d 'Run only rules matching these ids or prefixes (comma-separated or repeated): `pca`, `claims.exp*`, `jwt.kid_present`' -r
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l ignore -d 'Skip rules matching these ids or prefixes' -r
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l fail-on -d 'Exit 1 when a finding at or above this severity is found' -r -f -a "error\t''
warning\t''
notice\t''"
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l now -d 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock' -r
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l leeway -d 'Clock skew tolerated for exp and iat, in seconds (or 2m); none by default' -r
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l key -d 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key\'s public half). Repeatable' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l jwks -d 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l passphrase-file -d 'Read the key\'s passphrase from the first line of FILE' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l passphrase-env -d 'Read the key\'s passphrase from the environment variable VAR (its name, not its value)' -r
complete -c ptix -n "__fish_ptix_using_subcommand lint" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l json -d 'Same as --format json'
complete -c ptix -n "__fish_ptix_using_subcommand lint" -l list-rules -d 'List every rule (text table, or JSON with --format json) and exit'
complete -c ptix -n "__fish_ptix_using_subcommand lint" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand lint" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand release" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand release" -l data -d 'The provider\'s FHIR R4 records for the patient: a Bundle, an NDJSON file (one resource per line, as bulk export writes it), or a directory of either' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand release" -l key -d 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key\'s public half). Repeatable' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand release" -l jwks -d 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand release" -l issuer -d 'Expected issuer: `iss` must equal it exactly' -r
complete -c ptix -n "__fish_ptix_using_subcommand release" -l audience -d 'Expected audience (default: --issuer; the type is self-issued)' -r
complete -c ptix -n "__fish_ptix_using_subcommand release" -l now -d 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock' -r
complete -c ptix -n "__fish_ptix_using_subcommand release" -l leeway -d 'Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default' -r
complete -c ptix -n "__fish_ptix_using_subcommand release" -l format -d 'Output: table (default on a terminal), json (default otherwise), bundle' -r -f -a "table\t'Every resource, released or withheld, with the rule and the reason'
json\t'{"ticket","patient","subject_resolution","linkage","summary","notes","decisions":[{"resource","decision","rule","reason"}]}'
bundle\t'A FHIR Bundle (type collection) of the released resources'"
complete -c ptix -n "__fish_ptix_using_subcommand release" -l passphrase-file -d 'Read the key\'s passphrase from the first line of FILE' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand release" -l passphrase-env -d 'Read the key\'s passphrase from the environment variable VAR (its name, not its value)' -r
complete -c ptix -n "__fish_ptix_using_subcommand release" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand release" -l no-verify -d 'Do not verify the ticket (signature, times, issuer, audience, profile): compute the release from what it says. Says so on stderr'
complete -c ptix -n "__fish_ptix_using_subcommand release" -l revocation-checked -d 'The ticket\'s revocation status was checked (ptix does not read status lists): without this, a ticket that names a revocation list is refused'
complete -c ptix -n "__fish_ptix_using_subcommand release" -l json -d 'Same as --format json'
complete -c ptix -n "__fish_ptix_using_subcommand release" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptix -n "__fish_ptix_using_subcommand release" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand completions" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand man" -l dir -d 'Write ptix.1 and a page for each subcommand (ptix-keygen.1, ...) into DIR instead' -r -F
complete -c ptix -n "__fish_ptix_using_subcommand man" -l color -d 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ptix -n "__fish_ptix_using_subcommand man" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c ptix -n "__fish_ptix_using_subcommand man" -s h -l help -d 'Print help'
complete -c ptix -n "__fish_ptix_using_subcommand man" -s V -l version -d 'Print version'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "keygen" -d 'Create an issuer key pair (P-256), or show what a key file holds'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "mint" -d 'Mint a signed Payer Claims Adjudication ticket from a FHIR Claim'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "inspect" -d 'Show what a ticket says (never verifies)'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "verify" -d 'Verify a ticket: signature, time, audience, issuer, binding and profile rules'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "lint" -d 'Check tickets or payloads against the profile rules'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "release" -d 'What a Data Holder may release for a ticket, from its own FHIR data'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "man" -d 'Print a man page (roff), or write every page into a directory'
complete -c ptix -n "__fish_ptix_using_subcommand help; and not __fish_seen_subcommand_from keygen mint inspect verify lint release completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
