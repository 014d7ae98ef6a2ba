
use builtin;
use str;

set edit:completion:arg-completer[ptix] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ptix'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ptix'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Create an issuer key pair (P-256), or show what a key file holds'
            cand mint 'Mint a signed Payer Claims Adjudication ticket from a FHIR Claim'
            cand inspect 'Show what a ticket says (never verifies)'
            cand verify 'Verify a ticket: signature, time, audience, issuer, binding and profile rules'
            cand lint 'Check tickets or payloads against the profile rules'
            cand release 'What a Data Holder may release for a ticket, from its own FHIR data'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff), or write every page into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ptix;keygen'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --out 'Write PREFIX.key.pem (PKCS#8, mode 0600), PREFIX.pub.pem (SPKI), PREFIX.jwk.json and PREFIX.jwks.json'
            cand --kid 'Key id to publish; default: the key''s RFC 7638 thumbprint'
            cand --jwks 'Append the public key to this existing JWK Set (key rotation) instead of writing PREFIX.jwks.json; a duplicate kid is refused'
            cand --show 'Show the kid, thumbprint, curve and public JWK of any key file ptix can read'
            cand --format 'Output format'
            cand --passphrase-file 'Read the key''s passphrase from the first line of FILE'
            cand --passphrase-env 'Read the key''s passphrase from the environment variable VAR (its name, not its value)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --encrypt 'Encrypt the private key (PBES2: PBKDF2-SHA256, 600,000 iterations, AES-256-CBC) with a passphrase from --passphrase-file, --passphrase-env or a terminal prompt'
            cand --force 'Overwrite existing files'
            cand --json 'Print JSON on stdout (the schema is in README); same as --format json'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;mint'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --batch 'Mint one ticket per line of an NDJSON file (`-`: stdin), each line a Claim or Bundle. Output: NDJSON {"line","claim","jti","exp","ticket"} per line, in input order. The flags that name one claim''s values (--jti, --patient-id, --claim-id, --encounter) are refused: every line would get them'
            cand --out-dir 'With --batch: write <claim control number>.jwt files here (atomically) instead of NDJSON'
            cand --key 'The issuer''s signing key (P-256 private key in any format ptix reads)'
            cand --kid 'The header''s kid, when the published key is known by another than the key file''s own (a JWK''s kid, else the RFC 7638 thumbprint): e.g. the --kid given to `ptix keygen`'
            cand --passphrase-file 'Read the key''s passphrase from the first line of FILE'
            cand --passphrase-env 'Read the key''s passphrase from the environment variable VAR (its name, not its value)'
            cand --issuer 'The provider''s FHIR base URL (iss and aud). Default: the FHIR base of the Claim''s Bundle fullUrl, when it is absolute'
            cand --audience 'aud, when it differs from the issuer (an http(s) URL is written as the issuer is: scheme and host in lower case, no trailing slash)'
            cand --lifetime 'Ticket lifetime from submission (Claim.created, or now): e.g. 60d, 45d, 75d'
            cand --exp 'Absolute expiry instead of --lifetime (RFC 3339 or Unix seconds)'
            cand --now 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock'
            cand --jti 'jti (default: a random UUID)'
            cand --patient-id 'The patient''s id at the provider (recipient_record = <issuer>/Patient/<ID>), when the claim''s Patient is contained or unnamed: a FHIR id (`Patient/` before it is allowed)'
            cand --payer-name 'Payer name (requester), overriding the claim''s (its identifiers stay)'
            cand --payer-id 'Payer identifier SYSTEM|VALUE (repeatable), e.g. http://hl7.org/fhir/sid/us-npi|1347825907, replacing the claim''s identifiers (its name stays)'
            cand --encounter 'Another encounter to link (repeatable): Encounter/ID or an absolute URL'
            cand --claim-id-system 'Choose the control number from Claim.identifier by system'
            cand --claim-id 'The provider''s claim control number SYSTEM|VALUE, overriding Claim.identifier'
            cand --bind-jkt 'Bind the presenter to this client key thumbprint (RFC 7638)'
            cand --bind-client-key 'Bind the presenter to this client public key (its thumbprint)'
            cand --bind-framework 'Bind the presenter through a trust framework (with --framework-type and --entity-uri)'
            cand --framework-type 'framework-type'
            cand --entity-uri 'entity-uri'
            cand --release-authorized 'Patient-authorised release of restricted data: a code (v3-ActCode, e.g. HIPAASelfPay) or SYSTEM|CODE. Repeatable'
            cand --withhold 'Data to withhold (access.sensitivity_withhold): a code (v3-ActCode, e.g. ETH) or SYSTEM|CODE. Repeatable'
            cand --typ 'Add a typ header (the guide''s examples carry none)'
            cand --out 'Write the token to FILE instead of stdout: atomically (a temporary file, then renamed into place), replacing an earlier ticket there (a ticket is no secret); any other file (a key, a claim) is never replaced without --force'
            cand --leeway 'Clock skew allowed when checking the payload''s times'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --skip-existing 'With --out-dir: skip claims whose file exists (resume an interrupted run)'
            cand --force 'With --out-dir: replace existing files. With --out: replace a file that is not a ticket'
            cand --no-recipient-record 'Leave subject.recipient_record out'
            cand --payload-only 'Print the payload JSON without signing (no key needed)'
            cand --interactive 'Prompt for what is missing (issuer, key, lifetime, binding) and confirm before signing. Only on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;inspect'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --format 'Output format'
            cand --now 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --json 'Print JSON on stdout (the schema is in README); same as --format json'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;verify'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --key 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key''s public half). Repeatable'
            cand --jwks 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable'
            cand --issuer 'Expected issuer: `iss` must equal it exactly'
            cand --audience 'Expected audience: one `aud` value must equal it exactly. Default for a Payer Claims Adjudication ticket: --issuer (the type is self-issued)'
            cand --client-key 'The redeeming client''s key: its RFC 7638 thumbprint must equal presenter_binding.jkt'
            cand --client-entity 'The redeeming client''s entity URI: it must equal presenter_binding.entity_uri'
            cand --now 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock'
            cand --leeway 'Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default, as in the guide''s reference implementation. A ticket is expired when exp <= now - leeway'
            cand --format 'Output format'
            cand --passphrase-file 'Read the key''s passphrase from the first line of FILE'
            cand --passphrase-env 'Read the key''s passphrase from the environment variable VAR (its name, not its value)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --allow-missing-kid 'Accept a token without `kid` by trying every trusted key (the guide requires kid)'
            cand --revocation-checked 'The ticket''s revocation status was checked (ptix reads no status lists): without this, a ticket that names a revocation list gets no verdict (exit 2), as a Data Holder that cannot know the status fails closed'
            cand --json 'Print JSON on stdout (the schema is in README); same as --format json'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;lint'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --format 'Output format'
            cand --explain 'Print a rule''s explanation, decision and citation (JSON with --format json), and exit'
            cand --select 'Run only rules matching these ids or prefixes (comma-separated or repeated): `pca`, `claims.exp*`, `jwt.kid_present`'
            cand --ignore 'Skip rules matching these ids or prefixes'
            cand --fail-on 'Exit 1 when a finding at or above this severity is found'
            cand --now 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock'
            cand --leeway 'Clock skew tolerated for exp and iat, in seconds (or 2m); none by default'
            cand --key 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key''s public half). Repeatable'
            cand --jwks 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable'
            cand --passphrase-file 'Read the key''s passphrase from the first line of FILE'
            cand --passphrase-env 'Read the key''s passphrase from the environment variable VAR (its name, not its value)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --json 'Same as --format json'
            cand --list-rules 'List every rule (text table, or JSON with --format json) and exit'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;release'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --data 'The provider''s FHIR R4 records for the patient: a Bundle, an NDJSON file (one resource per line, as bulk export writes it), or a directory of either'
            cand --key 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key''s public half). Repeatable'
            cand --jwks 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable'
            cand --issuer 'Expected issuer: `iss` must equal it exactly'
            cand --audience 'Expected audience (default: --issuer; the type is self-issued)'
            cand --now 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock'
            cand --leeway 'Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default'
            cand --format 'Output: table (default on a terminal), json (default otherwise), bundle'
            cand --passphrase-file 'Read the key''s passphrase from the first line of FILE'
            cand --passphrase-env 'Read the key''s passphrase from the environment variable VAR (its name, not its value)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-verify 'Do not verify the ticket (signature, times, issuer, audience, profile): compute the release from what it says. Says so on stderr'
            cand --revocation-checked 'The ticket''s revocation status was checked (ptix does not read status lists): without this, a ticket that names a revocation list is refused'
            cand --json 'Same as --format json'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;completions'= {
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;man'= {
            cand --dir 'Write ptix.1 and a page for each subcommand (ptix-keygen.1, ...) into DIR instead'
            cand --color 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ptix;help'= {
            cand keygen 'Create an issuer key pair (P-256), or show what a key file holds'
            cand mint 'Mint a signed Payer Claims Adjudication ticket from a FHIR Claim'
            cand inspect 'Show what a ticket says (never verifies)'
            cand verify 'Verify a ticket: signature, time, audience, issuer, binding and profile rules'
            cand lint 'Check tickets or payloads against the profile rules'
            cand release 'What a Data Holder may release for a ticket, from its own FHIR data'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff), or write every page into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ptix;help;keygen'= {
        }
        &'ptix;help;mint'= {
        }
        &'ptix;help;inspect'= {
        }
        &'ptix;help;verify'= {
        }
        &'ptix;help;lint'= {
        }
        &'ptix;help;release'= {
        }
        &'ptix;help;completions'= {
        }
        &'ptix;help;man'= {
        }
        &'ptix;help;help'= {
        }
    ]
    $completions[$command]
}
