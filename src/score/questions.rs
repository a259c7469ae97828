//! The claims that answer each question, numbered once per corpus.
//!
//! Learning, scoring and ranking all need each claim's competing answers. Each used to build its
//! own map from question id to claims: a serial pass over every claim, hashing its question,
//! four times per run. [`Questions`] is built once, in parallel, and shared.

use crate::model::{ClaimIx, Corpus};
use crate::util::hash::{group_equal, hash_str};
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
        Questions {
            question: numbers,
            answers,
            starts,
        }
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
