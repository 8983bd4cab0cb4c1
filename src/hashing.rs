//! Hash maps fitted to the engine's keys. The standard SipHash costs a
//! tenth of a report on integer keys and a fifth of a load on names, so:
//! - integer ids (interned names, days, indices), which no input chooses,
//!   use [`IdHasher`], a multiply-rotate with no seed;
//! - text from the files (names, labels, deal ids) uses [`TextHasher`], a
//!   word-at-a-time multiply-rotate keyed per process, so a crafted file
//!   cannot aim its keys at one bucket ahead of time. It uses 64-bit
//!   multiplies only: a 128-bit one is a library call in wasm32.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A fast hasher for small integer keys.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

const ID_HASH_FACTOR: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|b| self.write_u64(u64::from(*b)));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(ID_HASH_FACTOR);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by ids (see [`IdHasher`]).
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A set of ids (see [`IdHasher`]).
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

const TEXT_FACTOR: u64 = 0x9e37_79b9_7f4a_7c15;
const TEXT_FINISH: u64 = 0xa076_1d64_78bd_642f;

/// A fast keyed hasher for text, eight bytes at a time.
#[derive(Debug, Clone, Copy)]
pub struct TextHasher {
    state: u64,
    key: u64,
}

impl TextHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.state = (self.state ^ word).wrapping_mul(TEXT_FACTOR).rotate_left(29);
    }
}

impl Hasher for TextHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Byte by byte: in wasm, copying a length not known ahead is a call.
            let last = rest.iter().rev().fold(0, |word, byte| (word << 8) | u64::from(*byte));
            self.mix(last ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n) ^ 0x100);
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        let mixed = (self.state ^ self.key).wrapping_mul(TEXT_FINISH);
        mixed ^ (mixed >> 32)
    }
}

/// Builds [`TextHasher`]s with this process's key.
#[derive(Debug, Clone, Copy)]
pub struct TextHashState {
    key: u64,
}

impl Default for TextHashState {
    fn default() -> Self {
        static KEY: OnceLock<u64> = OnceLock::new();
        let key = *KEY.get_or_init(|| RandomState::new().hash_one(0x5a1e_u64) | 1);
        TextHashState { key }
    }
}

impl BuildHasher for TextHashState {
    type Hasher = TextHasher;

    fn build_hasher(&self) -> TextHasher {
        TextHasher { state: self.key.rotate_left(32), key: self.key }
    }
}

/// A map keyed by text from the files (see [`TextHasher`]).
pub type TextMap<K, V> = HashMap<K, V, TextHashState>;

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(text: &str) -> u64 {
        TextHashState::default().hash_one(text)
    }

    #[test]
    fn text_hashes_differ_by_every_byte_and_by_length() {
        let base = "Budi Santoso, PT Maju";
        let mut seen: HashSet<u64> = HashSet::new();
        seen.insert(hash(base));
        for index in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[index] ^= 1;
            assert!(seen.insert(hash(std::str::from_utf8(&changed).unwrap())), "byte {index}");
        }
        for len in 0..base.len() {
            assert!(seen.insert(hash(&base[..len])), "prefix {len}");
        }
        assert!(seen.insert(hash("a\0")) && seen.insert(hash("a\0\0")));
    }

    #[test]
    fn text_map_finds_borrowed_keys() {
        let mut map: TextMap<Box<str>, u32> = TextMap::default();
        map.insert("Won".into(), 1);
        assert_eq!(map.get("Won"), Some(&1));
        assert_eq!(map.get("won"), None);
    }
}
