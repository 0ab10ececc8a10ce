//! Test-only: random mutations of a valid input (bytes flipped, inserted, deleted, repeated,
//! truncated, spliced from a dictionary of awkward pieces), for the robustness tests that feed
//! every parser of untrusted input thousands of near-valid inputs and require a clean error or a
//! value, never a panic. A cheap, dependency-free cousin of fuzzing; seeds are fixed, so a
//! failure reproduces.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Pieces that break parsers: huge and negative numbers, quotes, NULs, nesting, non-UTF-8.
const AWKWARD: &[&[u8]] = &[
    b"9300000000000000",
    b"1e308",
    b"-1",
    b"\"",
    b"\\",
    b"\0",
    b"[[[[[[[[",
    b"{\"a\":",
    b"null",
    b"\xff\xfe",
    b".",
    b"==",
    b"\n[x]\n",
    b"18446744073709551616",
];

/// `count` mutations of `seed`, reproducible from `rng_seed`.
pub(crate) fn mutations(seed: &[u8], count: usize, rng_seed: u64) -> Vec<Vec<u8>> {
    let mut rng = StdRng::seed_from_u64(rng_seed);
    (0..count)
        .map(|_| {
            let mut input = seed.to_vec();
            for _ in 0..rng.random_range(1..=4) {
                mutate(&mut input, &mut rng);
            }
            input
        })
        .collect()
}

fn mutate(input: &mut Vec<u8>, rng: &mut StdRng) {
    let at = if input.is_empty() {
        0
    } else {
        rng.random_range(0..input.len())
    };
    match rng.random_range(0..6) {
        0 if !input.is_empty() => input[at] ^= 1 << rng.random_range(0..8),
        1 => input.insert(at, rng.random()),
        2 if !input.is_empty() => {
            input.remove(at);
        }
        3 => {
            let end = (at + rng.random_range(1..16)).min(input.len());
            let piece = input[at..end].to_vec();
            input.splice(at..at, piece);
        }
        4 => input.truncate(at),
        _ => {
            let piece = AWKWARD[rng.random_range(0..AWKWARD.len())];
            input.splice(at..at, piece.iter().copied());
        }
    }
}

/// The mutations as text (lossy: invalid UTF-8 becomes U+FFFD, still a hostile input).
pub(crate) fn text_mutations(seed: &str, count: usize, rng_seed: u64) -> Vec<String> {
    mutations(seed.as_bytes(), count, rng_seed)
        .into_iter()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}
