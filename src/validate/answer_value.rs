//! `answer-value`: a claim's `value` does not fit its question.

use crate::diag::{Diagnostic, Family, Label, RuleMeta, Severity};
use crate::model::{Claim, Question, QuestionKind, Value};
use std::collections::HashMap;

/// The `answer-value` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "answer-value",
    family: Family::Validation,
    summary: "A claim's `value` does not fit its question, or a quantity or set answer has none.",
    rationale: "Answers relate through their values: a number on a `choice` question, a list on a quantity question or a missing value would silently make the answer exclude every other.",
    default_severity: Severity::Error,
};

/// The check, for [`crate::validate::CLAIMS`].
pub const CHECK: super::ClaimsCheck = super::ClaimsCheck {
    rule: &RULE,
    check_claims,
};

/// Reports every claim whose value does not fit the kind of its question.
pub fn check_claims(claims: &[Claim], questions: &[Question], out: &mut Vec<Diagnostic>) {
    let declared: HashMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), q)).collect();
    for claim in claims {
        let question = claim.question.as_deref();
        let entry = question.and_then(|q| declared.get(q).copied());
        let kind = entry.map_or(QuestionKind::Choice, |q| q.kind.value);
        let value = claim.value.as_deref();
        let id = claim.id.as_str();
        let problem = match (question, kind, value) {
            (None, _, Some(v)) => Some((
                v.span,
                format!("`{id}` has a `value` but answers no question"),
                "a value answers a question".to_owned(),
                "add `question = \"…\"` naming a `[[question]]` of kind \"quantity\" or \"set\""
                    .to_owned(),
            )),
            (Some(q), QuestionKind::Choice, Some(v)) => {
                Some((
                    v.span,
                    format!("`{id}` has a `value`, but question `{q}` is a choice question"),
                    "only quantity and set answers have values".to_owned(),
                    if entry.is_some() {
                        format!("set `kind = \"quantity\"` or `kind = \"set\"` in the `[[question]]` entry `{q}`, or remove the value")
                    } else {
                        format!("declare the question:\n[[question]]\nid = \"{q}\"\nkind = \"quantity\"")
                    },
                ))
            }
            (Some(q), QuestionKind::Quantity, Some(v)) if matches!(v.value, Value::Parts(_)) => {
                Some((
                    v.span,
                    format!("`{id}` lists parts, but question `{q}` asks for a quantity"),
                    "a list".to_owned(),
                    "write a number (value = 4) or a range (value = { min = 100, max = 300 })"
                        .to_owned(),
                ))
            }
            (Some(q), QuestionKind::Set, Some(v)) if matches!(v.value, Value::Quantity { .. }) => {
                Some((
                    v.span,
                    format!("`{id}` gives a quantity, but question `{q}` asks for a set"),
                    "a number or a range".to_owned(),
                    "list the parts: value = [\"…\", \"…\"]".to_owned(),
                ))
            }
            (Some(q), QuestionKind::Quantity | QuestionKind::Set, None) => Some((
                claim.span,
                format!(
                    "`{id}` answers {} question `{q}` but has no `value`",
                    kind.as_str()
                ),
                "no `value`".to_owned(),
                if kind == QuestionKind::Quantity {
                    "write its figure: value = 4, or value = { min = 100 } for \"at least 100\""
                        .to_owned()
                } else {
                    "list its parts: value = [\"…\", \"…\"]".to_owned()
                },
            )),
            _ => None,
        };
        if let Some((span, message, label, help)) = problem {
            out.push(RULE.diag(message, Label::new(span, label)).with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};
    use rstest::rstest;

    const QUESTIONS: &str = "[[question]]\nid = \"n\"\nkind = \"quantity\"\n\
        [[question]]\nid = \"s\"\nkind = \"set\"\n[[question]]\nid = \"c\"\n";

    fn answers(question: &str, values: [&str; 2]) -> String {
        let mut claims = QUESTIONS.to_owned();
        for (i, value) in values.iter().enumerate() {
            claims.push_str(&format!("[[claim]]\nid = \"a{i}\"\ntext = \"t\"\n"));
            if !question.is_empty() {
                claims.push_str(&format!("question = \"{question}\"\n"));
            }
            if !value.is_empty() {
                claims.push_str(&format!("value = {value}\n"));
            }
        }
        claims
    }

    #[rstest]
    #[case::numbers_on_a_quantity_question("n", ["4", "{ min = 1 }"], 0)]
    #[case::lists_on_a_set_question("s", ["[\"a\"]", "[\"a\", \"b\"]"], 0)]
    #[case::a_value_on_a_choice_question("c", ["4", ""], 1)]
    #[case::a_value_on_an_undeclared_question("u", ["4", "5"], 2)]
    #[case::a_value_without_a_question("", ["4", ""], 1)]
    #[case::a_list_on_a_quantity_question("n", ["[\"a\"]", "4"], 1)]
    #[case::a_number_on_a_set_question("s", ["4", "[\"a\"]"], 1)]
    #[case::a_quantity_answer_without_a_value("n", ["4", ""], 1)]
    fn values_must_fit_their_question(
        #[case] question: &str,
        #[case] values: [&str; 2],
        #[case] flagged: usize,
    ) {
        let loaded = load_str(SOURCES, &answers(question, values));
        let codes: Vec<&str> = loaded
            .codes()
            .into_iter()
            .filter(|c| *c == "answer-value")
            .collect();
        assert_eq!(codes.len(), flagged, "{:?}", loaded.0.diagnostics);
    }

    #[test]
    fn the_diagnostic_points_at_the_value() {
        let claims = answers("c", ["4", ""]);
        let loaded = load_str(SOURCES, &claims);
        let d = loaded
            .0
            .diagnostics
            .iter()
            .find(|d| d.code == "answer-value")
            .expect("flagged");
        let span = d.primary.span;
        assert_eq!(&claims[span.start as usize..span.end as usize], "4");
    }
}
