//! [`Label`]: the name of the tranche (or source) a flow belongs to.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes of text a label keeps inline.
const INLINE: usize = Label::INLINE_BYTES;

/// The name of the tranche (or source) a [`CashFlow`](crate::CashFlow)
/// belongs to: text of up to 15 bytes is kept inline, longer text is
/// shared behind a reference count.
///
/// Every flow of a schedule carries its label, so a plan of 360 payments
/// clones it 360 times: a short label is then a copy of 16 bytes (no
/// allocation, no atomic reference count to raise and drop), a long one a
/// reference count. It reads as a `str` (`Deref`, `AsRef`, `Borrow`),
/// compares, orders and hashes as its text, converts from `&str`,
/// `String` and `Arc<str>`, prints as its text, and serializes as a plain
/// string.
///
/// ```
/// use disburse::Label;
/// let cash = Label::new("cash");
/// assert_eq!(cash, "cash");
/// assert_eq!(cash.len(), 4);
/// assert!(cash.is_inline());
/// let long: Label = String::from("shipbuilding cooperation fund").into();
/// assert!(!long.is_inline());
/// assert_eq!(long.to_string(), "shipbuilding cooperation fund");
/// assert!(cash < long);
/// ```
#[derive(Clone)]
pub struct Label {
    /// Inline text: the bytes, zero-padded, their count in the last byte;
    /// all zero when the text is shared.
    inline: [u8; INLINE + 1],
    /// Text longer than [`INLINE`] bytes.
    shared: Option<Arc<str>>,
}

impl Label {
    /// The longest text, in bytes, kept inline; longer text is shared.
    ///
    /// ```
    /// use disburse::Label;
    /// assert!(Label::new(&"x".repeat(Label::INLINE_BYTES)).is_inline());
    /// assert!(!Label::new(&"x".repeat(Label::INLINE_BYTES + 1)).is_inline());
    /// ```
    pub const INLINE_BYTES: usize = 15;

    /// A label of `text` (inline when it has at most 15 bytes).
    ///
    /// ```
    /// use disburse::Label;
    /// assert_eq!(Label::new("equity").as_str(), "equity");
    /// ```
    pub fn new(text: &str) -> Label {
        Label::inline(text).unwrap_or_else(|| Label {
            inline: [0; INLINE + 1],
            shared: Some(Arc::from(text)),
        })
    }

    /// `text` inline, `None` when it is too long.
    fn inline(text: &str) -> Option<Label> {
        let bytes = text.as_bytes();
        let len = u8::try_from(bytes.len()).ok().filter(|&n| usize::from(n) <= INLINE)?;
        let mut inline = [0; INLINE + 1];
        inline[..bytes.len()].copy_from_slice(bytes);
        inline[INLINE] = len;
        Some(Label { inline, shared: None })
    }

    /// The text.
    ///
    /// ```
    /// use disburse::Label;
    /// let l = Label::from("loan guarantees and other");
    /// assert_eq!(l.as_str(), "loan guarantees and other");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.shared {
            Some(text) => text,
            None => {
                let len = usize::from(self.inline[INLINE]).min(INLINE);
                // Always whole UTF-8: the bytes were copied from a `str`.
                std::str::from_utf8(&self.inline[..len]).unwrap_or_default()
            }
        }
    }

    /// Whether the text is kept inline (at most 15 bytes), not shared.
    ///
    /// ```
    /// use disburse::Label;
    /// assert!(Label::new("fifteen bytes!!").is_inline());
    /// assert!(!Label::new("sixteen bytes!!!").is_inline());
    /// ```
    pub fn is_inline(&self) -> bool {
        self.shared.is_none()
    }
}

impl Default for Label {
    /// The empty label.
    fn default() -> Self {
        Label {
            inline: [0; INLINE + 1],
            shared: None,
        }
    }
}

impl Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Label {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Label {
    fn from(text: &str) -> Self {
        Label::new(text)
    }
}

impl From<&String> for Label {
    fn from(text: &String) -> Self {
        Label::new(text)
    }
}

impl From<String> for Label {
    fn from(text: String) -> Self {
        Label::new(&text)
    }
}

impl From<Arc<str>> for Label {
    /// Short text is copied inline; long text keeps the `Arc`.
    fn from(text: Arc<str>) -> Self {
        Label::inline(&text).unwrap_or(Label {
            inline: [0; INLINE + 1],
            shared: Some(text),
        })
    }
}

impl From<&Label> for Label {
    fn from(label: &Label) -> Self {
        label.clone()
    }
}

impl From<Label> for String {
    fn from(label: Label) -> Self {
        label.as_str().to_owned()
    }
}

impl PartialEq for Label {
    fn eq(&self, other: &Label) -> bool {
        // Text of at most 15 bytes is always inline, longer text always
        // shared, so two labels of the same text have the same form.
        match (&self.shared, &other.shared) {
            (None, None) => u128::from_ne_bytes(self.inline) == u128::from_ne_bytes(other.inline),
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Label {}

impl PartialEq<str> for Label {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Label> for str {
    fn eq(&self, other: &Label) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Label> for &str {
    fn eq(&self, other: &Label) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Label {
    fn partial_cmp(&self, other: &Label) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Label {
    fn cmp(&self, other: &Label) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Label {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Label, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> std::result::Result<Label, E> {
                Ok(Label::new(text))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(feature = "scenario")]
impl schemars::JsonSchema for Label {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::hash_map::DefaultHasher;

    use proptest::prelude::*;

    use super::*;

    fn hash_of<T: Hash + ?Sized>(x: &T) -> u64 {
        let mut h = DefaultHasher::new();
        x.hash(&mut h);
        h.finish()
    }

    /// 15 bytes stay inline, 16 are shared; a multi-byte character that
    /// would cross the limit goes to the shared form whole.
    #[test]
    fn the_inline_limit_is_fifteen_bytes() {
        assert!(Label::new("").is_inline());
        assert_eq!(Label::new("").as_str(), "");
        assert!(Label::new("123456789012345").is_inline());
        assert!(!Label::new("1234567890123456").is_inline());
        // "é" is 2 bytes: 14 + 2 = 16.
        let crossing = "12345678901234é";
        assert_eq!(crossing.len(), 16);
        assert!(!Label::new(crossing).is_inline());
        assert_eq!(Label::new(crossing).as_str(), crossing);
        assert_eq!(Label::new("Anleihe 𝔄").as_str(), "Anleihe 𝔄");
    }

    /// An `Arc` of short text is copied inline (so it equals the same text
    /// made from a `&str`); a long one is kept, not copied.
    #[test]
    fn from_an_arc() {
        let short: Arc<str> = Arc::from("cash");
        assert_eq!(Label::from(short), Label::new("cash"));
        let long: Arc<str> = Arc::from("a long tranche name, shared");
        let label = Label::from(Arc::clone(&long));
        assert!(!label.is_inline());
        assert_eq!(Arc::strong_count(&long), 2);
        assert_eq!(label, Label::new("a long tranche name, shared"));
    }

    #[test]
    fn prints_and_serializes_as_its_text() {
        let l = Label::new("equity");
        assert_eq!(format!("{l}|{l:>8}|{l:?}"), "equity|  equity|\"equity\"");
        assert_eq!(serde_json::to_string(&l).unwrap(), "\"equity\"");
        let back: Label = serde_json::from_str("\"a tranche with a long name\"").unwrap();
        assert_eq!(back, "a tranche with a long name");
        assert!(serde_json::from_str::<Label>("3").is_err());
        assert_eq!(Label::default(), "");
    }

    proptest! {
        /// A label is its text: equality, order and hash agree with the
        /// strings', whatever the lengths (inline or shared).
        #[test]
        fn behaves_as_its_text(a in "\\PC{0,24}", b in "\\PC{0,24}") {
            let (la, lb) = (Label::new(&a), Label::new(&b));
            prop_assert_eq!(la.as_str(), a.as_str());
            prop_assert_eq!(la.is_inline(), a.len() <= INLINE);
            prop_assert_eq!(la == lb, a == b);
            prop_assert_eq!(la.cmp(&lb), a.cmp(&b));
            prop_assert_eq!(hash_of(&la), hash_of(a.as_str()));
            prop_assert_eq!(la.clone(), la.clone());
            prop_assert_eq!(Label::from(Arc::<str>::from(a.as_str())), la);
        }
    }
}
