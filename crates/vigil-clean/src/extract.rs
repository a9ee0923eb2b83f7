//! Main-text extraction from an HTML page.
//!
//! The method is the well-tried one of readability and trafilatura, re-derived here:
//! 1. mark site chrome: hidden elements, `nav`/`aside`/`footer`…, and elements whose class or id
//!    say share bar, related links, comments, newsletter box, cookie banner … (`data/page-parts.txt`),
//!    except a wrapper that holds most of the page and its headline;
//! 2. score paragraphs (including runs of loose text between blocks) by length and commas,
//!    discount links, and credit their ancestors, so the element that holds most prose wins;
//!    class names add weight in proportion to the text they hold; a container of several
//!    `<article>`s is a listing and scores low;
//! 3. take the winner, climb to the ancestor that gathers a body split in chunks (as long as what
//!    it adds is prose, not teasers or other stories), and add siblings that look like more body;
//! 4. write out its blocks (paragraphs, headings, list items, quotes, embedded posts) minus
//!    link-heavy containers, known-chrome lines (`data/boilerplate-lines.txt`) and date/byline
//!    lines at the edges, with photo captions set aside.
//!
//! When the strict pass finds too little, a relaxed pass keeps class-flagged elements except the
//! clear chrome ones.

use crate::dom::{Dom, Tag, HIDDEN, HREF, NO_PARENT};
use crate::patterns::{is_boilerplate_line, PartVerdict, PAGE_PARTS};
use crate::text::normalize_space;

/// What extraction found in a page body.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Extraction {
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    /// Non-whitespace characters of the kept paragraphs, and how many of them were link text.
    pub kept_chars: u32,
    pub kept_link_chars: u32,
}

impl Extraction {
    pub(crate) fn chars(&self) -> usize {
        self.paragraphs.iter().map(|p| p.chars().count()).sum()
    }
}

/// Prints extraction decisions to stderr (feature `trace`, for tuning only).
const TRACE: bool = cfg!(feature = "trace");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Class-flagged chrome removed.
    Strict,
    /// Only structural chrome (hidden, nav, footer …) removed.
    Relaxed,
}

/// Counts over a subtree, chrome excluded.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    /// Non-whitespace characters.
    chars: u32,
    /// Non-whitespace characters inside links.
    link_chars: u32,
    commas: u32,
    paragraphs: u32,
    list_items: u32,
    images: u32,
    headings: u32,
    /// Headings that are links: titles of teasers for other pages.
    teasers: u32,
    /// `<article>` elements, the node itself included.
    articles: u32,
    /// `<h1>`, `<main>` and `<article>` elements: the marks of the page's own content.
    landmarks: u32,
}

impl Stats {
    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// Extracts the article body of a parsed page. `title` helps drop a repeated headline.
pub(crate) fn extract(dom: &Dom, title: Option<&str>) -> Extraction {
    // Pages repeat the same class names many times over: judge each distinct one once.
    // foldhash: SipHash over long class strings was a measurable part of this loop.
    let mut seen: foldhash::HashMap<&str, PartVerdict> = foldhash::HashMap::default();
    let verdicts: Vec<PartVerdict> = dom
        .nodes
        .iter()
        .map(|n| {
            if n.attrs.is_empty() {
                return PartVerdict::default();
            }
            *seen
                .entry(&n.attrs)
                .or_insert_with(|| PAGE_PARTS.judge(&n.attrs))
        })
        .collect();
    let no_junk = vec![false; dom.nodes.len()];
    let raw = stats(dom, &no_junk);
    let strict = run(dom, &verdicts, &raw, Mode::Strict, title);
    if strict.chars() >= 500 {
        return strict;
    }
    let relaxed = run(dom, &verdicts, &raw, Mode::Relaxed, title);
    if TRACE {
        eprintln!(
            "relaxed: strict {} relaxed {}",
            strict.chars(),
            relaxed.chars()
        );
    }
    if relaxed.chars() > strict.chars() * 2 || strict.paragraphs.is_empty() {
        relaxed
    } else {
        strict
    }
}

fn run(
    dom: &Dom,
    verdicts: &[PartVerdict],
    raw: &[Stats],
    mode: Mode,
    title: Option<&str>,
) -> Extraction {
    let junk = mark_junk(dom, verdicts, raw, mode);
    let st = stats(dom, &junk);
    let Some(roots) = choose(dom, verdicts, &junk, &st) else {
        return Extraction::default();
    };
    let mut out = Extraction::default();
    for &root in &roots {
        emit(dom, verdicts, &junk, &st, root, mode, &mut out);
    }
    if out.captions.is_empty() {
        out.captions = nearby_captions(dom, &roots);
    }
    finish(&mut out, title);
    out
}

/// Marks chrome, top-down: a node is junk when it or an ancestor is.
fn mark_junk(dom: &Dom, verdicts: &[PartVerdict], raw: &[Stats], mode: Mode) -> Vec<bool> {
    let body = dom.body() as usize;
    let total = raw.get(body).map_or(0, |s| s.chars);
    let mut junk = vec![false; dom.nodes.len()];
    for (i, node) in dom.nodes.iter().enumerate() {
        let parent = node.parent;
        if parent != NO_PARENT && junk.get(parent as usize).copied().unwrap_or(false) {
            junk[i] = true;
            continue;
        }
        if node.tag == Tag::Text || i <= body {
            continue;
        }
        let r = raw.get(i).copied().unwrap_or_default();
        let chars = r.chars;
        // Never throw away the bulk of the page, with its headline or <article>, on the word of
        // a class name: that is a layout wrapper with an unlucky name.
        let holds_page = chars > 500 && chars * 2 > total && r.landmarks > 0;
        let v = verdicts.get(i).copied().unwrap_or_default();
        let own = match node.tag {
            _ if node.flags & HIDDEN != 0 => !holds_page,
            Tag::Nav | Tag::Aside | Tag::Footer | Tag::Dialog | Tag::Menu | Tag::Button => {
                !holds_page
            }
            Tag::Form | Tag::Header => mode == Mode::Strict && !holds_page,
            Tag::Main | Tag::Article => false,
            _ if mode == Mode::Strict => (v.junk || v.negative && !v.positive) && !holds_page,
            _ => v.junk && !v.positive && !holds_page,
        };
        junk[i] = own;
        if own && TRACE && chars > 300 {
            eprintln!(
                "junk {:?} {:?} chars={} mode={:?}",
                node.tag, node.attrs, chars, mode
            );
        }
    }
    junk
}

/// Per-node counts, children before parents (the arena is in pre-order).
fn stats(dom: &Dom, junk: &[bool]) -> Vec<Stats> {
    let mut st = vec![Stats::default(); dom.nodes.len()];
    for i in (0..dom.nodes.len()).rev() {
        if junk.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(node) = dom.nodes.get(i) else {
            continue;
        };
        let mut s = st[i];
        match node.tag {
            Tag::Text => {
                s.chars = node.chars;
                s.commas = node.commas;
            }
            Tag::A if node.flags & HREF != 0 => {
                s.link_chars = s.chars;
                if s.headings > 0 && s.teasers == 0 {
                    s.teasers = 1;
                }
            }
            Tag::P => s.paragraphs += 1,
            Tag::Article => {
                s.articles += 1;
                s.landmarks += 1;
            }
            Tag::Main => s.landmarks += 1,
            Tag::Li => s.list_items += 1,
            Tag::Img => s.images += 1,
            Tag::Heading | Tag::H1 => {
                s.headings += 1;
                if node.tag == Tag::H1 {
                    s.landmarks += 1;
                }
                if s.chars > 0 && s.link_chars * 2 > s.chars {
                    s.teasers += 1;
                }
            }
            _ => {}
        }
        st[i] = s;
        if node.parent != NO_PARENT {
            if let Some(p) = st.get_mut(node.parent as usize) {
                p.chars += s.chars;
                p.link_chars += s.link_chars;
                p.commas += s.commas;
                p.paragraphs += s.paragraphs;
                p.list_items += s.list_items;
                p.images += s.images;
                p.headings += s.headings;
                p.teasers += s.teasers;
                p.articles += s.articles;
                p.landmarks += s.landmarks;
            }
        }
    }
    st
}

fn class_weight(v: PartVerdict) -> f32 {
    let mut w = 0.0;
    if v.positive {
        w += 25.0;
    }
    if v.negative || v.junk {
        w -= 25.0;
    }
    w
}

fn has_block_child(dom: &Dom, i: u32) -> bool {
    dom.children(i).iter().any(|&c| {
        dom.node(c)
            .is_some_and(|c| c.tag.is_block() && c.tag != Tag::Br)
    })
}

/// Picks the body container(s): the best-scored element plus siblings of the same body.
fn choose(dom: &Dom, verdicts: &[PartVerdict], junk: &[bool], st: &[Stats]) -> Option<Vec<u32>> {
    let n = dom.nodes.len();
    let mut score: Vec<f32> = vec![0.0; n];
    let mut scored = vec![false; n];
    let body = dom.body();
    // Credits one paragraph's score to the element that holds it and that element's ancestors.
    let mut good = vec![0u32; n];
    let mut credit = |holder: u32, s: Stats| {
        if s.chars < 25 {
            return;
        }
        let density = s.link_density();
        if density > 0.5 {
            return;
        }
        if let Some(g) = good.get_mut(holder as usize) {
            *g += s.chars - s.link_chars;
        }
        let content = (1.0 + s.commas as f32 + (s.chars as f32 / 100.0).min(3.0)) * (1.0 - density);
        let chain = std::iter::once(holder).chain(dom.ancestors(holder));
        for (level, anc) in chain.take(5).enumerate() {
            let a = anc as usize;
            if anc == NO_PARENT || a >= n || dom.nodes[a].tag == Tag::Root {
                break;
            }
            if !scored[a] {
                scored[a] = true;
                // A class name vouches for a container only as far as it holds text.
                let holds = (st[a].chars as f32 / 1000.0).min(1.0);
                score[a] = initial_score(dom.nodes[a].tag) + class_weight(verdicts[a]) * holds;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += content / divider;
        }
    };
    for (i, node) in dom.nodes.iter().enumerate() {
        if junk[i] || node.tag == Tag::Text {
            continue;
        }
        let block_children = has_block_child(dom, i as u32);
        let is_paragraph = match node.tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote | Tag::Dd => true,
            Tag::Div | Tag::Section | Tag::Block | Tag::Article | Tag::Main => !block_children,
            _ => false,
        };
        if is_paragraph {
            if node.parent != NO_PARENT {
                credit(node.parent, st[i]);
            }
            continue;
        }
        if !block_children || !node.tag.is_block() {
            continue;
        }
        // Runs of loose text between blocks are paragraphs without a <p> of their own.
        let mut run = Stats::default();
        for &c in dom
            .children(i as u32)
            .iter()
            .chain(std::iter::once(&NO_PARENT))
        {
            let child = dom.node(c);
            let is_inline = child.is_some_and(|ch| !ch.tag.is_block());
            if is_inline && !junk.get(c as usize).copied().unwrap_or(true) {
                let cs = st[c as usize];
                run.chars += cs.chars;
                run.link_chars += cs.link_chars;
                run.commas += cs.commas;
                continue;
            }
            if child.is_some_and(|ch| ch.tag == Tag::Br) {
                continue;
            }
            credit(i as u32, run);
            run = Stats::default();
        }
    }
    // Prose characters per subtree (children come after parents in the arena).
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        if p != NO_PARENT && !junk[i] {
            good[p as usize] += good[i];
        }
    }
    let final_score = |i: usize| {
        // A container of several <article>s is a listing of stories, not one story.
        let own = u32::from(dom.nodes[i].tag == Tag::Article);
        let listing = if st[i].articles - own >= 2 { 0.3 } else { 1.0 };
        score[i] * (1.0 - st[i].link_density()) * listing
    };
    let mut candidates: Vec<usize> = (0..n).filter(|&i| scored[i] && !junk[i]).collect();
    candidates.sort_by(|&a, &b| final_score(b).total_cmp(&final_score(a)));
    let Some(&top0) = candidates.first() else {
        // No paragraph anywhere (text straight in <body>, or inline-only markup): take the body.
        return (st.get(body as usize).is_some_and(|s| s.chars > 0)).then(|| vec![body]);
    };
    if TRACE {
        for &c in candidates.iter().take(6) {
            eprintln!(
                "cand {:?} {:?} score={:.1} chars={} ld={:.2}",
                dom.nodes[c].tag,
                dom.nodes[c].attrs,
                final_score(c),
                st[c].chars,
                st[c].link_density()
            );
        }
    }
    let mut top = top0 as u32;
    let top_score = final_score(top0);

    // Several near-equal candidates under one ancestor: the body is split, take the ancestor.
    let alternatives: Vec<u32> = candidates
        .iter()
        .skip(1)
        .take(4)
        .filter(|&&c| final_score(c) >= 0.75 * top_score && st[c].articles == 0)
        .map(|&c| c as u32)
        .collect();
    if alternatives.len() >= 3 {
        for anc in dom.ancestors(top) {
            if anc == body || anc == 0 {
                break;
            }
            let under = alternatives
                .iter()
                .filter(|&&c| dom.ancestors(c).any(|x| x == anc))
                .count();
            if under >= 3 {
                top = anc;
                break;
            }
        }
    }
    if TRACE {
        eprintln!("stage top={:?}", dom.nodes[top as usize].attrs);
    }
    // Walk up while the parent scores higher (the body continues beside this element).
    let mut last = final_score(top as usize);
    let threshold = last / 3.0;
    let mut parent = dom.node(top).map_or(NO_PARENT, |n| n.parent);
    while parent != NO_PARENT && parent != body && parent != 0 {
        let p = parent as usize;
        if scored[p] {
            let ps = final_score(p);
            if ps < threshold {
                break;
            }
            if ps > last {
                top = parent;
                break;
            }
            last = ps;
        }
        parent = dom.node(parent).map_or(NO_PARENT, |n| n.parent);
    }
    if TRACE {
        eprintln!("stage top={:?}", dom.nodes[top as usize].attrs);
    }
    // The body split in chunks (an ad or a widget between them): take the ancestor that
    // gathers them, as long as what it adds is prose too.
    let mut cur = top;
    // Wrappers that add nothing do not count against the climb.
    let mut climbs = 0;
    for _ in 0..12 {
        if climbs >= 3 {
            break;
        }
        let p = dom.node(cur).map_or(NO_PARENT, |n| n.parent);
        if p == NO_PARENT || p == body || p == 0 {
            break;
        }
        let (gp, gc) = (good[p as usize] as f32, good[cur as usize] as f32);
        let ps = st[p as usize];
        if TRACE {
            eprintln!(
                "chunk up {:?} {:?} good={} chars={} ld={:.2} teasers={} articles={}",
                dom.nodes[p as usize].tag,
                dom.nodes[p as usize].attrs,
                gp,
                ps.chars,
                ps.link_density(),
                ps.teasers,
                ps.articles
            );
        }
        if gp > gc {
            climbs += 1;
            let mostly_prose = gp >= 0.7 * (ps.chars - ps.link_chars) as f32;
            let teasers = ps.teasers - st[cur as usize].teasers.min(ps.teasers);
            let other_stories = ps.articles > st[cur as usize].articles;
            if gp - gc >= 0.2 * gc
                && ps.link_density() < 0.25
                && mostly_prose
                && teasers < 2
                && !other_stories
            {
                top = p;
            } else {
                break;
            }
        }
        cur = p;
    }
    if TRACE {
        eprintln!("stage top={:?}", dom.nodes[top as usize].attrs);
    }
    // An only child says nothing: its parent is the real container.
    while let Some(node) = dom.node(top) {
        let p = node.parent;
        if p == NO_PARENT || p == body || p == 0 {
            break;
        }
        let elements = dom
            .children(p)
            .iter()
            .filter(|&&c| {
                dom.node(c)
                    .is_some_and(|c| c.tag != Tag::Text || !c.text.trim().is_empty())
            })
            .count();
        if elements != 1 {
            break;
        }
        top = p;
    }

    if TRACE {
        eprintln!("stage top={:?}", dom.nodes[top as usize].attrs);
    }
    // Siblings that continue the body.
    let top_final = if scored[top as usize] {
        final_score(top as usize)
    } else {
        top_score
    };
    let sibling_threshold = (top_final * 0.2).max(10.0);
    let Some(parent) = dom.node(top).map(|n| n.parent).filter(|&p| p != NO_PARENT) else {
        return Some(vec![top]);
    };
    let top_attrs = dom.node(top).map(|n| &*n.attrs).unwrap_or("");
    let mut roots = Vec::new();
    for &sib in dom.children(parent) {
        if sib == top {
            roots.push(sib);
            continue;
        }
        let s = sib as usize;
        if junk.get(s).copied().unwrap_or(true) {
            continue;
        }
        let Some(node) = dom.node(sib) else { continue };
        let mut bonus = 0.0;
        if !top_attrs.is_empty() && &*node.attrs == top_attrs {
            bonus = top_final * 0.2;
        }
        let sib_score = if scored[s] { final_score(s) } else { 0.0 };
        if scored[s]
            && sib_score + bonus >= sibling_threshold
            && st[s].articles <= st[top as usize].articles
        {
            roots.push(sib);
        } else if node.tag == Tag::P {
            let ss = st[s];
            let density = ss.link_density();
            let text = plain_text(dom, junk, sib);
            if ss.chars > 80 && density < 0.25
                || ss.chars > 0 && density == 0.0 && text.trim_end().ends_with('.')
            {
                roots.push(sib);
            }
        }
    }
    if TRACE {
        for &r in &roots {
            eprintln!(
                "root {:?} {:?} chars={}",
                dom.nodes[r as usize].tag, dom.nodes[r as usize].attrs, st[r as usize].chars
            );
        }
    }
    Some(roots)
}

fn initial_score(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H1 | Tag::Heading => -5.0,
        _ => 0.0,
    }
}

/// The text of a subtree with chrome left out, whitespace collapsed.
fn plain_text(dom: &Dom, junk: &[bool], root: u32) -> String {
    let mut s = String::new();
    for i in dom.subtree(root) {
        if junk.get(i as usize).copied().unwrap_or(true) {
            continue;
        }
        if let Some(n) = dom.node(i) {
            if n.tag == Tag::Text {
                s.push_str(&n.text);
            } else if n.tag.is_block() {
                s.push(' ');
            }
        }
    }
    normalize_space(&s)
}

/// Whether a container inside the body is chrome after all, judged by its content
/// (readability's "clean conditionally").
fn drop_conditionally(dom: &Dom, verdicts: &[PartVerdict], st: &[Stats], i: u32) -> bool {
    let Some(node) = dom.node(i) else { return true };
    if !matches!(
        node.tag,
        Tag::Div | Tag::Section | Tag::Ul | Tag::Ol | Tag::Table | Tag::Form | Tag::Block | Tag::Dl
    ) {
        return false;
    }
    let s = st[i as usize];
    if s.commas >= 10 {
        return false;
    }
    let weight = class_weight(verdicts[i as usize]);
    let density = s.link_density();
    let is_list = matches!(node.tag, Tag::Ul | Tag::Ol | Tag::Dl);
    if weight < 0.0 && s.chars < 200 {
        return true;
    }
    if density > 0.5 {
        return true;
    }
    if weight < 25.0 && density > 0.25 && s.chars < 600 {
        return true;
    }
    if !is_list && s.list_items > s.paragraphs + 2 && density > 0.2 {
        return true;
    }
    if s.images > 1 && (s.paragraphs as f32) < s.images as f32 * 0.5 && s.chars < 200 {
        return true;
    }
    false
}

/// One output block before filtering.
struct Block {
    text: String,
    chars: u32,
    link_chars: u32,
    heading: bool,
}

/// Writes the blocks of `root` in reading order.
fn emit(
    dom: &Dom,
    verdicts: &[PartVerdict],
    junk: &[bool],
    st: &[Stats],
    root: u32,
    mode: Mode,
    out: &mut Extraction,
) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur = Block {
        text: String::new(),
        chars: 0,
        link_chars: 0,
        heading: false,
    };
    // (node, entering?) events: iterative in-order walk.
    let mut stack: Vec<(u32, bool, u32)> = vec![(root, true, 0)];
    let mut link_depth = 0u32;
    let flush = |cur: &mut Block, blocks: &mut Vec<Block>| {
        let text = cur.text.trim();
        if !text.is_empty() {
            blocks.push(Block {
                text: text.to_owned(),
                chars: cur.chars,
                link_chars: cur.link_chars,
                heading: cur.heading,
            });
        }
        cur.text.clear();
        cur.chars = 0;
        cur.link_chars = 0;
        cur.heading = false;
    };
    while let Some((i, entering, _)) = stack.pop() {
        let Some(node) = dom.node(i) else { continue };
        if !entering {
            if node.tag == Tag::A && node.flags & HREF != 0 {
                link_depth = link_depth.saturating_sub(1);
            }
            if node.tag.is_block() {
                flush(&mut cur, &mut blocks);
            }
            continue;
        }
        if junk.get(i as usize).copied().unwrap_or(true) {
            continue;
        }
        if i != root && is_caption(dom, verdicts, i) {
            let caption = caption_text(dom, i);
            if !caption.is_empty() {
                out.captions.push(caption);
            }
            continue;
        }
        if i != root && mode == Mode::Strict && drop_conditionally(dom, verdicts, st, i) {
            continue;
        }
        match node.tag {
            Tag::Text => {
                let n = node.chars;
                cur.chars += n;
                if link_depth > 0 {
                    cur.link_chars += n;
                }
                cur.text.push_str(&node.text);
                continue;
            }
            Tag::Br => {
                cur.text.push('\n');
                continue;
            }
            _ => {}
        }
        if node.tag.is_block() {
            flush(&mut cur, &mut blocks);
        }
        if matches!(node.tag, Tag::Heading | Tag::H1) {
            cur.heading = true;
        }
        if node.tag == Tag::A && node.flags & HREF != 0 {
            link_depth += 1;
        }
        stack.push((i, false, 0));
        for &c in dom.children(i).iter().rev() {
            stack.push((c, true, 0));
        }
    }
    flush(&mut cur, &mut blocks);
    for b in blocks {
        for (k, part) in split_lines(&b.text).into_iter().enumerate() {
            let _ = k;
            if part.is_empty() {
                continue;
            }
            let density = if b.chars == 0 {
                0.0
            } else {
                b.link_chars as f32 / b.chars as f32
            };
            if mode == Mode::Strict && density > 0.6 && !b.heading {
                continue;
            }
            if is_boilerplate_line(&part) {
                continue;
            }
            out.kept_chars += b.chars;
            out.kept_link_chars += b.link_chars;
            out.paragraphs.push(part);
        }
    }
}

/// A block's text as paragraphs: `<br><br>` separates, a single `<br>` is a line break.
fn split_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split("\n\n") {
        let lines: Vec<String> = chunk
            .split('\n')
            .map(normalize_space)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            out.push(lines.join("\n"));
        }
    }
    out
}

fn is_caption(dom: &Dom, verdicts: &[PartVerdict], i: u32) -> bool {
    let Some(node) = dom.node(i) else {
        return false;
    };
    node.tag == Tag::Figcaption
        || (node.attrs.contains("caption") && verdicts[i as usize].junk && node.tag != Tag::Figure)
}

/// Captions of figures just outside the body (a lead photo above the text), within the
/// enclosing `<article>` or `<main>`.
fn nearby_captions(dom: &Dom, roots: &[u32]) -> Vec<String> {
    let Some(&first) = roots.first() else {
        return Vec::new();
    };
    let Some(scope) = std::iter::once(first)
        .chain(dom.ancestors(first))
        .take(6)
        .find(|&a| {
            dom.node(a)
                .is_some_and(|n| matches!(n.tag, Tag::Article | Tag::Main))
        })
    else {
        return Vec::new();
    };
    dom.subtree(scope)
        .filter(|&i| dom.node(i).is_some_and(|n| n.tag == Tag::Figcaption))
        .map(|i| caption_text(dom, i))
        .filter(|c| !c.is_empty())
        .collect()
}

fn caption_text(dom: &Dom, i: u32) -> String {
    let none = vec![false; dom.nodes.len()];
    plain_text(dom, &none, i)
}

/// Final touches: drop a repeated headline, date/byline lines at the edges of the body, and
/// adjacent duplicates.
fn finish(out: &mut Extraction, title: Option<&str>) {
    if let Some(title) = title {
        let t = normalize_space(title);
        out.paragraphs.retain(|p| !same_text(p, &t));
    }
    let n = out.paragraphs.len();
    if n > 3 {
        let mut k = 0;
        out.paragraphs.retain(|p| {
            let edge = k < 3 || k + 3 >= n;
            k += 1;
            !(edge && is_meta_line(p))
        });
    }
    out.paragraphs.dedup();
    out.captions.dedup();
}

static META_LINE: once_cell::sync::Lazy<Option<regex::Regex>> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(
        r"(?i)^\W*(?:(?:last )?(?:updated|posted|published|modified|publicado|atualizado|aktualisiert|veröffentlicht|publié|mis à jour|pubblicato|aggiornato)\b|by\s+\p{Lu})|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|h|uhr|utc|gmt|[ecmp][sd]t)?\b|\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}\b",
    )
    .ok()
});

/// Compiles the date/byline line pattern (see [`crate::PREPARE`]).
pub(crate) fn prepare() {
    once_cell::sync::Lazy::force(&META_LINE);
}

/// A short line that states when or by whom, not what: "Updated 1:23 p.m.", "05.10.2018 Posted by …".
fn is_meta_line(p: &str) -> bool {
    p.split_whitespace().count() <= 15
        && (META_LINE.as_ref().is_some_and(|re| re.is_match(p))
            || vigil_dates::written(p).is_some())
}

fn same_text(a: &str, b: &str) -> bool {
    // Cheap reject first: this runs on every paragraph.
    if a.len() > 2 * b.len() + 16 || b.len() > 2 * a.len() + 16 {
        return false;
    }
    // Letters and digits, lower-cased, compared without building either string.
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    norm(a).next().is_some() && norm(a).eq(norm(b))
}
