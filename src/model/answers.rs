//! How two answers to one question relate, from their values alone.
//!
//! One rule serves every kind of question: an answer denotes a set of possible truths.
//! Inclusion is implication ("four vehicles" implies "at least one"), disjointness is exclusion
//! ("four" excludes "two"), and overlap ("200–300" against "100–250") is neither. A set answer
//! lists parts and says they are among the truth, so a longer list implies a shorter one and a
//! list that leaves out a part is only weak evidence against it.
//!
//! Explicit `implies` between claims is not looked at here: the scorer's question table adds it
//! on top, since it can join claims of different questions.

use super::{QuestionKind, Tolerance, Value};

/// How an answer `other` stands to an answer `this`, as seen from `this`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The same answer (equal values, or values within the question's tolerance).
    Same,
    /// `other` implies `this`: every truth `other` allows, `this` allows.
    Implies,
    /// `this` implies `other`: `other` is the weaker answer.
    ImpliedBy,
    /// No truth allows both.
    Excludes,
    /// Some truths allow both, and neither implies the other.
    Overlaps,
    /// Set answers: `other` leaves out some of the parts `this` lists.
    Omits,
}

impl Relation {
    /// The same relation seen from the other answer.
    pub fn reversed(self) -> Relation {
        match self {
            Relation::Implies => Relation::ImpliedBy,
            Relation::ImpliedBy => Relation::Implies,
            other => other,
        }
    }
}

/// How answer `other` (with value `b`) stands to answer `this` (with value `a`) in a question
/// of `kind`, values within `tolerance` being one. An answer without a value, or with a value
/// of the wrong shape for the kind, is a plain choice: it excludes every other answer.
pub fn relate(
    kind: QuestionKind,
    tolerance: Option<Tolerance>,
    a: Option<&Value>,
    b: Option<&Value>,
) -> Relation {
    match (kind, a, b) {
        (QuestionKind::Quantity, Some(a), Some(b)) => match (a.bounds(), b.bounds()) {
            (Some(a), Some(b)) => relate_ranges(tolerance, a, b),
            _ => Relation::Excludes,
        },
        (QuestionKind::Set, Some(Value::Parts(a)), Some(Value::Parts(b))) => relate_parts(a, b),
        _ => Relation::Excludes,
    }
}

/// Whether `x ≤ y`, allowing `tolerance` (measured between finite values only: an unbounded
/// side is never within a tolerance of a bounded one).
fn at_most(tolerance: Option<Tolerance>, x: f64, y: f64) -> bool {
    if x <= y {
        return true;
    }
    match tolerance {
        Some(t) if x.is_finite() && y.is_finite() => x - y <= t.between(x, y),
        _ => false,
    }
}

/// How range `b` stands to range `a` (each `(min, max)`, infinite where unbounded).
fn relate_ranges(tolerance: Option<Tolerance>, a: (f64, f64), b: (f64, f64)) -> Relation {
    let le = |x: f64, y: f64| at_most(tolerance, x, y);
    let b_in_a = le(a.0, b.0) && le(b.1, a.1);
    let a_in_b = le(b.0, a.0) && le(a.1, b.1);
    match (b_in_a, a_in_b) {
        (true, true) => Relation::Same,
        (true, false) => Relation::Implies,
        (false, true) => Relation::ImpliedBy,
        (false, false) if !le(b.0, a.1) || !le(a.0, b.1) => Relation::Excludes,
        (false, false) => Relation::Overlaps,
    }
}

/// A part as compared: spacing and letter case do not make two parts differ. (The importer
/// merges lists that are the same by this key.)
pub fn part_key(part: &str) -> String {
    part.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// How list `b` stands to list `a`.
fn relate_parts(a: &[super::Text], b: &[super::Text]) -> Relation {
    let keys = |parts: &[super::Text]| {
        let mut keys: Vec<String> = parts.iter().map(|p| part_key(p)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let (a, b) = (keys(a), keys(b));
    let b_has_all_of_a = a.iter().all(|p| b.binary_search(p).is_ok());
    if !b_has_all_of_a {
        return Relation::Omits;
    }
    if a.len() == b.len() {
        Relation::Same
    } else {
        Relation::Implies
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn range(min: Option<f64>, max: Option<f64>) -> Value {
        Value::Quantity { min, max }
    }

    fn point(v: f64) -> Value {
        range(Some(v), Some(v))
    }

    fn parts(list: &[&str]) -> Value {
        Value::Parts(list.iter().map(|p| super::super::Text::from(*p)).collect())
    }

    #[rstest]
    #[case::equal_points(point(4.0), point(4.0), None, Relation::Same)]
    #[case::different_points(point(4.0), point(3.0), None, Relation::Excludes)]
    #[case::point_implies_lower_bound(range(Some(1.0), None), point(4.0), None, Relation::Implies)]
    #[case::lower_bound_is_implied(point(4.0), range(Some(1.0), None), None, Relation::ImpliedBy)]
    #[case::point_below_lower_bound(range(Some(5.0), None), point(4.0), None, Relation::Excludes)]
    #[case::nested_ranges(
        range(Some(100.0), Some(300.0)),
        range(Some(200.0), Some(300.0)),
        None,
        Relation::Implies
    )]
    #[case::overlapping_ranges(
        range(Some(100.0), Some(250.0)),
        range(Some(200.0), Some(300.0)),
        None,
        Relation::Overlaps
    )]
    #[case::disjoint_ranges(
        range(Some(100.0), Some(150.0)),
        range(Some(200.0), Some(300.0)),
        None,
        Relation::Excludes
    )]
    #[case::touching_ranges_overlap(
        range(Some(100.0), Some(200.0)),
        range(Some(200.0), Some(300.0)),
        None,
        Relation::Overlaps
    )]
    #[case::within_absolute_tolerance(
        point(300.0),
        point(305.0),
        Some(Tolerance::Absolute(5.0)),
        Relation::Same
    )]
    #[case::beyond_absolute_tolerance(
        point(300.0),
        point(306.0),
        Some(Tolerance::Absolute(5.0)),
        Relation::Excludes
    )]
    #[case::within_relative_tolerance(
        point(471.0),
        point(480.0),
        Some(Tolerance::Relative(0.05)),
        Relation::Same
    )]
    #[case::unbounded_is_never_within_tolerance(
        range(Some(100.0), None),
        range(Some(100.0), Some(1e300)),
        Some(Tolerance::Relative(0.05)),
        Relation::Implies
    )]
    fn quantities_relate_as_sets_of_truths(
        #[case] a: Value,
        #[case] b: Value,
        #[case] tolerance: Option<Tolerance>,
        #[case] expected: Relation,
    ) {
        assert_eq!(
            relate(QuestionKind::Quantity, tolerance, Some(&a), Some(&b)),
            expected
        );
        assert_eq!(
            relate(QuestionKind::Quantity, tolerance, Some(&b), Some(&a)),
            expected.reversed(),
            "seen from the other side"
        );
    }

    #[rstest]
    #[case::same_list(&["Smith", "Jones"], &["jones", " smith"], Relation::Same)]
    #[case::longer_list_implies(&["Smith"], &["Smith", "Jones"], Relation::Implies)]
    #[case::shorter_list_omits(&["Smith", "Jones"], &["Smith"], Relation::Omits)]
    #[case::different_lists_omit(&["Smith", "Jones"], &["Smith", "Brown"], Relation::Omits)]
    fn set_answers_relate_by_their_parts(
        #[case] a: &[&str],
        #[case] b: &[&str],
        #[case] expected: Relation,
    ) {
        assert_eq!(
            relate(QuestionKind::Set, None, Some(&parts(a)), Some(&parts(b))),
            expected
        );
    }

    #[test]
    fn answers_without_values_are_plain_choices() {
        assert_eq!(
            relate(QuestionKind::Quantity, None, None, Some(&point(1.0))),
            Relation::Excludes
        );
        assert_eq!(
            relate(
                QuestionKind::Choice,
                None,
                Some(&point(1.0)),
                Some(&point(1.0))
            ),
            Relation::Excludes
        );
        assert_eq!(
            relate(
                QuestionKind::Set,
                None,
                Some(&point(1.0)),
                Some(&parts(&["a"]))
            ),
            Relation::Excludes
        );
    }
}
