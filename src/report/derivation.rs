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

/// The phrases a derivation repeats from claim to claim, each written whole by one call, so a
/// report that shows many derivations can name them by number instead of spelling them out
/// (the HTML page's phrase table). [`fixed_phrases`] gives their text, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
enum Phrase {
    VerdictAsOf,
    Because,
    Evidence,
    Relayed,
    Hedged,
    Origin,
    Favoured,
    Against,
    Neutral,
    Silence,
    Withdraws,
    NotCounted,
    Weight,
    SupportEnd,
    OppositionEnd,
    QuoteLang,
    QuoteBare,
    RelatedHead,
    Implied,
    Rival,
    Omitted,
    Undercut,
    OriginsHead,
    Support,
    Opposition,
    Belief,
    Disbelief,
    Uncertainty,
    Sources,
    FusionAcross,
    Independent,
    Score,
    SupportAlone,
    OppositionAlone,
    Thresholds,
    SupportingAnd,
    MinimumWeight,
    Rules,
    NoneFired,
    Moved,
    SilenceNote,
}

impl Phrase {
    /// Every phrase, in number order.
    const ALL: [Phrase; 41] = [
        Phrase::VerdictAsOf,
        Phrase::Because,
        Phrase::Evidence,
        Phrase::Relayed,
        Phrase::Hedged,
        Phrase::Origin,
        Phrase::Favoured,
        Phrase::Against,
        Phrase::Neutral,
        Phrase::Silence,
        Phrase::Withdraws,
        Phrase::NotCounted,
        Phrase::Weight,
        Phrase::SupportEnd,
        Phrase::OppositionEnd,
        Phrase::QuoteLang,
        Phrase::QuoteBare,
        Phrase::RelatedHead,
        Phrase::Implied,
        Phrase::Rival,
        Phrase::Omitted,
        Phrase::Undercut,
        Phrase::OriginsHead,
        Phrase::Support,
        Phrase::Opposition,
        Phrase::Belief,
        Phrase::Disbelief,
        Phrase::Uncertainty,
        Phrase::Sources,
        Phrase::FusionAcross,
        Phrase::Independent,
        Phrase::Score,
        Phrase::SupportAlone,
        Phrase::OppositionAlone,
        Phrase::Thresholds,
        Phrase::SupportingAnd,
        Phrase::MinimumWeight,
        Phrase::Rules,
        Phrase::NoneFired,
        Phrase::Moved,
        Phrase::SilenceNote,
    ];

    /// The phrase's text under `cx` (some carry the policy's values or the as-of day).
    fn text(self, cx: &Context<'_>) -> String {
        let p = cx.policy;
        let interest = |i| format!(" \u{b7} {}\n", interest_words(i));
        let effect = |b| format!(", which {}: ", bearing_words(b));
        match self {
            Phrase::VerdictAsOf => format!("\nVerdict as of {}: ", cx.as_of),
            Phrase::Because => "  because ".into(),
            Phrase::Evidence => "\nEvidence\n".into(),
            Phrase::Relayed => ", relayed by ".into(),
            Phrase::Hedged => ", hedged".into(),
            Phrase::Origin => "     origin ".into(),
            Phrase::Favoured => interest(Interest::Favoured),
            Phrase::Against => interest(Interest::Against),
            Phrase::Neutral => interest(Interest::Neutral),
            Phrase::Silence => "     not counted: silence is not denial (recorded, changes no score)\n".into(),
            Phrase::Withdraws => "     withdraws this source's earlier support from its date on\n".into(),
            Phrase::NotCounted => "     not counted: ".into(),
            Phrase::Weight => "     weight: ".into(),
            Phrase::SupportEnd => " support\n".into(),
            Phrase::OppositionEnd => " opposition\n".into(),
            Phrase::QuoteLang => "     quote [".into(),
            Phrase::QuoteBare => "     quote: \u{ab}".into(),
            Phrase::RelatedHead => "\nRelated answers (support for an answer that implies this one supports it; support for one it excludes opposes it, SPEC \u{a7}3.7)\n".into(),
            Phrase::Implied => effect(Bearing::Implied),
            Phrase::Rival => effect(Bearing::Rival),
            Phrase::Omitted => effect(Bearing::Omitted),
            Phrase::Undercut => effect(Bearing::Undercut),
            Phrase::OriginsHead => "\nOrigins (within an origin only its strongest support and strongest opposition count)\n".into(),
            Phrase::Support => ": support ".into(),
            Phrase::Opposition => ", opposition ".into(),
            Phrase::Belief => " \u{2192} belief ".into(),
            Phrase::Disbelief => ", disbelief ".into(),
            Phrase::Uncertainty => ", uncertainty ".into(),
            Phrase::Sources => "  (sources: ".into(),
            Phrase::FusionAcross => "\nFusion across ".into(),
            Phrase::Independent => " independent origin(s) (cumulative, in origin-id order)\n  belief ".into(),
            Phrase::Score => "\n  score = belief + base rate \u{d7} uncertainty = ".into(),
            Phrase::SupportAlone => "  support alone ".into(),
            Phrase::OppositionAlone => ", opposition alone ".into(),
            Phrase::Thresholds => format!(
            "); contest threshold {}, refutation threshold {}; never contested at a score of {} or less, or {} or more\n",
            p.contest_threshold, p.refute_threshold, p.contest_min_score, p.contest_max_score
        ),
            Phrase::SupportingAnd => " supporting and ".into(),
            Phrase::MinimumWeight => format!(" opposing origin(s) reach the minimum weight {}\n", p.min_origin_weight),
            Phrase::Rules => "\nRules\n".into(),
            Phrase::NoneFired => "  (none fired)\n".into(),
            Phrase::Moved => " (moved the score ".into(),
            Phrase::SilenceNote => "\nSilence is recorded but never counted as denial (SPEC \u{a7}3, property 4).\n".into(),
        }
    }
}

/// The text of every phrase a derivation repeats (the private `Phrase`), in order, under `cx`
/// (some carry the policy's values or the as-of day).
pub fn fixed_phrases(cx: &Context<'_>) -> Vec<String> {
    Phrase::ALL.iter().map(|phrase| phrase.text(cx)).collect()
}

/// What a competing answer's support means for this claim.
fn bearing_words(bearing: Bearing) -> &'static str {
    match bearing {
        Bearing::Implied => "implies this claim \u{2192} support here",
        Bearing::Rival => "excludes this claim \u{2192} opposition here",
        Bearing::Omitted => "leaves out parts this claim lists \u{2192} weak opposition here",
        Bearing::Undercut => "is implied by this claim \u{2192} opposition here",
        Bearing::Own => "",
    }
}

/// A repeated phrase written into a derivation: one of [`fixed_phrases`], or one of a source's
/// two [`source_phrases`] (0: its description, 1: its trust words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The [`fixed_phrases`] entry of this number.
    Fixed(u16),
    /// Source phrase 0 or 1 of this source.
    Source(crate::model::SourceIx, u8),
}

/// A derivation's text, and where each repeated phrase was written into it.
#[derive(Debug, Clone, Default)]
pub struct Marked {
    /// The text `explain` prints.
    pub text: String,
    /// (byte offset in `text`, phrase), in text order; the phrase's text follows the offset.
    pub marks: Vec<(usize, Mark)>,
}

/// The text being written, with its marks.
struct Out<'p> {
    marked: Marked,
    fixed: &'p [String],
}

impl Out<'_> {
    fn put(&mut self, phrase: Phrase) {
        let i = phrase as u16;
        self.marked
            .marks
            .push((self.marked.text.len(), Mark::Fixed(i)));
        self.marked.text.push_str(&self.fixed[usize::from(i)]);
    }

    fn source(&mut self, source: crate::model::SourceIx, which: u8, text: &str) {
        self.marked
            .marks
            .push((self.marked.text.len(), Mark::Source(source, which)));
        self.marked.text.push_str(text);
    }

    fn push_str(&mut self, text: &str) {
        self.marked.text.push_str(text);
    }

    /// `x` as `{:.digits}` writes it.
    fn decimal(&mut self, x: f64, digits: usize) {
        Decimal(x).push_to(&mut self.marked.text, digits);
    }
}

impl Write for Out<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.marked.text.push_str(s);
        Ok(())
    }
}

/// Renders the derivation of `verdict` (its findings with their messages) under `cx`.
pub fn render(
    corpus: &Corpus,
    verdict: &Verdict,
    derivation: &Derivation,
    cx: &Context<'_>,
) -> String {
    render_with(corpus, verdict, derivation, cx, &fixed_phrases(cx), &|_| {
        None
    })
    .text
}

/// [`render`], with where each repeated phrase is: `fixed` are [`fixed_phrases`] under `cx`, and
/// each source's description and trust words are taken from `words` where it has them (the same
/// text, made once per source instead of once per item).
pub fn render_with(
    corpus: &Corpus,
    verdict: &Verdict,
    derivation: &Derivation,
    cx: &Context<'_>,
    fixed: &[String],
    words: &SourceWords<'_>,
) -> Marked {
    let claim = &corpus.claims[verdict.claim.get()];
    let policy = cx.policy;
    // Room for a typical derivation, so the text is not copied as it grows.
    let mut out = Out {
        marked: Marked {
            text: String::with_capacity(4096),
            marks: Vec::with_capacity(128),
        },
        fixed,
    };
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
    out.put(Phrase::VerdictAsOf);
    let _ = writeln!(
        out,
        "{} · {} · score {:.2} ({})",
        verdict.status.as_str().to_uppercase(),
        verdict.code(),
        Decimal(verdict.score),
        estimative(verdict.score)
    );
    out.put(Phrase::Because);
    let _ = writeln!(out, "{}.", verdict.reason);
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

    out.put(Phrase::Evidence);
    if verdict.items.is_empty() {
        out.push_str("  (none)\n");
    }
    // The item's trust words: the source's own, made once, when the item is weighed at the
    // source's trust; an item weighed at another trust gets its own.
    let trusted =
        |out: &mut Out<'_>, item: &crate::score::Item, source: &crate::model::Source| match words(
            item.source,
        ) {
            Some(w) if item.trust.to_bits() == source_trust(item.source, source, cx).to_bits() => {
                out.source(item.source, 1, &w[1]);
            }
            _ => out.push_str(&trust_words(item, source, cx)),
        };
    let steps = |out: &mut Out<'_>, steps: Option<&Vec<crate::score::weigh::Step>>| {
        for step in steps.into_iter().flatten() {
            let _ = write!(out, " → {} = ", step.label());
            out.decimal(step.after, 3);
        }
    };
    for (n, item) in verdict.items.iter().enumerate() {
        let e = &claim.evidence[item.index];
        let source = corpus.source(item.source);
        let _ = write!(out, "  {}. ", n + 1);
        out.push_str(source.id.as_str());
        out.push_str(" ");
        out.push_str(item.stance.as_str());
        out.push_str(" ");
        match words(item.source) {
            Some(w) => out.source(item.source, 0, &w[0]),
            None => out.push_str(&source_words(source)),
        }
        if let Some(d) = &e.date {
            let _ = write!(out, " on {}", d.value);
        }
        if let Some(via) = &e.via {
            out.put(Phrase::Relayed);
            out.push_str(&safe(&via.chain()));
        }
        if e.hedged {
            out.put(Phrase::Hedged);
        }
        out.push_str("\n");
        out.put(Phrase::Origin);
        out.push_str(cx.origin(corpus, item.source));
        out.put(match item.interest {
            Interest::Favoured => Phrase::Favoured,
            Interest::Against => Phrase::Against,
            Interest::Neutral => Phrase::Neutral,
        });
        match item.excluded {
            Some(Excluded::Silence) => out.put(Phrase::Silence),
            Some(Excluded::Retraction) => out.put(Phrase::Withdraws),
            Some(Excluded::AfterAsOf) if e.date.is_none() => {
                out.put(Phrase::NotCounted);
                let _ = writeln!(
                    out,
                    "undated, so taken from its event's date, after {}",
                    cx.as_of
                );
            }
            Some(Excluded::AfterAsOf) => {
                out.put(Phrase::NotCounted);
                let _ = writeln!(out, "dated after {}", cx.as_of);
            }
            Some(Excluded::Retracted { on }) => {
                let when = on.map_or("undated".to_owned(), |d| d.to_string());
                out.put(Phrase::NotCounted);
                let _ = writeln!(out, "retracted by its source ({when})");
            }
            Some(Excluded::Revised { on }) => {
                let when = on.map_or("undated".to_owned(), |d| d.to_string());
                out.put(Phrase::NotCounted);
                let _ = writeln!(
                    out,
                    "its source revised its answer to the question ({when})"
                );
            }
            None => {
                out.put(Phrase::Weight);
                trusted(&mut out, item, source);
                steps(&mut out, derivation.steps.get(n));
                out.push_str(" ⇒ ");
                out.decimal(item.weight, 3);
                out.put(if item.stance.supports() {
                    Phrase::SupportEnd
                } else {
                    Phrase::OppositionEnd
                });
            }
        }
        if let Some(q) = &e.quote {
            match &e.lang {
                Some(lang) => {
                    out.put(Phrase::QuoteLang);
                    let _ = write!(out, "{lang}]: «");
                }
                None => out.put(Phrase::QuoteBare),
            }
            let _ = writeln!(out, "{}»", safe(q));
        }
        link_lines(&mut out.marked.text, &super::view::Links::of(corpus, e));
    }

    if !verdict.competing.is_empty() {
        out.put(Phrase::RelatedHead);
        for (k, item) in verdict.competing.iter().enumerate() {
            let Some(other) = item.competing else {
                continue;
            };
            let source = corpus.source(item.source);
            let _ = write!(
                out,
                "  {} {} `{}`",
                source.id.value,
                item.stance,
                corpus.claims[other.get()].id.value
            );
            match item.bearing {
                Bearing::Implied => out.put(Phrase::Implied),
                Bearing::Rival => out.put(Phrase::Rival),
                Bearing::Omitted => out.put(Phrase::Omitted),
                Bearing::Undercut => out.put(Phrase::Undercut),
                Bearing::Own => out.push_str(", which : "),
            }
            trusted(&mut out, item, source);
            steps(&mut out, derivation.competing_steps.get(k));
            out.push_str(" ⇒ ");
            out.decimal(item.weight, 3);
            out.push_str("\n");
        }
    }
    out.put(Phrase::OriginsHead);
    for o in &verdict.origins {
        out.push_str("  ");
        out.push_str(cx.origin(corpus, o.source));
        out.put(Phrase::Support);
        out.decimal(o.support, 3);
        out.put(Phrase::Opposition);
        out.decimal(o.opposition, 3);
        out.put(Phrase::Belief);
        out.decimal(o.opinion.belief, 3);
        out.put(Phrase::Disbelief);
        out.decimal(o.opinion.disbelief, 3);
        out.put(Phrase::Uncertainty);
        out.decimal(o.opinion.uncertainty, 3);
        out.put(Phrase::Sources);
        out.push_str(&verdict.origin_sources(corpus, o).join(", "));
        out.push_str(")");
        let mut tags = Vec::new();
        if o.interested {
            tags.push("interested");
        }
        if o.admission {
            tags.push("admission against interest");
        }
        if !tags.is_empty() {
            let _ = write!(out, " [{}]", tags.join(", "));
        }
        out.push_str("\n");
    }
    let f = verdict.fused;
    out.put(Phrase::FusionAcross);
    let _ = write!(
        out,
        "{}",
        verdict
            .origins
            .iter()
            .filter(|o| o.support > 0.0 || o.opposition > 0.0)
            .count()
    );
    out.put(Phrase::Independent);
    out.decimal(f.belief, 3);
    out.put(Phrase::Disbelief);
    out.decimal(f.disbelief, 3);
    out.put(Phrase::Uncertainty);
    out.decimal(f.uncertainty, 3);
    out.put(Phrase::Score);
    out.decimal(f.belief, 3);
    let _ = write!(out, " + {} × ", policy.base_rate);
    out.decimal(f.uncertainty, 3);
    out.push_str(" = ");
    out.decimal(verdict.score, 3);
    out.push_str("\n");
    out.put(Phrase::SupportAlone);
    out.decimal(verdict.support_mass, 3);
    out.put(Phrase::OppositionAlone);
    out.decimal(verdict.opposition_mass, 3);
    out.push_str(" (independent ");
    out.decimal(verdict.independent_opposition_mass, 3);
    out.put(Phrase::Thresholds);
    let _ = write!(out, "  {}", verdict.supporting_origins);
    out.put(Phrase::SupportingAnd);
    let _ = write!(out, "{}", verdict.opposing_origins);
    out.put(Phrase::MinimumWeight);

    out.put(Phrase::Rules);
    if verdict.findings.is_empty() {
        out.put(Phrase::NoneFired);
    }
    for (i, finding) in verdict.findings.iter().enumerate() {
        let _ = write!(
            out,
            "  {:<7} {}: {}",
            finding.severity.as_str(),
            finding.rule,
            safe(derivation.message(i))
        );
        if let Some(delta) = derivation.effect(finding.rule) {
            out.put(Phrase::Moved);
            let _ = write!(out, "{delta:+.3})");
        }
        out.push_str("\n");
    }
    if claim.evidence.iter().any(|e| e.stance == Stance::NoComment) {
        out.put(Phrase::SilenceNote);
    }
    out.marked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phrase's number is its place in the table: the page looks phrases up by number.
    #[test]
    fn phrases_are_listed_in_number_order() {
        for (i, phrase) in Phrase::ALL.iter().enumerate() {
            assert_eq!(*phrase as usize, i, "{phrase:?}");
        }
        assert_eq!(Phrase::ALL.len(), Phrase::SilenceNote as usize + 1);
    }
}
