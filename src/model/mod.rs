//! The corpus as typed data: actors, sources, events, claims and their evidence.
//!
//! Every entity keeps the [`Span`] of the TOML text it came from, so any later finding (a
//! validation diagnostic, an assessment rule, an `explain` line) can point at the user's words.
//! References between entities are resolved by the loader into indices ([`SourceIx`], …); an
//! unresolved reference is reported as a diagnostic and left as `None`.

pub mod answers;
mod enums;

pub use answers::{relate, Relation};
pub use enums::{Basis, QuestionKind, Reliability, SourceKind, Stance, Status};

use chrono::NaiveDate;
use std::path::PathBuf;

/// Index of a file in [`Corpus::files`].
pub type FileId = u32;

/// The model's strings: stored inline up to 24 bytes (ids, language tags, most names), on the
/// heap beyond (texts, quotes), so a large corpus does not pay an allocation per id.
pub type Text = compact_str::CompactString;

/// A byte range in one of the corpus's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file, an index into [`Corpus::files`].
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span covering `range` in `file`; offsets past `u32::MAX` are clamped (files that large
    /// are refused by the loader before any span is made).
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(range.start),
            end: clamp(range.end),
        }
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Located<T> {
    /// Wraps `value` written at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

impl Located<Text> {
    /// The string value.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// One file of the corpus, as the loader found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    /// Path relative to the corpus root, with `/` separators (what diagnostics print).
    pub relative: String,
    /// Path as opened on disk.
    pub path: PathBuf,
    /// Size in bytes.
    pub len: u64,
}

/// A date as written in the corpus: a TOML local date, or the date part of a date-time.
pub type Date = NaiveDate;

/// A reference to another entity by id, with its resolved index once linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<I> {
    /// The id as written.
    pub id: Located<Text>,
    /// The entity it names, when one exists.
    pub target: Option<I>,
}

impl<I> Ref<I> {
    /// An unresolved reference to `id`.
    pub fn unresolved(id: Located<Text>) -> Self {
        Ref { id, target: None }
    }
}

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index as a `usize`, for slicing.
            pub fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// Index of an actor in [`Corpus::actors`].
    ActorIx
);
index_type!(
    /// Index of a source in [`Corpus::sources`].
    SourceIx
);
index_type!(
    /// Index of an event in [`Corpus::events`].
    EventIx
);
index_type!(
    /// Index of a claim in [`Corpus::claims`].
    ClaimIx
);
index_type!(
    /// Index of a document in [`Corpus::documents`].
    DocumentIx
);

/// A party whose interests matter when weighing what is said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Unique id among actors.
    pub id: Located<Text>,
    /// Human-readable name.
    pub name: Option<Located<Text>>,
    /// Adversaries of this actor.
    pub opposes: Vec<Ref<ActorIx>>,
    /// Allies: their word is not independent of this actor's interest.
    pub allied: Vec<Ref<ActorIx>>,
    /// The whole `[[actor]]` entry.
    pub span: Span,
}

/// Who says things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Unique id among sources.
    pub id: Located<Text>,
    /// Human-readable name.
    pub name: Option<Located<Text>>,
    /// What sort of source it is.
    pub kind: Located<SourceKind>,
    /// The actor it speaks for, if any.
    pub actor: Option<Ref<ActorIx>>,
    /// Declared common-origin group, if any (see [`Source::origin_key`]).
    pub origin: Option<Located<Text>>,
    /// The desk's Admiralty reliability grade (default `F`).
    pub reliability: Located<Reliability>,
    /// Where the source can be read.
    pub url: Option<Located<Text>>,
    /// The whole `[[source]]` entry.
    pub span: Span,
}

impl Source {
    /// The independent-origin group this source belongs to: its declared `origin`, else its
    /// actor's id, else its own id. Sources sharing this key count as one origin.
    pub fn origin_key(&self) -> &str {
        if let Some(origin) = &self.origin {
            return origin.as_str();
        }
        if let Some(actor) = &self.actor {
            return actor.id.as_str();
        }
        self.id.as_str()
    }

    /// The display name: `name` if given, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or(self.id.as_str(), Located::as_str)
    }
}

/// Something that happened, which claims are about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique id among events.
    pub id: Located<Text>,
    /// Short title.
    pub title: Option<Located<Text>>,
    /// When it happened.
    pub date: Option<Located<Date>>,
    /// Where it happened.
    pub place: Option<Located<Text>>,
    /// The whole `[event]` table.
    pub span: Span,
}

/// A statement of fact whose truth the corpus weighs.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Unique id among claims.
    pub id: Located<Text>,
    /// The claim as the desk words it. (Like the question, no finding points at it: the claim's
    /// span locates it.)
    pub text: Text,
    /// The actor this claim serves.
    pub favours: Option<Box<Ref<ActorIx>>>,
    /// The actor this claim harms.
    pub against: Option<Box<Ref<ActorIx>>>,
    /// The event it is about: explicit `event`, else the file's `[event]`.
    pub event: Option<Ref<EventIx>>,
    /// Claims sharing a question are answers to it: competing, or implying one another (see
    /// [`Question`]).
    pub question: Option<Text>,
    /// Its answer's value, for a question of kind `quantity` or `set`.
    pub value: Option<Box<Located<Value>>>,
    /// Claims this one implies: support for it supports them, and opposition to them opposes
    /// it.
    pub implies: Box<[Ref<ClaimIx>]>,
    /// The desk intends to publish it; CI gates look at these.
    pub publish: bool,
    /// The desk publishes it as a rating (`publish = "rating"`: a debunk, a "doubtful"): the
    /// gate passes it when the computed status agrees with the desk's.
    pub rating: bool,
    /// The desk's own verdict, beside the computed one.
    pub desk: Option<Box<Desk>>,
    /// What sources said about it.
    pub evidence: Vec<Evidence>,
    /// The whole `[[claim]]` entry.
    pub span: Span,
}

/// The desk's own verdict on a claim (`[claim.desk]`), shown beside the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    /// The status the desk gives it.
    pub status: Option<Located<Status>>,
    /// The Admiralty credibility the desk gives it, 1 (confirmed) to 6 (cannot be judged).
    pub credibility: Option<Located<u8>>,
    /// Who decided.
    pub by: Option<Text>,
    /// When.
    pub date: Option<Located<Date>>,
    /// Why.
    pub reason: Option<Text>,
    /// The whole `[claim.desk]` table.
    pub span: Span,
}

/// A report, page, post or file that evidence is read from (`[[document]]`): where it was
/// published, where an archive keeps it, and the desk's own capture with its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Unique id among documents.
    pub id: Located<Text>,
    /// Who published it; evidence citing it says it through this source.
    pub source: Option<Ref<SourceIx>>,
    /// Its title.
    pub title: Option<Text>,
    /// When it was published; evidence citing it is dated so.
    pub date: Option<Located<Date>>,
    /// Where it was published.
    pub url: Option<Located<Text>>,
    /// Where an archive keeps it.
    pub archive_url: Option<Located<Text>>,
    /// When the desk captured it, as written (a TOML date or date-time).
    pub captured: Option<Located<Text>>,
    /// The desk's capture, relative to the corpus root, with `/` separators.
    pub file: Option<Located<Text>>,
    /// The SHA-256 of that capture, lowercase hex.
    pub sha256: Option<Located<Text>>,
    /// Its language.
    pub lang: Option<Text>,
    /// The language it was translated from, when it is a translation.
    pub translated_from: Option<Text>,
    /// The whole `[[document]]` entry.
    pub span: Span,
}

/// Where an evidence item can be read: the document it cites, or links of its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    /// The document it was read in.
    pub document: Option<Ref<DocumentIx>>,
    /// Where it was published, when it cites no document.
    pub url: Option<Located<Text>>,
    /// Where an archive keeps it.
    pub archive_url: Option<Located<Text>>,
}

impl Provenance {
    /// The provenance an item with these keys has: `None` when it has none of them.
    pub fn of(
        document: Option<Ref<DocumentIx>>,
        url: Option<Located<Text>>,
        archive_url: Option<Located<Text>>,
    ) -> Option<Box<Provenance>> {
        (document.is_some() || url.is_some() || archive_url.is_some()).then(|| {
            Box::new(Provenance {
                document,
                url,
                archive_url,
            })
        })
    }
}

/// A question that claims answer, declared with `[[question]]`. A question named only by its
/// claims' `question` keys is a `choice` question without text.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Its id, as claims name it.
    pub id: Located<Text>,
    /// The question as the desk asks it.
    pub text: Option<Located<Text>>,
    /// How its answers relate.
    pub kind: Located<QuestionKind>,
    /// The unit of a quantity question's values.
    pub unit: Option<Located<Text>>,
    /// Values this close are one answer.
    pub tolerance: Option<Located<Tolerance>>,
    /// The whole `[[question]]` entry.
    pub span: Span,
}

/// How close two values of a quantity question must be to count as one answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// An absolute difference, in the question's unit.
    Absolute(f64),
    /// A fraction of the larger magnitude (`"5%"` is 0.05).
    Relative(f64),
}

impl Tolerance {
    /// The largest difference between `a` and `b` that still makes them one value.
    pub fn between(self, a: f64, b: f64) -> f64 {
        match self {
            Tolerance::Absolute(t) => t,
            Tolerance::Relative(r) => r * a.abs().max(b.abs()),
        }
    }
}

/// What a claim answers to a quantity or set question.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number or a range: `value = 4` is `min = max = 4`; `{ min = 100 }` is "at least 100".
    Quantity {
        /// The smallest value it allows, if bounded below.
        min: Option<f64>,
        /// The largest value it allows, if bounded above.
        max: Option<f64>,
    },
    /// The parts a set answer lists.
    Parts(Vec<Text>),
}

impl Value {
    /// A quantity's bounds, unbounded sides as infinities; `None` for a set answer.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match self {
            Value::Quantity { min, max } => Some((
                min.unwrap_or(f64::NEG_INFINITY),
                max.unwrap_or(f64::INFINITY),
            )),
            Value::Parts(_) => None,
        }
    }
}

/// One source's statement about one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Who said it.
    pub source: Ref<SourceIx>,
    /// What they said about the claim. (Fields that no finding points at keep no span of their
    /// own: a corpus holds millions of items, and the item's span locates them.)
    pub stance: Stance,
    /// When they said it.
    pub date: Option<Located<Date>>,
    /// The sources that relayed it, if it reached the desk second-hand.
    pub via: Option<Box<Relays>>,
    /// What the statement rests on, if the desk says.
    pub basis: Option<Basis>,
    /// Conditional or second-hand wording ("aurait", "reportedly").
    pub hedged: bool,
    /// Where it can be read, if the desk says.
    pub provenance: Option<Box<Provenance>>,
    /// The original words.
    pub quote: Option<Text>,
    /// Language of the quote.
    pub lang: Option<Text>,
    /// The whole `[[claim.evidence]]` (or top-level `[[evidence]]`) entry.
    pub span: Span,
}

/// The relays an evidence item reached the desk through, nearest its source first: `via =
/// ["afp", "rfi"]` means the source told AFP, whom RFI relayed to the desk. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relays(pub Vec<Ref<SourceIx>>);

impl Relays {
    /// A chain of one relay.
    pub fn one(relay: Ref<SourceIx>) -> Self {
        Relays(vec![relay])
    }

    /// The relay that delivered the item to the desk (the last of the chain).
    pub fn desk(&self) -> Option<&Ref<SourceIx>> {
        self.0.last()
    }

    /// Every relay, nearest the source first.
    pub fn iter(&self) -> std::slice::Iter<'_, Ref<SourceIx>> {
        self.0.iter()
    }

    /// The relays' ids joined by ` → `, nearest the source first.
    pub fn chain(&self) -> String {
        self.0
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

impl Evidence {
    /// The relay that delivered it to the desk, if it came second-hand.
    pub fn relay(&self) -> Option<&Ref<SourceIx>> {
        self.via.as_deref().and_then(Relays::desk)
    }

    /// The document it cites, once resolved.
    pub fn document(&self) -> Option<DocumentIx> {
        self.provenance.as_deref()?.document.as_ref()?.target
    }

    /// Where it can be read: its own link, else its document's (`None` without either).
    pub fn url<'c>(&'c self, corpus: &'c Corpus) -> Option<&'c str> {
        self.url_in(&corpus.documents)
    }

    /// Where an archive keeps it: its own archive link, else its document's.
    pub fn archive_url<'c>(&'c self, corpus: &'c Corpus) -> Option<&'c str> {
        self.archive_url_in(&corpus.documents)
    }

    /// [`Evidence::url`], with the corpus's `documents`.
    pub fn url_in<'c>(&'c self, documents: &'c [Document]) -> Option<&'c str> {
        let own = self.provenance.as_deref()?;
        own.url.as_ref().map(Located::as_str).or_else(|| {
            let document = documents.get(own.document.as_ref()?.target?.get())?;
            document.url.as_ref().map(Located::as_str)
        })
    }

    /// [`Evidence::archive_url`], with the corpus's `documents`.
    pub fn archive_url_in<'c>(&'c self, documents: &'c [Document]) -> Option<&'c str> {
        let own = self.provenance.as_deref()?;
        own.archive_url.as_ref().map(Located::as_str).or_else(|| {
            let document = documents.get(own.document.as_ref()?.target?.get())?;
            document.archive_url.as_ref().map(Located::as_str)
        })
    }
}

/// A loaded and linked corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// The folder it was loaded from.
    pub root: PathBuf,
    /// Every file read, in load order; [`Span::file`] indexes this.
    pub files: Vec<CorpusFile>,
    /// Actors, in load order.
    pub actors: Vec<Actor>,
    /// Sources, in load order.
    pub sources: Vec<Source>,
    /// Events, in load order.
    pub events: Vec<Event>,
    /// Claims, in load order.
    pub claims: Vec<Claim>,
    /// Declared questions, in load order.
    pub questions: Vec<Question>,
    /// Documents, in load order.
    pub documents: Vec<Document>,
}

impl Corpus {
    /// The actor at `ix`.
    pub fn actor(&self, ix: ActorIx) -> &Actor {
        &self.actors[ix.get()]
    }

    /// The source at `ix`.
    pub fn source(&self, ix: SourceIx) -> &Source {
        &self.sources[ix.get()]
    }

    /// The event at `ix`.
    pub fn event(&self, ix: EventIx) -> &Event {
        &self.events[ix.get()]
    }

    /// The document at `ix`.
    pub fn document(&self, ix: DocumentIx) -> &Document {
        &self.documents[ix.get()]
    }

    /// The claim with this id, if any.
    pub fn claim_by_id(&self, id: &str) -> Option<ClaimIx> {
        self.claims
            .iter()
            .position(|c| c.id.value == id)
            .map(|i| ClaimIx(i as u32))
    }

    /// The number of evidence items across all claims.
    pub fn evidence_count(&self) -> usize {
        self.claims.iter().map(|c| c.evidence.len()).sum()
    }
}

/// Whether `id` is a valid entity id: non-empty, lowercase ASCII letters, digits, `-`, `_`, `.`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_spec_alphabet() {
        assert!(is_valid_id("alkit.vehicles-destroyed"));
        assert!(is_valid_id("fla_2"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("FLA"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("é"));
    }
}
