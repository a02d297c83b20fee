//! Dates written in statements: absolute ("13 September 2022", "July 16,
//! 2019", "18-19 October 2022", "September 30 and October 1, 2025"),
//! month and day without a year ("April 22"), and relative ("yesterday",
//! "on Tuesday"), resolved against the document's date.
//!
//! A date whose year cannot be known is left out, never guessed: without a
//! document date, "September 11" and "yesterday" yield nothing.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;

use crate::spans::SpanSet;

/// A date (or a span of days) found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range of the expression in the text.
    pub span: Range<usize>,
    /// First day.
    pub start: NaiveDate,
    /// Last day, when the expression names a span of days.
    pub end: Option<NaiveDate>,
    /// How the date was known.
    pub basis: DateBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBasis {
    /// Written with its year.
    Absolute,
    /// Month and day, the year taken from the document date.
    YearFromDocument,
    /// "yesterday", "on Tuesday": counted from the document date.
    Relative,
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
const DAY: &str = r"(?:[0-3]?\d)(?:st|nd|rd|th)?";
const RANGE_SEP: &str = r"\s*(?:-|–|—|to|and|&)\s*";

struct Patterns {
    iso: Regex,
    day_month_year: Regex,
    month_day_year: Regex,
    day_month_day_month_year: Regex,
    month_day_month_day_year: Regex,
    month_day: Regex,
    day_month: Regex,
    relative: Regex,
    weekday: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |s: String| crate::text::pattern(&s).expect("date pattern");
    Patterns {
        iso: re(r"\b(\d{4})-(\d{2})-(\d{2})\b".into()),
        // 13 September 2022 · 18-19 October 2022 · 13th Sept. 2022
        day_month_year: re(format!(
            r"\b(?P<d1>{DAY})(?:{RANGE_SEP}(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b"
        )),
        // July 16, 2019 · Sept 13-14, 2022 · Oct 02, 2025
        month_day_year: re(format!(
            r"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})(?:{RANGE_SEP}(?P<d2>{DAY}))?,?\s+(?P<y>\d{{4}})\b"
        )),
        // 30 September and 1 October 2025
        day_month_day_month_year: re(format!(
            r"\b(?P<d1>{DAY})\s+(?P<m1>{MONTH}){RANGE_SEP}(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y>\d{{4}})\b"
        )),
        // September 30 and October 1, 2025
        month_day_month_day_year: re(format!(
            r"\b(?P<m1>{MONTH})\s+(?P<d1>{DAY}){RANGE_SEP}(?P<m2>{MONTH})\s+(?P<d2>{DAY}),?\s+(?P<y>\d{{4}})\b"
        )),
        // April 22 · September 11
        month_day: re(format!(
            r"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})(?:{RANGE_SEP}(?P<d2>{DAY}))?\b(?:,?\s+\d{{4}})?"
        )),
        // 22 April
        day_month: re(format!(
            r"\b(?P<d1>{DAY})(?:{RANGE_SEP}(?P<d2>{DAY}))?\s+(?P<m>{MONTH})\b(?:,?\s+\d{{4}})?"
        )),
        relative: re(r"(?i)\b(yesterday|today|tomorrow)\b".into()),
        weekday: re(
            r"\b(?P<q>on|last|this|On|Last|This)\s+(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                .into(),
        ),
    }
});

/// Finds every date in `text`. `document_date` is the date the text was
/// issued; month-day and relative dates need it. Relative dates inside
/// `quoted` ranges are skipped: quoted speech has its own "today".
pub fn find_dates(
    text: &str,
    document_date: Option<NaiveDate>,
    quoted: &[Range<usize>],
) -> Vec<DateMention> {
    let p = &*PATTERNS;
    let mut found: Vec<DateMention> = Vec::new();
    let mut taken = SpanSet::default();
    let mut add = |m: DateMention, found: &mut Vec<DateMention>| {
        if taken.overlaps(&m.span) {
            return;
        }
        taken.insert(m.span.clone());
        found.push(m);
    };

    // Longest forms first, so "September 30 and October 1, 2025" is one span.
    for c in p.month_day_month_day_year.captures_iter(text) {
        let y = num(&c["y"]);
        if let (Some(a), Some(b)) = (
            ymd(y, month(&c["m1"]), day(&c["d1"])),
            ymd(y, month(&c["m2"]), day(&c["d2"])),
        ) {
            add(span_mention(c.get(0).unwrap().range(), a, b), &mut found);
        }
    }
    for c in p.day_month_day_month_year.captures_iter(text) {
        let y = num(&c["y"]);
        if let (Some(a), Some(b)) = (
            ymd(y, month(&c["m1"]), day(&c["d1"])),
            ymd(y, month(&c["m2"]), day(&c["d2"])),
        ) {
            add(span_mention(c.get(0).unwrap().range(), a, b), &mut found);
        }
    }
    for re in [&p.day_month_year, &p.month_day_year] {
        for c in re.captures_iter(text) {
            let y = num(&c["y"]);
            let m = month(&c["m"]);
            let Some(a) = ymd(y, m, day(&c["d1"])) else {
                continue;
            };
            let b = c.name("d2").and_then(|d2| ymd(y, m, day(d2.as_str())));
            let r = c.get(0).unwrap().range();
            match b {
                Some(b) if b > a => add(span_mention(r, a, b), &mut found),
                _ => add(
                    DateMention {
                        span: r,
                        start: a,
                        end: None,
                        basis: DateBasis::Absolute,
                    },
                    &mut found,
                ),
            }
        }
    }
    for c in p.iso.captures_iter(text) {
        if let Some(d) = ymd(num(&c[1]), num(&c[2]), num(&c[3])) {
            add(
                DateMention {
                    span: c.get(0).unwrap().range(),
                    start: d,
                    end: None,
                    basis: DateBasis::Absolute,
                },
                &mut found,
            );
        }
    }

    let Some(anchor) = document_date else {
        found.sort_by_key(|m| m.span.start);
        return found;
    };
    for re in [&p.month_day, &p.day_month] {
        for c in re.captures_iter(text) {
            let r = c.get(0).unwrap().range();
            if let Some(d) = nearest_year(anchor, month(&c["m"]), day(&c["d1"])) {
                // "28-29 July": the same month and year
                let end = c
                    .name("d2")
                    .and_then(|d2| NaiveDate::from_ymd_opt(d.year(), d.month(), day(d2.as_str())))
                    .filter(|e| *e > d);
                add(
                    DateMention {
                        span: r,
                        start: d,
                        end,
                        basis: DateBasis::YearFromDocument,
                    },
                    &mut found,
                );
            }
        }
    }
    let mut quotations = SpanSet::default();
    for q in quoted {
        quotations.insert(q.clone());
    }
    let in_quotes = |r: &Range<usize>| quotations.covers(r);
    for c in p.relative.captures_iter(text) {
        let r = c.get(0).unwrap().range();
        if in_quotes(&r) {
            continue;
        }
        let d = match c[1].to_ascii_lowercase().as_str() {
            "yesterday" => anchor.checked_sub_days(Days::new(1)),
            "tomorrow" => anchor.checked_add_days(Days::new(1)),
            _ => Some(anchor),
        };
        if let Some(d) = d {
            add(relative(r, d), &mut found);
        }
    }
    for c in p.weekday.captures_iter(text) {
        let r = c.get(0).unwrap().range();
        if in_quotes(&r) {
            continue;
        }
        let Ok(w) = c["w"].parse::<Weekday>() else {
            continue;
        };
        // "on Tuesday" in a report means the Tuesday just past (or today).
        let back = (anchor.weekday().num_days_from_monday() + 7 - w.num_days_from_monday()) % 7;
        let back = if c["q"].eq_ignore_ascii_case("last") && back == 0 {
            7
        } else {
            back
        };
        if let Some(d) = anchor.checked_sub_days(Days::new(back.into())) {
            add(relative(r, d), &mut found);
        }
    }
    found.sort_by_key(|m| m.span.start);
    found
}

/// The dateline a document opens with: a place and/or a date ahead of the
/// first sentence ("New Delhi, September 11:", " date 2022-09-20 New Delhi :",
/// "Today : Oct 02, 2025").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Byte range of the dateline in the text, separator included.
    pub span: Range<usize>,
    /// The date, when it is written with its year.
    pub date: Option<NaiveDate>,
}

/// Finds the dateline on a document's first line, or on the line after a
/// headline ("Headline\n\nASTANA, Oct 9 (Capital Newsline) – ..."). Its
/// date is the document's own date when written with a year; a month and
/// day alone ("September 11") give none.
pub fn dateline(text: &str) -> Option<Dateline> {
    let mut offset = 0;
    for line in text.split_inclusive('\n').take(4) {
        if !line.trim().is_empty() {
            if let Some(found) = dateline_at_start(&text[offset..]) {
                return Some(Dateline {
                    span: offset + found.span.start..offset + found.span.end,
                    date: found.date,
                });
            }
            if offset > 0 {
                return None; // the second line with text is the last one tried
            }
        }
        offset += line.len();
    }
    None
}

/// A dateline at the very start of a text.
fn dateline_at_start(text: &str) -> Option<Dateline> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(
            r"^\s*(?:(?i:date|dated|published|posted|updated|today|issued)\s*[:\-]?\s*|\p{Lu}[\p{L} .'\[\]-]{1,40}?(?:,|\]\.)\s*)?",
        )
        .expect("dateline pattern")
    });
    static END: LazyLock<Regex> = LazyLock::new(|| {
        // a place, or a news agency in brackets, may follow the date
        crate::text::pattern(
            r"^(?:\s+\p{Lu}[\p{L} .'-]{1,40}?)?\s*(?:\(\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+){0,3}\)\s*)?(?:[:|—–]|\s-\s|\n|$)",
        )
        .expect("dateline end")
    });
    let line_end = text.find('\n').unwrap_or(text.len());
    let first_line = &text[..line_end];
    let lead = LEAD.find(first_line).map_or(0, |m| m.end());
    let rest = &first_line[lead..];
    let p = &*PATTERNS;
    let absolute = find_dates(rest, None, &[]).into_iter().next();
    let (date, date_end) = match absolute {
        Some(m) if m.span.start == 0 => (Some(m.start), m.span.end),
        _ => {
            // a month and day without a year still make a dateline
            let m = p.month_day.find(rest).or_else(|| p.day_month.find(rest))?;
            if m.start() != 0 {
                return None;
            }
            (None, m.end())
        }
    };
    let tail = END.find(&rest[date_end..])?;
    Some(Dateline {
        span: 0..lead + date_end + tail.end(),
        date,
    })
}

/// The sentences of a statement, its dateline standing alone: the place of
/// a dateline is where the statement was issued, not where anything
/// happened, so it must not share a sentence with the first fact.
pub fn statement_sentences(text: &str, dateline: Option<&Dateline>) -> Vec<Range<usize>> {
    let mut sentences = crate::text::sentences(text);
    if let Some(line) = dateline
        && let Some(i) = sentences
            .iter()
            .position(|s| s.start < line.span.end && line.span.end < s.end)
    {
        let head = sentences[i].start..line.span.end;
        sentences[i].start = line.span.end;
        sentences.insert(i, head);
    }
    sentences
}

fn relative(span: Range<usize>, day: NaiveDate) -> DateMention {
    DateMention {
        span,
        start: day,
        end: None,
        basis: DateBasis::Relative,
    }
}

fn span_mention(span: Range<usize>, a: NaiveDate, b: NaiveDate) -> DateMention {
    DateMention {
        span,
        start: a,
        end: (b > a).then_some(b),
        basis: DateBasis::Absolute,
    }
}

/// The day of this month and day nearest to the anchor, if it lies within
/// half a year of it: "April 22" in a statement of October 2025 is
/// 2025-04-22; "January 5" in one of December 2025 is 2026-01-05.
fn nearest_year(anchor: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let y = anchor.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .min_by_key(|c| (*c - anchor).num_days().abs())
        .filter(|c| (*c - anchor).num_days().abs() <= 183)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

fn day(s: &str) -> u32 {
    num(s.trim_end_matches(|c: char| c.is_ascii_alphabetic()))
}

/// The number of a month written as a name or abbreviation ("Sept." → 9).
pub fn month_number(s: &str) -> Option<u32> {
    const NAMES: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let key = s.trim_end_matches('.').to_ascii_lowercase();
    // the full name or its usual abbreviation ("Sept", "Oct"), not any
    // prefix: "Marc" is a name, not March
    NAMES
        .iter()
        .position(|n| {
            *n == key
                || (key.len() == 3 && n.starts_with(&key))
                || (key == "sept" && *n == "september")
        })
        .map(|i| i as u32 + 1)
}

fn month(s: &str) -> u32 {
    let key = s.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| key.starts_with(m))
        .map_or(0, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn starts(text: &str, anchor: Option<&str>) -> Vec<(String, Option<String>)> {
        find_dates(text, anchor.map(d), &crate::text::quoted_spans(text))
            .into_iter()
            .map(|m| (m.start.to_string(), m.end.map(|e| e.to_string())))
            .collect()
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(
            starts("was held virtually on 13 September 2022.", None),
            vec![("2022-09-13".into(), None)]
        );
        assert_eq!(
            starts("held in Delhi on July 16, 2019 — to review", None),
            vec![("2019-07-16".into(), None)]
        );
        assert_eq!(
            starts("(18-19 October 2022, Dushanbe)", None),
            vec![("2022-10-18".into(), Some("2022-10-19".into()))]
        );
        assert_eq!(
            starts("On September 30 and October 1, 2025, officials", None),
            vec![("2025-09-30".into(), Some("2025-10-01".into()))]
        );
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert!(starts("on 31 September 2022", None).is_empty());
    }

    #[test]
    fn no_year_without_a_document_date() {
        assert!(starts("New Delhi, September 11: India and", None).is_empty());
        assert!(starts("They met yesterday in Paris.", None).is_empty());
    }

    #[test]
    fn relative_dates_count_from_the_document_date() {
        assert_eq!(
            starts("in Paris yesterday.", Some("2021-11-17")),
            vec![("2021-11-16".into(), None)]
        );
        // 2021-11-17 was a Wednesday
        assert_eq!(
            starts("in Paris on Tuesday, both", Some("2021-11-17")),
            vec![("2021-11-16".into(), None)]
        );
        assert_eq!(
            starts("the April 22 terrorist attack", Some("2025-10-02")),
            vec![("2025-04-22".into(), None)]
        );
        assert_eq!(
            starts("held virtually on 28-29 July under", Some("2021-07-30")),
            vec![("2021-07-28".into(), Some("2021-07-29".into()))]
        );
    }

    #[test]
    fn quoted_today_is_not_the_documents_today() {
        assert!(
            starts(
                "posted: “the meeting was held today in Tashkent.”",
                Some("2025-10-02")
            )
            .is_empty()
        );
    }

    #[test]
    fn a_news_agency_dateline() {
        let text = "New Delhi [India]. July 30 (ANI): The sixth meeting";
        assert_eq!(
            &text[dateline(text).unwrap().span],
            "New Delhi [India]. July 30 (ANI):"
        );
    }

    #[test]
    fn a_dateline_after_a_headline() {
        let text = "India, Kazakhstan discuss terror threat at JWG meeting\n\nASTANA, Oct 9 (Capital Newsline) – India and Kazakhstan held the sixth meeting in Astana on Tuesday.";
        let line = dateline(text).unwrap();
        assert_eq!(
            &text[line.span.clone()],
            "ASTANA, Oct 9 (Capital Newsline) –"
        );
        let sentences = statement_sentences(text, Some(&line));
        assert!(sentences.contains(&line.span), "{sentences:?}");
        // the third line with text is never tried
        assert_eq!(
            dateline("Headline\n\nSubtitle\n\nASTANA, Oct 9 – India and Kazakhstan met."),
            None
        );
    }

    #[test]
    fn datelines() {
        let text = " date 2022-09-20 New Delhi : The 4th";
        let line = dateline(text).unwrap();
        assert_eq!(line.date, Some(d("2022-09-20")));
        assert_eq!(&text[line.span], " date 2022-09-20 New Delhi :");
        assert_eq!(
            dateline("Today : Oct 02, 2025\nWorld News").unwrap().date,
            Some(d("2025-10-02"))
        );
        assert_eq!(
            dateline("New Delhi, 20 September 2022: The").unwrap().date,
            Some(d("2022-09-20"))
        );
        let text = "New Delhi, September 11: Emphasizing";
        let line = dateline(text).unwrap();
        assert_eq!(
            (line.date, &text[line.span]),
            (None, "New Delhi, September 11:")
        );
        assert_eq!(
            dateline("India and France held talks on 13 September 2022."),
            None
        );
    }
}
