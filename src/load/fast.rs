//! The fast path: a clean claims or sources file, converted to entities in one pass.
//!
//! Nearly every file of a real corpus is written in a small, plain subset of TOML (bare keys,
//! `[event]`, `[[claim]]`, `[[claim.evidence]]`, `[[actor]]`, `[[source]]` headers, one-line
//! strings, booleans, dates and arrays of strings) and has nothing wrong with it. For those files
//! the general route (a spanned TOML document tree, then a walk over it) spends most of its time
//! building and dropping a tree that is read once. This module reads such a file straight into
//! entities, with the same values and the same spans the general route gives.
//!
//! It is strict on purpose: at the first thing it is not sure about (any TOML outside the subset,
//! any key or value the general route would report, a duplicate key, a control character, …) it
//! gives up and returns `None`, and the caller takes the general route, which then reports every
//! problem as usual. So this path never produces a diagnostic and never accepts a file the general
//! route would reject; `tests` below and `tests/loader_fuzz.rs` hold it to that.

use super::convert::{FileEntities, Section};
use super::schema::{ActorKey, ClaimKey, EventKey, EvidenceKey, Keys, SourceKey};
use crate::model::{
    is_valid_id, Actor, Claim, Date, Event, Evidence, FileId, Located, Ref, Reliability, Source,
    SourceKind, Span, Stance, Text,
};

/// Converts `text` (file `file` of `section`) if it is clean and in the plain subset; `None`
/// sends the caller down the general route.
pub fn convert(file: FileId, section: Section, text: &str) -> Option<FileEntities> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        file,
    };
    match section {
        Section::Claims => parser.claims_file(),
        Section::Sources => parser.sources_file(),
        Section::Policy => None,
    }
}

struct Parser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    file: FileId,
}

/// The header a key/value line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Current {
    Root,
    Event,
    Claim,
    Evidence,
    Actor,
    Source,
}

/// One value as written: the subset's four kinds.
enum Value {
    Str(Text),
    Bool(bool),
    Date(Date),
    List(Vec<Ref<crate::model::ActorIx>>),
}

#[derive(Default)]
struct EventParts {
    id: Option<Located<Text>>,
    title: Option<Located<Text>>,
    date: Option<Located<Date>>,
    place: Option<Located<Text>>,
}

#[derive(Default)]
struct ClaimParts {
    id: Option<Located<Text>>,
    text: Option<Located<Text>>,
    favours: Option<Located<Text>>,
    against: Option<Located<Text>>,
    event: Option<Located<Text>>,
    question: Option<Located<Text>>,
    publish: bool,
    span: Span,
}

#[derive(Default)]
struct EvidenceParts {
    source: Option<Located<Text>>,
    stance: Option<Located<Stance>>,
    date: Option<Located<Date>>,
    via: Option<Located<Text>>,
    hedged: bool,
    basis: Option<Located<crate::model::Basis>>,
    quote: Option<Located<Text>>,
    lang: Option<Located<Text>>,
    document: Option<Located<Text>>,
    url: Option<Located<Text>>,
    archive_url: Option<Located<Text>>,
    span: Span,
}

#[derive(Default)]
struct ActorParts {
    id: Option<Located<Text>>,
    name: Option<Located<Text>>,
    opposes: Vec<Ref<crate::model::ActorIx>>,
    allied: Vec<Ref<crate::model::ActorIx>>,
    span: Span,
}

#[derive(Default)]
struct SourceParts {
    id: Option<Located<Text>>,
    name: Option<Located<Text>>,
    kind: Option<Located<SourceKind>>,
    actor: Option<Located<Text>>,
    origin: Option<Located<Text>>,
    reliability: Option<Located<Reliability>>,
    url: Option<Located<Text>>,
    span: Span,
}

/// A string value that must be a valid id.
fn id(value: Value, span: Span) -> Option<Located<Text>> {
    match value {
        Value::Str(text) if is_valid_id(&text) => Some(Located::new(text, span)),
        _ => None,
    }
}

fn string(value: Value, span: Span) -> Option<Located<Text>> {
    match value {
        Value::Str(text) => Some(Located::new(text, span)),
        _ => None,
    }
}

fn word<T>(value: Value, span: Span, parse: fn(&str) -> Option<T>) -> Option<Located<T>> {
    match value {
        Value::Str(text) => parse(&text).map(|v| Located::new(v, span)),
        _ => None,
    }
}

fn boolean(value: Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(flag),
        _ => None,
    }
}

fn date(value: Value, span: Span) -> Option<Located<Date>> {
    match value {
        Value::Date(date) => Some(Located::new(date, span)),
        _ => None,
    }
}

fn list(value: Value) -> Option<Vec<Ref<crate::model::ActorIx>>> {
    match value {
        Value::List(items) => Some(items),
        _ => None,
    }
}

/// Sets `slot` once; a second definition of a key is a TOML error, left to the general route.
fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

/// Marks key `bit` seen in `seen`; `None` if it was already.
fn first(seen: &mut u16, bit: u16) -> Option<()> {
    if *seen & bit != 0 {
        return None;
    }
    *seen |= bit;
    Some(())
}

impl<'t> Parser<'t> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start..end)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_blank(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    /// The end of a line: blanks, an optional comment, then a newline or the end of the file.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blank();
        if self.peek() == Some(b'#') {
            self.at += 1;
            while let Some(b) = self.peek() {
                match b {
                    b'\n' | b'\r' => break,
                    b'\t' => {}
                    0..=0x1f | 0x7f => return None,
                    _ => {}
                }
                self.at += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => {
                self.at += 2;
                Some(())
            }
            _ => None,
        }
    }

    /// A header line's name (`claim.evidence` for `[[claim.evidence]]`) and whether it is an
    /// array-of-tables header, with the header's span. The cursor is on `[`.
    fn header(&mut self) -> Option<(&'t str, bool, Span)> {
        let text: &'t str = self.text;
        let start = self.at;
        let array = self.bytes.get(start + 1) == Some(&b'[');
        let name_start = start + if array { 2 } else { 1 };
        let mut end = name_start;
        while let Some(b'a'..=b'z' | b'.') = self.bytes.get(end) {
            end += 1;
        }
        let name = text.get(name_start..end)?;
        let close: &[u8] = if array { b"]]" } else { b"]" };
        if !self.bytes[end..].starts_with(close) {
            return None;
        }
        self.at = end + close.len();
        let span = self.span(start, self.at);
        self.end_of_line()?;
        Some((name, array, span))
    }

    /// A bare key: the cursor is on its first byte.
    fn key(&mut self) -> Option<&'t str> {
        let text: &'t str = self.text;
        let start = self.at;
        while let Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-') = self.peek() {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        let key = &text[start..self.at];
        self.skip_blank();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.at += 1;
        self.skip_blank();
        Some(key)
    }

    /// The value after `key =`, with its span, and the rest of the line.
    fn value(&mut self) -> Option<(Value, Span)> {
        let start = self.at;
        let value = match self.peek()? {
            b'"' | b'\'' => Value::Str(self.string()?),
            b't' if self.bytes[self.at..].starts_with(b"true") => {
                self.at += 4;
                self.delimited()?;
                Value::Bool(true)
            }
            b'f' if self.bytes[self.at..].starts_with(b"false") => {
                self.at += 5;
                self.delimited()?;
                Value::Bool(false)
            }
            b'0'..=b'9' => Value::Date(self.datetime()?),
            b'[' => Value::List(self.id_list()?),
            _ => return None,
        };
        let span = self.span(start, self.at);
        self.end_of_line()?;
        Some((value, span))
    }

    /// After a bare value: a blank, a comment or the end of the line must follow.
    fn delimited(&self) -> Option<()> {
        match self.peek() {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'#') => Some(()),
            _ => None,
        }
    }

    /// A one-line basic (`"…"`) or literal (`'…'`) string; the cursor is on the opening quote.
    fn string(&mut self) -> Option<Text> {
        let quote = self.bytes[self.at];
        // `""` followed by a third quote opens a multi-line string: not in the subset.
        if self.bytes[self.at..].starts_with(if quote == b'"' { b"\"\"\"" } else { b"'''" }) {
            return None;
        }
        self.at += 1;
        let start = self.at;
        // Plain run: no escapes, no control characters.
        loop {
            self.at = special(self.bytes, self.at, quote);
            let b = *self.bytes.get(self.at)?;
            if b == quote {
                let text = Text::from(&self.text[start..self.at]);
                self.at += 1;
                return Some(text);
            }
            if b == b'\\' && quote == b'"' {
                break;
            }
            if (b < 0x20 && b != b'\t') || b == 0x7f {
                return None;
            }
            self.at += 1;
        }
        // Escapes: build the decoded text.
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(&self.text[start..self.at]);
        loop {
            let b = *self.bytes.get(self.at)?;
            match b {
                b'"' => {
                    self.at += 1;
                    return Some(Text::from(out));
                }
                b'\\' => {
                    let escape = *self.bytes.get(self.at + 1)?;
                    self.at += 2;
                    let c = match escape {
                        b'b' => '\u{8}',
                        b't' => '\t',
                        b'n' => '\n',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'u' => self.unicode(4)?,
                        b'U' => self.unicode(8)?,
                        _ => return None,
                    };
                    out.push(c);
                }
                _ if (b < 0x20 && b != b'\t') || b == 0x7f => return None,
                _ => {
                    // Copy the run up to the next quote or backslash.
                    let run_start = self.at;
                    while let Some(&b) = self.bytes.get(self.at) {
                        if b == b'"' || b == b'\\' || (b < 0x20 && b != b'\t') || b == 0x7f {
                            break;
                        }
                        self.at += 1;
                    }
                    out.push_str(&self.text[run_start..self.at]);
                }
            }
        }
    }

    /// `digits` hex digits of a `\u`/`\U` escape, as a Unicode scalar value.
    fn unicode(&mut self, digits: usize) -> Option<char> {
        let hex = self.text.get(self.at..self.at + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += digits;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }

    /// `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + n)?;
        let mut value = 0;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(d - b'0');
        }
        self.at += n;
        Some(value)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Some(())
        } else {
            None
        }
    }

    /// `YYYY-MM-DD`, optionally followed by `THH:MM:SS[.fraction][Z|±HH:MM]`; the date part.
    fn datetime(&mut self) -> Option<Date> {
        let year = self.digits(4)?;
        self.expect(b'-')?;
        let month = self.digits(2)?;
        self.expect(b'-')?;
        let day = self.digits(2)?;
        let date = Date::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        if self.peek() == Some(b'T') {
            self.at += 1;
            let hour = self.digits(2)?;
            self.expect(b':')?;
            let minute = self.digits(2)?;
            self.expect(b':')?;
            let second = self.digits(2)?;
            if hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            if self.peek() == Some(b'.') {
                self.at += 1;
                let start = self.at;
                while let Some(b'0'..=b'9') = self.peek() {
                    self.at += 1;
                }
                if self.at == start || self.at - start > 9 {
                    return None;
                }
            }
            match self.peek() {
                Some(b'Z') => self.at += 1,
                Some(b'+' | b'-') => {
                    self.at += 1;
                    let hours = self.digits(2)?;
                    self.expect(b':')?;
                    let minutes = self.digits(2)?;
                    if hours > 23 || minutes > 59 {
                        return None;
                    }
                }
                _ => {}
            }
        } else if self.peek() == Some(b' ')
            && self.bytes.get(self.at + 1).is_some_and(u8::is_ascii_digit)
        {
            // `2025-07-14 09:30:00`: a date-time with a space, not in the subset.
            return None;
        }
        self.delimited()?;
        Some(date)
    }

    /// A one-line array of id strings: `["a", "b"]`.
    fn id_list<I>(&mut self) -> Option<Vec<Ref<I>>> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            match self.peek()? {
                b']' => break,
                b'"' | b'\'' => {
                    let start = self.at;
                    let text = self.string()?;
                    if !is_valid_id(&text) {
                        return None;
                    }
                    items.push(Ref::unresolved(Located::new(
                        text,
                        self.span(start, self.at),
                    )));
                    self.skip_blank();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => break,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        self.at += 1;
        Some(items)
    }

    /// Walks the file's lines, handing each header and key/value line to `on`.
    fn lines(&mut self, mut on: impl FnMut(Line<'_>) -> Option<()>) -> Option<()> {
        // A byte-order mark is handled by the general route.
        loop {
            self.skip_blank();
            match self.peek() {
                None => return Some(()),
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                Some(b'[') => {
                    let (name, array, span) = self.header()?;
                    on(Line::Header { name, array, span })?;
                }
                Some(_) => {
                    let key = self.key()?;
                    let (value, span) = self.value()?;
                    on(Line::Pair { key, value, span })?;
                }
            }
        }
    }

    fn claims_file(&mut self) -> Option<FileEntities> {
        let mut out = FileEntities::default();
        let mut current = Current::Root;
        let mut event: Option<(EventParts, Span)> = None;
        let mut claim: Option<(ClaimParts, u16)> = None;
        let mut evidence: Option<(EvidenceParts, u16)> = None;
        let mut items: Vec<Evidence> = Vec::new();
        // Claims whose event is the file's `[event]` (known only at the end), by index in `out`.
        let mut defaulted: Vec<usize> = Vec::new();
        self.lines(|line| {
            match line {
                Line::Header { name, array, span } => {
                    if let Some((parts, _)) = evidence.take() {
                        items.push(finish_evidence(parts)?);
                    }
                    match (name, array) {
                        ("event", false) => {
                            if event.is_some() {
                                return None;
                            }
                            event = Some((EventParts::default(), span));
                            current = Current::Event;
                        }
                        ("claim", true) => {
                            if let Some((parts, _)) = claim.take() {
                                push_claim(&mut out, &mut defaulted, parts, &mut items)?;
                            }
                            claim = Some((
                                ClaimParts {
                                    span,
                                    ..ClaimParts::default()
                                },
                                0,
                            ));
                            current = Current::Claim;
                        }
                        ("claim.evidence", true) => {
                            claim.as_ref()?;
                            evidence = Some((
                                EvidenceParts {
                                    span,
                                    ..EvidenceParts::default()
                                },
                                0,
                            ));
                            current = Current::Evidence;
                        }
                        _ => return None,
                    }
                }
                Line::Pair { key, value, span } => match current {
                    Current::Event => {
                        let (parts, _) = event.as_mut()?;
                        match EventKey::parse(key)? {
                            EventKey::Id => once(&mut parts.id, id(value, span))?,
                            EventKey::Title => once(&mut parts.title, string(value, span))?,
                            EventKey::Date => once(&mut parts.date, date(value, span))?,
                            EventKey::Place => once(&mut parts.place, string(value, span))?,
                        }
                    }
                    Current::Claim => {
                        let (parts, seen) = claim.as_mut()?;
                        match ClaimKey::parse(key)? {
                            ClaimKey::Id => once(&mut parts.id, id(value, span))?,
                            ClaimKey::Text => once(&mut parts.text, string(value, span))?,
                            ClaimKey::Favours => once(&mut parts.favours, id(value, span))?,
                            ClaimKey::Against => once(&mut parts.against, id(value, span))?,
                            ClaimKey::Event => once(&mut parts.event, id(value, span))?,
                            ClaimKey::Question => once(&mut parts.question, id(value, span))?,
                            ClaimKey::Publish => {
                                first(seen, 1)?;
                                parts.publish = boolean(value)?;
                            }
                            // Answers' values and implications are rare: the general route
                            // reads them.
                            ClaimKey::Evidence
                            | ClaimKey::Value
                            | ClaimKey::Implies
                            | ClaimKey::Desk => return None,
                        }
                    }
                    Current::Evidence => {
                        let (parts, seen) = evidence.as_mut()?;
                        match EvidenceKey::parse(key)? {
                            EvidenceKey::Source => once(&mut parts.source, id(value, span))?,
                            EvidenceKey::Stance => {
                                once(&mut parts.stance, word(value, span, Stance::parse))?
                            }
                            EvidenceKey::Date => once(&mut parts.date, date(value, span))?,
                            EvidenceKey::Via => once(&mut parts.via, id(value, span))?,
                            EvidenceKey::Hedged => {
                                first(seen, 1)?;
                                parts.hedged = boolean(value)?;
                            }
                            EvidenceKey::Quote => once(&mut parts.quote, string(value, span))?,
                            EvidenceKey::Lang => once(&mut parts.lang, string(value, span))?,
                            EvidenceKey::Basis => once(
                                &mut parts.basis,
                                word(value, span, crate::model::Basis::parse),
                            )?,
                            // Links are on most items of a corpus that publishes: a file using
                            // them must not cost the general route.
                            EvidenceKey::Document => once(&mut parts.document, id(value, span))?,
                            EvidenceKey::Url => once(&mut parts.url, string(value, span))?,
                            EvidenceKey::ArchiveUrl => {
                                once(&mut parts.archive_url, string(value, span))?
                            }
                            // Wrong inside a claim's own evidence: the general route reports it.
                            EvidenceKey::Claim => return None,
                        }
                    }
                    _ => return None,
                },
            }
            Some(())
        })?;
        if let Some((parts, _)) = evidence.take() {
            items.push(finish_evidence(parts)?);
        }
        if let Some((parts, _)) = claim.take() {
            push_claim(&mut out, &mut defaulted, parts, &mut items)?;
        }
        if let Some((parts, span)) = event {
            let id = parts.id?;
            for &i in &defaulted {
                out.claims[i].event = Some(Ref::unresolved(id.clone()));
            }
            out.events.push(Event {
                id,
                title: parts.title,
                date: parts.date,
                place: parts.place,
                span,
            });
        }
        Some(out)
    }

    fn sources_file(&mut self) -> Option<FileEntities> {
        let mut out = FileEntities::default();
        let mut current = Current::Root;
        let mut actor: Option<ActorParts> = None;
        let mut source: Option<SourceParts> = None;
        self.lines(|line| {
            match line {
                Line::Header { name, array, span } => {
                    if let Some(parts) = actor.take() {
                        out.actors.push(finish_actor(parts)?);
                    }
                    if let Some(parts) = source.take() {
                        out.sources.push(finish_source(parts)?);
                    }
                    match (name, array) {
                        ("actor", true) => {
                            actor = Some(ActorParts {
                                span,
                                ..ActorParts::default()
                            });
                            current = Current::Actor;
                        }
                        ("source", true) => {
                            source = Some(SourceParts {
                                span,
                                ..SourceParts::default()
                            });
                            current = Current::Source;
                        }
                        _ => return None,
                    }
                }
                Line::Pair { key, value, span } => match current {
                    Current::Actor => {
                        let parts = actor.as_mut()?;
                        match ActorKey::parse(key)? {
                            ActorKey::Id => once(&mut parts.id, id(value, span))?,
                            ActorKey::Name => once(&mut parts.name, string(value, span))?,
                            // An empty list and no list read the same; a repeated key is an
                            // error, so only a first, non-empty definition is accepted here.
                            ActorKey::Opposes if parts.opposes.is_empty() => {
                                parts.opposes = list(value)?;
                                if parts.opposes.is_empty() {
                                    return None;
                                }
                            }
                            ActorKey::Allied if parts.allied.is_empty() => {
                                parts.allied = list(value)?;
                                if parts.allied.is_empty() {
                                    return None;
                                }
                            }
                            ActorKey::Opposes | ActorKey::Allied => return None,
                        }
                    }
                    Current::Source => {
                        let parts = source.as_mut()?;
                        match SourceKey::parse(key)? {
                            SourceKey::Id => once(&mut parts.id, id(value, span))?,
                            SourceKey::Name => once(&mut parts.name, string(value, span))?,
                            SourceKey::Kind => {
                                once(&mut parts.kind, word(value, span, SourceKind::parse))?
                            }
                            SourceKey::Actor => once(&mut parts.actor, id(value, span))?,
                            SourceKey::Origin => once(&mut parts.origin, id(value, span))?,
                            SourceKey::Reliability => once(
                                &mut parts.reliability,
                                word(value, span, Reliability::parse),
                            )?,
                            SourceKey::Url => once(&mut parts.url, string(value, span))?,
                        }
                    }
                    _ => return None,
                },
            }
            Some(())
        })?;
        if let Some(parts) = actor.take() {
            out.actors.push(finish_actor(parts)?);
        }
        if let Some(parts) = source.take() {
            out.sources.push(finish_source(parts)?);
        }
        Some(out)
    }
}

/// The index of the first byte at or after `at` that a string scan must look at: `quote`, a
/// backslash, a control character or DEL (or `bytes.len()`). Eight bytes at a time.
fn special(bytes: &[u8], mut at: usize, quote: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero: the lowest flagged byte is the first such (flags above it may be
    // false, which only matters past the first).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while at + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        let w = u64::from_le_bytes(word);
        let flags = zero(w ^ (ONES * u64::from(quote)))
            | zero(w ^ (ONES * u64::from(b'\\')))
            | zero(w ^ (ONES * 0x7f))
            // Below 0x20 (ASCII bytes only: bytes from 0x80 have their high bit set in `w`).
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGH);
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() {
        let b = bytes[at];
        if b == quote || b == b'\\' || b < 0x20 || b == 0x7f {
            return at;
        }
        at += 1;
    }
    at
}

/// One line that matters.
enum Line<'a> {
    Header {
        name: &'a str,
        array: bool,
        span: Span,
    },
    Pair {
        key: &'a str,
        value: Value,
        span: Span,
    },
}

fn finish_evidence(parts: EvidenceParts) -> Option<Evidence> {
    Some(Evidence {
        source: Ref::unresolved(parts.source?),
        stance: parts.stance?.value,
        date: parts.date,
        via: parts
            .via
            .map(|id| Box::new(crate::model::Relays::one(Ref::unresolved(id)))),
        basis: parts.basis.map(|b| b.value),
        hedged: parts.hedged,
        provenance: crate::model::Provenance::of(
            parts.document.map(Ref::unresolved),
            parts.url,
            parts.archive_url,
        ),
        quote: parts.quote.map(|q| q.value),
        lang: parts.lang.map(|l| l.value),
        span: parts.span,
    })
}

fn push_claim(
    out: &mut FileEntities,
    defaulted: &mut Vec<usize>,
    parts: ClaimParts,
    items: &mut Vec<Evidence>,
) -> Option<()> {
    if parts.event.is_none() {
        defaulted.push(out.claims.len());
    }
    // Collected through a reused buffer, so each claim's list is allocated once, exactly.
    let mut evidence = Vec::with_capacity(items.len());
    evidence.append(items);
    out.claims.push(Claim {
        id: parts.id?,
        text: parts.text?.value,
        favours: parts.favours.map(|id| Box::new(Ref::unresolved(id))),
        against: parts.against.map(|id| Box::new(Ref::unresolved(id))),
        event: parts.event.map(Ref::unresolved),
        question: parts.question.map(|q| q.value),
        value: None,
        implies: Box::default(),
        publish: parts.publish,
        rating: false,
        desk: None,
        evidence,
        span: parts.span,
    });
    Some(())
}

fn finish_actor(parts: ActorParts) -> Option<Actor> {
    Some(Actor {
        id: parts.id?,
        name: parts.name,
        opposes: parts.opposes,
        allied: parts.allied,
        span: parts.span,
    })
}

fn finish_source(parts: SourceParts) -> Option<Source> {
    let span = parts.span;
    Some(Source {
        id: parts.id?,
        name: parts.name,
        kind: parts.kind?,
        actor: parts.actor.map(Ref::unresolved),
        origin: parts.origin,
        reliability: parts
            .reliability
            .unwrap_or(Located::new(Reliability::F, span)),
        url: parts.url,
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use proptest::prelude::*;

    /// The general route: the TOML document tree, then the converter; `None` on a syntax error.
    fn general(section: Section, text: &str) -> Option<(FileEntities, Vec<Diagnostic>)> {
        let (root, errors) = toml::de::DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            return None;
        }
        let mut diags = Vec::new();
        let entities = super::super::convert::convert(7, section, root.get_ref(), &mut diags, &[]);
        Some((entities, diags))
    }

    /// Whenever the fast path takes a file, the general route reads it the same and finds
    /// nothing wrong with it. Returns whether the fast path took it.
    fn agree(section: Section, text: &str) -> bool {
        let Some(fast) = convert(7, section, text) else {
            return false;
        };
        let Some((slow, diags)) = general(section, text) else {
            panic!("the fast path took a file with a TOML syntax error: {text:?}");
        };
        assert!(
            diags.is_empty(),
            "the fast path took a file with problems {:?}: {text:?}",
            diags.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        assert_eq!(fast.actors, slow.actors, "{text:?}");
        assert_eq!(fast.sources, slow.sources, "{text:?}");
        assert_eq!(fast.events, slow.events, "{text:?}");
        assert_eq!(fast.claims, slow.claims, "{text:?}");
        true
    }

    const CLAIMS: &str = "# Siege (gen_corpus).\r\n\n[event]\nid = \"event-1\"\ntitle = \"Siege \\\"near\\\" Boni \\u00e9\\U0001F600\"\ndate = 2024-03-13\nplace = 'Boni, Burkina Faso'\n\n\
[[claim]]\nid = \"event-1.a\"\ntext = \"Local hostages\\tdenied.\"   # trailing\nfavours = \"fla\"\nagainst = \"fama\"\nquestion = \"q.one\"\npublish = true\n\n\
[[claim.evidence]]\nsource = \"social-555\"\nstance = \"asserts\"\ndate = 2024-03-13\n\n\
[[claim.evidence]]\n  source=\"official-103\"\n\tstance = \"no-comment\"\ndate = 2024-04-25T10:51:00Z\nvia = \"media-583\"\nhedged = false\nquote = \"Poste aucune bilan n'a l'armée.\"\nlang = \"fr\"\n\n\
[[claim]]\nid = \"event-1.b\"\ntext = \"\"\nevent = \"other\"\n\n[[claim.evidence]]\nsource = \"x\"\nstance = \"denies\"\ndate = 2024-04-25T10:51:00.123+01:30\nhedged = true\n\n\
[[claim.evidence]]\nsource = \"y\"\nstance = \"asserts\"\nbasis = \"hearsay\"\ndocument = \"rfi-report\"\nurl = \"https://rfi.fr/a?b=c#d\"\narchive_url = 'https://web.archive.org/web/2025/https://rfi.fr/a'\n";

    const SOURCES: &str = "# Sources\n[[actor]]\nid = \"fla\"\nname = \"Front\"\nopposes = [\"fama\", 'jnim' ,]\nallied = [ \"x\" ]\n\n[[actor]]\nid = \"fama\"\n\n\
[[source]]\nid = \"rfi\"\nname = \"RFI\"\nkind = \"media\"\nreliability = \"B\"\nurl = \"https://rfi.fr/a?b=c#d\"\n\n[[source]]\nid = \"fla-spokesman\"\nkind = \"party\"\nactor = \"fla\"\norigin = \"fla\"\n";

    #[test]
    fn special_bytes_are_found_where_a_byte_scan_finds_them() {
        let text = "abc\u{e9}d\"ef\\g\th\u{7f}i\u{1}j'kl\u{a0}\u{80}mnopqrstuvwxyz\"";
        let bytes = text.as_bytes();
        for quote in [b'"', b'\''] {
            for at in 0..=bytes.len() {
                let expected = (at..bytes.len())
                    .find(|&i| {
                        let b = bytes[i];
                        b == quote || b == b'\\' || b < 0x20 || b == 0x7f
                    })
                    .unwrap_or(bytes.len());
                assert_eq!(special(bytes, at, quote), expected, "from {at}");
            }
        }
    }

    #[test]
    fn plain_files_take_the_fast_path_and_read_the_same() {
        assert!(agree(Section::Claims, CLAIMS));
        assert!(agree(Section::Sources, SOURCES));
        assert!(agree(Section::Claims, ""));
        assert!(agree(Section::Sources, "# nothing\n"));
    }

    #[test]
    fn anything_unusual_takes_the_general_route() {
        let cases = [
            (Section::Claims, "[[claim]]\nid = \"a\"\n"), // missing text
            (Section::Claims, "[[claim]]\nid = \"A\"\ntext = \"t\"\n"), // invalid id
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\nid = \"b\"\n"), // duplicate key
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\ntxt = \"t\"\n"), // unknown key
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"\"\"t\"\"\"\n"), // multi-line string
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\\e\"\n"), // TOML 1.1 escape
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\npublish = \"true\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"assert\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\ndate = 2025-02-30\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\ndate = 2025-02-03 10:00:00\n"),
            (Section::Claims, "[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\nbasis = \"rumour\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\ndocument = \"Report 1\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\nurl = true\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\nurl = \"u\"\nurl = \"v\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"s\"\nstance = \"asserts\"\nclaim = \"a\"\n"),
            (Section::Claims, "[[claim]]\nid = \"a\"\ntext = \"t\"\n[[claim.evidence]]\nstance = \"asserts\"\ndocument = \"d\"\n"), // source from the document
            (Section::Claims, "[event]\nid = \"e\"\n[event]\nid = \"f\"\n"),
            (Section::Claims, "\u{feff}[event]\nid = \"e\"\n"),
            (Section::Claims, "[[actor]]\nid = \"e\"\n"),
            (Section::Sources, "[[source]]\nid = \"s\"\n"), // missing kind
            (Section::Sources, "[[actor]]\nid = \"a\"\nopposes = [\"b\"]\nopposes = [\"c\"]\n"),
            (Section::Sources, "[[actor]]\nid = \"a\"\nopposes = [\"b\",\n\"c\"]\n"),
            (Section::Sources, "[[actor]]\nid = \"a\"\nname = \"a\u{1}b\"\n"),
            (Section::Sources, "[[actor]]\nid = \"a\" # bell \u{7}\n"),
            (Section::Sources, "[[actor]]\nid = \"a\"\r\r\n"),
        ];
        for (section, text) in cases {
            assert!(!agree(section, text), "the fast path took {text:?}");
        }
    }

    /// Nesting far deeper than the general route reads is refused at once, without recursion:
    /// the fast path reads flat values only.
    #[test]
    fn deep_nesting_takes_the_general_route() {
        let deep = "[".repeat(1_000_000);
        let cases = [
            (
                Section::Sources,
                format!("[[actor]]\nid = \"a\"\nopposes = {deep}\n"),
            ),
            (
                Section::Claims,
                format!("[[claim]]\nid = \"a\"\ntext = {deep}\n"),
            ),
            (
                Section::Claims,
                format!("{} = 1\n", vec!["k"; 1_000_000].join(".")),
            ),
            (
                Section::Claims,
                format!("[{}]\n", vec!["claim"; 1_000_000].join(".")),
            ),
        ];
        for (section, text) in cases {
            assert!(convert(7, section, &text).is_none());
        }
    }

    #[test]
    fn every_corpus_file_in_the_repository_agrees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![
            root.join("claims"),
            root.join("sources"),
            root.join("tests"),
        ];
        let mut taken = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    let shown = path.to_string_lossy();
                    let section = if shown.contains("/sources/") {
                        Section::Sources
                    } else {
                        Section::Claims
                    };
                    taken += usize::from(agree(section, &text));
                }
            }
        }
        assert!(taken > 0, "no file of the repository took the fast path");
    }

    /// Bytes that matter to TOML, for mutations.
    const ALPHABET: &[u8] = b"\"'\\[]=#\n\r\t .,0123456789aTZ+-:_xuUe{}";

    /// 2000 cases, or `PROPTEST_CASES` when set (`scripts/fuzz.sh` runs far more): proptest's
    /// default configuration reads the variable, so only the count it would otherwise use is set.
    fn config() -> ProptestConfig {
        let mut config = ProptestConfig::default();
        if std::env::var_os("PROPTEST_CASES").is_none() {
            config.cases = 2000;
        }
        config
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn mutated_files_never_disagree(
            sources in any::<bool>(),
            edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..4, any::<proptest::sample::Index>()), 1..4),
        ) {
            let (section, base) = if sources { (Section::Sources, SOURCES) } else { (Section::Claims, CLAIMS) };
            let mut bytes = base.as_bytes().to_vec();
            for (at, op, pick) in edits {
                let i = at.index(bytes.len() + 1);
                let b = ALPHABET[pick.index(ALPHABET.len())];
                match op {
                    0 if i < bytes.len() => { bytes.remove(i); }
                    1 => bytes.insert(i, b),
                    2 if i < bytes.len() => bytes[i] = b,
                    _ => {
                        // Repeat a line.
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        let lines: Vec<&str> = text.split_inclusive('\n').collect();
                        let l = lines[i % lines.len()];
                        let at = text.find(l).unwrap_or(0);
                        bytes.splice(at..at, l.bytes());
                    }
                }
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                agree(section, text);
            }
        }
    }
}
