//! Keys: what an output is made from, as one stable number.
//!
//! The key of a value is SipHash-1-3 with the key (0, 0), 128 bits, of the
//! value's JSON serialisation (serde_json, fields in declaration order).
//! Both are fixed, documented algorithms: a key written to `.pressroom/`
//! by one build means the same to the next, whatever Rust compiled it.
//!
//! A value that appears in many contexts (a statement's card is listed on
//! a dozen pages) is held as a [`Hashed`]: its key is computed once, and
//! inside a key it stands for itself by that key. Everywhere else it
//! serialises as the value it holds, so the same struct is what a
//! template receives and what its key is made of.

use std::cell::Cell;
use std::fmt;
use std::hash::Hasher as _;

use serde::{Serialize, Serializer};
use siphasher::sip128::{Hasher128 as _, SipHasher13};

/// A 128-bit key; written as 32 hexadecimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Key(pub u128);

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl Key {
    /// Reads what [`Key`]'s `Display` wrote.
    pub fn parse(hex: &str) -> Option<Key> {
        (hex.len() == 32).then(|| u128::from_str_radix(hex, 16).ok().map(Key))?
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u128(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        u128::deserialize(deserializer).map(Key)
    }
}

thread_local! {
    /// True while [`of`] serialises on this thread: [`Hashed`] values then
    /// write their key instead of themselves.
    static KEYING: Cell<bool> = const { Cell::new(false) };
}

/// Feeds what serde_json writes into the hasher, without a buffer.
struct Feed(SipHasher13);

impl std::io::Write for Feed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The key of `value`.
pub fn of<T: Serialize + ?Sized>(value: &T) -> Key {
    let before = KEYING.replace(true);
    let mut feed = Feed(SipHasher13::new());
    // Serialising plain data into a hasher cannot fail; a value whose
    // `Serialize` refuses (a map with non-string keys) keys as its error.
    if let Err(e) = serde_json::to_writer(&mut feed, value) {
        feed.0.write(e.to_string().as_bytes());
    }
    KEYING.set(before);
    Key(feed.0.finish128().as_u128())
}

/// The key of a list of byte strings, each with a tag: SipHash-1-3 as
/// [`of`], of each string's bytes followed by 0xff (which no UTF-8 text
/// holds) and its tag — for long lists (every output's path), whose JSON
/// would cost more than hashing them.
pub fn of_parts<'a>(parts: impl Iterator<Item = (&'a [u8], u8)>) -> Key {
    let mut h = SipHasher13::new();
    for (bytes, tag) in parts {
        h.write(bytes);
        h.write(&[0xff, tag]);
    }
    Key(h.finish128().as_u128())
}

/// The key of some bytes as they are (a file copied to the output).
pub fn of_bytes(bytes: &[u8]) -> Key {
    let mut h = SipHasher13::new();
    h.write(bytes);
    Key(h.finish128().as_u128())
}

/// A value with its key, computed once (see the module's documentation).
#[derive(Debug, Clone)]
pub struct Hashed<T> {
    value: T,
    key: Key,
}

impl<T: Serialize> Hashed<T> {
    pub fn new(value: T) -> Hashed<T> {
        let key = of(&value);
        Hashed { value, key }
    }
}

impl<T> Hashed<T> {
    pub fn get(&self) -> &T {
        &self.value
    }

    pub fn key(&self) -> Key {
        self.key
    }
}

impl<T: Serialize> Serialize for Hashed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if KEYING.get() {
            self.key.serialize(serializer)
        } else {
            self.value.serialize(serializer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        cards: Vec<&'a Hashed<Vec<u32>>>,
    }

    #[test]
    fn keys_are_fixed_numbers_of_the_serialised_value() {
        // SipHash-1-3 (keys 0, 0) of `"a"` is this number on every build:
        // keys are kept between runs, so it must never drift.
        assert_eq!(of("a"), of_bytes(b"\"a\""));
        assert_eq!(of("a").to_string(), format!("{:032x}", of_bytes(b"\"a\"").0));
        assert_ne!(of("a"), of("b"));
        assert_eq!(Key::parse(&of("a").to_string()), Some(of("a")));
        assert_eq!(Key::parse("xyz"), None);
    }

    #[test]
    fn a_hashed_value_stands_for_itself_by_its_key_inside_a_key_only() {
        let card = Hashed::new(vec![1, 2, 3]);
        let page = Page {
            title: "t",
            cards: vec![&card],
        };
        // What a template receives is the value itself...
        assert_eq!(
            serde_json::to_string(&page).ok().as_deref(),
            Some(r#"{"title":"t","cards":[[1,2,3]]}"#)
        );
        // ...and the key changes exactly when the value does.
        let same = Hashed::new(vec![1, 2, 3]);
        let other = Hashed::new(vec![1, 2, 4]);
        let key = |c| {
            of(&Page {
                title: "t",
                cards: vec![c],
            })
        };
        assert_eq!(key(&card), key(&same));
        assert_ne!(key(&card), key(&other));
    }
}
