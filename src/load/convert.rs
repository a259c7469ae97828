//! One parsed TOML document to unlinked model entities, with a diagnostic for every problem.
//!
//! The walk is by hand over `toml`'s spanned document tree rather than through serde, because
//! serde stops at the first error in a file and we owe the user every problem at once, each
//! pointing at its own text.

use super::diags;
use super::schema::{
    ActorKey, ClaimKey, ClaimsFile, DeskKey, DocumentKey, EventKey, EvidenceKey, Keys, QuestionKey,
    SourceKey, SourcesFile,
};
use crate::diag::{Diagnostic, Label, RuleMeta};
use crate::model::{
    is_valid_id, Actor, Claim, Date, Desk, Document, Event, Evidence, FileId, Located, Provenance,
    Question, QuestionKind, Ref, Reliability, Source, SourceKind, Span, Stance, Status, Text,
    Tolerance,
};
use crate::util::text::{did_you_mean, visible};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Which top-level folder a file lives in; it decides which tables the file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// `claims/`: `[event]` and `[[claim]]`.
    Claims,
    /// `sources/`: `[[actor]]` and `[[source]]`.
    Sources,
    /// `corroborate.toml`: the policy.
    Policy,
}

/// The entities of one file, references not yet resolved.
#[derive(Debug, Default)]
pub struct FileEntities {
    /// `[[actor]]` entries.
    pub actors: Vec<Actor>,
    /// `[[source]]` entries.
    pub sources: Vec<Source>,
    /// The `[event]` table.
    pub events: Vec<Event>,
    /// `[[claim]]` entries.
    pub claims: Vec<Claim>,
    /// `[[question]]` entries.
    pub questions: Vec<Question>,
    /// `[[document]]` entries.
    pub documents: Vec<Document>,
    /// Top-level `[[evidence]]` tables, each with the claim id it names.
    pub loose_evidence: Vec<(Located<Text>, Evidence)>,
    /// The policy, for `corroborate.toml`.
    pub policy: Option<crate::policy::Policy>,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

/// Converts the document `root` of `file` (in `section`) to entities, pushing diagnostics.
pub fn convert(
    file: FileId,
    section: Section,
    root: &Table<'_>,
    diags: &mut Vec<Diagnostic>,
    rules: &[&RuleMeta],
) -> FileEntities {
    let mut cx = Cx { file, diags };
    let mut out = FileEntities::default();
    match section {
        Section::Policy => {
            out.policy = Some(super::policy::convert(file, root, cx.diags, rules));
        }
        Section::Claims => {
            cx.check_keys::<ClaimsFile>(root, Some(section));
            let file_event = root
                .get(ClaimsFile::Event.name())
                .and_then(|v| cx.table(v, ClaimsFile::Event.name(), "an `[event]` table"));
            let mut default_event = None;
            if let Some((table, span)) = file_event {
                if let Some(event) = cx.event(table, span) {
                    default_event = Some(event.id.clone());
                    out.events.push(event);
                }
            }
            for (table, span) in cx.array_of_tables(root, ClaimsFile::Question.name()) {
                if let Some(question) = cx.question(table, span) {
                    out.questions.push(question);
                }
            }
            for (table, span) in cx.array_of_tables(root, ClaimsFile::Claim.name()) {
                if let Some(claim) = cx.claim(table, span, default_event.as_ref()) {
                    out.claims.push(claim);
                }
            }
            for (table, span) in cx.array_of_tables(root, ClaimsFile::Document.name()) {
                if let Some(document) = cx.document(table, span) {
                    out.documents.push(document);
                }
            }
            let key = ClaimsFile::Evidence.name();
            for (table, span) in cx.tables_under(root, key, key) {
                let claim = cx.required_reference_id(table, span, EvidenceKey::Claim.name());
                let item = cx.evidence(table, span, true);
                if let (Some(claim), Some(item)) = (claim, item) {
                    out.loose_evidence.push((claim, item));
                }
            }
        }
        Section::Sources => {
            cx.check_keys::<SourcesFile>(root, Some(section));
            for (table, span) in cx.array_of_tables(root, SourcesFile::Actor.name()) {
                if let Some(actor) = cx.actor(table, span) {
                    out.actors.push(actor);
                }
            }
            for (table, span) in cx.array_of_tables(root, SourcesFile::Source.name()) {
                if let Some(source) = cx.source(table, span) {
                    out.sources.push(source);
                }
            }
            for (table, span) in cx.array_of_tables(root, SourcesFile::Document.name()) {
                if let Some(document) = cx.document(table, span) {
                    out.documents.push(document);
                }
            }
        }
    }
    out
}

struct Cx<'d> {
    file: FileId,
    diags: &'d mut Vec<Diagnostic>,
}

/// The TOML type name of a value, as users know it.
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Cx<'_> {
    fn span(&self, value: &Value<'_>) -> Span {
        Span::new(self.file, value.span())
    }

    /// Reports every key of `table` that is not a key of `K`.
    fn check_keys<K: Keys>(&mut self, table: &Table<'_>, section: Option<Section>) {
        let what = K::WHAT;
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if K::parse(name).is_some() {
                continue;
            }
            let allowed = K::names();
            let mut diag = diags::UNKNOWN_KEY.diag(
                format!("unknown key `{name}` in {what}"),
                Label::new(Span::new(self.file, key.span()), "not a key of the format"),
            );
            let misplaced = match (section, name) {
                (Some(Section::Claims), "actor" | "source") => {
                    Some("`[[actor]]` and `[[source]]` belong in files under sources/")
                }
                (Some(Section::Sources), "claim" | "event") => {
                    Some("`[event]` and `[[claim]]` belong in files under claims/")
                }
                (Some(Section::Sources), "question" | "evidence") => {
                    Some("`[[question]]` and `[[evidence]]` belong in files under claims/")
                }
                _ => None,
            };
            diag = if let Some(hint) = misplaced {
                diag.with_help(hint)
            } else if let Some(near) = did_you_mean(name, allowed.iter().copied()) {
                diag.with_help(format!("did you mean `{near}`?"))
            } else {
                diag.with_help(format!("known keys: {}", allowed.join(", ")))
            };
            self.diags.push(diag);
        }
    }

    fn wrong_type(&mut self, value: &Value<'_>, key: &str, expected: &str, help: Option<String>) {
        let found = type_name(value.get_ref());
        let mut diag = diags::WRONG_TYPE.diag(
            format!("`{key}` must be {expected}, found {found}"),
            Label::new(self.span(value), found.to_string()),
        );
        if let Some(help) = help {
            diag = diag.with_help(help);
        }
        self.diags.push(diag);
    }

    fn missing(&mut self, table_span: Span, what: &str, key: &str) {
        self.diags.push(
            diags::MISSING_FIELD
                .diag(
                    format!("{what} is missing required field `{key}`"),
                    Label::new(table_span, format!("this {what} has no `{key}`")),
                )
                .with_help(format!("add `{key} = …` to this entry")),
        );
    }

    fn table<'a, 'i>(
        &mut self,
        value: &'a Value<'i>,
        key: &str,
        expected: &str,
    ) -> Option<(&'a Table<'i>, Span)> {
        match value.get_ref() {
            DeValue::Table(table) => Some((table, self.span(value))),
            _ => {
                self.wrong_type(value, key, expected, None);
                None
            }
        }
    }

    /// The tables of `[[key]]` in `parent` (a claim's `evidence` is `[[claim.evidence]]`); a
    /// wrong shape is reported and skipped.
    fn array_of_tables<'a, 'i>(
        &mut self,
        parent: &'a Table<'i>,
        key: &str,
    ) -> Vec<(&'a Table<'i>, Span)> {
        let header = if key == "evidence" {
            "claim.evidence"
        } else {
            key
        };
        self.tables_under(parent, key, header)
    }

    /// The tables of `key` in `parent`, written under `[[header]]` headers.
    fn tables_under<'a, 'i>(
        &mut self,
        parent: &'a Table<'i>,
        key: &str,
        header: &str,
    ) -> Vec<(&'a Table<'i>, Span)> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        let expected = format!("an array of tables (`[[{header}]]`)");
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.table(item, key, &expected))
                .collect(),
            _ => {
                let help = format!("write each entry under its own `[[{header}]]` header");
                self.wrong_type(value, key, &expected, Some(help));
                Vec::new()
            }
        }
    }

    fn string(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Text>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(text) => Some(Located::new(Text::from(&**text), self.span(value))),
            _ => {
                self.wrong_type(value, key, "a string", None);
                None
            }
        }
    }

    fn required_string(
        &mut self,
        table: &Table<'_>,
        span: Span,
        what: &str,
        key: &str,
    ) -> Option<Located<Text>> {
        if table.get(key).is_none() {
            self.missing(span, what, key);
            return None;
        }
        self.string(table, key)
    }

    /// An id-valued field: a string in the id alphabet.
    fn id(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Text>> {
        let id = self.string(table, key)?;
        if is_valid_id(&id.value) {
            return Some(id);
        }
        let suggestion = suggest_id(&id.value);
        let mut diag = diags::INVALID_ID.diag(
            format!("`{}` is not a valid id", visible(&id.value)),
            Label::new(
                id.span,
                "ids use lowercase letters, digits, '-', '_' and '.'",
            ),
        );
        if !suggestion.is_empty() {
            diag = diag.with_help(format!("did you mean `{suggestion}`?"));
        }
        self.diags.push(diag);
        None
    }

    fn required_id(&mut self, table: &Table<'_>, span: Span, what: &str) -> Option<Located<Text>> {
        if table.get("id").is_none() {
            self.missing(span, what, "id");
            return None;
        }
        self.id(table, "id")
    }

    /// A required id-valued field other than `id`.
    fn required_reference_id(
        &mut self,
        table: &Table<'_>,
        span: Span,
        key: &str,
    ) -> Option<Located<Text>> {
        if table.get(key).is_none() {
            self.missing(span, "top-level `[[evidence]]` table", key);
            return None;
        }
        self.id(table, key)
    }

    fn reference<I>(&mut self, table: &Table<'_>, key: &str) -> Option<Ref<I>> {
        self.id(table, key).map(Ref::unresolved)
    }

    fn reference_list<I>(&mut self, table: &Table<'_>, key: &str) -> Vec<Ref<I>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            let help = format!("write a list: {key} = [\"…\"]");
            self.wrong_type(value, key, "an array of ids", Some(help));
            return Vec::new();
        };
        let mut refs = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) if is_valid_id(text) => {
                    refs.push(Ref::unresolved(Located::new(
                        Text::from(text.as_ref()),
                        self.span(item),
                    )));
                }
                DeValue::String(text) => self.diags.push(diags::INVALID_ID.diag(
                    format!("`{}` is not a valid id", visible(text)),
                    Label::new(
                        self.span(item),
                        "ids use lowercase letters, digits, '-', '_' and '.'",
                    ),
                )),
                _ => self.wrong_type(item, key, "an array of ids (strings)", None),
            }
        }
        refs
    }

    fn boolean(&mut self, table: &Table<'_>, key: &str) -> bool {
        let Some(value) = table.get(key) else {
            return false;
        };
        match value.get_ref() {
            DeValue::Boolean(flag) => *flag,
            DeValue::String(text) if matches!(&**text, "true" | "false") => {
                self.wrong_type(
                    value,
                    key,
                    "a boolean",
                    Some(format!("write it unquoted: {key} = {text}")),
                );
                false
            }
            _ => {
                self.wrong_type(value, key, "a boolean", None);
                false
            }
        }
    }

    fn date(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Date>> {
        let value = table.get(key)?;
        let span = self.span(value);
        match value.get_ref() {
            DeValue::Datetime(datetime) => {
                let date = datetime.date.and_then(|d| {
                    Date::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                });
                if date.is_none() {
                    self.diags.push(
                        diags::INVALID_VALUE
                            .diag(
                                format!("`{key}` = {datetime} has no calendar date"),
                                Label::new(span, "a time without a date"),
                            )
                            .with_help(
                                "write a date (2025-07-14) or a date-time (2025-07-14T09:30:00Z)",
                            ),
                    );
                }
                date.map(|d| Located::new(d, span))
            }
            DeValue::String(text) => {
                let help = if Date::parse_from_str(text, "%Y-%m-%d").is_ok() {
                    format!("write dates unquoted: {key} = {text}")
                } else {
                    "write a TOML date such as 2025-07-14".to_owned()
                };
                self.wrong_type(value, key, "a date", Some(help));
                None
            }
            _ => {
                self.wrong_type(
                    value,
                    key,
                    "a date",
                    Some("write a TOML date such as 2025-07-14".to_owned()),
                );
                None
            }
        }
    }

    fn word<T: Copy>(
        &mut self,
        table: &Table<'_>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        words: &[&'static str],
    ) -> Option<Located<T>> {
        let text = self.string(table, key)?;
        if let Some(parsed) = parse(&text.value) {
            return Some(Located::new(parsed, text.span));
        }
        let same_but_case = words
            .iter()
            .copied()
            .find(|w| w.eq_ignore_ascii_case(&text.value));
        let help = match same_but_case.or_else(|| did_you_mean(&text.value, words.iter().copied()))
        {
            Some(near) => format!("did you mean `{near}`? accepted: {}", words.join(", ")),
            None => format!("accepted: {}", words.join(", ")),
        };
        self.diags.push(
            diags::INVALID_VALUE
                .diag(
                    format!("`{}` is not a valid {key}", text.value),
                    Label::new(text.span, format!("unknown {key}")),
                )
                .with_help(help),
        );
        None
    }

    fn actor(&mut self, table: &Table<'_>, span: Span) -> Option<Actor> {
        self.check_keys::<ActorKey>(table, None);
        let id = self.required_id(table, span, "actor");
        let name = self.string(table, ActorKey::Name.name());
        let opposes = self.reference_list(table, ActorKey::Opposes.name());
        let allied = self.reference_list(table, ActorKey::Allied.name());
        Some(Actor {
            id: id?,
            name,
            opposes,
            allied,
            span,
        })
    }

    fn source(&mut self, table: &Table<'_>, span: Span) -> Option<Source> {
        self.check_keys::<SourceKey>(table, None);
        let id = self.required_id(table, span, "source");
        let name = self.string(table, SourceKey::Name.name());
        let has_kind = table.get(SourceKey::Kind.name()).is_some();
        let kind = self.word(
            table,
            SourceKey::Kind.name(),
            SourceKind::parse,
            &SourceKind::words(),
        );
        if !has_kind {
            self.missing(span, "source", SourceKey::Kind.name());
        }
        let actor = self.reference(table, SourceKey::Actor.name());
        let origin = self.id(table, SourceKey::Origin.name());
        let reliability = match table.get(SourceKey::Reliability.name()) {
            Some(_) => self.word(
                table,
                SourceKey::Reliability.name(),
                Reliability::parse,
                &Reliability::words(),
            ),
            None => Some(Located::new(Reliability::F, span)),
        };
        let url = self.string(table, SourceKey::Url.name());
        // A broken field leaves a placeholder so the id still takes part in duplicate and reference
        // checks; a corpus with errors is never scored, so the placeholder is never weighed.
        let kind = kind.unwrap_or(Located::new(SourceKind::Party, span));
        let reliability = reliability.unwrap_or(Located::new(Reliability::F, span));
        Some(Source {
            id: id?,
            name,
            kind,
            actor,
            origin,
            reliability,
            url,
            span,
        })
    }

    fn event(&mut self, table: &Table<'_>, span: Span) -> Option<Event> {
        self.check_keys::<EventKey>(table, None);
        let id = self.required_id(table, span, "event");
        let title = self.string(table, EventKey::Title.name());
        let date = self.date(table, EventKey::Date.name());
        let place = self.string(table, EventKey::Place.name());
        Some(Event {
            id: id?,
            title,
            date,
            place,
            span,
        })
    }

    fn claim(
        &mut self,
        table: &Table<'_>,
        span: Span,
        default_event: Option<&Located<Text>>,
    ) -> Option<Claim> {
        self.check_keys::<ClaimKey>(table, None);
        let id = self.required_id(table, span, "claim");
        let text = self.required_string(table, span, "claim", ClaimKey::Text.name());
        let favours = self.reference(table, ClaimKey::Favours.name());
        let against = self.reference(table, ClaimKey::Against.name());
        let event = match table.get(ClaimKey::Event.name()) {
            Some(_) => self.reference(table, ClaimKey::Event.name()),
            None => default_event.cloned().map(Ref::unresolved),
        };
        let question = self.id(table, ClaimKey::Question.name());
        let (publish, rating) = self.publish(table, ClaimKey::Publish.name());
        let value = self.value(table, ClaimKey::Value.name());
        let implies = self.reference_list(table, ClaimKey::Implies.name());
        let desk = table
            .get(ClaimKey::Desk.name())
            .and_then(|v| self.table(v, ClaimKey::Desk.name(), "a table (`[claim.desk]`)"))
            .map(|(desk, desk_span)| self.desk(desk, desk_span));
        let mut evidence = Vec::new();
        for (item, item_span) in self.array_of_tables(table, ClaimKey::Evidence.name()) {
            if let Some(e) = self.evidence(item, item_span, false) {
                evidence.push(e);
            }
        }
        Some(Claim {
            id: id?,
            text: text.map(|t| t.value).unwrap_or_default(),
            favours: favours.map(Box::new),
            against: against.map(Box::new),
            event,
            question: question.map(|q| q.value),
            value: value.map(Box::new),
            implies: implies.into_boxed_slice(),
            publish,
            rating,
            desk: desk.map(Box::new),
            evidence,
            span,
        })
    }

    /// `publish`: `true`, `false` or `"rating"`, as (publish, rating).
    fn publish(&mut self, table: &Table<'_>, key: &str) -> (bool, bool) {
        match table.get(key) {
            Some(value) => match value.get_ref() {
                DeValue::String(text) if &**text == "rating" => (true, true),
                DeValue::String(text) if !matches!(&**text, "true" | "false") => {
                    let help = format!(
                        "write {key} = true, or {key} = \"rating\" for a claim the desk publishes as a rating"
                    );
                    self.wrong_type(value, key, "a boolean or \"rating\"", Some(help));
                    (false, false)
                }
                _ => (self.boolean(table, key), false),
            },
            None => (false, false),
        }
    }

    /// A whole number within `range`.
    fn integer_in(
        &mut self,
        table: &Table<'_>,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        meaning: &str,
    ) -> Option<Located<u8>> {
        let value = table.get(key)?;
        let span = self.span(value);
        let DeValue::Integer(n) = value.get_ref() else {
            self.wrong_type(value, key, "a whole number", None);
            return None;
        };
        let parsed = n.to_string().parse::<i64>().ok();
        match parsed
            .filter(|n| range.contains(n))
            .and_then(|n| u8::try_from(n).ok())
        {
            Some(n) => Some(Located::new(n, span)),
            None => {
                self.diags.push(
                    diags::INVALID_VALUE
                        .diag(
                            format!("`{key}` = {n} is out of range"),
                            Label::new(span, meaning.to_owned()),
                        )
                        .with_help(format!(
                            "write a whole number from {} to {}",
                            range.start(),
                            range.end()
                        )),
                );
                None
            }
        }
    }

    fn desk(&mut self, table: &Table<'_>, span: Span) -> Desk {
        self.check_keys::<DeskKey>(table, None);
        let status = self.word(
            table,
            DeskKey::Status.name(),
            Status::parse,
            &Status::words(),
        );
        let credibility = self.integer_in(
            table,
            DeskKey::Credibility.name(),
            1..=6,
            "Admiralty credibility runs from 1 to 6",
        );
        let by = self.string(table, DeskKey::By.name());
        let date = self.date(table, DeskKey::Date.name());
        let reason = self.string(table, DeskKey::Reason.name());
        Desk {
            status,
            credibility,
            by: by.map(|b| b.value),
            date,
            reason: reason.map(|r| r.value),
            span,
        }
    }

    /// A date or date-time, kept as written (for `captured`, which is shown, not computed with).
    fn datetime_text(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Text>> {
        let value = table.get(key)?;
        self.date(table, key)?;
        match value.get_ref() {
            DeValue::Datetime(datetime) => Some(Located::new(
                Text::from(datetime.to_string()),
                self.span(value),
            )),
            _ => None,
        }
    }

    fn document(&mut self, table: &Table<'_>, span: Span) -> Option<Document> {
        self.check_keys::<DocumentKey>(table, None);
        let id = self.required_id(table, span, "document");
        let source = self.reference(table, DocumentKey::Source.name());
        let title = self.string(table, DocumentKey::Title.name());
        let date = self.date(table, DocumentKey::Date.name());
        let url = self.string(table, DocumentKey::Url.name());
        let archive_url = self.string(table, DocumentKey::ArchiveUrl.name());
        let captured = self.datetime_text(table, DocumentKey::Captured.name());
        let file = self.capture_path(table, DocumentKey::File.name());
        let sha256 = self.sha256(table, DocumentKey::Sha256.name());
        if let (Some(file), None) = (&file, &sha256) {
            self.diags.push(
                diags::MISSING_FIELD
                    .diag(
                        "a document's capture has no `sha256`",
                        Label::new(file.span, "this capture cannot be verified"),
                    )
                    .with_help(format!(
                        "add the line `corroborate archive hash {}` prints",
                        visible(&file.value)
                    )),
            );
        }
        let lang = self.string(table, DocumentKey::Lang.name());
        let translated_from = self.string(table, DocumentKey::TranslatedFrom.name());
        Some(Document {
            id: id?,
            source,
            title: title.map(|t| t.value),
            date,
            url,
            archive_url,
            captured,
            file,
            sha256,
            lang: lang.map(|l| l.value),
            translated_from: translated_from.map(|t| t.value),
            span,
        })
    }

    /// A capture's path: relative to the corpus root, inside it, with `/` separators.
    fn capture_path(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Text>> {
        let path = self.string(table, key)?;
        let text = path.value.as_str();
        let why = if text.is_empty() {
            Some("an empty path")
        } else if text.starts_with('/') || text.starts_with('\\') || text.contains(':') {
            Some("an absolute path")
        } else if text.contains('\\') {
            Some("a `\\` in the path")
        } else if text.split('/').any(|part| part == "..") {
            Some("a path that leaves the corpus")
        } else if text.chars().any(char::is_control) {
            Some("a control character in the path")
        } else {
            None
        };
        match why {
            None => Some(path),
            Some(why) => {
                self.diags.push(
                    diags::INVALID_VALUE
                        .diag(
                            format!("`{key}` = \"{}\" is not a path inside the corpus", visible(text)),
                            Label::new(path.span, why),
                        )
                        .with_help("write the capture's path relative to the corpus root, with `/`: \"sources/captures/report.pdf\""),
                );
                None
            }
        }
    }

    /// A SHA-256 digest: 64 hex digits.
    fn sha256(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Text>> {
        let digest = self.string(table, key)?;
        if digest.value.len() == 64 && digest.value.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(digest);
        }
        self.diags.push(
            diags::INVALID_VALUE
                .diag(
                    format!(
                        "`{key}` = \"{}\" is not a SHA-256 digest",
                        visible(&digest.value)
                    ),
                    Label::new(digest.span, "not 64 hex digits"),
                )
                .with_help("`corroborate archive hash FILE` prints the line to paste"),
        );
        None
    }

    fn question(&mut self, table: &Table<'_>, span: Span) -> Option<Question> {
        self.check_keys::<QuestionKey>(table, None);
        let id = self.required_id(table, span, "question");
        let text = self.string(table, QuestionKey::Text.name());
        let kind = match table.get(QuestionKey::Kind.name()) {
            Some(_) => self.word(
                table,
                QuestionKey::Kind.name(),
                QuestionKind::parse,
                &QuestionKind::words(),
            ),
            None => Some(Located::new(QuestionKind::Choice, span)),
        };
        let unit = self.string(table, QuestionKey::Unit.name());
        let tolerance = self.tolerance(table, QuestionKey::Tolerance.name());
        Some(Question {
            id: id?,
            text,
            kind: kind.unwrap_or(Located::new(QuestionKind::Choice, span)),
            unit,
            tolerance,
            span,
        })
    }

    /// A finite number (an integer or a float), or `None` after reporting what it is instead.
    fn number(&mut self, value: &Value<'_>, key: &str) -> Option<f64> {
        let number = match value.get_ref() {
            DeValue::Integer(i) => i.to_string().parse::<f64>().ok(),
            DeValue::Float(f) => f.to_string().parse::<f64>().ok(),
            DeValue::String(text) if text.trim().parse::<f64>().is_ok() => {
                self.wrong_type(
                    value,
                    key,
                    "a number",
                    Some(format!("write numbers unquoted: {key} = {}", text.trim())),
                );
                return None;
            }
            _ => {
                self.wrong_type(value, key, "a number", None);
                return None;
            }
        };
        match number {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.diags.push(
                    diags::INVALID_VALUE
                        .diag(
                            format!("`{key}` must be a finite number"),
                            Label::new(self.span(value), "not a finite number"),
                        )
                        .with_help("write a number such as 4 or 12.5"),
                );
                None
            }
        }
    }

    fn tolerance(&mut self, table: &Table<'_>, key: &str) -> Option<Located<Tolerance>> {
        let value = table.get(key)?;
        let span = self.span(value);
        if let DeValue::String(text) = value.get_ref() {
            let parsed = text
                .trim()
                .strip_suffix('%')
                .and_then(|n| n.trim().parse::<f64>().ok())
                .filter(|n| n.is_finite() && *n >= 0.0);
            return match parsed {
                Some(percent) => Some(Located::new(Tolerance::Relative(percent / 100.0), span)),
                None => {
                    self.diags.push(
                        diags::INVALID_VALUE
                            .diag(
                                format!("`{key}` = \"{}\" is not a percentage", visible(text)),
                                Label::new(span, "not a number or a percentage"),
                            )
                            .with_help(format!(
                                "write a number ({key} = 2) or a percentage ({key} = \"5%\")"
                            )),
                    );
                    None
                }
            };
        }
        let number = self.number(value, key)?;
        if number < 0.0 {
            self.diags.push(
                diags::INVALID_VALUE
                    .diag(
                        format!("`{key}` = {number} is negative"),
                        Label::new(span, "a tolerance is a distance"),
                    )
                    .with_help(format!("write {key} = {}", -number)),
            );
            return None;
        }
        Some(Located::new(Tolerance::Absolute(number), span))
    }

    /// A claim's `value`: a number, a `{ min, max }` range, or a list of parts.
    fn value(&mut self, table: &Table<'_>, key: &str) -> Option<Located<crate::model::Value>> {
        use crate::model::Value as Answer;
        let value = table.get(key)?;
        let span = self.span(value);
        match value.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => {
                let n = self.number(value, key)?;
                Some(Located::new(
                    Answer::Quantity {
                        min: Some(n),
                        max: Some(n),
                    },
                    span,
                ))
            }
            DeValue::Table(range) => {
                let mut ok = true;
                for (k, _) in range.iter() {
                    let name: &str = k.get_ref();
                    if name != "min" && name != "max" {
                        ok = false;
                        let near = did_you_mean(name, ["min", "max"]).map_or_else(
                            || "a range has `min` and `max`".to_owned(),
                            |n| format!("did you mean `{n}`?"),
                        );
                        self.diags.push(
                            diags::UNKNOWN_KEY
                                .diag(
                                    format!("unknown key `{}` in a range", visible(name)),
                                    Label::new(
                                        Span::new(self.file, k.span()),
                                        "not `min` or `max`",
                                    ),
                                )
                                .with_help(near),
                        );
                    }
                }
                if range.get("min").is_none() && range.get("max").is_none() {
                    if ok {
                        self.diags.push(
                            diags::INVALID_VALUE
                                .diag(
                                    format!("`{key}` is an empty range"),
                                    Label::new(span, "no `min` or `max`"),
                                )
                                .with_help(format!("write {key} = {{ min = 100, max = 300 }}, or {{ min = 100 }} for \"at least 100\"")),
                        );
                    }
                    return None;
                }
                // Each bound is read (and reported) even when the other is broken.
                let min = range.get("min").map(|v| self.number(v, "min"));
                let max = range.get("max").map(|v| self.number(v, "max"));
                let (Some(min), Some(max)) = (
                    min.map_or(Some(None), |m| m.map(Some)),
                    max.map_or(Some(None), |m| m.map(Some)),
                ) else {
                    return None;
                };
                if let (Some(lo), Some(hi)) = (min, max) {
                    if lo > hi {
                        self.diags.push(
                            diags::INVALID_VALUE
                                .diag(
                                    format!("`{key}` has min {lo} above max {hi}"),
                                    Label::new(span, "an empty range"),
                                )
                                .with_help(format!("write {key} = {{ min = {hi}, max = {lo} }}")),
                        );
                        return None;
                    }
                }
                if !ok {
                    return None;
                }
                Some(Located::new(Answer::Quantity { min, max }, span))
            }
            DeValue::Array(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(text) if !text.trim().is_empty() => {
                            parts.push(Text::from(text.as_ref()));
                        }
                        DeValue::String(_) => {
                            self.diags.push(
                                diags::INVALID_VALUE
                                    .diag(
                                        format!("`{key}` lists an empty part"),
                                        Label::new(self.span(item), "an empty part"),
                                    )
                                    .with_help("remove it, or write the part"),
                            );
                            return None;
                        }
                        _ => {
                            self.wrong_type(item, key, "a list of parts (strings)", None);
                            return None;
                        }
                    }
                }
                Some(Located::new(Answer::Parts(parts), span))
            }
            _ => {
                self.wrong_type(
                    value,
                    key,
                    "a number, a range or a list of parts",
                    Some(format!(
                        "write {key} = 4, {key} = {{ min = 100, max = 300 }} or {key} = [\"…\"]"
                    )),
                );
                None
            }
        }
    }

    /// An evidence item: nested in a claim, or a `top_level` `[[evidence]]` table (whose `claim`
    /// the caller reads).
    fn evidence(&mut self, table: &Table<'_>, span: Span, top_level: bool) -> Option<Evidence> {
        self.check_keys::<EvidenceKey>(table, None);
        if !top_level {
            if let Some((key, _)) = table.get_key_value(EvidenceKey::Claim.name()) {
                self.diags.push(
                    diags::UNKNOWN_KEY
                        .diag(
                            "`claim` in evidence nested in a claim",
                            Label::new(
                                Span::new(self.file, key.span()),
                                "the enclosing `[[claim]]` is its claim",
                            ),
                        )
                        .with_help(
                            "remove it, or move the item to a top-level `[[evidence]]` table",
                        ),
                );
            }
        }
        let document = self.reference(table, EvidenceKey::Document.name());
        let source = if table.get(EvidenceKey::Source.name()).is_some() {
            self.reference(table, EvidenceKey::Source.name())
        } else if let Some(document) = &document {
            // Filled from the document when it is linked: an empty id marks "not written".
            Some(Ref::unresolved(Located::new(
                Text::default(),
                document.id.span,
            )))
        } else if table.get(EvidenceKey::Document.name()).is_some() {
            // A broken `document` was reported already.
            None
        } else {
            self.diags.push(
                diags::MISSING_FIELD
                    .diag(
                        "evidence is missing required field `source`",
                        Label::new(span, "this evidence has no `source`"),
                    )
                    .with_help("add `source = …`, or `document = …` to take the source of a `[[document]]`"),
            );
            None
        };
        let stance = if table.get(EvidenceKey::Stance.name()).is_some() {
            self.word(
                table,
                EvidenceKey::Stance.name(),
                Stance::parse,
                &Stance::words(),
            )
        } else {
            self.missing(span, "evidence", EvidenceKey::Stance.name());
            None
        };
        let date = self.date(table, EvidenceKey::Date.name());
        let via = match table.get(EvidenceKey::Via.name()).map(|v| v.get_ref()) {
            Some(DeValue::Array(_)) => {
                let chain = self.reference_list(table, EvidenceKey::Via.name());
                if chain.is_empty() {
                    if let Some(value) = table.get(EvidenceKey::Via.name()) {
                        if matches!(value.get_ref(), DeValue::Array(items) if items.is_empty()) {
                            self.diags.push(
                                diags::INVALID_VALUE
                                    .diag(
                                        "`via` is an empty list",
                                        Label::new(self.span(value), "no relay"),
                                    )
                                    .with_help("name the relays, nearest the source first, or remove `via`"),
                            );
                        }
                    }
                    None
                } else {
                    Some(crate::model::Relays(chain))
                }
            }
            _ => self
                .reference(table, EvidenceKey::Via.name())
                .map(crate::model::Relays::one),
        };
        let basis = self.word(
            table,
            EvidenceKey::Basis.name(),
            crate::model::Basis::parse,
            &crate::model::Basis::words(),
        );
        let hedged = self.boolean(table, EvidenceKey::Hedged.name());
        let quote = self.string(table, EvidenceKey::Quote.name());
        let lang = self.string(table, EvidenceKey::Lang.name());
        let url = self.string(table, EvidenceKey::Url.name());
        let archive_url = self.string(table, EvidenceKey::ArchiveUrl.name());
        let provenance = Provenance::of(document, url, archive_url);
        let stance = stance.unwrap_or(Located::new(Stance::NoComment, span));
        Some(Evidence {
            source: source?,
            stance: stance.value,
            date,
            via: via.map(Box::new),
            basis: basis.map(|b| b.value),
            hedged,
            provenance,
            quote: quote.map(|q| q.value),
            lang: lang.map(|l| l.value),
            span,
        })
    }
}

/// A plausible valid id for an invalid one: lowercased, other characters turned into `-`.
fn suggest_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::suggest_id;

    #[test]
    fn suggested_ids_are_valid() {
        assert_eq!(suggest_id("FLA Spokesman"), "fla-spokesman");
        assert_eq!(suggest_id("Tinzaouatène"), "tinzaouat-ne");
        assert!(crate::model::is_valid_id(&suggest_id("A  b")));
    }
}
