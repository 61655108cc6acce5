//! The cell spellings spreadsheets write, accepted and rejected.
use super::*;
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("test decimal")
}

#[test]
fn amount_spellings() {
    let accepted = [
        ("1234", "1234"),
        ("1234.50", "1234.50"),
        ("1,234", "1234"),
        ("$1,234.00", "1234.00"),
        ("-1234", "-1234"),
        ("(1,234)", "-1234"),
        ("  42  ", "42"),
        ("", "0"),
        ("   ", "0"),
        ("($1,234.56)", "-1234.56"),
        ("-$5", "-5"),
        ("$-5", "-5"),
        ("$ 12", "12"),
        ("1,234,567.89", "1234567.89"),
        ("0.07", "0.07"),
        (".5", "0.5"),
        ("0", "0"),
        ("007", "7"),
        // Excel's accounting format and other spellings it writes.
        ("$ -", "0"),
        (" $ -   ", "0"),
        ("-", "0"),
        ("$ (1,234.00)", "-1234.00"),
        ("$(1,234.00)", "-1234.00"),
        ("($1,234.00)", "-1234.00"),
        ("+1234", "1234"),
        ("1234.", "1234"),
        ("\u{a0}100\u{a0}", "100"),
        ("\u{2009}1,234\u{202f}", "1234"),
        ("$\u{a0}12", "12"),
    ];
    for (cell, expected) in accepted {
        assert_eq!(
            parse_amount(cell.as_bytes()),
            Some(dec(expected)),
            "cell {cell:?}"
        );
    }
    let rejected = [
        "#REF!",
        "12a",
        "1.2.3",
        "--5",
        "$",
        "()",
        "( - )",
        "1,23",
        "12,34,567",
        ",123",
        "1,2345",
        "(-5)",
        ".",
        "N/A",
        "1 234",
        "1e5",
        "+",
        "$$5",
        "(5",
        "5)",
        "123456789012345678901234567890",
        "+-5",
        "1\u{a0}234",
    ];
    for cell in rejected {
        assert_eq!(
            parse_amount(cell.as_bytes()),
            None,
            "cell {cell:?} must be rejected"
        );
    }
    assert_eq!(
        read_amount(b"99999999999999999999999999999999"),
        Err(NotAnAmount::TooLarge)
    );
    assert_eq!(read_amount(b"12a"), Err(NotAnAmount::Unreadable));
}

#[test]
fn program_codes_and_indexes() {
    let code = |cell| parse_program_code(cell).map(|n| (n.value.to_string(), n.restored));
    assert_eq!(code("0890"), Some(("0890".into(), false)));
    assert_eq!(code("890"), Some(("0890".into(), true)));
    assert_eq!(code("40"), Some(("0040".into(), true)));
    assert_eq!(code(" 6070 "), Some(("6070".into(), false)));
    assert_eq!(code("60700"), None);
    assert_eq!(code("6O70"), None);
    assert_eq!(code(""), None);

    let index = |cell| parse_program_index(cell).map(|n| (n.value.to_string(), n.restored));
    assert_eq!(index(""), Some(("".into(), false)));
    assert_eq!(index("01"), Some(("01".into(), false)));
    assert_eq!(index("1"), Some(("01".into(), true)));
    assert_eq!(index("a0"), Some(("A0".into(), false)));
    assert_eq!(index("B1"), None);
    assert_eq!(index("001"), None);
}

#[test]
fn fund_sources() {
    let lettered: Vec<CompactString> = vec!["170B".into(), "170D".into()];
    let fund = |code, index| {
        parse_fund_source(code, index, &lettered).map(|n| {
            (
                n.value.code.to_string(),
                n.value.index.map(|i| i.to_string()),
                n.restored,
            )
        })
    };
    assert_eq!(
        fund("001A", ""),
        Some(("001".into(), Some("A".into()), false))
    );
    assert_eq!(
        fund("001 A", ""),
        Some(("001".into(), Some("A".into()), false))
    );
    assert_eq!(
        fund("001-a", ""),
        Some(("001".into(), Some("A".into()), false))
    );
    assert_eq!(
        fund("001", "A"),
        Some(("001".into(), Some("A".into()), false))
    );
    assert_eq!(fund("1", "a"), Some(("001".into(), Some("A".into()), true)));
    assert_eq!(fund("90", ""), Some(("090".into(), None, true)));
    assert_eq!(fund("170b", ""), Some(("170B".into(), None, false)));
    assert_eq!(fund("170D", ""), Some(("170D".into(), None, false)));
    assert_eq!(fund("", ""), None);
    assert_eq!(fund("XYZ", ""), Some(("XYZ".into(), None, false)));
}

#[test]
fn dates() {
    let date = |cell| parse_date(cell).map(|d| d.to_string());
    assert_eq!(date("2009-01-01"), Some("2009-01-01".into()));
    assert_eq!(date("1/1/2009"), Some("2009-01-01".into()));
    assert_eq!(date("06/30/2010"), Some("2010-06-30".into()));
    assert_eq!(date("1/1/2009 0:00"), Some("2009-01-01".into()));
    assert_eq!(date("2009-01-01 00:00:00"), Some("2009-01-01".into()));
    assert_eq!(date("12/31/2009 12:00 AM"), Some("2009-12-31".into()));
    assert_eq!(date("2009-01-01T00:00:00"), Some("2009-01-01".into()));
    assert_eq!(date("1/1/2009 noon"), None);
    assert_eq!(date("2009-13-01"), None);
    assert_eq!(date("2009-02-29"), None);
    assert_eq!(date("2008-02-29"), Some("2008-02-29".into()));
    assert_eq!(date("09-01-01"), None);
    assert_eq!(date("January 1, 2009"), None);
    assert_eq!(date(""), None);
}

/// The fast reading of `text` gives exactly what the full reader gives,
/// value and scale.
fn reads_as_every_amount_does(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let fast = read_amount(text.as_bytes());
    let full = read_any_amount(text.as_bytes());
    proptest::prop_assert_eq!(fast, full);
    if let (Ok(fast), Ok(full)) = (fast, full) {
        proptest::prop_assert_eq!(fast.to_string(), full.to_string());
    }
    Ok(())
}

proptest::proptest! {
    /// The fast reading of `YYYY-MM-DD` dates gives what the full reading
    /// gives, and leaves everything else to it.
    #[test]
    fn plain_dates_read_as_every_date_does(
        text in r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9 /T:-]{8,12}|[0-9]{4}-[0-3][0-9]-[0-3][0-9]"
    ) {
        proptest::prop_assert_eq!(parse_date(&text), parse_any_date(&text));
    }

    /// The fast reading of plain amounts gives exactly what the full reader
    /// gives, value and scale, and leaves everything else to it.
    #[test]
    fn plain_amounts_read_as_every_amount_does(text in "[-+$ ,.0-9]{0,22}") {
        reads_as_every_amount_does(&text)?;
    }

    /// The same for spellings near Excel's currency format, which random
    /// bytes seldom hit: `$`, signs and thousands separators grouped well,
    /// badly, or mixed with points; and for runs of digits longer than the
    /// eight the fast reading takes at once, up to past its eighteen.
    #[test]
    fn currency_amounts_read_as_every_amount_does(
        text in r"[-+]?\$?[-+]?[0-9]{0,4}(,[0-9]{2,4}){0,4}(\.[0-9,]{0,3})?|-?[0-9]{0,21}(\.[0-9]{0,21})?[.x]?"
    ) {
        reads_as_every_amount_does(&text)?;
    }
}

#[test]
fn currency_amounts_take_the_fast_path() {
    assert_eq!(plain_amount_parts(b"$145,544.92"), Some((14_554_492, 2)));
    assert_eq!(plain_amount_parts(b"-$1,234"), Some((-1234, 0)));
    assert_eq!(plain_amount_parts(b"1,234,567.5"), Some((12_345_675, 1)));
    assert_eq!(plain_amount_parts(b"$0.00"), Some((0, 2)));
    // Left to the full reader: badly grouped, spaced, or signed after the `$`.
    for text in [
        "1,23", "1234,567", ",123", "1,,234", "$ 12", "$-5", "$", "-", "1.2,3",
    ] {
        assert_eq!(plain_amount_parts(text.as_bytes()), None, "{text}");
    }
}
