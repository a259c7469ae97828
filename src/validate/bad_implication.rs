//! `bad-implication`: a claim implies itself, or an answer its own value excludes.

use crate::diag::{Diagnostic, Family, Label, RuleMeta, Severity};
use crate::model::{relate, Claim, Question, QuestionKind, Relation};
use std::collections::HashMap;

/// The `bad-implication` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "bad-implication",
    family: Family::Validation,
    summary: "A claim's `implies` names itself, or an answer its own value excludes.",
    rationale: "Support for a claim carries to every claim it implies; implying an answer the value rules out (\"4\" implies \"at least 10\") would make evidence count for both sides.",
    default_severity: Severity::Error,
};

/// The check, for [`crate::validate::CLAIMS`].
pub const CHECK: super::ClaimsCheck = super::ClaimsCheck {
    rule: &RULE,
    check_claims,
};

/// Reports every implication that contradicts the values of the claims it joins.
pub fn check_claims(claims: &[Claim], questions: &[Question], out: &mut Vec<Diagnostic>) {
    if claims.iter().all(|c| c.implies.is_empty()) {
        return;
    }
    let declared: HashMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), q)).collect();
    for (i, claim) in claims.iter().enumerate() {
        for r in claim.implies.iter() {
            let Some(target) = r.target else { continue };
            if target.get() == i {
                out.push(
                    RULE.diag(
                        format!("`{}` implies itself", claim.id.as_str()),
                        Label::new(r.id.span, "the claim's own id"),
                    )
                    .with_help("remove it from `implies`"),
                );
                continue;
            }
            let other = &claims[target.get()];
            let (Some(q), Some(other_q)) = (claim.question.as_deref(), other.question.as_deref())
            else {
                continue;
            };
            let Some(entry) = declared.get(q).filter(|_| q == other_q) else {
                continue;
            };
            if entry.kind.value == QuestionKind::Choice {
                // Between choices, `implies` is how answers come to relate at all.
                continue;
            }
            let (a, b) = (claim.value.as_deref(), other.value.as_deref());
            let (Some(a), Some(b)) = (a, b) else { continue };
            let tolerance = entry.tolerance.as_ref().map(|t| t.value);
            if relate(entry.kind.value, tolerance, Some(&a.value), Some(&b.value))
                == Relation::Excludes
            {
                out.push(
                    RULE.diag(
                        format!(
                            "`{}` implies `{}`, which its value excludes",
                            claim.id.as_str(),
                            other.id.as_str()
                        ),
                        Label::new(r.id.span, "an answer this value rules out"),
                    )
                    .with_secondary(Label::new(b.span, "its value"))
                    .with_secondary(Label::new(a.span, "this claim's value"))
                    .with_help("remove the implication, or correct one of the values"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};
    use rstest::rstest;

    fn claims(kind: &str, a: &str, b: &str, implies: &str) -> String {
        format!(
            "[[question]]\nid = \"q\"\nkind = \"{kind}\"\n\
             [[claim]]\nid = \"a\"\ntext = \"t\"\nquestion = \"q\"\n{a}implies = [\"{implies}\"]\n\
             [[claim]]\nid = \"b\"\ntext = \"t\"\nquestion = \"q\"\n{b}"
        )
    }

    #[rstest]
    #[case::implies_a_weaker_bound("quantity", "value = 4\n", "value = { min = 1 }\n", "b", 0)]
    #[case::implies_an_excluded_value("quantity", "value = 4\n", "value = { min = 10 }\n", "b", 1)]
    #[case::implies_itself("quantity", "value = 4\n", "value = 5\n", "a", 1)]
    #[case::choices_relate_only_by_implication("choice", "", "", "b", 0)]
    fn implications_must_fit_the_values(
        #[case] kind: &str,
        #[case] a: &str,
        #[case] b: &str,
        #[case] implies: &str,
        #[case] flagged: usize,
    ) {
        let loaded = load_str(SOURCES, &claims(kind, a, b, implies));
        let found = loaded
            .codes()
            .into_iter()
            .filter(|c| *c == "bad-implication")
            .count();
        assert_eq!(found, flagged, "{:?}", loaded.0.diagnostics);
    }

    #[test]
    fn an_unknown_implied_claim_is_reported_with_a_suggestion() {
        let loaded = load_str(SOURCES, &claims("choice", "", "", "bb"));
        assert!(
            loaded.codes().contains(&"unknown-claim"),
            "{:?}",
            loaded.codes()
        );
    }
}
