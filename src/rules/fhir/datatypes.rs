//! `fhir.datatypes`: the FHIR members of the ticket have the JSON types the schema gives them.

use serde_json::Value;

use crate::rules::support::{child, kind, Member};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "fhir.datatypes",
    severity: Severity::Error,
    summary: "FHIR members of the ticket (names, dates, display texts, codings) have the JSON types the schema gives them",
    citation: Citation {
        page: Page::Schema,
        section: "FHIR datatypes (Patient, Organization, Reference, Identifier, HumanName, CodeableConcept)",
        keyword: Keyword::Schema,
        quote: "family, birthDate, gender, name, display, type, text, system, code are strings; given, prefix, suffix arrays of strings; name and coding arrays of objects; a Reference's identifier an object",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
The members of the FHIR structures in the ticket that the schema types and no other rule
already checks:
- `subject.patient`: `name` is an array of HumanName objects (`use`, `text`, `family` strings;
  `given`, `prefix`, `suffix` arrays of strings); `birthDate` and `gender` are strings;
- `subject.patient_reference`, when present, is a string;
- `requester.name` is a string for an Organization, and an array of HumanNames for a
  Practitioner or RelatedPerson (the requesters of other ticket types);
- the References `subject.recipient_record`, `access.claim_linkage.claim` and each
  `access.claim_linkage.encounter[]`: `display` is a string; the claim's `reference` and `type`
  and an encounter's `type` are strings; an encounter's `identifier` is a single Identifier
  object;
- every Identifier's `type` is a CodeableConcept: an object whose `coding` is an array of
  objects with string `system`, `code` and `display`, and whose `text` is a string.

One finding per member of the wrong type, at the member. (The Identifiers' `system` and `value`
are `fhir.identifier`'s; the other members of these References, `subject.patient`'s own type
and the requester's are the rules of the claim they sit in.)

## Why it matters
A Data Holder that validates tickets against the guide's schema rejects one whose FHIR members
have the wrong JSON type, and one that does not may fail to match the patient or the claim:
a birth date given as a number, or a given name as a bare string, compares with nothing.

## How to fix
Write the member in its FHIR JSON form: `\"birthDate\": \"1962-03-09\"`, `\"given\": [\"Daniel\"]`,
`\"name\": [{\"family\": \"Okafor\"}]` for a Patient (an Organization's `name` is a plain string).",
    decision: None,
    file: file!(),
    check,
};

/// The JSON type a member must have.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    /// An array of strings.
    Strs,
    /// An object with these members.
    Obj(&'static [Field]),
    /// An array of objects with these members.
    Objs(&'static [Field]),
    /// An object whose own type another rule checks: only its members are checked here.
    In(&'static [Field]),
    /// An array whose own type (and its elements') another rule checks: only the members of its
    /// object elements are checked here.
    InEach(&'static [Field]),
}

type Field = (&'static str, Ty);

const CODING: &[Field] = &[("system", Ty::Str), ("code", Ty::Str), ("display", Ty::Str)];
const CODEABLE_CONCEPT: &[Field] = &[("coding", Ty::Objs(CODING)), ("text", Ty::Str)];
/// An Identifier's members besides `system` and `value` (`fhir.identifier`'s).
const IDENTIFIER: &[Field] = &[("type", Ty::Obj(CODEABLE_CONCEPT))];
const HUMAN_NAME: &[Field] = &[
    ("use", Ty::Str),
    ("text", Ty::Str),
    ("family", Ty::Str),
    ("given", Ty::Strs),
    ("prefix", Ty::Strs),
    ("suffix", Ty::Strs),
];
const PATIENT: &[Field] = &[
    ("identifier", Ty::InEach(IDENTIFIER)),
    ("name", Ty::Objs(HUMAN_NAME)),
    ("birthDate", Ty::Str),
    ("gender", Ty::Str),
];
const SUBJECT: &[Field] = &[
    ("patient", Ty::In(PATIENT)),
    ("patient_reference", Ty::Str),
    // Its reference, identifier and type: subject.recipient_record_shape.
    (
        "recipient_record",
        Ty::In(&[("display", Ty::Str), ("identifier", Ty::In(IDENTIFIER))]),
    ),
];
/// An Organization's `name` is a string; a Practitioner's or RelatedPerson's, HumanNames.
const ORGANIZATION: &[Field] = &[("name", Ty::Str), ("identifier", Ty::InEach(IDENTIFIER))];
const PERSON: &[Field] = &[
    ("name", Ty::Objs(HUMAN_NAME)),
    ("identifier", Ty::InEach(IDENTIFIER)),
];
const OTHER_REQUESTER: &[Field] = &[("identifier", Ty::InEach(IDENTIFIER))];
const CLAIM_LINKAGE: &[Field] = &[
    // Its identifier's own type: claim_linkage.claim_reference.
    (
        "claim",
        Ty::In(&[
            ("reference", Ty::Str),
            ("type", Ty::Str),
            ("display", Ty::Str),
            ("identifier", Ty::In(IDENTIFIER)),
        ]),
    ),
    // An entry's own type and its reference: claim_linkage.encounter_reference.
    (
        "encounter",
        Ty::InEach(&[
            ("type", Ty::Str),
            ("display", Ty::Str),
            ("identifier", Ty::Obj(IDENTIFIER)),
        ]),
    ),
];

/// What a value of type `ty` is called in a finding.
fn expected(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string",
        Ty::Strs => "an array of strings",
        Ty::Obj(_) | Ty::In(_) => "an object",
        Ty::Objs(_) | Ty::InEach(_) => "an array of objects",
    }
}

/// Where a value sits: a chain of steps on the stack, turned into a JSON Pointer and a dotted
/// path only for a finding (most tickets have none).
#[derive(Clone, Copy)]
enum At<'p> {
    /// A payload member.
    Top(&'static str),
    Member(&'p At<'p>, &'static str),
    Index(&'p At<'p>, usize),
}

impl At<'_> {
    fn pointer(&self) -> String {
        match self {
            At::Top(name) => format!("/payload/{name}"),
            At::Member(parent, name) => child(&parent.pointer(), name),
            At::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
    fn dotted(&self) -> String {
        match self {
            At::Top(name) => name.to_string(),
            At::Member(parent, name) => format!("{}.{name}", parent.dotted()),
            At::Index(parent, i) => format!("{}[{i}]", parent.dotted()),
        }
    }
}

/// Report `v`, at `at`, which is not `what`.
fn wrong(out: &mut Findings, at: &At<'_>, v: &Value, what: &'static str) {
    out.report(
        at.pointer(),
        format!("{} is {}; the schema types it as {what}", at.dotted(), kind(v)),
    )
    .expected(what)
    .actual(v.clone());
}

/// Check `v`, at `at`, against `ty`.
fn walk(v: &Value, ty: Ty, at: &At<'_>, out: &mut Findings) {
    match (ty, v) {
        (Ty::Str, Value::String(_)) => {}
        (Ty::Strs, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate().filter(|(_, item)| !item.is_string()) {
                wrong(out, &At::Index(at, i), item, "a string");
            }
        }
        (Ty::Obj(fields) | Ty::In(fields), Value::Object(_)) => members(v, fields, at, out),
        (Ty::Objs(fields), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(_) => members(item, fields, &At::Index(at, i), out),
                    _ => wrong(out, &At::Index(at, i), item, "an object"),
                }
            }
        }
        (Ty::InEach(fields), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate().filter(|(_, item)| item.is_object()) {
                members(item, fields, &At::Index(at, i), out);
            }
        }
        (Ty::In(_) | Ty::InEach(_), _) => {}
        (ty, v) => wrong(out, at, v, expected(ty)),
    }
}

fn members(obj: &Value, fields: &[Field], at: &At<'_>, out: &mut Findings) {
    for &(name, ty) in fields {
        if let Some(v) = obj.member(name) {
            walk(v, ty, &At::Member(at, name), out);
        }
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if let Some(v) = ctx.get("/subject") {
        walk(v, Ty::In(SUBJECT), &At::Top("subject"), out);
    }
    if let Some(v) = ctx.get("/requester") {
        let fields = match v.member("resourceType").and_then(Value::as_str) {
            Some("Organization") => ORGANIZATION,
            Some("Practitioner" | "RelatedPerson") => PERSON,
            _ => OTHER_REQUESTER,
        };
        walk(v, Ty::In(fields), &At::Top("requester"), out);
    }
    if let Some(v) = ctx.get("/access/claim_linkage") {
        walk(
            v,
            Ty::In(CLAIM_LINKAGE),
            &At::Member(&At::Top("access"), "claim_linkage"),
            out,
        );
    }
}
