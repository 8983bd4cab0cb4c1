//! Text interned to dense keys (0, 1, 2…) in one buffer: a million deal ids
//! or deal names cost their bytes plus a few integers each, not an
//! allocation each. The index is open addressing over keys, each slot
//! holding some bits of its key's hash, so that a probe compares text only
//! when those match; the hash is keyed per process ([`TextHashState`]), so
//! a file cannot aim its values at one slot ahead of time.

use crate::hashing::TextHashState;
use std::hash::BuildHasher;

const EMPTY: u32 = u32::MAX;

/// Interned text.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    text: String,
    /// Where each key's text ends in `text`.
    ends: Vec<usize>,
    /// Each key's hash (its low 32 bits), to place the keys again when the
    /// index grows.
    hashes: Vec<u32>,
    /// Open-addressing slots, a power of two long, each holding a key in
    /// its low bits (as many as index a slot) and those bits of the key's
    /// hash above them (see [`Interner::tag`]): a probe passes another key's
    /// slot without reading that key's hash, a cache miss in a large index.
    slots: Vec<u32>,
    state: TextHashState,
    /// The key interned last: exports list a deal's rows together, so the
    /// next value is often the same, and then needs no hash and no probe.
    last: Option<u32>,
    /// The hashes of the batch being interned ([`Interner::intern_batch`]).
    batch_hashes: Vec<u32>,
    /// Whether keys are found through the index. Until a value comes out
    /// of order, every key was added in ascending order (shorter first,
    /// then by bytes) and no index is built: a value after the last key is
    /// new without a lookup, and `get` searches the sorted keys. A deals
    /// file listing its ids in order (`D000001`, `D000002`…, or numbers
    /// counting up) interns them with no hash and no probe.
    indexed: bool,
}

impl Interner {
    /// The key of `value`, interning it if new; `true` when it was new.
    pub fn intern(&mut self, value: &str) -> (u32, bool) {
        if let Some(last) = self.last.filter(|last| self.is(*last, value)) {
            return (last, false);
        }
        if self.still_ascending(std::iter::once(value)) {
            return (self.push_as_last(value), true);
        }
        let (key, new) = self.intern_anew(value);
        self.last = Some(key);
        (key, new)
    }

    /// Interns each value of a batch, pushing its key onto `keys`: the same
    /// keys as [`Interner::intern`] one by one, but faster. A value's probe
    /// starts with a cache miss in a large index (a million ids: one miss per
    /// id, and another for its key's hash), and one by one each miss waits
    /// for the one before; here the slots of the whole batch are read first,
    /// in a loop with no other work, so that their misses overlap, and the
    /// interning that follows finds them in the cache (measured natively:
    /// a million deal ids or deal names interned in half the time).
    pub fn intern_batch<'v>(&mut self, values: impl Iterator<Item = &'v str> + Clone, keys: &mut Vec<u32>) {
        if self.still_ascending(values.clone()) {
            values.for_each(|value| keys.push(self.push_as_last(value)));
            return;
        }
        let mut hashes = std::mem::take(&mut self.batch_hashes);
        hashes.clear();
        hashes.extend(values.clone().map(|value| self.hash(value)));
        self.reserve(hashes.len());
        std::hint::black_box(self.warm(&hashes));
        for (value, hash) in values.zip(&hashes) {
            let key = match self.last.filter(|last| self.is(*last, value)) {
                Some(last) => last,
                None => self.intern_hashed(value, *hash).0,
            };
            self.last = Some(key);
            keys.push(key);
        }
        self.batch_hashes = hashes;
    }

    /// The key of `value` when it is the text of the key met last or of
    /// the key after it, with no hash and no probe: child rows (activities,
    /// stage history) often list a deal's rows together and the deals in
    /// the order they were interned. The next key's text follows the last
    /// key's in memory, so a wrong guess costs no cache miss.
    #[inline]
    pub fn follow(&mut self, value: &str) -> Option<u32> {
        let last = self.last?;
        let key = [last, last + 1].into_iter().find(|key| (*key as usize) < self.len() && self.is(*key, value))?;
        self.last = Some(key);
        Some(key)
    }

    /// A key for `value` with no lookup: the last key when `value` is its
    /// text, else a new key. For text that is only shown: deal names and
    /// activity subjects. Measured in Node on a million deals (load and
    /// report, wasm memory): with names as real exports have them, mostly
    /// distinct, 56 ms sooner in 285 MB instead of 354 (an index of a million
    /// and its growth); with the generator's names, which repeat (82,000
    /// distinct), 104 ms sooner for 49 MB more. Of 2.5 million generated
    /// subjects, 1.9 million were distinct, and looking each up in an index of
    /// millions took about 8 % of loading a million deals with their
    /// activities and history. An interner filled this way builds its index
    /// on its first `intern`.
    pub fn append(&mut self, value: &str) -> u32 {
        if let Some(last) = self.last.filter(|last| self.is(*last, value)) {
            return last;
        }
        self.append_unfollowed(value)
    }

    /// As [`Interner::append`], for a value that [`Interner::follow`] has
    /// just found no key for (so not the last key's text): no second look
    /// (a million deal names: a million comparisons fewer).
    pub fn append_unfollowed(&mut self, value: &str) -> u32 {
        if !self.slots.is_empty() {
            self.forget_index();
        }
        // Appended keys may repeat: they are found through an index from now on.
        self.indexed = true;
        self.push_as_last(value)
    }

    /// `value` added as a new key with no lookup when no index is needed
    /// yet and it comes after the last key (see `indexed`), as
    /// [`Interner::intern`] would add it; `None`, changing nothing, otherwise.
    pub fn push_if_ascending(&mut self, value: &str) -> Option<u32> {
        let greatest = self.len().checked_sub(1).map(|key| self.text(key as u32));
        let after = !self.indexed && greatest.is_none_or(|greatest| ascends(greatest, value));
        after.then(|| self.push_as_last(value))
    }

    /// Whether `values` may be added as new keys with no lookup: no index
    /// is needed yet, and each comes after the one before it, the first
    /// after the last key. Otherwise the index is needed from now on.
    fn still_ascending<'v>(&mut self, mut values: impl Iterator<Item = &'v str>) -> bool {
        if self.indexed {
            return false;
        }
        let greatest = self.len().checked_sub(1).map(|key| self.text(key as u32));
        let ascending = values
            .try_fold(greatest, |before, value| {
                before.is_none_or(|before| ascends(before, value)).then_some(Some(value))
            })
            .is_some();
        self.indexed = !ascending;
        ascending
    }

    /// Adds `value` as a new key, with no lookup, and makes it the last key met.
    fn push_as_last(&mut self, value: &str) -> u32 {
        let key = self.push_key(value);
        self.last = Some(key);
        key
    }

    /// Adds `value` as a new key, with no lookup.
    fn push_key(&mut self, value: &str) -> u32 {
        let key = u32::try_from(self.ends.len()).expect("fewer than 4 billion values");
        self.text.push_str(value);
        self.ends.push(self.text.len());
        key
    }

    /// Reads the slot each hash probes first and, when its tag is the
    /// value's, the first and last bytes of its key's text into the cache (a
    /// repeated value is compared with its text: stage history and
    /// activities name each deal id a few times); the sum only keeps the
    /// reads from being optimised away.
    fn warm(&self, hashes: &[u32]) -> u64 {
        let mask = self.slots.len() - 1;
        let text = self.text.as_bytes();
        hashes.iter().fold(0, |seen, hash| {
            let held = self.slots[*hash as usize & mask];
            let key = self.key_in(held) as usize;
            let first_and_last = if held != EMPTY && self.tag(held) == self.tag(*hash) {
                let byte = |at: usize| text.get(at).copied().map_or(0, u64::from);
                byte(self.start(key)) + byte(self.ends[key].wrapping_sub(1))
            } else {
                0
            };
            seen.wrapping_add(key as u64) ^ first_and_last
        })
    }

    /// The bits of a hash or slot above a slot's index: in a slot, they are
    /// the key's hash's. A key needs one bit less than an index (there are
    /// more than twice as many slots as keys), so no slot is [`EMPTY`].
    #[inline]
    fn tag(&self, bits: u32) -> u32 {
        bits & !(self.slots.len() as u32).wrapping_sub(1)
    }

    /// The key in a slot.
    #[inline]
    fn key_in(&self, held: u32) -> u32 {
        held & (self.slots.len() as u32).wrapping_sub(1)
    }

    /// Grows the index now if `more` new keys would make it grow.
    fn reserve(&mut self, more: usize) {
        if self.slots.len() <= 2 * (self.ends.len() + more) {
            self.grow_to(self.ends.len() + more);
        }
    }

    fn intern_anew(&mut self, value: &str) -> (u32, bool) {
        self.intern_hashed(value, self.hash(value))
    }

    fn intern_hashed(&mut self, value: &str, hash: u32) -> (u32, bool) {
        if self.slots.len() <= 2 * self.ends.len() {
            self.grow_to(self.ends.len());
        }
        let slot = self.find(hash, value);
        if self.slots[slot] != EMPTY {
            return (self.key_in(self.slots[slot]), false);
        }
        let key = self.push_key(value);
        self.hashes.push(hash);
        self.slots[slot] = key | self.tag(hash);
        (key, true)
    }

    /// The key of `value`, if interned (and, once the index is needed,
    /// not forgotten: see [`Interner::forget_index`]).
    pub fn get(&self, value: &str) -> Option<u32> {
        if !self.indexed {
            return self.search(value);
        }
        if self.slots.is_empty() {
            return None;
        }
        let slot = self.find(self.hash(value), value);
        Some(self.slots[slot]).filter(|held| *held != EMPTY).map(|held| self.key_in(held))
    }

    /// The key of `value` among keys in ascending order, by halving.
    fn search(&self, value: &str) -> Option<u32> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let text = self.text(middle as u32);
            match (text.len(), text.as_bytes()).cmp(&(value.len(), value.as_bytes())) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle as u32),
            }
        }
        None
    }

    /// The text of `key`.
    pub fn text(&self, key: u32) -> &str {
        let key = key as usize;
        let start = if key == 0 { 0 } else { self.ends[key - 1] };
        &self.text[start..self.ends[key]]
    }

    /// Whether `value` is the text of `key`. Compared as bytes: slicing the
    /// text as `str` would also check both ends for a character boundary.
    pub fn is(&self, key: u32, value: &str) -> bool {
        let key = key as usize;
        self.text
            .as_bytes()
            .get(self.start(key)..self.ends[key])
            .is_some_and(|text| equal_by_words(text, value.as_bytes()))
    }

    /// Where the text of `key` starts in `text`.
    #[inline]
    fn start(&self, key: usize) -> usize {
        key.checked_sub(1).map_or(0, |before| self.ends[before])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// How many bytes of text the keys hold.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Whether `keys` keys holding `bytes` bytes of text in all fit the room held.
    pub fn has_room(&self, keys: usize, bytes: usize) -> bool {
        keys <= self.ends.capacity() && bytes <= self.text.capacity()
    }

    /// Room for `keys` keys holding `bytes` bytes of text in all, made now
    /// where either would not fit (for `Pools::project` in `crate::ingest`).
    /// Room that cannot be had is not made: the keys then grow as they come.
    pub fn make_room(&mut self, keys: usize, bytes: usize) {
        if keys > self.ends.capacity() {
            let _ = self.ends.try_reserve_exact(keys - self.ends.len());
        }
        if bytes > self.text.capacity() {
            let _ = self.text.try_reserve_exact(bytes - self.text.len());
        }
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    #[inline]
    fn hash(&self, value: &str) -> u32 {
        self.state.hash_one(value) as u32
    }

    /// The slot holding `value`, or the empty slot where it would go.
    #[inline]
    fn find(&self, hash: u32, value: &str) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let held = self.slots[slot];
            if held == EMPTY || (self.tag(held) == self.tag(hash) && self.is(self.key_in(held), value)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Forgets every key from `len` on (the values of a file that is read
    /// again in another encoding, or that turned out unusable).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        self.text.truncate(len.checked_sub(1).map_or(0, |last| self.ends[last]));
        self.ends.truncate(len);
        self.hashes.truncate(len);
        // Keys are placed in key order (here and in `grow`), so no earlier
        // key's probe ever passed a later key's slot: emptying those slots
        // leaves every earlier key findable.
        let mask = (self.slots.len() as u32).wrapping_sub(1);
        let later = |held: u32| held != EMPTY && (held & mask) as usize >= len;
        self.slots.iter_mut().filter(|held| later(**held)).for_each(|held| *held = EMPTY);
        self.last = self.last.filter(|key| (*key as usize) < len);
    }

    /// Drops the lookup index of a complete set of values (its slots and
    /// hashes: at a million keys, 20 MB): `text` still answers, `get` finds
    /// nothing, and `intern` builds the index anew. The text gives back the
    /// room it grew into and does not fill, for what is computed next (a
    /// million deals: the engine's wasm memory 203 → 191 MB, the page's
    /// growth 249 → 243 MB, medians of 3 runs in Chromium).
    pub fn forget_index(&mut self) {
        self.indexed = true;
        self.slots = Vec::new();
        self.hashes = Vec::new();
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Doubles the slots (at least 16, and more than twice `keys`) and
    /// places every key again.
    fn grow_to(&mut self, keys: usize) {
        if self.hashes.len() < self.ends.len() {
            // The index was forgotten: hash every key again.
            self.hashes = (0..self.ends.len() as u32).map(|key| self.hash(self.text(key))).collect();
        }
        let mut size = (self.slots.len() * 2).max(16);
        while size <= 2 * keys {
            size *= 2;
        }
        self.slots = vec![EMPTY; size];
        let mask = size - 1;
        for (key, hash) in self.hashes.iter().enumerate() {
            let mut slot = *hash as usize & mask;
            while self.slots[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = key as u32 | self.tag(*hash);
        }
    }
}

/// Whether `after` comes after `before` in the order of keys added with no
/// index: shorter first, then by bytes (so that numbers counting up ascend).
fn ascends(before: &str, after: &str) -> bool {
    (before.len(), before.as_bytes()) < (after.len(), after.as_bytes())
}

/// Whether two byte strings are equal, compared eight bytes at a time: in
/// wasm, slice equality calls a `memcmp` that compares byte by byte, and a
/// million repeated deal names of forty-odd bytes are compared on load.
fn equal_by_words(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let (a_rest, b_rest) = (a_words.remainder(), b_words.remainder());
    let word = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().unwrap_or_default());
    a_words.zip(b_words).all(|(x, y)| word(x) == word(y)) && a_rest.iter().zip(b_rest).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal only with every byte equal, whatever the length (below, at and
    /// past one word), and wherever the difference lies.
    #[test]
    fn equal_by_words_compares_every_byte() {
        for len in 0..20 {
            let a: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(37)).collect();
            assert!(equal_by_words(&a, &a.clone()), "length {len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!equal_by_words(&a, &b), "length {len}, byte {at}");
            }
            assert!(!equal_by_words(&a, &a[..len.saturating_sub(1)]) || len == 0, "length {len}");
        }
    }

    #[test]
    fn truncating_forgets_the_later_keys_and_keeps_the_earlier() {
        let mut interner = Interner::default();
        let values: Vec<String> = (0..100).map(|n| format!("id-{n}")).collect();
        values.iter().for_each(|value| _ = interner.intern(value));
        interner.truncate(40);
        assert_eq!(interner.len(), 40);
        for (key, value) in values.iter().enumerate() {
            assert_eq!(interner.get(value), (key < 40).then_some(key as u32), "{value}");
        }
        assert_eq!(interner.intern("id-99"), (40, true));
        assert_eq!(interner.intern("id-7"), (7, false));
        assert_eq!(interner.text(40), "id-99");
        interner.truncate(0);
        assert!(interner.is_empty() && interner.get("id-7").is_none());
        assert_eq!(interner.intern("id-7"), (0, true));
    }

    #[test]
    fn keys_are_dense_and_stable() {
        let mut interner = Interner::default();
        assert_eq!(interner.intern("D-1"), (0, true));
        assert_eq!(interner.intern("D-2"), (1, true));
        assert_eq!(interner.intern("D-1"), (0, false));
        assert_eq!(interner.intern(""), (2, true));
        assert_eq!((interner.text(0), interner.text(1), interner.text(2)), ("D-1", "D-2", ""));
        assert_eq!((interner.get("D-2"), interner.get("d-2")), (Some(1), None));
        assert_eq!(interner.len(), 3);
    }

    /// A value equal to the last one skips the hash: it must still be that
    /// key, and a value merely starting like it must still be new.
    #[test]
    fn the_same_value_twice_in_a_row_is_one_key() {
        let mut interner = Interner::default();
        assert_eq!(interner.intern("D-1"), (0, true));
        assert_eq!(interner.intern("D-1"), (0, false), "the same value again, as rows of one deal come");
        assert_eq!(interner.intern("D-12"), (1, true), "a longer value starting like the last one is new");
        assert_eq!(interner.intern("D-1"), (0, false));
        assert_eq!(interner.intern("D-"), (2, true), "a shorter one too");
        assert_eq!(interner.len(), 3);
    }

    /// Appended values get a new key each unless they repeat the last one,
    /// and read back as appended; interning afterwards finds them all.
    #[test]
    fn appending_keys_every_value_but_a_repeat_of_the_last() {
        let mut interner = Interner::default();
        assert_eq!(interner.intern("Call"), (0, true));
        let keys: Vec<u32> = ["Call", "Call", "Email", "Call", ""].iter().map(|v| interner.append(v)).collect();
        assert_eq!(keys, [0, 0, 1, 2, 3]);
        assert_eq!([1, 2, 3].map(|key| interner.text(key)), ["Email", "Call", ""]);
        assert_eq!(interner.intern("Email"), (1, false), "the index is built anew on the next intern");
        assert_eq!(interner.intern("Meeting"), (4, true));
        assert_eq!(interner.get("Call"), Some(0), "a repeated text finds its first key");
    }

    /// An index forgotten and built again finds every key, old and new.
    #[test]
    fn a_forgotten_index_is_built_again_on_the_next_intern() {
        let mut interner = Interner::default();
        (0..100).for_each(|n| _ = interner.intern(&format!("id-{n}")));
        interner.forget_index();
        assert_eq!((interner.get("id-7"), interner.text(7)), (None, "id-7"));
        assert_eq!(interner.intern("id-100"), (100, true));
        assert_eq!(interner.intern("id-7"), (7, false));
        assert_eq!(interner.get("id-99"), Some(99));
    }

    /// A batch gives each value the key interning it alone would: values
    /// new and known, repeated inside the batch and one after another,
    /// across growth and after the index is forgotten.
    #[test]
    fn a_batch_gets_the_keys_of_one_by_one() {
        let values: Vec<String> = (0..5_000).map(|n| format!("id-{}", (n * 7919) % 3_001)).collect();
        let (mut alone, mut batched) = (Interner::default(), Interner::default());
        let mut keys = Vec::new();
        for (at, batch) in values.chunks(700).enumerate() {
            if at == 3 {
                alone.forget_index();
                batched.forget_index();
            }
            batched.intern_batch(batch.iter().map(String::as_str), &mut keys);
            let expected: Vec<u32> = batch.iter().map(|value| alone.intern(value).0).collect();
            assert_eq!(keys[keys.len() - batch.len()..], expected[..], "batch {at}");
        }
        batched.intern_batch(["x", "x", "id-5", "x", ""].into_iter(), &mut keys);
        let expected = [alone.intern("x").0, alone.intern("x").0, alone.intern("id-5").0, alone.intern("x").0];
        assert_eq!(keys[keys.len() - 5..keys.len() - 1], expected, "a value repeated, one after another");
        assert_eq!((batched.len(), batched.text(keys[keys.len() - 1])), (alone.len() + 1, ""));
    }

    #[test]
    fn many_values_survive_growth() {
        let mut interner = Interner::default();
        assert_eq!(interner.get("x"), None);
        for n in 0..10_000u32 {
            assert_eq!(interner.intern(&format!("id-{n}")), (n, true));
        }
        for n in (0..10_000u32).rev() {
            assert_eq!(interner.get(&format!("id-{n}")), Some(n));
            assert_eq!(interner.text(n), format!("id-{n}"));
        }
        assert_eq!(interner.get("id-10000"), None);
    }

    /// Ids in ascending order (by length, then bytes) get new keys with no
    /// index, are found by `get`, and keep their keys once a value out of
    /// order (a repeat of an earlier id, or a new one) makes the index.
    #[test]
    fn ascending_values_are_new_keys_until_one_is_out_of_order() {
        let mut interner = Interner::default();
        let ids: Vec<String> = (95..130).map(|n| n.to_string()).collect();
        let mut keys = Vec::new();
        interner.intern_batch(ids[..20].iter().map(String::as_str), &mut keys);
        assert_eq!(keys, (0..20).collect::<Vec<u32>>(), "99 then 100: shorter first");
        assert_eq!(interner.intern(&ids[20]), (20, true));
        assert_eq!(interner.intern(&ids[20]), (20, false));
        assert!(!interner.indexed && interner.slots.is_empty(), "no index yet");
        assert_eq!(
            (interner.get("97"), interner.get("120"), interner.get("115"), interner.get("1")),
            (Some(2), None, Some(20), None)
        );
        assert_eq!(interner.intern("100"), (5, false), "an earlier id, not the last: found, not new");
        assert!(interner.indexed);
        interner.intern_batch(ids[21..].iter().map(String::as_str), &mut keys);
        assert_eq!(interner.intern("5"), (35, true));
        for (key, id) in ids.iter().enumerate() {
            assert_eq!((interner.get(id), interner.text(key as u32)), (Some(key as u32), id.as_str()));
        }
    }

    /// A value after the last key is added with no index; one that is not
    /// (a repeat, or one out of order) is left alone, and so is every value
    /// once the index is needed.
    #[test]
    fn only_a_value_after_the_last_key_is_pushed_without_a_lookup() {
        let mut interner = Interner::default();
        assert_eq!(interner.push_if_ascending("D9"), Some(0));
        assert_eq!(interner.push_if_ascending("D10"), Some(1), "longer comes after");
        assert_eq!((interner.push_if_ascending("D10"), interner.push_if_ascending("D11x")), (None, Some(2)));
        assert_eq!(interner.push_if_ascending("D12"), None, "shorter than the last");
        assert_eq!(interner.len(), 3);
        assert!(!interner.indexed, "a value left alone changes nothing");
        assert_eq!(interner.intern("D12"), (3, true));
        assert_eq!(interner.push_if_ascending("D99999"), None, "indexed from now on");
        assert_eq!(interner.get("D10"), Some(1));
    }
}

/// Property tests (native only: proptest is not built for wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// Values interned one by one or in batches, mostly counting up (as
        /// ids listed in order), get the keys of a plain map: the first
        /// value met gets key 0, each new one the next, a repeat its own.
        #[test]
        fn keys_are_those_of_a_map(steps in proptest::collection::vec((0u8..6, 1usize..40), 1..40)) {
            let mut interner = Interner::default();
            let mut model: HashMap<String, u32> = HashMap::new();
            let mut next = 0u32;
            for (kind, count) in steps {
                // Mostly the next numbers; at times a step back or a jump.
                let values: Vec<String> = match kind {
                    0 => (0..count).map(|i| (next as usize + i * 7) % 50).map(|n| n.to_string()).collect(),
                    _ => (0..count).map(|i| next as usize + i + usize::from(kind == 5)).map(|n| format!("{n:0>2}")).collect(),
                };
                let expected: Vec<u32> = values.iter().map(|value| {
                    let len = model.len() as u32;
                    *model.entry(value.clone()).or_insert(len)
                }).collect();
                next += count as u32;
                let got: Vec<u32> = if kind % 2 == 0 {
                    let mut keys = Vec::new();
                    interner.intern_batch(values.iter().map(String::as_str), &mut keys);
                    keys
                } else if kind == 3 {
                    // As a pooled column keys its cells: with no lookup when it can.
                    let at_once = |interner: &mut Interner, value: &str| {
                        interner.follow(value).or_else(|| interner.push_if_ascending(value))
                    };
                    values.iter().map(|value| at_once(&mut interner, value).unwrap_or_else(|| interner.intern(value).0)).collect()
                } else {
                    values.iter().map(|value| interner.intern(value).0).collect()
                };
                prop_assert_eq!(got, expected);
                prop_assert_eq!(interner.len(), model.len());
                for (value, key) in &model {
                    prop_assert_eq!(interner.get(value), Some(*key));
                }
            }
        }
    }
}
