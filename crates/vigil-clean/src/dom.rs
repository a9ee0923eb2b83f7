//! A compact, index-addressed copy of the parsed page that the extractor scores.
//!
//! html5ever (through `scraper`) parses; this module copies the element tree into a flat arena in
//! document order, dropping what can never be text (scripts, styles, forms' controls, SVG …) and
//! keeping the few attributes extraction needs. Every walk here is iterative, so a page nested
//! 100,000 levels deep cannot overflow the stack. Because nodes are stored in pre-order, a reverse
//! pass over the arena visits children before their parents.

use scraper::{Html, Node as HtmlNode};
use std::borrow::Cow;

/// The element kinds extraction cares about; everything else is `Inline` or `Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Root,
    Text,
    Body,
    P,
    Div,
    A,
    Br,
    Hr,
    H1,
    Heading,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Tr,
    Td,
    Article,
    Main,
    Section,
    Nav,
    Aside,
    Header,
    Footer,
    Form,
    Figure,
    Figcaption,
    Img,
    Address,
    Button,
    Label,
    Dialog,
    Menu,
    Block,
    Inline,
}

impl Tag {
    fn of(name: &str) -> Option<Tag> {
        Some(match name {
            // Never carry article text.
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
            | "embed" | "canvas" | "select" | "option" | "textarea" | "input" | "head"
            | "audio" | "video" | "map" | "link" | "meta" | "title" | "base" | "picture"
            | "source" | "track" | "param" => return None,
            "body" => Tag::Body,
            "p" => Tag::P,
            "div" => Tag::Div,
            "a" => Tag::A,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "h1" => Tag::H1,
            "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "section" => Tag::Section,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "form" => Tag::Form,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "img" => Tag::Img,
            "address" => Tag::Address,
            "button" => Tag::Button,
            "label" => Tag::Label,
            "dialog" => Tag::Dialog,
            "menu" => Tag::Menu,
            "center" | "details" | "summary" | "fieldset" | "caption" | "tbody" | "thead"
            | "tfoot" | "legend" | "hgroup" => Tag::Block,
            _ => Tag::Inline,
        })
    }

    /// Whether the element starts a new paragraph in the output.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text | Tag::A | Tag::Inline | Tag::Img | Tag::Br | Tag::Label
        )
    }
}

/// Bit flags of a node.
pub(crate) const HIDDEN: u8 = 1;
pub(crate) const HREF: u8 = 2;

/// One node of the arena: an element or a run of text.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub tag: Tag,
    pub parent: u32,
    pub children: Vec<u32>,
    /// The text of a text node, as in the page.
    pub text: Box<str>,
    /// Lower-cased `class`, `id`, `itemprop` and `role` values, space separated.
    pub attrs: Box<str>,
    pub flags: u8,
}

/// The page as an arena of nodes in document order; node 0 is the root.
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
}

pub(crate) const NO_PARENT: u32 = u32::MAX;

/// Elements nested deeper than this are unwrapped before parsing: html5ever's scope checks scan
/// the stack of open elements, so extreme nesting would cost quadratic time.
const MAX_DEPTH: usize = 1_500;

/// Parses HTML with html5ever after capping its nesting depth.
pub(crate) fn parse(html: &str) -> Html {
    Html::parse_document(&cap_depth(html, MAX_DEPTH))
}

impl Dom {
    /// Copies the parsed page into the arena (iteratively).
    pub(crate) fn from_html(html: &Html) -> Dom {
        let mut nodes = vec![Node {
            tag: Tag::Root,
            parent: NO_PARENT,
            children: Vec::new(),
            text: "".into(),
            attrs: "".into(),
            flags: 0,
        }];
        // Stack of (html node, arena parent index).
        let mut stack = vec![(html.tree.root(), 0u32)];
        while let Some((node, parent)) = stack.pop() {
            let index = nodes.len() as u32;
            let mut descend = false;
            match node.value() {
                HtmlNode::Document | HtmlNode::Fragment => {
                    push_children(&mut stack, node, parent);
                    continue;
                }
                HtmlNode::Text(text) => {
                    nodes.push(Node {
                        tag: Tag::Text,
                        parent,
                        children: Vec::new(),
                        text: text.text.as_ref().into(),
                        attrs: "".into(),
                        flags: 0,
                    });
                }
                HtmlNode::Element(el) => {
                    let Some(tag) = Tag::of(el.name()) else {
                        continue;
                    };
                    let mut attrs = String::new();
                    let mut flags = 0;
                    for (name, value) in el.attrs() {
                        match name {
                            "class" | "id" | "itemprop" | "role" | "data-component" => {
                                if !attrs.is_empty() {
                                    attrs.push(' ');
                                }
                                attrs.extend(value.chars().flat_map(char::to_lowercase));
                            }
                            "hidden" => flags |= HIDDEN,
                            "aria-hidden" if value.eq_ignore_ascii_case("true") => flags |= HIDDEN,
                            "style" if hides(value) => flags |= HIDDEN,
                            "href" if tag == Tag::A => flags |= HREF,
                            _ => {}
                        }
                    }
                    nodes.push(Node {
                        tag,
                        parent,
                        children: Vec::new(),
                        text: "".into(),
                        attrs: attrs.into(),
                        flags,
                    });
                    descend = true;
                }
                _ => continue,
            }
            if let Some(p) = nodes.get_mut(parent as usize) {
                p.children.push(index);
            }
            if descend {
                push_children(&mut stack, node, index);
            }
        }
        Dom { nodes }
    }

    pub(crate) fn node(&self, i: u32) -> Option<&Node> {
        self.nodes.get(i as usize)
    }

    /// The first `body` element, or the root.
    pub(crate) fn body(&self) -> u32 {
        self.nodes
            .iter()
            .position(|n| n.tag == Tag::Body)
            .map_or(0, |i| i as u32)
    }

    /// Ancestors of `i`, nearest first.
    pub(crate) fn ancestors(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let mut cur = self.node(i).map_or(NO_PARENT, |n| n.parent);
        std::iter::from_fn(move || {
            if cur == NO_PARENT {
                return None;
            }
            let out = cur;
            cur = self.node(cur).map_or(NO_PARENT, |n| n.parent);
            Some(out)
        })
    }

    /// All nodes of the subtree under `i` (itself included), in document order.
    pub(crate) fn subtree(&self, i: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            out.push(n);
            if let Some(node) = self.node(n) {
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }
}

fn push_children<'a>(
    stack: &mut Vec<(ego_tree::NodeRef<'a, HtmlNode>, u32)>,
    node: ego_tree::NodeRef<'a, HtmlNode>,
    parent: u32,
) {
    // Reverse so the first child is popped first and the arena stays in document order.
    let children: Vec<_> = node.children().collect();
    stack.extend(children.into_iter().rev().map(|c| (c, parent)));
}

fn hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Removes start and end tags nested deeper than `max` (their text stays). Counting is rough
/// (elements that close themselves implicitly are not counted), which is enough to bound
/// the parser's work; ordinary pages come back unchanged and unallocated.
pub(crate) fn cap_depth(html: &str, max: usize) -> Cow<'_, str> {
    if !exceeds_depth(html, max) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut excess = 0usize;
    scan_tags(html, max, |event| match event {
        Scan::Keep(s) => out.push_str(s),
        Scan::DeepOpen => excess += 1,
        Scan::Close(s) => {
            if excess > 0 {
                excess -= 1;
            } else {
                out.push_str(s);
            }
        }
    });
    Cow::Owned(out)
}

fn exceeds_depth(html: &str, max: usize) -> bool {
    let mut deep = false;
    scan_tags(html, max, |e| {
        if matches!(e, Scan::DeepOpen) {
            deep = true;
        }
    });
    deep
}

enum Scan<'a> {
    /// Markup or text to copy as is.
    Keep(&'a str),
    /// A start tag deeper than the cap (dropped).
    DeepOpen,
    /// An end tag.
    Close(&'a str),
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th",
];
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// A light tag scanner: comments, raw-text elements and quoted attributes are skipped.
fn scan_tags<'a>(html: &'a str, max: usize, mut emit: impl FnMut(Scan<'a>)) {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    let mut copied = 0usize;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
        let tag = &html[start..end];
        if closing {
            emit(Scan::Keep(&html[copied..start]));
            emit(Scan::Close(tag));
            copied = end;
            if !VOID.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            i = end;
            continue;
        }
        if RAW.contains(&name.as_str()) {
            let close = format!("</{name}");
            let after = find_ascii_ci(&html[end..], &close).map_or(bytes.len(), |p| end + p);
            i = after;
            continue;
        }
        if VOID.contains(&name.as_str()) || self_closing {
            i = end;
            continue;
        }
        depth += 1;
        if depth > max {
            emit(Scan::Keep(&html[copied..start]));
            emit(Scan::DeepOpen);
            copied = end;
        }
        i = end;
    }
    emit(Scan::Keep(&html[copied..]));
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', bytes)
}

/// Index just past the `>` that ends a tag, honouring quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote = 0u8;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'"' || b == b'\'' {
            quote = b;
        } else if b == b'>' {
            return i;
        }
    }
    bytes.len()
}

/// Position of `needle` (ASCII, starting with `<`) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let mut from = 0;
    while let Some(off) = memchr_lt(h.get(from..)?) {
        let at = from + off;
        if h.get(at..at + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_not_copied() {
        let html = "<div><p>a<p>b</div>";
        assert!(matches!(cap_depth(html, 10), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_tags_are_unwrapped_and_text_kept() {
        let mut html = String::new();
        for _ in 0..50 {
            html.push_str("<div class=\"x\">");
        }
        html.push_str("deep text");
        for _ in 0..50 {
            html.push_str("</div>");
        }
        let capped = cap_depth(&html, 10);
        assert_eq!(capped.matches("<div").count(), 10);
        assert_eq!(capped.matches("</div>").count(), 10);
        assert!(capped.contains("deep text"));
    }

    #[test]
    fn arena_is_in_document_order() {
        let html = parse("<body><p>one <b>two</b></p><script>x</script><p>three</p></body>");
        let dom = Dom::from_html(&html);
        let texts: Vec<&str> = dom
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| &*n.text)
            .collect();
        assert_eq!(texts, vec!["one ", "two", "three"]);
    }
}
