//! Generated inputs for the unit tests: the same seed, the same inputs, on every machine.

/// The next state of the fixed linear congruential generator every generated input comes from.
fn next_state(seed: u64) -> u64 {
    seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407)
}

/// A generator from `seed`: each call gives a number below `n` (taken from the state's high bits, which cycle
/// slowest).
pub(crate) fn below(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        seed = next_state(seed);
        (seed >> 33) % n
    }
}

/// `count` texts of characters drawn from `alphabet` by the generator from `seed`; each text is `min_len`
/// characters long plus a share of the generator's state (its top `64 - length_shift` bits).
pub(crate) fn generated_texts(
    alphabet: &[char],
    mut seed: u64,
    count: usize,
    length_shift: u32,
    min_len: u64,
) -> impl Iterator<Item = String> {
    let alphabet = alphabet.to_vec();
    (0..count).map(move |_| {
        let mut text = String::new();
        for _ in 0..(seed >> length_shift) + min_len {
            seed = next_state(seed);
            text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        text
    })
}
