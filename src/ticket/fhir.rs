//! A borrowed, lenient view of the FHIR members the claim mapping reads.
//!
//! Claims run to many KB of item detail, diagnoses and contained resources the mapping never
//! looks at; deserializing straight into these types skips all of that without building it,
//! and borrows strings from the input where they carry no escapes.
//!
//! Lenient means: a member of the wrong JSON type reads as absent (a `Reference` that is a
//! string, an `id` that is a number, an `item` that is an object), exactly as a lookup in a
//! generic JSON tree would find nothing there. Only malformed JSON and a member the mapping
//! reads given twice are errors: a duplicate would make the ticket depend on which copy wins.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A Claim, a Bundle, or a resource inside either (only the members the mapping reads).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Resource<'a> {
    #[serde(borrow)]
    pub resource_type: Str<'a>,
    #[serde(borrow)]
    pub id: Str<'a>,
    pub identifier: List<Identifier>,
    #[serde(rename = "use", borrow)]
    pub use_: Str<'a>,
    #[serde(borrow)]
    pub created: Str<'a>,
    #[serde(borrow)]
    pub patient: Obj<Reference<'a>>,
    #[serde(borrow)]
    pub insurer: Obj<Reference<'a>>,
    #[serde(borrow)]
    pub insurance: List<Insurance<'a>>,
    #[serde(borrow)]
    pub contained: List<Resource<'a>>,
    #[serde(borrow)]
    pub item: List<Item<'a>>,
    #[serde(borrow)]
    pub entry: List<Entry<'a>>,
    /// `Patient.name` (HumanName[]) or `Organization.name` (string), copied as written.
    #[serde(deserialize_with = "present")]
    pub name: Option<Value>,
    #[serde(deserialize_with = "present")]
    pub birth_date: Option<Value>,
    #[serde(deserialize_with = "present")]
    pub gender: Option<Value>,
    #[serde(borrow)]
    pub payor: List<Reference<'a>>,
}

/// A FHIR Reference.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Reference<'a> {
    #[serde(borrow)]
    pub reference: Str<'a>,
    pub identifier: List<Identifier>,
    #[serde(borrow)]
    pub display: Str<'a>,
}

/// A FHIR Identifier: the members a thin resource keeps, copied as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Identifier {
    #[serde(rename = "type", deserialize_with = "present")]
    pub type_: Option<Value>,
    #[serde(deserialize_with = "present")]
    pub system: Option<Value>,
    #[serde(deserialize_with = "present")]
    pub value: Option<Value>,
}

/// `Claim.insurance[]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Insurance<'a> {
    #[serde(deserialize_with = "present")]
    pub focal: Option<Value>,
    #[serde(borrow)]
    pub coverage: Obj<Reference<'a>>,
}

/// `Claim.item[]`: only its encounters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Item<'a> {
    #[serde(borrow)]
    pub encounter: List<Reference<'a>>,
}

/// `Bundle.entry[]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Entry<'a> {
    #[serde(borrow)]
    pub full_url: Str<'a>,
    #[serde(borrow)]
    pub resource: Obj<Resource<'a>>,
}

/// A member that is present (even `null`) keeps its value; absent is `None`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// A string member; any other JSON type reads as absent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Option<Cow<'a, str>>);

impl Str<'_> {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
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

/// An array member (its non-object elements skipped). A single object is read as a list of one
/// and marked, since some places accept that (a thin resource's `identifier`) and others do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List<T> {
    pub items: Vec<T>,
    pub was_array: bool,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            was_array: false,
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

/// Skip the rest of a map or sequence, so a wrong-typed member reads as absent.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Scalars that are not what the visitor wants read as `$absent`.
macro_rules! scalars_are_absent {
    ($absent:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($absent)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($absent)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($absent)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($absent)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($absent)
        }
    };
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Borrowed(s))))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(s.to_string()))))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(s))))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Str<'a>, A::Error> {
                drain_map(map).map(|()| Str(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Str<'a>, A::Error> {
                drain_seq(seq).map(|()| Str(None))
            }
            scalars_are_absent!(Str(None));
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| Obj(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Obj<T>, A::Error> {
                drain_seq(seq).map(|()| Obj(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            scalars_are_absent!(Obj(None));
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(Obj(x)) = seq.next_element::<Obj<T>>()? {
                    items.extend(x);
                }
                Ok(List {
                    items,
                    was_array: true,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List<T>, A::Error> {
                let one = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(List {
                    items: vec![one],
                    was_array: false,
                })
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
                Ok(List::default())
            }
            scalars_are_absent!(List::default());
        }
        d.deserialize_any(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_read_as_absent() {
        let r: Resource = serde_json::from_str(
            r#"{"resourceType":"Claim","id":5,"patient":"Patient/1","item":{"encounter":[]},
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
        let r: Resource = serde_json::from_str(r#"{"id":"plain","created":"a\u0041"}"#).unwrap();
        assert!(matches!(r.id.0, Some(Cow::Borrowed("plain"))));
        assert_eq!(r.created.get(), Some("aA"));
    }

    #[test]
    fn a_member_the_mapping_reads_given_twice_is_an_error() {
        let e = serde_json::from_str::<Resource>(r#"{"id":"a","id":"b"}"#).unwrap_err();
        assert!(e.to_string().contains("duplicate field `id`"), "{e}");
        // Members the mapping skips may repeat.
        assert!(serde_json::from_str::<Resource>(r#"{"text":1,"text":2}"#).is_ok());
    }
}
