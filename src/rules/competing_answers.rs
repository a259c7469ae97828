//! `competing-answers`: the claim is one of several answers to a question.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `competing-answers` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "competing-answers",
        family: Family::Assessment,
        summary: "The claim is one of several answers to a question that exclude each other; support for the others counts against it.",
        rationale: "When sources give different figures for the same thing (the number of vehicles destroyed, a city's population), each figure is evidence against the others: an editor must see the alternatives before printing one.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let question = view.claim.question.as_ref()?;
    let mut others: Vec<&str> = view
        .verdict
        .competing
        .iter()
        .filter(|i| i.bearing == crate::score::Bearing::Rival)
        .filter_map(|i| i.competing)
        .map(|c| view.corpus.claims[c.get()].id.as_str())
        .collect();
    others.sort_unstable();
    others.dedup();
    if others.is_empty() {
        return None;
    }
    Some(view.say(|| {
        format!(
            "answers `{}` alongside {}, whose support counts against it",
            question,
            crate::rules::quoted_list(others)
        )
    }))
}

#[cfg(test)]
mod tests {
    use crate::load::tests::load_str;
    use crate::model::{ClaimIx, Date};
    use crate::policy::Policy;
    use crate::score::{assess, Context, Status};
    use rstest::rstest;

    const CLAIMS: &str = "[[claim]]\nid = \"four\"\ntext = \"4\"\nquestion = \"q\"\n{A}\n[[claim]]\nid = \"two\"\ntext = \"2\"\nquestion = \"q\"\n{B}\n";

    fn item(source: &str) -> String {
        format!("[[claim.evidence]]\nsource = \"{source}\"\nstance = \"asserts\"\n")
    }

    fn verdicts(a: &[&str], b: &[&str]) -> (crate::score::Verdict, crate::score::Verdict) {
        let claims = CLAIMS
            .replace("{A}", &a.iter().map(|s| item(s)).collect::<String>())
            .replace("{B}", &b.iter().map(|s| item(s)).collect::<String>());
        let loaded = load_str(crate::score::tests::SOURCES, &claims).0;
        let policy = Policy::default();
        let plans = crate::score::tests::plans_for(&policy);
        let cx = Context::new(
            &policy,
            &plans,
            Date::from_ymd_opt(2025, 7, 20).expect("date"),
        );
        let judged = |ix| {
            let mut verdict = assess(&loaded.corpus, ix, &cx);
            (verdict.findings, _) =
                crate::rules::assess_claim(&loaded.corpus, &verdict, &cx, false);
            verdict
        };
        (judged(ClaimIx(0)), judged(ClaimIx(1)))
    }

    /// SPEC §3 property 7: support for one answer counts as opposition to the others.
    #[rstest]
    #[case::uncontested(&["rfi", "un"], &[], Status::Corroborated, None)]
    #[case::one_rival_voice(&["rfi", "un"], &["blog"], Status::Corroborated, Some(Status::Refuted))]
    #[case::rival_consensus(&["blog"], &["rfi", "un", "agency"], Status::Refuted, Some(Status::Confirmed))]
    #[case::even_split(&["rfi", "local-a"], &["un", "local-b"], Status::Contested, Some(Status::Contested))]
    fn competing_support_is_opposition(
        #[case] a: &[&str],
        #[case] b: &[&str],
        #[case] status_a: Status,
        #[case] status_b: Option<Status>,
    ) {
        let (four, two) = verdicts(a, b);
        assert_eq!(four.status, status_a, "four: {}", four.reason);
        if let Some(expected) = status_b {
            assert_eq!(two.status, expected, "two: {}", two.reason);
            assert!(four.findings.iter().any(|f| f.rule == "competing-answers"));
        }
        let (alone, _) = verdicts(a, &[]);
        assert!(
            four.score <= alone.score,
            "rival support never raises a score"
        );
    }
}
