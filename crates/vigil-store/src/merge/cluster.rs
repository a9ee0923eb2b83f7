//! Deterministic clustering of frames into events.

use super::rules::{affinity, same_happening};
use super::{key, Constraints};
use vigil_core::EventSource;

/// Beyond this many frames in one component, clustering joins frames one by one (in key
/// order, each to the event it resembles most) instead of pair by pair, which costs the cube of
/// the count.
const PAIRWISE_MAX: usize = 400;

/// Splits frames into events. Every pair of frames in an event passes [`same_happening`], so
/// no chain of near matches drags two happenings together. Among the joins the rules allow, the
/// most alike go first: the two events whose members resemble each other most ([`affinity`],
/// averaged over member pairs) join, again and again, until no two events may join; ties go
/// to the events with the smaller keys. The result depends only on the set of frames. Members
/// are sorted by key; events by their smallest member.
///
/// An analyst's [`Constraints`] come first: frames kept together start as one event (whatever
/// the rules say of them) and frames kept apart never join.
#[must_use]
pub(crate) fn cluster(
    mut frames: Vec<EventSource>,
    constraints: &Constraints,
) -> Vec<Vec<EventSource>> {
    frames.sort_by_key(key);
    frames.dedup_by_key(|f| key(f));
    let may = |i: usize, j: usize| {
        if constraints.is_empty() {
            return same_happening(&frames[i], &frames[j]);
        }
        let (a, b) = (key(&frames[i]), key(&frames[j]));
        constraints.together(&a, &b)
            || (!constraints.apart(&a, &b) && same_happening(&frames[i], &frames[j]))
    };
    let apart = |i: usize, j: usize| {
        !constraints.is_empty() && constraints.apart(&key(&frames[i]), &key(&frames[j]))
    };
    let group: Vec<_> = frames.iter().map(|f| constraints.root(&key(f))).collect();
    let rule = Rule {
        may: &may,
        apart: &apart,
    };
    let groups = if frames.len() <= PAIRWISE_MAX {
        pairwise(&frames, &rule, &group)
    } else {
        one_by_one(&frames, &rule, &group)
    };
    let mut slots: Vec<Option<EventSource>> = frames.into_iter().map(Some).collect();
    let mut events: Vec<Vec<EventSource>> = groups
        .into_iter()
        .map(|mut group| {
            group.sort_unstable();
            group
                .into_iter()
                .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                .collect::<Vec<_>>()
        })
        .filter(|members| !members.is_empty())
        .collect();
    events.sort_by_key(|members| members.first().map(key));
    events
}

/// Which frames (by index) may be one event, and which an analyst kept apart.
struct Rule<'a> {
    may: &'a dyn Fn(usize, usize) -> bool,
    apart: &'a dyn Fn(usize, usize) -> bool,
}

/// Average-linkage agglomeration under the complete-linkage constraint, over indices into
/// `frames` (sorted by key). Frames of one `group` (kept together by an analyst) are joined
/// before anything else, and the group may then join what any of its members may join (the
/// analyst vouched for it as one happening), never what one of them is kept apart from.
fn pairwise<G: PartialEq>(frames: &[EventSource], rule: &Rule<'_>, group: &[G]) -> Vec<Vec<usize>> {
    let n = frames.len();
    // Between clusters a and b: may they join, and the sum of their members' affinities.
    let mut may = vec![vec![false; n]; n];
    let mut sum = vec![vec![0u32; n]; n];
    for i in 0..n {
        for j in (i + 1)..n {
            if (rule.may)(i, j) {
                may[i][j] = true;
                may[j][i] = true;
                let a = affinity(&frames[i], &frames[j]);
                sum[i][j] = a;
                sum[j][i] = a;
            }
        }
    }
    let mut state = Agglomeration {
        members: (0..n).map(|i| vec![i]).collect(),
        alive: vec![true; n],
        may,
        sum,
    };
    // An analyst's groups first: each frame joins the first frame of its group.
    let owner: Vec<usize> = (0..n)
        .map(|j| (0..j).find(|&i| group[i] == group[j]).unwrap_or(j))
        .collect();
    for (j, &i) in owner.iter().enumerate() {
        if i != j {
            state.join(i, j, true);
        }
    }
    for i in 0..n {
        for j in (i + 1)..n {
            if (rule.apart)(i, j) {
                let (a, b) = (owner[i], owner[j]);
                state.may[a][b] = false;
                state.may[b][a] = false;
            }
        }
    }
    while let Some((a, b)) = state.best() {
        state.join(a, b, false);
    }
    state
        .members
        .into_iter()
        .filter(|m| !m.is_empty())
        .collect()
}

/// Clusters being joined pair by pair: each cluster's members, whether it is still there, and
/// between two clusters whether they may join and the sum of their members' affinities.
struct Agglomeration {
    members: Vec<Vec<usize>>,
    alive: Vec<bool>,
    may: Vec<Vec<bool>>,
    sum: Vec<Vec<u32>>,
}

impl Agglomeration {
    /// The two clusters that may join whose members resemble each other most on average.
    fn best(&self) -> Option<(usize, usize)> {
        let n = self.members.len();
        let mut best: Option<(usize, usize, f64)> = None;
        for a in (0..n).filter(|&a| self.alive[a]) {
            for b in ((a + 1)..n).filter(|&b| self.alive[b] && self.may[a][b]) {
                let pairs = (self.members[a].len() * self.members[b].len()) as f64;
                let score = f64::from(self.sum[a][b]) / pairs;
                // Strictly better only: on a tie the pair found first (smaller keys) stays.
                if best.is_none_or(|(_, _, s)| score > s) {
                    best = Some((a, b, score));
                }
            }
        }
        best.map(|(a, b, _)| (a, b))
    }

    /// Cluster `b` joins cluster `a`. What the two may join: what both may (complete linkage),
    /// or, when an analyst `vouched` for the join, what either may.
    fn join(&mut self, a: usize, b: usize, vouched: bool) {
        let moved = std::mem::take(&mut self.members[b]);
        self.members[a].extend(moved);
        self.alive[b] = false;
        for x in 0..self.members.len() {
            self.may[a][x] = if vouched {
                self.may[a][x] || self.may[b][x]
            } else {
                self.may[a][x] && self.may[b][x]
            };
            self.may[x][a] = self.may[a][x];
            self.sum[a][x] += self.sum[b][x];
            self.sum[x][a] = self.sum[a][x];
        }
    }
}

/// For a very large component: each frame in key order joins the event of its analyst's group,
/// else the event it may join that it resembles most on average (the earlier on a tie), or
/// starts one. As in [`pairwise`], an event holding an analyst's group may take a frame that
/// any member of that group may join.
fn one_by_one<G: PartialEq>(
    frames: &[EventSource],
    rule: &Rule<'_>,
    group: &[G],
) -> Vec<Vec<usize>> {
    let grouped = |m: usize| (0..frames.len()).any(|o| o != m && group[o] == group[m]);
    let mut events: Vec<Vec<usize>> = Vec::new();
    for (i, frame) in frames.iter().enumerate() {
        if let Some(members) = events
            .iter_mut()
            .find(|members| members.iter().any(|&m| group[m] == group[i]))
        {
            members.push(i);
            continue;
        }
        let mut home: Option<(usize, f64)> = None;
        for (e, members) in events.iter().enumerate() {
            let vouched = members.iter().any(|&m| grouped(m) && (rule.may)(m, i));
            let may = members.iter().all(|&m| (rule.may)(m, i));
            if members.iter().any(|&m| (rule.apart)(m, i)) || !(may || vouched) {
                continue;
            }
            let total: u32 = members.iter().map(|&m| affinity(&frames[m], frame)).sum();
            let score = f64::from(total) / members.len() as f64;
            if home.is_none_or(|(_, best)| score > best) {
                home = Some((e, score));
            }
        }
        match home.and_then(|(e, _)| events.get_mut(e)) {
            Some(members) => members.push(i),
            None => events.push(vec![i]),
        }
    }
    events
}
