//! Where FHIR R4 resources name their encounter, their patient, their documents and results.
//!
//! The claim_linkage page: "Release only records you associate with the linked encounters: at
//! minimum the records linked to the named encounter references". ptix's association is the
//! FHIR one: a record is linked to an encounter when the element its resource type uses for
//! the encounter context references it.

use serde_json::Value;

use super::refs;

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

/// One encounter reference of a record: the element, and the Encounter's `Type/id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncounterLink {
    /// `Observation.encounter`, `DocumentReference.context.encounter`, ...
    pub element: String,
    /// `Encounter/<id>`.
    pub encounter: String,
}

/// The Encounters in this data a record references through its encounter elements.
pub fn encounter_links(rtype: &str, v: &Value, bases: &[String]) -> Vec<EncounterLink> {
    let mut out: Vec<EncounterLink> = Vec::new();
    for path in encounter_paths(rtype) {
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

/// The Patients a record names as its subject: `subject`, `patient`, `beneficiary` (Coverage).
/// Local references to a Patient count, and a Patient on another server (as another patient); a
/// Group subject or a display-only reference does not.
pub fn patient_refs(v: &Value, bases: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for field in ["subject", "patient", "beneficiary"] {
        for r in refs::references_at(v, &[field]) {
            let key = match refs::local_key(r, bases) {
                Some(k) => Some(k).filter(|k| refs::is_type(k, "Patient")),
                // A Patient on another server is another patient, whatever its id: kept as
                // written, so it never equals the subject's `Patient/<id>`.
                None if r.contains("://") && r.contains("/Patient/") => Some(r.trim().to_string()),
                None => None,
            };
            if let Some(k) = key.filter(|k| !out.contains(k)) {
                out.push(k);
            }
        }
    }
    out
}

/// What a record points at as its content: `DocumentReference.content.attachment.url`,
/// `DiagnosticReport.presentedForm.url`, `Media.content.url` (usually `Binary/<id>`), as local
/// `Type/id`s with the element that names them.
pub fn attachments(rtype: &str, v: &Value, bases: &[String]) -> Vec<(String, &'static str)> {
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
        if let Some(k) = refs::local_key(url, bases) {
            if !out.iter().any(|(o, _)| *o == k) {
                out.push((k, element));
            }
        }
    }
    out
}

/// The Observations a DiagnosticReport lists as its `result`.
pub fn report_results(rtype: &str, v: &Value, bases: &[String]) -> Vec<String> {
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
pub fn security_context(rtype: &str, v: &Value, bases: &[String]) -> Option<String> {
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
        let b = vec!["https://h/fhir".to_string()];
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
