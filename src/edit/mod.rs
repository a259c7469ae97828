//! Appending one entry to a corpus file (`corroborate add`): the entry's text, where in the file
//! it goes, and where a new file may be put.
//!
//! The rule is that an edit only ever appends: every byte of the file as it was stays, in place,
//! so a desk's comments, layout and line endings survive, and every existing diagnostic keeps
//! its position. Whether the result is a correct corpus is not decided here but by loading it
//! (the caller overlays the new text on the corpus and refuses it on any new error), so the
//! checks stay in one place, the loader's.
//!
//! Entries are rendered by `toml_edit`, so any string a user types (quotes, backslashes,
//! newlines, control characters, any script) is quoted as TOML requires, and the same parser
//! reads the original file to tell where a claim's tables end. Every key is named through
//! [`crate::load::schema`]. Nothing here touches the disk or reads the environment.

pub mod archive;

use crate::load::schema::{ClaimKey, ClaimsFile, EvidenceKey, Keys, SourceKey, SourcesFile};
use crate::load::Section;
use crate::util::path::fold;
use std::path::{Component, Path, PathBuf};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// A path given for a new entry that the corpus would not read as one of its files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The path is not under the corpus's `claims/` (or `sources/`) folder.
    #[error("{} is not under the corpus's {folder}/ folder ({})", path.display(), root.display())]
    Outside {
        /// The path as given.
        path: PathBuf,
        /// The folder it must be under.
        folder: &'static str,
        /// The corpus root.
        root: PathBuf,
    },
    /// The loader reads only `.toml` files, and skips hidden ones: an entry there would be lost.
    #[error("{} would not be read as part of the corpus: {why}", path.display())]
    NotRead {
        /// The path as given.
        path: PathBuf,
        /// Why not.
        why: &'static str,
    },
}

/// One value of a new entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A string (an id, a word, free text).
    Text(String),
    /// A date as the user typed it: written as a TOML date when it is one, else as a string, so
    /// that the loader's own `wrong-type` diagnostic says what is wrong with it.
    Date(String),
    /// `true` or `false`.
    Bool(bool),
    /// An id, or a list of ids when there is more than one (`via`).
    Ids(Vec<String>),
}

impl Field {
    fn value(&self) -> Value {
        match self {
            Field::Text(text) => Value::from(text.as_str()),
            Field::Date(text) => match text.trim().parse::<toml_edit::Datetime>() {
                Ok(date) => Value::from(date),
                Err(_) => Value::from(text.as_str()),
            },
            Field::Bool(b) => Value::from(*b),
            Field::Ids(ids) => match ids.as_slice() {
                [one] => Value::from(one.as_str()),
                many => Value::Array(many.iter().map(String::as_str).collect()),
            },
        }
    }
}

/// Where an entry goes in its file: which array of tables it is a new element of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `[[claim]]`.
    Claim,
    /// `[[claim.evidence]]`: the last claim of the file's own evidence.
    ClaimEvidence,
    /// `[[evidence]]` with `claim = "ID"`, anywhere in any claims file.
    Evidence,
    /// `[[source]]`.
    Source,
}

impl Place {
    /// The header's path, as the schema names its parts.
    fn path(self) -> Vec<&'static str> {
        match self {
            Place::Claim => vec![ClaimsFile::Claim.name()],
            Place::ClaimEvidence => vec![ClaimsFile::Claim.name(), ClaimKey::Evidence.name()],
            Place::Evidence => vec![ClaimsFile::Evidence.name()],
            Place::Source => vec![SourcesFile::Source.name()],
        }
    }

    /// The header as written, e.g. `[[claim.evidence]]`.
    pub fn header(self) -> String {
        format!("[[{}]]", self.path().join("."))
    }
}

/// A new entry: its table and its keys, in the order the format documents them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The array of tables it joins.
    pub table: Place,
    /// Its keys and values; absent keys are not written.
    pub fields: Vec<(&'static str, Field)>,
}

impl Entry {
    /// The entry as TOML: its header and one `key = value` line per field, with a final newline.
    pub fn render(&self) -> String {
        let mut body = Table::new();
        for (key, field) in &self.fields {
            body.insert(key, Item::Value(field.value()));
        }
        let mut array = ArrayOfTables::new();
        array.push(body);
        let mut item = Item::ArrayOfTables(array);
        // The parents of a `[[claim.evidence]]` header are implicit: no `[claim]` line is
        // written above it, which would start a second table of that name.
        let path = self.table.path();
        for part in path[1..].iter().rev() {
            let mut parent = Table::new();
            parent.set_implicit(true);
            parent.insert(part, item);
            item = Item::Table(parent);
        }
        let mut doc = DocumentMut::new();
        doc.insert(path[0], item);
        doc.to_string()
    }
}

/// One `key = value` line, with its newline (for output to paste into a file, such as
/// `archive hash` prints).
pub fn line(key: &str, field: &Field) -> String {
    format!("{key} = {}\n", field.value())
}

/// Adds `(key, field)` to `fields` when `value` is given.
fn push(fields: &mut Vec<(&'static str, Field)>, key: &'static str, value: Option<&String>) {
    if let Some(value) = value {
        fields.push((key, Field::Text(value.clone())));
    }
}

/// A new evidence item, as `corroborate add evidence` takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEvidence {
    /// The claim it bears on.
    pub claim: String,
    /// Who said it (may be left to the document).
    pub source: Option<String>,
    /// What they said of the claim.
    pub stance: String,
    /// When, as typed.
    pub date: Option<String>,
    /// The relays, nearest the source first.
    pub via: Vec<String>,
    /// Conditional or second-hand wording.
    pub hedged: bool,
    /// The words said.
    pub quote: Option<String>,
    /// The quote's language.
    pub lang: Option<String>,
    /// What it rests on.
    pub basis: Option<String>,
    /// The document it was read in.
    pub document: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Where an archive keeps it.
    pub archive_url: Option<String>,
}

impl NewEvidence {
    /// The entry for `table`: `claim` is written only in a top-level `[[evidence]]` table.
    pub fn entry(&self, table: Place) -> Entry {
        let mut fields = Vec::new();
        // The order of `EvidenceKey::ALL`, the format's own.
        for key in EvidenceKey::ALL {
            let name = key.name();
            match key {
                EvidenceKey::Claim if table == Place::Evidence => {
                    fields.push((name, Field::Text(self.claim.clone())));
                }
                EvidenceKey::Claim => {}
                EvidenceKey::Source => push(&mut fields, name, self.source.as_ref()),
                EvidenceKey::Stance => fields.push((name, Field::Text(self.stance.clone()))),
                EvidenceKey::Date => {
                    if let Some(date) = &self.date {
                        fields.push((name, Field::Date(date.clone())));
                    }
                }
                EvidenceKey::Via if !self.via.is_empty() => {
                    fields.push((name, Field::Ids(self.via.clone())));
                }
                EvidenceKey::Via => {}
                // `hedged = false` is the default: written only when it says something.
                EvidenceKey::Hedged if self.hedged => fields.push((name, Field::Bool(true))),
                EvidenceKey::Hedged => {}
                EvidenceKey::Quote => push(&mut fields, name, self.quote.as_ref()),
                EvidenceKey::Lang => push(&mut fields, name, self.lang.as_ref()),
                EvidenceKey::Basis => push(&mut fields, name, self.basis.as_ref()),
                EvidenceKey::Document => push(&mut fields, name, self.document.as_ref()),
                EvidenceKey::Url => push(&mut fields, name, self.url.as_ref()),
                EvidenceKey::ArchiveUrl => push(&mut fields, name, self.archive_url.as_ref()),
            }
        }
        Entry { table, fields }
    }
}

/// A new claim, as `corroborate add claim` takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewClaim {
    /// Its id.
    pub id: String,
    /// What it says.
    pub text: String,
    /// The question it answers.
    pub question: Option<String>,
    /// The actor it favours.
    pub favours: Option<String>,
    /// The actor it harms.
    pub against: Option<String>,
    /// Its event, when the file's `[event]` is not it.
    pub event: Option<String>,
    /// Whether the desk means to publish it.
    pub publish: bool,
}

impl NewClaim {
    /// Its `[[claim]]` entry.
    pub fn entry(&self) -> Entry {
        let mut fields = Vec::new();
        for key in ClaimKey::ALL {
            let name = key.name();
            match key {
                ClaimKey::Id => fields.push((name, Field::Text(self.id.clone()))),
                ClaimKey::Text => fields.push((name, Field::Text(self.text.clone()))),
                ClaimKey::Favours => push(&mut fields, name, self.favours.as_ref()),
                ClaimKey::Against => push(&mut fields, name, self.against.as_ref()),
                ClaimKey::Event => push(&mut fields, name, self.event.as_ref()),
                ClaimKey::Question => push(&mut fields, name, self.question.as_ref()),
                ClaimKey::Publish if self.publish => fields.push((name, Field::Bool(true))),
                // Values, implications, the desk's verdict and evidence are added by hand or
                // by `add evidence`: a claim is started with what identifies it.
                ClaimKey::Publish
                | ClaimKey::Value
                | ClaimKey::Implies
                | ClaimKey::Desk
                | ClaimKey::Evidence => {}
            }
        }
        Entry {
            table: Place::Claim,
            fields,
        }
    }
}

/// A new source, as `corroborate add source` takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSource {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: Option<String>,
    /// What kind of source it is.
    pub kind: String,
    /// The actor it speaks for.
    pub actor: Option<String>,
    /// Its independent origin.
    pub origin: Option<String>,
    /// The desk's Admiralty grade.
    pub reliability: Option<String>,
    /// Its home page.
    pub url: Option<String>,
}

impl NewSource {
    /// Its `[[source]]` entry.
    pub fn entry(&self) -> Entry {
        let mut fields = Vec::new();
        for key in SourceKey::ALL {
            let name = key.name();
            match key {
                SourceKey::Id => fields.push((name, Field::Text(self.id.clone()))),
                SourceKey::Name => push(&mut fields, name, self.name.as_ref()),
                SourceKey::Kind => fields.push((name, Field::Text(self.kind.clone()))),
                SourceKey::Actor => push(&mut fields, name, self.actor.as_ref()),
                SourceKey::Origin => push(&mut fields, name, self.origin.as_ref()),
                SourceKey::Reliability => push(&mut fields, name, self.reliability.as_ref()),
                SourceKey::Url => push(&mut fields, name, self.url.as_ref()),
            }
        }
        Entry {
            table: Place::Source,
            fields,
        }
    }
}

/// Where new evidence for `claim` goes in `text`, the file that defines it: a
/// `[[claim.evidence]]` when the claim is the file's last table (nothing after it but its own
/// sub-tables), since TOML adds such a table to the last `[[claim]]`; otherwise a top-level
/// `[[evidence]]` naming the claim. A file `toml_edit` cannot read gets the latter, which is
/// correct wherever it lands.
pub fn evidence_table(text: &str, claim: &str) -> Place {
    let Ok(doc) = text.parse::<DocumentMut>() else {
        return Place::Evidence;
    };
    let Some(claims) = doc
        .get(ClaimsFile::Claim.name())
        .and_then(Item::as_array_of_tables)
    else {
        return Place::Evidence;
    };
    let id = ClaimKey::Id.name();
    let Some(own) = claims
        .iter()
        .filter(|t| t.get(id).and_then(Item::as_str) == Some(claim))
        .last()
    else {
        return Place::Evidence;
    };
    // Evidence written inline (`evidence = [{ … }]`) cannot be extended by a header.
    let evidence_ok = match own.get(ClaimKey::Evidence.name()) {
        None => true,
        Some(item) => item.is_array_of_tables(),
    };
    let (Some(at), true) = (own.position(), evidence_ok) else {
        return Place::Evidence;
    };
    let mut last_other = None;
    for (_, item) in doc.as_table().iter() {
        last_position(item, own, &mut last_other);
    }
    if last_other.is_none_or(|other| other < at) {
        Place::ClaimEvidence
    } else {
        Place::Evidence
    }
}

/// The greatest document position of a table under `item`, leaving out `own` and its sub-tables.
fn last_position(item: &Item, own: &Table, last: &mut Option<isize>) {
    let see = |table: &Table, last: &mut Option<isize>| {
        if std::ptr::eq(table, own) {
            return;
        }
        if let Some(at) = table.position() {
            // An implicit table (the `claim` of `[claim.x]`) has no header of its own.
            if !table.is_implicit() {
                *last = Some(last.map_or(at, |l: isize| l.max(at)));
            }
        }
        for (_, child) in table.iter() {
            last_position(child, own, last);
        }
    };
    match item {
        Item::Table(table) => see(table, last),
        Item::ArrayOfTables(array) => {
            for table in array.iter() {
                see(table, last);
            }
        }
        Item::None | Item::Value(_) => {}
    }
}

/// `old` with `entry` appended: every byte of `old` kept, a final newline added if it lacked
/// one, then one blank line (unless the file already ends in one, or is empty) and the entry.
pub fn append(old: &str, entry: &str) -> String {
    let mut out = String::with_capacity(old.len() + entry.len() + 2);
    out.push_str(old);
    if !old.is_empty() {
        if !old.ends_with('\n') {
            out.push('\n');
        }
        let blank = out.ends_with("\n\n") || out.ends_with("\n\r\n");
        if !blank {
            out.push('\n');
        }
    }
    out.push_str(entry);
    out
}

/// The path, relative to the corpus root and `/`-separated, of `file` (absolute) in the corpus
/// at `root` (absolute), when it is a file the loader would read in `section`: under its folder,
/// named `.toml`, with no hidden part. Both paths are taken as written (`.` and `..` folded):
/// links are the writer's business, which refuses to follow any.
pub fn relative_target(root: &Path, file: &Path, section: Section) -> Result<String, EditError> {
    let folder = match section {
        Section::Sources => "sources",
        Section::Claims | Section::Policy => "claims",
    };
    let outside = || EditError::Outside {
        path: file.to_path_buf(),
        folder,
        root: root.to_path_buf(),
    };
    let inside = fold(file);
    let rest = inside.strip_prefix(fold(root)).map_err(|_| outside())?;
    let mut parts = Vec::new();
    for part in rest.components() {
        match part {
            Component::Normal(name) => parts.push(name.to_str().ok_or(EditError::NotRead {
                path: file.to_path_buf(),
                why: "its name is not UTF-8",
            })?),
            _ => return Err(outside()),
        }
    }
    if parts.len() < 2 || parts[0] != folder {
        return Err(outside());
    }
    let not_read = |why| EditError::NotRead {
        path: file.to_path_buf(),
        why,
    };
    if parts.iter().any(|p| p.starts_with('.')) {
        return Err(not_read("hidden files and folders are skipped"));
    }
    if !parts.last().is_some_and(|p| p.ends_with(".toml")) {
        return Err(not_read("only files named `.toml` are read"));
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> NewEvidence {
        NewEvidence {
            claim: "c".into(),
            source: Some("rfi".into()),
            stance: "asserts".into(),
            date: Some("2025-07-15".into()),
            ..NewEvidence::default()
        }
    }

    #[test]
    fn an_entry_is_its_header_and_keys() {
        let text = evidence().entry(Place::ClaimEvidence).render();
        assert_eq!(
            text,
            "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-15\n"
        );
        let mut e = evidence();
        e.via = vec!["afp".into(), "rfi".into()];
        e.hedged = true;
        let text = e.entry(Place::Evidence).render();
        assert_eq!(
            text,
            "[[evidence]]\nclaim = \"c\"\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-15\n\
             via = [\"afp\", \"rfi\"]\nhedged = true\n"
        );
    }

    /// Whatever the user types comes back from a TOML parser as typed.
    #[test]
    fn hostile_strings_round_trip() {
        for quote in [
            "il a dit \"non\"",
            "back\\slash",
            "two\nlines",
            "'''\"\"\"",
            "tab\tand\u{7f}del\u{0}nul",
            "ils ont détruit — 破壊 🚒",
            "\r\n",
        ] {
            let mut e = evidence();
            e.quote = Some(quote.to_owned());
            let text = e.entry(Place::Evidence).render();
            let doc: toml::Table = toml::from_str(&text).expect("parses");
            let back = doc["evidence"][0]["quote"].as_str();
            assert_eq!(back, Some(quote), "{text}");
        }
    }

    #[test]
    fn a_date_that_is_not_one_stays_a_string() {
        let mut e = evidence();
        e.date = Some("yesterday".into());
        assert!(e
            .entry(Place::Evidence)
            .render()
            .contains("date = \"yesterday\""));
    }

    #[rstest::rstest]
    #[case::last("[[claim]]\nid = \"c\"\ntext = \"t\"\n", Place::ClaimEvidence)]
    #[case::with_its_tables(
        "[[claim]]\nid = \"c\"\ntext = \"t\"\n[claim.desk]\nstatus = \"refuted\"\n[[claim.evidence]]\nsource = \"x\"\n# end\n",
        Place::ClaimEvidence
    )]
    #[case::another_claim_after(
        "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim]]\nid = \"d\"\ntext = \"t\"\n",
        Place::Evidence
    )]
    #[case::evidence_after(
        "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[evidence]]\nclaim = \"c\"\n",
        Place::Evidence
    )]
    #[case::inline_evidence(
        "[[claim]]\nid = \"c\"\ntext = \"t\"\nevidence = [{ source = \"x\" }]\n",
        Place::Evidence
    )]
    #[case::not_here("[[claim]]\nid = \"d\"\ntext = \"t\"\n", Place::Evidence)]
    #[case::not_toml("[[claim]\n", Place::Evidence)]
    #[case::event_first(
        "[event]\nid = \"e\"\n[[question]]\nid = \"q\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\n",
        Place::ClaimEvidence
    )]
    fn evidence_goes_under_the_claim_only_when_it_is_last(#[case] text: &str, #[case] want: Place) {
        assert_eq!(evidence_table(text, "c"), want);
    }

    #[test]
    fn appending_keeps_every_byte() {
        assert_eq!(append("", "E\n"), "E\n");
        assert_eq!(append("a = 1", "E\n"), "a = 1\n\nE\n");
        assert_eq!(append("a = 1\n", "E\n"), "a = 1\n\nE\n");
        assert_eq!(append("a = 1\n\n", "E\n"), "a = 1\n\nE\n");
        assert_eq!(append("a = 1\r\n", "E\n"), "a = 1\r\n\nE\n");
    }

    #[test]
    fn new_files_must_be_read_by_the_loader() {
        let root = Path::new("/c");
        let at = |p: &str| relative_target(root, Path::new(p), Section::Claims);
        assert_eq!(
            at("/c/claims/day-2.toml").as_deref(),
            Ok("claims/day-2.toml")
        );
        assert_eq!(
            at("/c/./claims/x/../y.toml").as_deref(),
            Ok("claims/y.toml")
        );
        assert!(matches!(
            at("/c/sources/s.toml"),
            Err(EditError::Outside { .. })
        ));
        assert!(matches!(
            at("/c/claims/../../etc/x.toml"),
            Err(EditError::Outside { .. })
        ));
        assert!(matches!(
            at("/d/claims/x.toml"),
            Err(EditError::Outside { .. })
        ));
        assert!(matches!(at("/c/claims"), Err(EditError::Outside { .. })));
        assert!(matches!(
            at("/c/claims/.x.toml"),
            Err(EditError::NotRead { .. })
        ));
        assert!(matches!(
            at("/c/claims/x.TOML"),
            Err(EditError::NotRead { .. })
        ));
        let source = relative_target(root, Path::new("/c/sources/s.toml"), Section::Sources);
        assert_eq!(source.as_deref(), Ok("sources/s.toml"));
    }
}
