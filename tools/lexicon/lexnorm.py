"""Text normalisation shared by build_lexicons.py and check_lexicons.py.

It mirrors what the ctkg extractor applies to both the text and the lexicon
before Aho-Corasick matching:
  * accents stripped (NFKD, combining marks dropped),
  * apostrophes of all kinds deleted,
  * hyphens/dashes and runs of white space become one space.
Case is kept by `norm`; `key` case-folds it (the form used to detect
collisions between rows).
"""
import unicodedata

APOSTROPHES = "'\u2019\u2018`\u02bc\u02bb\u00b4"
QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'}
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def norm_with_map(text):
    """Return (normalised text, list mapping each output char to its input offset)."""
    out = []
    pos = []
    for i, ch in enumerate(text):
        if ch in APOSTROPHES:
            continue
        if ch in DASHES or ch.isspace():
            if out and out[-1] == " ":
                continue
            out.append(" ")
            pos.append(i)
            continue
        ch = QUOTES.get(ch, ch)
        if ord(ch) < 128:
            out.append(ch)
            pos.append(i)
            continue
        any_ = False
        for d in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(d):
                continue
            out.append(d)
            pos.append(i)
            any_ = True
        if not any_:
            out.append(" ")
            pos.append(i)
    return "".join(out), pos


def norm(text):
    s, _ = norm_with_map(text)
    return s.strip()


def key(text):
    return norm(text).casefold()


def case_rule(pattern):
    """'exact' or 'capitals', as the extractor decides it (src/lexicon.rs case_rule).

    exact: two or more capitals and a word with an inner capital ("LeT",
    "UN Security Council"), or one word with two or more capitals ("US", "U.S.").
    capitals: every word that starts with a capital in the pattern must start
    with a capital in the text; otherwise case-insensitive.
    """
    capitals = sum(1 for c in pattern if c.isupper())
    words = pattern.split(" ")
    inner = any(any(c.isupper() for c in w[1:]) for w in words)
    if (capitals >= 2 and inner) or (len(words) == 1 and capitals >= 2):
        return "exact"
    return "capitals"


def caps_positions(pattern):
    return {i for i, w in enumerate(pattern.split(" ")) if w[:1].isupper()}


def case_ok(alias_norm, text_norm):
    """Does the (already case-insensitively equal) text satisfy the alias's case rule?"""
    if case_rule(alias_norm) == "exact":
        return alias_norm == text_norm
    t_words = text_norm.split(" ")
    return all(t_words[i][:1].isupper() for i in caps_positions(alias_norm) if i < len(t_words))


def dominates(a_norm, b_norm):
    """True if every text matched by alias b is also matched by alias a (same key)."""
    if a_norm.casefold() != b_norm.casefold():
        return False
    if case_rule(a_norm) == "exact":
        return a_norm == b_norm
    if case_rule(b_norm) == "exact":
        return case_ok(a_norm, b_norm)
    return caps_positions(a_norm) <= caps_positions(b_norm)
