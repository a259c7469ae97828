//! Merging the files' entities into one corpus and resolving references between them.

use super::convert::FileEntities;
use crate::diag::{did_you_mean, list_known, Diagnostic, Label};
use crate::model::{ActorIx, Corpus, EventIx, Located, Ref, SourceIx};
use crate::rules::{duplicate_id, unknown_actor, unknown_event, unknown_source};
use std::collections::HashMap;

/// Appends each file's entities in file order, reporting ids defined twice.
pub fn merge(corpus: &mut Corpus, parts: Vec<FileEntities>, diags: &mut Vec<Diagnostic>) {
    let mut seen: [HashMap<String, Located<String>>; 4] = Default::default();
    let mut keep =
        |kind: usize, what: &str, id: &Located<String>, diags: &mut Vec<Diagnostic>| -> bool {
            if let Some(first) = seen[kind].get(&id.value) {
                diags.push(
                    duplicate_id::RULE
                        .diag(
                            format!("{what} id `{}` is defined twice", id.value),
                            Label::new(id.span, "defined again here"),
                        )
                        .with_secondary(Label::new(first.span, "first defined here"))
                        .with_help(format!(
                            "give each {what} its own id; the first definition is used"
                        )),
                );
                return false;
            }
            seen[kind].insert(id.value.clone(), id.clone());
            true
        };
    for part in parts {
        for actor in part.actors {
            if keep(0, "actor", &actor.id, diags) {
                corpus.actors.push(actor);
            }
        }
        for source in part.sources {
            if keep(1, "source", &source.id, diags) {
                corpus.sources.push(source);
            }
        }
        for event in part.events {
            if keep(2, "event", &event.id, diags) {
                corpus.events.push(event);
            }
        }
        for claim in part.claims {
            if keep(3, "claim", &claim.id, diags) {
                corpus.claims.push(claim);
            }
        }
    }
}

struct Index<'c> {
    ids: HashMap<&'c str, u32>,
}

impl<'c> Index<'c> {
    fn new(ids: impl Iterator<Item = &'c str>) -> Self {
        Index {
            ids: ids.enumerate().map(|(i, id)| (id, i as u32)).collect(),
        }
    }

    fn resolve<I>(&self, r: &Ref<I>) -> Option<u32> {
        self.ids.get(r.id.value.as_str()).copied()
    }

    fn unknown(
        &self,
        rule: &crate::rules::Rule,
        what: &str,
        plural: &str,
        r_id: &Located<String>,
    ) -> Diagnostic {
        let id = r_id.value.as_str();
        let diag = rule.diag(
            format!("unknown {what} `{id}`"),
            Label::new(r_id.span, format!("no {what} has this id")),
        );
        if let Some(near) = did_you_mean(id, self.ids.keys().copied()) {
            diag.with_help(format!("did you mean `{near}`?"))
        } else if self.ids.is_empty() {
            let hint = if what == "event" {
                "no events are defined; add an `[event]` table with this id to a file under claims/".to_owned()
            } else {
                format!("no {plural} are defined; add a `[[{what}]]` entry under sources/")
            };
            diag.with_help(hint)
        } else {
            diag.with_help(format!(
                "known {plural}: {}",
                list_known(self.ids.keys().copied(), 12)
            ))
        }
    }
}

/// Resolves every reference in `corpus`, reporting those that name nothing.
pub fn resolve(corpus: &mut Corpus, diags: &mut Vec<Diagnostic>) {
    let actors = Index::new(corpus.actors.iter().map(|a| a.id.value.as_str()));
    let sources = Index::new(corpus.sources.iter().map(|s| s.id.value.as_str()));
    let events = Index::new(corpus.events.iter().map(|e| e.id.value.as_str()));
    // Resolved indices are gathered first and written afterwards, because the indexes borrow the
    // ids they resolve against.
    let mut actor_links: Vec<Vec<Option<ActorIx>>> = Vec::new();
    let mut source_links: Vec<Option<ActorIx>> = Vec::new();
    let mut claim_links: Vec<ClaimLinks> = Vec::with_capacity(corpus.claims.len());

    let actor = |r: &Ref<ActorIx>, diags: &mut Vec<Diagnostic>| -> Option<ActorIx> {
        let ix = actors.resolve(r).map(ActorIx);
        if ix.is_none() {
            diags.push(actors.unknown(&unknown_actor::RULE, "actor", "actors", &r.id));
        }
        ix
    };
    for a in &corpus.actors {
        actor_links.push(
            a.opposes
                .iter()
                .chain(&a.allied)
                .map(|r| actor(r, diags))
                .collect(),
        );
    }
    for s in &corpus.sources {
        source_links.push(s.actor.as_ref().and_then(|r| actor(r, diags)));
    }
    let source = |r: &Ref<SourceIx>, diags: &mut Vec<Diagnostic>| -> Option<SourceIx> {
        let ix = sources.resolve(r).map(SourceIx);
        if ix.is_none() {
            diags.push(sources.unknown(&unknown_source::RULE, "source", "sources", &r.id));
        }
        ix
    };
    for c in &corpus.claims {
        let event = c.event.as_ref().and_then(|r| {
            let ix = events.resolve(r).map(EventIx);
            if ix.is_none() {
                diags.push(events.unknown(&unknown_event::RULE, "event", "events", &r.id));
            }
            ix
        });
        claim_links.push(ClaimLinks {
            favours: c.favours.as_ref().and_then(|r| actor(r, diags)),
            against: c.against.as_ref().and_then(|r| actor(r, diags)),
            event,
            evidence: c
                .evidence
                .iter()
                .map(|e| {
                    (
                        source(&e.source, diags),
                        e.via.as_ref().and_then(|r| source(r, diags)),
                    )
                })
                .collect(),
        });
    }

    for (a, links) in corpus.actors.iter_mut().zip(actor_links) {
        for (r, ix) in a.opposes.iter_mut().chain(a.allied.iter_mut()).zip(links) {
            r.target = ix;
        }
    }
    for (s, ix) in corpus.sources.iter_mut().zip(source_links) {
        if let Some(r) = s.actor.as_mut() {
            r.target = ix;
        }
    }
    for (c, links) in corpus.claims.iter_mut().zip(claim_links) {
        set(&mut c.favours, links.favours);
        set(&mut c.against, links.against);
        set(&mut c.event, links.event);
        for (e, (source, via)) in c.evidence.iter_mut().zip(links.evidence) {
            e.source.target = source;
            set(&mut e.via, via);
        }
    }
}

struct ClaimLinks {
    favours: Option<ActorIx>,
    against: Option<ActorIx>,
    event: Option<EventIx>,
    evidence: Vec<(Option<SourceIx>, Option<SourceIx>)>,
}

fn set<I>(r: &mut Option<Ref<I>>, ix: Option<I>) {
    if let Some(r) = r.as_mut() {
        r.target = ix;
    }
}
