//! The file format's keys, declared once: for every table, its keys, what kind of value each
//! holds and which are required.
//!
//! Each table is an enum of its keys, so a loader that matches on it is exhaustive: adding a key
//! here fails to compile wherever a key of that table is read until the new key is handled. The
//! general loader (`convert`) and the fast one (`fast`) both look keys up here; the importer
//! writes them from here; the loader fuzz (`tests/loader_fuzz.rs`) generates documents from
//! here; and the unknown-key diagnostics list the known keys from here.

/// What kind of value a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string in the id alphabet, naming an entity (or being one's id).
    Id,
    /// Free text.
    Text,
    /// A word from a fixed vocabulary (kinds, grades, stances).
    Word,
    /// `true` or `false`.
    Bool,
    /// A TOML date (or date-time).
    Date,
    /// A whole number.
    Integer,
    /// A SHA-256 digest: 64 hex digits.
    Digest,
    /// `true`, `false`, or a word for a third way (`publish = "rating"`).
    Publish,
    /// An array of ids.
    IdList,
    /// An id, or an array of ids.
    IdOrList,
    /// A claim's answer: a number, a `{ min, max }` table, or an array of strings.
    Value,
    /// A number, or a percentage written as a string (`"5%"`).
    Tolerance,
    /// A table (`[event]`).
    Table,
    /// An array of tables (`[[claim]]`, `[[claim.evidence]]`).
    Tables,
}

/// What every table's key enum offers.
pub trait Keys: Copy + Eq + std::fmt::Debug + Sized + 'static {
    /// Every key, in the order the format documents them.
    const ALL: &'static [Self];
    /// The table as a message names it, e.g. "a `[[claim]]` entry".
    const WHAT: &'static str;
    /// The key as written.
    fn name(self) -> &'static str;
    /// The kind of value it holds.
    fn kind(self) -> Kind;
    /// Whether an entry without it is reported (`missing-field`).
    fn required(self) -> bool;
    /// What it means: its doc comment here, for the JSON Schema's descriptions.
    fn doc(self) -> &'static str;
    /// The key written `name`, if the table has one.
    fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }
    /// Every key's name, in order.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.name()).collect()
    }
}

/// Declares a table's keys: `Variant = "name", Kind, required`.
macro_rules! table {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[doc = $kdoc:literal])* $key:ident = $text:literal, $kind:ident, $required:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[doc = $kdoc])* $key,)*
        }

        impl Keys for $name {
            const ALL: &'static [Self] = &[$($name::$key,)*];
            const WHAT: &'static str = $what;
            fn name(self) -> &'static str {
                match self {
                    $($name::$key => $text,)*
                }
            }
            fn kind(self) -> Kind {
                match self {
                    $($name::$key => Kind::$kind,)*
                }
            }
            fn required(self) -> bool {
                match self {
                    $($name::$key => $required,)*
                }
            }
            fn doc(self) -> &'static str {
                // Each `///` line arrives as its own literal with its leading space, so joined
                // they read as one sentence; the caller trims the first space.
                match self {
                    $($name::$key => concat!($($kdoc),*),)*
                }
            }
        }
    };
}

table!(
    /// The top level of a file under `claims/`.
    ClaimsFile, "a claims file", {
        /// The event the file's claims are about.
        Event = "event", Table, false;
        /// The claims.
        Claim = "claim", Tables, false;
        /// The questions the claims answer.
        Question = "question", Tables, false;
        /// Documents the evidence is read in.
        Document = "document", Tables, false;
        /// Evidence that names its claim, so a later development is appended in a new file.
        Evidence = "evidence", Tables, false;
    }
);

table!(
    /// The top level of a file under `sources/`.
    SourcesFile, "a sources file", {
        /// The actors.
        Actor = "actor", Tables, false;
        /// The sources.
        Source = "source", Tables, false;
        /// Documents the sources published.
        Document = "document", Tables, false;
    }
);

table!(
    /// A `[[document]]` entry: a report, page or post that evidence is read in.
    DocumentKey, "a `[[document]]` entry", {
        /// Its id, as evidence's `document` keys name it.
        Id = "id", Id, true;
        /// Who published it: evidence citing it says it through this source.
        Source = "source", Id, false;
        /// Its title.
        Title = "title", Text, false;
        /// When it was published: evidence citing it is dated so.
        Date = "date", Date, false;
        /// Where it was published.
        Url = "url", Text, false;
        /// Where an archive keeps it.
        ArchiveUrl = "archive_url", Text, false;
        /// When the desk captured it.
        Captured = "captured", Date, false;
        /// The desk's capture, relative to the corpus root; `check` verifies it against `sha256`.
        File = "file", Text, false;
        /// The SHA-256 of the capture, 64 hex digits (`corroborate archive hash FILE` prints it).
        Sha256 = "sha256", Digest, false;
        /// Its language.
        Lang = "lang", Text, false;
        /// The language it was translated from, when it is a translation.
        TranslatedFrom = "translated_from", Text, false;
    }
);

table!(
    /// An `[[actor]]` entry: a party to the story.
    ActorKey, "an `[[actor]]` entry", {
        /// Its id.
        Id = "id", Id, true;
        /// Its display name.
        Name = "name", Text, false;
        /// Actors it is opposed to.
        Opposes = "opposes", IdList, false;
        /// Actors allied to it.
        Allied = "allied", IdList, false;
    }
);

table!(
    /// A `[[source]]` entry: who speaks.
    SourceKey, "a `[[source]]` entry", {
        /// Its id.
        Id = "id", Id, true;
        /// Its display name.
        Name = "name", Text, false;
        /// What kind of source it is.
        Kind = "kind", Word, true;
        /// The actor it speaks for.
        Actor = "actor", Id, false;
        /// Its independent origin, when it shares one with other sources.
        Origin = "origin", Id, false;
        /// The desk's Admiralty grade (`F` when absent).
        Reliability = "reliability", Word, false;
        /// Its home page.
        Url = "url", Text, false;
    }
);

table!(
    /// The `[event]` table of a claims file.
    EventKey, "an `[event]` table", {
        /// Its id.
        Id = "id", Id, true;
        /// A title.
        Title = "title", Text, false;
        /// When it happened.
        Date = "date", Date, false;
        /// Where.
        Place = "place", Text, false;
    }
);

table!(
    /// A `[[question]]` entry: what a group of claims answers.
    QuestionKey, "a `[[question]]` entry", {
        /// Its id, as claims' `question` keys name it.
        Id = "id", Id, true;
        /// The question as the desk asks it.
        Text = "text", Text, false;
        /// How its answers relate (`choice` when absent).
        Kind = "kind", Word, false;
        /// The unit of a quantity question's values.
        Unit = "unit", Text, false;
        /// Values of a quantity question this close are one answer: a number, or a percentage such as "5%".
        Tolerance = "tolerance", Tolerance, false;
    }
);

table!(
    /// A `[[claim]]` entry.
    ClaimKey, "a `[[claim]]` entry", {
        /// Its id.
        Id = "id", Id, true;
        /// What it says.
        Text = "text", Text, true;
        /// The actor it favours.
        Favours = "favours", Id, false;
        /// The actor it harms.
        Against = "against", Id, false;
        /// Its event (the file's `[event]` when absent).
        Event = "event", Id, false;
        /// The question it answers, among competing answers.
        Question = "question", Id, false;
        /// Whether the desk intends to publish it: true, or "rating" for a claim the desk publishes as a rating (a debunk), which the gate passes when the computed status agrees with the desk's.
        Publish = "publish", Publish, false;
        /// Its answer to a quantity question (a number, or { min, max }) or to a set question (a list of parts).
        Value = "value", Value, false;
        /// Claims it implies: its support supports them.
        Implies = "implies", IdList, false;
        /// The desk's own verdict, shown beside the computed one.
        Desk = "desk", Table, false;
        /// Its evidence.
        Evidence = "evidence", Tables, false;
    }
);

table!(
    /// A `[claim.desk]` table: the desk's own verdict.
    DeskKey, "a `[claim.desk]` table", {
        /// The status the desk gives the claim.
        Status = "status", Word, false;
        /// The Admiralty credibility the desk gives it, 1 (confirmed) to 6 (cannot be judged).
        Credibility = "credibility", Integer, false;
        /// Who decided.
        By = "by", Text, false;
        /// When.
        Date = "date", Date, false;
        /// Why.
        Reason = "reason", Text, false;
    }
);

table!(
    /// A `[[claim.evidence]]` entry.
    EvidenceKey, "a `[[claim.evidence]]` entry", {
        /// The claim it bears on: only in a top-level `[[evidence]]` table, where it is required.
        Claim = "claim", Id, false;
        /// Who said it (required unless its `document` names the source).
        Source = "source", Id, false;
        /// What they said of the claim.
        Stance = "stance", Word, true;
        /// When.
        Date = "date", Date, false;
        /// The sources that relayed it to the desk: one id, or a list nearest the source first.
        Via = "via", IdOrList, false;
        /// Conditional or second-hand wording.
        Hedged = "hedged", Bool, false;
        /// The words, in the original language.
        Quote = "quote", Text, false;
        /// The quote's language.
        Lang = "lang", Text, false;
        /// What the statement rests on.
        Basis = "basis", Word, false;
        /// The document it was read in: the item takes the document's source and date.
        Document = "document", Id, false;
        /// Where it was published, when it cites no document.
        Url = "url", Text, false;
        /// Where an archive keeps it.
        ArchiveUrl = "archive_url", Text, false;
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn unique<K: Keys>() {
        let mut names = K::names();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "{} repeats a key", K::WHAT);
        for key in K::ALL {
            assert_eq!(K::parse(key.name()), Some(*key));
        }
        assert_eq!(K::parse("no-such-key"), None);
    }

    #[test]
    fn keys_are_unique_and_parse_back() {
        unique::<ClaimsFile>();
        unique::<SourcesFile>();
        unique::<ActorKey>();
        unique::<SourceKey>();
        unique::<EventKey>();
        unique::<QuestionKey>();
        unique::<ClaimKey>();
        unique::<DeskKey>();
        unique::<DocumentKey>();
        unique::<EvidenceKey>();
    }
}
