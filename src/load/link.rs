//! Merging the files' entities into one corpus and resolving references between them.

use super::convert::FileEntities;
use super::diags;
use crate::diag::{Diagnostic, Label};
use crate::model::{
    ActorIx, Claim, ClaimIx, Corpus, Document, DocumentIx, Event, EventIx, Evidence, Located, Ref,
    SourceIx, Text,
};
use crate::util::hash::{group_equal, hash_str, map_with_capacity, FastMap};
use crate::util::text::{did_you_mean, list_known};
use rayon::prelude::*;

/// Claims resolved per parallel task: enough to amortise the task, small enough to balance.
const CLAIMS_PER_TASK: usize = 2048;

/// Appends one file's entities (files are appended in load order).
pub fn append(corpus: &mut Corpus, part: FileEntities) {
    corpus.actors.extend(part.actors);
    corpus.sources.extend(part.sources);
    corpus.events.extend(part.events);
    corpus.claims.extend(part.claims);
    corpus.questions.extend(part.questions);
    corpus.documents.extend(part.documents);
}

/// Appends each top-level `[[evidence]]` item to the claim it names, in load order, after the
/// claim's own items; an unknown claim id is reported with the nearest known one.
pub fn attach_evidence(
    corpus: &mut Corpus,
    loose: Vec<(Located<Text>, Evidence)>,
    diags: &mut Vec<Diagnostic>,
) {
    if loose.is_empty() {
        return;
    }
    let index = Index::new(corpus.claims.iter().map(|c| &c.id.value));
    for (claim, item) in loose {
        match index.ids.get(claim.value.as_str()) {
            Some(&i) => corpus.claims[i as usize].evidence.push(item),
            None => diags.push(index.unknown(&diags::UNKNOWN_CLAIM, "claim", "claims", &claim)),
        }
    }
}

/// Drops every entity whose id an earlier one already has, reporting each (the first
/// definition is kept).
pub fn dedup_all(corpus: &mut Corpus, diags: &mut Vec<Diagnostic>) {
    dedup(&mut corpus.actors, |a| &a.id, "actor", diags);
    dedup(&mut corpus.sources, |s| &s.id, "source", diags);
    dedup(&mut corpus.events, |e| &e.id, "event", diags);
    dedup(&mut corpus.claims, |c| &c.id, "claim", diags);
    dedup(&mut corpus.questions, |q| &q.id, "question", diags);
    dedup(&mut corpus.documents, |d| &d.id, "document", diags);
}

/// Drops every entity whose id an earlier one already has, reporting each (ids are grouped by
/// [`group_equal`]).
fn dedup<T: Sync>(
    items: &mut Vec<T>,
    id: impl Fn(&T) -> &Located<Text> + Sync,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut hashes: Vec<(u64, u32)> = items
        .par_iter()
        .enumerate()
        .map(|(i, item)| (hash_str(id(item).value.as_str()), i as u32))
        .collect();
    // (a later definition, the first one), for each id defined again.
    let mut again: Vec<(usize, usize)> = Vec::new();
    group_equal(
        &mut hashes,
        |i| id(&items[i as usize]).value.as_str(),
        |first, item| {
            if first != item {
                again.push((item as usize, first as usize));
            }
        },
    );
    drop(hashes);
    again.sort_unstable();
    let mut drop = Vec::with_capacity(again.len());
    for (i, first) in again {
        let (this, earlier) = (id(&items[i]), id(&items[first]));
        diags.push(
            diags::DUPLICATE_ID
                .diag(
                    format!("{what} id `{}` is defined twice", this.value),
                    Label::new(this.span, "defined again here"),
                )
                .with_secondary(Label::new(earlier.span, "first defined here"))
                .with_help(format!(
                    "give each {what} its own id; the first definition is used"
                )),
        );
        drop.push(i);
    }
    if drop.is_empty() {
        return;
    }
    let mut next = drop.into_iter().peekable();
    let mut i = 0;
    items.retain(|_| {
        let keep = next.peek() != Some(&i);
        if !keep {
            next.next();
        }
        i += 1;
        keep
    });
}

/// The entities of one kind by id.
///
/// The map owns copies of the ids: short ids are stored inline in its buckets, so finding one
/// reads one bucket, where borrowed keys cost a second, random read of the id itself (a
/// million claims' references into a hundred thousand sources spent most of their time there).
struct Index {
    ids: FastMap<Text, u32>,
}

impl Index {
    fn new<'c>(ids: impl ExactSizeIterator<Item = &'c Text>) -> Self {
        let mut map = map_with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            map.entry(id.clone()).or_insert(i as u32);
        }
        Index { ids: map }
    }

    fn resolve<I>(&self, r: &Ref<I>) -> Option<u32> {
        self.ids.get(r.id.value.as_str()).copied()
    }

    fn unknown(
        &self,
        rule: &crate::diag::RuleMeta,
        what: &str,
        plural: &str,
        r_id: &Located<Text>,
    ) -> Diagnostic {
        let id = r_id.value.as_str();
        let diag = rule.diag(
            format!("unknown {what} `{id}`"),
            Label::new(r_id.span, format!("no {what} has this id")),
        );
        if let Some(near) = did_you_mean(id, self.ids.keys().map(Text::as_str)) {
            diag.with_help(format!("did you mean `{near}`?"))
        } else if self.ids.is_empty() {
            let hint = if what == "event" {
                "no events are defined; add an `[event]` table with this id to a file under claims/"
                    .to_owned()
            } else if what == "claim" {
                "no claims are defined; add a `[[claim]]` entry under claims/".to_owned()
            } else {
                format!("no {plural} are defined; add a `[[{what}]]` entry under sources/")
            };
            diag.with_help(hint)
        } else {
            diag.with_help(format!(
                "known {plural}: {}",
                list_known(self.ids.keys().map(Text::as_str), 12)
            ))
        }
    }

    /// Sets `r`'s target to the entity it names, or reports it.
    fn link<I>(
        &self,
        r: &mut Ref<I>,
        wrap: fn(u32) -> I,
        rule: &crate::diag::RuleMeta,
        what: &str,
        plural: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        r.target = self.resolve(r).map(wrap);
        if r.target.is_none() {
            diags.push(self.unknown(rule, what, plural, &r.id));
        }
    }
}

/// The indexes references resolve against.
struct Indexes<'c> {
    actors: Index,
    sources: Index,
    events: Index,
    documents: Index,
    /// The documents, their sources resolved: evidence citing one takes its source and date.
    document_list: &'c [Document],
}

impl Indexes<'_> {
    fn actor(&self, r: &mut Ref<ActorIx>, diags: &mut Vec<Diagnostic>) {
        self.actors
            .link(r, ActorIx, &diags::UNKNOWN_ACTOR, "actor", "actors", diags);
    }

    fn source(&self, r: &mut Ref<SourceIx>, diags: &mut Vec<Diagnostic>) {
        self.sources.link(
            r,
            SourceIx,
            &diags::UNKNOWN_SOURCE,
            "source",
            "sources",
            diags,
        );
    }

    /// Resolves one claim's references, in the order diagnostics have always been reported.
    fn claim(&self, c: &mut Claim, diags: &mut Vec<Diagnostic>) {
        if let Some(r) = c.event.as_mut() {
            self.events
                .link(r, EventIx, &diags::UNKNOWN_EVENT, "event", "events", diags);
        }
        if let Some(r) = c.favours.as_mut() {
            self.actor(r, diags);
        }
        if let Some(r) = c.against.as_mut() {
            self.actor(r, diags);
        }
        for e in &mut c.evidence {
            self.document(e, diags);
            // An empty id is a source the item was to take from a document that is missing.
            if !e.source.id.value.is_empty() {
                self.source(&mut e.source, diags);
            }
            for r in e.via.iter_mut().flat_map(|v| v.0.iter_mut()) {
                self.source(r, diags);
            }
        }
    }

    /// Resolves the document `e` cites, and takes its source and date where `e` gives none, or
    /// reports where `e`'s own contradict them.
    fn document(&self, e: &mut Evidence, diags: &mut Vec<Diagnostic>) {
        let Some(r) = e
            .provenance
            .as_deref_mut()
            .and_then(|p| p.document.as_mut())
        else {
            return;
        };
        self.documents.link(
            r,
            DocumentIx,
            &diags::UNKNOWN_DOCUMENT,
            "document",
            "documents",
            diags,
        );
        let Some(ix) = r.target else {
            return;
        };
        let document = &self.document_list[ix.get()];
        let cited = r.id.span;
        let publisher = document.source.as_ref();
        if e.source.id.value.is_empty() {
            match publisher {
                Some(publisher) => e.source = publisher.clone(),
                None => diags.push(
                    diags::MISSING_FIELD
                        .diag(
                            format!(
                                "evidence cites document `{}`, which names no source",
                                document.id.value
                            ),
                            Label::new(cited, "the item takes its source from this document"),
                        )
                        .with_secondary(Label::new(document.span, "this document has no `source`"))
                        .with_help("add `source = …` to the document, or to the evidence"),
                ),
            }
        }
        let relayed_by = |id: &str| {
            e.via
                .iter()
                .flat_map(|v| v.iter())
                .any(|r| r.id.value == id)
        };
        let mut relayed = false;
        if let Some(publisher) = publisher {
            let (said_by, published_by) = (e.source.id.as_str(), publisher.id.as_str());
            relayed = said_by != published_by;
            if relayed && !relayed_by(published_by) {
                diags.push(
                    diags::DOCUMENT_CONFLICT
                        .diag(
                            format!(
                                "evidence says source `{said_by}`, but its document `{}` is published by `{published_by}`",
                                document.id.value
                            ),
                            Label::new(e.source.id.span, "the evidence's source"),
                        )
                        .with_secondary(Label::new(publisher.id.span, "the document's publisher"))
                        .with_help(format!(
                            "if `{published_by}` relayed what `{said_by}` said, add `via = \"{published_by}\"`; otherwise correct one of the two"
                        )),
                );
            }
        }
        match (&e.date, &document.date) {
            (None, Some(published)) => e.date = Some(published.clone()),
            // A relayed statement may predate the report that carries it; nothing in a
            // document postdates it, and its publisher's own words are dated by it.
            (Some(said), Some(published))
                if said.value != published.value && !(relayed && said.value < published.value) =>
            {
                let why = if said.value > published.value {
                    "after the document was published".to_owned()
                } else {
                    format!(
                        "before its publisher `{}` published it",
                        publisher.map_or("", |p| p.id.as_str())
                    )
                };
                diags.push(
                        diags::DOCUMENT_CONFLICT
                            .diag(
                                format!(
                                    "evidence is dated {}, {why}: document `{}` is dated {}",
                                    said.value, document.id.value, published.value
                                ),
                                Label::new(said.span, "the evidence's date"),
                            )
                            .with_secondary(Label::new(published.span, "the document's date"))
                            .with_help("remove the evidence's `date` to take the document's, or correct one of the two"),
                    );
            }
            _ => {}
        }
    }
}

/// Resolves every reference in `corpus`, reporting those that name nothing, and runs `check` on
/// each claim (with the corpus's events and documents) as soon as its references are resolved.
///
/// Claims are resolved in parallel, in chunks whose diagnostics are joined back in claim order,
/// so the result does not depend on the number of threads. The checks run in the same pass
/// because a large corpus does not fit in the caches: every further pass over the claims reads
/// them all from memory again.
pub fn resolve(
    corpus: &mut Corpus,
    diags: &mut Vec<Diagnostic>,
    check: impl Fn(&Claim, &[Event], &[Document], &mut Vec<Diagnostic>) + Sync,
) {
    let Corpus {
        actors,
        sources,
        events,
        claims,
        documents,
        ..
    } = corpus;
    let sources_index = Index::new(sources.iter().map(|s| &s.id.value));
    for d in documents.iter_mut() {
        if let Some(r) = d.source.as_mut() {
            sources_index.link(
                r,
                SourceIx,
                &diags::UNKNOWN_SOURCE,
                "source",
                "sources",
                diags,
            );
        }
    }
    let indexes = Indexes {
        actors: Index::new(actors.iter().map(|a| &a.id.value)),
        sources: sources_index,
        events: Index::new(events.iter().map(|e| &e.id.value)),
        documents: Index::new(documents.iter().map(|d| &d.id.value)),
        document_list: documents,
    };
    for a in actors.iter_mut() {
        for r in a.opposes.iter_mut().chain(a.allied.iter_mut()) {
            indexes.actor(r, diags);
        }
    }
    for s in sources.iter_mut() {
        if let Some(r) = s.actor.as_mut() {
            indexes.actor(r, diags);
        }
    }
    let found: Vec<Vec<Diagnostic>> = claims
        .par_chunks_mut(CLAIMS_PER_TASK)
        .map(|chunk| {
            let mut found = Vec::new();
            for c in chunk {
                indexes.claim(c, &mut found);
                check(c, events, indexes.document_list, &mut found);
            }
            found
        })
        .collect();
    for part in found {
        diags.extend(part);
    }
    resolve_implications(claims, diags);
}

/// Resolves the claims' `implies` lists. Few claims have one, so the index of every claim id
/// is built only when one does.
fn resolve_implications(claims: &mut [Claim], diags: &mut Vec<Diagnostic>) {
    if claims.iter().all(|c| c.implies.is_empty()) {
        return;
    }
    let index = Index::new(claims.iter().map(|c| &c.id.value));
    let mut targets: Vec<(usize, usize, Option<u32>)> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        for (k, r) in claim.implies.iter().enumerate() {
            let target = index.resolve(r);
            if target.is_none() {
                // The claim itself is defined, so the index is never empty here.
                diags.push(index.unknown(&diags::UNKNOWN_CLAIM, "claim", "claims", &r.id));
            }
            targets.push((i, k, target));
        }
    }
    for (i, k, target) in targets {
        claims[i].implies[k].target = target.map(ClaimIx);
    }
}
