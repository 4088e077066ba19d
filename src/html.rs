//! Reading the HTML the portal itself made (bodies after sanitising, generated pages): one
//! scanner that tells tags from text, and the one decoder of character references. It is not a
//! parser for any HTML of the world: it walks HTML that html5ever or a template wrote, in one
//! pass, and never looks for `href="…"` in text, where it is only words.

use std::collections::HashSet;

/// One piece of a page: the text between tags, or an attribute of a start tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written, character references not decoded.
    Text(&'a str),
    /// A start tag began (its name as written).
    Tag(&'a str),
    /// An attribute of the last tag: its name and its value as written (not decoded).
    Attr(&'a str, &'a str),
    /// An end tag, a comment or a doctype.
    Other,
}

/// The pieces of `html` in order. The content of `script` and `style` is neither text nor tags.
pub fn scan<'a>(html: &'a str, each: impl FnMut(Piece<'a>)) {
    scan_tags(html, each, |_| {});
}

/// A tag's attributes as written: (name, value).
pub type Attributes<'a> = Vec<(&'a str, &'a str)>;

/// The start tags named `name` (any case): where each is in `html` (from `<` to `>`) and its
/// attributes as written, in order.
pub fn start_tags<'a>(html: &'a str, name: &str) -> Vec<(std::ops::Range<usize>, Attributes<'a>)> {
    // Every start tag's name and attributes, and every start tag's place, both in order.
    let mut tags: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    let mut places = Vec::new();
    scan_tags(
        html,
        |p| match p {
            Piece::Tag(t) => tags.push((t, Vec::new())),
            Piece::Attr(n, v) => {
                if let Some(last) = tags.last_mut() {
                    last.1.push((n, v));
                }
            }
            _ => {}
        },
        |range| places.push(range),
    );
    places.into_iter().zip(tags).filter(|(_, (t, _))| t.eq_ignore_ascii_case(name)).map(|(r, (_, a))| (r, a)).collect()
}

/// [`scan`], and `tag_at` told where each start tag is (for `script` and `style`, with their
/// content).
fn scan_tags<'a>(html: &'a str, mut each: impl FnMut(Piece<'a>), mut tag_at: impl FnMut(std::ops::Range<usize>)) {
    let b = html.as_bytes();
    let mut i = 0;
    let mut text_from = 0;
    while let Some(lt) = html.get(i..).and_then(|rest| rest.find('<')) {
        i += lt;
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            i += 1;
            continue;
        }
        if text_from < i {
            each(Piece::Text(&html[text_from..i]));
        }
        if next.is_ascii_alphabetic() {
            let start = i;
            i = start_tag(html, i + 1, &mut each);
            tag_at(start..i);
        } else {
            i = if html[i..].starts_with("<!--") {
                html[i + 4..].find("-->").map_or(b.len(), |e| i + 4 + e + 3)
            } else {
                html[i..].find('>').map_or(b.len(), |e| i + e + 1)
            };
            each(Piece::Other);
        }
        text_from = i;
    }
    if text_from < b.len() {
        each(Piece::Text(&html[text_from..]));
    }
}

/// Reads a start tag whose name begins at `i`; returns where the text after it begins.
fn start_tag<'a>(html: &'a str, mut i: usize, each: &mut impl FnMut(Piece<'a>)) -> usize {
    let b = html.as_bytes();
    let name_end = |from: usize| {
        b[from..].iter().position(|c| c.is_ascii_whitespace() || b"/>=".contains(c)).map_or(b.len(), |n| from + n)
    };
    let tag_end = name_end(i);
    let tag = &html[i..tag_end];
    each(Piece::Tag(tag));
    i = tag_end;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return i;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        // An attribute name; a stray `=` counts as one character of a name, as in HTML.
        let start = i;
        i = name_end(i + 1);
        let name = &html[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i] as char;
                let end = html[i + 1..].find(quote).map_or(b.len(), |e| i + 1 + e);
                value = &html[i + 1..end];
                i = (end + 1).min(b.len());
            } else {
                let end = b[i..].iter().position(|c| c.is_ascii_whitespace() || *c == b'>').map_or(b.len(), |n| i + n);
                value = &html[i..end];
                i = end;
            }
        }
        each(Piece::Attr(name, value));
    }
    // The content of a raw-text element ends only at its end tag.
    if tag.eq_ignore_ascii_case("script") || tag.eq_ignore_ascii_case("style") {
        let mut at = i;
        while let Some(e) = html.get(at..).and_then(|rest| rest.find("</")) {
            at += e;
            let name = b.get(at + 2..at + 2 + tag.len());
            if name.is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes())) {
                return at;
            }
            at += 2;
        }
        return b.len();
    }
    i
}

/// The values of the attributes named `name` (as written, not decoded).
pub fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    scan(html, |p| {
        if let Piece::Attr(n, v) = p
            && n.eq_ignore_ascii_case(name)
        {
            out.push(v);
        }
    });
    out
}

/// The ids of a page's elements.
pub fn ids_in(html: &str) -> HashSet<&str> {
    attribute_values(html, "id").into_iter().collect()
}

/// The text of HTML with every tag as a space and character references decoded (for the
/// search index).
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    scan(html, |p| match p {
        Piece::Text(t) => decode_into(&mut out, t),
        Piece::Tag(_) | Piece::Other => out.push(' '),
        Piece::Attr(..) => {}
    });
    out
}

/// `text` with its character references decoded: the named ones the portal's HTML uses
/// (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`) and every numeric one that names a
/// character. Anything else stays as written.
pub fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    decode_into(&mut out, text);
    out.into()
}

fn decode_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let n = name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .map(|h| u32::from_str_radix(h, 16))
                        .or_else(|| name.strip_prefix('#').map(str::parse));
                    n.and_then(Result::ok).and_then(char::from_u32)
                }
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_tags_are_found_with_their_place_and_attributes() {
        let html = r#"<p>a <img src="x.jpg" alt='A > B'> &lt;img src="y.jpg"&gt; <IMG SRC=z.png><imgx src=q></p><script>"<img src=s>"</script>"#;
        let tags = start_tags(html, "img");
        let found: Vec<(&str, Vec<(&str, &str)>)> = tags.iter().map(|(r, a)| (&html[r.clone()], a.clone())).collect();
        assert_eq!(
            found,
            vec![
                (r#"<img src="x.jpg" alt='A > B'>"#, vec![("src", "x.jpg"), ("alt", "A > B")]),
                ("<IMG SRC=z.png>", vec![("SRC", "z.png")]),
            ]
        );
    }

    #[test]
    fn an_attribute_written_in_text_is_text() {
        let html = r#"<p>&lt;a href="jav	ascript:x"&gt; and href="y" id="z"</p><a class=c href='/ok/' id=real>k</a>"#;
        assert_eq!(attribute_values(html, "href"), vec!["/ok/"]);
        assert_eq!(ids_in(html), HashSet::from(["real"]));
    }

    #[test]
    fn comments_scripts_and_odd_tags_are_skipped() {
        let html = "<!-- <a href=\"/c/\"> --><script>let s = '<a href=\"/s/\">';</script><style>a{}</style>\
                    <p>1 < 2 <b>x</b></p><img src=\"/i.png\" alt=\"a > b\">";
        assert_eq!(attribute_values(html, "href"), Vec::<&str>::new());
        assert_eq!(attribute_values(html, "src"), vec!["/i.png"]);
        assert_eq!(text_of("<p>1 < 2 <b>x</b></p><img alt=\"a > b\">z"), " 1 < 2  x   z");
    }

    #[test]
    fn unclosed_tags_and_quotes_end_at_the_end() {
        for html in ["<a href=\"/x", "<a href=", "<a", "<", "<a b c", "<!--", "<script>x", "<a =x>"] {
            scan(html, |_| {});
        }
        assert_eq!(attribute_values("<a =x href=/y>", "href"), vec!["/y"]);
        assert_eq!(
            attribute_values("<a ø=1 href=/x>æ<b id=ß>ü</b><SCRIPT>'</b id=no>'</script ><i id=yes>", "id"),
            vec!["ß", "yes"]
        );
    }

    #[test]
    fn references_are_decoded_once() {
        assert_eq!(text_of("<p>Tom &amp; Jerry&#39;s <b>bil</b></p>"), " Tom & Jerry's  bil  ");
        assert_eq!(text_of("a &unknown; b & c &amp;lt;"), "a &unknown; b & c &lt;");
        assert_eq!(decode("&#x2F;a&#X3D;&#61;&#xD800;"), "/a==&#xD800;");
    }
}
