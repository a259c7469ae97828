//! `unlinked-evidence`: a claim marked for publication rests on evidence nobody can follow.

use crate::diag::{Diagnostic, Family, Label, RuleMeta, Severity};
use crate::model::Claim;
use crate::validate::{Check, Scope};

/// The `unlinked-evidence` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "unlinked-evidence",
    family: Family::Validation,
    summary: "A claim marked for publication has evidence with neither a url nor an archive link.",
    rationale: "What the desk publishes must be checkable by its readers and by its own standards editor later: a report that was never linked, or whose page has since changed, cannot be shown. A link on the evidence, or on the `[[document]]` it cites, is what a correction or a court asks for first.",
    default_severity: Severity::Warning,
};

/// The check, for [`crate::validate::PER_CLAIM`].
pub const CHECK: Check = Check {
    rule: &RULE,
    check_claim,
};

/// Reports, once per claim marked `publish`, its evidence with no link of its own nor through
/// its document, pointing at the first such item.
pub fn check_claim(claim: &Claim, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !claim.publish {
        return;
    }
    let linked = |e: &&crate::model::Evidence| {
        e.url_in(scope.documents).is_some() || e.archive_url_in(scope.documents).is_some()
    };
    let mut unlinked = claim.evidence.iter().filter(|e| !linked(e));
    let Some(first) = unlinked.next() else { return };
    let count = 1 + unlinked.count();
    let total = claim.evidence.len();
    let message = if count == 1 {
        format!(
            "`{}` is marked for publication, and 1 of its {total} evidence items has no url or archive link",
            claim.id.as_str()
        )
    } else {
        format!(
            "`{}` is marked for publication, and {count} of its {total} evidence items have no url or archive link",
            claim.id.as_str()
        )
    };
    out.push(
        RULE.diag(message, Label::new(first.span, "no `url`, `archive_url` or linked `document`"))
            .with_help("add `url = …` or `archive_url = …`, or cite a `[[document]]` that has them with `document = …`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};

    #[test]
    fn published_claims_need_links() {
        let sources = format!("{SOURCES}[[document]]\nid = \"d\"\nsource = \"rfi\"\narchive_url = \"https://archive.example/d\"\n");
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\npublish = true\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirms\"\nurl = \"https://rfi.example/1\"\n\
            [[claim.evidence]]\ndocument = \"d\"\nstance = \"confirms\"\n\
            [[claim]]\nid = \"unpublished\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n";
        let loaded = load_str(&sources, claims);
        assert_eq!(loaded.codes(), ["unlinked-evidence"]);
        let diag = &loaded.0.diagnostics[0];
        assert!(
            diag.message.contains("1 of its 3 evidence items"),
            "{}",
            diag.message
        );
        let span = diag.primary.span;
        assert!(claims[span.start as usize..]
            .starts_with("[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\""));
    }
}
