//! `cargo bench --bench throughput`: rates of the crypto primitive and of each stage of ptix,
//! on one core and on every core, in one run, so the ratios compare like with like.
//!
//! Prints a table (and `--json` a JSON object) of operations per second:
//! - raw ES256 sign / verify with aws-lc-rs (the backend ptix uses) and with RustCrypto p256,
//!   over a shipped ticket's signing input (what ptix signs and verifies);
//! - ptix stages: claim -> payload (prepare), lint, mint (prepare + lint + sign), verify;
//! - the batch path (`ops::batch::run`) over NDJSON in memory, on every core.
//!
//! `-- --primitives` measures only the raw sign and verify rates on every core (JSON), for
//! `benches/compare.sh`, which pairs each with a run of the ptix commands.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ptix::keys::load::load_signing_key;
use ptix::keys::ring::KeyRing;
use ptix::ops::mint::Minter;
use ptix::rules::{Artifact, LintOptions};
use ptix::ticket::build::{MintOptions, DEFAULT_LIFETIME};
use ptix::ticket::scan::Scanner;
use rayon::prelude::*;

/// The allocator the `ptix` binary uses (`src/main.rs`), so the stages cost here what they do there.
#[global_allocator]
static ALLOCATOR: ptix::alloc_cache::ThreadCache = ptix::alloc_cache::ThreadCache;

const NOW: i64 = 1_793_836_800; // 2026-11-05T00:00:00Z
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Run `f` repeatedly for about `secs` seconds on one thread; return operations per second.
fn rate(secs: f64, mut f: impl FnMut()) -> f64 {
    // Warm up.
    for _ in 0..50 {
        f();
    }
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..64 {
            f();
        }
        n += 64;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// The same on every core (rayon), returning the aggregate rate.
fn rate_all_cores(secs: f64, f: impl Fn() + Sync) -> f64 {
    let threads = rayon::current_num_threads();
    let rates: Vec<f64> = (0..threads).into_par_iter().map(|_| rate(secs, &f)).collect();
    rates.iter().sum()
}

fn main() {
    let json_out = std::env::args().any(|a| a == "--json");
    let secs: f64 = std::env::var("PTIX_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let key_pem = std::fs::read(format!("{ROOT}/keys/demo-issuer.key.pem")).expect("demo key");
    let key = load_signing_key(&key_pem, "demo", None).expect("demo key loads");
    // The primitive signs and verifies what ptix signs: a real ticket's `header.payload`
    // (about 1.5 KB, so the SHA-256 of the input is part of the baseline as it is of ptix).
    let shipped = std::fs::read_to_string(format!(
        "{ROOT}/samples/tickets/valid/institutional-multi-encounter.jwt"
    ))
    .expect("shipped ticket");
    let signing_input = shipped
        .trim()
        .rsplit_once('.')
        .expect("compact JWS")
        .0
        .to_string();
    let msg = signing_input.as_bytes();

    // Raw aws-lc-rs.
    let pkcs8 = key.pkcs8_der().expect("pkcs8");
    let pair = aws_lc_rs::signature::EcdsaKeyPair::from_pkcs8(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &pkcs8,
    )
    .expect("aws-lc key");
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let sig = pair.sign(&rng, msg).expect("sign");
    use aws_lc_rs::signature::KeyPair;
    let point = pair.public_key().as_ref().to_vec();
    // The key parsed once, as ptix's key ring does: the primitive at its fastest.
    let verifier =
        aws_lc_rs::signature::ParsedPublicKey::new(&aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED, point)
            .expect("public key");
    if std::env::args().any(|a| a == "--primitives") {
        // Only the baselines, for a script that measures ptix right after (paired rounds).
        let sign_all = rate_all_cores(secs, || {
            black_box(pair.sign(&rng, black_box(msg)).expect("sign"));
        });
        let verify_all = rate_all_cores(secs, || {
            verifier.verify_sig(black_box(msg), sig.as_ref()).expect("verify");
        });
        println!(
            "{}",
            serde_json::json!({
                "raw ES256 sign, aws-lc-rs, all cores": sign_all.round(),
                "raw ES256 verify, aws-lc-rs, all cores": verify_all.round(),
            })
        );
        return;
    }
    let aws_sign = rate(secs, || {
        black_box(pair.sign(&rng, black_box(msg)).expect("sign"));
    });
    let aws_sign_all = rate_all_cores(secs, || {
        black_box(pair.sign(&rng, black_box(msg)).expect("sign"));
    });
    let aws_verify = rate(secs, || {
        verifier.verify_sig(black_box(msg), sig.as_ref()).expect("verify");
    });
    let aws_verify_all = rate_all_cores(secs, || {
        verifier.verify_sig(black_box(msg), sig.as_ref()).expect("verify");
    });

    // Raw RustCrypto p256 (the other backend jsonwebtoken offers).
    use p256::ecdsa::signature::{Signer, Verifier};
    let rc_key = p256::ecdsa::SigningKey::from(key.secret().clone());
    let rc_sig: p256::ecdsa::Signature = rc_key.sign(msg);
    let rc_vk = *rc_key.verifying_key();
    let rc_sign = rate(secs, || {
        let s: p256::ecdsa::Signature = rc_key.sign(black_box(msg));
        black_box(s);
    });
    let rc_verify = rate(secs, || {
        rc_vk.verify(black_box(msg), &rc_sig).expect("verify");
    });

    // ptix stages, on the shipped sample claims.
    let claims: Vec<Vec<u8>> = [
        "professional-office-visit",
        "institutional-multi-encounter",
        "prior-authorization",
        "bundle-separate-entries",
        "self-pay-authorized",
    ]
    .iter()
    .map(|n| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(format!("{ROOT}/samples/claims/{n}.json")).expect("claim"))
                .expect("json");
        serde_json::to_vec(&v).expect("compact")
    })
    .collect();
    let options = MintOptions {
        issuer: Some("https://fhir.provider.example.org".into()),
        lifetime: DEFAULT_LIFETIME,
        ..MintOptions::default()
    };
    let minter = Minter {
        key: Some(key),
        options,
        typ: None,
        leeway: 60,
    };
    let mut i = 0usize;
    let scan = rate(secs, || {
        i += 1;
        let claim = black_box(claims[i % claims.len()].as_slice());
        assert!(black_box(Scanner::document(claim, Scanner::skip)).is_ok());
    });
    let mut i = 0usize;
    let read = rate(secs, || {
        i += 1;
        black_box(ptix::ticket::claim::read_bytes(&claims[i % claims.len()]).expect("claim"));
    });
    let mut i = 0usize;
    let prepare = rate(secs, || {
        i += 1;
        black_box(minter.prepare(&claims[i % claims.len()], NOW).expect("prepare"));
    });
    let payload = minter.prepare(&claims[0], NOW).expect("prepare").payload;
    let artifact = Artifact::Payload {
        payload: payload.clone(),
        duplicates: Vec::new(),
    };
    let opts = LintOptions::at(NOW);
    let lint_payload = rate(secs, || {
        black_box(ptix::rules::run(&artifact, &opts, None));
    });
    let mut i = 0usize;
    let mint = rate(secs, || {
        i += 1;
        black_box(minter.mint(&claims[i % claims.len()], NOW).expect("mint"));
    });
    let mint_all = rate_all_cores(secs, || {
        black_box(minter.mint(&claims[1], NOW).expect("mint"));
    });
    let token = minter.mint(&claims[0], NOW).expect("mint").token.expect("token");
    let jwks = std::fs::read(format!("{ROOT}/keys/demo-issuer.jwks.json")).expect("jwks");
    let mut ring = KeyRing::default();
    ring.add(
        "demo",
        &ptix::keys::load::load(&jwks, "demo", None).expect("jwks loads"),
    );
    let expect = ptix::ops::verify::Expectations::default();
    let verify = rate(secs, || {
        black_box(ptix::ops::verify::verify(&token, &ring, &expect, NOW, 60));
    });
    let verify_all = rate_all_cores(secs, || {
        black_box(ptix::ops::verify::verify(&token, &ring, &expect, NOW, 60));
    });
    let lint_token = rate(secs, || {
        black_box(ptix::ops::lint::lint_text("t", &token, &opts, Some(&ring)));
    });

    // The batch path over in-memory NDJSON.
    let mut ndjson = Vec::new();
    for n in 0..20_000 {
        ndjson.extend_from_slice(&claims[n % claims.len()]);
        ndjson.push(b'\n');
    }
    let start = Instant::now();
    let summary = ptix::ops::batch::run(
        &minter,
        std::io::Cursor::new(&ndjson),
        NOW,
        &ptix::ops::batch::BatchOptions::default(),
        |o| {
            black_box(o);
            Ok(())
        },
        |_| {},
    )
    .expect("batch");
    let batch = summary.minted as f64 / start.elapsed().as_secs_f64();

    let rows = [
        ("raw ES256 sign, aws-lc-rs, 1 core", aws_sign),
        ("raw ES256 sign, aws-lc-rs, all cores", aws_sign_all),
        ("raw ES256 verify, aws-lc-rs, 1 core", aws_verify),
        ("raw ES256 verify, aws-lc-rs, all cores", aws_verify_all),
        ("raw ES256 sign, RustCrypto p256, 1 core", rc_sign),
        ("raw ES256 verify, RustCrypto p256, 1 core", rc_verify),
        ("ptix claim JSON validated (scanner), 1 core", scan),
        ("ptix claim -> facts (read), 1 core", read),
        ("ptix claim -> payload, 1 core", prepare),
        ("ptix lint of a payload, 1 core", lint_payload),
        ("ptix mint (map + lint + sign), 1 core", mint),
        ("ptix mint, all cores", mint_all),
        ("ptix batch mint (ops::batch), all cores", batch),
        ("ptix verify (all checks + lint), 1 core", verify),
        ("ptix verify, all cores", verify_all),
        ("ptix lint of a token with a key, 1 core", lint_token),
    ];
    if json_out {
        let obj: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v.round())))
            .collect();
        println!("{}", serde_json::Value::Object(obj));
        return;
    }
    println!("threads: {}", rayon::current_num_threads());
    println!("{:<46} {:>12}", "operation", "per second");
    for (name, r) in rows {
        println!("{name:<46} {r:>12.0}");
    }
    println!();
    println!(
        "batch mint / raw sign (all cores):       {:.2}",
        batch / aws_sign_all
    );
    println!(
        "verify / raw verify (all cores):         {:.2}",
        verify_all / aws_verify_all
    );
    println!(
        "aws-lc-rs / RustCrypto sign (1 core):    {:.1}",
        aws_sign / rc_sign
    );
}
