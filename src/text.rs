//! Small text helpers shared by every stage: slugs, nearest-name suggestions, HTML escaping.

/// A URL- and file-safe slug: Danish and Norwegian letters spelt out as editors expect
/// (æ→ae, ø→oe, å→aa), other letters stripped of accents, every other run of characters
/// turned into one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let spelt: &str = match c {
            'æ' | 'ä' => "ae",
            'ø' | 'ö' => "oe",
            'å' => "aa",
            'ü' => "ue",
            'ß' => "ss",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'á' | 'à' | 'â' => "a",
            'ó' | 'ò' | 'ô' => "o",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ú' | 'ù' | 'û' => "u",
            'ñ' => "n",
            'ç' => "c",
            _ => "",
        };
        if !spelt.is_empty() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str(spelt);
        } else if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo:
/// within a third of the longer name, and 2 for short names. Ties go to the first in
/// alphabetical order, so that the hint never depends on the order the candidates come in.
///
/// Hints are asked for with every known name as candidates (every anchor of a portal, say), so
/// a candidate is measured only as far as it can still win: one whose length alone is too far
/// off is skipped, and a distance stops being counted once it passes what it may be.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let mut best: Option<(usize, &'a str)> = None;
    let (mut lower, mut row) = (Vec::new(), Vec::new());
    for c in candidates {
        let allowed = (c.chars().count().max(word.len()) / 3).max(2);
        // Further than the best so far cannot win; as far, only by its name.
        let bound = best.map_or(allowed, |(d, _)| allowed.min(d));
        lower.clear();
        if c.is_ascii() {
            lower.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
        } else {
            // Lower-cased as a whole, as `word`: a final sigma depends on its neighbours, and
            // some letters become two characters (`İ`), so lengths are compared after it.
            lower.extend(c.to_lowercase().chars());
        }
        if lower.len().abs_diff(word.len()) > bound {
            continue;
        }
        if let Some(d) = edit_distance_within(&word, &lower, bound, &mut row)
            && best.is_none_or(|b| (d, c) < b)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance of `a` and `b` if it is at most `bound`. `row` is scratch space.
fn edit_distance_within(a: &[char], b: &[char], bound: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut least = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
            least = least.min(next);
        }
        // No row has a smaller least value than the one above it.
        if least > bound {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= bound)
}

/// "a, b or c" in the words of the error messages.
pub fn list_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|i| format!("`{i}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}

/// Whether a character is a control character that has no place in a page: C0 controls other
/// than tab, line feed, form feed and carriage return, DEL, and the C1 controls.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r')
}

/// The text without stray control characters (NUL, ESC, DEL …), borrowed when it has none.
pub fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_stray_control) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !is_stray_control(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A sentence with its `{name}` placeholders filled in, in one pass: a value that holds braces
/// itself (an area called `{n}`) is written as it is, and a placeholder without a value stays.
/// The one way to fill a sentence: the views, the feed and the dates use it, and templates as
/// the `fill` filter (`{{ t.ui.plan_span | fill(start=a, end=b) }}`).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name = after.find('}').map(|close| &after[..close]);
        match name.and_then(|n| values.iter().find(|(k, _)| *k == n).map(|(_, v)| (n, v))) {
            Some((n, value)) => {
                out.push_str(value);
                rest = &after[n.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%xx` escapes in a URL path; bytes that are not valid UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Text as one component of a URL (a `mailto:` subject): everything but letters, digits and
/// `-_.~` escaped as `%xx` of its UTF-8 bytes.
pub fn percent_encode(s: &str) -> String {
    const COMPONENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`: the same value, but
/// no file or script block that holds it can be read as markup.
pub fn safe_json(value: &impl serde::Serialize, pretty: bool) -> String {
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
    text.unwrap_or_default().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Text for XML element content and attribute values: `&`, `<`, `>` and both quotes escaped,
/// and the characters XML 1.0 forbids (C0 controls other than tab and line breaks, U+FFFE,
/// U+FFFF) left out, as not even a character reference may carry them.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let f = |t: &str| fill(t, &[("a", "{b}"), ("b", "B"), ("n", "3")]);
        assert_eq!(f("{a} og {b}: {n} av {n}"), "{b} og B: 3 av 3");
        assert_eq!(f("{ukjent} {a"), "{ukjent} {a");
        assert_eq!(f("{{n}}"), "{3}");
        assert_eq!(f("ingen"), "ingen");
    }

    #[test]
    fn percent_escapes_both_ways() {
        assert_eq!(percent_encode("Idé: æ/ø & å ~-_."), "Id%C3%A9%3A%20%C3%A6%2F%C3%B8%20%26%20%C3%A5%20~-_.");
        assert_eq!(percent_decode("/tiltak/%C3%A6ble/%zz%4"), "/tiltak/æble/%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn slugs_spell_out_nordic_letters() {
        assert_eq!(slugify("Længere tid i eget hjem"), "laengere-tid-i-eget-hjem");
        assert_eq!(slugify("Følg op"), "foelg-op");
        assert_eq!(slugify("Årets pris: 2025!"), "aarets-pris-2025");
        assert_eq!(slugify("  --Café  Ökonomi-- "), "cafe-oekonomi");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let keys = ["title", "phase", "summary", "partners"];
        assert_eq!(nearest("phsae", keys), Some("phase"));
        assert_eq!(nearest("Titel", keys), Some("title"));
        assert_eq!(nearest("partner", keys), Some("partners"));
        assert_eq!(nearest("colour", keys), None);
        // Two as near: the same answer whatever order they come in.
        assert_eq!(nearest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(nearest("ab", ["aa", "ac"]), Some("aa"));
    }

    /// `nearest` as it was first written: every candidate measured in full.
    fn nearest_by_measuring_all<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        fn distance(a: &str, b: &str) -> usize {
            let b: Vec<char> = b.chars().collect();
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.chars().enumerate() {
                let mut prev = row[0];
                row[0] = i + 1;
                for (j, cb) in b.iter().enumerate() {
                    let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + usize::from(ca != *cb));
                    prev = row[j + 1];
                    row[j + 1] = next;
                }
            }
            row[b.len()]
        }
        let word = word.to_lowercase();
        candidates
            .iter()
            .map(|c| (distance(&word, &c.to_lowercase()), *c))
            .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(2))
            .min_by_key(|&(d, c)| (d, c))
            .map(|(_, c)| c)
    }

    #[test]
    fn nearest_skips_only_candidates_that_cannot_win() {
        // At the edge of what is allowed: a third of the longer name.
        assert_eq!(nearest("abcdef", ["abcdefghi"]), Some("abcdefghi"));
        assert_eq!(nearest("abcdef", ["abcdefghij"]), None);
        assert_eq!(nearest("abcdefghi", ["abcdefghixyz"]), Some("abcdefghixyz"));
        // `İ` lower-cases to two characters: lengths are compared after lower-casing.
        assert_eq!(nearest("i\u{307}i\u{307}i\u{307}", ["iii", "İİİ"]), Some("İİİ"));
        // A final sigma lower-cases to `ς` (U+03C2), not `σ`: the candidate as a whole, as the word.
        assert_eq!(nearest("\u{3bf}\u{3b4}\u{3bf}\u{3c2}", ["A\u{3bf}\u{3b4}\u{3bf}\u{3c2}", "ΟΔΟΣ"]), Some("ΟΔΟΣ"));
        // A nearer candidate after a farther one, and a tie after the nearest, in both orders.
        assert_eq!(nearest("phase", ["phsae", "phase"]), Some("phase"));
        assert_eq!(nearest("abcd", ["abxy", "abcx", "abcy", "abzz"]), Some("abcx"));
        assert_eq!(nearest("abcd", ["abzz", "abcy", "abcx", "abxy"]), Some("abcx"));

        // And the same answers as measuring every candidate in full, over many small names.
        let letters = ['a', 'b', 'c', 'A', 'İ', 'ø', 'Σ', '-'];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut name =
            |longest: usize| -> String { (0..next(longest + 1)).map(|_| letters[next(letters.len())]).collect() };
        let names: Vec<String> = (0..400).map(|_| name(9)).collect();
        for k in 0..2000 {
            let word = name(9);
            let from = k % 360;
            let candidates: Vec<&str> = names[from..from + 1 + k % 40].iter().map(String::as_str).collect();
            let expected = nearest_by_measuring_all(&word, &candidates);
            assert_eq!(nearest(&word, candidates.iter().copied()), expected, "{word:?} among {candidates:?}");
            assert_eq!(nearest(&word, candidates.iter().rev().copied()), expected, "{word:?}, reversed");
        }
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(list_or(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(list_or(&["a"]), "`a`");
    }

    #[test]
    fn xml_escape_leaves_no_markup_and_no_forbidden_characters() {
        assert_eq!(
            xml_escape(r#"A & B <script>"x"</script> 'y'"#),
            "A &amp; B &lt;script&gt;&quot;x&quot;&lt;/script&gt; &apos;y&apos;"
        );
        assert_eq!(xml_escape("a\u{1}b\tc\u{ffff}"), "ab\tc");
        assert_eq!(xml_escape("Æble – ok"), "Æble – ok");
    }
}
