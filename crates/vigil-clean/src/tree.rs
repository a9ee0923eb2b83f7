//! html5ever's tree sink: the parsed page as a flat arena of linked nodes.
//!
//! html5ever does the parsing (the WHATWG algorithm, error recovery included); this sink only
//! records what it is told, the way `scraper`'s sink did, so that readers of the page see the
//! same tree: nodes in creation order, adjacent text merged where the tree builder asks for it,
//! a `<template>`'s contents in a fragment node under it. Attributes and text are kept as the
//! tokenizer made them (no copies). Every walk over the arena is iterative.

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// No node: the end of a sibling list, or a node without parent.
pub(crate) const NONE: u32 = u32::MAX;

/// What a node is.
pub(crate) enum Data {
    Document,
    /// A `<template>`'s contents.
    Fragment,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    Text(StrTendril),
    /// Comments, the doctype and processing instructions: kept only as placeholders.
    Other,
}

/// One node with its links; `NONE` where there is no such node.
pub(crate) struct TreeNode {
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub prev: u32,
    pub next: u32,
    pub data: Data,
}

/// The parsed page; node 0 is the document, the rest in the order the parser created them.
pub(crate) struct Tree {
    pub nodes: Vec<TreeNode>,
}

/// Parses a whole document (`html` should already have its nesting capped).
pub(crate) fn parse(html: &str) -> Tree {
    let sink = Sink(RefCell::new(Tree {
        nodes: vec![TreeNode::new(Data::Document)],
    }));
    html5ever::parse_document(sink, html5ever::ParseOpts::default()).one(html)
}

impl TreeNode {
    fn new(data: Data) -> TreeNode {
        TreeNode {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
            data,
        }
    }
}

impl Tree {
    pub(crate) fn get(&self, i: u32) -> Option<&TreeNode> {
        self.nodes.get(i as usize)
    }

    fn link(&self, i: u32, f: impl Fn(&TreeNode) -> u32) -> u32 {
        self.get(i).map_or(NONE, f)
    }

    /// The element's name and attributes, if `i` is an element.
    pub(crate) fn element(&self, i: u32) -> Option<(&QualName, &[Attribute])> {
        match &self.get(i)?.data {
            Data::Element { name, attrs } => Some((name, attrs)),
            _ => None,
        }
    }

    /// The value of an attribute without namespace.
    pub(crate) fn attr(&self, i: u32, name: &str) -> Option<&str> {
        attr(self.element(i)?.1, name)
    }

    /// The text nodes under `i`, in document order.
    pub(crate) fn texts(&self, i: u32) -> impl Iterator<Item = &str> + '_ {
        let mut cur = self.link(i, |n| n.first_child);
        std::iter::from_fn(move || {
            while cur != NONE {
                let node = self.get(cur)?;
                let here = cur;
                // Next in pre-order, without leaving the subtree of `i`.
                cur = if node.first_child != NONE {
                    node.first_child
                } else {
                    let mut up = here;
                    loop {
                        if up == i || up == NONE {
                            break NONE;
                        }
                        let next = self.link(up, |n| n.next);
                        if next != NONE {
                            break next;
                        }
                        up = self.link(up, |n| n.parent);
                    }
                };
                if let Data::Text(t) = &node.data {
                    return Some(&**t);
                }
            }
            None
        })
    }

    fn detach(&mut self, i: u32) {
        let Some(node) = self.nodes.get(i as usize) else {
            return;
        };
        let (parent, prev, next) = (node.parent, node.prev, node.next);
        if let Some(p) = self.nodes.get_mut(prev as usize) {
            p.next = next;
        } else if let Some(p) = self.nodes.get_mut(parent as usize) {
            p.first_child = next;
        }
        if let Some(n) = self.nodes.get_mut(next as usize) {
            n.prev = prev;
        } else if let Some(p) = self.nodes.get_mut(parent as usize) {
            p.last_child = prev;
        }
        if let Some(node) = self.nodes.get_mut(i as usize) {
            node.parent = NONE;
            node.prev = NONE;
            node.next = NONE;
        }
    }

    /// Makes `child` the last child of `parent`, taking it from its old place.
    fn append_node(&mut self, parent: u32, child: u32) {
        if parent == child {
            return;
        }
        self.detach(child);
        let Some(last) = self.nodes.get(parent as usize).map(|p| p.last_child) else {
            return;
        };
        if let Some(c) = self.nodes.get_mut(child as usize) {
            c.parent = parent;
            c.prev = last;
            c.next = NONE;
        } else {
            return;
        }
        match self.nodes.get_mut(last as usize) {
            Some(l) => l.next = child,
            None => {
                if let Some(p) = self.nodes.get_mut(parent as usize) {
                    p.first_child = child;
                }
            }
        }
        if let Some(p) = self.nodes.get_mut(parent as usize) {
            p.last_child = child;
        }
    }

    /// Puts the detached node `child` just before `sibling`, under the same parent.
    fn insert_before(&mut self, sibling: u32, child: u32) {
        if sibling == child {
            return;
        }
        let Some((parent, prev)) = self.nodes.get(sibling as usize).map(|s| (s.parent, s.prev))
        else {
            return;
        };
        if let Some(c) = self.nodes.get_mut(child as usize) {
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        } else {
            return;
        }
        if let Some(s) = self.nodes.get_mut(sibling as usize) {
            s.prev = child;
        }
        match self.nodes.get_mut(prev as usize) {
            Some(p) => p.next = child,
            None => {
                if let Some(p) = self.nodes.get_mut(parent as usize) {
                    p.first_child = child;
                }
            }
        }
    }

    fn push(&mut self, data: Data) -> u32 {
        let i = self.nodes.len() as u32;
        self.nodes.push(TreeNode::new(data));
        i
    }

    /// Appends text to `node` if it is a text node; gives the text back otherwise.
    fn merge_text(&mut self, node: u32, text: StrTendril) -> Option<StrTendril> {
        match self.nodes.get_mut(node as usize).map(|n| &mut n.data) {
            Some(Data::Text(t)) => {
                t.push_tendril(&text);
                None
            }
            _ => Some(text),
        }
    }
}

/// The value of an attribute without namespace, among `attrs`.
pub(crate) fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.ns == ns!() && &*a.name.local == name)
        .map(|a| &*a.value)
}

struct Sink(RefCell<Tree>);

/// The name given for a node that is not an element (the tree builder never asks for one).
static NO_NAME: QualName = QualName {
    prefix: None,
    ns: ns!(),
    local: local_name!(""),
};

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |tree| {
            tree.element(*target).map_or(&NO_NAME, |(name, _)| name)
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> u32 {
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        let mut tree = self.0.borrow_mut();
        let i = tree.push(Data::Element { name, attrs });
        if template {
            let contents = tree.push(Data::Fragment);
            tree.append_node(i, contents);
        }
        i
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.0.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.0.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut tree = self.0.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => tree.append_node(*parent, id),
            NodeOrText::AppendText(text) => {
                let last = tree.link(*parent, |n| n.last_child);
                if let Some(text) = tree.merge_text(last, text) {
                    let id = tree.push(Data::Text(text));
                    tree.append_node(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let has_parent = self.0.borrow().link(*element, |n| n.parent) != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut tree = self.0.borrow_mut();
        let id = tree.push(Data::Other);
        tree.append_node(0, id);
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        let first = self.0.borrow().link(*target, |n| n.first_child);
        if first == NONE {
            *target
        } else {
            first
        }
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let mut tree = self.0.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            tree.detach(id);
        }
        if tree.link(*sibling, |n| n.parent) == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => tree.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = tree.link(*sibling, |n| n.prev);
                if let Some(text) = tree.merge_text(prev, text) {
                    let id = tree.push(Data::Text(text));
                    tree.insert_before(*sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut tree = self.0.borrow_mut();
        if let Some(Data::Element { attrs: have, .. }) =
            tree.nodes.get_mut(*target as usize).map(|n| &mut n.data)
        {
            for attr in attrs {
                if !have.iter().any(|a| a.name == attr.name) {
                    have.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut tree = self.0.borrow_mut();
        let mut child = tree.link(*node, |n| n.first_child);
        while child != NONE {
            let next = tree.link(child, |n| n.next);
            tree.append_node(*new_parent, child);
            child = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tree: &Tree) -> Vec<String> {
        tree.texts(0).map(str::to_owned).collect()
    }

    #[test]
    fn text_is_merged_and_in_document_order() {
        let tree = parse("<p>one <b>two</b> three</p><p>four</p>");
        assert_eq!(texts(&tree), vec!["one ", "two", " three", "four"]);
    }

    #[test]
    fn misnested_markup_is_repaired() {
        // The adoption agency moves nodes around; foster parenting puts text before a table.
        let tree = parse("<b>1<p>2</b>3</p><table>x<tr><td>y</td></tr></table>");
        assert_eq!(texts(&tree), vec!["1", "2", "3", "x", "y"]);
    }

    #[test]
    fn template_contents_sit_in_a_fragment() {
        let tree = parse("<template><p>inside</p></template><p>after</p>");
        let template = (0..tree.nodes.len() as u32)
            .find(|&i| {
                tree.element(i)
                    .is_some_and(|(n, _)| &*n.local == "template")
            })
            .unwrap_or(NONE);
        let first = tree.get(template).map_or(NONE, |n| n.first_child);
        assert!(matches!(
            tree.get(first).map(|n| &n.data),
            Some(Data::Fragment)
        ));
        assert_eq!(tree.texts(template).collect::<Vec<_>>(), vec!["inside"]);
    }
}
