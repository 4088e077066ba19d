//! A page written again by a form (the CMS in `nyttig serve`'s editor) keeps the file's own
//! layout wherever its meaning did not change: the order of the fields, their comments, how
//! each value was written (flow lists, quotes, block text), and a body whose Markdown reads
//! the same. The CMS writes the fields from its data, in its own order and style, without
//! comments; this takes that text as the truth for every value and the old file as the truth
//! for everything else.
//!
//! It works field by field at the top level of the front matter: a field whose value is the
//! same keeps its old lines (with the comments above it), a changed one gets the form's lines
//! under its old comments, a new one comes after the field it follows in the form, a removed
//! one goes. The result is read back and must give exactly the form's values; when it does
//! not, or when either text is not plain enough to cut into fields (anchors, directives,
//! a field twice), the form's text is written as it came.

use serde_yaml::{Mapping, Value};

/// The text to write for a page whose file held `old`, when the form sends `new`. The old
/// body stays where `same_body(old, new)` says the two bodies read the same (the Markdown
/// reader knows; this module only cuts files).
pub fn keep_layout(old: &str, new: &str, same_body: fn(&str, &str) -> bool) -> String {
    merged(old, new, same_body).unwrap_or_else(|| new.to_owned())
}

/// The same for a whole YAML file (portal.yaml).
pub fn keep_yaml_layout(old: &str, new: &str) -> String {
    let page =
        |yaml: &str| format!("---\n{yaml}{}---\n", if yaml.ends_with('\n') || yaml.is_empty() { "" } else { "\n" });
    match merged(&page(old), &page(new), |_, _| true) {
        Some(kept) => kept["---\n".len()..kept.len() - "---\n".len()].to_owned(),
        None => new.to_owned(),
    }
}

/// A field of a page's front matter as text (`title`), if it has it.
pub fn front_text(page: &str, key: &str) -> Option<String> {
    let front: Mapping = serde_yaml::from_str(parts(page)?.yaml).ok()?;
    front.get(key)?.as_str().map(str::to_owned)
}

/// A Markdown file cut at its front matter: the text before the YAML (`---\n`), the YAML, and
/// the rest (the closing `---` line and the body).
struct Parts<'a> {
    head: &'a str,
    yaml: &'a str,
    close: &'a str,
    body: &'a str,
}

fn parts(text: &str) -> Option<Parts<'_>> {
    let first_end = text.find('\n')? + 1;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Some(Parts {
                head: &text[..first_end],
                yaml: &text[first_end..pos],
                close: &text[pos..end],
                body: &text[end..],
            });
        }
        pos = end;
    }
    None
}

/// One top-level field: its key and value as read, and its lines (comments above it first).
struct Field<'a> {
    key: Value,
    value: Value,
    /// The comment and blank lines above it.
    above: &'a str,
    /// The field's own lines.
    lines: &'a str,
}

/// Cuts a front matter into its top-level fields and the comments after the last one.
fn fields(yaml: &str) -> Option<(Vec<Field<'_>>, &str)> {
    // Byte ranges: (start of the comments above, start of the field, end).
    let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
    // Where the comment and blank lines not yet given to a field begin.
    let mut loose: Option<usize> = None;
    let mut pos = 0;
    while pos < yaml.len() {
        let end = yaml[pos..].find('\n').map_or(yaml.len(), |i| pos + i + 1);
        let line = &yaml[pos..end];
        let starts_field = line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-');
        let between = line.trim().is_empty() || line.starts_with('#');
        if starts_field {
            cuts.push((loose.take().unwrap_or(pos), pos, end));
        } else if between {
            loose.get_or_insert(pos);
        } else {
            // A line of the field above (indented, or a list item): so are the loose lines.
            let last = cuts.last_mut()?;
            last.2 = end;
            loose = None;
        }
        pos = end;
    }
    let tail = &yaml[loose.unwrap_or(yaml.len())..];
    let mut fields: Vec<Field> = Vec::with_capacity(cuts.len());
    for (above, start, end) in cuts {
        let lines = &yaml[start..end];
        let one: Mapping = serde_yaml::from_str(lines).ok()?;
        let mut entries = one.into_iter();
        let (key, value) = entries.next()?;
        if entries.next().is_some() || fields.iter().any(|f| f.key == key) {
            return None;
        }
        fields.push(Field { key, value, above: &yaml[above..start], lines });
    }
    Some((fields, tail))
}

fn merged(old: &str, new: &str, same_body: fn(&str, &str) -> bool) -> Option<String> {
    let (was, now) = (parts(old)?, parts(new)?);
    let (old_fields, tail) = fields(was.yaml)?;
    let (new_fields, _) = fields(now.yaml)?;
    // The old fields that stay, in their order, each as it is or with the form's lines.
    let mut out: Vec<(Value, String)> = Vec::with_capacity(new_fields.len());
    for f in &old_fields {
        if let Some(n) = new_fields.iter().find(|n| n.key == f.key) {
            let lines = if n.value == f.value { f.lines } else { n.lines };
            out.push((f.key.clone(), format!("{}{}", f.above, ended(lines))));
        }
    }
    // The new fields, each after the one it follows in the form.
    for (i, n) in new_fields.iter().enumerate() {
        if out.iter().any(|(k, _)| *k == n.key) {
            continue;
        }
        let after = new_fields[..i].iter().rev().find_map(|p| out.iter().position(|(k, _)| *k == p.key));
        let at = after.map_or(0, |a| a + 1);
        out.insert(at, (n.key.clone(), ended(n.lines).into_owned()));
    }
    let mut yaml: String = out.into_iter().map(|(_, text)| text).collect();
    yaml.push_str(tail);
    // It must read back as exactly what the form sent.
    let wanted: Mapping = serde_yaml::from_str(now.yaml).ok()?;
    let got: Mapping = serde_yaml::from_str(&yaml).ok()?;
    if got.len() != wanted.len() || wanted.iter().any(|(k, v)| got.get(k) != Some(v)) {
        return None;
    }
    let body = if same_body(was.body, now.body) { was.body } else { now.body };
    Some(format!("{}{yaml}{}{body}", now.head, now.close))
}

/// The lines of a field, ending with a line break (the last field of a file may have none).
fn ended(lines: &str) -> std::borrow::Cow<'_, str> {
    if lines.ends_with('\n') { lines.into() } else { format!("{lines}\n").into() }
}

#[cfg(test)]
mod tests {
    use super::keep_layout;
    use crate::content::markdown::same_meaning;

    const OLD: &str = "---\n# Projektets navn, som på forsiden\ntitle: \"Sensorer i hjemmet\"\nsummary: >\n  Sensorer giver\n  tryghed.\n\n# Fase og område\nphase: test\narea: Ældre\nteam: [anna, bo]\nx_intern: behold mig # ukendt felt\n# slut\n---\nBrødtekst med *fremhævning*.\n\n* punkt\n";

    #[test]
    fn a_changed_value_changes_only_its_own_lines() {
        // The form writes every field again, in its own order and style, without comments.
        let new = "---\ntitle: Sensorer i hjemmet\nphase: drift\nsummary: |\n  Sensorer giver tryghed.\narea: Ældre\nteam:\n  - anna\n  - bo\nx_intern: behold mig\n---\nBrødtekst med _fremhævning_.\n\n- punkt\n";
        let kept = keep_layout(OLD, new, same_meaning);
        assert_eq!(kept, OLD.replace("phase: test", "phase: drift"));
    }

    #[test]
    fn new_fields_follow_their_neighbour_and_removed_ones_go() {
        let new = "---\ntitle: Sensorer i hjemmet\nsummary: Sensorer giver tryghed.\nstarted: 2025-03-01\nphase: test\nteam:\n  - anna\nx_intern: behold mig\n---\nNy tekst.\n";
        let kept = keep_layout(OLD, new, same_meaning);
        assert_eq!(
            kept,
            "---\n# Projektets navn, som på forsiden\ntitle: \"Sensorer i hjemmet\"\nsummary: Sensorer giver tryghed.\nstarted: 2025-03-01\n\n# Fase og område\nphase: test\nteam:\n  - anna\nx_intern: behold mig # ukendt felt\n# slut\n---\nNy tekst.\n"
        );
    }

    #[test]
    fn what_cannot_be_cut_into_fields_is_written_as_the_form_sent_it() {
        let new = "---\ntitle: Ny\n---\nTekst\n";
        for old in [
            "---\nbase: &b {a: 1}\nother: *b\n---\n",
            "---\ntitle: A\ntitle: B\n---\n",
            "no front matter",
            "---\ntitle: [a,\nb]\n---\n",
            "",
        ] {
            assert_eq!(keep_layout(old, new, same_meaning), new, "{old:?}");
        }
        assert_eq!(keep_layout(OLD, "not a page", same_meaning), "not a page");
    }

    #[test]
    fn a_yaml_file_keeps_its_layout_too() {
        let old = "# Portalen\ntitle: Innovasjon i Nordvik\nbase_url: https://x.example/\nareas: [Helse, Skole] # i denne rekkefølgen\n";
        let new =
            "title: Innovasjon i Nordvik\nbase_url: https://x.example/\nareas:\n  - Helse\n  - Skole\n  - Klima\n";
        assert_eq!(
            super::keep_yaml_layout(old, new),
            "# Portalen\ntitle: Innovasjon i Nordvik\nbase_url: https://x.example/\nareas:\n  - Helse\n  - Skole\n  - Klima\n"
        );
        let same = "title: Innovasjon i Nordvik\nbase_url: https://x.example/\nareas: [Helse, Skole]\n";
        assert_eq!(super::keep_yaml_layout(old, same), old);
        assert_eq!(super::keep_yaml_layout("a: [", "a: 1\n"), "a: 1\n");
    }

    #[test]
    fn what_it_writes_reads_back_as_the_form_sent_it() {
        let new = "---\ntitle: Sensorer i hjemmet\nsummary: Sensorer giver tryghed.\n---\n";
        let kept = keep_layout(OLD, new, same_meaning);
        let yaml = |t: &str| -> serde_yaml::Mapping { serde_yaml::from_str(t.split("---\n").nth(1).unwrap()).unwrap() };
        assert_eq!(yaml(&kept), yaml(new));
        assert!(kept.contains("# Projektets navn") && kept.ends_with("---\n"));
    }
}
