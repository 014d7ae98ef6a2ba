//! Sign a fixture: `cargo run -q --example sign -- HEADER.json PAYLOAD.json [KEY]`.
//!
//! The header and payload files are used byte for byte (trimmed), so fixtures can carry
//! duplicate members or unusual spacing. The key defaults to `keys/demo-issuer.key.pem`.
//! Prints the compact JWS on stdout.

use std::process::ExitCode;

use ptix::jose::b64url;
use ptix::keys::load::load_signing_key;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: sign HEADER.json PAYLOAD.json [KEY]");
        return ExitCode::from(2);
    }
    let read = |p: &str| std::fs::read(p).map_err(|e| format!("{p}: {e}"));
    let key_path = args.get(2).map_or("keys/demo-issuer.key.pem", String::as_str);
    let result = (|| -> Result<String, String> {
        let header = read(&args[0])?;
        let payload = read(&args[1])?;
        let key = load_signing_key(&read(key_path)?, key_path, None).map_err(|e| e.to_string())?;
        let trim = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
        let input = format!(
            "{}.{}",
            b64url::encode(trim(&header).as_bytes()),
            b64url::encode(trim(&payload).as_bytes())
        );
        let sig = key.sign(input.as_bytes()).map_err(|e| e.to_string())?;
        Ok(format!("{input}.{}", b64url::encode(&sig)))
    })();
    match result {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sign: {e}");
            ExitCode::from(2)
        }
    }
}
