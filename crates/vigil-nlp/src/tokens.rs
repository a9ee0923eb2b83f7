//! A small word tokenizer for the shape rules: words (with inner hyphens and apostrophes,
//! dotted abbreviations such as "U.S." and "Gen."), punctuation, and where lines break.

/// One token: a word or a punctuation character, as a byte span of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) word: bool,
    /// A line break (paragraph or caption boundary) lies between this token and the previous one.
    pub(crate) after_break: bool,
    /// Only plain spaces lie between this token and the previous one.
    pub(crate) after_space: bool,
    /// No space at all lies between this token and the previous one.
    pub(crate) glued: bool,
}

impl Token {
    pub(crate) fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

const ABBREVIATIONS: &[&str] = &[
    "Gen", "Lt", "Col", "Maj", "Brig", "Capt", "Cmdr", "Sgt", "Cpl", "Pvt", "Adm", "Gov", "Sen",
    "Rep", "Dr", "Mr", "Mrs", "Ms", "Prof", "Rev", "Hon", "St", "Mt", "Jr", "Sr", "No", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Inc", "Corp",
    "Ltd", "Co", "vs", "etc", "Ft",
];

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut k = 0;
    let mut gap_break = true;
    let mut gap_space = false;
    let mut gap_any = false;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            if c == '\n' || c == '\r' {
                gap_break = true;
            } else {
                gap_space = true;
            }
            gap_any = true;
            k += 1;
            continue;
        }
        let start = i;
        let mut j = k + 1;
        let word = c.is_alphanumeric();
        if word {
            while j < chars.len() {
                let cj = chars[j].1;
                if cj.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let next_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                if (cj == '-' || cj == '\'' || cj == '\u{2019}' || cj == '&') && next_alnum {
                    // "Mazar-e-Sharif", "Qa'ida"; not the possessive "'s" at a word's end.
                    let is_possessive = (cj == '\'' || cj == '\u{2019}')
                        && matches!(chars.get(j + 1), Some(&(_, 's')))
                        && chars.get(j + 2).is_none_or(|&(_, n)| !n.is_alphanumeric());
                    if is_possessive {
                        break;
                    }
                    j += 1;
                    continue;
                }
                if cj == '.' {
                    // Dotted acronym "U.S." or abbreviation "Gen.".
                    let so_far: String = chars[k..j].iter().map(|&(_, c)| c).collect();
                    let single_cap =
                        so_far.chars().count() == 1 && so_far.chars().all(|c| c.is_uppercase());
                    let dotted = so_far.contains('.');
                    if (single_cap || dotted)
                        && next_alnum
                        && chars.get(j + 2).is_some_and(|&(_, n)| n == '.')
                    {
                        j += 1;
                        continue;
                    }
                    if single_cap || dotted || ABBREVIATIONS.contains(&so_far.as_str()) {
                        j += 1;
                    }
                }
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(e, _)| e);
        tokens.push(Token {
            start,
            end,
            word,
            after_break: gap_break,
            after_space: gap_any && !gap_break && gap_space,
            glued: !gap_any,
        });
        gap_break = false;
        gap_space = false;
        gap_any = false;
        k = j;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn keeps_abbreviations_and_inner_hyphens() {
        assert_eq!(
            words("Gen. Ali of the U.S. Army, al-Shabaab's men."),
            vec![
                "Gen.",
                "Ali",
                "of",
                "the",
                "U.S.",
                "Army",
                ",",
                "al-Shabaab",
                "'",
                "s",
                "men",
                "."
            ]
        );
        assert_eq!(
            words("He said: “Yes.”"),
            vec!["He", "said", ":", "“", "Yes", ".", "”"]
        );
    }
}
