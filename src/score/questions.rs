//! The claims that answer each question, numbered once per corpus.
//!
//! Learning, scoring and ranking all need each claim's competing answers. Each used to build its
//! own map from question id to claims: a serial pass over every claim, hashing its question,
//! four times per run. [`Questions`] is built once, in parallel, and shared.

use crate::model::{relate, ClaimIx, Corpus, QuestionKind, Relation, Tolerance};
use crate::util::hash::{group_equal, hash_str, map_with_capacity, FastMap};
use rayon::prelude::*;

/// [`Questions::of_claim`]'s entry for a claim that answers no question.
const NO_QUESTION: u32 = u32::MAX;

/// The claims that answer each question. Questions are numbered in order of first appearance
/// (the claim order of their first answer), and each one's answers are in claim order, so the
/// numbering depends only on the corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Questions {
    /// Per claim, the number of the question it answers ([`NO_QUESTION`] if none).
    question: Vec<u32>,
    /// The answers of question `q` are `answers[starts[q]..starts[q + 1]]`.
    answers: Vec<ClaimIx>,
    /// Where each question's answers start in `answers`, plus the end.
    starts: Vec<u32>,
    /// Per question, its `[[question]]` entry in [`Corpus::questions`] ([`NO_QUESTION`] if it
    /// has none, which makes it a `choice` question).
    declared: Vec<u32>,
    /// Explicit `implies`, closed transitively: per claim that implies others, all it implies.
    implies: FastMap<u32, Box<[ClaimIx]>>,
    /// The same, reversed: per implied claim, every claim that implies it.
    implied_by: FastMap<u32, Box<[ClaimIx]>>,
}

impl Questions {
    /// Numbers the questions of `corpus`.
    ///
    /// Questions are grouped by [`group_equal`], in parallel, rather than through one hash map
    /// filled claim by claim.
    pub fn of(corpus: &Corpus) -> Questions {
        let mut keyed: Vec<(u64, u32)> = corpus
            .claims
            .par_iter()
            .enumerate()
            .filter_map(|(i, claim)| Some((hash_str(claim.question.as_ref()?), i as u32)))
            .collect();
        // Each answer with the first claim that answers the same question.
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(keyed.len());
        group_equal(
            &mut keyed,
            |c| {
                corpus.claims[c as usize]
                    .question
                    .as_deref()
                    .unwrap_or_default()
            },
            |first, claim| pairs.push((first, claim)),
        );
        drop(keyed);
        pairs.par_sort_unstable();
        let mut numbers = vec![NO_QUESTION; corpus.claims.len()];
        let mut answers = Vec::with_capacity(pairs.len());
        let mut starts = Vec::new();
        for (i, &(first, claim)) in pairs.iter().enumerate() {
            if i == 0 || pairs[i - 1].0 != first {
                starts.push(answers.len() as u32);
            }
            numbers[claim as usize] = (starts.len() - 1) as u32;
            answers.push(ClaimIx(claim));
        }
        starts.push(answers.len() as u32);
        let declared = if corpus.questions.is_empty() {
            vec![NO_QUESTION; starts.len().saturating_sub(1)]
        } else {
            let mut by_id: FastMap<&str, u32> = map_with_capacity(corpus.questions.len());
            for (i, q) in corpus.questions.iter().enumerate() {
                by_id.entry(q.id.as_str()).or_insert(i as u32);
            }
            (0..starts.len().saturating_sub(1))
                .map(|q| {
                    let first = answers[starts[q] as usize];
                    corpus.claims[first.get()]
                        .question
                        .as_deref()
                        .and_then(|id| by_id.get(id).copied())
                        .unwrap_or(NO_QUESTION)
                })
                .collect()
        };
        let (implies, implied_by) = implications(corpus);
        Questions {
            question: numbers,
            answers,
            starts,
            declared,
            implies,
            implied_by,
        }
    }

    /// The kind of question `q` and its tolerance: its `[[question]]` entry's, else `choice`.
    pub fn kind(&self, corpus: &Corpus, q: u32) -> (QuestionKind, Option<Tolerance>) {
        self.declared(corpus, q)
            .map_or((QuestionKind::Choice, None), |d| {
                (d.kind.value, d.tolerance.as_ref().map(|t| t.value))
            })
    }

    /// The `[[question]]` entry of question `q`, if it has one.
    pub fn declared<'c>(&self, corpus: &'c Corpus, q: u32) -> Option<&'c crate::model::Question> {
        self.declared_index(q).and_then(|d| corpus.questions.get(d))
    }

    /// The index in [`Corpus::questions`] of question `q`'s `[[question]]` entry, if it has one.
    pub fn declared_index(&self, q: u32) -> Option<usize> {
        self.declared
            .get(q as usize)
            .filter(|&&d| d != NO_QUESTION)
            .map(|&d| d as usize)
    }

    /// Every claim whose evidence bears on claim `claim`, with how it stands to it: the other
    /// answers to its question, related by their values (answers of a `choice` question
    /// exclude each other), and the claims joined to it by `implies`, in or out of its
    /// question. Explicit implication overrides what the values say. Claims that do not bear
    /// on it (none so far) are left out; the order is the question's answer order, then the
    /// implying claims, then the implied ones.
    pub fn related(&self, corpus: &Corpus, claim: ClaimIx) -> Vec<(ClaimIx, Relation)> {
        let mut out: Vec<(ClaimIx, Relation)> = Vec::new();
        if let Some(q) = self.of_claim(claim) {
            let (kind, tolerance) = self.kind(corpus, q);
            let value = |c: ClaimIx| corpus.claims[c.get()].value.as_deref().map(|v| &v.value);
            let mine = value(claim);
            out.extend(
                self.answers(q)
                    .iter()
                    .filter(|&&c| c != claim)
                    .map(|&c| (c, relate(kind, tolerance, mine, value(c)))),
            );
        }
        if self.implies.is_empty() {
            return out;
        }
        let mut explicit = |other: ClaimIx, relation: Relation| {
            if other == claim {
                return;
            }
            match out.iter_mut().find(|(c, _)| *c == other) {
                // Implied both ways: one answer written twice.
                Some((_, r)) if *r == relation.reversed() && relation != Relation::Same => {
                    *r = Relation::Same
                }
                Some((_, Relation::Same)) => {}
                Some((_, r)) => *r = relation,
                None => out.push((other, relation)),
            }
        };
        for &other in self.implied_by.get(&claim.0).into_iter().flatten() {
            explicit(other, Relation::Implies);
        }
        for &other in self.implies.get(&claim.0).into_iter().flatten() {
            explicit(other, Relation::ImpliedBy);
        }
        out
    }

    /// The number of distinct questions.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether no claim answers a question.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of the question claim `claim` answers, if any.
    pub fn of_claim(&self, claim: ClaimIx) -> Option<u32> {
        self.question
            .get(claim.get())
            .copied()
            .filter(|&q| q != NO_QUESTION)
    }

    /// The answers of question `q`, in claim order.
    pub fn answers(&self, q: u32) -> &[ClaimIx] {
        let q = q as usize;
        match (self.starts.get(q), self.starts.get(q + 1)) {
            (Some(&start), Some(&end)) => &self.answers[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The answers of the question claim `claim` answers (itself included), in claim order;
    /// empty if it answers none.
    pub fn siblings(&self, claim: ClaimIx) -> &[ClaimIx] {
        self.of_claim(claim).map_or(&[], |q| self.answers(q))
    }

    /// Every question's number and answers, in number order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (u32, &[ClaimIx])> + '_ {
        (0..self.len() as u32).map(|q| (q, self.answers(q)))
    }

    /// The id of question `q` (as its first answer writes it).
    pub fn id<'c>(&self, corpus: &'c Corpus, q: u32) -> &'c str {
        self.answers(q)
            .first()
            .and_then(|c| corpus.claims[c.get()].question.as_deref())
            .unwrap_or_default()
    }
}

/// Per claim, a list of claims (what it implies, or what implies it).
type Implications = FastMap<u32, Box<[ClaimIx]>>;

/// The claims' `implies`, closed transitively (a implies b implies c: a implies c), and
/// reversed. A claim implying itself, directly or round a cycle, is left out of its own list.
fn implications(corpus: &Corpus) -> (Implications, Implications) {
    let direct: Vec<(u32, Vec<u32>)> = corpus
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.implies.is_empty())
        .map(|(i, c)| {
            let targets = c
                .implies
                .iter()
                .filter_map(|r| r.target)
                .map(|t| t.0)
                .collect();
            (i as u32, targets)
        })
        .collect();
    let mut implies: FastMap<u32, Box<[ClaimIx]>> = map_with_capacity(direct.len());
    let mut implied_by: FastMap<u32, Vec<ClaimIx>> = FastMap::default();
    if direct.is_empty() {
        return (implies, FastMap::default());
    }
    let edges: FastMap<u32, &[u32]> = direct.iter().map(|(c, t)| (*c, t.as_slice())).collect();
    for &(start, _) in &direct {
        let mut seen: Vec<u32> = Vec::new();
        let mut stack: Vec<u32> = edges.get(&start).map_or_else(Vec::new, |t| t.to_vec());
        while let Some(next) = stack.pop() {
            if next == start || seen.contains(&next) {
                continue;
            }
            seen.push(next);
            stack.extend(edges.get(&next).into_iter().flat_map(|t| t.iter().copied()));
        }
        seen.sort_unstable();
        for &target in &seen {
            implied_by.entry(target).or_default().push(ClaimIx(start));
        }
        implies.insert(start, seen.into_iter().map(ClaimIx).collect());
    }
    let implied_by = implied_by
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_unstable();
            (k, v.into_boxed_slice())
        })
        .collect();
    (implies, implied_by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tests::load_str;
    use proptest::prelude::*;

    fn corpus(questions: &[Option<&str>]) -> Corpus {
        let mut claims = String::new();
        for (i, q) in questions.iter().enumerate() {
            claims.push_str(&format!("[[claim]]\nid = \"c{i}\"\ntext = \"t\"\n"));
            if let Some(q) = q {
                claims.push_str(&format!("question = \"{q}\"\n"));
            }
        }
        load_str("", &claims).0.corpus
    }

    #[test]
    fn questions_are_numbered_by_first_answer_with_answers_in_claim_order() {
        let corpus = corpus(&[Some("b"), None, Some("a"), Some("b"), Some("a"), Some("c")]);
        let questions = Questions::of(&corpus);
        assert_eq!(questions.len(), 3);
        let ids: Vec<&str> = (0..3).map(|q| questions.id(&corpus, q)).collect();
        assert_eq!(ids, ["b", "a", "c"]);
        assert_eq!(questions.answers(0), [ClaimIx(0), ClaimIx(3)]);
        assert_eq!(questions.answers(1), [ClaimIx(2), ClaimIx(4)]);
        assert_eq!(questions.siblings(ClaimIx(4)), [ClaimIx(2), ClaimIx(4)]);
        assert_eq!(questions.of_claim(ClaimIx(1)), None);
        assert!(questions.siblings(ClaimIx(1)).is_empty());
        assert!(questions.answers(3).is_empty());
    }

    #[test]
    fn a_corpus_without_questions_has_none() {
        let questions = Questions::of(&corpus(&[None, None]));
        assert!(questions.is_empty());
        assert_eq!(questions.iter().count(), 0);
    }

    proptest! {
        /// The same grouping and numbering as a map filled claim by claim.
        #[test]
        fn numbering_matches_a_map_in_claim_order(
            picks in proptest::collection::vec(proptest::option::of(0usize..6), 0..40)
        ) {
            let names = ["q0", "q1", "q2", "q3", "q4", "q5"];
            let qs: Vec<Option<&str>> = picks.iter().map(|p| p.map(|i| names[i])).collect();
            let corpus = corpus(&qs);
            let questions = Questions::of(&corpus);
            let mut order: Vec<&str> = Vec::new();
            for q in qs.iter().flatten() {
                if !order.contains(q) {
                    order.push(q);
                }
            }
            prop_assert_eq!(questions.len(), order.len());
            for (n, name) in order.iter().enumerate() {
                let expected: Vec<ClaimIx> = qs
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.as_deref() == Some(*name))
                    .map(|(i, _)| ClaimIx(i as u32))
                    .collect();
                prop_assert_eq!(questions.id(&corpus, n as u32), *name);
                prop_assert_eq!(questions.answers(n as u32), expected.as_slice());
            }
        }
    }
}
