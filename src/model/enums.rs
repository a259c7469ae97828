//! The closed vocabularies of the file format: stances, source kinds, Admiralty reliability,
//! the statuses of a verdict (the desk's and the computed one).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in the order the specification lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used in files and reports.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the word used in files; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// Every accepted word, for hints.
            pub fn words() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a source says about a claim.
    Stance {
        /// The source originates the claim.
        Asserts = "asserts",
        /// It independently confirms someone else's claim.
        Confirms = "confirms",
        /// It says the claim is false.
        Denies = "denies",
        /// It contests part of the claim or its framing: weaker than a denial.
        Disputes = "disputes",
        /// It withdraws its own earlier support.
        Retracts = "retracts",
        /// It gives a new answer to the claim's question, withdrawing its own earlier answers to
        /// that question from this item's date on (a ministry's revised casualty figure).
        Revises = "revises",
        /// Asked, it declined to answer.
        NoComment = "no-comment",
    }
}

impl Stance {
    /// Whether this stance supports the claim.
    pub fn supports(self) -> bool {
        matches!(self, Stance::Asserts | Stance::Confirms | Stance::Revises)
    }

    /// Whether this stance opposes the claim.
    pub fn opposes(self) -> bool {
        matches!(self, Stance::Denies | Stance::Disputes)
    }
}

vocabulary! {
    /// What sort of source speaks.
    SourceKind {
        /// A party to the events (an armed group, a government in its own cause).
        Party = "party",
        /// An official body speaking in its official capacity.
        Official = "official",
        /// A news outlet.
        Media = "media",
        /// A news agency.
        Agency = "agency",
        /// A non-governmental organisation.
        Ngo = "ngo",
        /// An intergovernmental body (the UN, the AU, …).
        Intergovernmental = "intergovernmental",
        /// Local sources on the ground.
        Local = "local",
        /// A direct witness.
        Eyewitness = "eyewitness",
        /// A document.
        Document = "document",
        /// Social-media posts.
        Social = "social",
    }
}

vocabulary! {
    /// The Admiralty (STANAG 2511) source-reliability grade assigned by the desk.
    Reliability {
        /// Completely reliable.
        A = "A",
        /// Usually reliable.
        B = "B",
        /// Fairly reliable.
        C = "C",
        /// Not usually reliable.
        D = "D",
        /// Unreliable.
        E = "E",
        /// Reliability cannot be judged.
        F = "F",
    }
}

impl Reliability {
    /// The Admiralty meaning of the grade.
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "cannot be judged",
        }
    }
}

vocabulary! {
    /// What a source's statement rests on: what it is competent to say.
    Basis {
        /// It saw or heard it itself.
        Witnessed = "witnessed",
        /// It rests on a document, a recording or data the source holds.
        Documented = "documented",
        /// It is the source's inference from evidence (an expert's reading of a video).
        Analysis = "analysis",
        /// It is the source's view, beyond what it observed.
        Opinion = "opinion",
        /// The source heard it from others.
        Hearsay = "hearsay",
    }
}

vocabulary! {
    /// How the answers to a question relate to each other.
    QuestionKind {
        /// Each answer excludes every other unless one `implies` another (the default).
        Choice = "choice",
        /// Each answer lists parts (authors, participating groups); a partial list is incomplete,
        /// not contradictory.
        Set = "set",
        /// Each answer is a number or a range; nested ranges imply each other, disjoint ones
        /// exclude each other, overlapping ones are neutral.
        Quantity = "quantity",
    }
}

/// The verdict on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Admission against interest with independent support, or enough reliable disinterested origins.
    Confirmed,
    /// Two or more independent origins, not all interested parties.
    Corroborated,
    /// Anything weaker.
    Unconfirmed,
    /// Credible support and credible opposition.
    Contested,
    /// Credible independent opposition dominates.
    Refuted,
}

impl Status {
    /// Every status, in the order reports list them.
    pub const ALL: [Status; 5] = [
        Status::Confirmed,
        Status::Corroborated,
        Status::Unconfirmed,
        Status::Contested,
        Status::Refuted,
    ];

    /// Its position in [`Status::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The word used in output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Corroborated => "corroborated",
            Status::Unconfirmed => "unconfirmed",
            Status::Contested => "contested",
            Status::Refuted => "refuted",
        }
    }

    /// Parses the word used in files and on the command line; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Every accepted word, for hints.
    pub fn words() -> Vec<&'static str> {
        Status::ALL.iter().map(|s| s.as_str()).collect()
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for s in Stance::ALL {
            assert_eq!(Stance::parse(s.as_str()), Some(*s));
        }
        for k in SourceKind::ALL {
            assert_eq!(SourceKind::parse(k.as_str()), Some(*k));
        }
        for r in Reliability::ALL {
            assert_eq!(Reliability::parse(r.as_str()), Some(*r));
        }
        for b in Basis::ALL {
            assert_eq!(Basis::parse(b.as_str()), Some(*b));
        }
        for k in QuestionKind::ALL {
            assert_eq!(QuestionKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Stance::parse("Asserts"), None);
    }
}
