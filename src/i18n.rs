//! Interface languages and their text. The text lives in the theme (`themes/default/i18n/`),
//! compiled into the binary; the generator reads the few words it needs from the same files,
//! so every word of the interface has one place.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde_json::Value;

use crate::date::{Date, Month};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Da,
    Nb,
    Nn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Da, Lang::Nb, Lang::Nn, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Da => include_str!("../themes/default/i18n/da.yaml"),
            Lang::Nb => include_str!("../themes/default/i18n/nb.yaml"),
            Lang::Nn => include_str!("../themes/default/i18n/nn.yaml"),
            Lang::En => include_str!("../themes/default/i18n/en.yaml"),
        }
    }

    /// The interface text of this language, parsed once per process.
    pub fn strings(self) -> &'static Strings {
        static CELLS: [OnceLock<Strings>; 4] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let index = Lang::ALL.iter().position(|l| *l == self).unwrap_or(0);
        CELLS[index].get_or_init(|| {
            // The files are part of the binary and covered by a test; an unreadable one is empty.
            Strings { tree: serde_yaml::from_str(self.source()).unwrap_or(Value::Null), lang: self }
        })
    }
}

#[derive(Debug)]
pub struct Strings {
    tree: Value,
    lang: Lang,
}

impl Strings {
    /// The whole tree, for templates (`t.phase.test`).
    pub fn tree(&self) -> &Value {
        &self.tree
    }

    /// Text at a dotted path like `kind.everyday`; the path itself when it is missing, so that a
    /// missing word shows up in review instead of breaking the build.
    pub fn get(&self, path: &str) -> Cow<'_, str> {
        self.lookup(path).map_or_else(|| Cow::Owned(path.to_owned()), Cow::Borrowed)
    }

    pub fn lookup(&self, path: &str) -> Option<&str> {
        path.split('.').try_fold(&self.tree, |node, key| node.get(key))?.as_str()
    }

    pub(crate) fn month_name(&self, key: &str, month: u8) -> &str {
        self.tree.get(key).and_then(|m| m.get(usize::from(month).checked_sub(1)?)).and_then(Value::as_str).unwrap_or("")
    }

    /// "1. marts 2025", "1 March 2025".
    pub fn date(&self, d: Date) -> String {
        let (day, year) = (d.day.to_string(), d.year.to_string());
        crate::text::fill(
            &self.get("date_format"),
            &[("day", &day), ("month", self.month_name("months", d.month)), ("year", &year)],
        )
    }

    /// "mar. 2025".
    pub fn month(&self, m: Month) -> String {
        format!("{} {}", self.month_name("months_short", m.month), m.year)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// "2.000" (da), "2 000" (nb, nn), "2,000" (en); decimals with the language's comma.
pub fn format_number(lang: Lang, n: f64) -> String {
    let (thousands, decimal) = match lang {
        Lang::Da => ('.', ','),
        Lang::Nb | Lang::Nn => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let negative = n < 0.0;
    let rounded = (n.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(c);
    }
    if frac > 0 {
        out.push(decimal);
        let f = format!("{frac:02}");
        out.push_str(f.trim_end_matches('0'));
    }
    if negative { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_language_writes_them() {
        assert_eq!(format_number(Lang::Da, 2000.0), "2.000");
        assert_eq!(format_number(Lang::Da, 1234567.5), "1.234.567,5");
        assert_eq!(format_number(Lang::Nb, 2000.0), "2\u{a0}000");
        assert_eq!(format_number(Lang::En, 86.25), "86.25");
        assert_eq!(format_number(Lang::En, -12.0), "-12");
    }

    #[test]
    fn every_language_has_the_words_the_generator_needs() {
        let needed = [
            "phase.ide",
            "phase.nytt",
            "phase.nyttig",
            "phase.nyttiggjort",
            "phase.udforsk",
            "phase.nytaenk",
            "phase.test",
            "phase.implementer",
            "phase.foelg-op",
            "phase.behov",
            "phase.loesning",
            "phase.paused",
            "phase.stopped",
            "kind.everyday",
            "kind.radical",
            "origin.staff",
            "origin.citizen",
            "origin.politician",
            "origin.business",
            "origin.other",
            "status.planned",
            "status.ongoing",
            "status.done",
            "fundamental.behov",
            "fundamental.loesning",
            "fundamental.paadriver",
            "fundamental.team",
            "fundamental.forankring",
            "date_format",
            "nav.home",
            "nav.strategy",
            "nav.projects",
            "nav.innovators",
            "nav.results",
            "nav.news",
            "nav.methods",
            "nav.ideas",
            "nav.accessibility",
            "nav.page",
            "facet.phase",
            "facet.area",
            "facet.kind",
            "facet.tag",
            "facet.year",
            "strategy.of",
            "project.prize",
            "ideas.mail_subject",
            "innovators.no_area",
            "notfound.title",
            "feed.subtitle",
            "feed.started",
            "feed.moved",
            "feed.back",
            "feed.resumed",
            "feed.paused",
            "feed.stopped",
            "facet_all.phase",
            "facet_all.area",
            "facet_all.kind",
            "facet_all.tag",
            "facet_all.year",
        ];
        for lang in Lang::ALL {
            let s = lang.strings();
            for key in needed {
                assert!(s.lookup(key).is_some(), "{} lacks `{key}`", lang.code());
            }
            assert_eq!(s.tree()["months"].as_array().map(Vec::len), Some(12), "{}", lang.code());
            assert_eq!(s.tree()["months_short"].as_array().map(Vec::len), Some(12), "{}", lang.code());
        }
    }

    #[test]
    fn every_language_has_the_same_interface_words() {
        fn keys(v: &Value, prefix: &str, out: &mut Vec<String>) {
            if let Value::Object(map) = v {
                for (k, child) in map {
                    keys(child, &format!("{prefix}{k}."), out);
                }
            } else {
                out.push(prefix.trim_end_matches('.').to_owned());
            }
        }
        let mut danish = Vec::new();
        keys(Lang::Da.strings().tree(), "", &mut danish);
        assert!(danish.len() > 100, "{}", danish.len());
        for lang in [Lang::Nb, Lang::Nn, Lang::En] {
            let mut other = Vec::new();
            keys(lang.strings().tree(), "", &mut other);
            let missing: Vec<&String> = danish.iter().filter(|k| !other.contains(k)).collect();
            let extra: Vec<&String> = other.iter().filter(|k| !danish.contains(k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{}: missing {missing:?}, extra {extra:?}", lang.code());
        }
    }

    #[test]
    fn dates_read_as_the_language_writes_them() {
        let d = Date::parse("2025-03-01").unwrap();
        assert_eq!(Lang::Da.strings().date(d), "1. marts 2025");
        assert_eq!(Lang::Nb.strings().date(d), "1. mars 2025");
        assert_eq!(Lang::En.strings().date(d), "1 March 2025");
        assert_eq!(Lang::Da.strings().month(d.month()), "mar. 2025");
    }
}
