//! `explain CLAIM`: the derivation of one verdict, in words a fact-checker can read aloud.

use super::{estimative, terminal_safe};
use crate::model::{Corpus, Stance};
use crate::score::{Bearing, Context, Derivation, Excluded, Interest, Verdict};
use crate::util::text::Decimal;
use std::fmt::Write;

fn interest_words(i: Interest) -> &'static str {
    match i {
        Interest::Favoured => "speaks for the party the claim favours",
        Interest::Against => "speaks for the party the claim harms",
        Interest::Neutral => "no stake declared",
    }
}

/// Where an item's trust came from: the grade alone, or the grade and the track record.
fn trust_words(
    item: &crate::score::Item,
    source: &crate::model::Source,
    cx: &Context<'_>,
) -> String {
    trust_phrase(item.trust, item.source, source, cx)
}

/// [`trust_words`] for a trust of `trust` in `source` (the source numbered `ix`).
fn trust_phrase(
    trust: f64,
    ix: crate::model::SourceIx,
    source: &crate::model::Source,
    cx: &Context<'_>,
) -> String {
    let grade = source.reliability.value;
    let assigned = Decimal(cx.policy.trust(grade));
    let trust = Decimal(trust);
    match cx.learned {
        Some(learned) if learned.iterations > 0 => {
            let s = ix.get();
            let record = if learned.evidence[s] > 0.0 {
                format!(
                    "learned {:.2} from evidence worth {:.1} claim(s)",
                    Decimal(learned.estimated[s]),
                    Decimal(learned.evidence[s])
                )
            } else {
                "no track record yet".to_owned()
            };
            format!(
                "trust {trust:.2} (assigned {grade} = {assigned:.2}, {record}, {} mode)",
                cx.policy.reliability.as_str()
            )
        }
        _ => format!("trust {trust:.2} for grade {grade}"),
    }
}

/// `(Radio Mopti 12, media, C fairly reliable)`: how an evidence item's source is described.
fn source_words(source: &crate::model::Source) -> String {
    format!(
        "({}, {}, {} {})",
        terminal_safe(source.display_name()),
        source.kind.value,
        source.reliability.value,
        source.reliability.value.meaning()
    )
}

/// The two phrases a derivation repeats for every item of source `ix`: its description
/// (`(name, kind, grade meaning)`) and the words on its trust, for the trust the scorer gives
/// the source's items. A report that shows many derivations names them once (the HTML page's
/// phrase table) instead of in every claim; the text they stand for is exactly this.
pub fn source_phrases(
    corpus: &Corpus,
    ix: crate::model::SourceIx,
    cx: &Context<'_>,
) -> [String; 2] {
    let source = corpus.source(ix);
    let trust = source_trust(ix, source, cx);
    [source_words(source), trust_phrase(trust, ix, source, cx)]
}

/// The trust the scorer gives the items of `source` (numbered `ix`) under `cx`.
fn source_trust(
    ix: crate::model::SourceIx,
    source: &crate::model::Source,
    cx: &Context<'_>,
) -> f64 {
    cx.learned.map_or_else(
        || cx.policy.trust(source.reliability.value),
        |l| l.trust[ix.get()],
    )
}

/// A source's [`source_phrases`], made once by a report that renders many derivations, or
/// `None` for a source it has not made them for.
pub type SourceWords<'w> = dyn Fn(crate::model::SourceIx) -> Option<&'w [String; 2]> + 'w;

/// For an answer listing `parts`, one line per part: the sources that list it (this answer's
/// supporters, those of longer lists that imply it, and those of shorter lists that include
/// it) and the sources whose shorter list leaves it out.
fn part_lines(
    corpus: &Corpus,
    verdict: &Verdict,
    parts: &[crate::model::Text],
    beliefs: &[crate::score::PartBelief],
) -> Vec<String> {
    use crate::model::answers::part_key;
    let source = |item: &crate::score::Item| corpus.source(item.source).id.as_str();
    let supporters = verdict
        .items
        .iter()
        .chain(&verdict.competing)
        .filter(|i| i.supports());
    // Each omission item with its own (shorter) list.
    let omissions: Vec<(&crate::score::Item, &[crate::model::Text])> = verdict
        .competing
        .iter()
        .filter(|i| i.bearing == Bearing::Omitted && i.excluded.is_none())
        .filter_map(|i| {
            let theirs = i
                .competing
                .and_then(|c| corpus.claims[c.get()].value.as_deref())?;
            match &theirs.value {
                crate::model::Value::Parts(list) => Some((i, list.as_slice())),
                crate::model::Value::Quantity { .. } => None,
            }
        })
        .collect();
    fn sorted(mut ids: Vec<&str>) -> Vec<&str> {
        ids.sort_unstable();
        ids.dedup();
        ids
    }
    parts
        .iter()
        .map(|part| {
            let key = part_key(part);
            let has = |list: &[crate::model::Text]| list.iter().any(|t| part_key(t) == key);
            let listed = sorted(
                supporters
                    .clone()
                    .map(source)
                    .chain(
                        omissions
                            .iter()
                            .filter(|(_, list)| has(list))
                            .map(|(i, _)| source(i)),
                    )
                    .collect(),
            );
            let omitted = sorted(
                omissions
                    .iter()
                    .filter(|(_, list)| !has(list))
                    .map(|(i, _)| source(i))
                    .collect(),
            );
            let mut line = format!("  part «{part}»");
            if let Some(b) = beliefs.iter().find(|b| part_key(&b.part) == key) {
                let _ = write!(line, " (belief {:.2})", Decimal(b.probability));
            }
            line.push_str(": listed by ");
            line.push_str(&if listed.is_empty() {
                "nobody".to_owned()
            } else {
                listed.join(", ")
            });
            if !omitted.is_empty() {
                let _ = write!(line, "; left out by {}", omitted.join(", "));
            }
            line
        })
        .collect()
}

/// An item's links and document, one line each under it: `link: URL · archive: URL` and
/// `document: ID «title» (date), captured …, sha256 …, translated from …`. A link is shown as
/// written (made terminal-safe), whatever its scheme: this is text, nothing follows it.
fn link_lines(out: &mut String, links: &super::view::Links<'_>) {
    let mut parts = Vec::new();
    if let Some(url) = links.url {
        parts.push(format!("link: {}", terminal_safe(url)));
    }
    if let Some(url) = links.archive_url {
        parts.push(format!("archive: {}", terminal_safe(url)));
    }
    if !parts.is_empty() {
        let _ = writeln!(out, "     {}", parts.join(" · "));
    }
    if let (Some(d), Some(words)) = (links.document, links.document_words()) {
        let mut line = format!("document: {}", d.id.as_str());
        if !words.is_empty() {
            let _ = write!(line, " {words}");
        }
        let _ = writeln!(out, "     {}", terminal_safe(&line));
    }
}

/// Renders the derivation of `verdict` (its findings with their messages) under `cx`.
pub fn render(
    corpus: &Corpus,
    verdict: &Verdict,
    derivation: &Derivation,
    cx: &Context<'_>,
) -> String {
    render_with(corpus, verdict, derivation, cx, &|_| None)
}

/// [`render`], taking each source's description and trust words from `words` where it has
/// them (the same text, made once per source instead of once per item).
pub fn render_with(
    corpus: &Corpus,
    verdict: &Verdict,
    derivation: &Derivation,
    cx: &Context<'_>,
    words: &SourceWords<'_>,
) -> String {
    let described = |item: &crate::score::Item, source: &crate::model::Source| {
        words(item.source).map_or_else(
            || std::borrow::Cow::Owned(source_words(source)),
            |w| std::borrow::Cow::Borrowed(w[0].as_str()),
        )
    };
    // The words made once are for the source's own trust; an item weighed at another trust
    // gets its own.
    let trusted =
        |item: &crate::score::Item, source: &crate::model::Source| match words(item.source) {
            Some(w) if item.trust.to_bits() == source_trust(item.source, source, cx).to_bits() => {
                std::borrow::Cow::Borrowed(w[1].as_str())
            }
            _ => std::borrow::Cow::Owned(trust_words(item, source, cx)),
        };
    let claim = &corpus.claims[verdict.claim.get()];
    let policy = cx.policy;
    let mut out = String::new();
    let safe = |s: &str| terminal_safe(s).into_owned();
    let _ = writeln!(out, "{}", claim.id.value);
    let _ = writeln!(out, "  \"{}\"", safe(&claim.text));
    let mut facts = Vec::new();
    if let Some(e) = claim.event.as_ref() {
        let date = e
            .target
            .and_then(|ix| corpus.event(ix).date.as_ref())
            .map(|d| format!(" ({})", d.value));
        facts.push(format!("event {}{}", e.id.value, date.unwrap_or_default()));
    }
    if let Some(f) = &claim.favours {
        facts.push(format!("favours {}", f.id.value));
    }
    if let Some(a) = &claim.against {
        facts.push(format!("against {}", a.id.value));
    }
    if let Some(q) = &claim.question {
        facts.push(format!("answers {}", q));
    }
    if claim.rating {
        facts.push("published as a rating".to_owned());
    } else if claim.publish {
        facts.push("marked for publication".to_owned());
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "  {}", facts.join(" · "));
    }
    if let Some(q) = derivation.question.and_then(|i| corpus.questions.get(i)) {
        let mut line = format!("  question ({})", q.kind.value);
        if let Some(text) = &q.text {
            let _ = write!(line, ": {}", safe(text.as_str()));
        }
        let _ = writeln!(out, "{line}");
        if let Some(interval) = &derivation.interval {
            let unit = q.unit.as_ref().map(|u| u.as_str());
            let _ = writeln!(
                out,
                "  the origins' answers: {}",
                super::describe_interval(interval, unit)
            );
        }
        if let Some(crate::model::Value::Parts(parts)) = claim.value.as_deref().map(|v| &v.value) {
            for line in part_lines(corpus, verdict, parts, &derivation.parts) {
                let _ = writeln!(out, "{}", safe(&line));
            }
        }
    }
    let _ = writeln!(
        out,
        "\nVerdict as of {}: {} · {} · score {:.2} ({})",
        cx.as_of,
        verdict.status.as_str().to_uppercase(),
        verdict.code(),
        Decimal(verdict.score),
        estimative(verdict.score)
    );
    let _ = writeln!(out, "  because {}.", verdict.reason);
    if let Some(desk) = super::view::DeskView::of(corpus, verdict) {
        let mut line = format!(
            "Desk's verdict: {}",
            desk.status
                .map_or_else(|| "no status".to_owned(), |s| s.as_str().to_uppercase())
        );
        if let Some(c) = desk.credibility {
            let _ = write!(line, " · credibility {c}");
        }
        let who = desk.who_when();
        if !who.is_empty() {
            let _ = write!(line, " · {who}");
        }
        let _ = writeln!(out, "{}", safe(&line));
        if let Some(reason) = desk.reason {
            let _ = writeln!(out, "  reason: {}", safe(reason));
        }
        if let Some(disagreement) = desk.disagreement() {
            let _ = writeln!(out, "  {disagreement}");
        }
    }

    let _ = writeln!(out, "\nEvidence");
    if verdict.items.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (n, item) in verdict.items.iter().enumerate() {
        let e = &claim.evidence[item.index];
        let source = corpus.source(item.source);
        let mut head = format!(
            "{}. {} {} {}",
            n + 1,
            source.id.value,
            item.stance,
            described(item, source)
        );
        if let Some(d) = &e.date {
            let _ = write!(head, " on {}", d.value);
        }
        if let Some(via) = &e.via {
            let _ = write!(head, ", relayed by {}", safe(&via.chain()));
        }
        if e.hedged {
            head.push_str(", hedged");
        }
        let _ = writeln!(out, "  {head}");
        let _ = writeln!(
            out,
            "     origin {} · {}",
            cx.origin(corpus, item.source),
            interest_words(item.interest)
        );
        match item.excluded {
            Some(Excluded::Silence) => {
                let _ = writeln!(
                    out,
                    "     not counted: silence is not denial (recorded, changes no score)"
                );
            }
            Some(Excluded::Retraction) => {
                let _ = writeln!(
                    out,
                    "     withdraws this source's earlier support from its date on"
                );
            }
            Some(Excluded::AfterAsOf) if e.date.is_none() => {
                let _ = writeln!(
                    out,
                    "     not counted: undated, so taken from its event's date, after {}",
                    cx.as_of
                );
            }
            Some(Excluded::AfterAsOf) => {
                let _ = writeln!(out, "     not counted: dated after {}", cx.as_of);
            }
            Some(Excluded::Retracted { on }) => {
                let when = on.map_or("undated".to_owned(), |d| d.to_string());
                let _ = writeln!(out, "     not counted: retracted by its source ({when})");
            }
            Some(Excluded::Revised { on }) => {
                let when = on.map_or("undated".to_owned(), |d| d.to_string());
                let _ = writeln!(
                    out,
                    "     not counted: its source revised its answer to the question ({when})"
                );
            }
            None => {
                let mut line = format!("     weight: {}", trusted(item, source));
                for step in derivation.steps.get(n).into_iter().flatten() {
                    let _ = write!(line, " → {} = {:.3}", step.label(), Decimal(step.after));
                }
                let direction = if item.stance.supports() {
                    "support"
                } else {
                    "opposition"
                };
                let _ = write!(line, " ⇒ {:.3} {direction}", Decimal(item.weight));
                let _ = writeln!(out, "{line}");
            }
        }
        if let Some(q) = &e.quote {
            let lang = e
                .lang
                .as_ref()
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default();
            let _ = writeln!(out, "     quote{lang}: «{}»", safe(q));
        }
        link_lines(&mut out, &super::view::Links::of(corpus, e));
    }

    if !verdict.competing.is_empty() {
        let _ = writeln!(
            out,
            "\nRelated answers (support for an answer that implies this one supports it; support for one it excludes opposes it, SPEC §3.7)"
        );
        for (k, item) in verdict.competing.iter().enumerate() {
            let Some(other) = item.competing else {
                continue;
            };
            let source = corpus.source(item.source);
            let effect = match item.bearing {
                Bearing::Implied => "implies this claim → support here",
                Bearing::Rival => "excludes this claim → opposition here",
                Bearing::Omitted => "leaves out parts this claim lists → weak opposition here",
                Bearing::Undercut => "is implied by this claim → opposition here",
                Bearing::Own => "",
            };
            let mut line = format!(
                "  {} {} `{}`, which {effect}: {}",
                source.id.value,
                item.stance,
                corpus.claims[other.get()].id.value,
                trusted(item, source)
            );
            for step in derivation.competing_steps.get(k).into_iter().flatten() {
                let _ = write!(line, " → {} = {:.3}", step.label(), Decimal(step.after));
            }
            let _ = writeln!(out, "{line} ⇒ {:.3}", Decimal(item.weight));
        }
    }
    let _ = writeln!(
        out,
        "\nOrigins (within an origin only its strongest support and strongest opposition count)"
    );
    for o in &verdict.origins {
        let mut tags = Vec::new();
        if o.interested {
            tags.push("interested");
        }
        if o.admission {
            tags.push("admission against interest");
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", tags.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}: support {:.3}, opposition {:.3} → belief {:.3}, disbelief {:.3}, uncertainty {:.3}  (sources: {}){tags}",
            cx.origin(corpus, o.source),
            Decimal(o.support),
            Decimal(o.opposition),
            Decimal(o.opinion.belief),
            Decimal(o.opinion.disbelief),
            Decimal(o.opinion.uncertainty),
            verdict.origin_sources(corpus, o).join(", ")
        );
    }
    let f = verdict.fused;
    let _ = writeln!(
        out,
        "\nFusion across {} independent origin(s) (cumulative, in origin-id order)\n  belief {:.3}, disbelief {:.3}, uncertainty {:.3}\n  score = belief + base rate × uncertainty = {:.3} + {} × {:.3} = {:.3}",
        verdict.origins.iter().filter(|o| o.support > 0.0 || o.opposition > 0.0).count(),
        Decimal(f.belief),
        Decimal(f.disbelief),
        Decimal(f.uncertainty),
        Decimal(f.belief),
        policy.base_rate,
        Decimal(f.uncertainty),
        Decimal(verdict.score)
    );
    let _ = writeln!(
        out,
        "  support alone {:.3}, opposition alone {:.3} (independent {:.3}); contest threshold {}, refutation threshold {}; never contested at a score of {} or less, or {} or more",
        Decimal(verdict.support_mass),
        Decimal(verdict.opposition_mass),
        Decimal(verdict.independent_opposition_mass),
        policy.contest_threshold,
        policy.refute_threshold,
        policy.contest_min_score,
        policy.contest_max_score
    );
    let _ = writeln!(
        out,
        "  {} supporting and {} opposing origin(s) reach the minimum weight {}",
        verdict.supporting_origins, verdict.opposing_origins, policy.min_origin_weight
    );

    let _ = writeln!(out, "\nRules");
    if verdict.findings.is_empty() {
        let _ = writeln!(out, "  (none fired)");
    }
    for (i, finding) in verdict.findings.iter().enumerate() {
        let effect = derivation
            .effect(finding.rule)
            .map(|delta| format!(" (moved the score {delta:+.3})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<7} {}: {}{effect}",
            finding.severity.as_str(),
            finding.rule,
            safe(derivation.message(i))
        );
    }
    if claim.evidence.iter().any(|e| e.stance == Stance::NoComment) {
        let _ = writeln!(
            out,
            "\nSilence is recorded but never counted as denial (SPEC §3, property 4)."
        );
    }
    out
}
