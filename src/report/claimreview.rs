//! `report --format claimreview`: schema.org ClaimReview JSON-LD.
//!
//! The document is a JSON array with one `ClaimReview` per selected claim marked for publication
//! (`publish = true`: a claim the desk has not decided to publish is not a review it stands
//! behind), sorted by claim id, each carrying its own `@context` (the shape search engines
//! document for several reviews on one page). Per claim:
//!
//! - `claimReviewed`: the claim's text; `datePublished`: the `--as-of` day;
//! - `reviewRating`: a `Rating` whose `alternateName` is the status word and whose numbers come
//!   from the Admiralty information credibility (see [`rating_value`]): `ratingValue` =
//!   7 − credibility, `bestRating` 6, `worstRating` 1, so confirmed (1) rates 6 and "cannot be
//!   judged" (6) rates 1; `ratingExplanation` gives the Admiralty code, score and estimative word.
//!   For a claim with the desk's verdict (`[claim.desk]` with a `status`) the rating is what the
//!   desk publishes: `alternateName` the desk's status, `ratingValue` from the desk's credibility
//!   (else the credibility its status stands for, [`status_credibility`]), and
//!   `ratingExplanation` gives the desk's reason, who and when, then the computed verdict, with
//!   "the desk disagrees" when the two statuses differ;
//! - `itemReviewed`: the `Claim`, with `author` the originating source (the source of the
//!   earliest `asserts` item, else of the earliest supporting item; items after the `--as-of` day
//!   do not count, undated items come after dated ones, ties follow the JSON report's canonical
//!   order) as a `Person` for an eyewitness and an `Organization` otherwise, `datePublished` that
//!   item's date, and `appearance`, where the claim appeared, as `CreativeWork`s sorted by `url`
//!   and deduplicated: for each supporting item with a link of its own or its document's
//!   (`Evidence::url`), that `url` with `archivedAt` (the archive link), `datePublished` (the
//!   item's date), `author` (its source, by name) and `headline` (the document's title), each
//!   where known; for a supporting item without a link, as before, the `url`s of its source and
//!   of the relays (`via`) it came through. `firstAppearance` is the earliest-dated supporting
//!   item with a link (items after the `--as-of` day do not count; undated ones come last).
//!   Only `http:` and `https:` urls are passed on ([`web_url`]);
//! - `url`: the policy file's `[publisher]` `url` (without any fragment) + `#` + claim id;
//! - from the same section: `author` (an `Organization` with the publisher's `name` and `url`)
//!   and `inLanguage` (the publisher `language`), each only when set.
//!
//! Google requires the `url` on every review. Without a publisher `url` (or with one that is not
//! an `http:`/`https:` address) no review can have one, so none is written: the document is a
//! valid, empty array, and [`ClaimReviewFormat`] then returns a [`MissingUrl`] error after
//! writing it, so the run reports what was left out rather than publishing nothing in silence.
//!
//! The JSON is meant to be pasted into a `<script type="application/ld+json">` element, so `<`,
//! `>` and `&` are written as `\u003c`, `\u003e`, `\u0026`, and U+2028/U+2029, control and bidi
//! characters as `\u` escapes too: the text cannot close the script element nor drive a
//! terminal it is printed to, and the document stays valid JSON with the same meaning.

use super::format::Doc;
use super::view::{canonical_items, web_url, DeskView, Links};
use super::{estimative, is_hazardous};
use crate::model::{ClaimIx, Corpus, Evidence, SourceKind, Stance, Status};
use crate::policy::Policy;
use crate::score::{Excluded, Item, Verdict};
use crate::util::text::plural;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Best rating: credibility 1, confirmed.
pub const BEST_RATING: u8 = 6;
/// Worst rating: credibility 6, cannot be judged.
pub const WORST_RATING: u8 = 1;

/// The ClaimReview `ratingValue` of an Admiralty information credibility 1–6: 7 − credibility,
/// so higher is better as schema.org expects (1 confirmed → 6, 6 cannot be judged → 1).
pub fn rating_value(credibility: u8) -> u8 {
    7u8.saturating_sub(credibility.clamp(1, 6))
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Review<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
    claim_reviewed: &'a str,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Party<'a>>,
    review_rating: Rating,
    item_reviewed: ClaimItem<'a>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Party<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: u8,
    best_rating: u8,
    worst_rating: u8,
    alternate_name: &'static str,
    rating_explanation: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Party<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Appearance<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_appearance: Option<Appearance<'a>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Party<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<&'a str>,
}

impl<'a> Appearance<'a> {
    /// A page known only by its address (a source's or relay's own `url`).
    fn bare(url: &'a str) -> Self {
        Appearance {
            kind: "CreativeWork",
            url,
            archived_at: None,
            date_published: None,
            author: None,
            headline: None,
        }
    }

    /// Where an item appeared, from its links and document, when it has a web link.
    fn of_item(corpus: &'a Corpus, item: &Item, e: &'a Evidence) -> Option<Self> {
        let links = Links::of(corpus, e);
        let url = links.url.and_then(web_url)?;
        let source = corpus.source(item.source);
        Some(Appearance {
            kind: "CreativeWork",
            url,
            archived_at: links.archive_url.and_then(web_url),
            date_published: e.date.as_ref().map(|d| d.value.to_string()),
            author: Some(Party {
                kind: party_kind(source),
                name: Some(source.display_name()),
                url: None,
            }),
            headline: links
                .document
                .and_then(|d| d.title.as_ref())
                .map(|t| t.as_str()),
        })
    }
}

/// `Person` for an eyewitness, `Organization` for every other kind of source.
fn party_kind(source: &crate::model::Source) -> &'static str {
    if source.kind.value == SourceKind::Eyewitness {
        "Person"
    } else {
        "Organization"
    }
}

/// Whether `url` is an `http:` or `https:` address: the only kind a published review links to
/// (a `javascript:` or `data:` url in a source file is not passed on).
fn is_web(url: &str) -> bool {
    web_url(url.trim()).is_some()
}

/// The Admiralty credibility a desk status stands for when the desk gives none: confirmed 1,
/// corroborated 2 (probably true), unconfirmed 3 (possibly true), contested 4 (doubtful),
/// refuted 5 (improbable).
pub fn status_credibility(status: Status) -> u8 {
    match status {
        Status::Confirmed => 1,
        Status::Corroborated => 2,
        Status::Unconfirmed => 3,
        Status::Contested => 4,
        Status::Refuted => 5,
    }
}

/// The review's rating: the desk's published verdict when it gives a status, with the computed
/// one in the explanation; the computed verdict otherwise.
fn rating(corpus: &Corpus, verdict: &Verdict) -> Rating {
    let computed = format!(
        "{}: Admiralty code {}, score {:.2} ({})",
        verdict.status.as_str(),
        verdict.code(),
        crate::util::text::Decimal(verdict.score),
        estimative(verdict.score)
    );
    let desk = DeskView::of(corpus, verdict);
    let Some((desk, status)) = desk.and_then(|d| Some((d, d.status?))) else {
        return Rating {
            kind: "Rating",
            rating_value: rating_value(verdict.credibility),
            best_rating: BEST_RATING,
            worst_rating: WORST_RATING,
            alternate_name: verdict.status.as_str(),
            rating_explanation: computed,
        };
    };
    let mut explanation = format!("{}: the desk's verdict", status.as_str());
    let who = desk.who_when();
    if !who.is_empty() {
        explanation.push_str(&format!(", {who}"));
    }
    if let Some(reason) = desk.reason {
        explanation.push_str(&format!(" ({reason})"));
    }
    explanation.push_str(&format!("; computed from the evidence: {computed}"));
    if let Some(disagreement) = desk.disagreement() {
        explanation.push_str(&format!("; {disagreement}"));
    }
    Rating {
        kind: "Rating",
        rating_value: rating_value(desk.credibility.unwrap_or(status_credibility(status))),
        best_rating: BEST_RATING,
        worst_rating: WORST_RATING,
        alternate_name: status.as_str(),
        rating_explanation: explanation,
    }
}

/// The item that originated the claim: the earliest `asserts`, else the earliest support.
fn originating<'a>(items: &[(&'a Item, &'a Evidence)]) -> Option<(&'a Item, &'a Evidence)> {
    let counted = |item: &Item| item.excluded != Some(Excluded::AfterAsOf);
    let earliest = |pick: &dyn Fn(&Item) -> bool| {
        items
            .iter()
            .filter(|(item, _)| counted(item) && pick(item))
            // Stable: ties keep the canonical order; `None` dates sort after every date.
            .min_by_key(|(_, e)| (e.date.is_none(), e.date.as_ref().map(|d| d.value)))
            .copied()
    };
    earliest(&|item| item.stance == Stance::Asserts).or_else(|| earliest(&|item| item.supports()))
}

/// A non-empty `[publisher]` value.
fn publisher<'a>(policy: &'a Policy, key: &str) -> Option<&'a str> {
    policy
        .publisher
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// The publisher page reviews are anchored in: its `url` without any fragment, when it is a web
/// address (a review's `url` is a link search engines show, so nothing else is passed on).
fn publisher_page(policy: &Policy) -> Option<&str> {
    let url = publisher(policy, "url")
        .map(str::trim)
        .filter(|u| is_web(u))?;
    Some(url.split_once('#').map_or(url, |(page, _)| page))
}

/// The selected claims marked for publication, by claim id.
fn published(doc: &Doc<'_>) -> Vec<ClaimIx> {
    doc.by_claim_id()
        .into_iter()
        .filter(|c| doc.corpus.claims[c.get()].publish)
        .collect()
}

fn review<'a>(
    corpus: &'a Corpus,
    verdict: &'a Verdict,
    policy: &'a Policy,
    page: &str,
    as_of: String,
) -> Review<'a> {
    let claim = &corpus.claims[verdict.claim.get()];
    let items = canonical_items(corpus, verdict);
    let origin = originating(&items);
    let author = origin.map(|(item, _)| {
        let source = corpus.source(item.source);
        Party {
            kind: party_kind(source),
            name: Some(source.display_name()),
            url: source
                .url
                .as_ref()
                .map(|u| u.as_str())
                .filter(|u| is_web(u)),
        }
    });
    // By url; a page the evidence links to, with its details, wins over the same address known
    // only as a source's page.
    let mut appearances: BTreeMap<&str, Appearance<'a>> = BTreeMap::new();
    // The earliest-dated supporting item with a link, as (undated, date, appearance).
    let mut first: Option<(bool, Option<crate::model::Date>, Appearance<'a>)> = None;
    for (item, e) in &items {
        if !item.supports() {
            continue;
        }
        if let Some(appearance) = Appearance::of_item(corpus, item, e) {
            if item.excluded != Some(Excluded::AfterAsOf) {
                let key = (e.date.is_none(), e.date.as_ref().map(|d| d.value));
                // Strictly earlier only: ties keep the canonical order.
                if first.as_ref().is_none_or(|(u, d, _)| key < (*u, *d)) {
                    first = Some((key.0, key.1, appearance.clone()));
                }
            }
            appearances.insert(appearance.url, appearance);
            continue;
        }
        let relay = e
            .via
            .iter()
            .flat_map(|v| v.iter())
            .filter_map(|r| r.target)
            .map(|ix| corpus.source(ix));
        for source in std::iter::once(corpus.source(item.source)).chain(relay) {
            if let Some(url) = source.url.as_ref().filter(|u| is_web(u.as_str())) {
                appearances
                    .entry(url.as_str())
                    .or_insert_with(|| Appearance::bare(url.as_str()));
            }
        }
    }
    let name = publisher(policy, "name");
    let url = publisher(policy, "url")
        .map(str::trim)
        .filter(|u| is_web(u));
    Review {
        context: "https://schema.org",
        kind: "ClaimReview",
        url: format!("{page}#{}", claim.id.value),
        claim_reviewed: claim.text.as_str(),
        date_published: as_of,
        in_language: publisher(policy, "language"),
        author: (name.is_some() || url.is_some()).then_some(Party {
            kind: "Organization",
            name,
            url,
        }),
        review_rating: rating(corpus, verdict),
        item_reviewed: ClaimItem {
            kind: "Claim",
            author,
            date_published: origin.and_then(|(_, e)| e.date.as_ref().map(|d| d.value.to_string())),
            appearance: appearances.into_values().collect(),
            first_appearance: first.map(|(_, _, a)| a),
        },
    }
}

/// `json` with the characters that could end a `<script>` element or confuse a JavaScript or
/// terminal reader (control and bidi characters, [`is_hazardous`]) written as `\u` escapes. They only ever occur inside JSON strings, where the
/// escape means the same character.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            // Every hazardous character is in the Basic Multilingual Plane: one `\uXXXX` each.
            c if matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') || is_hazardous(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Why a ClaimReview document holds fewer reviews than the selection has claims marked for
/// publication: the policy gives no publisher page to anchor their `url`s in.
///
/// [`ClaimReviewFormat`] returns it (as the source of an [`std::io::Error`], found with
/// `get_ref()` and `downcast_ref`) after writing the empty document, so the caller can print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingUrl {
    /// Claims marked `publish = true` in the selection, none of which got a review.
    pub omitted: usize,
    /// Whether `[publisher]` has a `url` that is not an `http:` or `https:` address.
    pub not_web: bool,
}

impl std::fmt::Display for MissingUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = if self.not_web {
            "the `url` of `[publisher]` in corroborate.toml is not an http: or https: address"
        } else {
            "corroborate.toml has no `url` in a `[publisher]` table"
        };
        write!(
            f,
            "no ClaimReview written for {} marked `publish = true`: Google requires a `url` on \
             every review and {why}; set `url = \"https://…\"` under `[publisher]` (each review \
             gets that page + `#` + the claim id)",
            plural(self.omitted, "claim")
        )
    }
}

impl std::error::Error for MissingUrl {}

/// The reviews [`ClaimReviewFormat`] leaves out of the selection for want of a publisher url, if
/// any.
pub fn missing_url(doc: &Doc<'_>) -> Option<MissingUrl> {
    if publisher_page(doc.policy).is_some() {
        return None;
    }
    let omitted = published(doc).len();
    (omitted > 0).then(|| MissingUrl {
        omitted,
        not_web: publisher(doc.policy, "url").is_some(),
    })
}

/// One review as an element of the document's array: pretty JSON indented one level (a JSON
/// text holds no raw line break but between its tokens), made [`script_safe`].
fn element(review: &Review<'_>) -> String {
    let text = serde_json::to_string_pretty(review).unwrap_or_default();
    script_safe(&text.replace('\n', "\n  "))
}

/// Writes the selected claims marked for publication as ClaimReview JSON-LD, the bytes of
/// serde's pretty array of their reviews, by claim id, rendered a batch at a time
/// ([`Doc::stream`]): an empty array when the policy has no publisher url to give them (see
/// [`missing_url`]).
fn write_doc(doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    let Some(page) = publisher_page(doc.policy) else {
        return out.write_all(b"[]\n");
    };
    let as_of = doc.assessment.as_of.to_string();
    let render = |v: &Verdict| element(&review(doc.corpus, v, doc.policy, page, as_of.clone()));
    let mut first = true;
    let mut write = |text: String| {
        out.write_all(if first { b"[\n  " } else { b",\n  " })?;
        first = false;
        out.write_all(text.as_bytes())
    };
    doc.stream(&published(doc), &render, &mut write)?;
    out.write_all(if first { b"[]\n" } else { b"\n]\n" })
}

/// schema.org ClaimReview JSON-LD.
pub struct ClaimReviewFormat;

/// schema.org ClaimReview JSON-LD.
pub static CLAIMREVIEW: ClaimReviewFormat = ClaimReviewFormat;

impl super::format::Format for ClaimReviewFormat {
    fn name(&self) -> &'static str {
        "claimreview"
    }
    fn summary(&self) -> &'static str {
        "schema.org ClaimReview JSON-LD (claims marked for publication)."
    }
    /// Writes the document; when reviews were left out for want of a publisher url, the (valid,
    /// empty) document is written and flushed first, then the [`MissingUrl`] is returned: the
    /// only channel `Format` has to the caller, and an empty page of reviews must not pass for
    /// a successful run.
    /// A feed of reviews is complete or misleading: every selected claim goes in, by id.
    fn lists(&self) -> bool {
        false
    }
    fn write(&self, doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        write_doc(doc, out)?;
        match missing_url(doc) {
            Some(missing) => {
                out.flush()?;
                Err(std::io::Error::other(missing))
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{rating_value, script_safe};

    #[test]
    fn credibility_maps_to_a_rating_where_higher_is_better() {
        assert_eq!(rating_value(1), 6);
        assert_eq!(rating_value(3), 4);
        assert_eq!(rating_value(6), 1);
    }

    #[test]
    fn text_cannot_close_a_script_element() {
        let text = "</script><b>& \u{202e}x\u{9b}\u{2028}";
        let json = serde_json::to_string(text).unwrap();
        let safe = script_safe(&json);
        assert!(safe.is_ascii(), "{safe}");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), text);
    }
}
