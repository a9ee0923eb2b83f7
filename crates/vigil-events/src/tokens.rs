//! A small tokenizer: words (with inner hyphens, apostrophes and digit separators kept) and
//! single punctuation marks, each with its byte span in the article text.

/// One token: its byte span in the text it came from and its lowercased form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    /// Lowercased, with typographic apostrophes folded to `'`.
    pub lower: String,
    /// True when the token as written starts with an uppercase letter.
    pub capitalised: bool,
}

impl Token {
    pub(crate) fn is_word(&self) -> bool {
        self.lower.chars().next().is_some_and(char::is_alphanumeric)
    }
}

fn joins_word(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‘')
}

/// Tokenizes `text[start..end]`; spans are offsets into `text`.
pub(crate) fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                if cj.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                // Keep "twenty-five", "al-Shabaab", "o'clock", "1,200", "2.5" as one token.
                let next_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                let prev_digit = chars[j - 1].1.is_ascii_digit();
                let next_digit = chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit());
                if (joins_word(cj) && next_alnum)
                    || (matches!(cj, ',' | '.') && prev_digit && next_digit)
                {
                    j += 2;
                    continue;
                }
                break;
            }
            let end_off = chars.get(j).map_or(slice.len(), |&(o, _)| o);
            let word = &slice[off..end_off];
            out.push(Token {
                start: start + off,
                end: start + end_off,
                lower: word.to_lowercase().replace(['’', '‘'], "'"),
                capitalised: c.is_uppercase(),
            });
            i = j;
        } else {
            let end_off = off + c.len_utf8();
            out.push(Token {
                start: start + off,
                end: start + end_off,
                lower: c.to_string(),
                capitalised: false,
            });
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .into_iter()
            .map(|t| t.lower)
            .collect()
    }

    #[test]
    fn keeps_inner_hyphens_and_separators() {
        assert_eq!(
            words("Twenty-five al-Shabaab men, 1,200 (2.5%) isn’t."),
            [
                "twenty-five",
                "al-shabaab",
                "men",
                ",",
                "1,200",
                "(",
                "2.5",
                "%",
                ")",
                "isn't",
                "."
            ]
        );
    }

    #[test]
    fn spans_index_into_text() {
        let text = "xx Kabul – Mazar-e-Sharif";
        let toks = tokenize(text, 3, text.len());
        assert_eq!(&text[toks[0].start..toks[0].end], "Kabul");
        assert_eq!(&text[toks[2].start..toks[2].end], "Mazar-e-Sharif");
    }
}
