//! `corroborate.toml` to a [`Policy`], with diagnostics like any corpus file.

use super::diags;
use crate::diag::{Diagnostic, Label, RuleMeta, Severity};
use crate::model::{FileId, Span};
use crate::policy::{Policy, RuleSetting};
use crate::util::text::did_you_mean;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The policy file's tables, in the order the JSON Schema lists them.
pub const TOP: &[&str] = &[
    "scoring",
    "status",
    "rules",
    "publisher",
    "reliability",
    "questions",
];
/// The keys of `[reliability]`.
pub const RELIABILITY: &[&str] = &[
    "mode",
    "prior_strength",
    "uninformed_strength",
    "uninformed_prior",
    "copies",
    "max_iterations",
    "tolerance",
    "copy_threshold",
    "copy_min_shared",
    "copy_prior",
];
/// The keys of `[questions]`.
pub const QUESTIONS: &[&str] = &["leading_margin", "omission"];
/// The keys of `[scoring]` (`trust` is the `[scoring.trust]` table).
pub const SCORING: &[&str] = &[
    "base_rate",
    "hedged",
    "self_serving",
    "admission",
    "relay",
    "disputes",
    "max_weight",
    "weak_relay",
    "trust",
    "basis",
];
/// The keys of `[status]`.
pub const STATUS: &[&str] = &[
    "confirm_min_origins",
    "contest_threshold",
    "refute_threshold",
    "contest_min_score",
    "contest_max_score",
    "min_origin_weight",
    "stale_after_days",
];
/// The keys of `[scoring.basis]`: the bases, in the order of `Policy::basis`.
pub const BASES: &[&str] = &["witnessed", "documented", "analysis", "opinion", "hearsay"];
/// The keys of `[scoring.trust]`: the Admiralty grades, in the order of `Policy::trust`.
pub const GRADES: &[&str] = &["A", "B", "C", "D", "E", "F"];
/// The keys of `[publisher]`.
pub const PUBLISHER: &[&str] = &["name", "url", "language"];

/// Reads the policy document `root` of `file`, starting from the defaults.
pub fn convert(
    file: FileId,
    root: &DeTable<'_>,
    diags: &mut Vec<Diagnostic>,
    rules: &[&RuleMeta],
) -> Policy {
    let mut cx = Cx { file, diags, rules };
    let mut policy = Policy::default();
    cx.keys(root, TOP, "corroborate.toml");
    if let Some(scoring) = cx.table(root, "scoring") {
        cx.keys(scoring, SCORING, "[scoring]");
        let fields: [(&str, &mut f64, f64, f64); 8] = [
            ("base_rate", &mut policy.base_rate, 0.0, 1.0),
            ("hedged", &mut policy.hedged, 0.0, 1.0),
            ("self_serving", &mut policy.self_serving, 0.0, 1.0),
            ("admission", &mut policy.admission, 0.0, 0.99),
            ("relay", &mut policy.relay, 0.0, 1.0),
            ("weak_relay", &mut policy.weak_relay, 0.0, 1.0),
            ("disputes", &mut policy.disputes, 0.0, 1.0),
            // Learned trust is kept within [0.01, max_weight]: a cap below 0.01 has no model.
            ("max_weight", &mut policy.max_weight, 0.01, 0.99),
        ];
        for (key, slot, lo, hi) in fields {
            cx.number(scoring, key, lo, hi, slot);
        }
        if let Some(basis) = cx.table(scoring, "basis") {
            cx.keys(basis, BASES, "[scoring.basis]");
            for (i, key) in BASES.iter().enumerate() {
                cx.number(basis, key, 0.0, 1.0, &mut policy.basis[i]);
            }
        }
        if let Some(trust) = cx.table(scoring, "trust") {
            cx.keys(trust, GRADES, "[scoring.trust]");
            for (i, grade) in GRADES.iter().enumerate() {
                cx.number(trust, grade, 0.0, 0.99, &mut policy.trust[i]);
            }
        }
    }
    if let Some(status) = cx.table(root, "status") {
        cx.keys(status, STATUS, "[status]");
        cx.number(
            status,
            "contest_threshold",
            0.0,
            1.0,
            &mut policy.contest_threshold,
        );
        cx.number(
            status,
            "refute_threshold",
            0.0,
            1.0,
            &mut policy.refute_threshold,
        );
        cx.number(
            status,
            "contest_min_score",
            0.0,
            0.5,
            &mut policy.contest_min_score,
        );
        cx.number(
            status,
            "contest_max_score",
            0.5,
            1.0,
            &mut policy.contest_max_score,
        );
        cx.number(
            status,
            "min_origin_weight",
            0.0,
            1.0,
            &mut policy.min_origin_weight,
        );
        if let Some(n) = cx.count(status, "confirm_min_origins", 1.0, 1000.0) {
            policy.confirm_min_origins = n;
        }
        if let Some(n) = cx.count(status, "stale_after_days", 0.0, 36500.0) {
            policy.stale_after_days = n as i64;
        }
    }
    if let Some(table) = cx.table(root, "reliability") {
        cx.keys(table, RELIABILITY, "[reliability]");
        if let Some(value) = table.get("mode") {
            use crate::policy::ReliabilityMode;
            match value.get_ref().as_str() {
                Some("assigned") => policy.reliability = ReliabilityMode::Assigned,
                Some("learned") => policy.reliability = ReliabilityMode::Learned,
                Some("blended") => policy.reliability = ReliabilityMode::Blended,
                Some(other) => cx.diags.push(
                    diags::INVALID_VALUE
                        .diag(
                            format!("`{other}` is not a reliability mode"),
                            Label::new(cx.span(value), "unknown mode"),
                        )
                        .with_help("accepted: assigned, learned, blended"),
                ),
                None => cx.wrong(value, "mode", "a string"),
            }
        }
        cx.number(
            table,
            "prior_strength",
            0.0,
            1e6,
            &mut policy.prior_strength,
        );
        cx.number(
            table,
            "uninformed_strength",
            0.0,
            1e6,
            &mut policy.uninformed_strength,
        );
        cx.number(
            table,
            "uninformed_prior",
            0.01,
            0.99,
            &mut policy.uninformed_prior,
        );
        if let Some(value) = table.get("copies") {
            use crate::policy::CopyMode;
            match value.get_ref().as_str() {
                Some("report") => policy.copies = CopyMode::Report,
                Some("merge") => policy.copies = CopyMode::Merge,
                Some(other) => cx.diags.push(
                    diags::INVALID_VALUE
                        .diag(
                            format!("`{other}` is not a way of handling copies"),
                            Label::new(cx.span(value), "unknown setting"),
                        )
                        .with_help("accepted: report, merge"),
                ),
                None => cx.wrong(value, "copies", "a string"),
            }
        }
        cx.number(table, "tolerance", 1e-12, 1.0, &mut policy.tolerance);
        cx.number(
            table,
            "copy_threshold",
            0.0,
            1.0,
            &mut policy.copy_threshold,
        );
        cx.number(table, "copy_prior", 0.0001, 0.9999, &mut policy.copy_prior);
        if let Some(n) = cx.count(table, "max_iterations", 1.0, 10_000.0) {
            policy.max_iterations = n;
        }
        if let Some(n) = cx.count(table, "copy_min_shared", 1.0, 1e6) {
            policy.copy_min_shared = n;
        }
    }
    if let Some(table) = cx.table(root, "questions") {
        cx.keys(table, QUESTIONS, "[questions]");
        cx.number(
            table,
            "leading_margin",
            0.0,
            1.0,
            &mut policy.leading_margin,
        );
        cx.number(table, "omission", 0.0, 1.0, &mut policy.omission);
    }
    if let Some(table) = cx.table(root, "rules") {
        for (key, value) in table.iter() {
            let id: &str = key.get_ref();
            let key_span = Span::new(file, key.span());
            if !cx.rules.iter().any(|r| r.id == id) {
                let mut d = diags::UNKNOWN_KEY.diag(
                    format!("unknown rule `{id}`"),
                    Label::new(key_span, "no rule has this id"),
                );
                if let Some(near) = did_you_mean(id, cx.rules.iter().map(|r| r.id)) {
                    d = d.with_help(format!(
                        "did you mean `{near}`? `corroborate rules` lists them"
                    ));
                } else {
                    d = d.with_help("`corroborate rules` lists the rules");
                }
                cx.diags.push(d);
                continue;
            }
            let setting = match value.get_ref().as_str() {
                Some("off") => Some(RuleSetting::Off),
                Some(word) => Severity::parse(word).map(RuleSetting::On),
                None => None,
            };
            let reports_errors = cx
                .rules
                .iter()
                .any(|r| r.id == id && r.default_severity == Severity::Error);
            let lowers = !matches!(setting, None | Some(RuleSetting::On(Severity::Error)));
            if reports_errors && lowers {
                // Errors stay errors (a corpus not read as written is never scored): say that
                // this setting changes nothing rather than ignore it without a word.
                cx.diags.push(
                    diags::IGNORED_SETTING
                        .diag(
                            format!("rule `{id}` reports errors, which cannot be lowered or switched off: this setting has no effect"),
                            Label::new(cx.span(value), "ignored"),
                        )
                        .with_help("fix what the rule reports instead, or remove this line"),
                );
            }
            match setting {
                Some(setting) => {
                    policy.rules.insert(id.to_owned(), setting);
                }
                None => cx.diags.push(
                    diags::INVALID_VALUE
                        .diag(
                            format!("rule `{id}` must be set to off, info, warning or error"),
                            Label::new(cx.span(value), "not a rule setting"),
                        )
                        .with_help(format!("\"{id}\" = \"off\"")),
                ),
            }
        }
    }
    if let Some(publisher) = cx.table(root, "publisher") {
        cx.keys(publisher, PUBLISHER, "[publisher]");
        for key in PUBLISHER {
            if let Some(value) = publisher.get(*key) {
                match value.get_ref().as_str() {
                    Some(text) => {
                        policy.publisher.insert((*key).to_owned(), text.to_owned());
                    }
                    None => cx.wrong(value, key, "a string"),
                }
            }
        }
    }
    policy
}

struct Cx<'d> {
    file: FileId,
    diags: &'d mut Vec<Diagnostic>,
    /// The rules `[rules]` may name.
    rules: &'d [&'d RuleMeta],
}

impl Cx<'_> {
    fn span(&self, value: &Spanned<DeValue<'_>>) -> Span {
        Span::new(self.file, value.span())
    }

    fn keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let d = diags::UNKNOWN_KEY.diag(
                format!("unknown key `{name}` in {what}"),
                Label::new(Span::new(self.file, key.span()), "not a policy setting"),
            );
            let help = match did_you_mean(name, allowed.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known keys: {}", allowed.join(", ")),
            };
            self.diags.push(d.with_help(help));
        }
    }

    fn wrong(&mut self, value: &Spanned<DeValue<'_>>, key: &str, expected: &str) {
        let found = value.get_ref().type_str();
        self.diags.push(diags::WRONG_TYPE.diag(
            format!("`{key}` must be {expected}, found {found}"),
            Label::new(self.span(value), found.to_owned()),
        ));
    }

    fn table<'a, 'i>(&mut self, parent: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
        let value = parent.get(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong(value, key, &format!("a table (`[{key}]`)"));
                None
            }
        }
    }

    fn value(&mut self, table: &DeTable<'_>, key: &str, integer_only: bool) -> Option<(f64, Span)> {
        let value = table.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) if !integer_only => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong(
                value,
                key,
                if integer_only {
                    "an integer"
                } else {
                    "a number"
                },
            );
        }
        parsed.map(|n| (n, self.span(value)))
    }

    fn check_range(&mut self, key: &str, n: f64, span: Span, lo: f64, hi: f64) -> bool {
        if n.is_finite() && (lo..=hi).contains(&n) {
            return true;
        }
        self.diags.push(diags::INVALID_VALUE.diag(
            format!("`{key}` = {n} is outside {lo}..={hi}"),
            Label::new(span, format!("must be between {lo} and {hi}")),
        ));
        false
    }

    /// A setting within `lo..=hi` (an integer when `integer_only`), or `None` after reporting why not.
    fn in_range(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        lo: f64,
        hi: f64,
        integer_only: bool,
    ) -> Option<f64> {
        let (n, span) = self.value(table, key, integer_only)?;
        self.check_range(key, n, span, lo, hi).then_some(n)
    }

    /// Sets `slot` from a number setting, if present and valid.
    fn number(&mut self, table: &DeTable<'_>, key: &str, lo: f64, hi: f64, slot: &mut f64) {
        if let Some(n) = self.in_range(table, key, lo, hi, false) {
            *slot = n;
        }
    }

    /// An integer setting, if present and valid.
    fn count(&mut self, table: &DeTable<'_>, key: &str, lo: f64, hi: f64) -> Option<usize> {
        self.in_range(table, key, lo, hi, true).map(|n| n as usize)
    }
}
