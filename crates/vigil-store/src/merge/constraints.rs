//! An analyst's word on which reports are one happening, binding on every later merge: reports
//! kept together (an analyst merge, each side of a split), reports kept apart (the two sides of a
//! split) and the report whose id an event keeps (the id the analyst chose when merging).
//!
//! Stored as [`Link`]s between two mention keys; clustering reads them as [`Constraints`]: frames
//! linked together start in one event whatever the rules say, and frames kept apart never join.
//! Where the two contradict (only a store edited by hand can say so), together wins.

use super::MentionKey;
use std::collections::{BTreeMap, BTreeSet};
use vigil_core::EventSource;

/// One stored link between two frames. A frame linked together with itself is a lead: the
/// event it belongs to takes its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) a: MentionKey,
    pub(crate) b: MentionKey,
    pub(crate) together: bool,
}

impl Link {
    /// A link with its ends in key order, the form stores keep.
    pub(crate) fn new(a: MentionKey, b: MentionKey, together: bool) -> Link {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        Link { a, b, together }
    }

    /// The other end, seen from `key`.
    pub(crate) fn other(&self, key: &MentionKey) -> &MentionKey {
        if &self.a == key {
            &self.b
        } else {
            &self.a
        }
    }
}

/// The links among a component's frames, ready for clustering.
#[derive(Debug, Default)]
pub(crate) struct Constraints {
    /// Union-find parents over frames linked together.
    parent: BTreeMap<MentionKey, MentionKey>,
    apart: BTreeSet<(MentionKey, MentionKey)>,
    leads: BTreeSet<MentionKey>,
}

impl Constraints {
    /// The constraints these links make.
    pub(crate) fn from_links<'a>(links: impl IntoIterator<Item = &'a Link>) -> Constraints {
        let mut out = Constraints::default();
        for link in links {
            if link.a == link.b {
                out.leads.insert(link.a.clone());
            } else if link.together {
                let (ra, rb) = (out.root(&link.a), out.root(&link.b));
                if ra != rb {
                    let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
                    out.parent.insert(high, low);
                }
            } else {
                out.apart.insert((link.a.clone(), link.b.clone()));
            }
        }
        out
    }

    /// Whether there is nothing to respect.
    pub(crate) fn is_empty(&self) -> bool {
        self.parent.is_empty() && self.apart.is_empty() && self.leads.is_empty()
    }

    /// The representative of the group of frames kept together with `key`.
    pub(crate) fn root(&self, key: &MentionKey) -> MentionKey {
        let mut at = key;
        while let Some(up) = self.parent.get(at) {
            at = up;
        }
        at.clone()
    }

    /// Whether an analyst said these two frames are one happening.
    pub(crate) fn together(&self, a: &MentionKey, b: &MentionKey) -> bool {
        self.root(a) == self.root(b)
    }

    /// Whether an analyst said these two frames are different happenings (and not also one).
    pub(crate) fn apart(&self, a: &MentionKey, b: &MentionKey) -> bool {
        let pair = if a <= b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        self.apart.contains(&pair) && !self.together(a, b)
    }

    /// The lead an analyst chose among these members, if any (the smallest, should there be two).
    pub(crate) fn lead<'a>(&self, members: &'a [EventSource]) -> Option<&'a EventSource> {
        members
            .iter()
            .find(|m| self.leads.contains(&(m.document_id.clone(), m.index)))
    }
}

/// A frame's key from a document id and index, as links name them.
#[cfg(test)]
fn mention(document_id: &str, index: usize) -> MentionKey {
    (vigil_core::DocumentId(document_id.to_owned()), index)
}

/// The links an analyst merge of these frames writes: each joined to the first, and `lead`
/// (whose id the event keeps) linked to itself.
pub(crate) fn merge_links(keys: &[MentionKey], lead: &MentionKey) -> Vec<Link> {
    let mut links: Vec<Link> = keys
        .iter()
        .skip(1)
        .filter_map(|k| {
            keys.first()
                .map(|first| Link::new(first.clone(), k.clone(), true))
        })
        .collect();
    links.push(Link::new(lead.clone(), lead.clone(), true));
    links
}

/// The links an analyst split writes: each side's frames joined, every pair across kept apart,
/// and `lead` (when the event had one) still the lead of its side.
pub(crate) fn split_links(
    stay: &[MentionKey],
    leave: &[MentionKey],
    lead: Option<&MentionKey>,
) -> Vec<Link> {
    let mut links = Vec::new();
    for side in [stay, leave] {
        if let Some((first, rest)) = side.split_first() {
            links.extend(
                rest.iter()
                    .map(|k| Link::new(first.clone(), k.clone(), true)),
            );
        }
    }
    for a in stay {
        links.extend(leave.iter().map(|b| Link::new(a.clone(), b.clone(), false)));
    }
    links.extend(lead.map(|l| Link::new(l.clone(), l.clone(), true)));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn together_is_transitive_and_beats_apart() {
        let (a, b, c, d) = (
            mention("a", 0),
            mention("b", 0),
            mention("c", 0),
            mention("d", 0),
        );
        let links = vec![
            Link::new(b.clone(), a.clone(), true),
            Link::new(c.clone(), b.clone(), true),
            Link::new(a.clone(), c.clone(), false),
            Link::new(a.clone(), d.clone(), false),
        ];
        let constraints = Constraints::from_links(&links);
        assert!(constraints.together(&a, &c));
        assert!(!constraints.apart(&a, &c));
        assert!(constraints.apart(&d, &a));
        assert!(!constraints.together(&a, &d));
    }

    #[test]
    fn a_split_keeps_each_side_whole_and_the_sides_apart() {
        let (a, b, c) = (mention("a", 0), mention("b", 0), mention("c", 1));
        let links = split_links(&[a.clone(), b.clone()], std::slice::from_ref(&c), Some(&a));
        let constraints = Constraints::from_links(&links);
        assert!(constraints.together(&a, &b));
        assert!(constraints.apart(&b, &c) && constraints.apart(&c, &a));
        assert!(constraints.leads.contains(&a));
    }
}
