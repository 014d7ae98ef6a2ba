//! Loading the provider's FHIR R4 records for a patient: a Bundle (any type; nested Bundles are
//! flattened), an NDJSON file (one resource per line, as FHIR bulk export writes it), or a
//! directory of either (searched recursively for `*.json`, `*.ndjson`, `*.jsonl`).
//!
//! Hostile input never panics: sizes are bounded, JSON nesting is bounded by serde_json's
//! recursion limit, every resource needs a `resourceType` and a FHIR `id`, and every error names
//! the file (and the line, for NDJSON; the entry, for Bundles).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Largest data file read.
pub const MAX_FILE_BYTES: u64 = 512 << 20;
/// Most files read from a directory.
const MAX_FILES: usize = 10_000;
/// Deepest directory tree walked.
const MAX_DIR_DEPTH: usize = 16;
/// Deepest Bundle-in-Bundle nesting flattened.
const MAX_BUNDLE_DEPTH: usize = 8;

/// What is wrong with the data, and where. Every variant means "no release computed" (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}: no such file or directory")]
    NotFound { path: String },
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("{path} is larger than {max} bytes; refusing to read it")]
    TooLarge { path: String, max: u64 },
    #[error("{path}:{line}: {message}")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    File { path: String, message: String },
    /// stdin that cannot be read (the error names it).
    #[error(transparent)]
    Stdin(#[from] crate::io::FileError),
    #[error("{path}: no FHIR data files (*.json, *.ndjson, *.jsonl) in this directory")]
    EmptyDir { path: String },
    #[error("{path}: more than {max} data files; give a smaller directory")]
    TooManyFiles { path: String, max: usize },
    #[error("{key} appears twice in the data: at {first} and at {second}")]
    Duplicate {
        key: String,
        first: String,
        second: String,
    },
}

/// One resource of the data.
#[derive(Debug, Clone)]
pub struct Resource {
    /// `resourceType`.
    pub rtype: String,
    pub id: String,
    /// `Type/id`, the name every decision uses.
    pub key: String,
    /// The resource as read.
    pub value: Value,
    /// The Bundle entry's `fullUrl`, when it came from a Bundle with one.
    pub full_url: Option<String>,
    /// The FHIR base of that `fullUrl` when it is RESTful (`https://h/fhir/Patient/1` ->
    /// `https://h/fhir`), scheme and host in lower case: where its relative references point.
    pub base: Option<String>,
    /// The `meta.security` of the Bundles it came in (outermost first): labels on a container.
    pub bundle_security: Vec<Value>,
    /// Where it was read: `file:line` or `file entry[n]`.
    pub origin: String,
}

/// The provider's records, in the order read.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// What `--data` named.
    pub source: String,
    pub resources: Vec<Resource>,
    /// FHIR bases of absolute Bundle `fullUrl`s (`https://h/fhir/Patient/1` -> `https://h/fhir`).
    pub bases: Vec<String>,
    /// The files read.
    pub files: Vec<String>,
    /// `fullUrl`s of Bundle entries (`refs::normal_url`) -> `Type/id`; `None` when two entries
    /// share one (a `urn:` names a resource within its Bundle only: given twice, it names
    /// nothing).
    pub full_urls: HashMap<String, Option<String>>,
    /// Bundle entries that delete their resource (`request.method` DELETE, `response.status`
    /// 410): not records, so not read.
    pub deleted: Vec<String>,
    index: HashMap<String, usize>,
}

impl Dataset {
    /// The resource named `Type/id`, by its position.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }
    pub fn get(&self, key: &str) -> Option<&Resource> {
        self.position(key).map(|i| &self.resources[i])
    }
    pub fn len(&self) -> usize {
        self.resources.len()
    }
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }
    fn push(&mut self, r: Resource) -> Result<(), DataError> {
        if let Some(&first) = self.index.get(&r.key) {
            return Err(DataError::Duplicate {
                key: r.key,
                first: self.resources[first].origin.clone(),
                second: r.origin,
            });
        }
        if let Some(base) = r.base.as_ref().filter(|b| !self.bases.contains(b)) {
            self.bases.push(base.clone());
        }
        if let Some(url) = r.full_url.as_deref() {
            self.full_urls
                .entry(super::refs::normal_url(url))
                .and_modify(|k| *k = None)
                .or_insert_with(|| Some(r.key.clone()));
        }
        self.index.insert(r.key.clone(), self.resources.len());
        self.resources.push(r);
        Ok(())
    }
}

/// Build a data set from resources already in memory (tests, library users).
pub fn from_values(source: &str, values: Vec<Value>) -> Result<Dataset, DataError> {
    let mut data = Dataset {
        source: source.to_string(),
        ..Dataset::default()
    };
    for (n, v) in values.into_iter().enumerate() {
        let origin = format!("{source} item[{n}]");
        add_document(&mut data, v, &origin, 0)?;
    }
    Ok(data)
}

/// Load `--data PATH`: a file or a directory.
pub fn load(path: &Path) -> Result<Dataset, DataError> {
    if path == Path::new("-") {
        // One Bundle, or NDJSON, on stdin.
        let bytes = crate::io::read_stdin(MAX_FILE_BYTES)?;
        let mut data = Dataset {
            source: "stdin".into(),
            ..Dataset::default()
        };
        load_bytes(&mut data, &bytes, "stdin", false)?;
        return Ok(data);
    }
    let shown = crate::io::shown(path);
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => DataError::NotFound { path: shown.clone() },
        _ => DataError::Read {
            path: shown.clone(),
            source,
        },
    })?;
    let mut data = Dataset {
        source: shown.clone(),
        ..Dataset::default()
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        walk(path, 0, &mut files)?;
        if files.is_empty() {
            return Err(DataError::EmptyDir { path: shown });
        }
        files.sort();
        for f in files {
            load_file(&mut data, &f)?;
        }
    } else {
        load_file(&mut data, path)?;
    }
    Ok(data)
}

fn is_data_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with('.') && [".json", ".ndjson", ".jsonl"].iter().any(|e| name.ends_with(e))
}

fn is_ndjson_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".ndjson") || name.ends_with(".jsonl")
}

/// Collect data files under `dir`. Hidden entries are skipped; symbolic links to files are
/// followed, symbolic links to directories are not (no loops).
fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), DataError> {
    let shown = dir.display().to_string();
    if depth > MAX_DIR_DEPTH {
        return Err(DataError::File {
            path: shown,
            message: format!("directories nested deeper than {MAX_DIR_DEPTH} levels"),
        });
    }
    let entries = std::fs::read_dir(dir).map_err(|source| DataError::Read {
        path: shown.clone(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| DataError::Read {
            path: shown.clone(),
            source,
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type().map_err(|source| DataError::Read {
            path: path.display().to_string(),
            source,
        })?;
        if ft.is_dir() {
            walk(&path, depth + 1, out)?;
        } else if (ft.is_file() || (ft.is_symlink() && path.is_file())) && is_data_file(&path) {
            if out.len() >= MAX_FILES {
                return Err(DataError::TooManyFiles {
                    path: shown,
                    max: MAX_FILES,
                });
            }
            out.push(path);
        }
    }
    Ok(())
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, DataError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => DataError::NotFound { path: shown.clone() },
        _ => DataError::Read {
            path: shown.clone(),
            source,
        },
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| DataError::Read {
            path: shown.clone(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(DataError::TooLarge {
            path: shown,
            max: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

fn load_file(data: &mut Dataset, path: &Path) -> Result<(), DataError> {
    let shown = path.display().to_string();
    let bytes = read_bounded(path)?;
    load_bytes(data, &bytes, &shown, is_ndjson_name(path))
}

/// One data file's bytes (`ndjson`: named as NDJSON; otherwise JSON, or NDJSON by its look).
fn load_bytes(data: &mut Dataset, bytes: &[u8], shown: &str, ndjson: bool) -> Result<(), DataError> {
    let body = crate::io::strip_bom(bytes);
    data.files.push(shown.to_string());
    if ndjson {
        return load_ndjson(data, body, shown);
    }
    match crate::jose::json::parse(body) {
        Ok(parsed) => {
            let v = unambiguous(parsed).map_err(|message| DataError::File {
                path: shown.to_string(),
                message,
            })?;
            add_document(data, v, shown, 0)
        }
        Err(_) if looks_like_ndjson(body) => load_ndjson(data, body, shown),
        Err(e) => Err(DataError::Line {
            path: shown.to_string(),
            line: e.line(),
            message: format!("not JSON: {}", crate::jose::json::describe(&e)),
        }),
    }
}

/// A file that is not one JSON document but whose first non-empty line is a JSON object is
/// read as NDJSON (whatever its name).
fn looks_like_ndjson(body: &[u8]) -> bool {
    let mut lines = body
        .split(|b| *b == b'\n')
        .map(trim_line)
        .filter(|l| !l.is_empty());
    match (lines.next(), lines.next()) {
        (Some(first), Some(_)) => {
            matches!(serde_json::from_slice::<Value>(first), Ok(Value::Object(_)))
        }
        _ => false,
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &line[start..end.max(start)]
}

fn load_ndjson(data: &mut Dataset, body: &[u8], shown: &str) -> Result<(), DataError> {
    for (n, raw) in body.split(|b| *b == b'\n').enumerate() {
        let line = trim_line(raw);
        if line.is_empty() {
            continue;
        }
        let at = |message: String| DataError::Line {
            path: shown.to_string(),
            line: n + 1,
            message,
        };
        let parsed = crate::jose::json::parse(line).map_err(|e| {
            at(format!(
                "not a JSON resource: {} (column {})",
                without_position(&e),
                e.column()
            ))
        })?;
        let v = unambiguous(parsed).map_err(at)?;
        if !v.is_object() {
            return Err(at(format!(
                "expected a FHIR resource (a JSON object), found {}",
                crate::jose::compact::kind(&v)
            )));
        }
        let origin = format!("{shown}:{}", n + 1);
        add_document(data, v, &origin, 0).map_err(|e| match e {
            DataError::File { message, .. } => at(message),
            other => other,
        })?;
    }
    Ok(())
}

/// The document, unless a member is given twice: parsers disagree about which copy counts (a
/// `resourceType` given twice could make a Patient an Encounter to one reader and not another).
fn unambiguous(parsed: crate::jose::json::Parsed) -> Result<Value, String> {
    match parsed.duplicates.first() {
        None => Ok(parsed.value),
        Some(pointer) => Err(format!(
            "member {pointer} is given twice; which copy counts is ambiguous, so the data is not read: remove one"
        )),
    }
}

/// serde_json's message without its ` at line L column C` (NDJSON errors give the file's line).
fn without_position(e: &serde_json::Error) -> String {
    let text = crate::jose::json::describe(e);
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Add one JSON document: a Bundle's entries (recursively), or one resource.
fn add_document(data: &mut Dataset, v: Value, origin: &str, depth: usize) -> Result<(), DataError> {
    add_document_in(data, v, origin, depth, &[])
}

/// [`add_document`] inside Bundles whose `meta.security` is `outer` (outermost first).
fn add_document_in(
    data: &mut Dataset,
    v: Value,
    origin: &str,
    depth: usize,
    outer: &[Value],
) -> Result<(), DataError> {
    let err = |message: String| DataError::File {
        path: origin.to_string(),
        message,
    };
    let Value::Object(mut obj) = v else {
        return Err(err(format!(
            "expected a FHIR resource or Bundle (a JSON object), found {}",
            crate::jose::compact::kind(&v)
        )));
    };
    match obj.get("resourceType") {
        Some(Value::String(t)) if t == "Bundle" => {
            if depth >= MAX_BUNDLE_DEPTH {
                return Err(err(format!(
                    "Bundles nested deeper than {MAX_BUNDLE_DEPTH} levels"
                )));
            }
            // A label on a Bundle (a document's, say) applies to every entry in it.
            let mut security = outer.to_vec();
            if let Some(meta) = obj.get("meta") {
                security.push(match meta {
                    Value::Object(m) => m.get("security").cloned().unwrap_or(Value::Null),
                    other => other.clone(), // not an object: an unreadable label
                });
            }
            security.retain(|s| !s.is_null());
            // Entries are taken, not copied: the data is held once.
            let entries = match obj.remove("entry") {
                None => return Ok(()),
                Some(Value::Array(a)) => a,
                Some(other) => {
                    return Err(err(format!(
                        "Bundle.entry is {}, expected an array",
                        crate::jose::compact::kind(&other)
                    )))
                }
            };
            for (n, entry) in entries.into_iter().enumerate() {
                let at = format!("{origin} entry[{n}]");
                let Value::Object(mut entry) = entry else {
                    return Err(DataError::File {
                        path: at,
                        message: "a Bundle entry is not an object".into(),
                    });
                };
                // Entries without a resource (requests, deletions) carry no record.
                let Some(res) = entry.remove("resource") else {
                    continue;
                };
                // Nor does an entry that deletes the resource it shows.
                let method = entry
                    .get("request")
                    .and_then(|r| r.get("method"))
                    .and_then(Value::as_str);
                let status = entry
                    .get("response")
                    .and_then(|r| r.get("status"))
                    .and_then(Value::as_str);
                if method.is_some_and(|m| m.eq_ignore_ascii_case("DELETE"))
                    || status.is_some_and(|s| s.trim_start().starts_with("410"))
                {
                    data.deleted.push(at);
                    continue;
                }
                let full_url = entry.get("fullUrl").and_then(Value::as_str).map(str::to_string);
                if res.get("resourceType").and_then(Value::as_str) == Some("Bundle") {
                    add_document_in(data, res, &at, depth + 1, &security)?;
                } else {
                    add_resource(data, res, at, full_url, security.clone())?;
                }
            }
            Ok(())
        }
        _ => add_resource(data, Value::Object(obj), origin.to_string(), None, outer.to_vec()),
    }
}

fn add_resource(
    data: &mut Dataset,
    v: Value,
    origin: String,
    full_url: Option<String>,
    bundle_security: Vec<Value>,
) -> Result<(), DataError> {
    let err = |message: String| DataError::File {
        path: origin.clone(),
        message,
    };
    let rtype = match v.get("resourceType") {
        Some(Value::String(t)) if is_resource_type(t) => t.clone(),
        Some(Value::String(t)) => return Err(err(format!("resourceType {t:?} is not a FHIR resource type"))),
        Some(other) => {
            return Err(err(format!(
                "resourceType is {}, expected a string",
                crate::jose::compact::kind(other)
            )))
        }
        None => return Err(err("not a FHIR resource: no resourceType".into())),
    };
    let id = match v.get("id") {
        Some(Value::String(id)) if is_fhir_id(id) => id.clone(),
        Some(Value::String(id)) => {
            return Err(err(format!(
                "{rtype} id {id:?} is not a FHIR id (1-64 of A-Z a-z 0-9 - .)"
            )))
        }
        Some(other) => {
            return Err(err(format!(
                "{rtype} id is {}, expected a string",
                crate::jose::compact::kind(other)
            )))
        }
        None => {
            return Err(err(format!(
                "{rtype} has no id; every record needs one to be named in the release"
            )))
        }
    };
    // A RESTful fullUrl names its resource: one naming another would make references to either
    // name the wrong record (FHIR R4 Bundle.entry.fullUrl: "the Resource.id ... SHALL match").
    let mut base = None;
    if let Some(url) = &full_url {
        let normal = super::refs::normal_url(url);
        base = base_of_full_url(&normal);
        if let Some(b) = &base {
            let named = normal[b.len() + 1..].trim_end_matches('/');
            if named != format!("{rtype}/{id}") {
                return Err(err(format!(
                    "the entry's fullUrl {url} names {named}, but its resource is {rtype}/{id}: \
                     a fullUrl must end with its own resource's type and id"
                )));
            }
        }
    }
    data.push(Resource {
        base,
        key: format!("{rtype}/{id}"),
        rtype,
        id,
        value: v,
        full_url,
        bundle_security,
        origin,
    })
}

/// A FHIR resource type name: an ASCII capital, then letters and digits.
pub fn is_resource_type(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
        && t.len() <= 64
}

/// A FHIR `id`: 1 to 64 of `A-Z a-z 0-9 - .`.
pub fn is_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// The FHIR base of an absolute resource URL: `https://h/fhir/Patient/1` -> `https://h/fhir`.
pub fn base_of_full_url(full_url: &str) -> Option<String> {
    if !full_url.contains("://") {
        return None;
    }
    let trimmed = full_url.trim_end_matches('/');
    let (rest, id) = trimmed.rsplit_once('/')?;
    let (base, ty) = rest.rsplit_once('/')?;
    (is_fhir_id(id) && is_resource_type(ty) && base.split("://").nth(1).is_some_and(|h| !h.is_empty()))
        .then(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bundles_flatten_and_ids_are_checked() {
        let d = from_values(
            "t",
            vec![json!({"resourceType": "Bundle", "type": "collection", "entry": [
                {"fullUrl": "https://h.example/fhir/Patient/p1", "resource": {"resourceType": "Patient", "id": "p1"}},
                {"request": {"method": "DELETE", "url": "Patient/x"}},
                {"resource": {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Encounter", "id": "e1"}}]}}
            ]})],
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.bases, ["https://h.example/fhir"]);
        assert!(d.get("Encounter/e1").is_some());
        for bad in [
            json!({"resourceType": "Patient"}),
            json!({"resourceType": "Patient", "id": "a/b"}),
            json!({"resourceType": "patient", "id": "a"}),
            json!({"resourceType": "Patient", "id": 7}),
            json!([1]),
            json!({"resourceType": "Bundle", "entry": {}}),
        ] {
            assert!(from_values("t", vec![bad.clone()]).is_err(), "{bad}");
        }
        let dup = from_values(
            "t",
            vec![
                json!({"resourceType": "Patient", "id": "a"}),
                json!({"resourceType": "Patient", "id": "a"}),
            ],
        );
        assert!(matches!(dup, Err(DataError::Duplicate { .. })));
        // A fullUrl naming another record than its entry's is refused, whatever its case or
        // version; one that is not RESTful names nothing to compare.
        let entry = |full_url: &str| {
            json!({"resourceType": "Bundle", "entry": [
                {"fullUrl": full_url, "resource": {"resourceType": "Encounter", "id": "e2"}}
            ]})
        };
        for bad in [
            "https://h.example/fhir/Encounter/e1",
            "https://h.example/fhir/Observation/e2",
        ] {
            let e = from_values("t", vec![entry(bad)]).unwrap_err().to_string();
            assert!(
                e.contains("entry[0]: the entry's fullUrl") && e.contains("resource is Encounter/e2"),
                "{e}"
            );
        }
        for good in [
            "HTTPS://H.example/fhir/Encounter/e2/_history/3",
            "https://h.example/fhir/Encounter/e2/",
            "urn:uuid:0a1b",
        ] {
            assert!(from_values("t", vec![entry(good)]).is_ok(), "{good}");
        }
    }

    #[test]
    fn deep_bundles_are_refused_not_overflowed() {
        let mut v = json!({"resourceType": "Patient", "id": "p"});
        for _ in 0..20 {
            v = json!({"resourceType": "Bundle", "entry": [{"resource": v}]});
        }
        assert!(from_values("t", vec![v]).is_err());
    }

    #[test]
    fn bases_of_full_urls() {
        assert_eq!(
            base_of_full_url("https://h/fhir/Patient/1").as_deref(),
            Some("https://h/fhir")
        );
        assert_eq!(base_of_full_url("urn:uuid:1234"), None);
        assert_eq!(base_of_full_url("Patient/1"), None);
    }
}
