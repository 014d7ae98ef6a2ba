
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ptix' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ptix'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ptix' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create an issuer key pair (P-256), or show what a key file holds')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Mint a signed Payer Claims Adjudication ticket from a FHIR Claim')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what a ticket says (never verifies)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a ticket: signature, time, audience, issuer, binding and profile rules')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check tickets or payloads against the profile rules')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'What a Data Holder may release for a ticket, from its own FHIR data')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write every page into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ptix;keygen' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write PREFIX.key.pem (PKCS#8, mode 0600), PREFIX.pub.pem (SPKI), PREFIX.jwk.json and PREFIX.jwks.json')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Key id to publish; default: the key''s RFC 7638 thumbprint')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Append the public key to this existing JWK Set (key rotation) instead of writing PREFIX.jwks.json; a duplicate kid is refused')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Show the kid, thumbprint, curve and public JWK of any key file ptix can read')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the first line of FILE')
            [CompletionResult]::new('--passphrase-env', '--passphrase-env', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the environment variable VAR (its name, not its value)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Encrypt the private key (PBES2: PBKDF2-SHA256, 600,000 iterations, AES-256-CBC) with a passphrase from --passphrase-file, --passphrase-env or a terminal prompt')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite existing files')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (the schema is in README); same as --format json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;mint' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Mint one ticket per line of an NDJSON file (`-`: stdin), each line a Claim or Bundle. Output: NDJSON {"line","claim","jti","exp","ticket"} per line, in input order. The flags that name one claim''s values (--jti, --patient-id, --claim-id, --encounter) are refused: every line would get them')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'With --batch: write <claim control number>.jwt files here (atomically) instead of NDJSON')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The issuer''s signing key (P-256 private key in any format ptix reads)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The header''s kid, when the published key is known by another than the key file''s own (a JWK''s kid, else the RFC 7638 thumbprint): e.g. the --kid given to `ptix keygen`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the first line of FILE')
            [CompletionResult]::new('--passphrase-env', '--passphrase-env', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the environment variable VAR (its name, not its value)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The provider''s FHIR base URL (iss and aud). Default: the FHIR base of the Claim''s Bundle fullUrl, when it is absolute')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'aud, when it differs from the issuer (an http(s) URL is written as the issuer is: scheme and host in lower case, no trailing slash)')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Ticket lifetime from submission (Claim.created, or now): e.g. 60d, 45d, 75d')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Absolute expiry instead of --lifetime (RFC 3339 or Unix seconds)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'jti (default: a random UUID)')
            [CompletionResult]::new('--patient-id', '--patient-id', [CompletionResultType]::ParameterName, 'The patient''s id at the provider (recipient_record = <issuer>/Patient/<ID>), when the claim''s Patient is contained or unnamed: a FHIR id (`Patient/` before it is allowed)')
            [CompletionResult]::new('--payer-name', '--payer-name', [CompletionResultType]::ParameterName, 'Payer name (requester), overriding the claim''s (its identifiers stay)')
            [CompletionResult]::new('--payer-id', '--payer-id', [CompletionResultType]::ParameterName, 'Payer identifier SYSTEM|VALUE (repeatable), e.g. http://hl7.org/fhir/sid/us-npi|1347825907, replacing the claim''s identifiers (its name stays)')
            [CompletionResult]::new('--encounter', '--encounter', [CompletionResultType]::ParameterName, 'Another encounter to link (repeatable): Encounter/ID or an absolute URL')
            [CompletionResult]::new('--claim-id-system', '--claim-id-system', [CompletionResultType]::ParameterName, 'Choose the control number from Claim.identifier by system')
            [CompletionResult]::new('--claim-id', '--claim-id', [CompletionResultType]::ParameterName, 'The provider''s claim control number SYSTEM|VALUE, overriding Claim.identifier')
            [CompletionResult]::new('--bind-jkt', '--bind-jkt', [CompletionResultType]::ParameterName, 'Bind the presenter to this client key thumbprint (RFC 7638)')
            [CompletionResult]::new('--bind-client-key', '--bind-client-key', [CompletionResultType]::ParameterName, 'Bind the presenter to this client public key (its thumbprint)')
            [CompletionResult]::new('--bind-framework', '--bind-framework', [CompletionResultType]::ParameterName, 'Bind the presenter through a trust framework (with --framework-type and --entity-uri)')
            [CompletionResult]::new('--framework-type', '--framework-type', [CompletionResultType]::ParameterName, 'framework-type')
            [CompletionResult]::new('--entity-uri', '--entity-uri', [CompletionResultType]::ParameterName, 'entity-uri')
            [CompletionResult]::new('--release-authorized', '--release-authorized', [CompletionResultType]::ParameterName, 'Patient-authorised release of restricted data: a code (v3-ActCode, e.g. HIPAASelfPay) or SYSTEM|CODE. Repeatable')
            [CompletionResult]::new('--withhold', '--withhold', [CompletionResultType]::ParameterName, 'Data to withhold (access.sensitivity_withhold): a code (v3-ActCode, e.g. ETH) or SYSTEM|CODE. Repeatable')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'Add a typ header (the guide''s examples carry none)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the token to FILE instead of stdout: atomically (a temporary file, then renamed into place), replacing an earlier ticket there (a ticket is no secret); any other file (a key, a claim) is never replaced without --force')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew allowed when checking the payload''s times')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--skip-existing', '--skip-existing', [CompletionResultType]::ParameterName, 'With --out-dir: skip claims whose file exists (resume an interrupted run)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --out-dir: replace existing files. With --out: replace a file that is not a ticket')
            [CompletionResult]::new('--no-recipient-record', '--no-recipient-record', [CompletionResultType]::ParameterName, 'Leave subject.recipient_record out')
            [CompletionResult]::new('--payload-only', '--payload-only', [CompletionResultType]::ParameterName, 'Print the payload JSON without signing (no key needed)')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Prompt for what is missing (issuer, key, lifetime, binding) and confirm before signing. Only on a terminal')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;inspect' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (the schema is in README); same as --format json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;verify' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key''s public half). Repeatable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Expected issuer: `iss` must equal it exactly')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Expected audience: one `aud` value must equal it exactly. Default for a Payer Claims Adjudication ticket: --issuer (the type is self-issued)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The redeeming client''s key: its RFC 7638 thumbprint must equal presenter_binding.jkt')
            [CompletionResult]::new('--client-entity', '--client-entity', [CompletionResultType]::ParameterName, 'The redeeming client''s entity URI: it must equal presenter_binding.entity_uri')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default, as in the guide''s reference implementation. A ticket is expired when exp <= now - leeway')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the first line of FILE')
            [CompletionResult]::new('--passphrase-env', '--passphrase-env', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the environment variable VAR (its name, not its value)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--allow-missing-kid', '--allow-missing-kid', [CompletionResultType]::ParameterName, 'Accept a token without `kid` by trying every trusted key (the guide requires kid)')
            [CompletionResult]::new('--revocation-checked', '--revocation-checked', [CompletionResultType]::ParameterName, 'The ticket''s revocation status was checked (ptix reads no status lists): without this, a ticket that names a revocation list gets no verdict (exit 2), as a Data Holder that cannot know the status fails closed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (the schema is in README); same as --format json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;lint' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print a rule''s explanation, decision and citation (JSON with --format json), and exit')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only rules matching these ids or prefixes (comma-separated or repeated): `pca`, `claims.exp*`, `jwt.kid_present`')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Skip rules matching these ids or prefixes')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding at or above this severity is found')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew tolerated for exp and iat, in seconds (or 2m); none by default')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key''s public half). Repeatable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the first line of FILE')
            [CompletionResult]::new('--passphrase-env', '--passphrase-env', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the environment variable VAR (its name, not its value)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--list-rules', '--list-rules', [CompletionResultType]::ParameterName, 'List every rule (text table, or JSON with --format json) and exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;release' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The provider''s FHIR R4 records for the patient: a Bundle, an NDJSON file (one resource per line, as bulk export writes it), or a directory of either')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key''s public half). Repeatable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Expected issuer: `iss` must equal it exactly')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Expected audience (default: --issuer; the type is self-issued)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the clock')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: table (default on a terminal), json (default otherwise), bundle')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the first line of FILE')
            [CompletionResult]::new('--passphrase-env', '--passphrase-env', [CompletionResultType]::ParameterName, 'Read the key''s passphrase from the environment variable VAR (its name, not its value)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not verify the ticket (signature, times, issuer, audience, profile): compute the release from what it says. Says so on stderr')
            [CompletionResult]::new('--revocation-checked', '--revocation-checked', [CompletionResultType]::ParameterName, 'The ticket''s revocation status was checked (ptix does not read status lists): without this, a ticket that names a revocation list is refused')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write ptix.1 and a page for each subcommand (ptix-keygen.1, ...) into DIR instead')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ptix;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create an issuer key pair (P-256), or show what a key file holds')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Mint a signed Payer Claims Adjudication ticket from a FHIR Claim')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what a ticket says (never verifies)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a ticket: signature, time, audience, issuer, binding and profile rules')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check tickets or payloads against the profile rules')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'What a Data Holder may release for a ticket, from its own FHIR data')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write every page into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ptix;help;keygen' {
            break
        }
        'ptix;help;mint' {
            break
        }
        'ptix;help;inspect' {
            break
        }
        'ptix;help;verify' {
            break
        }
        'ptix;help;lint' {
            break
        }
        'ptix;help;release' {
            break
        }
        'ptix;help;completions' {
            break
        }
        'ptix;help;man' {
            break
        }
        'ptix;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
