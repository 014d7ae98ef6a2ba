//! JOSE: base64url, strict JSON parsing, compact JWS serialization and the ES256/RS256 primitives.

pub mod alg;
pub mod b64url;
pub mod compact;
pub mod json;

pub use alg::Alg;
pub use compact::{CompactJws, JwsError};
