//! Security labels (`meta.security`) and the codes a ticket names.
//!
//! ptix reads a Data Holder's restriction flags and sensitivity classification from the
//! security labels on its resources; it does not classify clinical content itself.
//!
//! Restrictions ptix applies by default (PCA page, "Restricted Data": "Records restricted from
//! disclosure to the payer are excluded silently"):
//! - v3-ActCode `HIPAASelfPay`: the patient paid in full and asked that the item not be
//!   disclosed to the health plan (45 CFR 164.522(a)(1)(vi));
//! - v3-Confidentiality `R` (restricted) and `V` (very restricted).
//!
//! A restriction is lifted only by a `sensitivity_release_authorized` code naming exactly that
//! label (system and code). Other labels (sensitivity codes such as `ETH`, `HIV`) do not stop a
//! release unless the ticket's `access.sensitivity_withhold` names them.

use serde::Serialize;
use serde_json::Value;

pub const V3_ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
pub const V3_CONFIDENTIALITY: &str = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
pub const SELF_PAY: &str = "HIPAASelfPay";

/// A FHIR Coding reduced to what matching uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Coding {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    pub code: String,
}

impl Coding {
    pub fn new(system: Option<&str>, code: &str) -> Coding {
        Coding {
            system: system.map(str::to_string),
            code: code.to_string(),
        }
    }
    /// Read a Coding object: a non-empty string `code`, and `system` when it is a string. The
    /// v3 code systems' other names (their OIDs, the FHIR 1.0 URLs, a trailing slash) are read
    /// as the canonical URL, so a label written with them restricts as it should.
    pub fn from_json(v: &Value) -> Option<Coding> {
        let code = v.get("code")?.as_str().map(str::trim).filter(|c| !c.is_empty())?;
        let system = v
            .get("system")
            .and_then(Value::as_str)
            .map(canonical_system)
            .filter(|s| !s.is_empty());
        Some(Coding::new(system, code))
    }
    /// The system a label means when it has none: the known restriction codes' own systems.
    fn effective_system(&self) -> Option<&str> {
        match (&self.system, self.code.as_str()) {
            (Some(s), _) => Some(s),
            (None, c) if c.eq_ignore_ascii_case(SELF_PAY) => Some(V3_ACT_CODE),
            (None, c) if c.eq_ignore_ascii_case("R") || c.eq_ignore_ascii_case("V") => {
                Some(V3_CONFIDENTIALITY)
            }
            (None, _) => None,
        }
    }
}

impl std::fmt::Display for Coding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.system {
            Some(s) if s == V3_ACT_CODE || s == V3_CONFIDENTIALITY => write!(f, "{}", self.code),
            Some(s) if s == UNREADABLE => write!(f, "with an unreadable security label {}", self.code),
            Some(s) => write!(f, "{s}|{}", self.code),
            None => write!(f, "{}", self.code),
        }
    }
}

/// A code system's canonical URL: the v3 ActCode and Confidentiality systems under their other
/// names (OID with or without `urn:oid:`, the FHIR 1.0 URLs, `https://`, the Confidentiality
/// value set's URL, a trailing slash, a `|version`, in any case) are those systems. Matching
/// these names loosely withholds more, never less ("withhold more under uncertainty").
fn canonical_system(system: &str) -> &str {
    let s = system.trim();
    let s = s.split_once('|').map_or(s, |(url, _)| url).trim_end_matches('/');
    let lower = s.to_ascii_lowercase();
    let name = ["https://", "http://", "urn:oid:"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    match name {
        "terminology.hl7.org/codesystem/v3-actcode" | "hl7.org/fhir/v3/actcode" | "2.16.840.1.113883.5.4" => {
            V3_ACT_CODE
        }
        "terminology.hl7.org/codesystem/v3-confidentiality"
        | "hl7.org/fhir/v3/confidentiality"
        | "terminology.hl7.org/valueset/v3-confidentialityclassification"
        | "hl7.org/fhir/valueset/v3-confidentialityclassification"
        | "2.16.840.1.113883.5.25" => V3_CONFIDENTIALITY,
        _ => s,
    }
}

/// The system of the label ptix puts in place of one it cannot read (see [`security_labels`]).
pub const UNREADABLE: &str = "urn:ptix:unreadable-security-label";

/// The system of the mark ptix puts on a record tied to an encounter it cannot find in the
/// data (the code names the reference): the labels that encounter would give are unknown, and
/// the mark passes to what the record holds, as labels do.
pub const UNRESOLVED: &str = "urn:ptix:unresolved-encounter";

/// A resource's own security labels. A label that is not a Coding with a code (or a
/// `meta.security` that is not an array of them) may be a restriction ptix cannot see: it
/// becomes an [`UNREADABLE`] label, which withholds the record (failing closed).
pub fn security_labels(v: &Value) -> Vec<Coding> {
    let mut out: Vec<Coding> = Vec::new();
    // A `meta` that is no object may hold labels ptix cannot read.
    let security = match v.get("meta") {
        Some(Value::Object(m)) => m.get("security"),
        None | Some(Value::Null) => None,
        Some(other) => Some(other),
    };
    let unreadable = |bad: &Value| {
        let mut text = bad.to_string();
        if text.len() > 60 {
            let mut end = 57;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            text.push_str("...");
        }
        Coding::new(Some(UNREADABLE), &text)
    };
    let codings: Vec<Coding> = match security {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|c| Coding::from_json(c).unwrap_or_else(|| unreadable(c)))
            .collect(),
        Some(other) => vec![unreadable(other)],
    };
    // A contained resource goes out inside its container: its labels are the container's.
    let contained = match v.get("contained") {
        Some(Value::Array(items)) => items.iter().flat_map(security_labels).collect(),
        _ => Vec::new(),
    };
    for c in codings.into_iter().chain(contained) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// A restriction on disclosure to the payer that a label imposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    /// v3-ActCode HIPAASelfPay.
    SelfPay,
    /// v3-Confidentiality R or V.
    Confidentiality,
    /// A label ptix cannot read ([`UNREADABLE`]): never lifted.
    Unreadable,
    /// Tied to an encounter ptix cannot find ([`UNRESOLVED`]): never lifted.
    Unresolved,
}

/// The restriction a label imposes, if any. A label without a system is read as the known code
/// (withholding more under uncertainty).
pub fn restriction(label: &Coding) -> Option<Restriction> {
    // Codes are compared without case here: a restriction misspelt is still one.
    let code = label.code.as_str();
    match label.effective_system() {
        Some(UNREADABLE) => Some(Restriction::Unreadable),
        Some(UNRESOLVED) => Some(Restriction::Unresolved),
        Some(V3_ACT_CODE) if code.eq_ignore_ascii_case(SELF_PAY) => Some(Restriction::SelfPay),
        Some(V3_CONFIDENTIALITY) if code.eq_ignore_ascii_case("R") || code.eq_ignore_ascii_case("V") => {
            Some(Restriction::Confidentiality)
        }
        _ => None,
    }
}

/// Labels that say the data is *not* sensitive: v3-Confidentiality U, L, M, N. Every other
/// label counts as a local sensitivity classification for `sensitivity_withhold.unlisted`.
pub fn is_non_sensitive(label: &Coding) -> bool {
    label.system.as_deref() == Some(V3_CONFIDENTIALITY)
        && matches!(label.code.as_str(), "U" | "L" | "M" | "N")
}

/// Does a `sensitivity_withhold` code match a label? Codes must be equal; systems must be equal
/// when both are given (a code without a system matches the code in any system: withhold more
/// under uncertainty).
pub fn withhold_matches(code: &Coding, label: &Coding) -> bool {
    // Without case: withholding more under uncertainty.
    code.code.eq_ignore_ascii_case(&label.code)
        && match (&code.system, &label.system) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

/// Does a `sensitivity_release_authorized` code lift a label? Only exactly: the same code in
/// the same system (a code without a system authorises nothing).
pub fn authorises(code: &Coding, label: &Coding) -> bool {
    code.code == label.code && code.system.is_some() && code.system.as_deref() == label.effective_system()
}

/// A label on a resource, own or inherited from a resource that contains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub coding: Coding,
    /// `Type/id` of the resource the label was inherited from (its Encounter, its report, its
    /// document), or None for the resource's own label.
    pub from: Option<String>,
}

impl Label {
    /// `HIPAASelfPay` or `HIPAASelfPay (through Encounter/enc-2026-0109)`.
    pub fn describe(&self) -> String {
        let what = match self.coding.system.as_deref() {
            Some(UNRESOLVED) => format!(
                "tied to {}, which resolves to no Encounter in the data",
                self.coding.code
            ),
            _ => format!("labelled {}", self.coding),
        };
        match &self.from {
            None => what,
            Some(from) => format!("{what} through {from}"),
        }
    }
}

/// Keys of a list of labels, deduplicated, for messages.
pub fn describe_all(labels: &[&Label]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in labels {
        let d = l.describe();
        if !parts.contains(&d) {
            parts.push(d);
        }
    }
    parts.join("; ")
}

/// Read `{codes?: Coding[], unlisted?: bool}` (Proposal 005). Err says what is malformed.
pub fn read_policy(v: &Value, name: &str) -> Result<(Vec<Coding>, bool), String> {
    let Value::Object(obj) = v else {
        return Err(format!("{name} is not an object"));
    };
    let mut codes = Vec::new();
    match obj.get("codes") {
        None => {}
        Some(Value::Array(list)) => {
            for (n, c) in list.iter().enumerate() {
                match Coding::from_json(c) {
                    Some(c) => codes.push(c),
                    None => return Err(format!("{name}.codes[{n}] is not a Coding with a code")),
                }
            }
        }
        Some(_) => return Err(format!("{name}.codes is not an array")),
    }
    let unlisted = match obj.get("unlisted") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(format!("{name}.unlisted is not a boolean")),
    };
    if codes.is_empty() && !unlisted {
        return Err(format!("{name} has neither codes nor unlisted: true"));
    }
    Ok((codes, unlisted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn restrictions_and_authorisation() {
        let self_pay = Coding::new(Some(V3_ACT_CODE), SELF_PAY);
        assert_eq!(restriction(&self_pay), Some(Restriction::SelfPay));
        assert_eq!(
            restriction(&Coding::new(None, SELF_PAY)),
            Some(Restriction::SelfPay)
        );
        assert_eq!(
            restriction(&Coding::new(Some(V3_CONFIDENTIALITY), "R")),
            Some(Restriction::Confidentiality)
        );
        assert_eq!(restriction(&Coding::new(Some(V3_CONFIDENTIALITY), "N")), None);
        assert_eq!(restriction(&Coding::new(Some(V3_ACT_CODE), "ETH")), None);
        assert!(authorises(&self_pay, &self_pay));
        assert!(authorises(&self_pay, &Coding::new(None, SELF_PAY)));
        assert!(!authorises(&Coding::new(None, SELF_PAY), &self_pay));
        assert!(!authorises(&Coding::new(Some("urn:other"), SELF_PAY), &self_pay));
    }

    #[test]
    fn withhold_matching_is_generous() {
        let eth = Coding::new(Some(V3_ACT_CODE), "ETH");
        assert!(withhold_matches(&eth, &eth));
        assert!(withhold_matches(&Coding::new(None, "ETH"), &eth));
        assert!(withhold_matches(&eth, &Coding::new(None, "ETH")));
        assert!(!withhold_matches(&eth, &Coding::new(Some("urn:local"), "ETH")));
        assert!(!withhold_matches(&eth, &Coding::new(Some(V3_ACT_CODE), "HIV")));
    }

    #[test]
    fn policies() {
        assert!(read_policy(&json!({"codes": [{"system": V3_ACT_CODE, "code": "ETH"}]}), "x").is_ok());
        assert!(read_policy(&json!({"unlisted": true}), "x").unwrap().1);
        assert!(read_policy(&json!({}), "x").is_err());
        assert!(read_policy(&json!({"codes": "ETH"}), "x").is_err());
        assert!(read_policy(&json!({"codes": [{"system": "s"}]}), "x").is_err());
        assert!(read_policy(&json!([]), "x").is_err());
    }
}
