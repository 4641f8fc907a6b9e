//! The hasher of the core's maps: fixed (the same inputs give the same iteration order, so the
//! core stays deterministic and needs no randomness), and cheap for what they are keyed by, short
//! ids (`bg_…`, `ses_…`, `prt_…`). Every tracked event looks up a few of them, and the standard
//! SipHash was a measurable share of an event's time in the component (docs/boundary.md). The
//! ids come from OpenCode and from the core itself, not from a child's text, so collision
//! resistance against chosen keys is not needed.

use std::hash::{BuildHasherDefault, Hasher};

/// An odd 64-bit constant with well-spread bits: each word is mixed in by a rotate, an xor and
/// a multiply.
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher {
    hash: u64,
}

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(23) ^ word).wrapping_mul(MIX);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            for (to, from) in last.iter_mut().zip(rest) {
                *to = *from;
            }
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    /// The high bits, where the multiply mixed the most, folded onto the low ones (the map picks
    /// its bucket from the low bits).
    fn finish(&self) -> u64 {
        self.hash ^ (self.hash >> 32)
    }
}

pub(crate) type BuildIdHasher = BuildHasherDefault<IdHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash(s: &str) -> u64 {
        BuildIdHasher::default().hash_one(s)
    }

    #[test]
    fn fixed_and_spread() {
        assert_eq!(hash("ses_abc"), hash("ses_abc"), "the same every time");
        let ids: Vec<String> = (0..4096).map(|i| format!("prt_tool_{i}")).collect();
        let mut buckets = std::collections::HashSet::new();
        for id in &ids {
            buckets.insert(hash(id) & 0xfff);
        }
        assert!(buckets.len() > 2_400, "ids that differ in a digit spread over the low bits: {}", buckets.len());
        assert_ne!(hash("a"), hash("a\0"), "a shorter key padded with zeros is another key");
        let mut h = IdHasher::default();
        "x".hash(&mut h);
        assert_ne!(h.finish(), 0);
    }
}
