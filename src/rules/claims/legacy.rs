//! `claims.legacy`: top-level claims of earlier ticket models that the current guide replaced.

use crate::rules::support::child;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.legacy",
    severity: Severity::Warning,
    summary: "No claims of earlier ticket models (sub, cnf, context, must_understand, ...)",
    citation: Citation {
        page: Page::Index,
        section: "Field Handling",
        keyword: Keyword::Derived,
        quote: "Unknown top-level claims are ignored (paraphrased); context and must_understand were removed, and cnf replaced by presenter_binding, in June 2026 (the guide's resolved questions RQ-CONTEXT, RQ-MUST-UNDERSTAND, RQ-CNF)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
The payload has none of these top-level claims of earlier ticket models: `sub`, `cnf`,
`ticket_context`, `context`, `must_understand`, `authorization`, `details`. Each one present is
reported at its pointer, with what replaced it.

## Why it matters
Current Data Holders ignore unknown top-level claims, so whatever these claims were meant to do
does not happen:
- `cnf` (key binding): ignored, so the ticket is not bound to any client key. Binding is
  `presenter_binding: {\"method\": \"jkt\", \"jkt\": \"<thumbprint>\"}`, same semantics as
  `cnf.jkt`.
- `sub` (the client id in old models): ignored. The principal is `requester`; the redeeming
  software is constrained by `presenter_binding` and client authentication.
- `context` / `ticket_context` (facts such as the service and claim): facts are now top-level
  profile claims, and a Payer Claims Adjudication ticket links its claim in
  `access.claim_linkage` (encounters, optional claim).
- `must_understand`: removed; every `access` member is enforce-or-reject by definition, and the
  reference implementation of April 2026 rejected any non-empty value.
- `authorization` / `details`: old containers for permissions; limits live in the `access`
  object of named constraints.

A ticket carrying them was probably built from an old template, so its real limits may be
missing.

## How to fix
Move the meaning to the current claim (see above) and remove the old one. Run `ptix lint`
again: the replacement claims have rules of their own.",
    decision: Some(
        "A warning, not info: these claims are ignored like any unknown claim, but each signals an \
         intent (key binding, claim facts, permissions) that the ticket does not actually carry.",
    ),
    file: file!(),
    check,
};

/// Legacy claims: what each one was, and what replaced it.
const LEGACY: &[(&str, &str, &str)] = &[
    (
        "sub",
        "the client id",
        "the principal is requester, and the redeeming client is constrained by presenter_binding",
    ),
    (
        "cnf",
        "key binding",
        "bind the ticket with presenter_binding {\"method\": \"jkt\", \"jkt\": ...}, same semantics as cnf.jkt",
    ),
    (
        "ticket_context",
        "the wrapper of subject, actor, context and capability",
        "subject, requester and access are top-level claims, and limits live in access",
    ),
    (
        "context",
        "facts such as the service and the claim",
        "facts are top-level profile claims, and a Payer Claims Adjudication ticket links its claim in access.claim_linkage",
    ),
    (
        "must_understand",
        "a list of claims the Data Holder had to process",
        "it was removed: every access member is enforce-or-reject, and unknown top-level claims are ignored",
    ),
    (
        "authorization",
        "a container of permissions",
        "limits live in the access object of named constraints",
    ),
    (
        "details",
        "authorization details",
        "limits live in the access object of named constraints",
    ),
];

/// Is `name` a claim of an earlier ticket model?
pub(crate) fn is_legacy(name: &str) -> bool {
    LEGACY.iter().any(|(n, _, _)| *n == name)
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(payload) = ctx.payload.as_object() else {
        return;
    };
    for (name, was, now) in LEGACY {
        if crate::rules::engine::member(payload, name).is_some() {
            out.report(
                child("/payload", name),
                format!(
                    "{name} ({was}) belongs to an earlier ticket model, and Data Holders ignore it; {now}"
                ),
            );
        }
    }
}
