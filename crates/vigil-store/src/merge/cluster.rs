//! Deterministic clustering of frames into events.

use super::key;
use super::rules::{affinity, same_happening};
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
#[must_use]
pub(crate) fn cluster(mut frames: Vec<EventSource>) -> Vec<Vec<EventSource>> {
    frames.sort_by_key(key);
    frames.dedup_by_key(|f| key(f));
    let groups = if frames.len() <= PAIRWISE_MAX {
        pairwise(&frames)
    } else {
        one_by_one(&frames)
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

/// Average-linkage agglomeration under the complete-linkage constraint, over indices into
/// `frames` (sorted by key).
fn pairwise(frames: &[EventSource]) -> Vec<Vec<usize>> {
    let n = frames.len();
    // Between clusters a and b: may they join, and the sum of their members' affinities.
    let mut may = vec![vec![false; n]; n];
    let mut sum = vec![vec![0u32; n]; n];
    for i in 0..n {
        for j in (i + 1)..n {
            if same_happening(&frames[i], &frames[j]) {
                may[i][j] = true;
                may[j][i] = true;
                let a = affinity(&frames[i], &frames[j]);
                sum[i][j] = a;
                sum[j][i] = a;
            }
        }
    }
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive: Vec<bool> = vec![true; n];
    loop {
        let mut best: Option<(usize, usize, f64)> = None;
        for a in (0..n).filter(|&a| alive[a]) {
            for b in ((a + 1)..n).filter(|&b| alive[b] && may[a][b]) {
                let pairs = (members[a].len() * members[b].len()) as f64;
                let score = f64::from(sum[a][b]) / pairs;
                // Strictly better only: on a tie the pair found first (smaller keys) stays.
                if best.is_none_or(|(_, _, s)| score > s) {
                    best = Some((a, b, score));
                }
            }
        }
        let Some((a, b, _)) = best else {
            break;
        };
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        alive[b] = false;
        for x in 0..n {
            may[a][x] = may[a][x] && may[b][x];
            may[x][a] = may[a][x];
            sum[a][x] += sum[b][x];
            sum[x][a] = sum[a][x];
        }
    }
    members.into_iter().filter(|m| !m.is_empty()).collect()
}

/// For a very large component: each frame in key order joins the event it may join that it
/// resembles most on average (the earlier on a tie), or starts one.
fn one_by_one(frames: &[EventSource]) -> Vec<Vec<usize>> {
    let mut events: Vec<Vec<usize>> = Vec::new();
    for (i, frame) in frames.iter().enumerate() {
        let mut home: Option<(usize, f64)> = None;
        for (e, members) in events.iter().enumerate() {
            if !members.iter().all(|&m| same_happening(&frames[m], frame)) {
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
