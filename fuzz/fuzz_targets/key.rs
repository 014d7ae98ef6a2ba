//! Key loading from arbitrary bytes: every format ptix recognises by content (PEM blocks,
//! PKCS#8, encrypted PKCS#8 up to the passphrase, SEC1, SPKI, PKCS#1, DER, JWK, JWK Set), then
//! what `keygen --show`, `verify` and `mint` do with a loaded key.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ptix::jose::Alg;
use ptix::keys::jwk;
use ptix::keys::load::{load, load_signing_key};
use ptix::keys::ring::TrustedKey;

fuzz_target!(|data: &[u8]| {
    if let Ok(keys) = load(data, "fuzz", None) {
        for k in &keys {
            let public = k.public();
            let _ = format!("{k:?} {public:?}");
            let trusted = TrustedKey::from_loaded(k);
            let _ = trusted.eligible(Alg::Es256);
            let _ = trusted.eligible(Alg::Rs256);
            // What ptix publishes for a key, it reads back as the same key.
            let published = jwk::public_jwk(&public, &k.kid_or_thumbprint());
            let back = load(published.to_string().as_bytes(), "round trip", None)
                .expect("a public JWK ptix renders loads again");
            assert_eq!(back.len(), 1);
            assert_eq!(back[0].public(), public);
            assert_eq!(back[0].public().thumbprint(), public.thumbprint());
        }
        let described = ptix::ops::keygen::describe(&keys);
        serde_json::to_string(&described).expect("a key description serializes");
    }
    if let Ok(key) = load_signing_key(data, "fuzz", None) {
        let _ = format!("{key:?}");
        let sig = key.sign(b"fuzz").expect("a loaded signing key signs");
        assert_eq!(sig.len(), 64);
        assert!(!ptix::jose::alg::is_high_s(&sig));
        ptix::jose::alg::verify(Alg::Es256, key.public(), b"fuzz", &sig).expect("its own signature verifies");
    }
});
