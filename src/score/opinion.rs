//! Subjective-logic opinions (Jøsang): belief, disbelief, uncertainty and a base rate.
//!
//! An opinion `(b, d, u, a)` with `b + d + u = 1` says how much the evidence supports a claim
//! (`b`), opposes it (`d`) and leaves open (`u`); the base rate `a` is the prior probability used
//! for the open part. Its probability is `P = b + a·u`.

use serde::Serialize;

/// A binomial opinion about one claim.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Opinion {
    /// Belief: mass for the claim.
    pub belief: f64,
    /// Disbelief: mass against it.
    pub disbelief: f64,
    /// Uncertainty: mass left open.
    pub uncertainty: f64,
}

impl Opinion {
    /// Total ignorance: no evidence either way.
    pub const VACUOUS: Opinion = Opinion {
        belief: 0.0,
        disbelief: 0.0,
        uncertainty: 1.0,
    };

    /// A source that fully asserts the claim, discounted by trust `weight` in [0, 1).
    pub fn support(weight: f64) -> Self {
        Opinion {
            belief: weight,
            disbelief: 0.0,
            uncertainty: 1.0 - weight,
        }
    }

    /// A source that fully denies the claim, discounted by trust `weight` in [0, 1).
    pub fn opposition(weight: f64) -> Self {
        Opinion {
            belief: 0.0,
            disbelief: weight,
            uncertainty: 1.0 - weight,
        }
    }

    /// The projected probability `b + a·u`.
    pub fn probability(&self, base_rate: f64) -> f64 {
        self.belief + base_rate * self.uncertainty
    }

    /// Cumulative fusion (⊕) of two opinions from independent origins: evidence accumulates and
    /// uncertainty shrinks. Both must have `u > 0` (weights are capped below 1 for this).
    pub fn fuse(self, other: Opinion) -> Opinion {
        // Fusing with ignorance changes nothing; returning early keeps the result bit-exact.
        if other.uncertainty >= 1.0 {
            return self;
        }
        if self.uncertainty >= 1.0 {
            return other;
        }
        let (u1, u2) = (self.uncertainty, other.uncertainty);
        let kappa = u1 + u2 - u1 * u2;
        if kappa <= f64::EPSILON {
            // Two dogmatic opinions: average them (Jøsang's limit case).
            return Opinion {
                belief: (self.belief + other.belief) / 2.0,
                disbelief: (self.disbelief + other.disbelief) / 2.0,
                uncertainty: 0.0,
            };
        }
        Opinion {
            belief: (self.belief * u2 + other.belief * u1) / kappa,
            disbelief: (self.disbelief * u2 + other.disbelief * u1) / kappa,
            uncertainty: (u1 * u2) / kappa,
        }
    }

    /// Cumulative fusion of many independent opinions, in the order given (callers sort them so
    /// floating-point results are reproducible).
    pub fn fuse_all(opinions: impl IntoIterator<Item = Opinion>) -> Opinion {
        opinions.into_iter().fold(Opinion::VACUOUS, Opinion::fuse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn vacuous_is_the_identity() {
        let o = Opinion::support(0.6);
        assert_eq!(o.fuse(Opinion::VACUOUS), o);
    }

    #[test]
    fn two_independent_supports_accumulate() {
        let fused = Opinion::support(0.5).fuse(Opinion::support(0.5));
        assert!(close(fused.belief, 2.0 / 3.0));
        assert!(close(fused.uncertainty, 1.0 / 3.0));
    }

    proptest! {
        #[test]
        fn fusion_keeps_mass_and_commutes(w1 in 0.0..0.99f64, w2 in 0.0..0.99f64, s in any::<bool>()) {
            let a = Opinion::support(w1);
            let b = if s { Opinion::support(w2) } else { Opinion::opposition(w2) };
            let ab = a.fuse(b);
            let ba = b.fuse(a);
            prop_assert!(close(ab.belief + ab.disbelief + ab.uncertainty, 1.0));
            prop_assert!(close(ab.belief, ba.belief) && close(ab.disbelief, ba.disbelief));
        }

        #[test]
        fn adding_support_never_lowers_probability(
            ws in proptest::collection::vec((0.0..0.95f64, any::<bool>()), 0..8),
            extra in 0.0..0.95f64,
            base in 0.0..1.0f64,
        ) {
            let fused = Opinion::fuse_all(ws.iter().map(|(w, s)| if *s { Opinion::support(*w) } else { Opinion::opposition(*w) }));
            let more = fused.fuse(Opinion::support(extra));
            let less = fused.fuse(Opinion::opposition(extra));
            prop_assert!(more.probability(base) >= fused.probability(base) - 1e-12);
            prop_assert!(less.probability(base) <= fused.probability(base) + 1e-12);
        }
    }
}
