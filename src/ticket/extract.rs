//! Find the token in what a person pastes: a bare token, `Bearer <token>`, or a form-encoded
//! token-exchange request body carrying `subject_token=<token>`.

/// The `subject_token_type` a token-exchange request presents a Permission Ticket with.
pub const TICKET_TOKEN_TYPE: &str = "https://smarthealthit.org/token-type/permission-ticket";

/// The token text, and how it was found (for a note on stderr).
pub fn extract(text: &str) -> (String, Option<String>) {
    let t = text.trim().trim_start_matches('\u{feff}');
    // `Authorization: Bearer <token>` as copied from a request, the scheme in any case
    // (RFC 9110 §11.1).
    let header = t
        .get(..14)
        .filter(|h| h.eq_ignore_ascii_case("authorization:"))
        .map_or(t, |_| t[14..].trim_start());
    if let Some(rest) = header
        .get(..7)
        .filter(|b| b.eq_ignore_ascii_case("bearer "))
        .map(|_| &header[7..])
    {
        return (
            rest.trim().to_string(),
            Some("took the token after \"Bearer \"".into()),
        );
    }
    if t.contains("subject_token=") && !t.starts_with('{') {
        let field = |name: &str| {
            t.split('&')
                .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
                .map(percent_decode)
        };
        if let Some(token) = field("subject_token") {
            let mut note = "took subject_token from a form-encoded token-exchange request".to_string();
            match field("subject_token_type") {
                Some(ty) if ty == TICKET_TOKEN_TYPE => {}
                Some(ty) => note.push_str(&format!(
                    "; its subject_token_type is {ty:?}, not {TICKET_TOKEN_TYPE}: a Data Holder answers invalid_request"
                )),
                None => note.push_str(&format!(
                    "; it has no subject_token_type ({TICKET_TOKEN_TYPE}): a Data Holder answers invalid_request"
                )),
            }
            return (token, Some(note));
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
        for pasted in [
            "BEARER a.b.c",
            "Authorization: Bearer a.b.c",
            "authorization:bearer  a.b.c",
        ] {
            assert_eq!(extract(pasted).0, "a.b.c", "{pasted}");
        }
        // Multi-byte text where the prefixes would be cut is no prefix (and no panic).
        assert_eq!(extract("Authorizatió a").0, "Authorizatió a");
        assert_eq!(extract("Beareé a").0, "Beareé a");
        let body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=a.b.c&subject_token_type=x";
        assert_eq!(extract(body).0, "a.b.c");
        assert_eq!(extract("a.b.c").1, None);
        // The request's token type is checked, as a Data Holder would.
        let typed = format!(
            "subject_token=a.b.c&subject_token_type={}",
            TICKET_TOKEN_TYPE.replace(':', "%3A")
        );
        assert_eq!(
            extract(&typed).1.as_deref(),
            Some("took subject_token from a form-encoded token-exchange request")
        );
        let jwt_typed = "subject_token=a.b.c&subject_token_type=urn:ietf:params:oauth:token-type:jwt";
        let note = extract(jwt_typed).1.unwrap_or_default();
        assert!(
            note.contains("not https://smarthealthit.org/token-type/permission-ticket"),
            "{note}"
        );
        assert!(extract("subject_token=a.b.c")
            .1
            .unwrap_or_default()
            .contains("no subject_token_type"));
        assert_eq!(percent_decode("%41%2"), "A%2");
    }
}
