//! A fixed-size set of pod (or namespace) indices.
//!
//! The engine answers "which pods does this selector match" once per policy and peer, so whole
//! matrices reduce to word-wise unions and intersections instead of per-pair selector checks.

/// Set of indices `0..len`, one bit per index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BitSet {
    words: Vec<u64>,
    len: usize,
}

impl BitSet {
    /// The empty set over `0..len`.
    pub(crate) fn empty(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// The set holding every index in `0..len`.
    pub(crate) fn full(len: usize) -> Self {
        let mut set = Self {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        set.clear_tail();
        set
    }

    /// Bits past `len` in the last word must stay zero so that counting and iteration stay exact.
    fn clear_tail(&mut self) {
        let rest = self.len % 64;
        if rest != 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << rest) - 1;
        }
    }

    pub(crate) fn insert(&mut self, index: usize) {
        if index < self.len
            && let Some(word) = self.words.get_mut(index / 64)
        {
            *word |= 1u64 << (index % 64);
        }
    }

    pub(crate) fn contains(&self, index: usize) -> bool {
        index < self.len
            && self
                .words
                .get(index / 64)
                .is_some_and(|word| word & (1u64 << (index % 64)) != 0)
    }

    pub(crate) fn union_with(&mut self, other: &BitSet) {
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            *mine |= theirs;
        }
    }

    pub(crate) fn intersect_with(&mut self, other: &BitSet) {
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            *mine &= theirs;
        }
    }

    /// Removes every index that `other` holds.
    pub(crate) fn subtract(&mut self, other: &BitSet) {
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            *mine &= !theirs;
        }
    }

    /// Whether every index of `self` is in `other`.
    pub(crate) fn is_subset_of(&self, other: &BitSet) -> bool {
        self.words
            .iter()
            .zip(&other.words)
            .all(|(mine, theirs)| mine & !theirs == 0)
    }

    /// Whether `self` and `other` share no index.
    pub(crate) fn is_disjoint(&self, other: &BitSet) -> bool {
        self.words
            .iter()
            .zip(&other.words)
            .all(|(mine, theirs)| mine & theirs == 0)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|word| *word == 0)
    }

    #[cfg(test)]
    pub(crate) fn count(&self) -> usize {
        self.words
            .iter()
            .map(|word| word.count_ones() as usize)
            .sum()
    }

    /// Indices in ascending order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::BitSet;

    #[test]
    fn full_set_has_exactly_len_members() {
        for len in [0, 1, 63, 64, 65, 130] {
            let set = BitSet::full(len);
            assert_eq!(set.count(), len);
            assert_eq!(set.iter().collect::<Vec<_>>(), (0..len).collect::<Vec<_>>());
            assert!(!set.contains(len));
        }
    }

    #[test]
    fn set_algebra_matches_naive_sets() {
        let mut a = BitSet::empty(100);
        let mut b = BitSet::empty(100);
        for i in (0..100).step_by(3) {
            a.insert(i);
        }
        for i in (0..100).step_by(5) {
            b.insert(i);
        }
        let mut union = a.clone();
        union.union_with(&b);
        let mut inter = a.clone();
        inter.intersect_with(&b);
        let mut diff = a.clone();
        diff.subtract(&b);
        for i in 0..100 {
            assert_eq!(union.contains(i), i % 3 == 0 || i % 5 == 0);
            assert_eq!(inter.contains(i), i % 15 == 0);
            assert_eq!(diff.contains(i), i % 3 == 0 && i % 5 != 0);
        }
        assert_eq!(a.count(), 34);
    }

    #[test]
    fn out_of_range_indices_are_ignored() {
        let mut set = BitSet::empty(10);
        set.insert(10);
        set.insert(1000);
        assert_eq!(set.count(), 0);
        assert!(!set.contains(1000));
    }
}
