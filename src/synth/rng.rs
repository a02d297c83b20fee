//! The generator's randomness: ChaCha8 streams (rand_chacha), one per
//! statement and one per fact of the invented world, so what a statement
//! says depends on the seed and its number only, never on the order or the
//! thread that made it. Only `next_u64` of the generator is used, and the
//! reductions below are ours, so the output stays the same for a seed
//! whatever `rand`'s distributions do in later versions.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream of statement `index` under `seed`.
    pub fn for_statement(seed: u64, index: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(index);
        Rng(rng)
    }

    /// A stream for one fact of the world (who held a post in a year, when a
    /// dialogue first met), keyed by what the fact is about.
    pub fn for_fact(seed: u64, about: &[u64]) -> Self {
        let mut h = seed ^ 0x9e37_79b9_7f4a_7c15;
        for &x in about {
            h = splitmix(h ^ x);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(h);
        // apart from the statements' streams
        rng.set_stream(u64::MAX);
        Rng(rng)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        // Lemire's multiply-shift: unbiased enough for n far below 2^64
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// True with probability `percent` in a hundred.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index chosen in proportion to `weights`.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct indices below `n`, in the order drawn.
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut pool: Vec<usize> = (0..n).collect();
        let mut out = Vec::with_capacity(k.min(n));
        for _ in 0..k.min(n) {
            let i = self.below(pool.len());
            out.push(pool.swap_remove(i));
        }
        out
    }
}

/// SplitMix64's finaliser: spreads the bits of a key.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_and_index_only() {
        let a: Vec<usize> = (0..8)
            .map({
                let mut r = Rng::for_statement(7, 3);
                move |_| r.below(1000)
            })
            .collect();
        let b: Vec<usize> = (0..8)
            .map({
                let mut r = Rng::for_statement(7, 3);
                move |_| r.below(1000)
            })
            .collect();
        let c: Vec<usize> = (0..8)
            .map({
                let mut r = Rng::for_statement(7, 4);
                move |_| r.below(1000)
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
