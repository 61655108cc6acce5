//! "Did you mean": the names closest to one a user typed (a rule code, a
//! program code, a header name). Every layer that reads such names uses it,
//! so it lives below all of them.

/// Closest candidates to `wanted` by edit distance, for "did you mean" hints.
pub fn closest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&wanted, &candidate.to_ascii_lowercase()),
                candidate,
            )
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

#[cfg(test)]
mod tests {
    use super::*;

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
