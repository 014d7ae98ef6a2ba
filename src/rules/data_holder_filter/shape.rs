//! `data_holder_filter.shape`: each filter entry is a jurisdiction or an organization filter.

use crate::rules::support::Member;
use serde_json::{Map, Value};

use crate::rules::support::{child, kind, non_empty_str};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "data_holder_filter.shape",
    severity: Severity::Error,
    summary: "access.data_holder_filter is a non-empty array of jurisdiction or organization filters",
    citation: Citation {
        page: Page::AccessConstraints,
        section: "Constraint Model: data_holder_filter",
        keyword: Keyword::Schema,
        quote: "Each entry is a jurisdiction filter ({ kind: \"jurisdiction\", address }) or an organization filter ({ kind: \"organization\", organization }); schema: non-empty array, address with country or state, organization a non-empty array of References",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `access.data_holder_filter` is present, it is a non-empty array, and each entry is an
object with `kind`:
- `\"jurisdiction\"`, with `address` an object carrying a non-empty `country` or `state`
  (strings);
- `\"organization\"`, with `organization` a non-empty array of References, each an object with an
  `identifier` object (its system/value are checked by `fhir.identifier`).

One finding per bad entry or member. For Payer Claims Adjudication the filter is not part of
the type at all (`pca.data_holder_filter_not_part`).

## Why it matters
A Data Holder answers \"do I match any entry?\" once, when the ticket is presented, by its own
jurisdiction or organizational identifier. An entry it cannot read cannot be matched, so the
constraint cannot be enforced and the ticket is rejected. An empty array would match no Data
Holder at all. The April model's single Organization resource in `organization` is no longer
the shape.

## How to fix
Use entries such as:
```json
\"data_holder_filter\": [
  { \"kind\": \"jurisdiction\", \"address\": { \"country\": \"US\", \"state\": \"CA\" } },
  { \"kind\": \"organization\", \"organization\": [ { \"identifier\": { \"system\": \"http://hl7.org/fhir/sid/us-npi\", \"value\": \"1234567893\" } } ] }
]
```",
    decision: Some(
        "The organization filter matches \"by organizational identifier\", so ptix requires each \
         organization Reference to carry an identifier object, where the schema's generic Reference \
         would also admit a bare reference or display.",
    ),
    file: file!(),
    check,
};

fn jurisdiction(entry: &Map<String, Value>, ptr: &str, i: usize, out: &mut Findings) {
    let Some(address) = entry.member("address") else {
        out.report(
            ptr,
            format!("data_holder_filter[{i}] is a jurisdiction filter without an address"),
        )
        .expected("address with country and/or state");
        return;
    };
    let aptr = child(ptr, "address");
    let Some(addr) = address.as_object() else {
        out.report(
            aptr,
            format!(
                "data_holder_filter[{i}].address is {}; expected an object with country and/or state",
                kind(address)
            ),
        )
        .expected("an object")
        .actual(kind(address));
        return;
    };
    let mut typed = true;
    for name in ["country", "state"] {
        if let Some(v) = addr.get(name).filter(|v| !v.is_string()) {
            typed = false;
            out.report(
                child(&aptr, name),
                format!(
                    "data_holder_filter[{i}].address.{name} is {}; expected a string",
                    kind(v)
                ),
            )
            .expected("a string")
            .actual(v.clone());
        }
    }
    if typed
        && non_empty_str(addr.member("country")).is_none()
        && non_empty_str(addr.member("state")).is_none()
    {
        out.report(
            aptr,
            format!("data_holder_filter[{i}].address has neither a country nor a state"),
        )
        .expected("country and/or state")
        .actual(address.clone());
    }
}

fn organization(entry: &Map<String, Value>, ptr: &str, i: usize, out: &mut Findings) {
    let Some(orgs) = entry.member("organization") else {
        out.report(
            ptr,
            format!("data_holder_filter[{i}] is an organization filter without organization"),
        )
        .expected("a non-empty array of References");
        return;
    };
    let optr = child(ptr, "organization");
    let Some(items) = orgs.as_array() else {
        let legacy = if orgs.member("resourceType").is_some() {
            " (a single Organization resource is the April model)"
        } else {
            ""
        };
        out.report(
            optr,
            format!("data_holder_filter[{i}].organization is {}; expected a non-empty array of References{legacy}", kind(orgs)),
        )
        .expected("a non-empty array")
        .actual(kind(orgs));
        return;
    };
    if items.is_empty() {
        out.report(
            optr,
            format!("data_holder_filter[{i}].organization is an empty array"),
        )
        .expected("a non-empty array");
        return;
    }
    for (j, org) in items.iter().enumerate() {
        let rptr = child(&optr, &j.to_string());
        let Some(reference) = org.as_object() else {
            out.report(
                rptr,
                format!(
                    "data_holder_filter[{i}].organization[{j}] is {}; expected a Reference object",
                    kind(org)
                ),
            )
            .expected("an object with identifier")
            .actual(org.clone());
            continue;
        };
        match reference.member("identifier") {
            Some(id) if id.is_object() => {}
            Some(id) => {
                out.report(
                    child(&rptr, "identifier"),
                    format!("data_holder_filter[{i}].organization[{j}].identifier is {}; expected one Identifier object", kind(id)),
                )
                .expected("an object")
                .actual(kind(id));
            }
            None => {
                out.report(
                    rptr,
                    format!("data_holder_filter[{i}].organization[{j}] has no identifier; organization filters match by organizational identifier"),
                )
                .expected("a Reference with identifier");
            }
        }
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(filter) = ctx.get("/access/data_holder_filter") else {
        return;
    };
    let base = "/payload/access/data_holder_filter";
    let Some(entries) = filter.as_array() else {
        out.report(
            base,
            format!(
                "access.data_holder_filter is {}; expected an array of filter entries",
                kind(filter)
            ),
        )
        .expected("a non-empty array")
        .actual(kind(filter));
        return;
    };
    if entries.is_empty() {
        out.report(
            base,
            "access.data_holder_filter is an empty array, which no Data Holder matches",
        )
        .expected("a non-empty array");
        return;
    }
    for (i, entry) in entries.iter().enumerate() {
        let ptr = child(base, &i.to_string());
        let Some(obj) = entry.as_object() else {
            out.report(
                ptr,
                format!(
                    "data_holder_filter[{i}] is {}; expected an object with kind",
                    kind(entry)
                ),
            )
            .expected("an object")
            .actual(entry.clone());
            continue;
        };
        match obj.member("kind") {
            Some(Value::String(k)) if k == "jurisdiction" => jurisdiction(obj, &ptr, i, out),
            Some(Value::String(k)) if k == "organization" => organization(obj, &ptr, i, out),
            None => {
                out.report(
                    ptr,
                    format!(
                        "data_holder_filter[{i}] has no kind; expected \"jurisdiction\" or \"organization\""
                    ),
                )
                .expected(vec!["jurisdiction", "organization"]);
            }
            Some(other) => {
                out.report(
                    child(&ptr, "kind"),
                    format!("data_holder_filter[{i}].kind is {other}; expected \"jurisdiction\" or \"organization\""),
                )
                .expected(vec!["jurisdiction", "organization"])
                .actual(other.clone());
            }
        }
    }
}
