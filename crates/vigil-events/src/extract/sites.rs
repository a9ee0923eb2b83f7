//! One happening per site: "two suicide attacks at the Supreme Court and the office of the UN
//! refugee agency" are two attacks, each with its own target site.

use super::*;

/// Words that end the list of sites after a counted trigger.
const LIST_END: &[&str] = &[
    "in", ",", ".", ";", "that", "which", "who", "killing", "leaving", "on", "last", "this",
];

impl Context<'_> {
    /// The sites a counted plural trigger names one by one ("two attacks at A and B"), as
    /// targets, when there are exactly as many sites as the count says; `None` otherwise.
    pub(super) fn counted_sites(&self, toks: &[Token], head: &Hit) -> Option<Vec<Target>> {
        if !head.trigger.noun {
            return None;
        }
        let count = match toks.get(head.start.checked_sub(1)?)?.lower.as_str() {
            "two" | "twin" | "both" | "2" => 2,
            "three" | "3" => 3,
            _ => return None,
        };
        if !lower_is(toks, head.end, &["at", "against", "on", "targeting"]) {
            return None;
        }
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut from = head.end + 1;
        let mut i = from;
        while let Some(t) = toks.get(i) {
            if LIST_END.contains(&t.lower.as_str()) || is_clause_break(t) {
                break;
            }
            if t.lower == "and" {
                parts.push((from, i));
                from = i + 1;
            }
            i += 1;
        }
        parts.push((from, i));
        if parts.len() != count || parts.iter().any(|(a, b)| a >= b) {
            return None;
        }
        let sites = parts
            .into_iter()
            .map(|(a, b)| {
                let kind = (a..b)
                    .find_map(|k| self.ex.lex.targets.at(toks, k).map(|(kind, _)| kind))
                    .unwrap_or(TargetKind::Other);
                let name = self
                    .text
                    .get(toks[a].start..toks[b - 1].end)
                    .unwrap_or_default()
                    .to_owned();
                Target {
                    kind,
                    name,
                    id: None,
                    country: None,
                }
            })
            .collect();
        Some(sites)
    }
}

/// One draft per site: each takes its site as a target and is set apart from the others; a
/// toll given for all of them together belongs to none alone, so it is left out (the
/// sentence stays in each one's evidence).
pub(super) fn split_by_site(draft: Draft, sites: Vec<Target>) -> Vec<Draft> {
    sites
        .into_iter()
        .map(|site| {
            let mut d = draft.clone();
            d.targets.push(site);
            d.killed = None;
            d.wounded = None;
            d.stated_killed.clear();
            d.stated_wounded.clear();
            for e in &mut d.evidence {
                e.fields
                    .retain(|f| f.field != "killed" && f.field != "wounded");
            }
            d.distinct = true;
            d
        })
        .collect()
}
