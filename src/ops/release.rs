//! `ptix release`: what a Data Holder may release for a Payer Claims Adjudication ticket, from
//! its own FHIR data.
//!
//! claim_linkage page, "For the Data Holder": "Release only records you associate with the
//! linked encounters: at minimum the records linked to the named encounter references, plus
//! current problems, medications, and allergies." PCA page, "Data Holder Processing": "Enforce
//! claim_linkage against the records you associate with the linked encounters; apply
//! restriction flags before release." Releasing less is always allowed (claim_linkage page, "For the Data Holder").
//!
//! Every resource gets one decision, made by one rule with a stable id:
//! 1. a *release* rule gives it a ground (the subject, a linked encounter, a record that
//!    references one, the claim and its coverage, the patient-level floor; then, transitively,
//!    the documents and results of released records);
//! 2. a *withhold* rule then may take it back (another patient, `sensitivity_withhold`,
//!    restriction labels): withholding wins over release;
//! 3. what has no ground is withheld by `withhold.not_linked`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Value};

use crate::release::data::{Dataset, Resource};
use crate::release::labels::{self, Label, Restriction};
use crate::release::linkage::{self, EncounterLink};
use crate::release::refs::{self, Refs};
use crate::release::subject;
use crate::release::terms::{self, Linked, Terms};
pub use crate::release::Refusal;

/// The stable rule ids.
pub mod rule {
    pub const PATIENT: &str = "release.patient";
    pub const LINKED_ENCOUNTER: &str = "release.linked_encounter";
    pub const CLAIM: &str = "release.claim";
    pub const COVERAGE: &str = "release.coverage";
    pub const ENCOUNTER_REFERENCE: &str = "release.encounter_reference";
    pub const FLOOR_PROBLEM: &str = "release.floor_problem";
    pub const FLOOR_MEDICATION: &str = "release.floor_medication";
    pub const FLOOR_ALLERGY: &str = "release.floor_allergy";
    pub const ATTACHMENT: &str = "release.attachment";
    pub const REPORT_RESULT: &str = "release.report_result";
    pub const OTHER_PATIENT: &str = "withhold.other_patient";
    pub const UNRESOLVED_ENCOUNTER: &str = "withhold.unresolved_encounter";
    pub const SENSITIVITY_CODE: &str = "withhold.sensitivity_code";
    pub const UNREADABLE_LABEL: &str = "withhold.unreadable_label";
    pub const RESTRICTED_SELF_PAY: &str = "withhold.restricted_self_pay";
    pub const CONFIDENTIALITY: &str = "withhold.confidentiality";
    pub const SENSITIVITY_UNLISTED: &str = "withhold.sensitivity_unlisted";
    pub const NOT_LINKED: &str = "withhold.not_linked";
}

/// A rule of the catalogue: what it decides, when, and what it rests on.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub decision: Disposition,
    pub summary: &'static str,
    pub rests_on: &'static str,
}

/// Every rule, in the order they are applied.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: rule::PATIENT,
        decision: Disposition::Released,
        summary: "the Patient the ticket's subject resolves to",
        rests_on: "PCA page, Required Claims (Subject: Patient)",
    },
    RuleInfo {
        id: rule::LINKED_ENCOUNTER,
        decision: Disposition::Released,
        summary: "an Encounter named by access.claim_linkage.encounter",
        rests_on: "claim_linkage page, For the Data Holder",
    },
    RuleInfo {
        id: rule::CLAIM,
        decision: Disposition::Released,
        summary: "the Claim access.claim_linkage.claim identifies (identifier system and value, or reference)",
        rests_on: "claim_linkage page, Shape and validity; PCA page, Constraints (Claim is a typical candidate)",
    },
    RuleInfo {
        id: rule::COVERAGE,
        decision: Disposition::Released,
        summary: "the Coverage of that Claim's focal insurance (Claim.insurance.coverage), when the Claim is released",
        rests_on: "PCA page, Constraints (Coverage is a typical candidate)",
    },
    RuleInfo {
        id: rule::ENCOUNTER_REFERENCE,
        decision: Disposition::Released,
        summary: "a record whose encounter element references a linked encounter (Observation.encounter, MedicationStatement.context, DocumentReference.context.encounter, Encounter.partOf, ...), or that a linked encounter names in diagnosis.condition or reasonReference; a Claim, ExplanationOfBenefit, ClaimResponse or Coverage goes only with the ticket's own claim",
        rests_on: "claim_linkage page, For the Data Holder (records linked to the named encounter references)",
    },
    RuleInfo {
        id: rule::FLOOR_PROBLEM,
        decision: Disposition::Released,
        summary: "a current problem of the patient: a Condition with clinicalStatus active, recurrence or relapse (not refuted or entered in error), on the problem list or tied to no encounter in the data",
        rests_on: "claim_linkage page, For the Data Holder (current problems)",
    },
    RuleInfo {
        id: rule::FLOOR_MEDICATION,
        decision: Disposition::Released,
        summary: "a current medication of the patient: an active MedicationRequest (not a proposal or option) or MedicationStatement, linked or not",
        rests_on: "claim_linkage page, For the Data Holder (medications)",
    },
    RuleInfo {
        id: rule::FLOOR_ALLERGY,
        decision: Disposition::Released,
        summary: "a current allergy of the patient: an AllergyIntolerance not refuted or entered in error, and not inactive or resolved, linked or not",
        rests_on: "claim_linkage page, For the Data Holder (allergies)",
    },
    RuleInfo {
        id: rule::ATTACHMENT,
        decision: Disposition::Released,
        summary: "the content a released record points at: DocumentReference.content.attachment.url, DiagnosticReport.presentedForm.url, Media.content.url (a Binary); a Binary whose securityContext is another record goes only with that record",
        rests_on: "PCA page, Constraints (documentation resources)",
    },
    RuleInfo {
        id: rule::REPORT_RESULT,
        decision: Disposition::Released,
        summary: "an Observation a released DiagnosticReport lists in result",
        rests_on: "claim_linkage page, For the Data Holder (records you associate with the encounters)",
    },
    RuleInfo {
        id: rule::OTHER_PATIENT,
        decision: Disposition::Withheld,
        summary: "a Patient other than the subject, or a record whose subject, patient, beneficiary or for (Task) is another Patient or a reference ptix cannot resolve to one in the data (another server, a contained or conditional reference, an identifier or display alone)",
        rests_on: "base specification, Subject Resolution",
    },
    RuleInfo {
        id: rule::UNRESOLVED_ENCOUNTER,
        decision: Disposition::Withheld,
        summary: "a record whose encounter reference does not resolve to an Encounter in the data (another server, an unknown urn, an identifier alone, an Encounter not in the data): the labels it would inherit cannot be known",
        rests_on: "PCA page, Restricted Data (apply restriction flags before release; fail closed)",
    },
    RuleInfo {
        id: rule::SENSITIVITY_CODE,
        decision: Disposition::Withheld,
        summary: "a record labelled (itself, or through its Encounter, report or document) with a code access.sensitivity_withhold names; wins over every release rule",
        rests_on: "Proposal 005 (sensitivity_withhold: withhold matching data unconditionally); PCA page, Constraints",
    },
    RuleInfo {
        id: rule::UNREADABLE_LABEL,
        decision: Disposition::Withheld,
        summary: "a record (or its Encounter, report or document) whose meta.security is not an array of Codings with a code: the label may be a restriction ptix cannot read; never lifted",
        rests_on: "PCA page, Restricted Data (a valid ticket does not override local rules; fail closed)",
    },
    RuleInfo {
        id: rule::RESTRICTED_SELF_PAY,
        decision: Disposition::Withheld,
        summary: "a record labelled v3-ActCode HIPAASelfPay (itself, or through its Encounter, report or document), unless sensitivity_release_authorized lists that code",
        rests_on: "PCA page, Restricted Data (45 CFR 164.522(a)(1)(vi))",
    },
    RuleInfo {
        id: rule::CONFIDENTIALITY,
        decision: Disposition::Withheld,
        summary: "a record labelled v3-Confidentiality R or V, unless sensitivity_release_authorized lists that code",
        rests_on: "PCA page, Restricted Data (records restricted from disclosure to the payer)",
    },
    RuleInfo {
        id: rule::SENSITIVITY_UNLISTED,
        decision: Disposition::Withheld,
        summary: "with access.sensitivity_withhold.unlisted: true, a record with any security label other than v3-Confidentiality U, L, M, N, unless sensitivity_release_authorized lists it",
        rests_on: "Proposal 005 (unlisted: all locally classified sensitive data)",
    },
    RuleInfo {
        id: rule::NOT_LINKED,
        decision: Disposition::Withheld,
        summary: "everything no release rule covers",
        rests_on: "claim_linkage page, For the Data Holder (release only records you associate with the linked encounters)",
    },
];

/// Released or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    Released,
    Withheld,
}

impl Disposition {
    pub fn name(self) -> &'static str {
        match self {
            Disposition::Released => "released",
            Disposition::Withheld => "withheld",
        }
    }
}

/// The decision for one resource.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// `Type/id`.
    pub resource: String,
    pub decision: Disposition,
    /// The id of the rule that decided.
    pub rule: &'static str,
    pub reason: String,
}

/// What the ticket says, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TicketReport {
    pub jti: Option<String>,
    pub iss: Option<String>,
    /// Whether the ticket was verified (false with `--no-verify`).
    pub verified: bool,
    /// How the ticket names its subject.
    pub subject: String,
    /// `access.claim_linkage.encounter`, as written.
    pub encounters: Vec<String>,
    /// `access.claim_linkage.claim`, as written.
    pub claim: Option<String>,
    pub sensitivity_withhold: Option<Value>,
    pub sensitivity_release_authorized: Option<Value>,
}

/// One linked reference and what it resolved to in the data.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// As the ticket writes it.
    pub reference: String,
    /// `Type/id` in the data, when found.
    pub resource: Option<String>,
    pub found: bool,
}

/// How the ticket's linkage resolved in the data.
#[derive(Debug, Clone, Serialize)]
pub struct Linkage {
    pub encounters: Vec<Link>,
    pub claim: Option<Link>,
    pub coverage: Vec<String>,
}

/// Counts.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub released: usize,
    pub withheld: usize,
    pub total: usize,
    /// Decisions per rule id.
    pub rules: BTreeMap<&'static str, usize>,
}

/// The release computed for a ticket.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub ticket: TicketReport,
    /// `Patient/<id>`.
    pub patient: String,
    /// How the subject was resolved and matched.
    pub subject_resolution: String,
    pub linkage: Linkage,
    pub summary: Summary,
    pub notes: Vec<String>,
    /// Every resource, sorted by type then id.
    pub decisions: Vec<Decision>,
}

impl Release {
    /// `Type/id` of every released resource, sorted.
    pub fn released(&self) -> Vec<&str> {
        self.decisions
            .iter()
            .filter(|d| d.decision == Disposition::Released)
            .map(|d| d.resource.as_str())
            .collect()
    }
}

/// Why a rule gave or took a resource.
#[derive(Debug, Clone)]
struct Ground {
    rule: &'static str,
    reason: String,
}

fn ground(rule: &'static str, reason: impl Into<String>) -> Option<Ground> {
    Some(Ground {
        rule,
        reason: reason.into(),
    })
}

/// Everything the rules look at, computed once.
struct Ctx<'a> {
    data: &'a Dataset,
    terms: &'a Terms,
    /// `Patient/<id>` of the subject.
    patient: String,
    /// Linked Encounters found in the data.
    linked: BTreeSet<String>,
    /// The ticket's Claim, when found.
    claim: Option<String>,
    /// The Coverages of that Claim found in the data.
    coverage: BTreeSet<String>,
    /// Per resource: its encounter references into the data.
    enc_links: Vec<Vec<EncounterLink>>,
    /// Per resource: its Patient references.
    patient_refs: Vec<Vec<String>>,
    /// Per resource: own labels and those inherited from what contains it.
    labels: Vec<Vec<Label>>,
    /// Per resource: the records that point at it as content (position, element).
    attachment_parents: Vec<Vec<(usize, &'static str)>>,
    /// Per resource: the DiagnosticReports that list it in result.
    result_parents: Vec<Vec<usize>>,
    /// Per Binary: the record in the data its securityContext names, when not a Patient.
    governor: Vec<Option<usize>>,
}

impl Ctx<'_> {
    fn res(&self, i: usize) -> &Resource {
        &self.data.resources[i]
    }
    /// Does the record name the subject as its patient?
    fn of_patient(&self, i: usize) -> bool {
        self.patient_refs[i].contains(&self.patient)
    }
}

// ---------------------------------------------------------------------------------------------
// Release rules: each gives a ground, or None.

/// `release.patient`: the subject's own record. PCA page, "Required Claims": "Subject: Patient".
fn patient(c: &Ctx, i: usize) -> Option<Ground> {
    if c.res(i).key == c.patient {
        return ground(rule::PATIENT, "the ticket's subject");
    }
    None
}

/// `release.linked_encounter`: an Encounter the ticket links. claim_linkage page, "Shape and
/// validity": "encounter (required) is a non-empty array of references to the encounter records
/// the claim covers".
fn linked_encounter(c: &Ctx, i: usize) -> Option<Ground> {
    let r = c.res(i);
    if r.rtype == "Encounter" && c.linked.contains(&r.key) {
        return ground(rule::LINKED_ENCOUNTER, "linked by access.claim_linkage.encounter");
    }
    None
}

/// `release.claim`: the submission the ticket re-associates with. claim_linkage page: "claim
/// (optional) is a single reference that re-associates the ticket with the submission it
/// accompanies"; PCA page, "Constraints": "Claim, Coverage, and documentation resources are
/// typical candidates".
fn claim(c: &Ctx, i: usize) -> Option<Ground> {
    if c.claim.as_deref() == Some(c.res(i).key.as_str()) {
        let named = c.terms.claim.as_ref().map(Linked::describe).unwrap_or_default();
        return ground(
            rule::CLAIM,
            format!("the ticket's claim (access.claim_linkage.claim {named})"),
        );
    }
    None
}

/// `release.coverage`: the coverage the claim is billed under (`Claim.insurance.coverage` of
/// the focal insurance), with the claim: a withheld claim is no ground for anything. PCA page,
/// "Constraints": Coverage is a typical candidate.
fn coverage(c: &Ctx, i: usize, decided: &[Option<(Disposition, Ground)>]) -> Option<Ground> {
    let claim = c.claim.as_deref()?;
    if c.coverage.contains(&c.res(i).key) && is_released(decided, c.data.position(claim)?) {
        return ground(rule::COVERAGE, format!("{claim}.insurance.coverage (focal)"));
    }
    None
}

/// `release.encounter_reference`: a record linked to a linked encounter. claim_linkage page,
/// "For the Data Holder": "at minimum the records linked to the named encounter references".
fn encounter_reference(c: &Ctx, i: usize) -> Option<Ground> {
    // Claims, their adjudications and coverages are released as the ticket's own (release.claim,
    // release.coverage) or not at all: another claim of the same visit (another payer's) is
    // not this one.
    if matches!(
        c.res(i).rtype.as_str(),
        "Claim" | "ExplanationOfBenefit" | "ClaimResponse" | "Coverage"
    ) {
        return None;
    }
    let link = c.enc_links[i].iter().find(|l| c.linked.contains(&l.encounter))?;
    ground(
        rule::ENCOUNTER_REFERENCE,
        format!("{} -> {}", link.element, link.encounter),
    )
}

/// Condition clinical statuses that make a problem current.
const CURRENT_PROBLEM: &[&str] = &["active", "recurrence", "relapse"];

/// `release.floor_problem`: a current problem, linked or not. claim_linkage page: "plus current
/// problems, medications, and allergies"; "the records adjudication needs most — problem list,
/// medications, allergies — typically link to no encounter at all".
fn floor_problem(c: &Ctx, i: usize) -> Option<Ground> {
    let r = c.res(i);
    if r.rtype != "Condition" || !c.of_patient(i) {
        return None;
    }
    let status = current_problem(c, i).ok()?;
    ground(
        rule::FLOOR_PROBLEM,
        format!("current problem (clinicalStatus {status}): the patient-level floor"),
    )
}

/// A Condition's clinical status when it is a current problem, or why it is not. The floor is
/// the problem list ("the records adjudication needs most — problem list, medications,
/// allergies — typically link to no encounter at all"): a diagnosis recorded at an encounter
/// the ticket does not link is that encounter's record, unless it is on the problem list.
fn current_problem<'r>(c: &'r Ctx, i: usize) -> Result<&'r str, String> {
    let value = &c.res(i).value;
    let status = linkage::concept_code(value, "clinicalStatus");
    match (status, linkage::concept_code(value, "verificationStatus")) {
        (_, Some(v @ ("entered-in-error" | "refuted"))) => {
            Err(format!("not a problem (verificationStatus {v})"))
        }
        (None, _) => Err("not a current problem (no clinicalStatus)".into()),
        (Some(s), _) if !CURRENT_PROBLEM.contains(&s) => {
            Err(format!("not a current problem (clinicalStatus {s})"))
        }
        (Some(_), _)
            if c.enc_links[i].iter().any(|l| c.data.get(&l.encounter).is_some())
                && !has_category(value, "problem-list-item") =>
        {
            Err("a diagnosis of another encounter, not on the problem list".into())
        }
        (Some(s), _) => Ok(s),
    }
}

/// Does a resource have a category coded `code` (any system)?
fn has_category(value: &Value, code: &str) -> bool {
    value["category"].as_array().is_some_and(|categories| {
        categories.iter().any(|cat| {
            cat["coding"]
                .as_array()
                .is_some_and(|codings| codings.iter().any(|c| c["code"] == code))
        })
    })
}

/// `release.floor_medication`: a current medication, linked or not (see `floor_problem`).
fn floor_medication(c: &Ctx, i: usize) -> Option<Ground> {
    let r = c.res(i);
    if !matches!(r.rtype.as_str(), "MedicationRequest" | "MedicationStatement") || !c.of_patient(i) {
        return None;
    }
    current_medication(&r.value).ok()?;
    ground(
        rule::FLOOR_MEDICATION,
        "current medication (status active): the patient-level floor",
    )
}

/// Whether a MedicationRequest or MedicationStatement is a current medication, or why not: an
/// active one; of requests, an order or plan (a proposal or an option is no medication yet).
fn current_medication(value: &Value) -> Result<(), String> {
    match (value["status"].as_str(), value["intent"].as_str()) {
        (Some("active"), Some(intent @ ("proposal" | "option"))) => {
            Err(format!("not a current medication (intent {intent})"))
        }
        (Some("active"), _) => Ok(()),
        (status, _) => Err(format!(
            "not a current medication (status {})",
            status.unwrap_or("missing")
        )),
    }
}

/// `release.floor_allergy`: a current allergy, linked or not (see `floor_problem`).
fn floor_allergy(c: &Ctx, i: usize) -> Option<Ground> {
    let r = c.res(i);
    if r.rtype != "AllergyIntolerance" || !c.of_patient(i) {
        return None;
    }
    current_allergy(&r.value).ok()?;
    ground(rule::FLOOR_ALLERGY, "allergy: the patient-level floor")
}

/// Whether an AllergyIntolerance is a current allergy, or why not: not refuted or entered in
/// error, and not inactive or resolved (an allergy without clinicalStatus counts).
fn current_allergy(value: &Value) -> Result<(), String> {
    match (
        linkage::concept_code(value, "verificationStatus"),
        linkage::concept_code(value, "clinicalStatus"),
    ) {
        (Some(v @ ("entered-in-error" | "refuted")), _) => {
            Err(format!("not an allergy (verificationStatus {v})"))
        }
        (_, Some(s @ ("inactive" | "resolved"))) => {
            Err(format!("not a current allergy (clinicalStatus {s})"))
        }
        _ => Ok(()),
    }
}

/// The release rules that stand on their own, in the order tried.
const PRIMARY: &[fn(&Ctx, usize) -> Option<Ground>] = &[
    patient,
    linked_encounter,
    claim,
    encounter_reference,
    floor_problem,
    floor_medication,
    floor_allergy,
];

/// `release.attachment`: the content of a released record (a Binary). PCA page,
/// "Constraints": documentation resources are typical candidates.
fn attachment(c: &Ctx, i: usize, decided: &[Option<(Disposition, Ground)>]) -> Option<Ground> {
    // FHIR R4 Binary.securityContext: the record that "acts as a proxy of the security
    // sensitivity of the Binary": its decision is the Binary's, whoever points at it.
    if c.governor[i].is_some_and(|g| !is_released(decided, g)) {
        return None;
    }
    let (p, element) = c.attachment_parents[i]
        .iter()
        .find(|(p, _)| is_released(decided, *p))?;
    ground(rule::ATTACHMENT, format!("{element} of {}", c.res(*p).key))
}

/// `release.report_result`: an Observation a released DiagnosticReport reports.
fn report_result(c: &Ctx, i: usize, decided: &[Option<(Disposition, Ground)>]) -> Option<Ground> {
    let p = c.result_parents[i].iter().find(|p| is_released(decided, **p))?;
    ground(
        rule::REPORT_RESULT,
        format!("DiagnosticReport.result of {}", c.res(*p).key),
    )
}

/// The release rules that follow from another release, in the order tried.
type Derived = fn(&Ctx, usize, &[Option<(Disposition, Ground)>]) -> Option<Ground>;
const DERIVED: &[Derived] = &[coverage, attachment, report_result];

fn is_released(decided: &[Option<(Disposition, Ground)>], i: usize) -> bool {
    matches!(decided.get(i), Some(Some((Disposition::Released, _))))
}

// ---------------------------------------------------------------------------------------------
// Withhold rules: each takes back a resource a release rule gave, or None.

/// `withhold.other_patient`: a record of another patient is never this subject's (base
/// specification, "Subject Resolution").
fn other_patient(c: &Ctx, i: usize) -> Option<Ground> {
    let r = c.res(i);
    if r.rtype == "Patient" && r.key != c.patient {
        return ground(
            rule::OTHER_PATIENT,
            format!("a Patient other than the ticket's subject {}", c.patient),
        );
    }
    let other = c.patient_refs[i].iter().find(|p| **p != c.patient)?;
    ground(
        rule::OTHER_PATIENT,
        format!("names {other}, not the ticket's subject {}", c.patient),
    )
}

/// `withhold.unresolved_encounter`: a record tied to an encounter ptix cannot find in the data
/// cannot inherit that encounter's labels (PCA page, "Restricted Data": "apply restriction flags
/// before release"), nor is it tied to no encounter (the floor): withheld, failing closed.
fn unresolved_encounter(c: &Ctx, i: usize) -> Option<Ground> {
    let hits = marked(c, i, Restriction::Unresolved);
    labelled(
        rule::UNRESOLVED_ENCOUNTER,
        &hits,
        "the labels it would inherit cannot be known",
    )
}

/// `withhold.sensitivity_code`: Proposal 005, `sensitivity_withhold`: the Data Holder withholds
/// matching data unconditionally; withholding wins where release would match too.
fn sensitivity_code(c: &Ctx, i: usize) -> Option<Ground> {
    let hits: Vec<&Label> = c.labels[i]
        .iter()
        .filter(|l| {
            c.terms
                .withhold
                .iter()
                .any(|w| labels::withhold_matches(w, &l.coding))
        })
        .collect();
    labelled(
        rule::SENSITIVITY_CODE,
        &hits,
        "access.sensitivity_withhold names it",
    )
}

fn authorised(c: &Ctx, l: &Label) -> bool {
    c.terms
        .release_authorized
        .iter()
        .any(|a| labels::authorises(a, &l.coding))
}

/// The withhold ground `rule` gives for the labels `hits`, naming them, with `why`; none when
/// no label calls for it.
fn labelled(rule: &'static str, hits: &[&Label], why: &str) -> Option<Ground> {
    if hits.is_empty() {
        return None;
    }
    ground(rule, format!("{}: {why}", labels::describe_all(hits)))
}

/// The labels of a kind ptix puts on a record itself (unreadable, unresolved): nothing lifts them.
fn marked<'a>(c: &'a Ctx, i: usize, kind: Restriction) -> Vec<&'a Label> {
    c.labels[i]
        .iter()
        .filter(|l| labels::restriction(&l.coding) == Some(kind))
        .collect()
}

fn restricted<'a>(c: &'a Ctx, i: usize, kind: Restriction) -> Vec<&'a Label> {
    c.labels[i]
        .iter()
        .filter(|l| labels::restriction(&l.coding) == Some(kind) && !authorised(c, l))
        .collect()
}

/// `withhold.restricted_self_pay`: PCA page, "Restricted Data": "Records restricted from
/// disclosure to the payer are excluded silently ... The leading case is the HIPAA right to
/// restrict (45 CFR 164.522(a)(1)(vi))"; release only when "a sensitivity_release_authorized
/// claim ... using the v3-ActCode HIPAASelfPay security label policy code" says so.
fn restricted_self_pay(c: &Ctx, i: usize) -> Option<Ground> {
    let hits = restricted(c, i, Restriction::SelfPay);
    labelled(rule::RESTRICTED_SELF_PAY, &hits, "restricted from disclosure to the health plan (HIPAA right to restrict); sensitivity_release_authorized does not list HIPAASelfPay")
}

/// `withhold.unreadable_label`: a label that cannot be read may be a restriction; nothing lifts
/// it (PCA page, "Restricted Data": "a valid ticket does not override local rules").
fn unreadable_label(c: &Ctx, i: usize) -> Option<Ground> {
    let hits = marked(c, i, Restriction::Unreadable);
    labelled(
        rule::UNREADABLE_LABEL,
        &hits,
        "meta.security must be an array of Codings with a code; withheld, since it may restrict disclosure",
    )
}

/// `withhold.confidentiality`: v3-Confidentiality R and V are restriction flags too (PCA page,
/// "Restricted Data": "a valid ticket does not override local rules").
fn confidentiality(c: &Ctx, i: usize) -> Option<Ground> {
    let hits = restricted(c, i, Restriction::Confidentiality);
    labelled(
        rule::CONFIDENTIALITY,
        &hits,
        "restricted confidentiality; sensitivity_release_authorized does not list it",
    )
}

/// `withhold.sensitivity_unlisted`: Proposal 005, `unlisted: true` withholds all locally
/// classified sensitive data except what release authorises. ptix's local classification is the
/// security labels: any label but v3-Confidentiality U, L, M, N.
fn sensitivity_unlisted(c: &Ctx, i: usize) -> Option<Ground> {
    if !c.terms.withhold_unlisted {
        return None;
    }
    let hits: Vec<&Label> = c.labels[i]
        .iter()
        .filter(|l| !labels::is_non_sensitive(&l.coding) && !authorised(c, l))
        .collect();
    labelled(
        rule::SENSITIVITY_UNLISTED,
        &hits,
        "access.sensitivity_withhold.unlisted withholds all locally classified sensitive data",
    )
}

/// The withhold rules, in the order tried.
const WITHHOLD: &[fn(&Ctx, usize) -> Option<Ground>] = &[
    other_patient,
    unresolved_encounter,
    sensitivity_code,
    unreadable_label,
    restricted_self_pay,
    confidentiality,
    sensitivity_unlisted,
];

/// A release ground, then the withhold rules: withholding wins.
fn decide(c: &Ctx, i: usize, g: Ground) -> (Disposition, Ground) {
    for w in WITHHOLD {
        if let Some(w) = w(c, i) {
            return (Disposition::Withheld, w);
        }
    }
    let lifted: Vec<&Label> = c.labels[i]
        .iter()
        .filter(|l| labels::restriction(&l.coding).is_some() && authorised(c, l))
        .collect();
    if lifted.is_empty() {
        return (Disposition::Released, g);
    }
    let reason = format!(
        "{} ({}: release authorised by sensitivity_release_authorized)",
        g.reason,
        labels::describe_all(&lifted)
    );
    (Disposition::Released, Ground { reason, ..g })
}

/// `withhold.not_linked`, and why nothing released the resource.
fn not_linked(c: &Ctx, i: usize, decided: &[Option<(Disposition, Ground)>]) -> Ground {
    let r = c.res(i);
    let mut why: Vec<String> = Vec::new();
    let links = &c.enc_links[i];
    if r.rtype == "Patient" {
        why.push(format!(
            "another patient's record (the ticket's subject is {})",
            c.patient
        ));
    } else if r.rtype == "Encounter" && links.is_empty() {
        why.push("not linked by the ticket".into());
    }
    let (linked, unlinked): (Vec<&str>, Vec<&str>) = links
        .iter()
        .map(|l| l.encounter.as_str())
        .partition(|e| c.linked.contains(*e));
    if !unlinked.is_empty() {
        why.push(format!(
            "tied to {}, which the ticket does not link",
            unlinked.join(", ")
        ));
    }
    // Only claims, their adjudications and coverages are tied to a linked encounter and still
    // not released through it (`encounter_reference`).
    if !linked.is_empty() {
        why.push(format!(
            "tied to the linked {}, but a {} goes only with the ticket's own claim",
            linked.join(", "),
            r.rtype
        ));
    }
    let parents: Vec<&str> = c.attachment_parents[i]
        .iter()
        .map(|(p, _)| *p)
        .chain(c.result_parents[i].iter().copied())
        .filter(|p| !is_released(decided, *p))
        .map(|p| c.res(p).key.as_str())
        .collect();
    if !parents.is_empty() {
        why.push(format!(
            "reached only through {}, which {} withheld",
            parents.join(", "),
            if parents.len() == 1 { "is" } else { "are" }
        ));
    }
    if let Some(g) = c.governor[i].filter(|g| !is_released(decided, *g)) {
        why.push(format!("its securityContext {} is withheld", c.res(g).key));
    }
    let floor_type = matches!(
        r.rtype.as_str(),
        "Condition" | "MedicationRequest" | "MedicationStatement" | "AllergyIntolerance"
    );
    if floor_type && !c.of_patient(i) {
        why.push(format!("does not name {} as its patient", c.patient));
    } else {
        match r.rtype.as_str() {
            "Condition" => why.extend(current_problem(c, i).err()),
            "MedicationRequest" | "MedicationStatement" => why.extend(current_medication(&r.value).err()),
            "AllergyIntolerance" => why.extend(current_allergy(&r.value).err()),
            "Claim" | "Coverage" | "ExplanationOfBenefit" | "ClaimResponse" if c.terms.claim.is_none() => {
                why.push("the ticket names no claim (access.claim_linkage.claim)".into())
            }
            "Claim" => why.push("not the ticket's claim".into()),
            "Coverage" if c.coverage.contains(&r.key) => why.push(format!(
                "the coverage of the ticket's claim {}, which is withheld",
                c.claim.as_deref().unwrap_or_default()
            )),
            "Coverage" => why.push("not the coverage of the ticket's claim".into()),
            "Practitioner" | "PractitionerRole" | "Organization" | "Location" | "Medication" | "Device"
            | "HealthcareService" | "Endpoint" | "Substance" => why.push(format!(
                "{} is not patient data tied to the linked encounters",
                r.rtype
            )),
            _ if why.is_empty() => why.push(format!(
                "tied to no linked encounter, and {} is not in the patient-level floor",
                r.rtype
            )),
            _ => {}
        }
    }
    Ground {
        rule: rule::NOT_LINKED,
        reason: why.join("; "),
    }
}

// ---------------------------------------------------------------------------------------------

/// A ticket that names a revocation list is released only when its status was checked: ptix does
/// not fetch status lists, and a Data Holder that cannot know the status fails closed (base
/// specification, "Server-Side Validation"). `checked`: the operator says it was
/// (`--revocation-checked`).
pub fn check_revocation(payload: &Value, checked: bool) -> Result<(), Refusal> {
    match payload.get("revocation") {
        Some(r) if !checked => Err(Refusal::new(
            "refuse.revocation",
            format!(
                "the ticket can be revoked ({}), and ptix does not read status lists: check the ticket's status, then run with --revocation-checked",
                r
            ),
        )),
        _ => Ok(()),
    }
}

/// Compute what the Data Holder may release for a ticket payload from its data. `verified`
/// only goes into the report: the caller verifies (or says loudly that it did not).
pub fn release(payload: &Value, data: &Dataset, verified: bool) -> Result<Release, Refusal> {
    let terms = terms::read(payload)?;
    // An absolute reference names a record under the ticket's issuer, or exactly the entry
    // whose fullUrl it is: a base some entries come from does not make every URL under it this
    // Data Holder's (an HIE's copy of a record is not the record).
    let mut bases = Refs::new(
        terms
            .iss
            .iter()
            .map(|iss| iss.trim_end_matches('/').to_string())
            .collect(),
    );
    bases.full_urls = std::sync::Arc::new(data.full_urls.clone());
    let mut notes = terms.notes.clone();
    if !data.deleted.is_empty() {
        notes.push(format!(
            "{} Bundle entr{} delete{} the resource shown (request DELETE or response 410) and {} not read as records: {}",
            data.deleted.len(),
            if data.deleted.len() == 1 { "y" } else { "ies" },
            if data.deleted.len() == 1 { "s" } else { "" },
            if data.deleted.len() == 1 { "was" } else { "were" },
            data.deleted.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if let (Some(iss), false) = (&terms.iss, data.bases.is_empty()) {
        if !data
            .bases
            .iter()
            .any(|b| refs::normal_url(b) == refs::normal_url(iss))
        {
            notes.push(format!(
                "the data's fullUrls are under {}, not under the ticket's issuer {iss}",
                data.bases.join(", ")
            ));
        }
    }
    let resolved = subject::resolve(&terms.subject, data, &bases)?;

    // How each record's references resolve (against its entry's server), once.
    let within: Vec<Cow<Refs>> = data.resources.iter().map(|r| bases.within(r)).collect();
    // Every record's patients, once: the linked encounters and the withhold rules use them.
    let mut patient_refs: Vec<Vec<String>> = data
        .resources
        .iter()
        .zip(&within)
        .map(|(r, refs)| linkage::patient_refs(&r.value, refs))
        .collect();
    // A Binary is the patient's whose record governs it (securityContext); governed by a record
    // ptix cannot find, it is nobody's it can name.
    for (i, r) in data.resources.iter().enumerate() {
        let Some(context) = (r.rtype == "Binary")
            .then(|| refs::references_at(&r.value, &["securityContext"]))
            .and_then(|c| c.first().copied())
        else {
            continue;
        };
        let inherited = match refs::local_key(context, &within[i]) {
            Some(k) if refs::is_type(&k, "Patient") => vec![k],
            Some(k) => match data.position(&k) {
                Some(p) => patient_refs[p].clone(),
                None => vec![k],
            },
            None => vec![within[i].as_written(context)],
        };
        for p in inherited {
            if !patient_refs[i].contains(&p) {
                patient_refs[i].push(p);
            }
        }
    }

    // Whose record a linked one is, when not the subject's.
    let other_patient_of = |k: &str| -> Option<String> {
        patient_refs[data.position(k)?]
            .iter()
            .find(|p| **p != resolved.key)
            .cloned()
    };

    // The linked encounters.
    let mut linked = BTreeSet::new();
    let mut enc_links_report = Vec::new();
    for e in &terms.encounters {
        let mut found = find_linked(data, &bases, e, "Encounter", &mut notes);
        // An encounter of another patient is no association for this subject: not linked.
        if let Some((k, other)) = found
            .as_ref()
            .and_then(|k| Some((k.clone(), other_patient_of(k)?)))
        {
            notes.push(format!(
                "{k}, linked by the ticket, is an encounter of {other}, not of the ticket's subject {}: not used",
                resolved.key
            ));
            found = None;
        }
        if let Some(k) = &found {
            linked.insert(k.clone());
        }
        enc_links_report.push(Link {
            reference: e.describe(),
            found: found.is_some(),
            resource: found,
        });
    }
    if linked.is_empty() {
        // claim_linkage page: "A Data Holder with no association knowledge for the linkage
        // cannot enforce this constraint and rejects the ticket." Releasing the patient-level
        // floor alone would release records the linkage never bounded.
        return Err(Refusal::new(
            "refuse.claim_linkage",
            format!(
                "none of the ticket's {} linked encounter(s) is in the data ({}): with no record to \
                 associate, the linkage cannot be enforced, so the ticket is refused",
                terms.encounters.len(),
                terms
                    .encounters
                    .iter()
                    .map(Linked::describe)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }

    // The claim and its coverage.
    let claim_found = terms
        .claim
        .as_ref()
        .and_then(|c| find_linked(data, &bases, c, "Claim", &mut notes))
        // Another patient's claim, or a void one, is no ground to release anything (its
        // Coverage included), as another patient's encounter is no link.
        .filter(|k| {
            let Some(i) = data.position(k) else { return false };
            if let Some(other) = other_patient_of(k) {
                notes.push(format!(
                    "{k}, the ticket's claim, is a claim of {other}, not of the ticket's subject {}: not used",
                    resolved.key
                ));
                return false;
            }
            match data.resources[i].value.get("status").and_then(Value::as_str) {
                Some(status) if crate::ticket::claim::is_void(status) => {
                    notes.push(format!("{k}, the ticket's claim, is {status}: not used"));
                    false
                }
                _ => true,
            }
        });
    let mut coverage = BTreeSet::new();
    if let Some(claim) = claim_found.as_deref().and_then(|k| data.get(k)) {
        match focal_coverage(&claim.value) {
            Ok(Some(r)) => {
                match refs::local_key(r, &bases.within(claim)).filter(|k| refs::is_type(k, "Coverage")) {
                    Some(k) if data.get(&k).is_some() => {
                        coverage.insert(k);
                    }
                    _ => notes.push(format!("{}.insurance.coverage {r} is not in the data", claim.key)),
                }
            }
            Ok(None) => {}
            Err(why) => notes.push(format!("{}: {why}; no Coverage is released", claim.key)),
        }
    }

    let n = data.len();
    let mut enc_links: Vec<Vec<EncounterLink>> = data
        .resources
        .iter()
        .zip(&within)
        .map(|(r, refs)| linkage::encounter_links(&r.rtype, &r.value, refs))
        .collect();
    // The other direction: what an Encounter names as its diagnoses and reasons is tied to it
    // too (a linked one's go with it, "at minimum the records linked to the named encounter
    // references"; another's stay with that encounter).
    for (ei, e) in data
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.rtype == "Encounter")
    {
        let enc = &e.key;
        for (steps, element) in [
            (&["diagnosis", "condition"][..], "diagnosis.condition"),
            (&["reasonReference"][..], "reasonReference"),
        ] {
            for r in refs::references_at(&e.value, steps) {
                // A diagnosis or a reason is a clinical record (FHIR R4: Condition, Procedure,
                // Observation, ImmunizationRecommendation), never a Patient or an Encounter.
                let Some(t) = refs::local_key(r, &within[ei])
                    .filter(|k| {
                        [
                            "Condition",
                            "Procedure",
                            "Observation",
                            "ImmunizationRecommendation",
                        ]
                        .iter()
                        .any(|t| refs::is_type(k, t))
                    })
                    .and_then(|k| data.position(&k))
                else {
                    continue;
                };
                if !enc_links[t].iter().any(|l| l.encounter == *enc) {
                    enc_links[t].push(EncounterLink {
                        element: format!("named by {enc}.{element}"),
                        encounter: enc.clone(),
                    });
                }
            }
        }
    }
    let mut attachment_parents = vec![Vec::new(); n];
    let mut result_parents = vec![Vec::new(); n];
    for (p, r) in data.resources.iter().enumerate() {
        for (k, element) in linkage::attachments(&r.rtype, &r.value, &within[p]) {
            if let Some(b) = data.position(&k) {
                attachment_parents[b].push((p, element));
            }
        }
        for k in linkage::report_results(&r.rtype, &r.value, &within[p]) {
            if let Some(o) = data.position(&k) {
                result_parents[o].push(p);
            }
        }
    }
    // A Binary's securityContext, when it is in the data: its labels are the Binary's, and,
    // unless it is the Patient, its decision too.
    let security_context: Vec<Option<usize>> = data
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
            linkage::security_context(&r.rtype, &r.value, &within[i])
                .and_then(|k| data.position(&k))
                .filter(|g| *g != i)
        })
        .collect();
    let labels = effective_labels(
        data,
        &within,
        &security_context,
        &enc_links,
        &attachment_parents,
        &result_parents,
    );
    let governor = security_context
        .iter()
        .map(|g| g.filter(|g| data.resources[*g].rtype != "Patient"))
        .collect();

    let ctx = Ctx {
        data,
        terms: &terms,
        patient: resolved.key.clone(),
        linked,
        claim: claim_found.clone(),
        coverage,
        enc_links,
        patient_refs,
        labels,
        attachment_parents,
        result_parents,
        governor,
    };

    // 1. Release grounds that stand alone, then withholding.
    let mut decided: Vec<Option<(Disposition, Ground)>> = vec![None; n];
    for (i, slot) in decided.iter_mut().enumerate() {
        if let Some(g) = PRIMARY.iter().find_map(|rule| rule(&ctx, i)) {
            *slot = Some(decide(&ctx, i, g));
        }
    }
    // 2. Grounds that follow from a release (documents, results), until nothing changes.
    loop {
        let mut changed = false;
        for i in 0..n {
            if decided[i].is_some() {
                continue;
            }
            if let Some(g) = DERIVED.iter().find_map(|rule| rule(&ctx, i, &decided)) {
                decided[i] = Some(decide(&ctx, i, g));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // 3. Everything else.
    let mut decisions: Vec<(usize, Decision)> = (0..n)
        .map(|i| {
            let (d, g) = decided[i]
                .clone()
                .unwrap_or_else(|| (Disposition::Withheld, not_linked(&ctx, i, &decided)));
            (
                i,
                Decision {
                    resource: ctx.res(i).key.clone(),
                    decision: d,
                    rule: g.rule,
                    reason: g.reason,
                },
            )
        })
        .collect();
    decisions.sort_by(|(a, _), (b, _)| {
        let (ra, rb) = (ctx.res(*a), ctx.res(*b));
        (ra.rtype.as_str(), ra.id.as_str()).cmp(&(rb.rtype.as_str(), rb.id.as_str()))
    });
    let decisions: Vec<Decision> = decisions.into_iter().map(|(_, d)| d).collect();

    let released = decisions
        .iter()
        .filter(|d| d.decision == Disposition::Released)
        .count();
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for d in &decisions {
        *by_rule.entry(d.rule).or_default() += 1;
    }
    Ok(Release {
        ticket: TicketReport {
            jti: terms.jti.clone(),
            iss: terms.iss.clone(),
            verified,
            subject: terms.subject.describe(),
            encounters: terms.encounters.iter().map(Linked::describe).collect(),
            claim: terms.claim.as_ref().map(Linked::describe),
            sensitivity_withhold: terms.sensitivity_withhold.clone(),
            sensitivity_release_authorized: terms.sensitivity_release_authorized.clone(),
        },
        patient: resolved.key,
        subject_resolution: resolved.how,
        linkage: Linkage {
            encounters: enc_links_report,
            claim: terms.claim.as_ref().map(|c| Link {
                reference: c.describe(),
                found: claim_found.is_some(),
                resource: claim_found.clone(),
            }),
            coverage: ctx.coverage.iter().cloned().collect(),
        },
        summary: Summary {
            released,
            withheld: decisions.len() - released,
            total: decisions.len(),
            rules: by_rule,
        },
        notes,
        decisions,
    })
}

/// Find what a linked reference names: by literal reference (under a known base), or by
/// identifier among the resources of `rtype`. Not found is a note, not an error.
/// Does a record carry the identifier a ticket names it by?
fn carries(r: &Resource, id: &terms::Identifier) -> bool {
    match r.value.get("identifier") {
        Some(Value::Array(ids)) => ids.iter().any(|x| id.matches(x)),
        Some(o @ Value::Object(_)) => id.matches(o),
        _ => false,
    }
}

fn find_linked(
    data: &Dataset,
    bases: &Refs,
    link: &Linked,
    rtype: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let shown = link.describe();
    if let Some(r) = &link.reference {
        let Some(key) = refs::local_key(r, bases).filter(|k| refs::is_type(k, rtype)) else {
            notes.push(format!(
                "{rtype} reference {r} is not a {rtype} under this Data Holder's base ({}); nothing is released for it",
                bases.first().map_or("no iss", String::as_str)
            ));
            return None;
        };
        // Given both, the reference and the identifier must name the same record: the ticket
        // names one, and ptix does not pick between two.
        match (data.get(&key), &link.identifier) {
            (Some(found), Some(id)) if !carries(found, id) => {
                notes.push(format!(
                    "linked {key} does not carry the identifier the ticket gives with it ({shown}): not used"
                ));
                return None;
            }
            (Some(_), _) => return Some(key),
            (None, Some(_)) => {
                notes.push(format!(
                    "linked {key} is not in the data; the identifier given with it is not used to find another record ({shown})"
                ));
                return None;
            }
            (None, None) => {
                notes.push(format!("linked {key} is not in the data"));
                return None;
            }
        }
    }
    let id = link.identifier.as_ref()?;
    let hits: Vec<&Resource> = data
        .resources
        .iter()
        .filter(|r| r.rtype == rtype)
        .filter(|r| carries(r, id))
        .collect();
    match hits.as_slice() {
        [one] => Some(one.key.clone()),
        [] => {
            notes.push(format!("linked {rtype} {shown} is not in the data"));
            None
        }
        many => {
            notes.push(format!(
                "{} {rtype}s in the data carry {shown}; none is released for it",
                many.len()
            ));
            None
        }
    }
}

/// The coverage reference of a Claim's focal insurance, as mint decides it
/// ([`crate::ticket::claim::focal_index`]); `Err` says why none can be named.
fn focal_coverage(claim: &Value) -> Result<Option<&str>, String> {
    let Some(Value::Array(insurance)) = claim.get("insurance") else {
        return Ok(None);
    };
    let flags: Vec<Option<bool>> = insurance
        .iter()
        .map(|i| match i.get("focal") {
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::String(s)) if s == "true" || s == "false" => Some(s == "true"),
            _ => None,
        })
        .collect();
    let i = crate::ticket::claim::focal_index(&flags)?;
    Ok(i.and_then(|i| insurance.get(i)?.get("coverage")?.get("reference")?.as_str()))
}

/// Own labels, plus the labels of what contains a record: the Encounters it references (and,
/// through `Encounter.partOf`, their parents), the DiagnosticReports that list it as a result,
/// the records that point at it as content, and a Binary's securityContext. A label on a
/// container applies to everything inside it, however deep; a label on what a record holds
/// (its content, results, members, entries) applies to the record too; each inherited label
/// names the resource that carries it.
fn effective_labels(
    data: &Dataset,
    within: &[Cow<Refs>],
    security_context: &[Option<usize>],
    enc_links: &[Vec<EncounterLink>],
    attachment_parents: &[Vec<(usize, &'static str)>],
    result_parents: &[Vec<usize>],
) -> Vec<Vec<Label>> {
    // What records hold or group (a report's media, a panel's members, a composition's
    // entries): their containers, found from the container's side.
    let mut part_of: Vec<Vec<usize>> = vec![Vec::new(); data.len()];
    for (p, r) in data.resources.iter().enumerate() {
        for k in linkage::parts(&r.rtype, &r.value, &within[p]) {
            if let Some(i) = data.position(&k) {
                part_of[i].push(p);
            }
        }
    }
    let containers: Vec<Vec<usize>> = data
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut c: Vec<usize> = enc_links[i]
                .iter()
                .filter_map(|l| data.position(&l.encounter))
                .collect();
            c.extend(attachment_parents[i].iter().map(|(p, _)| *p));
            c.extend(result_parents[i].iter().copied());
            c.extend(part_of[i].iter().copied());
            c.extend(security_context[i]);
            // A contained resource goes out inside this record: the encounters it is tied to
            // are this record's too.
            for (ty, inner) in contained(&r.value) {
                c.extend(
                    linkage::encounter_links(ty, inner, &within[i])
                        .iter()
                        .filter_map(|l| data.position(&l.encounter)),
                );
            }
            c.retain(|p| *p != i);
            c
        })
        .collect();
    // And the other way: a record that holds or groups a labelled one carries its label too (a
    // DocumentReference of a self-pay Binary, a report of a restricted result, a Composition of
    // a restricted entry would reveal what is withheld: "withhold more under uncertainty").
    // Encounters are not holders here: a restricted record does not restrict its visit.
    let mut parts: Vec<Vec<usize>> = vec![Vec::new(); data.len()];
    for i in 0..data.len() {
        let holders = attachment_parents[i]
            .iter()
            .map(|(p, _)| *p)
            .chain(result_parents[i].iter().copied())
            .chain(part_of[i].iter().copied());
        for p in holders.filter(|p| *p != i) {
            if !parts[p].contains(&i) {
                parts[p].push(i);
            }
        }
    }
    let mut out: Vec<Vec<Label>> = data
        .resources
        .iter()
        .zip(within)
        .map(|(r, within)| {
            let mut own: Vec<Label> = labels::security_labels(&r.value)
                .into_iter()
                .map(|coding| Label { coding, from: None })
                .collect();
            // Tied to an encounter ptix cannot find: a mark that passes on as labels do.
            let present = |k: &str| data.position(k).is_some();
            let unresolved = std::iter::once((r.rtype.as_str(), &r.value))
                .chain(contained(&r.value))
                .flat_map(|(ty, v)| linkage::unresolved_encounters(ty, v, within, present));
            for reference in unresolved {
                let coding = labels::Coding::new(Some(labels::UNRESOLVED), &reference);
                if !own.iter().any(|l| l.coding == coding) {
                    own.push(Label { coding, from: None });
                }
            }
            // The Bundles it came in (a document's label covers its entries).
            for security in &r.bundle_security {
                let bundle = serde_json::json!({"meta": {"security": security}});
                for coding in labels::security_labels(&bundle) {
                    if !own.iter().any(|l| l.coding == coding) {
                        own.push(Label {
                            coding,
                            from: Some("the Bundle it came in".into()),
                        });
                    }
                }
            }
            own
        })
        .collect();
    // Labels only ever get added, and there are finitely many: this ends, cycles included.
    loop {
        let mut changed = false;
        for i in 0..out.len() {
            for &p in containers[i].iter().chain(&parts[i]) {
                let inherited: Vec<Label> = out[p]
                    .iter()
                    .map(|l| Label {
                        coding: l.coding.clone(),
                        from: Some(l.from.clone().unwrap_or_else(|| data.resources[p].key.clone())),
                    })
                    .collect();
                for label in inherited {
                    if !out[i].iter().any(|l| l.coding == label.coding) {
                        out[i].push(label);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    out
}

/// The resources contained in a record, with their types.
fn contained(v: &Value) -> impl Iterator<Item = (&str, &Value)> {
    v.get("contained")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c.get("resourceType")?.as_str()?, c)))
}

/// A FHIR `collection` Bundle of the released resources, in decision order. `fullUrl`s are the
/// data's own when it had them (and no other entry shared them), else `<iss>/<Type>/<id>`.
pub fn bundle(release: &Release, data: &Dataset, timestamp: Option<String>) -> Value {
    let base = release.ticket.iss.as_deref().map(|s| s.trim_end_matches('/'));
    let entries: Vec<Value> = release
        .released()
        .into_iter()
        .filter_map(|key| data.get(key))
        .map(|r| {
            let mut entry = serde_json::Map::new();
            // The data's own fullUrl, unless two entries shared it (it named neither, and a
            // Bundle's fullUrls are unique: FHIR R4 bdl-7).
            let full_url = r
                .full_url
                .clone()
                .filter(|u| {
                    data.full_urls
                        .get(&refs::normal_url(u))
                        .is_some_and(Option::is_some)
                })
                .or_else(|| base.map(|b| format!("{b}/{}", r.key)));
            if let Some(u) = full_url {
                entry.insert("fullUrl".into(), Value::String(u));
            }
            entry.insert("resource".into(), r.value.clone());
            Value::Object(entry)
        })
        .collect();
    let mut b = json!({"resourceType": "Bundle", "type": "collection"});
    if let Some(t) = timestamp {
        b["timestamp"] = Value::String(t);
    }
    b["entry"] = Value::Array(entries);
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::data::from_values;
    use crate::release::labels::{SELF_PAY, V3_ACT_CODE};

    const ISS: &str = "https://fhir.provider.example.org";

    fn payload(encounters: &[&str], extra: Value) -> Value {
        let mut p = json!({
            "iss": ISS, "jti": "t1",
            "ticket_type": "https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1",
            "subject": {"patient": {"resourceType": "Patient", "identifier": [{"system": "urn:mrn", "value": "P1"}]},
                        "recipient_record": {"reference": format!("{ISS}/Patient/p1"), "type": "Patient"}},
            "access": {"claim_linkage": {"encounter": encounters.iter().map(|e| json!({"reference": format!("{ISS}/Encounter/{e}")})).collect::<Vec<_>>()}}
        });
        if let Value::Object(extra) = extra {
            for (k, v) in extra {
                if k == "access" {
                    for (ak, av) in v.as_object().unwrap() {
                        p["access"][ak] = av.clone();
                    }
                } else {
                    p[k] = v;
                }
            }
        }
        p
    }

    fn data() -> Dataset {
        let self_pay = json!({"security": [{"system": V3_ACT_CODE, "code": SELF_PAY}]});
        from_values(
            "test",
            vec![
                json!({"resourceType": "Patient", "id": "p1", "identifier": [{"system": "urn:mrn", "value": "P1"}]}),
                json!({"resourceType": "Patient", "id": "p2"}),
                json!({"resourceType": "Encounter", "id": "e1", "subject": {"reference": "Patient/p1"}}),
                json!({"resourceType": "Encounter", "id": "e2", "subject": {"reference": "Patient/p1"}, "meta": self_pay}),
                json!({"resourceType": "Encounter", "id": "sub", "partOf": {"reference": "Encounter/e1"}}),
                // Encounters of another patient: here, and on another server.
                json!({"resourceType": "Encounter", "id": "e-p2", "subject": {"reference": "Patient/p2"}}),
                json!({"resourceType": "Encounter", "id": "e-remote", "subject": {"reference": "https://other.example.org/fhir/Patient/p1"}}),
                json!({"resourceType": "Observation", "id": "o1", "subject": {"reference": "Patient/p1"}, "encounter": {"reference": "Encounter/e1"}}),
                // Unlabelled, but its encounter is self-pay: the restriction propagates.
                json!({"resourceType": "Observation", "id": "o2", "subject": {"reference": "Patient/p1"}, "encounter": {"reference": "Encounter/e2"}}),
                json!({"resourceType": "Observation", "id": "o3", "subject": {"reference": "Patient/p2"}, "encounter": {"reference": "Encounter/e1"}}),
                // The subject's id, on another server: another patient.
                json!({"resourceType": "Observation", "id": "o4", "subject": {"reference": "https://other.example.org/fhir/Patient/p1"}, "encounter": {"reference": "Encounter/e1"}}),
                json!({"resourceType": "Observation", "id": "res", "subject": {"reference": "Patient/p1"}}),
                json!({"resourceType": "DiagnosticReport", "id": "d1", "subject": {"reference": "Patient/p1"}, "encounter": {"reference": "Encounter/e1"},
                       "result": [{"reference": "Observation/res"}], "presentedForm": [{"url": "Binary/b1"}]}),
                json!({"resourceType": "Binary", "id": "b1"}),
                json!({"resourceType": "Binary", "id": "b2"}),
                json!({"resourceType": "DocumentReference", "id": "doc2", "subject": {"reference": "Patient/p1"},
                       "context": {"encounter": [{"reference": "Encounter/e2"}]}, "content": [{"attachment": {"url": "Binary/b2"}}]}),
                json!({"resourceType": "Condition", "id": "c-active", "subject": {"reference": "Patient/p1"},
                       "clinicalStatus": {"coding": [{"code": "active"}]}}),
                json!({"resourceType": "Condition", "id": "c-other", "subject": {"reference": "Patient/p2"},
                       "clinicalStatus": {"coding": [{"code": "active"}]}}),
                json!({"resourceType": "Condition", "id": "c-eie", "subject": {"reference": "Patient/p1"},
                       "clinicalStatus": {"coding": [{"code": "active"}]}, "verificationStatus": {"coding": [{"code": "entered-in-error"}]}}),
                json!({"resourceType": "MedicationStatement", "id": "ms", "subject": {"reference": "Patient/p1"}, "status": "active"}),
                json!({"resourceType": "AllergyIntolerance", "id": "a", "patient": {"reference": "Patient/p1"}}),
                json!({"resourceType": "Practitioner", "id": "dr"}),
            ],
        )
        .unwrap()
    }

    fn released(r: &Release) -> Vec<&str> {
        r.released()
    }

    fn rule_of<'a>(r: &'a Release, key: &str) -> &'a str {
        r.decisions.iter().find(|d| d.resource == key).unwrap().rule
    }

    #[test]
    fn links_floor_documents_and_propagation() {
        let d = data();
        let r = release(&payload(&["e1", "e2", "missing"], json!({})), &d, true).unwrap();
        assert_eq!(
            released(&r),
            [
                "AllergyIntolerance/a",
                "Binary/b1",
                "Condition/c-active",
                "DiagnosticReport/d1",
                "Encounter/e1",
                "Encounter/sub",
                "MedicationStatement/ms",
                "Observation/o1",
                "Observation/res",
                "Patient/p1"
            ]
        );
        assert_eq!(rule_of(&r, "Encounter/e2"), rule::RESTRICTED_SELF_PAY);
        assert_eq!(rule_of(&r, "Observation/o2"), rule::RESTRICTED_SELF_PAY);
        assert_eq!(rule_of(&r, "DocumentReference/doc2"), rule::RESTRICTED_SELF_PAY);
        // The Binary of a withheld document is not released (and inherits the label anyway).
        assert_eq!(rule_of(&r, "Binary/b2"), rule::NOT_LINKED);
        assert_eq!(rule_of(&r, "Observation/o3"), rule::OTHER_PATIENT);
        assert_eq!(rule_of(&r, "Observation/o4"), rule::OTHER_PATIENT);
        assert_eq!(rule_of(&r, "Condition/c-other"), rule::NOT_LINKED);
        assert_eq!(rule_of(&r, "Condition/c-eie"), rule::NOT_LINKED);
        assert_eq!(rule_of(&r, "Binary/b1"), rule::ATTACHMENT);
        assert_eq!(rule_of(&r, "Observation/res"), rule::REPORT_RESULT);
        assert!(!r.linkage.encounters[2].found);
        assert!(
            r.notes.iter().any(|n| n.contains("Encounter/missing")),
            "{:?}",
            r.notes
        );
        assert_eq!(r.summary.total, d.len());

        // Authorised: the self-pay records come back, with the lift named in the reason.
        let auth =
            json!({"sensitivity_release_authorized": {"codes": [{"system": V3_ACT_CODE, "code": SELF_PAY}]}});
        let r = release(&payload(&["e1", "e2"], auth), &d, true).unwrap();
        for k in [
            "Encounter/e2",
            "Observation/o2",
            "DocumentReference/doc2",
            "Binary/b2",
        ] {
            let dec = r.decisions.iter().find(|x| x.resource == k).unwrap();
            assert_eq!(dec.decision, Disposition::Released, "{k}");
            assert!(dec.reason.contains("release authorised"), "{}", dec.reason);
        }
        // Withholding wins over the authorisation.
        let both = json!({"sensitivity_release_authorized": {"codes": [{"system": V3_ACT_CODE, "code": SELF_PAY}]},
                          "access": {"sensitivity_withhold": {"codes": [{"system": V3_ACT_CODE, "code": SELF_PAY}]}}});
        let r = release(&payload(&["e1", "e2"], both), &d, true).unwrap();
        assert_eq!(rule_of(&r, "Observation/o2"), rule::SENSITIVITY_CODE);
    }

    /// The floor is current problems (the problem list, or tied to no encounter), current
    /// medications and current allergies; what a linked Encounter names as its diagnosis or
    /// reason goes with it.
    #[test]
    fn floors_are_current_and_what_a_linked_encounter_names_goes_with_it() {
        let status = |s: &str| json!({"coding": [{"code": s}]});
        let p1 = json!({"reference": "Patient/p1"});
        let d = from_values(
            "t",
            vec![
                json!({"resourceType": "Patient", "id": "p1", "identifier": [{"system": "urn:mrn", "value": "P1"}]}),
                json!({"resourceType": "Encounter", "id": "e1", "subject": p1,
                       "diagnosis": [{"condition": {"reference": "Condition/dx-e1"}}],
                       "reasonReference": [{"reference": "Observation/reason-e1"}]}),
                json!({"resourceType": "Encounter", "id": "e2", "subject": p1,
                       "diagnosis": [{"condition": {"reference": "Condition/named-by-e2"}}]}),
                json!({"resourceType": "Condition", "id": "dx-e1", "subject": p1, "clinicalStatus": status("resolved")}),
                json!({"resourceType": "Observation", "id": "reason-e1", "subject": p1}),
                json!({"resourceType": "Condition", "id": "dx-e2", "subject": p1, "clinicalStatus": status("active"),
                       "encounter": {"reference": "Encounter/e2"},
                       "category": [{"coding": [{"code": "encounter-diagnosis"}]}]}),
                json!({"resourceType": "Condition", "id": "problem-e2", "subject": p1, "clinicalStatus": status("active"),
                       "encounter": {"reference": "Encounter/e2"},
                       "category": [{"coding": [{"code": "problem-list-item"}]}]}),
                // Named only by the unlinked e2's diagnosis: goes with e2.
                json!({"resourceType": "Condition", "id": "named-by-e2", "subject": p1, "clinicalStatus": status("active")}),
                // Tied to an encounter that is not in the data: its labels cannot be known.
                json!({"resourceType": "Condition", "id": "enc-missing", "subject": p1, "clinicalStatus": status("active"),
                       "encounter": {"reference": "Encounter/missing"}}),
                json!({"resourceType": "Condition", "id": "refuted", "subject": p1, "clinicalStatus": status("active"),
                       "verificationStatus": status("refuted")}),
                json!({"resourceType": "AllergyIntolerance", "id": "a-active", "patient": p1, "clinicalStatus": status("active")}),
                json!({"resourceType": "AllergyIntolerance", "id": "a-resolved", "patient": p1, "clinicalStatus": status("resolved")}),
                json!({"resourceType": "AllergyIntolerance", "id": "a-refuted", "patient": p1, "verificationStatus": status("refuted")}),
                json!({"resourceType": "MedicationRequest", "id": "m-order", "subject": p1, "status": "active", "intent": "order"}),
                json!({"resourceType": "MedicationRequest", "id": "m-proposal", "subject": p1, "status": "active", "intent": "proposal"}),
            ],
        )
        .unwrap();
        let r = release(&payload(&["e1"], json!({})), &d, true).unwrap();
        assert_eq!(
            released(&r),
            [
                "AllergyIntolerance/a-active",
                "Condition/dx-e1",
                "Condition/problem-e2",
                "Encounter/e1",
                "MedicationRequest/m-order",
                "Observation/reason-e1",
                "Patient/p1"
            ]
        );
        let reason = |k: &str| {
            r.decisions
                .iter()
                .find(|d| d.resource == k)
                .unwrap()
                .reason
                .clone()
        };
        assert!(reason("Condition/dx-e1").contains("named by Encounter/e1.diagnosis.condition"));
        assert!(reason("Condition/dx-e2").contains("a diagnosis of another encounter"));
        assert!(reason("Condition/refuted").contains("verificationStatus refuted"));
        assert!(reason("AllergyIntolerance/a-resolved").contains("clinicalStatus resolved"));
        assert!(reason("AllergyIntolerance/a-refuted").contains("verificationStatus refuted"));
        assert!(reason("MedicationRequest/m-proposal").contains("intent proposal"));
        assert!(reason("Condition/enc-missing")
            .contains("tied to Encounter/missing, which resolves to no Encounter"));
    }

    #[test]
    fn refusals() {
        let d = data();
        let refuse = |p: Value| release(&p, &d, true).unwrap_err().id;
        assert_eq!(
            refuse(payload(
                &["e1"],
                json!({"access": {"data_period": {"start": "2026"}}})
            )),
            "refuse.unsupported_constraint"
        );
        assert_eq!(
            refuse(payload(&["e1"], json!({"access": {"https://example.org/c": {}}}))),
            "refuse.unsupported_constraint"
        );
        assert_eq!(
            refuse(payload(&["e1"], json!({"access": {"sensitivity_withhold": {}}}))),
            "refuse.sensitivity_withhold"
        );
        assert_eq!(
            refuse(payload(
                &["e1"],
                json!({"ticket_type": "https://smarthealthit.org/permission-ticket-type/research-study-access-v1"})
            )),
            "refuse.ticket_type"
        );
        let mut p = payload(&["e1"], json!({}));
        p["access"]["claim_linkage"]["encounter"] = json!([]);
        assert_eq!(refuse(p), "refuse.claim_linkage");
        // Linked encounters that are another patient's are no association for this subject:
        // nothing (not even the floor) is released.
        assert_eq!(
            refuse(payload(&["e-p2", "e-remote"], json!({}))),
            "refuse.claim_linkage"
        );
        let mut p = payload(&["e1"], json!({}));
        p["subject"]["recipient_record"]["reference"] = json!(format!("{ISS}/Patient/nobody"));
        assert_eq!(refuse(p), "refuse.subject");
        let mut p = payload(&["e1"], json!({}));
        p["subject"]["patient"]["identifier"][0]["value"] = json!("P2");
        assert_eq!(refuse(p), "refuse.subject");
    }

    #[test]
    fn unlisted_withholds_every_sensitive_label() {
        let d = from_values(
            "t",
            vec![
                json!({"resourceType": "Patient", "id": "p1", "identifier": [{"system": "urn:mrn", "value": "P1"}]}),
                json!({"resourceType": "Encounter", "id": "e1"}),
                json!({"resourceType": "Observation", "id": "eth", "encounter": {"reference": "Encounter/e1"},
                       "meta": {"security": [{"system": V3_ACT_CODE, "code": "ETH"}]}}),
                json!({"resourceType": "Observation", "id": "normal", "encounter": {"reference": "Encounter/e1"},
                       "meta": {"security": [{"system": labels::V3_CONFIDENTIALITY, "code": "N"}]}}),
                json!({"resourceType": "Observation", "id": "r", "encounter": {"reference": "Encounter/e1"},
                       "meta": {"security": [{"system": labels::V3_CONFIDENTIALITY, "code": "R"}]}}),
            ],
        )
        .unwrap();
        let r = release(&payload(&["e1"], json!({})), &d, true).unwrap();
        assert_eq!(rule_of(&r, "Observation/eth"), rule::ENCOUNTER_REFERENCE);
        assert_eq!(rule_of(&r, "Observation/r"), rule::CONFIDENTIALITY);
        let r = release(
            &payload(
                &["e1"],
                json!({"access": {"sensitivity_withhold": {"unlisted": true}}}),
            ),
            &d,
            true,
        )
        .unwrap();
        assert_eq!(rule_of(&r, "Observation/eth"), rule::SENSITIVITY_UNLISTED);
        assert_eq!(rule_of(&r, "Observation/normal"), rule::ENCOUNTER_REFERENCE);
        let b = bundle(&r, &d, None);
        assert_eq!(b["type"], "collection");
        assert_eq!(b["entry"].as_array().unwrap().len(), r.summary.released);
    }

    /// Whatever ptix cannot resolve or read is withheld, never released as if it were not there:
    /// subjects and encounters it cannot resolve, labels under other names or in odd places,
    /// labels on what holds a record, references to records of other types, deleted entries.
    #[test]
    fn what_cannot_be_resolved_or_read_is_withheld() {
        let p1 = json!({"reference": "Patient/p1"});
        let e1 = json!({"reference": "Encounter/e1"});
        let sp = |system: &str| json!({"security": [{"system": system, "code": "HIPAASelfPay"}]});
        let obs = |id: &str, extra: Value| {
            let mut o = json!({"resourceType": "Observation", "id": id, "subject": p1, "encounter": e1});
            for (k, v) in extra.as_object().unwrap() {
                o[k] = v.clone();
            }
            o
        };
        let d = from_values(
            "t",
            vec![
                json!({"resourceType": "Bundle", "type": "transaction", "entry": [
                    {"fullUrl": "urn:uuid:other", "resource": {"resourceType": "Patient", "id": "other"}},
                    {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
                        "identifier": [{"system": "urn:mrn", "value": "P1"}]}},
                    {"fullUrl": "urn:uuid:e1", "resource": {"resourceType": "Encounter", "id": "e1", "subject": p1}},
                    {"resource": obs("deleted", json!({})), "request": {"method": "DELETE", "url": "Observation/deleted"}},
                    {"resource": obs("gone", json!({})), "response": {"status": "410 Gone"}},
                ]}),
                // Whose record: resolved through the urn, or unknown.
                obs("urn-subject-p1", json!({"subject": {"reference": "urn:uuid:p1"}, "encounter": {"reference": "urn:uuid:e1"}})),
                obs("urn-other", json!({"subject": {"reference": "urn:uuid:other"}})),
                obs("identifier-subject", json!({"subject": {"identifier": {"system": "urn:mrn", "value": "Z9"}}})),
                obs("contained-subject", json!({"subject": {"reference": "#p"}, "contained": [{"resourceType": "Patient", "id": "p"}]})),
                obs("conditional-subject", json!({"subject": {"reference": "Patient?identifier=urn:mrn|Z9"}})),
                json!({"resourceType": "Task", "id": "task-other", "for": {"reference": "Patient/other"}, "encounter": e1}),
                // Tied to an encounter ptix cannot find: no floor.
                json!({"resourceType": "Condition", "id": "enc-slash", "subject": p1,
                       "clinicalStatus": {"coding": [{"code": "active"}]}, "encounter": {"reference": "Encounter/e1/"}}),
                json!({"resourceType": "MedicationRequest", "id": "enc-display", "subject": p1, "status": "active",
                       "intent": "order", "encounter": {"display": "the sleep study visit"}}),
                // Labels under other names, in odd places, and on what holds a record.
                obs("oid-label", json!({"meta": sp("urn:oid:2.16.840.1.113883.5.4")})),
                obs("old-url-label", json!({"meta": sp("http://hl7.org/fhir/v3/ActCode/")})),
                obs("meta-array", json!({"meta": [sp("x")]})),
                obs("contained-label", json!({"contained": [{"resourceType": "Observation", "id": "c", "meta": sp("urn:oid:2.16.840.1.113883.5.4")}]})),
                obs("panel", json!({"meta": sp("http://terminology.hl7.org/CodeSystem/v3-ActCode"), "hasMember": [{"reference": "Observation/member"}]})),
                obs("member", json!({})),
                json!({"resourceType": "Bundle", "type": "document", "meta": sp("http://terminology.hl7.org/CodeSystem/v3-ActCode"),
                       "entry": [{"resource": obs("in-document", json!({}))}]}),
                // Content is a Binary; a diagnosis is a clinical record.
                json!({"resourceType": "DocumentReference", "id": "doc", "subject": p1, "context": {"encounter": [e1]},
                       "content": [{"attachment": {"url": "Patient/other"}}, {"attachment": {"url": "Observation/not-content"}}]}),
                json!({"resourceType": "Observation", "id": "not-content", "subject": p1}),
                obs("plain", json!({})),
                // A Binary goes with the record that governs it; a Group is not the patient.
                json!({"resourceType": "Binary", "id": "governed-by-other", "securityContext": {"reference": "Patient/other"}}),
                json!({"resourceType": "DocumentReference", "id": "doc-bin", "subject": p1, "context": {"encounter": [e1]},
                       "content": [{"attachment": {"url": "Binary/governed-by-other"}}]}),
                obs("group-subject", json!({"subject": {"reference": "Group/g1"}})),
                obs("string-subject", json!({"subject": "Patient/p1"})),
                // Ties written as other FHIR versions or as strings; labels spelt otherwise.
                json!({"resourceType": "Encounter", "id": "e-sp", "subject": p1, "meta": sp("http://terminology.hl7.org/CodeSystem/v3-ActCode")}),
                json!({"resourceType": "Condition", "id": "stu3-context", "subject": p1, "category": [{"coding": [{"code": "problem-list-item"}]}],
                       "clinicalStatus": {"coding": [{"code": "active"}]}, "context": {"reference": "Encounter/e-sp"}}),
                json!({"resourceType": "AllergyIntolerance", "id": "string-encounter", "patient": p1, "encounter": "Encounter/e-sp"}),
                obs("versioned-lower", json!({"meta": {"security": [{"system": "https://terminology.hl7.org/CodeSystem/v3-ActCode|2.0.0", "code": " hipaaselfpay "}]}})),
                // Another claim of the linked visit, and a URL on another server.
                json!({"resourceType": "Claim", "id": "other-claim", "patient": p1, "item": [{"encounter": [e1]}]}),
                obs("other-server-subject", json!({"subject": {"reference": "https://hie.example.net/fhir/Patient/p1"}})),
            ],
        )
        .unwrap();
        assert_eq!(d.deleted.len(), 2);
        let r = release(&payload(&["e1"], json!({})), &d, true).unwrap();
        assert_eq!(
            released(&r),
            [
                "DocumentReference/doc",
                "DocumentReference/doc-bin",
                "Encounter/e1",
                "Observation/plain",
                "Observation/urn-subject-p1",
                "Patient/p1"
            ]
        );
        for (key, rule) in [
            ("Patient/other", rule::NOT_LINKED),
            ("Observation/urn-other", rule::OTHER_PATIENT),
            ("Observation/identifier-subject", rule::OTHER_PATIENT),
            ("Observation/contained-subject", rule::OTHER_PATIENT),
            ("Observation/conditional-subject", rule::OTHER_PATIENT),
            ("Task/task-other", rule::OTHER_PATIENT),
            ("Condition/enc-slash", rule::UNRESOLVED_ENCOUNTER),
            ("MedicationRequest/enc-display", rule::UNRESOLVED_ENCOUNTER),
            ("Observation/oid-label", rule::RESTRICTED_SELF_PAY),
            ("Observation/old-url-label", rule::RESTRICTED_SELF_PAY),
            ("Observation/meta-array", rule::UNREADABLE_LABEL),
            ("Observation/contained-label", rule::RESTRICTED_SELF_PAY),
            ("Observation/panel", rule::RESTRICTED_SELF_PAY),
            ("Observation/member", rule::RESTRICTED_SELF_PAY),
            ("Observation/in-document", rule::RESTRICTED_SELF_PAY),
            ("Observation/not-content", rule::NOT_LINKED),
            ("Binary/governed-by-other", rule::OTHER_PATIENT),
            ("Observation/group-subject", rule::OTHER_PATIENT),
            ("Observation/string-subject", rule::OTHER_PATIENT),
            ("Condition/stu3-context", rule::RESTRICTED_SELF_PAY),
            ("AllergyIntolerance/string-encounter", rule::UNRESOLVED_ENCOUNTER),
            ("Observation/versioned-lower", rule::RESTRICTED_SELF_PAY),
            ("Claim/other-claim", rule::NOT_LINKED),
            ("Observation/other-server-subject", rule::OTHER_PATIENT),
        ] {
            assert_eq!(rule_of(&r, key), rule, "{key}");
        }
        assert!(
            r.notes.iter().any(|n| n.contains("2 Bundle entries delete")),
            "{:?}",
            r.notes
        );
    }

    /// The mark of an encounter ptix cannot find passes on as labels do; a `urn:` two Bundles
    /// use names nothing.
    #[test]
    fn an_unresolved_parent_encounter_and_a_shared_urn_withhold() {
        let p1 = json!({"reference": "Patient/p1"});
        let d = from_values(
            "t",
            vec![
                json!({"resourceType": "Patient", "id": "p1", "identifier": [{"system": "urn:mrn", "value": "P1"}]}),
                json!({"resourceType": "Encounter", "id": "e1", "subject": p1, "partOf": {"reference": "Encounter/stay"}}),
                json!({"resourceType": "Observation", "id": "o1", "subject": p1, "encounter": {"reference": "Encounter/e1"}}),
            ],
        )
        .unwrap();
        let r = release(&payload(&["e1"], json!({})), &d, true).unwrap();
        assert_eq!(released(&r), ["Patient/p1"]);
        let o1 = r
            .decisions
            .iter()
            .find(|d| d.resource == "Observation/o1")
            .unwrap();
        assert_eq!(o1.rule, rule::UNRESOLVED_ENCOUNTER);
        assert!(
            o1.reason.contains(
                "tied to Encounter/stay, which resolves to no Encounter in the data through Encounter/e1"
            ),
            "{}",
            o1.reason
        );

        let bundle = |patient: &str, obs: Option<Value>| {
            let mut entries = vec![
                json!({"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient", "id": patient,
                "identifier": [{"system": "urn:mrn", "value": if patient == "p1" { "P1" } else { "Z9" }}]}}),
            ];
            entries.extend(obs.map(|o| json!({"resource": o})));
            json!({"resourceType": "Bundle", "type": "transaction", "entry": entries})
        };
        let d = from_values(
            "t",
            vec![
                bundle(
                    "other",
                    Some(json!({"resourceType": "Observation", "id": "leak",
                    "subject": {"reference": "urn:uuid:1"}, "encounter": {"reference": "Encounter/e1"}})),
                ),
                bundle("p1", None),
                json!({"resourceType": "Encounter", "id": "e1", "subject": p1}),
            ],
        )
        .unwrap();
        let r = release(&payload(&["e1"], json!({})), &d, true).unwrap();
        assert_eq!(rule_of(&r, "Observation/leak"), rule::OTHER_PATIENT);
    }

    /// A link's reference and identifier must name one record; the ticket's claim must be the
    /// subject's and in force; a sensitivity_withhold member ptix does not know refuses; a bound
    /// presenter is noted; a revocable ticket needs its status checked.
    #[test]
    fn links_claims_and_constraints_fail_closed() {
        let p1 = json!({"reference": "Patient/p1"});
        let d = from_values(
            "t",
            vec![
                json!({"resourceType": "Patient", "id": "p1", "identifier": [{"system": "urn:mrn", "value": "P1"}]}),
                json!({"resourceType": "Patient", "id": "p2"}),
                json!({"resourceType": "Encounter", "id": "e1", "subject": p1, "identifier": [{"system": "urn:v", "value": "V1"}]}),
                json!({"resourceType": "Encounter", "id": "e2", "subject": p1, "identifier": [{"system": "urn:v", "value": "V2"}]}),
                json!({"resourceType": "Claim", "id": "c-other", "patient": {"reference": "Patient/p2"},
                       "insurance": [{"focal": true, "coverage": {"reference": "Coverage/cov"}}]}),
                json!({"resourceType": "Coverage", "id": "cov", "beneficiary": p1}),
            ],
        )
        .unwrap();
        // Reference e1 with e2's identifier; a reference not in the data with e2's identifier.
        for reference in ["Encounter/e1", "Encounter/nope"] {
            let mut p = payload(&[], json!({}));
            p["access"]["claim_linkage"]["encounter"] = json!([{"reference": format!("{ISS}/{reference}"), "identifier": {"system": "urn:v", "value": "V2"}}]);
            let r = release(&p, &d, true).unwrap_err();
            assert_eq!(r.id, "refuse.claim_linkage", "{reference}");
        }
        // Another patient's claim grounds nothing, its Coverage included.
        let p = payload(
            &["e1"],
            json!({"access": {"claim_linkage": {
            "encounter": [{"reference": format!("{ISS}/Encounter/e1")}],
            "claim": {"reference": format!("{ISS}/Claim/c-other")}}}}),
        );
        let r = release(&p, &d, true).unwrap();
        assert!(!released(&r).contains(&"Coverage/cov"), "{:?}", released(&r));
        assert!(
            r.notes.iter().any(|n| n.contains("is a claim of Patient/p2")),
            "{:?}",
            r.notes
        );

        let p = payload(
            &["e1"],
            json!({"access": {"sensitivity_withhold": {"codes": [{"code": "ETH"}], "except": true}}}),
        );
        assert_eq!(
            release(&p, &d, true).unwrap_err().id,
            "refuse.sensitivity_withhold"
        );

        let p = payload(
            &["e1"],
            json!({"presenter_binding": {"method": "jkt", "jkt": "x"}}),
        );
        assert!(release(&p, &d, true)
            .unwrap()
            .notes
            .iter()
            .any(|n| n.contains("binds its presenter")));

        let p = payload(
            &["e1"],
            json!({"revocation": {"url": "https://h/status", "index": 4}}),
        );
        assert_eq!(check_revocation(&p, false).unwrap_err().id, "refuse.revocation");
        assert!(check_revocation(&p, true).is_ok());
    }
}
