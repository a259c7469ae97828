//! What every format shows the same way: the canonical order of claims and evidence, the
//! summary line, the per-source rows, how a corpus file's path is shown. Formats import this,
//! never one another.

use super::wire::types::Source;
use super::Selection;
use crate::model::{Corpus, Evidence, SourceIx};
use crate::score::{Assessment, Excluded, Item, Status, Verdict};
use std::path::Path;

/// Claims per status.
pub type Summary = crate::score::StatusCounts;

/// The selection's verdicts sorted by claim id (stable: duplicate ids keep selection order).
pub fn by_claim_id<'a>(corpus: &Corpus, selection: &Selection<'a>) -> Vec<&'a Verdict> {
    let verdicts = &selection.verdicts;
    crate::util::sort::indices_by_str(verdicts.len(), |i| {
        corpus.claims[verdicts[i].claim.get()].id.as_str()
    })
    .into_iter()
    .map(|i| verdicts[i as usize])
    .collect()
}

/// The key of the canonical evidence order: source, date, stance, relay, hedging, quote. The
/// source is the reference's own text: it names the source exactly (a reference resolves only to
/// the source with that id), and it sits beside the item, not in the sources.
pub fn evidence_key<'a>(
    item: &Item,
    e: &'a Evidence,
) -> (
    &'a str,
    Option<crate::model::Date>,
    &'static str,
    Option<&'a str>,
    bool,
    Option<&'a str>,
) {
    (
        e.source.id.as_str(),
        e.date.as_ref().map(|d| d.value),
        item.stance.as_str(),
        e.relay().map(|r| r.id.as_str()),
        e.hedged,
        e.quote.as_ref().map(|q| q.as_str()),
    )
}

/// A verdict's items with their evidence, in the canonical order every format uses.
pub fn canonical_items<'a>(
    corpus: &'a Corpus,
    verdict: &'a Verdict,
) -> Vec<(&'a Item, &'a Evidence)> {
    let claim = &corpus.claims[verdict.claim.get()];
    let mut items: Vec<(&Item, &Evidence)> = verdict
        .items
        .iter()
        .map(|item| (item, &claim.evidence[item.index]))
        .collect();
    if items.len() > 1 {
        items.sort_by(|a, b| evidence_key(a.0, a.1).cmp(&evidence_key(b.0, b.1)));
    }
    items
}

/// How a report lists its verdicts (`report --sort`, `--limit`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Listing {
    /// The verdicts come in the order to show them (a `--sort` other than id): formats keep it,
    /// and those that group claims by event list them in one run instead, each naming its event.
    pub given_order: bool,
    /// When the verdicts are the first of a larger selection (`--limit`): the counts of the
    /// whole selection, which the summary line gives, saying how many are shown.
    pub all: Option<Summary>,
}

impl Listing {
    /// The places in `claims` in the order to list them: as given when the listing says so,
    /// else by claim id, ties (only in a corpus with duplicate ids) in selection order, as
    /// [`by_claim_id`] sorts.
    pub fn order(&self, corpus: &Corpus, claims: &[(crate::model::ClaimIx, Status)]) -> Vec<usize> {
        if self.given_order {
            return (0..claims.len()).collect();
        }
        crate::util::sort::indices_by_str(claims.len(), |i| {
            corpus.claims[claims[i].0.get()].id.as_str()
        })
        .into_iter()
        .map(|i| i as usize)
        .collect()
    }
}

/// The selection's verdicts in the order to list them: as given when the listing says so, else
/// by claim id ([`by_claim_id`]).
pub fn listed<'a>(corpus: &Corpus, selection: &Selection<'a>) -> Vec<&'a Verdict> {
    if selection.listing.given_order {
        selection.verdicts.clone()
    } else {
        by_claim_id(corpus, selection)
    }
}

/// The summary line of the selection: [`summary_line`] over its verdicts, or, when they are the
/// first of more (`--limit`), over the whole selection and saying how many are shown:
/// `showing 3 of 17 claims as of 2025-07-20: 1 confirmed, …`.
pub fn selection_summary(selection: &Selection<'_>) -> String {
    let shown = Summary::of(selection.verdicts.iter().map(|v| v.status));
    listing_summary(&shown, selection.as_of, &selection.listing)
}

/// [`selection_summary`] for claims with the statuses counted in `shown`, listed as `listing`
/// says, as of `as_of`.
pub fn listing_summary(shown: &Summary, as_of: crate::model::Date, listing: &Listing) -> String {
    let total = |s: &Summary| Status::ALL.iter().map(|x| s.get(*x)).sum::<usize>();
    match &listing.all {
        None => counts_line(shown, total(shown), as_of),
        Some(all) => format!(
            "showing {} of {}",
            total(shown),
            counts_line(all, total(all), as_of)
        ),
    }
}

/// `17 claims as of 2025-07-20: 1 confirmed, 2 corroborated, …`.
pub fn summary_line(summary: &Summary, selection: &Selection<'_>) -> String {
    counts_line(summary, selection.verdicts.len(), selection.as_of)
}

/// `N claims as of DAY: counts`, for `total` claims counted in `summary`.
fn counts_line(summary: &Summary, total: usize, as_of: crate::model::Date) -> String {
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|s| format!("{} {}", summary.get(*s), s.as_str()))
        .collect();
    format!(
        "{} as of {}: {}",
        crate::util::text::plural(total, "claim"),
        as_of,
        counts.join(", ")
    )
}

/// The suspected copier pairs of the report and of `sources --format json`, sorted by ids.
pub fn copy_rows<'a>(
    corpus: &'a Corpus,
    assessment: &Assessment,
) -> Vec<super::wire::types::Copy<'a>> {
    let mut out: Vec<super::wire::types::Copy<'a>> = assessment
        .learned
        .copies
        .iter()
        .map(|p| {
            let (a, b) = (
                corpus.source(p.a).id.as_str(),
                corpus.source(p.b).id.as_str(),
            );
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            super::wire::types::Copy {
                sources: [a.into(), b.into()],
                shared: p.shared,
                same: p.same,
                same_true: p.same_true,
                same_false: p.same_false,
                differ: p.differ,
                probability: super::round4(p.probability),
            }
        })
        .collect();
    out.sort_by(|x, y| x.sources.cmp(&y.sources));
    out
}

/// The per-source rows of the report and of `sources --format json`, sorted by id.
pub fn source_rows<'a>(corpus: &'a Corpus, assessment: &'a Assessment) -> Vec<Source<'a>> {
    let learned = &assessment.learned;
    let n = corpus.sources.len();
    let mut claims = vec![0usize; n];
    for claim in &corpus.claims {
        let mut spoke: Vec<usize> = claim
            .evidence
            .iter()
            .filter_map(|e| e.source.target.map(SourceIx::get))
            .collect();
        spoke.sort_unstable();
        spoke.dedup();
        for s in spoke {
            claims[s] += 1;
        }
    }
    let mut rows: Vec<Source<'a>> = corpus
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let mut copies: Vec<&str> = learned
                .copies
                .iter()
                .filter_map(|p| {
                    if p.a.get() == i {
                        Some(corpus.source(p.b).id.as_str())
                    } else if p.b.get() == i {
                        Some(corpus.source(p.a).id.as_str())
                    } else {
                        None
                    }
                })
                .collect();
            copies.sort_unstable();
            Source {
                id: source.id.as_str().into(),
                origin: learned.origin[i].as_str().into(),
                assigned: source.reliability.value.as_str().into(),
                estimated: super::round4(learned.estimated[i]),
                trust: super::round4(learned.trust[i]),
                evidence: super::round4(learned.evidence[i]),
                claims: claims[i],
                record: assessment.records[i].into(),
                copies: copies.into_iter().map(Into::into).collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

/// A corpus file's path under the corpus path as given, exactly: for machines (JSON, workflow
/// commands' `file=`), which must name the real file and escape it their own way.
pub fn given_path(corpus: &Corpus, file: u32) -> String {
    let Some(f) = corpus.files.get(file as usize) else {
        return String::from("<unknown>");
    };
    // A file named outside the corpus (`--config /etc/desk.toml`) is named by its own path.
    if Path::new(&f.relative).is_absolute() {
        return f.relative.clone();
    }
    let root = corpus.root.to_string_lossy();
    if root.is_empty() || root == "." {
        f.relative.clone()
    } else {
        format!("{}/{}", root.trim_end_matches('/'), f.relative)
    }
}

/// Where a corpus file is shown to the user: under the corpus path as given, so it can be opened
/// from the current directory, with anything a terminal would act on made visible.
pub fn display_path(corpus: &Corpus, file: u32) -> String {
    let path = given_path(corpus, file);
    // A path is one line: a newline in a file name would forge another diagnostic (or another
    // `::error` workflow command), so line breaks and tabs are escaped too.
    let mut shown = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '\n' || c == '\t' || c == '\r' || super::is_hazardous(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// The desk's verdict on a claim beside the computed one, as every human format shows it.
#[derive(Debug, Clone, Copy)]
pub struct DeskView<'a> {
    /// The desk's status, if it gave one.
    pub status: Option<Status>,
    /// The desk's Admiralty credibility (1–6), if it gave one.
    pub credibility: Option<u8>,
    /// Who decided.
    pub by: Option<&'a str>,
    /// When.
    pub date: Option<crate::model::Date>,
    /// Why.
    pub reason: Option<&'a str>,
    /// The status the evidence gives.
    pub computed: Status,
}

impl<'a> DeskView<'a> {
    /// The desk's verdict on `verdict`'s claim, when the claim has a `[claim.desk]` table.
    pub fn of(corpus: &'a Corpus, verdict: &Verdict) -> Option<Self> {
        let desk = corpus.claims[verdict.claim.get()].desk.as_deref()?;
        Some(DeskView {
            status: desk.status.as_ref().map(|s| s.value),
            credibility: desk.credibility.as_ref().map(|c| c.value),
            by: desk.by.as_ref().map(|b| b.as_str()),
            date: desk.date.as_ref().map(|d| d.value),
            reason: desk.reason.as_ref().map(|r| r.as_str()),
            computed: verdict.status,
        })
    }

    /// Whether the desk's status differs from the computed one (a desk without a status
    /// disagrees with nothing).
    pub fn disagrees(&self) -> bool {
        self.status.is_some_and(|s| s != self.computed)
    }

    /// `refuted, credibility 5`: the desk's status and credibility, or `no status`.
    pub fn verdict_words(&self) -> String {
        let mut words = self
            .status
            .map_or_else(|| "no status".to_owned(), |s| s.as_str().to_owned());
        if let Some(c) = self.credibility {
            words.push_str(&format!(", credibility {c}"));
        }
        words
    }

    /// `by B. Checker on 2025-07-19`: who and when, empty when neither is known (raw text: each
    /// format escapes it its own way).
    pub fn who_when(&self) -> String {
        match (self.by, self.date) {
            (Some(by), Some(date)) => format!("by {by} on {date}"),
            (Some(by), None) => format!("by {by}"),
            (None, Some(date)) => format!("on {date}"),
            (None, None) => String::new(),
        }
    }

    /// `the desk disagrees: it says refuted, the evidence gives unconfirmed`, when it does.
    pub fn disagreement(&self) -> Option<String> {
        let desk = self.status.filter(|_| self.disagrees())?;
        Some(format!(
            "the desk disagrees: it says {}, the evidence gives {}",
            desk.as_str(),
            self.computed.as_str()
        ))
    }
}

/// `url` when it is a web address a reader can follow: `http:` or `https:`, with no blank,
/// control or bidi character in it. It is the only kind any format turns into a link, each
/// escaping it its own way (an HTML attribute, a Markdown destination, a JSON string); anything
/// else (a `javascript:` or `data:` url, a typo) is shown as text, never followed.
pub fn web_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || super::is_hazardous(c);
    (web && !url.chars().any(unsafe_char)).then_some(url)
}

/// The first 12 hex digits of a SHA-256, enough to tell captures apart by eye.
pub fn short_sha(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Where an evidence item can be read: its links (its own, else its document's) and the
/// document it cites, as every human format shows them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Links<'a> {
    /// Where it was published.
    pub url: Option<&'a str>,
    /// Where an archive keeps it.
    pub archive_url: Option<&'a str>,
    /// The document it cites.
    pub document: Option<&'a crate::model::Document>,
}

impl<'a> Links<'a> {
    /// The links of `e`.
    pub fn of(corpus: &'a Corpus, e: &'a Evidence) -> Self {
        Links {
            url: e.url(corpus),
            archive_url: e.archive_url(corpus),
            document: e.document().and_then(|ix| corpus.documents.get(ix.get())),
        }
    }

    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.url.is_none() && self.archive_url.is_none() && self.document.is_none()
    }

    /// The document's facts after its id, in words (raw text: each format escapes it):
    /// `«title» (2025-07-15), captured 2025-07-16T08:30:00Z, sha256 3f786850e387…, translated
    /// from fr`; `None` without a document.
    pub fn document_words(&self) -> Option<String> {
        let d = self.document?;
        let mut parts: Vec<String> = Vec::new();
        let mut head = String::new();
        if let Some(title) = &d.title {
            head.push_str(&format!("«{}»", title.as_str()));
        }
        if let Some(date) = &d.date {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(&format!("({})", date.value));
        }
        if !head.is_empty() {
            parts.push(head);
        }
        if let Some(captured) = &d.captured {
            parts.push(format!("captured {}", captured.as_str()));
        }
        if let Some(sha) = &d.sha256 {
            parts.push(format!("sha256 {}…", short_sha(sha.as_str())));
        }
        if let Some(from) = &d.translated_from {
            parts.push(format!("translated from {}", from.as_str()));
        }
        Some(parts.join(", "))
    }
}

/// The word the JSON, CSV and diff outputs use for why an item was left out of a verdict.
pub fn excluded_word(e: Excluded) -> &'static str {
    match e {
        Excluded::AfterAsOf => "after-as-of",
        Excluded::Retracted { .. } => "retracted",
        Excluded::Silence => "silence",
        Excluded::Retraction => "retraction",
        Excluded::Revised { .. } => "revised",
    }
}

#[cfg(test)]
mod tests {
    use super::{short_sha, web_url};

    #[test]
    fn only_http_and_https_addresses_are_web_urls() {
        assert_eq!(
            web_url("https://x.example/a?b=1"),
            Some("https://x.example/a?b=1")
        );
        assert_eq!(web_url("HTTP://X.EXAMPLE/"), Some("HTTP://X.EXAMPLE/"));
        for not_web in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<b>x</b>",
            "ftp://x.example/",
            " https://x.example/",
            "https://x.example/a b",
            "https://x.example/\u{202e}",
            "https://x.example/\n",
            "héllo",
            "",
        ] {
            assert_eq!(web_url(not_web), None, "{not_web:?}");
        }
    }

    #[test]
    fn a_short_hash_never_splits_a_character() {
        assert_eq!(short_sha("3f786850e387550fdab8"), "3f786850e387");
        assert_eq!(short_sha("abc"), "abc");
        assert_eq!(short_sha("ééééééé"), "éééééé");
    }
}
