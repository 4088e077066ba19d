//! Every hash of the portal, in one place, each a named algorithm whose values do not change
//! with the compiler or the platform:
//! - [`fnv1a`] (FNV-1a, 64 bits) for the short names that are part of the output: the version
//!   in an asset's address (`style.css?v=…`) and the search index's folder. Changing it would
//!   change every page.
//! - [`bytes`] and [`of`] (XXH3, 64 bits) for telling content apart: the output manifest that
//!   is kept between builds, and the fingerprints of pages and files within a build.

use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// FNV-1a over `bytes`, continued from `state` (start from [`FNV_START`]).
pub fn fnv1a_from(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// FNV-1a's starting value (its offset basis).
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_START, bytes)
}

/// The XXH3 hash of `bytes`: the same on every machine and in every release.
pub fn bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The XXH3 hash of a value, through its `Hash`: for telling values apart within one run
/// (the standard library does not promise that `Hash` feeds the same bytes across releases, so
/// these are never written to disk).
pub fn of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut h = Xxh3Default::new();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_algorithms_give_their_published_values() {
        // FNV-1a 64 test vectors (Fowler, Noll, Vo) and XXH3-64 of the empty input (seed 0).
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(bytes(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(fnv1a_from(fnv1a(b"foo"), b"bar"), fnv1a(b"foobar"));
        assert_ne!(of(&("a", 1)), of(&("a", 2)));
    }
}
