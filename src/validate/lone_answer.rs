//! `lone-answer`: a question with a single answer.

use crate::diag::{Diagnostic, Label, Severity};
use crate::diag::{Family, RuleMeta};
use crate::model::{Claim, Question};
use std::collections::HashMap;

/// The `lone-answer` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "lone-answer",
    family: Family::Validation,
    summary: "A question has a single answer.",
    rationale: "Answers to one question compete; a question with one answer has nothing to compete with, and is most often a typo in `question` that silently makes that answer lead.",
    default_severity: Severity::Warning,
};

/// The check, for [`crate::validate::CLAIMS`].
pub const CHECK: super::ClaimsCheck = super::ClaimsCheck {
    rule: &RULE,
    check_claims,
};

/// Above this many questions, no near question is suggested: each lone answer would be compared
/// with every question.
const SUGGEST_AMONG: usize = 5_000;

/// Reports every claim that is the only answer to its question.
///
/// A question declared with `[[question]]` is not a typo: its lone answer is left alone (a
/// quantity question with one figure so far still gets its range).
pub fn check_claims(claims: &[Claim], questions: &[Question], out: &mut Vec<Diagnostic>) {
    let declared: std::collections::HashSet<&str> =
        questions.iter().map(|q| q.id.as_str()).collect();
    let mut answers: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, claim) in claims.iter().enumerate() {
        if let Some(question) = claim.question.as_deref() {
            if declared.contains(question) {
                continue;
            }
            answers.entry(question).or_insert((0, i)).0 += 1;
        }
    }
    let mut lone: Vec<(usize, &str)> = answers
        .iter()
        .filter(|(_, (count, _))| *count == 1)
        .map(|(question, (_, first))| (*first, *question))
        .collect();
    lone.sort_unstable();
    let shared: Vec<&str> = if answers.len() <= SUGGEST_AMONG {
        let mut shared: Vec<&str> = answers
            .iter()
            .filter(|(_, (count, _))| *count > 1)
            .map(|(question, _)| *question)
            .chain(declared.iter().copied())
            .collect();
        shared.sort_unstable();
        shared
    } else {
        Vec::new()
    };
    for (i, question) in lone {
        let claim = &claims[i];
        // Numbered questions (`q1`, `q2`) are one digit apart by design, not by typo.
        let near = crate::util::text::did_you_mean(question, shared.iter().copied())
            .filter(|near| !differ_in_digits_only(question, near));
        let help = match near {
            Some(near) => format!("did you mean `{near}`? claims sharing a question are its competing answers"),
            None => "claims sharing a question are its competing answers; give the others the same `question`, or remove it".to_owned(),
        };
        out.push(
            RULE.diag(
                format!(
                    "`{}` is the only answer to question `{question}`",
                    claim.id.value
                ),
                Label::new(claim.span, "the only claim with this question"),
            )
            .with_help(help),
        );
    }
}

/// Whether `a` and `b` are the same but for ASCII digits (`q1`, `q10`, `q2`).
fn differ_in_digits_only(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    letters(a) == letters(b)
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};

    #[test]
    fn a_lone_answer_is_flagged_with_the_question_it_misspells() {
        let claims = "[[claim]]\nid = \"a\"\ntext = \"t\"\nquestion = \"who-attacked\"\n\
            [[claim]]\nid = \"b\"\ntext = \"t\"\nquestion = \"who-attacked\"\n\
            [[claim]]\nid = \"c\"\ntext = \"t\"\nquestion = \"who-atacked\"\n";
        let loaded = load_str(SOURCES, claims);
        assert_eq!(loaded.codes(), ["lone-answer"]);
        let d = &loaded.0.diagnostics[0];
        assert!(
            d.message.contains("`c` is the only answer"),
            "{}",
            d.message
        );
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("`who-attacked`")),
            "{:?}",
            d.help
        );
    }

    #[test]
    fn a_declared_question_may_have_one_answer_and_is_suggested_for_typos() {
        let claims = "[[question]]\nid = \"deaths\"\nkind = \"quantity\"\n\
            [[claim]]\nid = \"a\"\ntext = \"t\"\nquestion = \"deaths\"\nvalue = 4\n\
            [[claim]]\nid = \"b\"\ntext = \"t\"\nquestion = \"deeths\"\n";
        let loaded = load_str(SOURCES, claims);
        assert_eq!(loaded.codes(), ["lone-answer"]);
        let d = &loaded.0.diagnostics[0];
        assert!(d.message.contains("`b`"), "{}", d.message);
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("`deaths`")),
            "{:?}",
            d.help
        );
    }

    #[test]
    fn numbered_questions_are_not_taken_for_typos() {
        let claims = "[[claim]]\nid = \"a\"\ntext = \"t\"\nquestion = \"q0\"\n\
            [[claim]]\nid = \"b\"\ntext = \"t\"\nquestion = \"q0\"\n\
            [[claim]]\nid = \"c\"\ntext = \"t\"\nquestion = \"q1\"\n";
        let loaded = load_str(SOURCES, claims);
        assert_eq!(loaded.codes(), ["lone-answer"]);
        let help = loaded.0.diagnostics[0].help.as_deref().unwrap_or_default();
        assert!(!help.contains("did you mean"), "{help}");
    }
}
