//! Where FHIR R4 resources name their encounter, their patient, their documents and results.
//!
//! The claim_linkage page: "Release only records you associate with the linked encounters: at
//! minimum the records linked to the named encounter references". ptix's association is the
//! FHIR one: a record is linked to an encounter when the element its resource type uses for
//! the encounter context references it.

use serde_json::Value;

use super::refs::{self, Refs};

/// An element path and how messages name it.
pub struct Path {
    pub name: &'static str,
    pub steps: &'static [&'static str],
}

const ENCOUNTER: Path = Path {
    name: "encounter",
    steps: &["encounter"],
};
const CONTEXT: Path = Path {
    name: "context",
    steps: &["context"],
};
const CONTEXT_ENCOUNTER: Path = Path {
    name: "context.encounter",
    steps: &["context", "encounter"],
};
const ITEM_ENCOUNTER: Path = Path {
    name: "item.encounter",
    steps: &["item", "encounter"],
};
const PART_OF: Path = Path {
    name: "partOf",
    steps: &["partOf"],
};

/// The elements through which a resource of `rtype` names its encounter (FHIR R4).
///
/// Types not listed and not known to have no encounter element are read at `encounter`,
/// `context` and `context.encounter`; only references to an Encounter count anywhere.
pub fn encounter_paths(rtype: &str) -> &'static [Path] {
    match rtype {
        "Observation"
        | "Condition"
        | "Procedure"
        | "MedicationRequest"
        | "DiagnosticReport"
        | "Immunization"
        | "ServiceRequest"
        | "AllergyIntolerance"
        | "CarePlan"
        | "CareTeam"
        | "Composition"
        | "QuestionnaireResponse"
        | "DeviceRequest"
        | "NutritionOrder"
        | "RiskAssessment"
        | "ClinicalImpression"
        | "Communication"
        | "CommunicationRequest"
        | "Media"
        | "ImagingStudy"
        | "Task"
        | "List"
        | "AdverseEvent"
        | "Flag"
        | "GuidanceResponse"
        | "RequestGroup"
        | "VisionPrescription"
        | "SupplyRequest" => &[ENCOUNTER],
        // R4 names the encounter `context` here (Reference(Encounter | EpisodeOfCare)).
        "MedicationStatement" | "MedicationAdministration" | "MedicationDispense" | "ChargeItem" => {
            &[CONTEXT]
        }
        // R4 DocumentReference.context.encounter is an array.
        "DocumentReference" => &[CONTEXT_ENCOUNTER],
        "Claim" | "ExplanationOfBenefit" => &[ITEM_ENCOUNTER],
        // A sub-encounter (a stay's ward visit) belongs to the encounter it is part of.
        "Encounter" => &[PART_OF],
        "Patient"
        | "Practitioner"
        | "PractitionerRole"
        | "Organization"
        | "Location"
        | "Coverage"
        | "Binary"
        | "Medication"
        | "Device"
        | "Goal"
        | "Specimen"
        | "FamilyMemberHistory"
        | "Consent"
        | "Provenance"
        | "RelatedPerson"
        | "Group"
        | "EpisodeOfCare"
        | "Substance"
        | "HealthcareService"
        | "Endpoint"
        | "Schedule"
        | "Slot"
        | "Appointment"
        | "Bundle" => &[],
        _ => &[ENCOUNTER, CONTEXT, CONTEXT_ENCOUNTER],
    }
}

/// Where a record of `rtype` may be tied to an encounter: its R4 elements, and, unless the type
/// has no encounter at all, where other FHIR versions put it (R5 `encounter`, STU3 `context`):
/// a tie written there is no less a tie (its labels pass on; a reference ptix cannot resolve
/// there withholds).
fn tie_paths(rtype: &str) -> impl Iterator<Item = &'static Path> {
    let own = encounter_paths(rtype);
    let generic: &'static [Path] = if own.is_empty() {
        &[]
    } else {
        &[ENCOUNTER, CONTEXT, CONTEXT_ENCOUNTER]
    };
    own.iter().chain(
        generic
            .iter()
            .filter(move |g| !own.iter().any(|o| o.name == g.name)),
    )
}

/// One encounter reference of a record: the element, and the Encounter's `Type/id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncounterLink {
    /// `Observation.encounter`, `DocumentReference.context.encounter`, ...
    pub element: String,
    /// `Encounter/<id>`.
    pub encounter: String,
}

/// The Encounters in this data a record references through its encounter elements.
pub fn encounter_links(rtype: &str, v: &Value, bases: &Refs) -> Vec<EncounterLink> {
    let mut out: Vec<EncounterLink> = Vec::new();
    for path in tie_paths(rtype) {
        for r in refs::references_at(v, path.steps) {
            if let Some(key) = refs::local_key(r, bases).filter(|k| refs::is_type(k, "Encounter")) {
                if !out.iter().any(|l| l.encounter == key) {
                    out.push(EncounterLink {
                        element: format!("{rtype}.{}", path.name),
                        encounter: key,
                    });
                }
            }
        }
    }
    out
}

/// The Patients a record names as its subject: `subject`, `patient`, `beneficiary` (Coverage),
/// `for` (Task). A local reference to a Patient counts as that Patient; one to another type in
/// the data (a Group, a Device) does not count. Anything else there (a reference ptix cannot
/// resolve in the data: another server, a contained `#p`, a conditional or unknown `urn:`, or
/// an identifier or display alone) is kept as written, so it never equals the subject: whose
/// record it is cannot be known, and the record is withheld as another patient's.
pub fn patient_refs(v: &Value, bases: &Refs) -> Vec<String> {
    let mut out = Vec::new();
    for field in ["subject", "patient", "beneficiary", "for"] {
        for element in elements_at(v, field) {
            let key = match element.get("reference").and_then(Value::as_str) {
                Some(r) => match refs::local_key(r, bases) {
                    Some(k) if refs::is_type(&k, "Patient") => Some(k),
                    // A group of patients is not this patient (it may be others).
                    Some(k) if refs::is_type(&k, "Group") => Some(k),
                    Some(_) => None,
                    None => Some(bases.as_written(r)),
                },
                None => Some(format!("{field} without a reference ({element})")),
            };
            if let Some(k) = key.filter(|k| !out.contains(k)) {
                out.push(k);
            }
        }
    }
    out
}

/// The Reference objects of a top-level element (an array's elements, or the one object); a
/// value of another JSON type is kept too (it has no `reference`, so nothing resolves it).
fn elements_at<'a>(v: &'a Value, field: &str) -> Vec<&'a Value> {
    match v.get(field) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// The encounter references of a record that do not resolve to an Encounter in the data
/// (`present` says which keys are): another server, a trailing slash, an unknown `urn:`, an
/// identifier or a display alone, an Encounter the data does not hold. Such a record is tied to an
/// encounter whose labels ptix cannot see.
pub fn unresolved_encounters(
    rtype: &str,
    v: &Value,
    bases: &Refs,
    present: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in tie_paths(rtype) {
        let mut steps: Vec<&str> = path.steps.to_vec();
        let last = steps.pop().unwrap_or_default();
        let mut elements: Vec<&Value> = Vec::new();
        collect_objects(v, &steps, last, &mut elements);
        for element in elements {
            if !element.is_object() {
                // `"encounter": "Encounter/x"`: not a Reference, and not nothing.
                let text = format!("{element}");
                if !out.contains(&text) {
                    out.push(text);
                }
                continue;
            }
            let problem = match element.get("reference").and_then(Value::as_str) {
                Some(r) => match refs::local_key(r, bases) {
                    Some(k) if !refs::is_type(&k, "Encounter") || present(&k) => None,
                    Some(k) => Some(k),
                    None => Some(bases.as_written(r)),
                },
                // An identifier or a display alone names an encounter ptix cannot find; an
                // object of another shape (DocumentReference.context) is no Reference.
                None if element.get("identifier").is_some() || element.get("display").is_some() => {
                    Some(format!("{element}"))
                }
                None => None,
            };
            if let Some(p) = problem.filter(|p| !out.contains(p)) {
                out.push(p);
            }
        }
    }
    out
}

/// The objects at `steps` then `last` (arrays flattened at every step).
fn collect_objects<'a>(v: &'a Value, steps: &[&str], last: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect_objects(i, steps, last, out)),
        Value::Object(obj) => match steps.split_first() {
            Some((first, rest)) => {
                if let Some(next) = obj.get(*first) {
                    collect_objects(next, rest, last, out);
                }
            }
            None => match obj.get(last) {
                Some(Value::Array(items)) => out.extend(items.iter()),
                Some(Value::Null) | None => {}
                Some(other) => out.push(other),
            },
        },
        _ => {}
    }
}

/// What a record holds or groups, which its security labels cover too (and whose labels cover
/// it): a DiagnosticReport's `media.link` and `imagingStudy`, an Observation's `hasMember` and
/// `derivedFrom`, a Composition's
/// `section.entry` (nested sections too), a DocumentReference's `context.related`, a List's
/// `entry.item`; as local `Type/id`s.
pub fn parts(rtype: &str, v: &Value, bases: &Refs) -> Vec<String> {
    let paths: &[&[&str]] = match rtype {
        "DiagnosticReport" => &[&["media", "link"], &["imagingStudy"]],
        "Observation" => &[&["hasMember"], &["derivedFrom"]],
        "Composition" => {
            // Sections nest to any depth (bounded by the JSON nesting limit).
            let mut out = Vec::new();
            section_entries(v.get("section"), bases, &mut out);
            return out;
        }
        "DocumentReference" => &[&["context", "related"]],
        "List" => &[&["entry", "item"]],
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for path in paths {
        for r in refs::references_at(v, path) {
            if let Some(k) = refs::local_key(r, bases).filter(|k| !out.contains(k)) {
                out.push(k);
            }
        }
    }
    out
}

/// The local `Type/id`s of `section[].entry[]`, through every level of nested sections.
fn section_entries(sections: Option<&Value>, bases: &Refs, out: &mut Vec<String>) {
    let list = match sections {
        Some(Value::Array(items)) => items.as_slice(),
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => return,
    };
    for section in list {
        for r in refs::references_at(section, &["entry"]) {
            if let Some(k) = refs::local_key(r, bases).filter(|k| !out.contains(k)) {
                out.push(k);
            }
        }
        section_entries(section.get("section"), bases, out);
    }
}

/// What a record points at as its content: `DocumentReference.content.attachment.url`,
/// `DiagnosticReport.presentedForm.url`, `Media.content.url` (usually `Binary/<id>`), as local
/// `Type/id`s with the element that names them.
pub fn attachments(rtype: &str, v: &Value, bases: &Refs) -> Vec<(String, &'static str)> {
    let (element, steps): (&'static str, &[&str]) = match rtype {
        "DocumentReference" => (
            "DocumentReference.content.attachment.url",
            &["content", "attachment", "url"],
        ),
        "DiagnosticReport" => ("DiagnosticReport.presentedForm.url", &["presentedForm", "url"]),
        "Media" => ("Media.content.url", &["content", "url"]),
        _ => return Vec::new(),
    };
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for url in refs::strings_at(v, steps) {
        // Content is a Binary: a URL naming any other record is no attachment of this one.
        if let Some(k) = refs::local_key(url, bases).filter(|k| refs::is_type(k, "Binary")) {
            if !out.iter().any(|(o, _)| *o == k) {
                out.push((k, element));
            }
        }
    }
    out
}

/// The Observations a DiagnosticReport lists as its `result`.
pub fn report_results(rtype: &str, v: &Value, bases: &Refs) -> Vec<String> {
    if rtype != "DiagnosticReport" {
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in refs::references_at(v, &["result"]) {
        if let Some(k) = refs::local_key(r, bases).filter(|k| refs::is_type(k, "Observation")) {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// `Binary.securityContext`: the resource whose access rules a Binary follows.
pub fn security_context(rtype: &str, v: &Value, bases: &Refs) -> Option<String> {
    if rtype != "Binary" {
        return None;
    }
    refs::references_at(v, &["securityContext"])
        .into_iter()
        .find_map(|r| refs::local_key(r, bases))
}

/// The first `code` of a CodeableConcept element (`clinicalStatus`, `verificationStatus`).
pub fn concept_code<'a>(v: &'a Value, element: &str) -> Option<&'a str> {
    refs::strings_at(v, &[element, "coding", "code"])
        .into_iter()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encounter_links_per_type() {
        let b = Refs::new(vec!["https://h/fhir".to_string()]);
        let obs = json!({"encounter": {"reference": "Encounter/e1"}});
        assert_eq!(
            encounter_links("Observation", &obs, &b)[0].element,
            "Observation.encounter"
        );
        let ms = json!({"context": {"reference": "https://h/fhir/Encounter/e2"}});
        assert_eq!(
            encounter_links("MedicationStatement", &ms, &b)[0].encounter,
            "Encounter/e2"
        );
        // EpisodeOfCare context is not an encounter.
        let ms2 = json!({"context": {"reference": "EpisodeOfCare/x"}});
        assert!(encounter_links("MedicationStatement", &ms2, &b).is_empty());
        let claim = json!({"item": [{"encounter": [{"reference": "Encounter/e1"}]}, {"encounter": [{"reference": "Encounter/e1"}]}]});
        assert_eq!(encounter_links("Claim", &claim, &b).len(), 1);
        // Unknown types: encounter, context, context.encounter.
        let x = json!({"context": {"encounter": {"reference": "Encounter/e3"}}});
        assert_eq!(
            encounter_links("SomeNewType", &x, &b)[0].encounter,
            "Encounter/e3"
        );
        assert!(encounter_links(
            "Patient",
            &json!({"encounter": {"reference": "Encounter/e1"}}),
            &b
        )
        .is_empty());
    }
}
