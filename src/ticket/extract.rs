//! Find the token in what a person pastes: a bare token, `Bearer <token>`, or a form-encoded
//! token-exchange request body carrying `subject_token=<token>`.

/// The token text, and how it was found (for a note on stderr).
pub fn extract(text: &str) -> (String, Option<&'static str>) {
    let t = text.trim().trim_start_matches('\u{feff}');
    if let Some(rest) = t.strip_prefix("Bearer ").or_else(|| t.strip_prefix("bearer ")) {
        return (rest.trim().to_string(), Some("took the token after \"Bearer \""));
    }
    if t.contains("subject_token=") && !t.starts_with('{') {
        for pair in t.split('&') {
            if let Some(v) = pair.trim().strip_prefix("subject_token=") {
                return (
                    percent_decode(v),
                    Some("took subject_token from a form-encoded token-exchange request"),
                );
            }
        }
    }
    (t.to_string(), None)
}

/// `application/x-www-form-urlencoded` value decoding (`+` is a space, `%XX` a byte).
fn percent_decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_and_form_bodies() {
        assert_eq!(extract("  Bearer a.b.c \n").0, "a.b.c");
        let body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=a.b.c&subject_token_type=x";
        assert_eq!(extract(body).0, "a.b.c");
        assert_eq!(extract("a.b.c").1, None);
        assert_eq!(percent_decode("%41%2"), "A%2");
    }
}
