//! Subject resolution: the ticket's subject must name exactly one Patient in the data, and that
//! record must match `subject.patient`.
//!
//! Base specification, "Subject Resolution": `subject.recipient_record` is a
//! direct-target hint the Data Holder SHOULD use, falling back to demographics, and it SHALL
//! check the reached record against `subject.patient` before granting; zero or ambiguous
//! matches are `invalid_grant`. PCA page, "Data Holder Processing": "Resolve the subject;
//! recipient_record resolves directly, since the issuer assigned it."

use serde_json::Value;

use super::data::Dataset;
use super::refs;
use super::terms::{Identifier, Subject};
use super::Refusal;

/// The resolved Patient: its position in the data and how it was found and matched.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub position: usize,
    pub key: String,
    /// `recipient_record.reference`, `identifier ...`, `demographics`; then what matched.
    pub how: String,
}

fn refuse(message: String) -> Refusal {
    Refusal::new("refuse.subject", message)
}

/// Resolve the subject in `data`. `bases` are the known FHIR bases (the ticket's `iss` first).
pub fn resolve(subject: &Subject, data: &Dataset, bases: &refs::Refs) -> Result<Resolved, Refusal> {
    let Some(thin) = &subject.patient else {
        return Err(refuse(
            "the ticket has no subject.patient to check the record against (the Data Holder SHALL check the reached record)".into(),
        ));
    };
    let patients: Vec<usize> = (0..data.len())
        .filter(|&i| data.resources[i].rtype == "Patient")
        .collect();

    // 1. A direct reference: recipient_record.reference or patient_reference.
    let direct: Vec<(&str, &String)> = [
        (
            "subject.recipient_record.reference",
            subject.record_reference.as_ref(),
        ),
        ("subject.patient_reference", subject.patient_reference.as_ref()),
    ]
    .into_iter()
    .filter_map(|(n, r)| r.map(|r| (n, r)))
    .collect();
    let mut found: Option<(usize, String)> = None;
    for (name, reference) in direct {
        let Some(key) = refs::local_key(reference, bases).filter(|k| refs::is_type(k, "Patient")) else {
            return Err(refuse(format!(
                "{name} {reference} is not a Patient on this Data Holder (expected {}/Patient/<id>)",
                bases.first().map_or("<iss>", String::as_str)
            )));
        };
        let Some(pos) = data.position(&key) else {
            return Err(refuse(format!("{name} names {key}, which is not in the data")));
        };
        if let Some((other, _)) = &found {
            if *other != pos {
                return Err(refuse(format!(
                    "subject.recipient_record.reference and subject.patient_reference name different Patients ({} and {key})",
                    data.resources[*other].key
                )));
            }
        }
        found = Some((pos, name.to_string()));
    }

    // 2. recipient_record.identifier.
    if let Some(id) = &subject.record_identifier {
        let with_id: Vec<usize> = patients
            .iter()
            .copied()
            .filter(|&i| {
                identifiers(&data.resources[i].value)
                    .iter()
                    .any(|x| id.matches(x))
            })
            .collect();
        match (&found, with_id.as_slice()) {
            (Some((pos, _)), _) if !with_id.contains(pos) => {
                return Err(refuse(format!(
                    "{} does not carry subject.recipient_record.identifier {id}",
                    data.resources[*pos].key
                )))
            }
            (Some(_), _) => {}
            (None, [one]) => found = Some((*one, format!("subject.recipient_record.identifier {id}"))),
            (None, []) => {
                return Err(refuse(format!(
                    "no Patient in the data carries subject.recipient_record.identifier {id}"
                )))
            }
            (None, many) => {
                return Err(refuse(format!(
                    "{} Patients in the data carry subject.recipient_record.identifier {id}; the subject is ambiguous",
                    many.len()
                )))
            }
        }
    }

    // 3. Demographics: subject.patient against every Patient.
    let (pos, how) = match found {
        Some(f) => f,
        None => {
            let matching: Vec<usize> = patients
                .iter()
                .copied()
                .filter(|&i| matches(thin, &data.resources[i].value).is_ok())
                .collect();
            match matching.as_slice() {
                [one] => (*one, "subject.patient demographics".to_string()),
                [] => {
                    return Err(refuse(format!(
                        "no Patient among the {} in the data matches subject.patient",
                        patients.len()
                    )))
                }
                many => {
                    return Err(refuse(format!(
                        "{} Patients in the data match subject.patient; the subject is ambiguous",
                        many.len()
                    )))
                }
            }
        }
    };
    let key = data.resources[pos].key.clone();
    match matches(thin, &data.resources[pos].value) {
        Ok(what) => Ok(Resolved {
            position: pos,
            key,
            how: format!("{how}; matches subject.patient by {what}"),
        }),
        Err(why) => Err(refuse(format!(
            "{key} (found by {how}) does not match subject.patient: {why}"
        ))),
    }
}

fn identifiers(v: &Value) -> Vec<&Value> {
    match v.get("identifier") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => Vec::new(),
    }
}

fn text<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// (family, first given) of each HumanName, normalised.
fn names(v: &Value) -> Vec<(String, Option<String>)> {
    let list: Vec<&Value> = match v.get("name") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|n| {
            let family = text(n, "family")?;
            let given = n
                .get("given")
                .and_then(Value::as_array)
                .and_then(|g| g.first())
                .and_then(Value::as_str)
                .map(norm);
            Some((norm(family), given))
        })
        .collect()
}

/// Does a record match the ticket's thin Patient? Ok says by what, Err why not.
///
/// - A `birthDate` on both sides must be equal.
/// - An identifier in common (system and value) matches.
/// - An identifier of the ticket whose system the record also uses, with a different value, is
///   a mismatch.
/// - Otherwise a family name (and first given name, when the ticket has one), ignoring case,
///   and an equal `birthDate` on both sides match.
pub fn matches(thin: &Value, record: &Value) -> Result<String, String> {
    let (tb, rb) = (text(thin, "birthDate"), text(record, "birthDate"));
    if let (Some(a), Some(b)) = (tb, rb) {
        if a != b {
            return Err(format!("birthDate {a} in the ticket, {b} in the record"));
        }
    }
    let theirs = identifiers(record);
    let ours: Vec<Identifier> = identifiers(thin)
        .into_iter()
        .filter_map(Identifier::from_json)
        .filter(|i| i.system.is_some())
        .collect();
    if let Some(i) = ours.iter().find(|i| theirs.iter().any(|x| i.matches(x))) {
        return Ok(format!("identifier {i}"));
    }
    for i in &ours {
        let same_system: Vec<&str> = theirs
            .iter()
            .filter(|x| text(x, "system") == i.system.as_deref())
            .filter_map(|x| text(x, "value"))
            .collect();
        if let Some(v) = same_system.first() {
            return Err(format!("identifier {i} in the ticket, value {v} in the record"));
        }
    }
    let record_names = names(record);
    let name_match = names(thin).iter().any(|(fam, given)| {
        record_names.iter().any(|(rf, rg)| {
            rf == fam
                && match given {
                    Some(g) => rg.as_ref() == Some(g),
                    None => true,
                }
        })
    });
    match (name_match, tb, rb) {
        (true, Some(_), Some(_)) => Ok("name and birthDate".into()),
        (true, _, _) => {
            Err("the name matches, but a birthDate is missing on one side and no identifier is shared".into())
        }
        (false, _, _) => Err("no identifier in common, and the name does not match".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> Value {
        json!({"resourceType": "Patient", "id": "B77421", "birthDate": "1962-03-09",
               "identifier": [{"system": "http://fhir.provider.example.org/mrn", "value": "B77421"}],
               "name": [{"family": "Okafor", "given": ["Daniel"]}]})
    }

    #[test]
    fn matching() {
        let r = record();
        let by_id =
            json!({"identifier": [{"system": "http://fhir.provider.example.org/mrn", "value": "B77421"}]});
        assert_eq!(
            matches(&by_id, &r).unwrap(),
            "identifier http://fhir.provider.example.org/mrn|B77421"
        );
        let by_name = json!({"name": [{"family": "OKAFOR", "given": ["daniel"]}], "birthDate": "1962-03-09"});
        assert!(matches(&by_name, &r).is_ok());
        let wrong_dob = json!({"identifier": [{"system": "http://fhir.provider.example.org/mrn", "value": "B77421"}], "birthDate": "1962-03-10"});
        assert!(matches(&wrong_dob, &r).is_err());
        let wrong_mrn = json!({"identifier": [{"system": "http://fhir.provider.example.org/mrn", "value": "X1"}],
                               "name": [{"family": "Okafor"}], "birthDate": "1962-03-09"});
        assert!(matches(&wrong_mrn, &r).is_err());
        let other_given =
            json!({"name": [{"family": "Okafor", "given": ["Grace"]}], "birthDate": "1962-03-09"});
        assert!(matches(&other_given, &r).is_err());
        assert!(matches(&json!({"name": [{"family": "Okafor"}]}), &r).is_err());
    }
}
