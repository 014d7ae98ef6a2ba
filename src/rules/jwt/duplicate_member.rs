//! `jwt.duplicate_member`: no JSON object in the header or payload repeats a member name.

use crate::rules::support::payload_ptr;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.duplicate_member",
    severity: Severity::Error,
    summary: "No member name appears twice in the same JSON object of the header or payload",
    citation: Citation {
        page: Page::Rfc7519,
        section: "4. JWT Claims",
        keyword: Keyword::Shall,
        quote: "The Claim Names within a JWT Claims Set MUST be unique; JWT parsers MUST either reject JWTs with duplicate Claim Names or use a JSON parser that returns only the lexically last duplicate member name (RFC 7515 §4 says the same of Header Parameter names)",
    },
    applies: Applies::Always,
    explain: "\
## What it checks
Every JSON object in the JOSE header and in the payload (top level and nested: `subject`,
`access.claim_linkage`, each encounter reference...) has distinct member names. Each repeated
member is reported at its own pointer. It runs on tokens and on bare payload files.

## Why it matters
RFC 7515 and RFC 7519 let a parser either reject duplicates or keep the last one, and real
parsers do both, or keep the first. The same ticket can then mean two different things: a
token with two `aud` values, or two `encounter` lists, may pass one component's checks with
one value and be enforced by another with the other. A Data Holder that rejects duplicates
answers `invalid_grant`; one that does not is open to exactly this confusion.

## How to fix
Build the header and payload as objects in a JSON library and serialize them, instead of
concatenating strings or templates; remove the repeated member and keep the value you meant.

## Example
`{\"aud\": \"https://fhir.provider.example.org\", ..., \"aud\": \"https://attacker.example\"}`
is reported at `/payload/aud`.",
    decision: Some(
        "An error wherever the duplicate is, nested objects included: RFC 7515/7519 allow a parser \
         to keep either value, so no verifier can rely on the one it sees. ptix itself keeps the \
         last value, as JSON.parse does.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let mut pointers: Vec<String> = Vec::new();
    match ctx.artifact {
        Artifact::Jws(jws) => {
            pointers.extend(jws.header_duplicates.iter().cloned());
            pointers.extend(jws.payload_duplicates.iter().cloned());
        }
        // Artifact::from_text roots these at /payload already (jose::compact::object); a
        // payload-relative pointer is rooted here.
        Artifact::Payload { duplicates, .. } => {
            pointers.extend(duplicates.iter().map(|p| {
                if p == "/payload" || p.starts_with("/payload/") {
                    p.clone()
                } else {
                    payload_ptr(p)
                }
            }));
        }
        Artifact::Malformed(_) => {}
    }
    let mut seen: Vec<&str> = Vec::new();
    for p in &pointers {
        if seen.contains(&p.as_str()) {
            continue;
        }
        seen.push(p);
        let (parent, name) = p.rsplit_once('/').unwrap_or(("", p.as_str()));
        let name = name.replace("~1", "/").replace("~0", "~");
        let place = match parent {
            "/header" => "the header".to_string(),
            "/payload" => "the payload".to_string(),
            other => other.to_string(),
        };
        out.report(
            p.clone(),
            format!(
                "member \"{name}\" appears more than once in {place}; parsers disagree about which value wins, so a verifier cannot rely on either"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_payload_duplicates_are_rooted_at_payload() {
        let artifact = Artifact::from_text(r#"{"a": 1, "s": {"b": 1, "b": 2}, "a": 2}"#);
        let mut opts = LintOptions::at(0);
        opts.select = vec![RULE.id.to_string()];
        let mut pointers: Vec<String> = run(&artifact, &opts, None)
            .into_iter()
            .map(|f| f.pointer)
            .collect();
        pointers.sort();
        assert_eq!(pointers, ["/payload/a", "/payload/s/b"]);
    }
}
