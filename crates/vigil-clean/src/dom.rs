//! A compact, index-addressed view of the parsed page that the extractor scores.
//!
//! html5ever parses (into [`crate::tree`]); this module lays the element tree out as a flat arena
//! in document order, dropping what can never be text (scripts, styles, forms' controls, SVG …)
//! and keeping the few attributes extraction needs. Every walk here is iterative, so a page nested
//! 100,000 levels deep cannot overflow the stack. Because nodes are stored in pre-order, a
//! reverse pass over the arena visits children before their parents, and a subtree is a range.

use crate::tree::{Data, Tree, NONE};
use html5ever::tendril::StrTendril;
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
    pub flags: u8,
    pub parent: u32,
    /// One past the last node of this node's subtree.
    pub end: u32,
    /// The text of a text node, as in the page.
    pub text: StrTendril,
    /// A text node's non-whitespace characters, and how many of them are commas (counted once
    /// here: every scoring pass needs them).
    pub chars: u32,
    pub commas: u32,
    /// Lower-cased `class`, `data-component`, `id`, `itemprop` and `role` values, space separated.
    pub attrs: Box<str>,
}

/// The page as an arena of nodes in document order; node 0 is the root.
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    /// The children of node `i` are `child_list[child_start[i]..child_start[i + 1]]`.
    child_start: Vec<u32>,
    child_list: Vec<u32>,
}

pub(crate) const NO_PARENT: u32 = u32::MAX;

/// Elements nested deeper than this are unwrapped before parsing: html5ever's scope checks scan
/// the stack of open elements, so extreme nesting would cost quadratic time.
const MAX_DEPTH: usize = 1_500;

/// Parses HTML with html5ever after closing an unclosed `<title>` and capping its nesting depth.
pub(crate) fn parse(html: &str) -> Tree {
    let html = close_title(html);
    crate::tree::parse(&cap_depth(&html, MAX_DEPTH))
}

/// How far into the page a `<title>` is looked for (it belongs in the head).
const TITLE_WITHIN: usize = 16_384;

/// A `<title>` never closed would take the rest of the page as its text (the parser reads a
/// title's content as text up to `</title>`), leaving no body; it is closed at the next `<` or
/// at the end of its first line of text, whichever comes first.
/// Pages with a closed title, or none, come back unchanged and unallocated.
pub(crate) fn close_title(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let head = &bytes[..bytes.len().min(TITLE_WITHIN)];
    let find = |hay: &[u8], words: [&[u8]; 3]| {
        words
            .iter()
            .filter_map(|w| memchr::memmem::find(hay, w))
            .min()
    };
    let Some(open) = find(head, [b"<title", b"<TITLE", b"<Title"]) else {
        return Cow::Borrowed(html);
    };
    let rest = &bytes[open..];
    if find(rest, [b"</title", b"</TITLE", b"</Title"]).is_some() {
        return Cow::Borrowed(html);
    }
    let Some(text_at) = memchr::memchr(b'>', rest).map(|k| open + k + 1) else {
        return Cow::Borrowed(html);
    };
    let text = &bytes[text_at..];
    let first_line = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .and_then(|start| memchr::memchr(b'\n', &text[start..]).map(|k| start + k));
    let tag = memchr::memchr(b'<', text);
    let end = text_at
        + tag
            .into_iter()
            .chain(first_line)
            .min()
            .unwrap_or(text.len());
    let (Some(before), Some(after)) = (html.get(..end), html.get(end..)) else {
        return Cow::Borrowed(html);
    };
    Cow::Owned(format!("{before}</title>{after}"))
}

impl Dom {
    /// Lays the parsed page out in pre-order (iteratively), taking its text.
    pub(crate) fn from_tree(mut tree: Tree) -> Dom {
        let mut nodes = vec![Node {
            tag: Tag::Root,
            flags: 0,
            parent: NO_PARENT,
            end: 0,
            text: StrTendril::new(),
            chars: 0,
            commas: 0,
            attrs: "".into(),
        }];
        // Per open level: (next tree node to visit, arena parent, arena node the level closes).
        let first = tree.get(0).map_or(NONE, |n| n.first_child);
        let mut stack = vec![(first, 0u32, NO_PARENT)];
        while let Some(level) = stack.last_mut() {
            let (cur, parent, owner) = *level;
            let Some(node) = tree.nodes.get_mut(cur as usize) else {
                stack.pop();
                let end = nodes.len() as u32;
                if let Some(n) = nodes.get_mut(owner as usize) {
                    n.end = end;
                }
                continue;
            };
            level.0 = node.next;
            let first_child = node.first_child;
            let index = nodes.len() as u32;
            match std::mem::replace(&mut node.data, Data::Other) {
                Data::Document | Data::Fragment => stack.push((first_child, parent, NO_PARENT)),
                Data::Text(text) => {
                    let (chars, commas) = count_chars(&text);
                    nodes.push(Node {
                        tag: Tag::Text,
                        flags: 0,
                        parent,
                        end: index + 1,
                        text,
                        chars,
                        commas,
                        attrs: "".into(),
                    });
                }
                Data::Element { name, attrs } => {
                    let Some(tag) = Tag::of(&name.local) else {
                        continue;
                    };
                    let (attrs, flags) = element_attrs(tag, &attrs);
                    nodes.push(Node {
                        tag,
                        flags,
                        parent,
                        end: index + 1,
                        text: StrTendril::new(),
                        chars: 0,
                        commas: 0,
                        attrs,
                    });
                    stack.push((first_child, index, index));
                }
                Data::Other => {}
            }
        }
        let len = nodes.len() as u32;
        if let Some(root) = nodes.first_mut() {
            root.end = len;
        }
        // Children lists: count per parent, then fill in document order.
        let mut child_start = vec![0u32; nodes.len() + 1];
        for n in nodes.iter().skip(1) {
            if let Some(c) = child_start.get_mut(n.parent as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..child_start.len() {
            child_start[i] += child_start[i - 1];
        }
        let mut fill = child_start.clone();
        let mut child_list = vec![0u32; nodes.len().saturating_sub(1)];
        for (i, n) in nodes.iter().enumerate().skip(1) {
            if let Some(at) = fill.get_mut(n.parent as usize) {
                if let Some(slot) = child_list.get_mut(*at as usize) {
                    *slot = i as u32;
                }
                *at += 1;
            }
        }
        Dom {
            nodes,
            child_start,
            child_list,
        }
    }

    pub(crate) fn node(&self, i: u32) -> Option<&Node> {
        self.nodes.get(i as usize)
    }

    /// The children of `i`, in document order.
    pub(crate) fn children(&self, i: u32) -> &[u32] {
        let i = i as usize;
        match (self.child_start.get(i), self.child_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.child_list.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
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
    pub(crate) fn subtree(&self, i: u32) -> std::ops::Range<u32> {
        i..self.node(i).map_or(i, |n| n.end)
    }
}

/// Non-whitespace characters and commas (of any script) in a text.
fn count_chars(text: &str) -> (u32, u32) {
    let (mut chars, mut commas) = (0u32, 0u32);
    for c in text.chars() {
        if !c.is_whitespace() {
            chars += 1;
            commas += u32::from(matches!(c, ',' | '،' | '，' | '、'));
        }
    }
    (chars, commas)
}

/// The attributes extraction reads, as `Node::attrs` and flags. The values are joined in the
/// order of their names, as scraper (which kept attributes sorted) gave them.
fn element_attrs(tag: Tag, attrs: &[html5ever::Attribute]) -> (Box<str>, u8) {
    // "class", "data-component", "id", "itemprop", "role", in this order.
    let mut named: [Option<&str>; 5] = [None; 5];
    let mut flags = 0;
    for a in attrs {
        let value = &*a.value;
        match &*a.name.local {
            "class" => named[0] = Some(value),
            "data-component" => named[1] = Some(value),
            "id" => named[2] = Some(value),
            "itemprop" => named[3] = Some(value),
            "role" => named[4] = Some(value),
            "hidden" => flags |= HIDDEN,
            "aria-hidden" if value.eq_ignore_ascii_case("true") => flags |= HIDDEN,
            "style" if hides(value) => flags |= HIDDEN,
            "href" if tag == Tag::A => flags |= HREF,
            _ => {}
        }
    }
    let mut out = String::new();
    for value in named.into_iter().flatten() {
        if !out.is_empty() {
            out.push(' ');
        }
        if value.is_ascii() {
            let from = out.len();
            out.push_str(value);
            if let Some(added) = out.get_mut(from..) {
                added.make_ascii_lowercase();
            }
        } else {
            out.extend(value.chars().flat_map(char::to_lowercase));
        }
    }
    (out.into(), flags)
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
    // Each level is opened at a `<` that does not start `</`: with no more of those than `max`,
    // the page cannot be too deep (most pages; counting them is far cheaper than scanning).
    let bytes = html.as_bytes();
    let opens = memchr::memchr_iter(b'<', bytes).count();
    let closes = memchr::memmem::find_iter(bytes, b"</").count();
    if opens.saturating_sub(closes) <= max {
        return false;
    }
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

/// How the scanner counts an element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Has no end tag, or one that is often left out: not counted.
    Void,
    /// Its content is text up to its end tag: skipped.
    Raw,
    Other,
}

/// The kind of an element by its name, ignoring ASCII case (no name longer than 9 bytes is
/// void or raw).
fn kind(name: &[u8]) -> Kind {
    let mut lower = [0u8; 9];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return Kind::Other;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    match &*lower {
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"param" | b"source" | b"track" | b"wbr" | b"p" | b"li" | b"dt" | b"dd"
        | b"option" | b"tr" | b"td" | b"th" => Kind::Void,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"plaintext" => Kind::Raw,
        _ => Kind::Other,
    }
}

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
        let name = &bytes[name_start..name_start + name_len];
        let kind = kind(name);
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
        let tag = &html[start..end];
        if closing {
            emit(Scan::Keep(&html[copied..start]));
            emit(Scan::Close(tag));
            copied = end;
            if kind != Kind::Void {
                depth = depth.saturating_sub(1);
            }
            i = end;
            continue;
        }
        if kind == Kind::Raw {
            // "</" and the name (at most 9 bytes, as a raw element's name is).
            let mut close = [0u8; 11];
            close[..2].copy_from_slice(b"</");
            let close = match close.get_mut(2..2 + name.len()) {
                Some(rest) => {
                    rest.copy_from_slice(name);
                    &close[..2 + name.len()]
                }
                None => &close[..2],
            };
            // Past the end tag too: it closes nothing that was counted.
            i = find_ascii_ci(&bytes[end..], close)
                .map_or(bytes.len(), |p| tag_end(bytes, end + p + close.len()));
            continue;
        }
        if kind == Kind::Void || self_closing {
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
    while let Some(off) = bytes
        .get(i..)
        .and_then(|b| memchr::memchr3(b'>', b'"', b'\'', b))
    {
        let at = i + off;
        let quote = bytes[at];
        if quote == b'>' {
            return at + 1;
        }
        match bytes.get(at + 1..).and_then(|b| memchr::memchr(quote, b)) {
            Some(close) => i = at + 1 + close + 1,
            None => return bytes.len(),
        }
    }
    bytes.len()
}

/// Position of `needle` (ASCII, starting with `<`) in `hay`, ignoring ASCII case.
fn find_ascii_ci(h: &[u8], n: &[u8]) -> Option<usize> {
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
    #[test]
    fn an_unclosed_title_ends_at_the_next_tag() {
        let page = "<html><head><title>Floods close the road<script>x</script></head>\
                    <body><p>Water rose over the road.</p></body></html>";
        let script_in_title = "<title>\n Floods close the road)ById(x);\nobj.size = 3;\n<p>a</p>";
        assert!(close_title(script_in_title).contains("Floods close the road)ById(x);</title>"));
        let closed = close_title(page);
        assert!(closed.contains("<title>Floods close the road</title><script>"));
        let dom = Dom::from_tree(parse(page));
        let texts: Vec<&str> = dom
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| n.text.trim())
            .collect();
        assert!(texts.contains(&"Water rose over the road."), "{texts:?}");
        let fine = "<title>A</title><p>b</p>";
        assert!(matches!(close_title(fine), Cow::Borrowed(_)));
        assert!(matches!(close_title("<p>no title"), Cow::Borrowed(_)));
    }

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
    fn scanner_skips_quoted_brackets_and_raw_text_in_any_case() {
        let mut html = String::new();
        for _ in 0..20 {
            html.push_str("<DIV data-x='a>b' title=\"c>d\">");
        }
        html.push_str("<SCRIPT>if (a<b) { x = '<div><div><div>'; }</script>");
        for _ in 0..20 {
            html.push_str("</div>");
        }
        let capped = cap_depth(&html, 10);
        assert_eq!(capped.matches("<DIV").count(), 10);
        assert_eq!(capped.matches("</div>").count(), 10);
        assert!(capped.contains("x = '<div><div><div>'; }</script>"));
    }

    #[test]
    fn arena_is_in_document_order() {
        let dom = Dom::from_tree(parse(
            "<body><p>one <b>two</b></p><script>x</script><p>three</p></body>",
        ));
        let texts: Vec<&str> = dom
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| &*n.text)
            .collect();
        assert_eq!(texts, vec!["one ", "two", "three"]);
    }
}
