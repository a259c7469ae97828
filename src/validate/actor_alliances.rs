//! `actor-alliances`: an actor allied with itself, or both allied with and opposed to another.

use crate::diag::{Diagnostic, Family, Label, RuleMeta, Severity};
use crate::model::Actor;
use crate::validate::ActorCheck;

/// The `actor-alliances` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "actor-alliances",
    family: Family::Validation,
    summary: "An actor is allied with itself, or both allied with and opposed to another actor.",
    rationale: "Alliances decide whose word serves whose interest; an actor allied with itself says nothing, and one both allied with and opposed to another (in its own entry, or across the two entries) cannot be weighed either way.",
    default_severity: Severity::Warning,
};

/// The check, for [`crate::validate::ACTORS`].
pub const CHECK: ActorCheck = ActorCheck {
    rule: &RULE,
    check_actors,
};

/// Reports self-alliances and actors both allied and opposed, among resolved `actors`.
pub fn check_actors(actors: &[Actor], out: &mut Vec<Diagnostic>) {
    let opposes = |actor: &Actor, other: usize| {
        actor
            .opposes
            .iter()
            .any(|r| r.target.is_some_and(|t| t.get() == other))
    };
    for (a, actor) in actors.iter().enumerate() {
        for ally in &actor.allied {
            if ally.id.value == actor.id.value {
                out.push(
                    RULE.diag(
                        format!("actor `{}` is allied with itself", actor.id.value),
                        Label::new(ally.id.span, "itself"),
                    )
                    .with_help("an actor's allies are other actors: remove it from `allied`"),
                );
                continue;
            }
            let Some(other) = ally.target.map(|t| t.get()) else {
                continue;
            };
            let message = if opposes(actor, other) {
                format!(
                    "actor `{}` is both allied with and opposed to `{}`",
                    actor.id.value, ally.id.value
                )
            } else if actors.get(other).is_some_and(|o| opposes(o, a)) {
                format!(
                    "actor `{}` is allied with `{}`, which opposes it",
                    actor.id.value, ally.id.value
                )
            } else {
                continue;
            };
            out.push(
                RULE.diag(message, Label::new(ally.id.span, "allied here"))
                    .with_help("an actor is an ally or an adversary of another, not both"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::load_str;
    use rstest::rstest;

    #[rstest]
    #[case::itself("[[actor]]\nid = \"a\"\nallied = [\"a\"]\n", true)]
    #[case::both_here(
        "[[actor]]\nid = \"a\"\nallied = [\"b\"]\nopposes = [\"b\"]\n[[actor]]\nid = \"b\"\n",
        true
    )]
    #[case::across(
        "[[actor]]\nid = \"a\"\nallied = [\"b\"]\n[[actor]]\nid = \"b\"\nopposes = [\"a\"]\n",
        true
    )]
    #[case::plain_alliance("[[actor]]\nid = \"a\"\nallied = [\"b\"]\n[[actor]]\nid = \"b\"\nopposes = [\"c\"]\n[[actor]]\nid = \"c\"\n", false)]
    fn contradictory_alliances_are_reported(#[case] actors: &str, #[case] expected: bool) {
        let loaded = load_str(actors, "");
        assert_eq!(
            loaded.codes().contains(&"actor-alliances"),
            expected,
            "{:?}",
            loaded.0.diagnostics
        );
    }
}
