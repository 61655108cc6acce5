//! How a program's name is compared with what a filing writes: Appendix
//! F's own short forms of a name (without a parenthetical, with an
//! abbreviation in place of its words) and a key that ignores case,
//! punctuation, spaces and apostrophes. Each program's keys are made once
//! per run (`Program::name_keys`), not once per filing.

/// The [`name_key`] of every short form of a program's name and aliases.
pub(super) fn known_keys(name: &str, aliases: &[String]) -> Vec<String> {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .flat_map(short_forms)
        .map(|known| name_key(&known))
        .collect()
}

/// A name and the shorter spellings it stands for: without its trailing
/// `(...)`, without any `(...)`, and with each abbreviation in place of the
/// words it abbreviates: `Local Governmental Unit (LGU) Administration` is
/// also `LGU Administration`, and `Assertive Community Treatment (ACT)
/// Program Service Dollars` is `ACT Program Service Dollars`.
pub fn short_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_string(), without_parentheticals(name)];
    if let Some(short) = without_parenthetical(name) {
        forms.push(short.to_string());
    }
    let abbreviated = with_abbreviations(name);
    if abbreviated != name {
        forms.push(without_parentheticals(&abbreviated));
        forms.push(abbreviated);
    }
    forms
}

/// Replaces `Words Of Phrase (WOP)` by `WOP` wherever the initials of the
/// words before a parenthetical spell it.
fn with_abbreviations(name: &str) -> String {
    let mut result = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|at| open + at) else {
            break;
        };
        let abbreviation = rest[open + 1..close].trim();
        let before = rest[..open].trim_end();
        let letters: Vec<char> = abbreviation
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect();
        let words: Vec<(usize, &str)> = before
            .split_whitespace()
            .map(|word| (word.as_ptr() as usize - before.as_ptr() as usize, word))
            .collect();
        let spelled = !letters.is_empty()
            && letters.len() == abbreviation.chars().filter(|c| !c.is_whitespace()).count()
            && words.len() >= letters.len()
            && words[words.len() - letters.len()..]
                .iter()
                .zip(&letters)
                .all(|((_, word), letter)| {
                    word.chars()
                        .next()
                        .is_some_and(|first| first.eq_ignore_ascii_case(letter))
                });
        if spelled {
            let start = words[words.len() - letters.len()].0;
            result.push_str(&before[..start]);
            result.push_str(abbreviation);
        } else {
            result.push_str(&rest[..=close]);
        }
        rest = &rest[close + 1..];
    }
    result.push_str(rest);
    result
}

/// The name with every `(...)` group removed: `Assertive Community
/// Treatment (ACT) Program` is also written without its abbreviation.
fn without_parentheticals(name: &str) -> String {
    let mut kept = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}

/// Lower-case, `&` read as `and`, letters and digits only, words separated
/// by one space: `Day Treatment (Children & Adolescents)` is
/// `day treatment children and adolescents`. Apostrophes vanish
/// (`Children's` is `childrens`).
pub fn normalise_name(name: &str) -> String {
    let mut words = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '&' {
            words.push_str(" and ");
        } else if c.is_alphanumeric() {
            words.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`') {
            words.push(' ');
        }
    }
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What two names are compared by: [`normalise_name`] without its spaces,
/// so that `Co-located`, `Colocated` and `Co located` are one spelling.
/// Built in one pass: every character that is not a letter, a digit or `&`
/// would become a space or vanish, and the spaces go.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '&' {
            key.push_str("and");
        } else if c.is_ascii() {
            // Nearly every character written: the Unicode tables below were
            // most of the cost, and give ASCII what these give.
            if c.is_ascii_alphanumeric() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// The name without a trailing `(...)`, when it has one.
fn without_parenthetical(name: &str) -> Option<&str> {
    let trimmed = name.trim_end();
    if !trimmed.ends_with(')') {
        return None;
    }
    let open = trimmed.rfind('(')?;
    let short = trimmed[..open].trim_end();
    (!short.is_empty()).then_some(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key as first written, through the Unicode tables for every
    /// character: the reference the ASCII shortcut is compared with.
    fn key_by_unicode_tables(name: &str) -> String {
        let mut key = String::new();
        for c in name.chars() {
            if c == '&' {
                key.push_str("and");
            } else if c.is_alphanumeric() {
                key.extend(c.to_lowercase());
            }
        }
        key
    }

    proptest::proptest! {
        /// The ASCII shortcut keys a name as the Unicode tables do.
        #[test]
        fn names_key_as_by_the_unicode_tables(name in r"[ -~éÉßİ&]{0,40}") {
            proptest::prop_assert_eq!(name_key(&name), key_by_unicode_tables(&name));
        }
    }
}
