//! A set of byte ranges of a text that answers "does this range overlap
//! one of them?" in logarithmic time, so a pass that checks every mention
//! against what earlier mentions took stays linear in the text.

use std::collections::BTreeMap;
use std::ops::Range;

#[derive(Debug, Default, Clone)]
pub struct SpanSet {
    /// The ranges as inserted: start → end (the longest at one start).
    ranges: BTreeMap<usize, usize>,
    /// Their union, as disjoint ranges: start → end.
    union: BTreeMap<usize, usize>,
}

impl SpanSet {
    pub fn insert(&mut self, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        let end = self.ranges.entry(r.start).or_insert(r.end);
        *end = (*end).max(r.end);
        // merge with every union range it touches
        let (mut start, mut end) = (r.start, r.end);
        let touching: Vec<usize> = self
            .union
            .range(..=end)
            .rev()
            .take_while(|(_, e)| **e >= start)
            .map(|(s, _)| *s)
            .collect();
        for s in touching {
            let e = self.union.remove(&s).expect("present");
            start = start.min(s);
            end = end.max(e);
        }
        self.union.insert(start, end);
    }

    /// Whether `r` shares a byte with any range of the set.
    pub fn overlaps(&self, r: &Range<usize>) -> bool {
        !r.is_empty()
            && self
                .union
                .range(..r.end)
                .next_back()
                .is_some_and(|(_, e)| *e > r.start)
    }

    /// Whether `r` lies wholly within the ranges of the set.
    pub fn covers(&self, r: &Range<usize>) -> bool {
        self.union
            .range(..=r.start)
            .next_back()
            .is_some_and(|(_, e)| *e >= r.end)
    }

    /// The range inserted at `start`, if any.
    pub fn starting_at(&self, start: usize) -> Option<Range<usize>> {
        self.ranges.get(&start).map(|e| start..*e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_and_starts() {
        let mut s = SpanSet::default();
        s.insert(10..20);
        s.insert(30..40);
        s.insert(18..32);
        s.insert(100..101);
        assert!(s.overlaps(&(0..11)));
        assert!(s.overlaps(&(25..26)));
        assert!(!s.overlaps(&(40..100)));
        assert!(!s.overlaps(&(0..10)));
        assert!(s.overlaps(&(100..200)));
        assert!(!s.overlaps(&(15..15)));
        assert_eq!(s.starting_at(18), Some(18..32));
        assert!(s.covers(&(12..35)) && s.covers(&(10..40)));
        assert!(!s.covers(&(5..12)) && !s.covers(&(35..45)));
        assert_eq!(s.starting_at(19), None);
    }
}
