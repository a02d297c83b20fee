//! Pure text utilities shared by the pipeline: folding names for comparison,
//! slugs for IRIs, a matching form of a text that keeps its offsets, sentence
//! splitting and byte-to-character offset conversion.
//!
//! Nothing here knows about entities; everything is a function of a string.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a name the way the gold scorer does (`kgscore.py`): accents removed,
/// lower case, every run of non-word characters made one space, the word
/// `the` dropped. Two labels that fold equal name the same thing.
pub fn fold(s: &str) -> String {
    let lowered: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    lowered
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && *w != "the")
        .collect::<Vec<_>>()
        .join(" ")
}

/// A slug for an IRI path segment: lower-case letters and digits joined by
/// single hyphens, accents dropped ("Lashkar-e-Taiba" → "lashkar-e-taiba",
/// "al-Qa’ida" → "al-qaida", "Сергей Иванов" → "сергеи-иванов"). Letters
/// of every script are kept, so different names keep different slugs; a
/// name with no letter or digit at all gets one from its hash, never "".
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_hyphen = false;
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        if is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if out.is_empty() {
        out = format!("x-{}", &sha256_hex(s.as_bytes())[..12]);
    }
    out
}

/// The identifier of a document, from its file name: like [`slug`], but
/// accents and other marks are kept, so names that differ only in them
/// ("été.txt", "ete.txt"; "भारत.txt", "भरत.txt") stay apart.
pub fn document_key(file_name: &str) -> String {
    let mut out = String::with_capacity(file_name.len());
    let mut pending_hyphen = false;
    for c in file_name.nfc() {
        if is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() || is_combining_mark(c) {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if out.is_empty() {
        out = format!("x-{}", &sha256_hex(file_name.as_bytes())[..12]);
    }
    out
}

/// Compiles an extraction pattern with ASCII word boundaries: `\b` in it
/// means `(?-u:\b)`. A Unicode `\b` cannot run in the regex crate's fast
/// engines once a text holds one non-ASCII character (a curly quote is
/// enough) and falls back to one several times slower over the whole text;
/// the patterns' boundaries stand next to English words, where the two
/// agree.
pub fn pattern(re: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&re.replace(r"\b", r"(?-u:\b)"))
}

/// SHA-256 of bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Apostrophes of every kind; names are compared with them removed.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´' | 'ʻ')
}

/// Zero-width and byte-order marks: invisible, but they part words as a
/// space would ("India\u{feff}and France").
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// The form of a text used for dictionary matching: accents stripped,
/// apostrophes deleted, dashes and runs of white space made one space, and
/// curly quotes made straight. Case is kept, because case decides matches
/// ("US" the state, "us" the pronoun). Every byte of the matching form knows
/// the byte offset of the character of the original it came from, so a match
/// maps back to exact evidence.
#[derive(Debug, Clone)]
pub struct MatchText {
    pub norm: String,
    /// `origin[i]` is the byte offset in the original text of the character
    /// that produced byte `i` of `norm`.
    origin: Vec<usize>,
    /// Byte length of the original character at each `norm` byte.
    origin_len: Vec<u8>,
}

impl MatchText {
    pub fn new(text: &str) -> Self {
        let mut norm = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut origin_len = Vec::with_capacity(text.len());
        let mut push = |norm: &mut String, c: char, at: usize, len: usize| {
            let before = norm.len();
            norm.push(c);
            for _ in before..norm.len() {
                origin.push(at);
                origin_len.push(len as u8);
            }
        };
        for (at, c) in text.char_indices() {
            let len = c.len_utf8();
            if is_apostrophe(c) {
                // a possessive "’s" stays apart from its noun ("Uzbekistan’s"
                // names Uzbekistan); other apostrophes join ("Qa’ida")
                let possessive = text[at + len..].starts_with('s')
                    && !text[at + len + 1..].starts_with(|n: char| n.is_alphanumeric());
                if possessive && !norm.ends_with(' ') {
                    push(&mut norm, ' ', at, len);
                }
                continue;
            }
            if c == '\u{ad}' {
                // a soft hyphen only says where a word may break
                continue;
            }
            if c.is_whitespace() || is_dash(c) || is_invisible_format(c) {
                if !norm.ends_with(' ') {
                    push(&mut norm, ' ', at, len);
                }
                continue;
            }
            let c = match c {
                '“' | '”' | '„' | '«' | '»' => '"',
                other => other,
            };
            if c.is_ascii() {
                push(&mut norm, c, at, len);
            } else {
                let mut any = false;
                for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
                    push(&mut norm, d, at, len);
                    any = true;
                }
                if !any {
                    push(&mut norm, ' ', at, len);
                }
            }
        }
        MatchText {
            norm,
            origin,
            origin_len,
        }
    }

    /// The original byte range of a byte range of the matching form.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let at = self.origin.get(r.start).copied().unwrap_or(0);
            return at..at;
        }
        let start = self.origin[r.start];
        let end = self.origin[r.end - 1] + self.origin_len[r.end - 1] as usize;
        start..end
    }
}

/// Normalises a dictionary entry the way [`MatchText`] normalises a text, so
/// both sides meet in one form.
pub fn match_form(s: &str) -> String {
    MatchText::new(s.trim()).norm.trim().to_string()
}

/// Converts byte offsets of a text into character (Unicode scalar) offsets,
/// which the interchange format uses.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Character offset of every byte that starts a character, plus the end.
    starts: Vec<(usize, usize)>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(ci, (bi, _))| (bi, ci))
            .collect();
        starts.push((text.len(), starts.len()));
        CharOffsets { starts }
    }

    pub fn char_offset(&self, byte: usize) -> usize {
        match self.starts.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.starts[i].1,
            Err(i) => self.starts[i.saturating_sub(1)].1,
        }
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "shri", "smt", "st", "no", "nos", "vs", "etc", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt",
    "maj", "capt", "amb", "hon", "sr", "jr", "e.g", "i.e", "u.s", "u.k", "u.n", "h.e",
];

/// Splits a text into sentences and returns their byte ranges, trimmed of
/// surrounding white space. Paragraph breaks always end a sentence; a full
/// stop, question or exclamation mark ends one when followed by white space
/// and then a capital, digit or quote, unless it closes an abbreviation or a
/// single initial ("Jonon S. Sherali").
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let wrapped = hard_wrapped(text);
    let width = if wrapped {
        text.lines()
            .map(|l| l.trim().chars().count())
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == '\n' && (!wrapped || line_break_ends_sentence(text, at, width)) {
            push_trimmed(text, start..at, &mut out);
            start = at + 1;
        } else if matches!(c, '.' | '?' | '!') && ends_sentence(text, &chars, i) {
            let mut end = at + c.len_utf8();
            // keep a closing quote or bracket with its sentence
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')') {
                end = chars[j].0 + chars[j].1.len_utf8();
                j += 1;
            }
            push_trimmed(text, start..end, &mut out);
            start = end;
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Whether the text's paragraphs are wrapped at a fixed width (most lines
/// of similar, moderate length, running on without a full stop). In such a
/// text a single line break is a space; elsewhere it ends a sentence, as
/// after a headline.
fn hard_wrapped(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let wrapped = lines
        .iter()
        .filter(|l| {
            let n = l.chars().count();
            (40..=100).contains(&n) && !l.ends_with(['.', '!', '?', ':', '"', '”'])
        })
        .count();
    wrapped >= 3 && wrapped * 2 >= lines.len()
}

/// In a hard-wrapped text, a line break ends a sentence at a blank line, after a line that ends like
/// a sentence or a heading, or after a short line (a title or a dateline).
/// Other line breaks are hard wraps inside a paragraph.
fn line_break_ends_sentence(text: &str, at: usize, width: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = text[line_start..at].trim();
    let rest = &text[at + 1..];
    let next_line = rest.split('\n').next().unwrap_or("").trim();
    if line.is_empty() || next_line.is_empty() {
        return true;
    }
    let ends_like_sentence = line.ends_with(['.', '!', '?', ':', '"', '”', ')']);
    // a line much shorter than the wrapping width ends its paragraph
    let short = line.chars().count() * 10 < width * 6;
    let next_opens = next_line.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '•' | '-' | '*')
    });
    next_opens && (ends_like_sentence || short)
}

fn ends_sentence(text: &str, chars: &[(usize, char)], i: usize) -> bool {
    let (at, c) = chars[i];
    // what follows: optional closing quotes, then white space, then a sentence opener
    let mut j = i + 1;
    while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')') {
        j += 1;
    }
    if j < chars.len() && !chars[j].1.is_whitespace() {
        return false;
    }
    while j < chars.len() && chars[j].1.is_whitespace() {
        j += 1;
    }
    if j < chars.len() {
        let next = chars[j].1;
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '‘' | '('))
        {
            return false;
        }
    }
    if c != '.' {
        return true;
    }
    // the word the full stop closes
    let word_start = text[..at]
        .char_indices()
        .rfind(|&(_, ch)| ch.is_whitespace() || ch == '(')
        .map_or(0, |(p, ch)| p + ch.len_utf8());
    // "India-U.S." closes "U.S", the part after the last hyphen
    let word = text[word_start..at]
        .rsplit(['-', '/', '–'])
        .next()
        .unwrap_or("");
    if is_dotted_acronym(word) {
        return false; // "U.S", "U.K": the full stop belongs to the name
    }
    if word.chars().count() == 1 && word.chars().all(|ch| ch.is_uppercase()) {
        return false; // an initial
    }
    if word.chars().all(|ch| ch.is_ascii_digit())
        && word.len() <= 2
        && is_line_start(text, word_start)
    {
        return false; // a paragraph number: "2. Both sides ..."
    }
    let lower = word.to_lowercase();
    !ABBREVIATIONS.contains(&lower.as_str())
}

/// "U.S", "U.N", "E.U": single letters joined by full stops.
fn is_dotted_acronym(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

fn is_line_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(char::is_whitespace)
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Byte ranges of quoted passages (between curly or straight double quotes,
/// inside one paragraph). Speech inside quotes has its own "today".
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match c {
            '“' => open = Some(at),
            '”' => {
                if let Some(s) = open.take() {
                    out.push(s..at + c.len_utf8());
                }
            }
            '"' => match open.take() {
                Some(s) => out.push(s..at + 1),
                None => open = Some(at),
            },
            '\n' if text[at + 1..].starts_with('\n') || text[at + 1..].trim_start().is_empty() => {
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Upper-cases the first letter of each word written all in capitals
/// ("Philippe BERTOUX" → "Philippe Bertoux"); other words are kept.
pub fn proper_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            // "BERTOUX", but not initials such as "K.D."
            if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) && !w.contains('.') {
                let mut out = String::new();
                let mut first = true;
                for c in w.chars() {
                    if c.is_alphabetic() {
                        if first {
                            out.extend(c.to_uppercase());
                        } else {
                            out.extend(c.to_lowercase());
                        }
                        first = false;
                    } else {
                        out.push(c);
                        first = c == '-';
                    }
                }
                out
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_matches_the_scorer() {
        assert_eq!(fold("The Lashkar e-Tayyiba"), "lashkar e tayyiba");
        assert_eq!(fold("al-Qa’ida"), "al qa ida");
        assert_eq!(fold("Côte d'Ivoire"), "cote d ivoire");
        assert_eq!(fold("“No Money for Terror”"), "no money for terror");
    }

    #[test]
    fn slug_is_lower_case_and_hyphenated() {
        assert_eq!(slug("Lashkar-e-Taiba"), "lashkar-e-taiba");
        assert_eq!(slug("al-Qa’ida"), "al-qaida");
        assert_eq!(
            slug("  Ministry of External Affairs "),
            "ministry-of-external-affairs"
        );
        assert_eq!(slug("Jonon S. Sherali"), "jonon-s-sherali");
        assert_eq!(slug("Mr Сергей Иванов"), "mr-сергеи-иванов");
        assert_ne!(slug("()"), slug("[]"));
        assert!(slug("()").starts_with("x-"));
    }

    #[test]
    fn match_text_maps_back_to_the_original() {
        let text = "against al-Qa’ida and “ISIS”";
        let mt = MatchText::new(text);
        assert_eq!(mt.norm, "against al Qaida and \"ISIS\"");
        let at = mt.norm.find("al Qaida").unwrap();
        let r = mt.original(at..at + "al Qaida".len());
        assert_eq!(&text[r], "al-Qa’ida");
        let at = mt.norm.find("ISIS").unwrap();
        assert_eq!(&text[mt.original(at..at + 4)], "ISIS");
        assert_eq!(
            MatchText::new("Uzbekistan’s Ministry").norm,
            "Uzbekistan s Ministry"
        );
    }

    #[test]
    fn sentences_respect_initials_abbreviations_and_paragraph_numbers() {
        let text = "Mr Jonon S. Sherali led the delegation. The U.S. side agreed.\n\n2. Both sides met Dr. Vinod J Bahade. During the India-U.S. Counter-Terrorism talks, they met.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "Mr Jonon S. Sherali led the delegation.",
                "The U.S. side agreed.",
                "2. Both sides met Dr. Vinod J Bahade.",
                "During the India-U.S. Counter-Terrorism talks, they met."
            ]
        );
    }

    #[test]
    fn headlines_stand_alone_and_wrapped_lines_join() {
        let text = "India and France call for action: MEA\nIndia and France have expressed a call.";
        assert_eq!(sentences(text).len(), 2);
        let wrapped = "The two sides held the fourth meeting of the Joint Working\nGroup on Counter-Terrorism in New Delhi on 5 March 2024 and\nreviewed the threats posed by terrorist groups in the region\nincluding those operating across borders.";
        assert_eq!(sentences(wrapped).len(), 1);
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "a’b c";
        let co = CharOffsets::new(text);
        assert_eq!(co.char_offset(text.find('b').unwrap()), 2);
        assert_eq!(co.char_offset(text.len()), 5);
    }

    #[test]
    fn quoted_spans_pair_curly_and_straight_quotes() {
        let text = "He said “held today” and \"again\".";
        let spans = quoted_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].clone()], "“held today”");
        assert_eq!(&text[spans[1].clone()], "\"again\"");
    }

    #[test]
    fn proper_case_fixes_capitalised_surnames_only() {
        assert_eq!(proper_case("Philippe BERTOUX"), "Philippe Bertoux");
        assert_eq!(proper_case("Jonon S. Sherali"), "Jonon S. Sherali");
    }
}
