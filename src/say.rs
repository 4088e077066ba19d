//! What nyttig says to the people who write a portal, in their language.
//!
//! A message is made where the problem is found, as a key of the catalogue and the values it
//! names ([`say!`]), and put into words only when it is shown, in the language of whoever
//! reads it: the portal's `language`, or `--lang`, or `NYTTIG_LANG` (see [`chosen`]). So one
//! build's problems can be shown in Danish in the terminal and in English in a test.
//!
//! The catalogue is `src/messages/*.yaml`: one file per part of the tool, one entry per
//! message, its four languages side by side, with `{name}` where a value goes. A test holds
//! every entry to all four languages and the same names in each.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use crate::i18n::Lang;

/// A sentence for an editor, put into words when shown ([`Say::to`]). It can be stored (a
/// picture's problem is kept with the processed pictures) and said later in any language.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Say(Said);

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
enum Said {
    /// A catalogue entry and its values, by name (borrowed from the code, owned when read back).
    Key(Cow<'static, str>, Vec<(Cow<'static, str>, Arg)>),
    /// Words that are the same in every language: a system's own error text, a file name.
    Verbatim(String),
}

/// A value in a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Arg {
    Text(String),
    /// A message inside a message, said in the same language.
    Say(Box<Say>),
    /// Choices: "`a`, `b` or `c`", with the language's "or".
    OneOf(Vec<String>),
    /// A month's name (1 to 12): "February", "februar".
    Month(u8),
}

/// What can be a value in a message: anything that prints, or another message.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl<T: fmt::Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl IntoArg for Say {
    fn into_arg(self) -> Arg {
        Arg::Say(Box::new(self))
    }
}

/// Choices as a message's value, each in backticks: "`a`, `b` or `c`".
pub fn one_of<I: IntoIterator<Item = S>, S: fmt::Display>(items: I) -> Arg {
    Arg::OneOf(items.into_iter().map(|s| format!("`{s}`")).collect())
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

/// `say!("dates.no_month", key = key, month = 13)`: a catalogue entry with its values.
#[macro_export]
macro_rules! say {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::say::Say::new($key, vec![$((stringify!($name), $crate::say::IntoArg::into_arg($value))),*])
    };
}

impl Say {
    pub fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Say {
        Say(Said::Key(Cow::Borrowed(key), args.into_iter().map(|(name, arg)| (Cow::Borrowed(name), arg)).collect()))
    }

    /// A catalogue entry named at run time, with no values (the editor's field labels,
    /// `cms.field_<name>`): tests must show that each name made has its entry.
    pub fn named(key: String) -> Say {
        Say(Said::Key(Cow::Owned(key), Vec::new()))
    }

    /// Words that need no translation (a system's error text is in the system's language).
    pub fn verbatim(text: impl Into<String>) -> Say {
        Say(Said::Verbatim(text.into()))
    }

    /// A name from the content model (a field, a file), in backquotes: the same in every
    /// language.
    pub fn code(name: &str) -> Say {
        Say::verbatim(format!("`{name}`"))
    }

    /// The catalogue key, or `None` for words said verbatim.
    pub fn key(&self) -> Option<&str> {
        match &self.0 {
            Said::Key(key, _) => Some(key),
            Said::Verbatim(_) => None,
        }
    }

    /// The message in words of `lang`; English where the catalogue lacks the language, the key
    /// itself where it lacks the entry (a test keeps both from happening).
    pub fn to(&self, lang: Lang) -> String {
        match &self.0 {
            Said::Verbatim(text) => text.clone(),
            Said::Key(key, args) => {
                let template = catalogue().get(key.as_ref()).map_or(key.as_ref(), |words| words.of(lang));
                let values: Vec<(&str, String)> =
                    args.iter().map(|(name, arg)| (name.as_ref(), arg.to(lang))).collect();
                let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
                crate::text::fill(template, &values)
            }
        }
    }

    /// The message in English, for tests and logs.
    pub fn en(&self) -> String {
        self.to(Lang::En)
    }
}

/// Plain text as a message, in the library's own tests only: everything the tool says is a
/// catalogue entry or explicitly [`Say::verbatim`], and the compiler holds it to that.
#[cfg(test)]
impl From<String> for Say {
    fn from(text: String) -> Say {
        Say::verbatim(text)
    }
}

#[cfg(test)]
impl From<&str> for Say {
    fn from(text: &str) -> Say {
        Say::verbatim(text)
    }
}

impl Arg {
    fn to(&self, lang: Lang) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Say(say) => say.to(lang),
            Arg::Month(month) => lang.strings().month_name("months", *month).to_owned(),
            Arg::OneOf(items) => match items.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [most @ .., last] => format!("{} {} {last}", most.join(", "), say!("common.or").to(lang)),
            },
        }
    }
}

/// One entry of the catalogue: its words in each language.
#[derive(Debug, serde::Deserialize)]
pub struct Words {
    pub en: String,
    pub da: String,
    pub nb: String,
    pub nn: String,
}

impl Words {
    fn of(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Da => &self.da,
            Lang::Nb => &self.nb,
            Lang::Nn => &self.nn,
        }
    }
}

/// The catalogue's files, compiled into the binary.
pub const FILES: &[(&str, &str)] = &[
    ("common", include_str!("messages/common.yaml")),
    ("dates", include_str!("messages/dates.yaml")),
    ("files", include_str!("messages/files.yaml")),
    ("portal", include_str!("messages/portal.yaml")),
    ("fields", include_str!("messages/fields.yaml")),
    ("entities", include_str!("messages/entities.yaml")),
    ("content", include_str!("messages/content.yaml")),
    ("links", include_str!("messages/links.yaml")),
    ("pictures", include_str!("messages/pictures.yaml")),
    ("build", include_str!("messages/build.yaml")),
    ("cli", include_str!("messages/cli.yaml")),
    ("health", include_str!("messages/health.yaml")),
    ("external", include_str!("messages/external.yaml")),
    ("editor", include_str!("messages/editor.yaml")),
    ("cms", include_str!("messages/cms.yaml")),
];

/// Every entry of the catalogue by its key (`dates.no_month`: file, then entry).
pub fn catalogue() -> &'static HashMap<String, Words> {
    static CATALOGUE: OnceLock<HashMap<String, Words>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut all = HashMap::new();
        for (file, text) in FILES {
            // The files are part of the binary and read whole by a test: one that does not
            // read gives no entries here, and the test says why.
            let entries: HashMap<String, Words> = serde_yaml::from_str(text).unwrap_or_default();
            all.extend(entries.into_iter().map(|(key, words)| (format!("{file}.{key}"), words)));
        }
        all
    })
}

/// The language the tool speaks: `--lang`, else `NYTTIG_LANG`, else the portal's `language`
/// in `root/portal.yaml`, else English (there is no portal yet, or it says no language).
/// An unknown code in the flag or the variable is passed over.
pub fn chosen(flag: Option<&str>, root: &Path) -> Lang {
    let env = std::env::var("NYTTIG_LANG").ok();
    flag.and_then(Lang::parse)
        .or_else(|| env.as_deref().and_then(|code| Lang::parse(code.trim())))
        .or_else(|| portal_language(root))
        .unwrap_or(Lang::En)
}

/// The `language:` line of a portal.yaml, read without the rest, so that a portal.yaml with
/// errors in it is still told about them in its own language.
fn portal_language(root: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(root.join("portal.yaml")).ok()?;
    text.lines().find_map(|line| {
        let value = line.strip_prefix("language:")?;
        let value = value.split('#').next()?.trim().trim_matches(['"', '\'']);
        Lang::parse(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `{…}` of a message, in order of first use.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn every_message_is_in_all_four_languages_with_the_same_values() {
        let mut wrong = Vec::new();
        for (file, text) in FILES {
            let entries: HashMap<String, serde_yaml::Value> = match serde_yaml::from_str(text) {
                Ok(e) => e,
                Err(e) => panic!("src/messages/{file}.yaml does not read: {e}"),
            };
            for (key, value) in entries {
                let words: Words = match serde_yaml::from_value(value) {
                    Ok(w) => w,
                    Err(e) => {
                        wrong.push(format!("{file}.{key}: {e}"));
                        continue;
                    }
                };
                let en = placeholders(&words.en);
                for lang in Lang::ALL {
                    let text = words.of(lang);
                    if text.trim().is_empty() {
                        wrong.push(format!("{file}.{key}: no {} text", lang.code()));
                    }
                    if placeholders(text) != en {
                        wrong.push(format!(
                            "{file}.{key}: {} names {:?}, English {en:?}",
                            lang.code(),
                            placeholders(text)
                        ));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Every `say!("…")` in the source names an entry of the catalogue.
    #[test]
    fn every_message_the_code_says_is_in_the_catalogue() {
        let mut missing = Vec::new();
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for part in text.split("say!(\"").skip(1) {
                let key = part.split('"').next().unwrap_or("");
                if key != "…" && !catalogue().contains_key(key) {
                    missing.push(format!("{}: {key}", entry.path().display()));
                }
            }
        }
        assert!(missing.is_empty(), "not in src/messages/: {missing:#?}");
    }

    #[test]
    fn a_message_is_said_in_each_language_with_its_values() {
        let said = say!("dates.no_month", key = "started", raw = "2025-13-01", month = 13);
        assert!(said.to(Lang::En).contains("there is no month 13"), "{}", said.en());
        assert!(said.to(Lang::Da).contains("der er ingen måned 13"), "{}", said.to(Lang::Da));
        assert!(said.to(Lang::Nb).contains("det finnes ingen måned 13"), "{}", said.to(Lang::Nb));
        assert!(said.to(Lang::Nn).contains("det finst ingen månad 13"), "{}", said.to(Lang::Nn));
        let choice = Arg::OneOf(vec!["`a`".into(), "`b`".into(), "`c`".into()]);
        assert_eq!(choice.to(Lang::Da), "`a`, `b` eller `c`");
        assert_eq!(choice.to(Lang::Nn), "`a`, `b` eller `c`");
        assert_eq!(choice.to(Lang::En), "`a`, `b` or `c`");
    }

    #[test]
    fn the_language_comes_from_the_flag_the_variable_or_the_portal() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(portal_language(dir.path()), None);
        std::fs::write(dir.path().join("portal.yaml"), "title: X\nlanguage: \"nn\" # nynorsk\nbase_url: [\n").unwrap();
        assert_eq!(portal_language(dir.path()), Some(Lang::Nn));
        assert_eq!(chosen(Some("da"), dir.path()), Lang::Da);
    }
}
