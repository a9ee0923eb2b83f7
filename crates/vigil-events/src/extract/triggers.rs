//! Trigger checks: whether a trigger reports an act that happened.

use super::*;

const TO_ALLOWED: &[&str] = &[
    "managed",
    "began",
    "started",
    "continued",
    "went",
    "used",
    "tried",
];

const HELD_CONTEXT: &[&str] = &[
    "possession",
    "seized",
    "recovered",
    "cache",
    "found",
    "carrying",
    "stockpile",
    "smuggling",
    "making",
    "assembling",
    "confiscated",
];

const REASON_CONTEXT: &[&str] = &[
    "denouncing",
    "denounced",
    "condemning",
    "condemned",
    "accused",
    "accusing",
    "demanding",
    "demanded",
    "calling",
    "called",
    "protesting",
    "mourning",
    "over",
];

/// Words that, right before a verb trigger, say the act did not (yet) happen.
const IRREALIS: &[&str] = &[
    "could",
    "would",
    "may",
    "might",
    "will",
    "shall",
    "should",
    "must",
    "can",
    "cannot",
    "not",
    "never",
    "threatened",
    "threatens",
    "threaten",
    "vowed",
    "vows",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "prevent",
    "prevented",
    "foiled",
    "thwarted",
    "against",
    "about",
    "warned",
    "warning",
    "fear",
    "fears",
    "feared",
    "no",
    "without",
    "if",
    "ability",
];

impl Context<'_> {
    /// True when a trigger is negated, hypothetical or a threat ("threatened to attack",
    /// "the ability to strike", "did not attack").
    pub(super) fn irrealis(&self, toks: &[Token], h: &Hit) -> bool {
        let before = |k: usize| h.start.checked_sub(k).and_then(|i| toks.get(i));
        // The reason of a protest or statement ("denouncing the recent killing", "called for
        // the arrest of"), and explosives held rather than set off ("in possession of
        // explosives"), are not events of their own.
        let fam = family(h.trigger.sub_kind);
        for k in 1..=4 {
            let Some(t) = before(k) else { break };
            if is_clause_break(t) || t.lower == "," {
                break;
            }
            let w = t.lower.as_str();
            if REASON_CONTEXT.contains(&w) && fam != Family::Protest {
                return true;
            }
            if fam == Family::Explosion && HELD_CONTEXT.contains(&w) {
                return true;
            }
        }
        if let Some(p) = before(1) {
            if p.lower == "to" {
                // "blocked the road to protest": a purpose, and the protest took place.
                if family(h.trigger.sub_kind) == Family::Protest {
                    return before(2).is_some_and(|q| IRREALIS.contains(&q.lower.as_str()));
                }
                return !before(2).is_some_and(|q| TO_ALLOWED.contains(&q.lower.as_str()));
            }
            if IRREALIS.contains(&p.lower.as_str()) {
                return true;
            }
            if p.lower == "of" || p.lower == "a" || p.lower == "an" || p.lower == "the" {
                // "warned of attacks", "fear of an attack"
                if before(2).is_some_and(|q| {
                    matches!(
                        q.lower.as_str(),
                        "warned" | "fear" | "fears" | "threat" | "threats" | "risk" | "warning"
                    )
                }) {
                    return true;
                }
            }
        }
        if let Some(p) = before(2) {
            if matches!(
                p.lower.as_str(),
                "not" | "never" | "n't" | "threatened" | "vowed"
            ) {
                return true;
            }
        }
        false
    }
}
