//! Strict base64url without padding (RFC 7515 §2, RFC 4648 §5).
//!
//! Strict means: no `=` padding, no whitespace, no characters outside the URL-safe alphabet,
//! and no non-zero bits in the last character's unused low bits (a non-canonical encoding).
//! Errors carry the offset of the offending character so callers can point at it.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a base64url string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum B64Error {
    /// A byte outside the base64url alphabet at `offset` (padding `=` included).
    BadChar { offset: usize, byte: u8 },
    /// The length leaves a single dangling character (`len % 4 == 1`), which encodes no byte.
    BadLength { len: usize },
    /// The last character carries non-zero unused bits: not the canonical encoding.
    NonCanonical { offset: usize },
}

impl fmt::Display for B64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            B64Error::BadChar { offset, byte } => {
                let shown = if byte.is_ascii_graphic() {
                    format!("'{}'", *byte as char)
                } else {
                    format!("byte 0x{byte:02x}")
                };
                if *byte == b'=' {
                    write!(
                        f,
                        "padding {shown} at offset {offset}: base64url in JOSE has no padding"
                    )
                } else {
                    write!(
                        f,
                        "{shown} at offset {offset} is not a base64url character (A-Z a-z 0-9 - _)"
                    )
                }
            }
            B64Error::BadLength { len } => write!(f, "length {len} is not a valid base64url length"),
            B64Error::NonCanonical { offset } => write!(
                f,
                "the character at offset {offset} has non-zero trailing bits (not canonical base64url)"
            ),
        }
    }
}

impl std::error::Error for B64Error {}

/// Encode bytes as base64url without padding.
pub fn encode(data: &[u8]) -> String {
    let mut out = Vec::new();
    encode_into(data, &mut out);
    // Only alphabet bytes were written.
    String::from_utf8(out).unwrap_or_default()
}

/// The length of the unpadded encoding of `n` bytes.
pub fn encoded_len(n: usize) -> usize {
    n / 3 * 4 + [0, 2, 3][n % 3]
}

/// Append the base64url encoding of `data` (no padding) to `out`: ASCII bytes of the alphabet.
pub fn encode_into(data: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(data.len()), 0);
    let dst = &mut out[start..];
    // Six bytes (48 bits) make eight characters: one eight-byte load (while eight bytes are
    // left), four lookups of two characters each, one eight-byte store.
    let mut blocks = 0;
    while let (Some(c), Some(d)) = (
        data.get(blocks * 6..).and_then(|r| r.first_chunk::<8>()),
        dst.get_mut(blocks * 8..blocks * 8 + 8),
    ) {
        let n = u64::from_be_bytes(*c) >> 16;
        let pair = |shift: u32| u64::from(PAIRS[((n >> shift) & 0xfff) as usize]);
        let chars = pair(36) | pair(24) << 16 | pair(12) << 32 | pair(0) << 48;
        d.copy_from_slice(&chars.to_le_bytes());
        blocks += 1;
    }
    // The last zero to seven bytes: three at a time, then one or two.
    let (data, dst) = (&data[blocks * 6..], &mut dst[blocks * 8..]);
    let sextet = |n: u32, shift: u32| ALPHABET[((n >> shift) & 0x3f) as usize];
    let chunks = data.chunks_exact(3);
    let rest = chunks.remainder();
    let mut dst = dst.chunks_exact_mut(4);
    for (c, d) in chunks.zip(&mut dst) {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        for (d, shift) in d.iter_mut().zip([18, 12, 6, 0]) {
            *d = sextet(n, shift);
        }
    }
    if let [a, tail @ ..] = rest {
        let b = tail.first().copied().unwrap_or(0);
        let n = (u32::from(*a) << 16) | (u32::from(b) << 8);
        let last = dst.into_remainder();
        for (d, shift) in last.iter_mut().zip([18, 12, 6]) {
            *d = sextet(n, shift);
        }
    }
}

/// The two characters of each 12-bit value (the first in the low byte): three bytes are
/// encoded with two lookups.
const PAIRS: [u16; 4096] = {
    let mut t = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = ALPHABET[i >> 6] as u16 | (ALPHABET[i & 0x3f] as u16) << 8;
        i += 1;
    }
    t
};

/// Each byte's 6-bit value, or 0xff for bytes outside the alphabet.
const DECODE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn value(byte: u8) -> Option<u8> {
    let v = DECODE[byte as usize];
    (v != 0xff).then_some(v)
}

/// Decode strict base64url (see the module documentation).
pub fn decode(text: &str) -> Result<Vec<u8>, B64Error> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        // Report a bad character first if there is one: it is the more useful message.
        if let Some((offset, &byte)) = bytes.iter().enumerate().find(|(_, b)| value(**b).is_none()) {
            return Err(B64Error::BadChar { offset, byte });
        }
        return Err(B64Error::BadLength { len: bytes.len() });
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    let whole = bytes.chunks_exact(4);
    let tail = whole.remainder();
    for (chunk_index, chunk) in whole.enumerate() {
        let v = [chunk[0], chunk[1], chunk[2], chunk[3]].map(|b| DECODE[b as usize]);
        // Every valid value is below 64; 0xff (not in the alphabet) has the high bits set.
        if (v[0] | v[1] | v[2] | v[3]) & 0xc0 != 0 {
            let i = v.iter().position(|x| *x == 0xff).unwrap_or(0);
            return Err(B64Error::BadChar {
                offset: chunk_index * 4 + i,
                byte: chunk[i],
            });
        }
        let n = (u32::from(v[0]) << 18) | (u32::from(v[1]) << 12) | (u32::from(v[2]) << 6) | u32::from(v[3]);
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    // The last 2 or 3 characters: 1 or 2 bytes, with the unused low bits zero.
    if !tail.is_empty() {
        let start = bytes.len() - tail.len();
        let mut n: u32 = 0;
        for (i, &byte) in tail.iter().enumerate() {
            let v = value(byte).ok_or(B64Error::BadChar {
                offset: start + i,
                byte,
            })?;
            n |= u32::from(v) << (18 - 6 * i);
        }
        let last_offset = bytes.len() - 1;
        if tail.len() == 3 {
            if n & 0xff != 0 {
                return Err(B64Error::NonCanonical { offset: last_offset });
            }
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
        } else {
            if n & 0xffff != 0 {
                return Err(B64Error::NonCanonical { offset: last_offset });
            }
            out.push((n >> 16) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(raw.as_bytes()), enc);
            assert_eq!(decode(enc).unwrap(), raw.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn encoding_agrees_with_the_definition_at_every_length_and_offset() {
        // RFC 4648 §4 bit by bit: the input as a bit string, six bits a character, the last
        // group padded with zero bits.
        fn reference(data: &[u8]) -> String {
            let bits: Vec<u8> = data
                .iter()
                .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1))
                .collect();
            bits.chunks(6)
                .map(|g| {
                    let v = (0..6).fold(0usize, |v, i| {
                        (v << 1) | usize::from(g.get(i).copied().unwrap_or(0))
                    });
                    ALPHABET[v] as char
                })
                .collect()
        }
        let data: Vec<u8> = (0..200u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in 0..=40 {
            for offset in 0..7 {
                let slice = &data[offset..offset + len];
                assert_eq!(encode(slice), reference(slice), "{len} bytes at {offset}");
                // Appended after what is already in the buffer.
                let mut out = b"x.".to_vec();
                encode_into(slice, &mut out);
                assert_eq!(&out[2..], reference(slice).as_bytes());
            }
        }
    }

    #[test]
    fn refuses_padding_stray_characters_and_non_canonical_tails() {
        assert_eq!(
            decode("Zg==").unwrap_err(),
            B64Error::BadChar {
                offset: 2,
                byte: b'='
            }
        );
        assert_eq!(
            decode("Zm+v").unwrap_err(),
            B64Error::BadChar {
                offset: 2,
                byte: b'+'
            }
        );
        assert_eq!(
            decode("Zm9 v").unwrap_err(),
            B64Error::BadChar {
                offset: 3,
                byte: b' '
            }
        );
        assert_eq!(decode("Zh").unwrap_err(), B64Error::NonCanonical { offset: 1 });
        assert_eq!(decode("Zm9").unwrap_err(), B64Error::NonCanonical { offset: 2 });
        assert_eq!(decode("Zm9vY").unwrap_err(), B64Error::BadLength { len: 5 });
    }
}
