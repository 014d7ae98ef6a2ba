//! Building JSON objects for a payload without hashing their member names.
//!
//! `serde_json::Map` (with `preserve_order`) hashes every member name with SipHash as it goes
//! in; a minted payload has about 50 members in 20 small objects, and inserting them (hashing,
//! probing, growing) took about 8% of the CPU time minting spends outside the signature. Cloning
//! a map copies the stored hashes instead of computing them, so an object whose member names
//! were seen before (in the same order) is made from a clone of that earlier object, and its
//! values are then put in place one by one. Each thread keeps a few such templates.

use std::cell::RefCell;

use serde_json::{Map, Value};

/// Templates kept per thread (a payload uses about fifteen shapes of object).
const MAX_TEMPLATES: usize = 64;

/// A shape of object seen before: its member names, and a map with those members.
struct Template {
    names: Vec<&'static str>,
    map: Map<String, Value>,
}

thread_local! {
    static TEMPLATES: RefCell<Vec<Template>> = const { RefCell::new(Vec::new()) };
}

/// An object under construction: its members in order.
#[derive(Debug, Default)]
pub struct Object {
    members: Vec<(&'static str, Value)>,
}

impl Object {
    pub fn new() -> Self {
        Object {
            members: Vec::with_capacity(8),
        }
    }

    /// Add a member (after those already added).
    pub fn set(mut self, name: &'static str, value: Value) -> Self {
        self.members.push((name, value));
        self
    }

    /// Add a member when there is a value.
    pub fn set_some(mut self, name: &'static str, value: Option<Value>) -> Self {
        if let Some(v) = value {
            self.members.push((name, v));
        }
        self
    }

    /// The object, as `serde_json` would build it by inserting the members in order (a name
    /// given twice keeps its first place and its last value).
    pub fn build(self) -> Value {
        let Object { members } = self;
        TEMPLATES.with_borrow_mut(|templates| {
            // Names are mostly the same literals, so the same addresses; the text decides.
            let same = |a: &str, b: &str| std::ptr::eq(a, b) || a == b;
            let same_names = |t: &Template| {
                t.names.len() == members.len() && t.names.iter().zip(&members).all(|(a, (b, _))| same(a, b))
            };
            if let Some(template) = templates.iter().find(|t| same_names(t)) {
                let mut map = template.map.clone();
                for (slot, (_, value)) in map.values_mut().zip(members) {
                    *slot = value;
                }
                return Value::Object(map);
            }
            let names: Vec<&'static str> = members.iter().map(|(name, _)| *name).collect();
            let mut map = Map::with_capacity(members.len());
            for (name, value) in members {
                map.insert(name.to_string(), value);
            }
            // A shape with a repeated name is not kept: its values could not be put by place.
            if map.len() == names.len() && templates.len() < MAX_TEMPLATES {
                let map = map.keys().map(|k| (k.clone(), Value::Null)).collect();
                templates.push(Template { names, map });
            }
            Value::Object(map)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inserted(members: &[(&str, Value)]) -> Value {
        let mut m = Map::new();
        for (k, v) in members {
            m.insert(k.to_string(), v.clone());
        }
        Value::Object(m)
    }

    #[test]
    fn objects_are_what_inserting_the_members_makes() {
        let shapes: [&[(&'static str, Value)]; 7] = [
            &[],
            &[("a", json!(1))],
            &[("a", json!(1)), ("b", json!("x"))],
            &[("b", json!("x")), ("a", json!(1))],
            &[("a", json!(1)), ("b", json!({"c": [1, 2]})), ("d", Value::Null)],
            // A repeated name: first place, last value.
            &[("a", json!(1)), ("b", json!(2)), ("a", json!(3))],
            &[("a", json!(2))],
        ];
        // Twice each, so the second round is built from the templates of the first.
        for round in 0..2 {
            for members in shapes {
                let built = members
                    .iter()
                    .fold(Object::new(), |o, (k, v)| o.set(k, v.clone()))
                    .build();
                let expected = inserted(members);
                assert_eq!(built, expected, "round {round}");
                // Same order of members, and lookups by name work (the hashes are right).
                let (Value::Object(b), Value::Object(e)) = (&built, &expected) else {
                    unreachable!()
                };
                assert!(b.keys().eq(e.keys()), "round {round}: {b:?}");
                for (k, v) in e {
                    assert_eq!(b.get(k), Some(v), "round {round}: {k}");
                }
                assert_eq!(
                    serde_json::to_string(&built).ok(),
                    serde_json::to_string(&expected).ok()
                );
            }
        }
    }

    #[test]
    fn set_some_skips_absent_values() {
        let o = Object::new()
            .set("a", json!(1))
            .set_some("b", None)
            .set_some("c", Some(json!(true)));
        assert_eq!(o.build(), json!({"a": 1, "c": true}));
    }

    #[test]
    fn templates_stop_at_their_limit() {
        let names: Vec<&'static str> = (0..MAX_TEMPLATES + 10)
            .map(|i| &*Box::leak(format!("k{i}").into_boxed_str()))
            .collect();
        for n in &names {
            assert_eq!(Object::new().set(n, json!(n)).build(), json!({ *n: n }));
        }
        assert_eq!(TEMPLATES.with_borrow(Vec::len), MAX_TEMPLATES);
    }
}
