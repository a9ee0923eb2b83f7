//! Casualty phrases: killed and wounded counts near their verbs.

use super::*;

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

const PERSON_AFTER_COUNT: &[TargetKind] = &[
    TargetKind::Civilians,
    TargetKind::Military,
    TargetKind::Police,
    TargetKind::Government,
    TargetKind::Diplomatic,
    TargetKind::Journalists,
    TargetKind::AidWorkers,
    TargetKind::ArmedGroup,
    TargetKind::Protesters,
];

impl Context<'_> {
    /// Casualty phrases of the sentence: (is killed, count, verb token index, count span).
    pub(super) fn casualties(&self, toks: &[Token]) -> Vec<Casualty> {
        let mut out = Vec::new();
        // "no casualties", "no one was hurt", "there were no casualties"
        for (i, t) in toks.iter().enumerate() {
            let lw = t.lower.as_str();
            let killed_word = KILL_WORDS.contains(&lw);
            let wound_word = WOUND_WORDS.contains(&lw);
            if !killed_word && !wound_word {
                continue;
            }
            // "shot dead" etc. are fine; "death toll" reads forward.
            let count = self.count_for(toks, i);
            let Some(count) = count else {
                continue;
            };
            let both = matches!(lw, "casualties" | "hurt") && count.range.min == 0;
            if lw == "casualties" && count.range.min > 0 {
                // "five casualties": killed or wounded, not said which.
                continue;
            }
            if killed_word || both {
                out.push(Casualty {
                    killed: true,
                    count,
                    verb: i,
                });
            }
            if wound_word || both {
                out.push(Casualty {
                    killed: false,
                    count,
                    verb: i,
                });
            }
        }
        out
    }

    /// The count a casualty word refers to: after an active verb ("killing 2"), before a
    /// passive one ("2 were killed") or a noun ("3 dead", "no casualties").
    pub(super) fn count_for(&self, toks: &[Token], v: usize) -> Option<Count> {
        let w = toks.get(v)?.lower.as_str();
        let prev_be = v > 0 && lower_is(toks, v - 1, BE);
        // Headline style: "Twelve killed", "Nine officers injured and one killed".
        if !prev_be && matches!(w, "killed" | "wounded" | "injured" | "dead" | "hurt") {
            let lo = v.saturating_sub(4);
            let mut k = v;
            while k > lo {
                k -= 1;
                if is_clause_break(&toks[k]) || toks[k].lower == "," || toks[k].lower == "and" {
                    break;
                }
                if let Some(c) = self.count_at(toks, k, true) {
                    if c.end <= v && !c.vague || c.end == v {
                        let mut best = c;
                        for back in 1..=3 {
                            let Some(j) = k.checked_sub(back) else { break };
                            if let Some(c2) = self.ex.numbers.parse(toks, j) {
                                if c2.end >= best.end && c2.end <= v {
                                    best = c2;
                                }
                            }
                        }
                        return Some(best);
                    }
                }
            }
        }
        let shot_dead = w == "dead"
            && v > 0
            && lower_is(
                toks,
                v - 1,
                &["shot", "beaten", "stabbed", "hacked", "burnt", "burned"],
            )
            && !(v > 1 && lower_is(toks, v - 2, BE));
        let active = shot_dead
            || w.ends_with("ing")
            || matches!(w, "kills" | "kill" | "injures")
            || (!prev_be && matches!(w, "killed" | "wounded" | "injured" | "murdered"));
        if w == "death" && lower_is(toks, v + 1, &["toll"]) {
            // "the death toll rose to 9", "the death toll from the attack rose to 15".
            for k in v + 2..(v + 10).min(toks.len()) {
                if is_clause_break(&toks[k]) || toks[k].lower == "," {
                    break;
                }
                if let Some(c) = self.count_at(toks, k, true) {
                    return Some(c);
                }
            }
            return None;
        }
        if active {
            for k in v + 1..(v + 4).min(toks.len()) {
                if is_clause_break(&toks[k]) || toks[k].lower == "," && k > v + 1 {
                    break;
                }
                if let Some(mut c) = self.count_at(toks, k, false) {
                    // "wounding others, including five Chinese citizens"
                    if let Some(inc) =
                        (c.end..(c.end + 3).min(toks.len())).find(|&j| toks[j].lower == "including")
                    {
                        if let Some(c2) = self.count_at(toks, inc + 1, false) {
                            c.range = Range {
                                min: c.range.min.max(c2.range.min),
                                max: None,
                            };
                            c.end = c2.end;
                        }
                    }
                    return Some(c);
                }
                if matches!(toks[k].lower.as_str(), "by" | "in" | "at" | "on" | "when") {
                    break;
                }
            }
            // "kill Muslim cleric", "killed a TikToker": one victim named without a number.
            let mut k = v + 1;
            while k < toks.len().min(v + 4) {
                let t = &toks[k];
                if matches!(t.lower.as_str(), "a" | "an") {
                    return Some(Count {
                        range: Range::exact(1),
                        start: k,
                        end: k + 1,
                        vague: false,
                    });
                }
                if let Some((kind, n)) = self.ex.lex.targets.at(toks, k) {
                    let last = toks.get(k + n - 1).map_or("", |t| t.lower.as_str());
                    if PERSON_AFTER_COUNT.contains(&kind) && !last.ends_with('s') {
                        return Some(Count {
                            range: Range::exact(1),
                            start: k,
                            end: k + n,
                            vague: false,
                        });
                    }
                    break;
                }
                if !(t.capitalised || t.lower == "the") {
                    break;
                }
                k += 1;
            }
            if w.ends_with("ing") || matches!(w, "kills" | "kill") {
                return None;
            }
        }
        // Backwards, to the previous casualty word or clause break.
        let lo = v.saturating_sub(12);
        let mut k = v;
        while k > lo {
            k -= 1;
            let t = &toks[k];
            if is_clause_break(t)
                || (k + 1 < v
                    && (KILL_WORDS.contains(&t.lower.as_str())
                        || WOUND_WORDS.contains(&t.lower.as_str())))
            {
                break;
            }
            if let Some(c) = self.count_at(toks, k, true) {
                if c.end > v {
                    continue;
                }
                // Take a modifier to the left ("at least", "no one").
                let mut best = c;
                for back in 1..=3 {
                    let Some(j) = k.checked_sub(back) else { break };
                    if let Some(c2) = self.ex.numbers.parse(toks, j) {
                        if c2.end >= best.end && c2.end <= v {
                            best = c2;
                        }
                    }
                }
                // "Five soldiers and two militants were killed": add the earlier count.
                let mut j = best.start;
                let mut steps = 0;
                while j > 0 && steps < 4 {
                    j -= 1;
                    steps += 1;
                    if toks[j].lower == "and" {
                        for back in 1..=3 {
                            let Some(s0) = j.checked_sub(back) else { break };
                            if let Some(c0) = self.count_at(toks, s0, true) {
                                if c0.end <= j && !c0.vague && !best.vague {
                                    best.range = Range {
                                        min: best.range.min + c0.range.min,
                                        max: best.range.max.zip(c0.range.max).map(|(x, y)| x + y),
                                    };
                                    best.start = c0.start;
                                }
                                break;
                            }
                        }
                        break;
                    }
                    if is_clause_break(&toks[j]) || toks[j].lower == "," {
                        break;
                    }
                }
                return Some(best);
            }
        }
        None
    }

    /// A count at token `k` that can stand for people: not a year or a date, and "a"/"an"
    /// only before a word for people.
    pub(super) fn count_at(&self, toks: &[Token], k: usize, allow_bare: bool) -> Option<Count> {
        let t = toks.get(k)?;
        let c = self.ex.numbers.parse(toks, k)?;
        if t.lower.len() == 4
            && t.lower.chars().all(|c| c.is_ascii_digit())
            && (1900..2100).contains(&c.range.min)
        {
            return None;
        }
        let month_near = |i: usize| {
            toks.get(i)
                .is_some_and(|t| MONTHS.iter().any(|m| t.lower.starts_with(m)))
        };
        if t.lower.starts_with(|ch: char| ch.is_ascii_digit())
            && (month_near(c.end) || (k > 0 && month_near(k - 1)))
        {
            return None;
        }
        let person_next = (c.end..(c.end + 3).min(toks.len())).any(|j| {
            self.ex
                .lex
                .targets
                .at(toks, j)
                .is_some_and(|(kind, _)| PERSON_AFTER_COUNT.contains(&kind))
                || self.ex.lex.actors.at(toks, j).is_some()
        });
        let word = t.lower.as_str();
        if matches!(word, "a" | "an" | "some" | "more" | "other" | "many") && !person_next {
            return None;
        }
        if !allow_bare && !person_next && !t.lower.starts_with(|ch: char| ch.is_ascii_digit()) {
            // "killing several people" has a person word; "killing two" is fine too.
            let next_is_noun = toks.get(c.end).is_some_and(|n| {
                n.is_word()
                    && !matches!(
                        n.lower.as_str(),
                        "and" | "in" | "at" | "on" | "of" | "others"
                    )
            });
            if next_is_noun && c.vague {
                return None;
            }
        }
        // A count of things, not people: "3 mortar shells", "two vehicles".
        if let Some(n) = toks.get(c.end) {
            // "Twelve killed" counts people; "3 mortar shells" counts things.
            if self
                .ex
                .lex
                .triggers
                .at(toks, c.end)
                .is_some_and(|(t, _)| t.strength != Strength::Weak)
                || self
                    .ex
                    .lex
                    .targets
                    .at(toks, c.end)
                    .is_some_and(|(kind, _)| !PERSON_AFTER_COUNT.contains(&kind))
                    && !matches!(n.lower.as_str(), "people" | "persons")
            {
                return None;
            }
        }
        Some(c)
    }
}
