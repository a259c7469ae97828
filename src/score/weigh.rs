//! How an evidence item is weighed: the ordered steps from its source's trust to its weight,
//! written once and compiled into a plan per combination of the item's facts.
//!
//! The steps, in order:
//! 1. `disputes` counts as `policy.disputes` of a denial;
//! 2. the rules' floors (an admission against interest weighs at least `policy.admission`);
//! 3. the rules' discounts, each a factor, in the order the rules are listed (hedged wording,
//!    relays, self-serving support);
//! 4. for the weak opposition a partial list makes to the parts it leaves out, the factor
//!    `policy.omission`;
//! 5. the cap `policy.max_weight`, which keeps one item short of certainty.
//!
//! The weight rules arrive as data ([`WeightRule`]: an id and an adjustment function), so this
//! layer never sees the rules themselves; `engine` compiles them. A plan depends only on the
//! item's [`ItemFacts`], which take [`FACT_COMBINATIONS`] values, so [`Plans::compile`] builds
//! every plan once per run. The scorer and reliability learning both weigh through
//! [`Plan::weight`]; `explain` replays the same plan step by step through [`Plan::walk`], and a
//! test holds the two bit-equal.

use super::Interest;
use crate::model::{Basis, Evidence, Reliability, SourceIx, Stance};
use crate::policy::Policy;

/// A change a rule makes to an evidence item's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Adjust {
    /// Raise the weight to at least this, for this reason.
    Floor(f64, &'static str),
    /// Multiply the weight by this, for this reason.
    Scale(f64, &'static str),
}

/// A rule's weight adjustment for one item, if it applies.
pub type AdjustFn = fn(&ItemFacts, &Policy) -> Option<Adjust>;

/// A rule that changes weights, as the scorer receives it: its id and its adjustment.
#[derive(Debug, Clone, Copy)]
pub struct WeightRule {
    /// The rule's id (the policy switches it off by this id).
    pub id: &'static str,
    /// Its adjustment.
    pub adjust: AdjustFn,
}

/// Facts about one evidence item that weight adjustments look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    /// Its stance. Support for a competing answer is weighed as that support, on that answer:
    /// the opposition it makes to a rival carries the discounts of the assertion it comes from.
    pub stance: Stance,
    /// Conditional wording.
    pub hedged: bool,
    /// Reached the desk through a relay.
    pub relayed: bool,
    /// The source's interest in the claim.
    pub interest: Interest,
    /// Support for a list, counted as weak opposition to the parts it leaves out.
    pub omitted: bool,
    /// Relayed, and a relay of the chain is graded D or below (or ungraded).
    pub weak_relay: bool,
    /// What the statement rests on, if the desk says.
    pub basis: Option<Basis>,
}

impl ItemFacts {
    /// The facts of an item with `stance`, `interest` being the source's interest in the claim
    /// the item was given on (for opposition derived from a competing answer: that answer's
    /// claim, so that a self-serving assertion weighs the same as the opposition it makes to
    /// its rivals). The one constructor: the scorer,
    /// learning and `explain` all build facts here.
    pub fn new(stance: Stance, hedged: bool, relayed: bool, interest: Interest) -> Self {
        ItemFacts {
            stance,
            hedged,
            relayed,
            interest,
            omitted: false,
            weak_relay: false,
            basis: None,
        }
    }

    /// The facts of `evidence` weighed with `interest` (see [`ItemFacts::new`]), its relays'
    /// grades read through `grade`: the one place the scorer and learning read an item's
    /// wording, relays and basis. A relay that names no source counts as weak.
    pub fn of_evidence(
        evidence: &Evidence,
        interest: Interest,
        grade: impl Fn(SourceIx) -> Reliability,
    ) -> Self {
        let weak = evidence.via.as_deref().is_some_and(|chain| {
            chain
                .iter()
                .any(|r| r.target.is_none_or(|s| grade(s) >= Reliability::D))
        });
        ItemFacts::new(
            evidence.stance,
            evidence.hedged,
            evidence.via.is_some(),
            interest,
        )
        .weak_relay(weak)
        .basis(evidence.basis)
    }

    /// The same facts, with a weak relay in the chain when `weak` (only a relayed item has one).
    pub fn weak_relay(self, weak: bool) -> Self {
        ItemFacts {
            weak_relay: weak && self.relayed,
            ..self
        }
    }

    /// The same facts, resting on `basis`.
    pub fn basis(self, basis: Option<Basis>) -> Self {
        ItemFacts { basis, ..self }
    }

    /// The same facts, counted as a list's omission when `omitted`.
    pub fn omitted(self, omitted: bool) -> Self {
        ItemFacts { omitted, ..self }
    }

    /// Its index among the [`FACT_COMBINATIONS`] possible facts, in [`all_facts`] order.
    pub fn index(&self) -> PlanIx {
        let stance = Stance::ALL
            .iter()
            .position(|s| *s == self.stance)
            .unwrap_or(0);
        let interest = match self.interest {
            Interest::Favoured => 0,
            Interest::Against => 1,
            Interest::Neutral => 2,
        };
        let basis = self
            .basis
            .and_then(|b| Basis::ALL.iter().position(|x| *x == b))
            .map_or(0, |b| b + 1);
        let relay = match (self.relayed, self.weak_relay) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        };
        let index = (((((stance * 6 + basis) * 2 + usize::from(self.omitted)) * 2
            + usize::from(self.hedged))
            * 3
            + relay)
            * 3)
            + interest;
        PlanIx(index as u16)
    }
}

/// How many distinct [`ItemFacts`] there are: stances × bases (or none) × omitted × hedged ×
/// relays (none, reliable, weak) × interests.
pub const FACT_COMBINATIONS: usize = Stance::ALL.len() * (Basis::ALL.len() + 1) * 2 * 2 * 3 * 3;

/// The index of a plan in [`Plans`]: two bytes, so a vote in the learning graph stays small.
/// The table's size is capped by the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanIx(u16);

const _: () = assert!(
    FACT_COMBINATIONS <= u16::MAX as usize + 1,
    "plan indexes are two bytes"
);

impl PlanIx {
    /// As an index into the plan table.
    pub fn get(self) -> usize {
        usize::from(self.0)
    }
}

/// Every possible [`ItemFacts`], in the order of [`ItemFacts::index`]: the keys of the plans.
pub fn all_facts() -> impl Iterator<Item = ItemFacts> {
    let bases = std::iter::once(None).chain(Basis::ALL.iter().copied().map(Some));
    let relays = [(false, false), (true, false), (true, true)];
    Stance::ALL.iter().flat_map(move |&stance| {
        bases.clone().flat_map(move |basis| {
            [false, true].into_iter().flat_map(move |omitted| {
                [false, true].into_iter().flat_map(move |hedged| {
                    relays.into_iter().flat_map(move |(relayed, weak_relay)| {
                        [Interest::Favoured, Interest::Against, Interest::Neutral]
                            .into_iter()
                            .map(move |interest| ItemFacts {
                                stance,
                                hedged,
                                relayed,
                                interest,
                                omitted,
                                weak_relay,
                                basis,
                            })
                    })
                })
            })
        })
    })
}

/// What changed an item's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepKind {
    /// `disputes` counts as this fraction of a denial.
    Disputes(f64),
    /// A rule's adjustment.
    Rule(Adjust),
    /// A list's omission weighs this fraction of the list's support.
    Omission(f64),
    /// The cap that keeps one item short of certainty.
    Cap(f64),
}

/// One change to an item's weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The rule that made it, if a rule did.
    pub rule: Option<&'static str>,
    /// What it is.
    pub kind: StepKind,
    /// Weight before.
    pub before: f64,
    /// Weight after.
    pub after: f64,
}

impl Step {
    /// What it is, in words: `hedged wording ×0.6`.
    pub fn label(&self) -> String {
        match self.kind {
            StepKind::Disputes(factor) => format!("disputes ×{factor}"),
            StepKind::Rule(Adjust::Floor(floor, why)) => format!("{why}: at least {floor}"),
            StepKind::Rule(Adjust::Scale(factor, why)) => format!("{why} ×{factor}"),
            StepKind::Omission(factor) => format!("left out of a list ×{factor}"),
            StepKind::Cap(max) => format!("capped at {max}"),
        }
    }
}

/// Discount factors a plan holds inline; a combination with more takes [`Plan::walk`]'s path,
/// which gives the same bits, only slower.
const INLINE_SCALES: usize = 4;

/// The weighing of one combination of facts, from trust to weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The `disputes` factor, if the stance is `disputes`.
    disputes: Option<f64>,
    /// The rules' adjustments, floors first, each group in rule order.
    steps: Vec<(&'static str, Adjust)>,
    /// The omission factor, for a list's omissions.
    omission: Option<f64>,
    /// The cap.
    cap: f64,
    /// The same steps, compact, for [`Plan::weight`]: the `disputes` factor (1 if none), the
    /// highest floor (−∞ if none), and the discounts (padded with 1, which changes no bit).
    pre: f64,
    floor: f64,
    scales: [f64; INLINE_SCALES],
    /// More discounts than [`INLINE_SCALES`]: weigh through [`Plan::walk`].
    overflow: bool,
}

impl Plan {
    /// The plan for items with `facts` under `policy`, with the adjustments of `rules` that
    /// the policy leaves on, in their order.
    fn compile(facts: &ItemFacts, policy: &Policy, rules: &[WeightRule]) -> Plan {
        let adjustments: Vec<(&'static str, Adjust)> = rules
            .iter()
            .filter_map(|r| (r.adjust)(facts, policy).map(|a| (r.id, a)))
            .collect();
        let floors = adjustments
            .iter()
            .filter(|(_, a)| matches!(a, Adjust::Floor(..)));
        let discounts = adjustments
            .iter()
            .filter(|(_, a)| matches!(a, Adjust::Scale(..)));
        let steps: Vec<(&'static str, Adjust)> =
            floors.clone().chain(discounts.clone()).copied().collect();
        let disputes = (facts.stance == Stance::Disputes).then_some(policy.disputes);
        let mut scales = [1.0; INLINE_SCALES];
        let mut count = 0;
        for (_, adjust) in discounts {
            if let (Adjust::Scale(factor, _), Some(slot)) = (adjust, scales.get_mut(count)) {
                *slot = *factor;
            }
            count += 1;
        }
        let floor = floors
            .filter_map(|(_, a)| match a {
                Adjust::Floor(floor, _) => Some(*floor),
                Adjust::Scale(..) => None,
            })
            .fold(f64::NEG_INFINITY, f64::max);
        Plan {
            disputes,
            steps,
            omission: facts.omitted.then_some(policy.omission),
            cap: policy.max_weight,
            pre: disputes.unwrap_or(1.0),
            floor,
            scales,
            overflow: count > INLINE_SCALES,
        }
    }

    /// The weight of an item whose source has `trust`: the steps of [`Plan::walk`], without
    /// reporting them.
    #[inline]
    pub fn weight(&self, trust: f64) -> f64 {
        if self.overflow {
            return self.walk(trust, |_| {});
        }
        // Multiplying by 1 and taking the maximum with −∞ change no bit, so this is the walk's
        // arithmetic, operation for operation.
        let mut weight = (trust * self.pre).max(self.floor);
        for factor in self.scales {
            weight *= factor;
        }
        if let Some(factor) = self.omission {
            weight *= factor;
        }
        if weight > self.cap {
            self.cap
        } else {
            weight
        }
    }

    /// Walks an item's weight from `trust` through the steps, reporting each change to `step`,
    /// and returns the final weight.
    pub fn walk(&self, trust: f64, mut step: impl FnMut(Step)) -> f64 {
        let mut weight = trust;
        if let Some(factor) = self.disputes {
            let after = weight * factor;
            step(Step {
                rule: None,
                kind: StepKind::Disputes(factor),
                before: weight,
                after,
            });
            weight = after;
        }
        for &(rule, adjust) in &self.steps {
            let after = match adjust {
                Adjust::Floor(floor, _) => weight.max(floor),
                Adjust::Scale(factor, _) => weight * factor,
            };
            step(Step {
                rule: Some(rule),
                kind: StepKind::Rule(adjust),
                before: weight,
                after,
            });
            weight = after;
        }
        if let Some(factor) = self.omission {
            let after = weight * factor;
            step(Step {
                rule: None,
                kind: StepKind::Omission(factor),
                before: weight,
                after,
            });
            weight = after;
        }
        if weight > self.cap {
            step(Step {
                rule: None,
                kind: StepKind::Cap(self.cap),
                before: weight,
                after: self.cap,
            });
            weight = self.cap;
        }
        weight
    }

    /// The ids of the rules that adjust this plan's items, in order.
    pub fn rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.steps.iter().map(|(rule, _)| *rule)
    }
}

/// The plan of every combination of facts, for one policy and one list of weight rules.
#[derive(Debug, Clone)]
pub struct Plans {
    /// The weight rules the policy leaves on, in order (kept to compile variants).
    rules: Vec<WeightRule>,
    /// Per [`PlanIx`], its plan.
    plans: Vec<Plan>,
}

impl Plans {
    /// Compiles the plans of `rules` (those `policy` leaves on) under `policy`.
    pub fn compile(policy: &Policy, rules: &[WeightRule]) -> Plans {
        let rules: Vec<WeightRule> = rules
            .iter()
            .filter(|r| policy.enabled(r.id))
            .copied()
            .collect();
        let plans = all_facts()
            .map(|facts| Plan::compile(&facts, policy, &rules))
            .collect();
        Plans { rules, plans }
    }

    /// The plan for items with `facts`.
    #[inline]
    pub fn of(&self, facts: &ItemFacts) -> &Plan {
        self.get(facts.index())
    }

    /// The plan at `ix`.
    #[inline]
    pub fn get(&self, ix: PlanIx) -> &Plan {
        &self.plans[ix.get()]
    }

    /// The ids of the weight rules these plans apply, in order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|r| r.id)
    }

    /// The same plans with rule `rule` switched off: what `explain`'s what-if effects weigh by.
    pub fn without(&self, rule: &str, policy: &Policy) -> Plans {
        let rules: Vec<WeightRule> = self
            .rules
            .iter()
            .filter(|r| r.id != rule)
            .copied()
            .collect();
        Plans::compile(policy, &rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weight rules of the real catalogue.
    fn weight_rules() -> Vec<WeightRule> {
        crate::engine::weight_rules()
    }

    /// The 72 item facts are listed in the order of their index, each once.
    #[test]
    fn all_facts_are_listed_in_index_order() {
        let indexes: Vec<usize> = all_facts().map(|f| f.index().get()).collect();
        assert_eq!(indexes, (0..FACT_COMBINATIONS).collect::<Vec<_>>());
    }

    /// Policies with factors that are not powers of two (where a product of factors taken first
    /// and factors applied one by one differ in the last bit).
    fn policies() -> Vec<Policy> {
        let odd = Policy {
            hedged: 0.7,
            relay: 0.9,
            self_serving: 0.3,
            disputes: 0.55,
            admission: 0.71,
            max_weight: 0.93,
            ..Policy::default()
        };
        let odder = Policy {
            hedged: 0.333,
            relay: 0.777,
            self_serving: 0.1,
            max_weight: 0.99,
            ..odd.clone()
        };
        let mut quiet = odd.clone();
        quiet
            .rules
            .insert("hedged".to_owned(), crate::policy::RuleSetting::Off);
        vec![Policy::default(), odd, odder, quiet]
    }

    /// The fast weight is the walk, bit for bit, over every fact combination, a grid of trusts
    /// and several policies; each step starts where the previous one ended.
    #[test]
    fn weight_is_the_walk_bit_for_bit() {
        let rules = weight_rules();
        for policy in policies() {
            let plans = Plans::compile(&policy, &rules);
            for facts in all_facts() {
                let plan = plans.of(&facts);
                for k in 0..=200 {
                    let trust = f64::from(k) / 200.0;
                    let mut at = trust;
                    let walked = plan.walk(trust, |step| {
                        assert_eq!(step.before.to_bits(), at.to_bits());
                        at = step.after;
                    });
                    assert_eq!(walked.to_bits(), at.to_bits());
                    assert_eq!(
                        plan.weight(trust).to_bits(),
                        walked.to_bits(),
                        "{facts:?} at trust {trust}"
                    );
                }
            }
        }
    }

    /// A plan with more discounts than fit inline still weighs as its walk.
    #[test]
    fn many_discounts_weigh_as_the_walk() {
        fn third(_: &ItemFacts, _: &Policy) -> Option<Adjust> {
            Some(Adjust::Scale(1.0 / 3.0, "a third"))
        }
        let rules: Vec<WeightRule> = (0..INLINE_SCALES + 2)
            .map(|_| WeightRule {
                id: "third",
                adjust: third,
            })
            .collect();
        let policy = Policy::default();
        let plans = Plans::compile(&policy, &rules);
        let plan = plans.get(PlanIx(0));
        assert!(plan.overflow);
        for k in 0..=50 {
            let trust = f64::from(k) / 50.0;
            assert_eq!(
                plan.weight(trust).to_bits(),
                plan.walk(trust, |_| {}).to_bits()
            );
        }
    }

    /// Switching a rule off in the policy and compiling without it give the same plans.
    #[test]
    fn without_is_the_rule_switched_off() {
        let rules = weight_rules();
        let policy = Policy::default();
        let mut off = policy.clone();
        off.rules
            .insert("hedged".to_owned(), crate::policy::RuleSetting::Off);
        let a = Plans::compile(&policy, &rules).without("hedged", &policy);
        let b = Plans::compile(&off, &rules);
        assert_eq!(a.plans, b.plans);
    }
}
