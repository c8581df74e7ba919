//! The hasher of the index's hash tables.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a for the short strings of the vocabulary: looked up ~10^8 times at archive scale, where SipHash's
/// DoS resistance buys nothing (the keys come from the archive itself).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Builds [`Fnv`] hashers: the hasher of every hash table the index builds.
pub type FastHash = BuildHasherDefault<Fnv>;
