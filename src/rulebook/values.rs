//! Values a rulebook entry spells the same way wherever they appear: a
//! program code, and a funding source a program allows or forbids. Read
//! by both the program keys (`programs`) and the definition keys
//! (`definition`), each bad value reported at its line.

use super::edition::AllowedFund;
use super::fields::{Located, Problems};
use crate::model::ProgramCode;

pub fn program_code(spelled: &Located<String>, problems: &mut Problems) -> Option<ProgramCode> {
    let code = ProgramCode::from_digits(spelled.value.trim());
    if code.is_none() {
        problems.at(
            &spelled.span,
            format!("program code {:?} is not four digits", spelled.value),
        );
    }
    code
}

/// `001A` (code 001, index A), `170D` (code 170D), `001 A`.
pub fn allowed_fund(spelled: &Located<String>, problems: &mut Problems) -> Option<AllowedFund> {
    let cleaned: String = spelled
        .value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let digits = cleaned.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        problems.at(
            &spelled.span,
            format!(
                "funding source {:?} does not start with digits",
                spelled.value
            ),
        );
        return None;
    }
    // The manual spells "001A" for code 001 with index A, but 170B/170D are codes.
    let (code, index) = cleaned.split_at(digits);
    Some(match (code, index) {
        ("001", "") => AllowedFund {
            code: code.into(),
            index: None,
        },
        ("001", index) => AllowedFund {
            code: code.into(),
            index: Some(index.into()),
        },
        _ => AllowedFund {
            code: cleaned.into(),
            index: None,
        },
    })
}
