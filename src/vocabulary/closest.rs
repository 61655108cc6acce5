//! "Did you mean": the names closest to one a user typed (a rule code, a
//! program code, a header name). Every layer that reads such names uses it,
//! so it lives below all of them.

use std::borrow::Cow;

/// Closest candidates to `wanted` by edit distance, for "did you mean" hints.
pub fn closest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|candidate| {
            // Program codes are digits: most candidates need no lower-case copy.
            let lowered = if candidate.bytes().any(|byte| byte.is_ascii_uppercase()) {
                Cow::Owned(candidate.to_ascii_lowercase())
            } else {
                Cow::Borrowed(candidate)
            };
            (edit_distance(&wanted, &lowered), candidate)
        })
        .collect();
    let Some(best) = scored.iter().map(|(distance, _)| *distance).min() else {
        return Vec::new();
    };
    // Only suggest what is plausibly a typo: at most a third of the word changed.
    if best > wanted.chars().count().div_ceil(3).max(1) {
        return Vec::new();
    }
    scored.retain(|(distance, _)| *distance == best);
    scored.sort();
    scored.into_iter().map(|(_, candidate)| candidate).collect()
}

/// Edit distance over characters where swapping two neighbours counts as one
/// edit (optimal string alignment), so `6007` is one edit from `6070`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    // An unknown program code is compared with every code of the rulebook:
    // short ASCII words are compared byte by byte in rows on the stack.
    const SHORT: usize = 32;
    if a.is_ascii() && b.is_ascii() && b.len() < SHORT {
        let mut rows = [[0; SHORT + 1]; 3];
        let [two_back, one_back, current] = &mut rows;
        return alignment_distance(a.as_bytes(), b.as_bytes(), [two_back, one_back, current]);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![0; 3 * (b.len() + 1)];
    let (two_back, rest) = rows.split_at_mut(b.len() + 1);
    let (one_back, current) = rest.split_at_mut(b.len() + 1);
    alignment_distance(&a, &b, [two_back, one_back, current])
}

/// The optimal string alignment distance of `a` and `b`, computed a row of
/// the table at a time: each row needs only the two before it. Each of
/// `rows` is at least `b.len() + 1` long.
fn alignment_distance<T: PartialEq>(a: &[T], b: &[T], rows: [&mut [usize]; 3]) -> usize {
    let [mut two_back, mut one_back, mut current] = rows;
    for (j, cell) in one_back.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = one_back[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(one_back[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            current[j] = best;
        }
        // The rows move up one: the oldest is written over next.
        (two_back, one_back, current) = (one_back, current, two_back);
    }
    one_back[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table at once, as the distance was first written: the
    /// reference the row-by-row computation is compared with.
    fn whole_table_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let width = b.len() + 1;
        let mut table = vec![0usize; (a.len() + 1) * width];
        for i in 0..=a.len() {
            for j in 0..=b.len() {
                table[i * width + j] = if i == 0 || j == 0 {
                    i + j
                } else {
                    let substitution =
                        table[(i - 1) * width + j - 1] + usize::from(a[i - 1] != b[j - 1]);
                    let mut best = substitution
                        .min(table[(i - 1) * width + j] + 1)
                        .min(table[i * width + j - 1] + 1);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        best = best.min(table[(i - 2) * width + j - 2] + 1);
                    }
                    best
                };
            }
        }
        table[a.len() * width + b.len()]
    }

    proptest::proptest! {
        #[test]
        fn rows_give_the_whole_tables_distance(a in "[ab6é]{0,40}", b in "[ab6é]{0,40}") {
            proptest::prop_assert_eq!(edit_distance(&a, &b), whole_table_distance(&a, &b));
        }
    }

    #[test]
    fn closest_suggests_one_edit_away() {
        assert_eq!(closest("FS02", ["FS001", "FS002", "TO001"]), vec!["FS002"]);
        assert_eq!(
            closest("FS003", ["FS001", "FS002", "TO001"]),
            vec!["FS001", "FS002"]
        );
        assert!(closest("zzzzzz", ["FS001"]).is_empty());
        assert_eq!(edit_distance("6007", "6070"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
