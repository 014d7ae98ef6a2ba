//! Profiling aid: `cargo run --release --example profile_stage -- STAGE [N]` runs one stage of
//! minting N times (default 100,000) and prints the time per run; also for `perf record`.
//!
//! Stages, on a sample claim (institutional-multi-encounter, compact: 8 KB) or payload:
//! `skip` (serde_json ignoring the claim), `scan` (ptix's scanner validating it), `value`
//! (serde_json building the whole tree), `typed` (the members the mapping reads), `read` (the
//! claim's facts), `prepare` (facts and payload), `lint` (the rules on a payload; the default).
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: ptix::alloc_cache::ThreadCache = ptix::alloc_cache::ThreadCache;

use ptix::ticket::scan::Scanner;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let stage = args.get(1).map_or("lint", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let root = env!("CARGO_MANIFEST_DIR");
    let pretty = std::fs::read(format!(
        "{root}/samples/claims/institutional-multi-encounter.json"
    ))
    .expect("sample claim");
    let claim = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&pretty).expect("JSON"))
        .expect("compact");
    let minter = ptix::ops::mint::Minter {
        key: None,
        options: ptix::ticket::build::MintOptions {
            issuer: Some("https://fhir.provider.example.org".into()),
            lifetime: ptix::ticket::build::DEFAULT_LIFETIME,
            ..Default::default()
        },
        typ: None,
        leeway: 60,
    };
    let text = std::fs::read_to_string(format!("{root}/samples/tickets/valid/base-payload.json"))
        .expect("sample payload");
    let artifact = ptix::rules::Artifact::from_text(&text);
    let opts = ptix::rules::LintOptions::at(1_782_864_000);

    let start = std::time::Instant::now();
    for _ in 0..n {
        let claim = black_box(claim.as_slice());
        let ok = match stage {
            "skip" => black_box(serde_json::from_slice::<serde::de::IgnoredAny>(claim)).is_ok(),
            "scan" => black_box(Scanner::document(claim, Scanner::skip)).is_ok(),
            "value" => black_box(serde_json::from_slice::<serde_json::Value>(claim)).is_ok(),
            "typed" => black_box(ptix::ticket::fhir::Resource::parse(claim)).is_ok(),
            "read" => black_box(ptix::ticket::claim::read_bytes(claim)).is_ok(),
            "prepare" => black_box(minter.prepare(claim, 1_793_836_800)).is_ok(),
            _ => black_box(ptix::rules::run(&artifact, &opts, None))
                .iter()
                .all(|f| f.severity != ptix::rules::Severity::Error),
        };
        assert!(ok, "stage {stage} failed on the sample");
    }
    let per = start.elapsed().as_secs_f64() / n as f64 * 1e6;
    println!("{stage}: {n} runs, {per:.2} us each");
}
