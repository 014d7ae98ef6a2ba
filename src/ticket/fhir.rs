//! A borrowed, lenient view of the FHIR members the claim mapping reads.
//!
//! Claims run to many KB of item detail, diagnoses and contained resources the mapping never
//! looks at; reading them with the [`Scanner`](super::scan::Scanner) skips all of that (checking
//! only that it is well-formed JSON) without building it, and borrows strings from the input
//! where they carry no escapes.
//!
//! Lenient means: a member of the wrong JSON type reads as absent (a `Reference` that is a
//! string, an `id` that is a number, an `item` that is an object), exactly as a lookup in a
//! generic JSON tree would find nothing there. Only malformed JSON and a member the mapping
//! reads given twice are errors: a duplicate would make the ticket depend on which copy wins.

use std::borrow::Cow;

use serde_json::Value;

use super::scan::{Fail, Scan, ScanError, Scanner};

/// A Claim, a Bundle, or a resource inside either (only the members the mapping reads).
#[derive(Debug, Default)]
pub struct Resource<'a> {
    pub resource_type: Str<'a>,
    pub id: Str<'a>,
    pub identifier: List<Identifier<'a>>,
    pub use_: Str<'a>,
    /// Any JSON type, so that a `created` that is no string is reported, not ignored.
    pub created: Raw<'a>,
    pub patient: Obj<Reference<'a>>,
    pub insurer: Obj<Reference<'a>>,
    pub insurance: List<Insurance<'a>>,
    pub contained: List<Resource<'a>>,
    pub item: List<Item<'a>>,
    pub entry: List<Entry<'a>>,
    /// `Patient.name` (HumanName[]) or `Organization.name` (string), as written.
    pub name: Raw<'a>,
    pub birth_date: Raw<'a>,
    pub gender: Raw<'a>,
    pub payor: List<Reference<'a>>,
    /// `Claim.status`.
    pub status: Str<'a>,
    /// `Claim.provider`: who assigned the provider's own numbers.
    pub provider: Obj<Reference<'a>>,
}

/// A FHIR Reference.
#[derive(Debug, Default)]
pub struct Reference<'a> {
    pub reference: Str<'a>,
    /// `Reference.type`: the type of the target, when the reference says.
    pub type_: Str<'a>,
    pub identifier: List<Identifier<'a>>,
    pub display: Str<'a>,
}

/// A FHIR Identifier: the members a thin resource keeps, as written.
#[derive(Debug, Default)]
pub struct Identifier<'a> {
    pub type_: Raw<'a>,
    pub system: Raw<'a>,
    pub value: Raw<'a>,
    /// Who assigned it (a Claim's identifiers: the payer's numbers are not the control number).
    pub assigner: Obj<Reference<'a>>,
    /// `use` (`old`: no longer the record's).
    pub use_: Str<'a>,
}

/// `Claim.insurance[]`.
#[derive(Debug, Default)]
pub struct Insurance<'a> {
    pub focal: Raw<'a>,
    pub coverage: Obj<Reference<'a>>,
}

/// `Claim.item[]`: only its encounters.
#[derive(Debug, Default)]
pub struct Item<'a> {
    pub encounter: List<Reference<'a>>,
}

/// `Bundle.entry[]`.
#[derive(Debug, Default)]
pub struct Entry<'a> {
    pub full_url: Str<'a>,
    pub resource: Obj<Resource<'a>>,
}

impl<'a> Resource<'a> {
    /// Read a whole document (a JSON object, nothing after it).
    pub fn parse(document: &'a [u8]) -> Result<Self, ScanError> {
        Scanner::document(document, Self::read)
    }
}

/// A type read from a JSON object; a member it reads that appears twice is an error.
pub trait FromObject<'a>: Sized + Default {
    fn read(s: &mut Scanner<'a>) -> Scan<Self>;
}

/// `FromObject` for a struct: `Type { "json name" => field, ... }`. Each listed member is read
/// with its field's [`Member`] type; members not listed are skipped (checked to be JSON); a
/// listed member given twice is an error.
macro_rules! from_object {
    ($($ty:ident { $($name:literal => $field:ident),* $(,)? })*) => {$(
        impl<'a> FromObject<'a> for $ty<'a> {
            fn read(s: &mut Scanner<'a>) -> Scan<Self> {
                let mut target = $ty::default();
                let mut seen = 0u32;
                s.object(|s, key| {
                    let mut bit = 1u32;
                    $(
                        if key == $name {
                            if seen & bit != 0 {
                                return Err(Fail(concat!("duplicate field `", $name, "`")));
                            }
                            seen |= bit;
                            target.$field = Member::read(s)?;
                            return Ok(());
                        }
                        bit <<= 1;
                    )*
                    let _ = bit;
                    s.skip()
                })?;
                Ok(target)
            }
        }
    )*};
}

from_object! {
    Resource {
        "resourceType" => resource_type, "id" => id, "identifier" => identifier, "use" => use_,
        "created" => created, "patient" => patient, "insurer" => insurer, "insurance" => insurance,
        "contained" => contained, "item" => item, "entry" => entry, "name" => name,
        "birthDate" => birth_date, "gender" => gender, "payor" => payor, "status" => status,
        "provider" => provider,
    }
    Reference { "reference" => reference, "type" => type_, "identifier" => identifier, "display" => display }
    Identifier { "type" => type_, "system" => system, "value" => value, "assigner" => assigner, "use" => use_ }
    Insurance { "focal" => focal, "coverage" => coverage }
    Item { "encounter" => encounter }
    Entry { "fullUrl" => full_url, "resource" => resource }
}

/// A member's value, read leniently: a JSON type the member does not take reads as absent.
pub trait Member<'a>: Sized {
    fn read(s: &mut Scanner<'a>) -> Scan<Self>;
}

/// A string member; any other JSON type reads as absent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Option<Cow<'a, str>>);

impl Str<'_> {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'a> Member<'a> for Str<'a> {
    fn read(s: &mut Scanner<'a>) -> Scan<Self> {
        if s.peek() == Some(b'"') {
            s.string().map(|v| Str(Some(v)))
        } else {
            s.skip().map(|()| Str(None))
        }
    }
}

/// A member of any JSON type, kept as its (well-formed) JSON text; `None` when absent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a>(pub Option<&'a str>);

impl Raw<'_> {
    /// The member as a JSON value (`None` when absent). The scanner checked, when it read the
    /// member, that serde_json can hold it (see [`Scanner::raw`]).
    pub fn value(&self) -> Option<Value> {
        let text = self.0?;
        // Most copied members are plain strings: a string without escapes is its body.
        match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(body) if !body.contains('\\') => Some(Value::String(body.to_string())),
            _ => parsed(text),
        }
    }

    /// The member when it is a JSON string.
    pub fn as_str(&self) -> Option<String> {
        match self.value() {
            Some(Value::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// Texts parsed lately on this thread, each in the slot its hash picks (a newer text takes the
/// slot of an older one). A batch copies the same identifier types (`{"coding": [...]}`) and
/// often the same names into ticket after ticket; a clone of the parsed value reads no text and
/// copies the member names' hashes instead of computing them.
const PARSED_SLOTS: usize = 64;
/// Longer texts are parsed every time (so the cache stays small).
const PARSED_MAX_LEN: usize = 1024;

/// A cache slot: a text and its value.
type Parsed = Option<(Box<str>, Value)>;

thread_local! {
    static PARSED: std::cell::RefCell<Vec<Parsed>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `text` (well-formed JSON) as a value, from the cache when it was parsed lately.
fn parsed(text: &str) -> Option<Value> {
    if text.len() > PARSED_MAX_LEN {
        return serde_json::from_str(text).ok();
    }
    // FNV-1a over eight bytes at a time: the slot only has to spread texts, not resist anyone
    // (a collision costs a parse).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in text.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let slot = ((hash ^ (hash >> 32)) % PARSED_SLOTS as u64) as usize;
    PARSED.with_borrow_mut(|cache| {
        if cache.is_empty() {
            cache.resize(PARSED_SLOTS, None);
        }
        let entry = cache.get_mut(slot)?;
        match entry {
            Some((cached, value)) if **cached == *text => Some(value.clone()),
            _ => {
                let value: Value = serde_json::from_str(text).ok()?;
                *entry = Some((text.into(), value.clone()));
                Some(value)
            }
        }
    })
}

impl<'a> Member<'a> for Raw<'a> {
    fn read(s: &mut Scanner<'a>) -> Scan<Self> {
        s.raw().map(|text| Raw(Some(text)))
    }
}

/// An object member; any other JSON type reads as absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obj<T>(pub Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

impl<'a, T: FromObject<'a>> Member<'a> for Obj<T> {
    fn read(s: &mut Scanner<'a>) -> Scan<Self> {
        if s.peek() == Some(b'{') {
            T::read(s).map(|t| Obj(Some(t)))
        } else {
            s.skip().map(|()| Obj(None))
        }
    }
}

/// An array member (its non-object elements skipped). A single object is read as a list of one
/// and marked, since some places accept that (a thin resource's `identifier`) and others do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List<T> {
    pub items: Vec<T>,
    pub was_array: bool,
    /// The member was there but is no array of objects (an object, another type, or an array
    /// with elements that are no objects): nothing silently lost where that matters.
    pub malformed: bool,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            was_array: false,
            malformed: false,
        }
    }
}

impl<T> List<T> {
    /// The elements, when the member is an array (empty otherwise).
    pub fn array(&self) -> &[T] {
        if self.was_array {
            &self.items
        } else {
            &[]
        }
    }
}

impl<'a, T: FromObject<'a>> Member<'a> for List<T> {
    fn read(s: &mut Scanner<'a>) -> Scan<Self> {
        match s.peek() {
            Some(b'[') => {
                let mut items = Vec::new();
                let mut malformed = false;
                s.array(|s| {
                    match Obj::<T>::read(s)? {
                        Obj(Some(x)) => items.push(x),
                        Obj(None) => malformed = true,
                    }
                    Ok(())
                })?;
                Ok(List {
                    items,
                    was_array: true,
                    malformed,
                })
            }
            Some(b'{') => Ok(List {
                items: vec![T::read(s)?],
                was_array: false,
                malformed: true,
            }),
            _ => s.skip().map(|()| List {
                malformed: true,
                ..List::default()
            }),
        }
    }
}

/// The resource types of FHIR R4 (4.0.1), sorted: a literal reference's `Type` segment is read as
/// a type only when it is one (`https://FHIR/R4` or `.../Payers/X` name no type).
const R4_RESOURCE_TYPES: &[&str] = &[
    "Account",
    "ActivityDefinition",
    "AdverseEvent",
    "AllergyIntolerance",
    "Appointment",
    "AppointmentResponse",
    "AuditEvent",
    "Basic",
    "Binary",
    "BiologicallyDerivedProduct",
    "BodyStructure",
    "Bundle",
    "CapabilityStatement",
    "CarePlan",
    "CareTeam",
    "CatalogEntry",
    "ChargeItem",
    "ChargeItemDefinition",
    "Claim",
    "ClaimResponse",
    "ClinicalImpression",
    "CodeSystem",
    "Communication",
    "CommunicationRequest",
    "CompartmentDefinition",
    "Composition",
    "ConceptMap",
    "Condition",
    "Consent",
    "Contract",
    "Coverage",
    "CoverageEligibilityRequest",
    "CoverageEligibilityResponse",
    "DetectedIssue",
    "Device",
    "DeviceDefinition",
    "DeviceMetric",
    "DeviceRequest",
    "DeviceUseStatement",
    "DiagnosticReport",
    "DocumentManifest",
    "DocumentReference",
    "EffectEvidenceSynthesis",
    "Encounter",
    "Endpoint",
    "EnrollmentRequest",
    "EnrollmentResponse",
    "EpisodeOfCare",
    "EventDefinition",
    "Evidence",
    "EvidenceVariable",
    "ExampleScenario",
    "ExplanationOfBenefit",
    "FamilyMemberHistory",
    "Flag",
    "Goal",
    "GraphDefinition",
    "Group",
    "GuidanceResponse",
    "HealthcareService",
    "ImagingStudy",
    "Immunization",
    "ImmunizationEvaluation",
    "ImmunizationRecommendation",
    "ImplementationGuide",
    "InsurancePlan",
    "Invoice",
    "Library",
    "Linkage",
    "List",
    "Location",
    "Measure",
    "MeasureReport",
    "Media",
    "Medication",
    "MedicationAdministration",
    "MedicationDispense",
    "MedicationKnowledge",
    "MedicationRequest",
    "MedicationStatement",
    "MedicinalProduct",
    "MedicinalProductAuthorization",
    "MedicinalProductContraindication",
    "MedicinalProductIndication",
    "MedicinalProductIngredient",
    "MedicinalProductInteraction",
    "MedicinalProductManufactured",
    "MedicinalProductPackaged",
    "MedicinalProductPharmaceutical",
    "MedicinalProductUndesirableEffect",
    "MessageDefinition",
    "MessageHeader",
    "MolecularSequence",
    "NamingSystem",
    "NutritionOrder",
    "Observation",
    "ObservationDefinition",
    "OperationDefinition",
    "OperationOutcome",
    "Organization",
    "OrganizationAffiliation",
    "Parameters",
    "Patient",
    "PaymentNotice",
    "PaymentReconciliation",
    "Person",
    "PlanDefinition",
    "Practitioner",
    "PractitionerRole",
    "Procedure",
    "Provenance",
    "Questionnaire",
    "QuestionnaireResponse",
    "RelatedPerson",
    "RequestGroup",
    "ResearchDefinition",
    "ResearchElementDefinition",
    "ResearchStudy",
    "ResearchSubject",
    "RiskAssessment",
    "RiskEvidenceSynthesis",
    "Schedule",
    "SearchParameter",
    "ServiceRequest",
    "Slot",
    "Specimen",
    "SpecimenDefinition",
    "StructureDefinition",
    "StructureMap",
    "Subscription",
    "Substance",
    "SubstanceNucleicAcid",
    "SubstancePolymer",
    "SubstanceProtein",
    "SubstanceReferenceInformation",
    "SubstanceSourceMaterial",
    "SubstanceSpecification",
    "SupplyDelivery",
    "SupplyRequest",
    "Task",
    "TerminologyCapabilities",
    "TestReport",
    "TestScript",
    "ValueSet",
    "VerificationResult",
    "VisionPrescription",
];

/// A resource type with its indefinite article, for messages: "an Organization", "a Claim".
pub fn with_article(t: &str) -> String {
    let article = if t.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {t}")
}

/// Is `t` a resource type of FHIR R4?
pub fn is_r4_resource_type(t: &str) -> bool {
    R4_RESOURCE_TYPES.binary_search(&t).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_read_as_absent() {
        let r = Resource::parse(
            br#"{"resourceType":"Claim","id":5,"patient":"Patient/1","item":{"encounter":[]},
                "insurer":{"reference":["x"],"display":"Acme"},"contained":[1,{"id":"p"}],"extra":{"a":[1]}}"#,
        )
        .unwrap();
        assert_eq!(r.resource_type.get(), Some("Claim"));
        assert_eq!(r.id.get(), None);
        assert!(r.patient.0.is_none());
        assert!(r.item.array().is_empty());
        let insurer = r.insurer.0.unwrap();
        assert_eq!(insurer.reference.get(), None);
        assert_eq!(insurer.display.get(), Some("Acme"));
        assert_eq!(r.contained.items.len(), 1);
        assert_eq!(r.contained.items[0].id.get(), Some("p"));
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let r = Resource::parse(br#"{"id":"plain","created":"a\u0041"}"#).unwrap();
        assert!(matches!(r.id.0, Some(Cow::Borrowed("plain"))));
        assert_eq!(r.created.as_str().as_deref(), Some("aA"));
    }

    #[test]
    fn raw_members_read_as_serde_json_reads_them() {
        // More texts than the cache has slots, read three times: every value, whether parsed
        // or cloned from the cache, is the one serde_json parses.
        let texts: Vec<String> = (0..3 * PARSED_SLOTS)
            .map(|i| match i % 4 {
                0 => format!(r#"{{"coding":[{{"system":"s","code":"c{i}"}}],"text":"t"}}"#),
                1 => format!(r#"[{{"use":"official","given":["G{i}"]}}]"#),
                2 => format!("{i}.5"),
                _ => format!(r#""escaped \"{i}\" \u00e9""#),
            })
            .chain([
                "true".to_string(),
                "null".to_string(),
                format!("[{}]", "1,".repeat(PARSED_MAX_LEN) + "1"),
            ])
            .collect();
        for _ in 0..3 {
            for t in &texts {
                let expected: Value = serde_json::from_str(t).unwrap();
                assert_eq!(Raw(Some(t)).value(), Some(expected), "{t}");
            }
        }
        assert_eq!(Raw(None).value(), None);
    }

    #[test]
    fn a_member_the_mapping_reads_given_twice_is_an_error() {
        let e = Resource::parse(br#"{"id":"a","id":"b"}"#).unwrap_err();
        assert!(e.to_string().contains("duplicate field `id`"), "{e}");
        // Members the mapping skips may repeat.
        assert!(Resource::parse(br#"{"text":1,"text":2}"#).is_ok());
    }
}
