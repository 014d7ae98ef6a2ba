//! Benchmark input: `cargo run --release --example gen_claims -- N > claims.ndjson` writes N
//! NDJSON lines cycling through the five shipped sample claims, each with its own control
//! number (CLM-B-0000000, ...), so `mint --batch --out-dir` writes N distinct files.

use std::io::Write;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let root = env!("CARGO_MANIFEST_DIR");
    let names = [
        "professional-office-visit",
        "institutional-multi-encounter",
        "prior-authorization",
        "bundle-separate-entries",
        "self-pay-authorized",
    ];
    // Each template is the compact claim with its control number replaced by a marker.
    let templates: Vec<(String, String)> = names
        .iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(format!("{root}/samples/claims/{name}.json")).expect("sample claim");
            let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let compact = v.to_string();
            let claim = if v["resourceType"] == "Bundle" {
                v["entry"]
                    .as_array()
                    .and_then(|e| e.iter().find(|x| x["resource"]["resourceType"] == "Claim"))
                    .map(|x| x["resource"].clone())
            } else {
                Some(v.clone())
            };
            let number = claim
                .and_then(|c| c["identifier"][0]["value"].as_str().map(str::to_string))
                .expect("control number");
            let (head, tail) = compact
                .split_once(&format!("\"{number}\""))
                .expect("number in text");
            (head.to_string(), tail.to_string())
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    for i in 0..n {
        let (head, tail) = &templates[i % templates.len()];
        if writeln!(out, "{head}\"CLM-B-{i:07}\"{tail}").is_err() {
            return; // closed pipe
        }
    }
}
