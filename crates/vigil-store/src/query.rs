//! Turns what a user typed into a full-text query that cannot be a syntax error.
//!
//! Every term is emitted as a quoted FTS5 string, so FTS5 operators and punctuation typed by the
//! user (`NEAR(`, `:`, `^`, `(`, `*` alone) are only ever text. The few operators we do offer
//! (`OR`, `AND`, `NOT`, `-word`, `"phrase"`, `word*`) are recognised here and rebuilt explicitly.
//! [`to_fts5`] gives SQLite's FTS5 syntax, [`to_tsquery`] PostgreSQL's `to_tsquery` input, from one
//! parse of the query, so both stores understand a query alike.

use crate::StoreError;

/// Most terms one query may hold; beyond that a query is more likely pasted text than a search.
const MAX_TERMS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    text: String,
    prefix: bool,
    negated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Term(Term),
    /// A bare `OR`, `AND` or `NOT`; an operator only between two terms.
    Operator(&'static str),
}

/// Builds the FTS5 MATCH expression for a user's query.
pub(crate) fn to_fts5(input: &str) -> Result<String, StoreError> {
    let groups = parse(input)?;
    let mut out = String::new();
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(" OR ");
        }
        out.push('(');
        let mut positives = group.iter().filter(|t| !t.negated);
        if let Some(first) = positives.next() {
            push_term(&mut out, first);
        }
        for term in positives {
            out.push_str(" AND ");
            push_term(&mut out, term);
        }
        for term in group.iter().filter(|t| t.negated) {
            out.push_str(" NOT ");
            push_term(&mut out, term);
        }
        out.push(')');
    }
    Ok(out)
}

/// Builds the input of PostgreSQL's `to_tsquery` for a user's query: each term a quoted operand
/// (which `to_tsquery` stems, and turns into a phrase when it holds several words), `:*` for a
/// prefix, `!` for an excluded term, `&` within a group and `|` between groups.
pub(crate) fn to_tsquery(input: &str) -> Result<String, StoreError> {
    let groups = parse(input)?;
    let operand = |term: &Term| {
        let quoted = term.text.replace('\\', "\\\\").replace('\'', "''");
        let star = if term.prefix { ":*" } else { "" };
        let not = if term.negated { "!" } else { "" };
        format!("{not}'{quoted}'{star}")
    };
    let groups: Vec<String> = groups
        .iter()
        .map(|group| {
            let terms: Vec<String> = group.iter().map(operand).collect();
            format!("({})", terms.join(" & "))
        })
        .collect();
    Ok(groups.join(" | "))
}

fn push_term(out: &mut String, term: &Term) {
    out.push('"');
    // The lexer splits on quotes, so none can be inside; doubling keeps that true regardless.
    out.push_str(&term.text.replace('"', "\"\""));
    out.push('"');
    if term.prefix {
        out.push('*');
    }
}

/// Groups of ANDed terms, the groups ORed together. Never empty on success.
fn parse(input: &str) -> Result<Vec<Vec<Term>>, StoreError> {
    let tokens = resolve_operators(lex(input));
    let mut groups: Vec<Vec<Term>> = vec![Vec::new()];
    let mut negate_next = false;
    let mut count = 0usize;
    for token in tokens {
        match token {
            Token::Operator("OR") => groups.push(Vec::new()),
            Token::Operator("NOT") => negate_next = true,
            Token::Operator(_) => {}
            Token::Term(mut term) => {
                term.negated |= std::mem::take(&mut negate_next);
                if !term.text.chars().any(char::is_alphanumeric) {
                    continue; // punctuation only: the tokenizer would find no word in it
                }
                count += 1;
                if let Some(group) = groups.last_mut() {
                    group.push(term);
                }
            }
        }
    }
    if count > MAX_TERMS {
        return Err(StoreError::InvalidQuery(format!(
            "{count} terms; at most {MAX_TERMS} are allowed"
        )));
    }
    let had_terms = groups.iter().any(|g| !g.is_empty());
    groups.retain(|g| g.iter().any(|t| !t.negated));
    if groups.is_empty() {
        let why = if had_terms {
            "it only excludes words; add a word to look for"
        } else {
            "it has no words to search for"
        };
        return Err(StoreError::InvalidQuery(why.to_owned()));
    }
    Ok(groups)
}

/// `OR`/`AND`/`NOT` act as operators only where they make sense; elsewhere they are words
/// (a search for "AND" alone finds the word "and").
fn resolve_operators(tokens: Vec<Token>) -> Vec<Token> {
    let is_term = |t: Option<&Token>| matches!(t, Some(Token::Term(_)));
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let keep_operator = match token {
            Token::Term(_) => {
                out.push(token.clone());
                continue;
            }
            // NOT needs a term after it and, since FTS5's NOT is binary, something before it.
            Token::Operator(_) => is_term(out.last()) && is_term(tokens.get(i + 1)),
        };
        match token {
            Token::Operator(op) if keep_operator => out.push(Token::Operator(op)),
            Token::Operator(op) => out.push(Token::Term(Term {
                text: (*op).to_owned(),
                prefix: false,
                negated: false,
            })),
            Token::Term(_) => {}
        }
    }
    out
}

fn lex(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    // Control characters separate words; a NUL would otherwise end FTS5's string early.
    let mut chars = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .peekable();
    let mut negated = false;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            negated = false;
            continue;
        }
        if c == '-' && !negated {
            chars.next();
            // `-word` excludes; a lone `-` is nothing.
            negated = chars.peek().is_some_and(|n| !n.is_whitespace());
            continue;
        }
        if c == '"' {
            chars.next();
            let mut text = String::new();
            // An unbalanced quote runs to the end of the query.
            for ch in chars.by_ref() {
                if ch == '"' {
                    break;
                }
                text.push(ch);
            }
            let mut prefix = false;
            while chars.peek() == Some(&'*') {
                chars.next();
                prefix = true;
            }
            tokens.push(Token::Term(Term {
                text,
                prefix,
                negated: std::mem::take(&mut negated),
            }));
            continue;
        }
        let mut word = String::new();
        while let Some(&ch) = chars.peek() {
            if ch.is_whitespace() || ch == '"' {
                break;
            }
            word.push(ch);
            chars.next();
        }
        let op = match word.as_str() {
            "OR" => Some("OR"),
            "AND" => Some("AND"),
            "NOT" => Some("NOT"),
            _ => None,
        };
        if let (Some(op), false) = (op, negated) {
            tokens.push(Token::Operator(op));
            continue;
        }
        let trimmed = word.trim_end_matches('*');
        let prefix = trimmed.len() < word.len() && !trimmed.is_empty();
        tokens.push(Token::Term(Term {
            text: trimmed.to_owned(),
            prefix,
            negated: std::mem::take(&mut negated),
        }));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::{to_fts5, to_tsquery};

    fn q(s: &str) -> String {
        match to_fts5(s) {
            Ok(q) => q,
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn plain_words_are_anded_and_quoted() {
        assert_eq!(q("suicide bomb"), r#"("suicide" AND "bomb")"#);
        assert_eq!(q("Kabul"), r#"("Kabul")"#);
    }

    #[test]
    fn phrases_prefixes_or_and_not() {
        assert_eq!(
            q(r#""Islamic State" Kabul"#),
            r#"("Islamic State" AND "Kabul")"#
        );
        assert_eq!(q("attack*"), r#"("attack"*)"#);
        assert_eq!(q(r#""islamic sta"*"#), r#"("islamic sta"*)"#);
        assert_eq!(q("hotel OR guesthouse"), r#"("hotel") OR ("guesthouse")"#);
        assert_eq!(q("hotel AND kabul"), r#"("hotel" AND "kabul")"#);
        assert_eq!(q("attack -drill"), r#"("attack" NOT "drill")"#);
        assert_eq!(q("-drill attack"), r#"("attack" NOT "drill")"#);
        assert_eq!(q("attack NOT drill"), r#"("attack" NOT "drill")"#);
        assert_eq!(q("a b OR c -d"), r#"("a" AND "b") OR ("c" NOT "d")"#);
    }

    #[test]
    fn operators_out_of_place_are_words() {
        assert_eq!(q("AND"), r#"("AND")"#);
        assert_eq!(q("OR"), r#"("OR")"#);
        assert_eq!(q("kabul OR"), r#"("kabul" AND "OR")"#);
        assert_eq!(q("NOT kabul"), r#"("NOT" AND "kabul")"#);
        assert_eq!(q("OR OR OR"), r#"("OR" AND "OR" AND "OR")"#);
        assert_eq!(q("a OR OR b"), r#"("a" AND "OR") OR ("b")"#);
    }

    #[test]
    fn hostile_input_is_text_or_a_clear_error() {
        assert_eq!(q(r#"kabul "unbalanced"#), r#"("kabul" AND "unbalanced")"#);
        assert_eq!(q("NEAR(a b"), r#"("NEAR(a" AND "b")"#);
        assert_eq!(q("title:kabul"), r#"("title:kabul")"#);
        assert_eq!(q("a^ (b) {c}"), r#"("a^" AND "(b)" AND "{c}")"#);
        assert_eq!(q(r#"say ""hi"""#), r#"("say" AND "hi")"#);
        assert_eq!(q("a\u{0}b\"c\u{7}d"), r#"("a" AND "b" AND "c d")"#);
        assert!(q("*").starts_with("error: "), "{}", q("*"));
        assert!(q("\"").starts_with("error: "));
        assert!(q("").starts_with("error: "));
        assert!(q("   - -- ( ) ").starts_with("error: "));
        assert!(q("-kabul").contains("only excludes"));
        let long = "w ".repeat(100);
        assert!(q(&long).contains("at most"));
    }

    #[test]
    fn the_same_parse_gives_a_tsquery() {
        let t = |s: &str| to_tsquery(s).unwrap_or_else(|e| format!("error: {e}"));
        assert_eq!(t("suicide bomb"), "('suicide' & 'bomb')");
        assert_eq!(
            t(r#""Islamic State" attack* -drill OR hotel"#),
            "('Islamic State' & 'attack':* & !'drill') | ('hotel')"
        );
        assert_eq!(t(r"o'clock back\slash"), r"('o''clock' & 'back\\slash')");
        assert!(t("-kabul").contains("only excludes"));
    }

    #[test]
    fn unicode_terms_survive() {
        assert_eq!(q("Kunduz قندوز"), r#"("Kunduz" AND "قندوز")"#);
        assert_eq!(q("Zürich*"), r#"("Zürich"*)"#);
    }
}
