//! Profiling aid: `cargo run --release --example profile_stage -- [lint|prepare] [N]` runs one stage
//! of minting many times, for `perf record`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let stage = args.get(1).map_or("lint", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let root = env!("CARGO_MANIFEST_DIR");
    let start = std::time::Instant::now();
    match stage {
        "prepare" => {
            let claim = std::fs::read(format!(
                "{root}/samples/claims/institutional-multi-encounter.json"
            ))
            .expect("claim");
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
            for _ in 0..n {
                std::hint::black_box(minter.prepare(&claim, 1_793_836_800).expect("prepare"));
            }
        }
        "skip" => {
            let claim = std::fs::read(format!(
                "{root}/samples/claims/institutional-multi-encounter.json"
            ))
            .expect("claim");
            for _ in 0..n {
                std::hint::black_box(serde_json::from_slice::<serde::de::IgnoredAny>(&claim).expect("json"));
            }
        }
        "scan" => {
            let claim = std::fs::read(format!(
                "{root}/samples/claims/institutional-multi-encounter.json"
            ))
            .expect("claim");
            let claim =
                serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&claim).expect("json"))
                    .expect("compact");
            for _ in 0..n {
                ptix::ticket::scan::Scanner::document(
                    std::hint::black_box(&claim),
                    ptix::ticket::scan::Scanner::skip,
                )
                .expect("json");
            }
        }
        "read" => {
            let claim = std::fs::read(format!(
                "{root}/samples/claims/institutional-multi-encounter.json"
            ))
            .expect("claim");
            let claim =
                serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&claim).expect("json"))
                    .expect("compact");
            for _ in 0..n {
                std::hint::black_box(ptix::ticket::claim::read_bytes(&claim).expect("read"));
            }
        }
        "typed" => {
            let claim = std::fs::read(format!(
                "{root}/samples/claims/institutional-multi-encounter.json"
            ))
            .expect("claim");
            let claim =
                serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&claim).expect("json"))
                    .expect("compact");
            for _ in 0..n {
                std::hint::black_box(ptix::ticket::fhir::Resource::parse(&claim).expect("typed"));
            }
        }
        "value" => {
            let claim = std::fs::read(format!(
                "{root}/samples/claims/institutional-multi-encounter.json"
            ))
            .expect("claim");
            for _ in 0..n {
                std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&claim).expect("json"));
            }
        }
        _ => {
            let text = std::fs::read_to_string(format!("{root}/samples/tickets/valid/base-payload.json"))
                .expect("payload");
            let artifact = ptix::rules::Artifact::from_text(&text);
            let opts = ptix::rules::LintOptions::at(1_782_864_000);
            for _ in 0..n {
                std::hint::black_box(ptix::rules::run(&artifact, &opts, None));
            }
        }
    }
    let per = start.elapsed().as_secs_f64() / n as f64 * 1e6;
    println!("{stage}: {n} runs, {per:.2} us each");
}
