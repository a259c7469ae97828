//! The kind of each imported question, decided from its answers, and each answer's `value`.
//!
//! The importer sees only the answers' text, so every rule here is conservative: an answer is a
//! number or a list only when nothing else is a likely reading of it, and a question takes the
//! kind only when *every* one of its answers fits. Anything in doubt stays a `choice`, which is
//! what an import was before questions had kinds. The answer's wording is never changed: it
//! stays the claim's `text`, and only the `value` is read from it.
//!
//! # Numbers (`quantity`)
//!
//! An answer is a number when, blanks around it aside, it is
//! - an optional sign (`-` or `+`), then digits, optionally grouped in thousands by `,`, a
//!   space, a no-break space or a thin space (one separator throughout, a first group of 1–3
//!   digits, then groups of exactly 3), then optionally `.` and digits: `1200`, `1,200`,
//!   `12 345`, `-3.5`, `1,200.75`;
//! - optionally followed by one unit: `%`, or one word of two or more letters (`people`, `km`).
//!
//! Refused, so that the answer stays a choice: `1,5` and `1.200.000` (a decimal comma or
//! grouping by points: `.` is only ever the decimal point), `007` (a leading zero: a code, not a
//! quantity), `.5` and `5.`, `1e6`, more than 15 significant digits (a value must be exact),
//! scale words (`1.2 million`, `5k`: reading them would rewrite the figure), one-letter units
//! (`5 m`: metres or millions?), ordinals and decades (`3rd`, `1990s`), eras and times of day
//! (`300 BC`, `10pm`), and anything with words before the number (`about 300`, `> 300`). Dates and
//! times (`2025-07-14`, `10:30`) are not numbers either; years written alone (`1998`) are.
//!
//! A question is `quantity` when every answer is a number and they give at most one unit
//! between them (bare numbers may stand beside it): `5 km` and `3 miles` stay choices. The unit
//! is written as the question's `unit`.
//!
//! # Lists (`set`)
//!
//! A question is `set` when its answers are lists: when some answer holds `;` (or else `|`) and
//! no answer holds the other of the two, each answer is split on it, its parts trimmed and empty
//! parts dropped; an answer without the separator is a list of one part (a partial list). A comma
//! separates parts only when *every* answer of the question holds one, the question has at least
//! two different answers, and no part is digits alone (`1,5` is a decimal, not two parts), since
//! a comma is as often part of one name (`Washington, D.C.`, `Smith, John`). Lists joined by
//! `and` are not split.
//!
//! # Forced kinds
//!
//! `--kind quantity` requires every answer to be a number under the same rules, with one unit per
//! question; the first answer that is not is an error. `--kind set` splits on `;` and `|`, or,
//! in a question where neither appears, on `,`; an answer with no part is an error. `--kind
//! choice` writes no values.

use crate::model::answers::part_key;
use crate::model::QuestionKind;

/// The kind `corroborate import --kind` gives the questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportKind {
    /// Decided per question from its answers (see the module's rules).
    #[default]
    Auto,
    /// Every question a choice: no values.
    Choice,
    /// Every question a set: every answer a list of parts.
    Set,
    /// Every question a quantity: every answer must be a number.
    Quantity,
}

impl ImportKind {
    /// Every kind, in the order `--help` lists them.
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Auto,
        ImportKind::Choice,
        ImportKind::Set,
        ImportKind::Quantity,
    ];

    /// The word on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Auto => "auto",
            ImportKind::Choice => "choice",
            ImportKind::Set => "set",
            ImportKind::Quantity => "quantity",
        }
    }

    /// The kind written `word`, if any.
    pub fn parse(word: &str) -> Option<ImportKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// A number read from an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Its value.
    pub value: f64,
    /// The number as a TOML literal: the digits as written, without grouping or a `+`.
    pub literal: String,
    /// The unit written after it, if any.
    pub unit: Option<String>,
}

/// The most significant digits a number may have: beyond 15, not every one is exact in an
/// `f64`, and the value written would not be the one the answer gives.
const MAX_DIGITS: usize = 15;

/// Words after a number that scale it or make it something else than a count in a unit:
/// reading `1.2 million` as 1.2 would rewrite the figure, `1990s` is a decade, `300 BC` a year
/// before 1. Compared in lower case.
const NOT_UNITS: &[&str] = &[
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "trillions",
    "mn",
    "mln",
    "bn",
    "mio",
    "mrd",
    "lakh",
    "lakhs",
    "crore",
    "crores",
    "dozen",
    "dozens",
    "st",
    "nd",
    "rd",
    "th",
    "bc",
    "bce",
    "ad",
    "ce",
    "am",
    "pm",
];

/// Separators of thousands accepted in a number: comma, space, no-break space, narrow no-break
/// space, thin space.
const GROUPING: &[char] = &[',', ' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// Reads `text` as a number, or says why it is not one (see the module's rules).
pub fn read_number(text: &str) -> Result<Figure, &'static str> {
    let text = text.trim();
    let end = text
        .rfind(|c: char| c.is_ascii_digit())
        .ok_or("it has no digits")?
        + 1;
    let (number, unit) = text.split_at(end);
    let unit = unit.trim();
    let unit = if unit.is_empty() {
        None
    } else if unit == "%" {
        Some(unit)
    } else if unit.chars().count() >= 2 && unit.chars().all(char::is_alphabetic) {
        if NOT_UNITS.contains(&unit.to_lowercase().as_str()) {
            return Err("the word after it scales the number or makes it something else");
        }
        Some(unit)
    } else if unit.chars().all(char::is_alphabetic) {
        return Err("a one-letter unit is ambiguous");
    } else {
        return Err("what follows the number is not a unit");
    };
    let figure_like = |c: char| c.is_ascii_digit() || "+-.".contains(c) || GROUPING.contains(&c);
    if !number.chars().all(figure_like) {
        return Err("it holds more than a number");
    }
    let (negative, body) = match number.as_bytes().first() {
        Some(b'-') => (true, &number[1..]),
        Some(b'+') => (false, &number[1..]),
        _ => (false, number),
    };
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err("the digits after the decimal point are not plain digits");
        }
    }
    let digits = ungroup(whole).ok_or("its digits are not grouped in thousands")?;
    if digits.len() > 1 && digits.starts_with('0') {
        return Err("a leading zero makes it a code");
    }
    let significant = digits.trim_start_matches('0').len() + fraction.map_or(0, str::len);
    if significant > MAX_DIGITS {
        return Err("it has more significant digits than a value holds exactly");
    }
    let mut literal = String::with_capacity(digits.len() + 2);
    if negative {
        literal.push('-');
    }
    literal.push_str(&digits);
    if let Some(fraction) = fraction {
        literal.push('.');
        literal.push_str(fraction);
    }
    let value: f64 = literal.parse().map_err(|_| "it does not parse")?;
    // One value for zero whatever its sign, so that `-0` and `0` are one answer.
    let value = if value == 0.0 { 0.0 } else { value };
    Ok(Figure {
        value,
        literal,
        unit: unit.map(str::to_owned),
    })
}

/// The digits of `whole` without its grouping, if it is digits grouped in thousands (or not
/// grouped at all); `None` otherwise, and for an empty `whole`.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) {
        return Some(whole.to_owned());
    }
    let separator = whole.chars().find(|c| GROUPING.contains(c))?;
    let mut groups = whole.split(separator);
    let first = groups.next()?;
    let mut digits = String::with_capacity(whole.len());
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.push_str(first);
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// Where an answer's parts are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// On `;`.
    Semicolon,
    /// On `|`.
    Bar,
    /// On `;` and on `|` (only when a set is forced).
    Both,
    /// On `,`.
    Comma,
}

impl Separator {
    fn splits(self, c: char) -> bool {
        match self {
            Separator::Semicolon => c == ';',
            Separator::Bar => c == '|',
            Separator::Both => c == ';' || c == '|',
            Separator::Comma => c == ',',
        }
    }
}

/// The parts of `answer` split on `separator`, trimmed, empty ones dropped, and one of each
/// (by [`part_key`]: spacing and case aside), in the order written.
pub fn parts(answer: &str, separator: Separator) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for part in answer.split(|c| separator.splits(c)) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let key = part_key(part);
        if !keys.contains(&key) {
            keys.push(key);
            out.push(part.to_owned());
        }
    }
    out
}

/// The separator that makes the answers of one question lists, under the rules of `auto`.
fn list_separator(answers: &[&str]) -> Option<Separator> {
    let semicolon = answers.iter().any(|a| a.contains(';'));
    let bar = answers.iter().any(|a| a.contains('|'));
    let separator = match (semicolon, bar) {
        (true, true) => return None,
        (true, false) => Separator::Semicolon,
        (false, true) => Separator::Bar,
        (false, false) => {
            let listed = |a: &&str| {
                let parts: Vec<&str> = a.split(',').map(str::trim).collect();
                parts.len() >= 2
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && !p.bytes().all(|b| b.is_ascii_digit()))
            };
            if answers.len() < 2 || !answers.iter().all(listed) {
                return None;
            }
            Separator::Comma
        }
    };
    let split: Vec<Vec<String>> = answers.iter().map(|a| parts(a, separator)).collect();
    let whole = split.iter().all(|p| !p.is_empty());
    let some_list = split.iter().any(|p| p.len() >= 2);
    (whole && some_list).then_some(separator)
}

/// What one answer is worth in its question, once the question's kind is decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A choice: no value.
    Choice,
    /// A number.
    Quantity(Figure),
    /// A list of parts.
    Set(Vec<String>),
}

/// The kind of one question and the value of each of its answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The question's kind.
    pub kind: QuestionKind,
    /// Its unit (a quantity whose numbers carry one).
    pub unit: Option<String>,
    /// Each answer's value, in the order given.
    pub answers: Vec<Answer>,
}

/// Why a forced kind does not fit an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The answer's position among those given.
    pub answer: usize,
    /// What is wrong with it.
    pub why: String,
}

/// Decides the kind of a question with `answers` (distinct, in order of first appearance)
/// under `kind`; a forced kind that some answer does not fit is a [`Misfit`] naming the first.
pub fn decide(answers: &[&str], kind: ImportKind) -> Result<Decision, Misfit> {
    let choice = || Decision {
        kind: QuestionKind::Choice,
        unit: None,
        answers: vec![Answer::Choice; answers.len()],
    };
    match kind {
        ImportKind::Choice => Ok(choice()),
        ImportKind::Quantity => quantity(answers),
        ImportKind::Set => {
            let separator = if answers.iter().any(|a| a.contains([';', '|'])) {
                Separator::Both
            } else {
                Separator::Comma
            };
            set(answers, separator)
        }
        ImportKind::Auto => {
            if let Ok(decision) = quantity(answers) {
                return Ok(decision);
            }
            if let Some(separator) = list_separator(answers) {
                if let Ok(decision) = set(answers, separator) {
                    return Ok(decision);
                }
            }
            Ok(choice())
        }
    }
}

/// Every answer a number, with one unit between them.
fn quantity(answers: &[&str]) -> Result<Decision, Misfit> {
    let mut unit: Option<(String, usize)> = None;
    let mut values = Vec::with_capacity(answers.len());
    for (i, answer) in answers.iter().enumerate() {
        let figure = read_number(answer).map_err(|why| Misfit {
            answer: i,
            why: format!("is not a number: {why}"),
        })?;
        if let Some(this) = &figure.unit {
            match &unit {
                None => unit = Some((this.clone(), i)),
                Some((first, _)) if first == this => {}
                Some((first, _)) => {
                    return Err(Misfit {
                        answer: i,
                        why: format!(
                            "is in {this:?}, and an earlier answer to the question in {first:?}"
                        ),
                    })
                }
            }
        }
        values.push(Answer::Quantity(figure));
    }
    Ok(Decision {
        kind: QuestionKind::Quantity,
        unit: unit.map(|(u, _)| u),
        answers: values,
    })
}

/// Every answer a list of at least one part.
fn set(answers: &[&str], separator: Separator) -> Result<Decision, Misfit> {
    let mut values = Vec::with_capacity(answers.len());
    for (i, answer) in answers.iter().enumerate() {
        let parts = parts(answer, separator);
        if parts.is_empty() {
            return Err(Misfit {
                answer: i,
                why: "lists no part".to_owned(),
            });
        }
        values.push(Answer::Set(parts));
    }
    Ok(Decision {
        kind: QuestionKind::Set,
        unit: None,
        answers: values,
    })
}

/// What makes two answers one claim: the same number, or the same parts (in any order, spacing
/// and case aside); `None` for a choice, whose answers are one only when written the same.
pub fn same_answer_key(answer: &Answer) -> Option<String> {
    match answer {
        Answer::Choice => None,
        // The bits of the value: `1,200`, `1200` and `1200.0` are one.
        Answer::Quantity(figure) => Some(format!("{:016x}", figure.value.to_bits())),
        Answer::Set(parts) => {
            let mut keys: Vec<String> = parts.iter().map(|p| part_key(p)).collect();
            keys.sort_unstable();
            keys.dedup();
            Some(keys.join("\u{0}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::plain("1200", "1200", None)]
    #[case::grouped_by_commas("1,200", "1200", None)]
    #[case::grouped_by_spaces("12 345 678", "12345678", None)]
    #[case::grouped_by_no_break_spaces("12\u{a0}345", "12345", None)]
    #[case::decimal("-3.5", "-3.5", None)]
    #[case::grouped_decimal("1,200.75", "1200.75", None)]
    #[case::plus_sign("+7", "7", None)]
    #[case::zero("0", "0", None)]
    #[case::fraction_of_one("0.25", "0.25", None)]
    #[case::blanks_around("  42 ", "42", None)]
    #[case::unit_word("12,345 people", "12345", Some("people"))]
    #[case::unit_glued("5km", "5", Some("km"))]
    #[case::percent("+1.23%", "1.23", Some("%"))]
    #[case::year("1998", "1998", None)]
    #[case::fifteen_digits("123456789012345", "123456789012345", None)]
    fn numbers_are_read(#[case] text: &str, #[case] literal: &str, #[case] unit: Option<&str>) {
        let figure = read_number(text).expect("a number");
        assert_eq!(figure.literal, literal);
        assert_eq!(figure.unit.as_deref(), unit);
        assert_eq!(figure.value, literal.parse::<f64>().unwrap());
    }

    #[rstest]
    #[case::words("unknown")]
    #[case::decimal_comma("1,5")]
    #[case::grouped_by_points("1.200.000")]
    #[case::bad_group("12,34")]
    #[case::mixed_groups("1,234 567")]
    #[case::leading_zero("007")]
    #[case::bare_point(".5")]
    #[case::trailing_point("5.")]
    #[case::exponent("1e6")]
    #[case::scale_word("1.2 million")]
    #[case::scale_letter("5k")]
    #[case::one_letter_unit("5 m")]
    #[case::ordinal("3rd")]
    #[case::decade("1990s")]
    #[case::era("300 BC")]
    #[case::time_of_day("10pm")]
    #[case::words_before("about 300")]
    #[case::comparison("> 300")]
    #[case::range("100-200")]
    #[case::date("2025-07-14")]
    #[case::time("10:30")]
    #[case::two_words_after("5 square km")]
    #[case::sixteen_digits("1234567890123456")]
    #[case::empty("")]
    fn non_numbers_are_refused(#[case] text: &str) {
        assert!(read_number(text).is_err(), "{text:?} read as a number");
    }

    fn kind_of(answers: &[&str]) -> QuestionKind {
        decide(answers, ImportKind::Auto)
            .expect("auto never fails")
            .kind
    }

    #[rstest]
    #[case::numbers(&["1200", "1,250", "1 300"], QuestionKind::Quantity)]
    #[case::one_number(&["4"], QuestionKind::Quantity)]
    #[case::numbers_with_one_unit(&["5 km", "7"], QuestionKind::Quantity)]
    #[case::two_units(&["5 km", "3 miles"], QuestionKind::Choice)]
    #[case::a_word_among_numbers(&["1200", "unknown"], QuestionKind::Choice)]
    #[case::dates(&["2025-07-14", "2025-07-15"], QuestionKind::Choice)]
    #[case::semicolon_lists(&["Smith; Jones", "Smith"], QuestionKind::Set)]
    #[case::bar_lists(&["Smith | Jones", "Brown"], QuestionKind::Set)]
    #[case::both_separators(&["Smith; Jones", "Smith | Brown"], QuestionKind::Choice)]
    #[case::comma_lists(&["Smith, Jones", "Smith, Brown, Lee"], QuestionKind::Set)]
    #[case::comma_in_one_answer_only(&["Washington, D.C.", "Boston"], QuestionKind::Choice)]
    #[case::comma_in_a_lone_answer(&["Smith, John"], QuestionKind::Choice)]
    #[case::decimal_commas(&["1,5", "2,5"], QuestionKind::Choice)]
    #[case::a_separator_alone(&[";", "a"], QuestionKind::Choice)]
    #[case::no_list_at_all(&["a;", "b"], QuestionKind::Choice)]
    #[case::prose(&["The FLA alone", "The FLA and JNIM"], QuestionKind::Choice)]
    fn auto_decides_per_question(#[case] answers: &[&str], #[case] kind: QuestionKind) {
        assert_eq!(kind_of(answers), kind, "{answers:?}");
    }

    #[test]
    fn set_parts_are_trimmed_and_unique() {
        let decision = decide(&["Smith ; jones;Jones;; ", "Brown"], ImportKind::Auto).unwrap();
        assert_eq!(
            decision.answers,
            [
                Answer::Set(vec!["Smith".into(), "jones".into()]),
                Answer::Set(vec!["Brown".into()])
            ]
        );
    }

    #[test]
    fn the_unit_is_the_questions() {
        let decision = decide(&["7", "12,345 people"], ImportKind::Auto).unwrap();
        assert_eq!(decision.unit.as_deref(), Some("people"));
    }

    #[rstest]
    #[case::a_word(&["12", "about 300"], 1, "is not a number")]
    #[case::two_units(&["5 km", "4", "3 miles"], 2, "is in \"miles\"")]
    fn a_forced_quantity_names_the_first_misfit(
        #[case] answers: &[&str],
        #[case] index: usize,
        #[case] why: &str,
    ) {
        let misfit = decide(answers, ImportKind::Quantity).unwrap_err();
        assert_eq!(misfit.answer, index);
        assert!(misfit.why.contains(why), "{}", misfit.why);
    }

    #[test]
    fn a_forced_set_splits_on_commas_only_without_other_separators() {
        let commas = decide(&["Washington, D.C."], ImportKind::Set).unwrap();
        assert_eq!(
            commas.answers,
            [Answer::Set(vec!["Washington".into(), "D.C.".into()])]
        );
        let semicolons = decide(&["Smith, J.; Jones, K.", "Lee"], ImportKind::Set).unwrap();
        assert_eq!(
            semicolons.answers[0],
            Answer::Set(vec!["Smith, J.".into(), "Jones, K.".into()])
        );
        assert_eq!(
            decide(&["a", " ; "], ImportKind::Set).unwrap_err().answer,
            1
        );
    }

    #[test]
    fn a_forced_choice_has_no_values() {
        let decision = decide(&["1200", "a; b"], ImportKind::Choice).unwrap();
        assert_eq!(decision.kind, QuestionKind::Choice);
        assert_eq!(decision.answers, [Answer::Choice, Answer::Choice]);
    }

    #[rstest]
    #[case::grouping(&["1,200", "1200", "1200.0"], true)]
    #[case::signed_zero(&["-0", "0"], true)]
    #[case::different_numbers(&["1200", "1201"], false)]
    #[case::lists_in_any_order(&["Smith; Jones", "jones ;  SMITH"], true)]
    #[case::different_lists(&["Smith; Jones", "Smith"], false)]
    fn answers_written_differently_are_one(#[case] answers: &[&str], #[case] same: bool) {
        let decision = decide(answers, ImportKind::Auto).unwrap();
        let keys: Vec<Option<String>> = decision.answers.iter().map(same_answer_key).collect();
        assert!(keys.iter().all(Option::is_some));
        assert_eq!(keys.iter().all(|k| *k == keys[0]), same, "{keys:?}");
    }
}
