//! A mutation fuzzer for whole portals, on the stable toolchain and without dependencies of its
//! own: it copies a base portal (the demo in the repository's root, or a fixture portal under
//! `tests/fixtures/`) to a temporary folder once, and for every iteration applies one to four
//! mutations chosen by a seeded PRNG (bytes, lines, YAML front matter, Markdown, portal.yaml,
//! the files themselves), builds it in-process in a thread with a deadline, judges the result
//! with the oracles below, and restores the copy.
//!
//! Oracles (a finding of any is a failure, saved under `target/fuzz/failures/<seed>-<iter>/`):
//! - `panic`: the build panicked (the panic hook records where);
//! - `hang`: the build did not finish within the deadline;
//! - `diagnostic`: a failed build without an error that names a file, a diagnostic placed
//!   beyond the end of its file, or warnings left in a `strict` build;
//! - `script`: a `<script` in an HTML page that is not one of the theme's own script tags
//!   (as the unmutated base emits them);
//! - `event-handler`: an `on…=` attribute in an HTML page that the base does not have;
//! - `js-url`: a `javascript:`, `vbscript:` or `data:text/html` URL in an `href`, `src`,
//!   `action` (or similar) attribute;
//! - `style-attr`, `element`: a `style` attribute, or an `iframe`, `object`, `embed`, `base`,
//!   `meta`, `link`, `style`, `form`… element inside `<main>` that the base does not have;
//! - `template-injection`: `{{ 1337*1337 }}` written in the content came out as `1787569`;
//! - `escape`: the output holds a file from outside the portal (a canary beside it);
//! - `xml`, `json`: a `.xml` or `.json` output that does not parse;
//! - `output-path`: an output path that is absolute, has `..`, `.` or empty segments, or
//!   control characters;
//! - `dead-link` (with `drafts`/`strict` options, as `nyttig check` does): a link in the
//!   generated pages that leads nowhere although the content does not contain it.
//!
//! An iteration depends only on (seed, iteration, list of bases, skipped kinds), so any one can
//! be replayed alone. Used by `examples/fuzz.rs` (the long run) and `tests/suite/robustness.rs`
//! (a short one in CI).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, mpsc};
use std::time::{Duration, Instant};

use nyttig::build::{Options, build};
use nyttig::diagnostics::{Diagnostic, Diagnostics};
use nyttig::output::Output;

// ---------------------------------------------------------------------------------------------
// The PRNG: xorshift64*, seeded through splitmix64.

pub fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(splitmix(seed) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    /// lo..=hi.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn pick_str<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// 1..=max, spread evenly over the orders of magnitude: small sizes often, huge ones
    /// sometimes.
    pub fn size(&mut self, max: usize) -> usize {
        let bits = (usize::BITS - max.max(1).leading_zeros()) as usize;
        let hi = (1usize << self.below(bits + 1)).min(max.max(1));
        self.range(hi / 2, hi).max(1)
    }
}

// ---------------------------------------------------------------------------------------------
// Dictionaries.

/// Hostile tokens, inserted anywhere.
pub const TOKENS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<details open ontoggle=alert(1)>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<style>*{display:none}</style>",
    "<td style=\"background:url(javascript:alert(1))\">x</td>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version=\"1.0\"?>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "{{ 1337*1337 }}",
    "{% raw %}",
    "{% endraw %}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ __tera_context }}",
    "${7*7}",
    "\0",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\r",
    "\r\n",
    "\u{c}",
    "\u{8}",
    "\u{fffe}",
    "\u{ffff}",
    "\u{10ffff}",
    "æøå ÆØÅ",
    "ﬁ",
    "İ",
    "ß",
    "e\u{301}",
    "👩‍👩‍👧‍👦",
    "𝕏",
    "---",
    "...",
    "+++",
    "- ",
    "* ",
    "> ",
    "# ",
    "| a | b |\n|---|---|",
    "```",
    "~~~",
    "    ",
    "\t",
    "[x](projects/findes-ikke.md)",
    "[x](#findes-ikke)",
    "[x](../../../secret.svg)",
    "![x](../../../../secret.svg)",
    "[x](/absolut/sti)",
    "[x](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "[^1]",
    "[^1]: fodnote",
    "[ref]",
    "[ref]: javascript:alert(1)",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "&amp;",
    "&lt;script&gt;",
    "&unknown;",
    "%00",
    "%2e%2e/",
    "../",
    "..\\",
    "/etc/passwd",
    "file:///etc/passwd",
    "\\\\server\\share",
    "&a",
    "*a",
    "<<: *a",
    "!!binary aGk=",
    "!custom",
    "? ",
    ": ",
    "|",
    ">-",
    "%YAML 1.1",
    "~",
    "null",
    "true",
    "no",
    "NaN",
    ".inf",
    "-0",
    "1e400",
    "0x1F",
    "99999999999999999999",
    "2025-02-30",
    "0000-01-01",
    "9999-12-31",
    "paused",
    "stopped",
    "læs mere",
    "her",
    "klikk her",
];

/// Raw HTML blocks for Markdown bodies.
const RAW_HTML: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" alt=\"x\" onload=\"alert(1)\">",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text y=\"10\">x</text></a></svg>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\" &#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"java&#9;script:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"x.swf\"></object>",
    "<embed src=\"x.swf\">",
    "<form action=\"https://evil.example/\"><input name=q></form>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<style>body{display:none}</style>",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</div>",
    "<table><tr><td style=\"color:red\">x</td></tr></table>",
    "<table><tr><th style=\"background:url(javascript:alert(1))\">x</th></tr></table>",
    "<p onclick=\"alert(1)\">x</p>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<textarea></textarea><script>alert(1)</script>",
    "<title><script>alert(1)</script></title>",
    "<!-- <script>alert(1)</script> -->",
    "<!--",
    "<div",
    "<a href='x' <script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<video poster=\"javascript:alert(1)\"></video>",
    "<input type=image src=\"javascript:alert(1)\">",
    "<div id=\"main\">x</div>",
    "<a href=\"#main\" id=\"site-nav\">x</a>",
    "<h1>x</h1>",
    "<img src=\"../../../secret.svg\" alt=\"x\">",
];

/// Markdown links and images.
const MD_LINKS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript&colon;alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](\u{1}javascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](x.png \"title\" onerror=alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](#\"onmouseover=\"alert(1))",
    "[x](projects/\"onmouseover=\"alert(1).md)",
    "[x](https://ok.example/\"onmouseover=\"alert(1))",
    "[x](mailto:a@b\"onmouseover=\"alert(1))",
    "[x](//evil.example/)",
    "[x](\\\\evil.example\\x)",
    "[x](projects/../../portal.yaml)",
    "[x](%2e%2e/%2e%2e/portal.yaml)",
    "[x](../pages/om-portalen.md#findes-ikke)",
    "[x](.)",
    "[x]()",
    "[x](#)",
    "[x](?q=1)",
];

const HEADING_ATTRS: &[&str] = &[
    "{#id .class key=val}",
    "{onclick=alert(1)}",
    "{onclick=\"alert(1)\"}",
    "{#x onmouseover=alert(1)}",
    "{style=\"background:url(javascript:alert(1))\"}",
    "{href=javascript:alert(1)}",
    "{#\"><script>alert(1)</script>}",
    "{#main}",
    "{#site-nav}",
    "{#}",
    "{.}",
    "{=}",
    "{#a #b #c}",
    "{ .a .b .c .d .e .f .g .h }",
    "{#æøå}",
    "{#1}",
    "{ #id-med-mellemrum }",
    "{data-x=1 aria-hidden=true tabindex=-1}",
    "{autofocus onfocus=alert(1)}",
    "{\u{0}}",
    "{{ 1337*1337 }}",
];

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "6",
    "5",
    "2.5",
    "1e400",
    "-0",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "99999999999999999999999",
    "1_000",
    "18446744073709551616",
    "-9223372036854775809",
    "4294967296",
    "1e-400",
    "00",
    "+1",
];

const DATES: &[&str] = &[
    "2025-02-30",
    "0000-01-01",
    "9999-12-31",
    "2025-13-01",
    "2025-01",
    "2025",
    "25-01-01",
    "2025-01-01T10:00:00Z",
    "2025-1-1",
    "-2025-01-01",
    "10000-01-01",
    "2024-02-29",
    "2023-02-29",
    "2025-00-00",
    "1970-01-01",
    "2025-01-01 ",
];

const PHASES: &[&str] = &[
    "ide",
    "nytt",
    "nyttig",
    "nyttiggjort",
    "udforsk",
    "nytaenk",
    "test",
    "implementer",
    "foelg-op",
    "behov",
    "loesning",
    "paused",
    "stopped",
    "behov",
    "utvikle",
    "proeve",
    "spre",
    "Test",
    "TEST",
    "",
];

const YAML_TAGS: &[&str] = &[
    "!!binary aGk=",
    "!!str 1",
    "!custom x",
    "!!map {}",
    "!!seq []",
    "!!int x",
    "!!timestamp 2025-01-01",
    "!!null",
    "!!float 1",
    "!<tag:yaml.org,2002:str> x",
];

const ADDED_FIELDS: &[&str] = &[
    "phsae: test",
    "zzz: 1",
    "Title: x",
    "title : x",
    "\"title\": x",
    "? title\n: x",
    "draft: true",
    "draft: false",
    "language: nn",
    "language: xx",
    "aliases: [gammel-sti, /gammel/sti/, ../../x, \"\"]",
    "weight: -1",
    "weight: 99999999999999999999",
    "menu: true",
    "effects: [{ name: x, unit: \"%\", value: 1e308 }]",
    "targets: [{ label: x, target: 0, count: innovators }, { label: y, target: -1, value: 5 }]",
    "plan: [{ activity: x, start: 2025-13, end: 2024-01, status: done }]",
    "leader: true",
    "certified: 2024-05-01",
    "contact: { consent: true, email: \"a@b\\\"><script>alert(1)</script>\", phone: \"javascript:alert(1)\" }",
    "download: { src: ../../../secret.svg, label: x }",
    "download: { src: ../../../../secret.svg, label: x }",
    "image: { src: ../../../secret.svg, alt: x }",
    "image: { src: ../../../../secret.svg, alt: x }",
    "image: { src: /etc/hostname, alt: x }",
    "image: { src: \"javascript:alert(1)\", alt: x }",
    "image: { src: farlig.svg, alt: x }",
    "photo: { src: ../../../secret.svg, alt: x }",
    "video: javascript:alert(1)",
    "video: \"https://www.youtube.com/watch?v=\\\"><script>alert(1)</script>\"",
    "video: https://www.youtube.com/watch?v=x&list=y\"onload=\"alert(1)",
    "video: https://evil.example/embed",
    "prize: 2025",
    "prize: -5",
    "via_portal: true",
    "updated: 2025-01-01",
    "ended: 1900-01-01",
    "related: [matroboten, velferdsteknologi-hjemme, mindre-madspild, sundhedsbussen]",
    "history: [{ phase: test, date: 2025-01-01 }, { phase: test, date: 2024-01-01 }]",
    "fundamentals: { behov: 6, loesning: -1, paadriver: 2.5, team: x, forankring: 0 }",
    "benefits: [{ name: x, unit: \"%\", planned: 0, realized: 1e308 }]",
    "<<: { title: merged }",
];

const BAD_NAMES: &[&str] = &[
    "Stort Navn",
    "æøå",
    "a b",
    "-",
    "",
    ".skjult",
    "_under",
    "x%2Fy",
    "a\\b",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "con",
    "index",
    "_index",
    "feed",
    "index.html",
    "\u{202e}dm.exe",
    "tab\there",
    "quote\"s",
    "emoji👍",
    "UPPER",
    "dot.ted",
    "trailing-",
    "--",
    "nul\u{1}x",
    "javascript:alert(1)",
    "%2e%2e",
    "..",
    "{{ 1337*1337 }}",
];

const BASE_URLS: &[&str] = &[
    "https://x.example/",
    "https://x.example/sub/dir/",
    "http://localhost:1111",
    "javascript:alert(1)//",
    "https://x.example/\"><script>alert(1)</script>/",
    "//evil.example/",
    "ftp://x.example/",
    "https://x.example/æøå/",
    "https://x.example/?q=1#f",
    "https://[::1]:8080/",
    "",
    "https://x.example/%2e%2e/",
    "file:///etc/",
    "https://x.example/{{ 1337*1337 }}/",
    "https://user:pw@x.example/",
    "https://x.example/a b/",
    "https://x.example:99999/",
    "x.example",
    "https://",
    "https://x.example/a\"onmouseover=\"alert(1)/",
];

const URL_VALUES: &[&str] = &[
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "http://insecure.example/",
    "/relative",
    "",
    "https://ok.example/",
    "mailto:x@y",
    "https://ok.example/\"><script>alert(1)</script>",
    "https://ok.example/\" onmouseover=\"alert(1)",
];

const EMAILS: &[&str] = &[
    "",
    "x",
    "a@b",
    "\"><script>alert(1)</script>@x.dk",
    "javascript:alert(1)",
    "mailto:x@y.dk",
    "a@b.dk?subject=x&body=<y>",
    "a@b.dk\" onmouseover=\"alert(1)",
    "æøå@kommune.dk",
];

const PATH_VALUES: &[&str] = &[
    "",
    ".",
    "..",
    "../x",
    "a/b",
    "/abs",
    "x y",
    "Æble",
    "<x>",
    "nyheder",
    "projekter",
    "prosjekter",
    "index.html",
    "data",
    "nyttig-search",
    "feed.xml",
    "static",
    "%2e%2e",
    "a\\b",
    "?",
    "#",
    "resultater",
    "innovatorer",
    "404.html",
];

const PATH_KEYS: &[&str] =
    &["projects", "innovators", "strategy", "results", "news", "methods", "ideas", "search", "zzz"];

const TEMPLATE_NAMES: &[&str] = &[
    "base.html",
    "page.html",
    "project.html",
    "components.html",
    "front.html",
    "404.html",
    "nope.html",
    "news_item.html",
];

const TEMPLATE_BODIES: &[&str] = &[
    "{% if %}",
    "{{ nope.nope }}",
    "{% include \"nope.html\" %}",
    "{% extends \"base.html\" %}{% block content %}x{% endblock content %}",
    "{% extends \"page.html\" %}",
    "{% extends \"base.html\" %}",
    "{% for x in 1 %}{% endfor %}",
    "{{ 1 / 0 }}",
    "{% macro %}",
    "{% block content %}{% block content %}{% endblock %}{% endblock %}",
    "\u{0}\u{ff}",
    "",
    "{{ page.title | nope }}",
    "{% set x = x %}{{ x }}",
];

const STATIC_PATHS: &[&str] = &[
    "index.html",
    "projekter/index.html",
    "prosjekter/index.html",
    "feed.xml",
    "sitemap.xml",
    "data/projects.json",
    "nyttig.js",
    "style.css",
    "nyttig-search/x.json",
    "404.html",
    ".nyttig-output",
    "robots.txt",
];

/// What the canary files beside each work copy contain: none of it may reach the output.
pub const CANARY: &str = "NYTTIG-FUZZ-CANARY-7f3a";
/// What `{{ 1337*1337 }}` gives if content is ever evaluated as a template.
const INJECTED: &str = "1787569";

// ---------------------------------------------------------------------------------------------
// Mutation kinds.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    ByteFlip,
    ByteInsert,
    ByteDelete,
    Truncate,
    LineDup,
    LineSwap,
    LineDelete,
    Splice,
    Token,
    Encoding,
    YamlValue,
    YamlDomain,
    YamlText,
    YamlDelete,
    YamlAddField,
    YamlDupKey,
    YamlAlias,
    YamlNest,
    YamlList,
    MdNest,
    MdLongLine,
    MdManyLinks,
    MdHeadingAttrs,
    MdRawHtml,
    MdJsLink,
    MdControl,
    MdTable,
    MdWarnings,
    MdEscape,
    Portal,
    FsBadName,
    FsEmpty,
    FsDirMd,
    FsRemove,
    FsNewline,
    FsFifo,
    FsSymlink,
    FsTemplate,
    FsStatic,
}

/// Every kind with its weight.
pub const KINDS: &[(Kind, u32)] = &[
    (Kind::ByteFlip, 4),
    (Kind::ByteInsert, 4),
    (Kind::ByteDelete, 3),
    (Kind::Truncate, 2),
    (Kind::LineDup, 3),
    (Kind::LineSwap, 3),
    (Kind::LineDelete, 3),
    (Kind::Splice, 4),
    (Kind::Token, 6),
    (Kind::Encoding, 2),
    (Kind::YamlValue, 8),
    (Kind::YamlDomain, 8),
    (Kind::YamlText, 12),
    (Kind::YamlDelete, 3),
    (Kind::YamlAddField, 6),
    (Kind::YamlDupKey, 2),
    (Kind::YamlAlias, 2),
    (Kind::YamlNest, 2),
    (Kind::YamlList, 4),
    (Kind::MdNest, 5),
    (Kind::MdLongLine, 3),
    (Kind::MdManyLinks, 4),
    (Kind::MdHeadingAttrs, 6),
    (Kind::MdRawHtml, 10),
    (Kind::MdJsLink, 4),
    (Kind::MdControl, 4),
    (Kind::MdTable, 3),
    (Kind::MdWarnings, 3),
    (Kind::MdEscape, 2),
    (Kind::Portal, 10),
    (Kind::FsBadName, 3),
    (Kind::FsEmpty, 2),
    (Kind::FsDirMd, 1),
    (Kind::FsRemove, 2),
    (Kind::FsNewline, 1),
    (Kind::FsFifo, 1),
    (Kind::FsSymlink, 1),
    (Kind::FsTemplate, 1),
    (Kind::FsStatic, 1),
];

impl Kind {
    /// The kind's name on the command line (`--skip fs-fifo`).
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        KINDS.iter().map(|(k, _)| *k).find(|k| k.name() == name)
    }
}

// ---------------------------------------------------------------------------------------------
// Plans: what one iteration does, from (seed, iteration) alone.

#[derive(Clone, Debug)]
pub struct Plan {
    pub seed: u64,
    pub iter: u64,
    /// Index into the run's bases.
    pub base: usize,
    pub drafts: bool,
    pub strict: bool,
    pub base_url: Option<&'static str>,
    /// Each mutation with the seed of its own PRNG, so that one can be applied alone.
    pub mutations: Vec<(Kind, u64)>,
}

impl Plan {
    pub fn new(seed: u64, iter: u64, bases: usize, skip: &[Kind]) -> Plan {
        let mut r = Rng::new(splitmix(seed) ^ iter.wrapping_mul(0xA076_1D64_78BD_642F));
        let base = r.below(bases);
        let drafts = r.chance(25);
        let strict = r.chance(15);
        let base_url = match r.below(100) {
            0..4 => Some(*r.pick(BASE_URLS)),
            4..8 => Some(*r.pick(&["https://x.example/", "https://x.example/sub/dir/", "http://127.0.0.1:1111/"])),
            _ => None,
        };
        let kinds: Vec<(Kind, u32)> = KINDS.iter().copied().filter(|(k, _)| !skip.contains(k)).collect();
        let total: u32 = kinds.iter().map(|(_, w)| w).sum();
        // One mutation most often: each one more makes a refused build likelier.
        let n = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4][r.below(10)];
        let mut mutations = Vec::new();
        for _ in 0..n {
            let mut at = r.below(total as usize) as u32;
            let mut chosen = kinds[0].0;
            for (k, w) in &kinds {
                if at < *w {
                    chosen = *k;
                    break;
                }
                at -= w;
            }
            mutations.push((chosen, r.next_u64()));
        }
        Plan { seed, iter, base, drafts, strict, base_url, mutations }
    }

    pub fn options(&self) -> Options {
        Options {
            drafts: self.drafts,
            strict: self.strict,
            base_url: self.base_url.map(str::to_owned),
            ..Options::default()
        }
    }

    /// Whether this build also follows the generated links, as `nyttig check` does.
    pub fn checks_links(&self) -> bool {
        self.drafts || self.strict
    }

    pub fn describe_options(&self) -> String {
        format!("drafts: {}, strict: {}, base_url override: {:?}", self.drafts, self.strict, self.base_url)
    }
}

// ---------------------------------------------------------------------------------------------
// Bases: a work copy of a portal, restored after every iteration.

#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Symlink(PathBuf),
    Other,
}

/// Where the named bases live: `demo` is the repository's root, any other name a folder under
/// `tests/fixtures/` with a portal.yaml; `all` is every one of them.
pub fn base_sources(spec: &str) -> Result<Vec<(String, PathBuf)>, String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = vec![("demo".to_owned(), manifest.to_path_buf())];
    let fixtures = manifest.join("tests/fixtures");
    let mut names: Vec<_> = fs::read_dir(&fixtures)
        .map_err(|e| format!("{}: {e}", fixtures.display()))?
        .flatten()
        .filter(|e| e.path().join("portal.yaml").is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    names.sort();
    all.extend(names);
    if spec == "all" {
        return Ok(all);
    }
    let wanted: Vec<&str> = spec.split(',').collect();
    let chosen: Vec<_> = all.iter().filter(|(n, _)| wanted.contains(&n.as_str())).cloned().collect();
    if chosen.len() != wanted.len() {
        let known: Vec<_> = all.iter().map(|(n, _)| n.as_str()).collect();
        return Err(format!("unknown base in `{spec}`; known: all, {}", known.join(", ")));
    }
    Ok(chosen)
}

pub struct Base {
    pub name: String,
    source: PathBuf,
    /// The temporary folder: the portal in `portal/`, the canaries beside it.
    dir: Option<tempfile::TempDir>,
    pub root: PathBuf,
    pristine: BTreeMap<PathBuf, Entry>,
    touched: BTreeSet<PathBuf>,
    info: Info,
    /// What the unmutated portal's pages have, which mutated ones may have too.
    allowed: Allowed,
    pub calibration: String,
}

/// What the mutations draw on: the portal's files, names and values.
#[derive(Default)]
struct Info {
    text_files: Vec<PathBuf>,
    md_files: Vec<PathBuf>,
    content_dirs: Vec<PathBuf>,
    slugs: Vec<String>,
    values: Vec<String>,
    lines: Vec<String>,
}

#[derive(Default)]
struct Allowed {
    scripts: BTreeSet<String>,
    handlers: BTreeSet<String>,
    styles_in_main: BTreeSet<String>,
    elements_in_main: BTreeSet<String>,
    links_clean: bool,
    xml_clean: bool,
    json_clean: bool,
}

const PORTAL_PARTS: &[&str] = &["portal.yaml", "content", "static", "templates"];

impl Base {
    pub fn new(name: &str, source: &Path) -> Result<Base, String> {
        let pristine = snapshot_portal(source).map_err(|e| format!("{}: {e}", source.display()))?;
        let mut base = Base {
            name: name.to_owned(),
            source: source.to_path_buf(),
            dir: None,
            root: PathBuf::new(),
            pristine,
            touched: BTreeSet::new(),
            info: Info::default(),
            allowed: Allowed::default(),
            calibration: String::new(),
        };
        base.info = base.gather_info();
        base.fresh_copy().map_err(|e| format!("copying {name}: {e}"))?;
        Ok(base)
    }

    /// A new work copy (also after a hang, when a build may still be reading the old one).
    fn fresh_copy(&mut self) -> io::Result<()> {
        if let Some(old) = self.dir.take() {
            // A build may still read it: leave it be.
            let _ = old.keep();
        }
        let dir = tempfile::Builder::new().prefix("nyttig-fuzz-").tempdir()?;
        let root = dir.path().join("portal");
        fs::create_dir(&root)?;
        for (name, content) in [
            ("secret.svg", format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{CANARY}</text></svg>")),
            ("secret.md", format!("---\ntitle: {CANARY}\n---\n{CANARY}\n")),
            ("secret.pdf", CANARY.to_owned()),
        ] {
            fs::write(dir.path().join(name), content)?;
        }
        self.root = root;
        self.dir = Some(dir);
        self.touched.clear();
        self.restore()
    }

    fn gather_info(&self) -> Info {
        let mut info = Info::default();
        let mut values = BTreeSet::new();
        for (rel, entry) in &self.pristine {
            match entry {
                Entry::Dir if rel.starts_with("content") => info.content_dirs.push(rel.clone()),
                Entry::File(bytes) => {
                    let is_md = rel.extension().is_some_and(|e| e == "md");
                    if !(is_md || rel == Path::new("portal.yaml")) {
                        continue;
                    }
                    info.text_files.push(rel.clone());
                    if is_md {
                        info.md_files.push(rel.clone());
                        let stem = rel.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                        let slug = if stem == "index" {
                            rel.parent().and_then(Path::file_name).unwrap_or_default().to_string_lossy().into_owned()
                        } else {
                            stem
                        };
                        if !slug.starts_with('_') {
                            info.slugs.push(slug);
                        }
                    }
                    let text = String::from_utf8_lossy(bytes);
                    let lines: Vec<&str> = text.split('\n').collect();
                    let region = yaml_region(&lines, rel == Path::new("portal.yaml"));
                    for line in &lines[region] {
                        for (s, e) in value_spots(line) {
                            let v = line[s..e].trim();
                            if !v.is_empty() && v.len() < 200 {
                                values.insert(v.to_owned());
                            }
                        }
                    }
                    info.lines.extend(lines.iter().take(400).map(|l| (*l).to_owned()));
                }
                _ => {}
            }
        }
        info.values = values.into_iter().collect();
        info
    }

    /// Puts the work copy back as it was: removes what is not in the base, rewrites what a
    /// mutation wrote.
    pub fn restore(&mut self) -> io::Result<()> {
        let mut current = Vec::new();
        walk(&self.root, &self.root, &mut current);
        current.sort_by_key(|(rel, _)| std::cmp::Reverse(rel.components().count()));
        for (rel, kind) in &current {
            let keep = self.pristine.get(rel).is_some_and(|e| same_kind(e, kind));
            if !keep {
                let p = self.root.join(rel);
                if *kind == Entry::Dir {
                    let _ = fs::remove_dir_all(&p);
                } else {
                    let _ = fs::remove_file(&p);
                }
            }
        }
        let mut current = Vec::new();
        walk(&self.root, &self.root, &mut current);
        let present: BTreeSet<PathBuf> = current.into_iter().map(|(rel, _)| rel).collect();
        for (rel, entry) in &self.pristine {
            let p = self.root.join(rel);
            match entry {
                Entry::Dir => {
                    if !present.contains(rel) {
                        fs::create_dir_all(&p)?;
                    }
                }
                Entry::File(bytes) => {
                    let stale = !present.contains(rel)
                        || self.touched.contains(rel)
                        || fs::symlink_metadata(&p).map(|m| m.len() != bytes.len() as u64).unwrap_or(true);
                    if stale {
                        fs::write(&p, bytes)?;
                    }
                }
                Entry::Symlink(target) => {
                    if !present.contains(rel) {
                        std::os::unix::fs::symlink(target, &p)?;
                    }
                }
                Entry::Other => {}
            }
        }
        self.touched.clear();
        Ok(())
    }

    /// Builds the unmutated portal to learn what its pages may have.
    fn calibrate(&mut self, deadline: Duration) -> Result<(), String> {
        let mut notes = Vec::new();
        let mut allowed = Allowed { links_clean: true, xml_clean: true, json_clean: true, ..Allowed::default() };
        for drafts in [false, true] {
            let options = Options { drafts, ..Options::default() };
            let started = Instant::now();
            let outcome = run_build(&self.root, options, deadline, Duration::ZERO, true);
            let Outcome::Finished { result, .. } = outcome else {
                return Err(format!("the unmutated base `{}` does not build: {outcome:?}", self.name));
            };
            let (output, broken) = match result {
                Ok(ok) => (ok.output, ok.broken),
                Err(e) => return Err(format!("the unmutated base `{}` does not build:\n{}", self.name, e.text)),
            };
            notes.push(format!("drafts {drafts}: {} files in {:.0?}", output.len(), started.elapsed()));
            if !broken.is_empty() {
                allowed.links_clean = false;
                notes.push(format!("{} dead links in the unmutated base: dead-link oracle off", broken.len()));
            }
            for (path, bytes) in &output {
                let text = String::from_utf8_lossy(bytes);
                if path.ends_with(".html") {
                    let page = PageScan::new(&text);
                    allowed.scripts.extend(page.scripts.into_iter().map(|(n, _)| n));
                    allowed.handlers.extend(page.handlers.into_iter().map(|(n, _)| n));
                    allowed.styles_in_main.extend(page.styles_in_main.into_iter().map(|(n, _)| n));
                    allowed.elements_in_main.extend(page.elements_in_main.into_iter().map(|(n, _)| n));
                } else if path.ends_with(".xml") && roxmltree::Document::parse(&text).is_err() {
                    allowed.xml_clean = false;
                } else if path.ends_with(".json") && serde_json::from_slice::<serde_json::Value>(bytes).is_err() {
                    allowed.json_clean = false;
                }
            }
        }
        // A mutation may make the portal English, whose search page also loads the English
        // stemmer: the theme's own script too.
        allowed.scripts.insert("<script defer= src=…/stem-en.js>".to_owned());
        notes.push(format!("theme's script tags: {:?}", allowed.scripts));
        self.allowed = allowed;
        self.calibration = notes.join("; ");
        Ok(())
    }
}

fn same_kind(a: &Entry, b: &Entry) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn entry_kind(path: &Path) -> Option<Entry> {
    let meta = fs::symlink_metadata(path).ok()?;
    let ft = meta.file_type();
    Some(if ft.is_dir() {
        Entry::Dir
    } else if ft.is_file() {
        Entry::File(Vec::new())
    } else if ft.is_symlink() {
        Entry::Symlink(PathBuf::new())
    } else {
        Entry::Other
    })
}

/// Every entry under `dir` (not following links), relative to `base`, with its kind.
fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Entry)>) {
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        let Some(kind) = entry_kind(&path) else { continue };
        let rel = path.strip_prefix(base).unwrap_or(&path).to_path_buf();
        let is_dir = kind == Entry::Dir;
        out.push((rel, kind));
        if is_dir {
            walk(base, &path, out);
        }
    }
}

fn snapshot_portal(source: &Path) -> io::Result<BTreeMap<PathBuf, Entry>> {
    let mut out = BTreeMap::new();
    if !source.join("portal.yaml").is_file() {
        return Err(io::Error::new(io::ErrorKind::NotFound, "no portal.yaml"));
    }
    for part in PORTAL_PARTS {
        let path = source.join(part);
        let Some(kind) = entry_kind(&path) else { continue };
        let mut entries = vec![(PathBuf::from(part), kind)];
        if entries[0].1 == Entry::Dir {
            walk(source, &path, &mut entries);
        }
        for (rel, kind) in entries {
            let full = source.join(&rel);
            let entry = match kind {
                Entry::File(_) => Entry::File(fs::read(&full)?),
                Entry::Symlink(_) => Entry::Symlink(fs::read_link(&full)?),
                other => other,
            };
            out.insert(rel, entry);
        }
    }
    Ok(out)
}

/// Copies a (mutated) portal as it is: files, folders, links and FIFOs, odd names included.
pub fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)?.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        let ft = entry.file_type()?;
        if ft.is_symlink() {
            let _ = std::os::unix::fs::symlink(fs::read_link(&path)?, &target);
        } else if ft.is_dir() {
            copy_tree(&path, &target)?;
        } else if ft.is_file() {
            fs::copy(&path, &target)?;
        } else {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                let _ = std::process::Command::new("mkfifo").arg(&target).status();
            }
        }
    }
    Ok(())
}

/// A build blocked on opening a FIFO for reading goes on when someone opens it for writing;
/// closing it again gives the reader an end of file.
fn unblock_fifos(dir: &Path) {
    use std::os::unix::fs::FileTypeExt;
    let mut entries = Vec::new();
    walk(dir, dir, &mut entries);
    for (rel, kind) in entries {
        if kind == Entry::Other {
            let path = dir.join(rel);
            if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_fifo()) {
                // Read and write: never blocks on a FIFO (Linux).
                let _ = fs::OpenOptions::new().read(true).write(true).open(&path);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers.

/// The lines of the YAML: all of portal.yaml, or the front matter between the `---` lines.
fn yaml_region(lines: &[&str], whole: bool) -> std::ops::Range<usize> {
    if whole {
        return 0..lines.len();
    }
    let first = lines.first().map(|l| l.trim_start_matches('\u{feff}').trim_end()).unwrap_or("");
    if first != "---" {
        return 0..0;
    }
    match lines.iter().skip(1).position(|l| l.trim_end() == "---") {
        Some(end) => 1..end + 1,
        None => 1..lines.len(),
    }
}

/// The byte ranges of the values in a YAML line (`key: value`, also inside `{ … }`).
fn value_spots(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let trimmed_end = line.trim_end_matches(['\r', ' ']).len();
    let mut spots = Vec::new();
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                b'"' | b'\'' if i == 0 || matches!(b[i - 1], b' ' | b'{' | b'[' | b',' | b':') => quote = Some(c),
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.saturating_sub(1),
                b'#' if i > 0 && b[i - 1] == b' ' => break,
                b':' if i + 1 >= trimmed_end || b[i + 1] == b' ' => {
                    let start = (i + 2).min(trimmed_end).max(i + 1);
                    let end = if depth > 0 { flow_value_end(b, start) } else { trimmed_end };
                    spots.push((start, end.max(start)));
                }
                _ => {}
            }
        }
        i += 1;
    }
    spots
}

fn flow_value_end(b: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &c) in b.iter().enumerate().skip(start) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            b'"' | b'\'' if i == start => quote = Some(c),
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => return i,
            _ => {}
        }
    }
    b.len()
}

/// The top-level keys of the YAML region, with the lines each one spans.
fn top_keys(lines: &[String], region: &std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut keys = Vec::new();
    for i in region.clone() {
        let l = &lines[i];
        if l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"') && l.contains(':') {
            let mut end = i + 1;
            while end < region.end && (lines[end].starts_with([' ', '\t', '-']) || lines[end].trim().is_empty()) {
                end += 1;
            }
            keys.push(i..end);
        }
    }
    keys
}

/// A string as a double-quoted YAML scalar.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text that free-text fields accept (not empty, no control characters) with a hostile token
/// inside: where a template forgets to escape, this is what shows it.
fn hostile_text(r: &mut Rng) -> String {
    let token = loop {
        let t = *r.pick(TOKENS);
        if !t.trim().is_empty() && !t.chars().any(|c| c.is_control()) {
            break t;
        }
    };
    let word = *r.pick(&["Ældre", "Sundhed", "Projekt", "Nyt", "Tekst"]);
    match r.below(3) {
        0 => token.to_owned(),
        1 => format!("{word} {token}"),
        _ => format!("{word} {token} {word}"),
    }
}

fn rand_boundary(s: &str, r: &mut Rng) -> usize {
    let mut i = r.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn short(s: &str) -> String {
    let escaped: String = s.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() > 140 {
        format!("{}… ({} bytes)", escaped.chars().take(140).collect::<String>(), s.len())
    } else {
        escaped
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations.

struct Mutator<'a> {
    root: &'a Path,
    info: &'a Info,
    touched: &'a mut BTreeSet<PathBuf>,
}

impl Mutator<'_> {
    fn exists(&self, rel: &Path) -> bool {
        fs::symlink_metadata(self.root.join(rel)).is_ok_and(|m| m.is_file())
    }

    fn pick_file(&self, r: &mut Rng, md: bool) -> Option<PathBuf> {
        let list = if md { &self.info.md_files } else { &self.info.text_files };
        for _ in 0..8 {
            let f = r.pick(list);
            if self.exists(f) {
                return Some(f.clone());
            }
        }
        list.iter().find(|f| self.exists(f)).cloned()
    }

    fn read(&self, rel: &Path) -> Vec<u8> {
        fs::read(self.root.join(rel)).unwrap_or_default()
    }

    fn write(&mut self, rel: &Path, bytes: &[u8]) {
        self.touched.insert(rel.to_path_buf());
        let _ = fs::write(self.root.join(rel), bytes);
    }

    fn edit_bytes(&mut self, rel: &Path, f: impl FnOnce(&mut Vec<u8>)) {
        let mut bytes = self.read(rel);
        f(&mut bytes);
        self.write(rel, &bytes);
    }

    fn edit_lines(&mut self, rel: &Path, f: impl FnOnce(&mut Vec<String>, std::ops::Range<usize>)) {
        let text = String::from_utf8_lossy(&self.read(rel)).into_owned();
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut region = yaml_region(&refs, rel == Path::new("portal.yaml"));
        if region.is_empty() && rel != Path::new("portal.yaml") {
            // No front matter: give it one.
            lines.insert(0, "---".into());
            lines.insert(1, "---".into());
            region = 1..1;
        }
        f(&mut lines, region);
        self.write(rel, lines.join("\n").as_bytes());
    }

    /// Inserts a block into a Markdown body: on lines of its own, or (sometimes) inside a line.
    fn insert_block(&mut self, r: &mut Rng, rel: &Path, block: &str) -> String {
        let inline = r.chance(20);
        self.edit_lines(rel, |lines, region| {
            let body = if region.end < lines.len() && region.start > 0 { region.end + 1 } else { region.end };
            let at = r.range(body.min(lines.len()), lines.len());
            if inline && at < lines.len() && !lines[at].is_empty() {
                let pos = rand_boundary(&lines[at], r);
                lines[at].insert_str(pos, block);
            } else {
                lines.splice(at..at, [String::new(), block.to_owned(), String::new()]);
            }
        });
        format!("{} {}: {}", if inline { "inline in" } else { "block in" }, rel.display(), short(block))
    }

    fn yaml_scalar(&self, r: &mut Rng) -> String {
        match r.below(12) {
            0 => (*r.pick(NUMBERS)).to_owned(),
            1 => (*r.pick(DATES)).to_owned(),
            2 => (*r.pick(&["true", "false", "no", "yes", "~", "null", "\"\"", "''", "\"  \""])).to_owned(),
            3 => {
                let n = r.size(1 << 20);
                let unit = *r.pick(&["x", "æ", "a b ", "<b>", "🙂"]);
                yaml_quote(&unit.repeat(n))
            }
            4 => yaml_quote(r.pick_str(TOKENS)),
            5 => (*r.pick(TOKENS)).to_owned(),
            6 => r.pick(&self.info.values).clone(),
            7 => r.pick(&self.info.slugs).clone(),
            8 => (*r.pick(PHASES)).to_owned(),
            9 => (*r.pick(YAML_TAGS)).to_owned(),
            10 => yaml_quote(&format!("{} {} {}", r.pick(TOKENS), r.pick(&self.info.values), r.pick(TOKENS))),
            _ => "\"multi\\nline\\r\\nvalue\"".to_owned(),
        }
    }

    fn yaml_value(&self, r: &mut Rng, depth: usize) -> String {
        match r.below(6) {
            0 if depth < 3 => {
                let n = r.below(5);
                let items: Vec<String> = (0..n).map(|_| self.yaml_value(r, depth + 1)).collect();
                format!("[{}]", items.join(", "))
            }
            1 if depth < 3 => {
                let n = r.below(4);
                let items: Vec<String> = (0..n)
                    .map(|_| {
                        format!(
                            "{}: {}",
                            r.pick(&["x", "src", "alt", "phase", "date", "name", "id"]),
                            self.yaml_value(r, depth + 1)
                        )
                    })
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            _ => self.yaml_scalar(r),
        }
    }

    /// A value that the content model might accept: one seen in this portal, a slug, a phase.
    fn domain_value(&self, r: &mut Rng) -> String {
        match r.below(6) {
            0..=2 => r.pick(&self.info.values).clone(),
            3 => r.pick(&self.info.slugs).clone(),
            4 => (*r.pick(PHASES)).to_owned(),
            _ => {
                let n = r.range(0, 4);
                let items: Vec<String> = (0..n).map(|_| r.pick(&self.info.slugs).clone()).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    /// Replaces one value of the YAML with `make`'s.
    fn replace_value(&mut self, r: &mut Rng, rel: &Path, make: impl FnOnce(&Self, &mut Rng) -> String) -> String {
        let value = make(self, r);
        let mut what = String::new();
        self.edit_lines(rel, |lines, region| {
            let spots: Vec<(usize, usize, usize)> =
                region.clone().flat_map(|i| value_spots(&lines[i]).into_iter().map(move |(s, e)| (i, s, e))).collect();
            if spots.is_empty() {
                lines.insert(region.end, format!("zzz: {value}"));
                what = "added zzz".into();
                return;
            }
            let (i, s, e) = *r.pick(&spots);
            let old = lines[i][s..e].to_owned();
            let sep = if s > 0 && !lines[i][..s].ends_with(' ') { " " } else { "" };
            lines[i].replace_range(s..e, &format!("{sep}{value}"));
            // A block value replaced by a flow one: drop the block half the time.
            if old.trim().is_empty() && r.chance(50) {
                let mut end = i + 1;
                while end < region.end && lines[end].starts_with([' ', '-']) {
                    end += 1;
                }
                lines.drain(i + 1..end);
            }
            what = format!("line {}: {} → {}", i + 1, short(&old), short(&value));
        });
        format!("{}: {what}", rel.display())
    }
}

/// Applies one mutation; says what it did.
fn mutate(kind: Kind, r: &mut Rng, m: &mut Mutator) -> String {
    let Some(file) = m.pick_file(r, false) else { return "no file left".into() };
    let md = m.pick_file(r, true).unwrap_or_else(|| file.clone());
    match kind {
        Kind::ByteFlip => {
            let n = r.range(1, 4);
            let mut at = Vec::new();
            m.edit_bytes(&file, |b| {
                for _ in 0..n {
                    if b.is_empty() {
                        break;
                    }
                    let i = r.below(b.len());
                    b[i] ^= 1 << r.below(8);
                    at.push(i);
                }
            });
            format!("{}: flipped bits at {at:?}", file.display())
        }
        Kind::ByteInsert => {
            const INTERESTING: &[u8] = b"\0\xff\x80\xc3\xe2\n\r:-#{[\"'<>&*|\\!%@`";
            let n = r.range(1, 16);
            let ins: Vec<u8> =
                (0..n).map(|_| if r.chance(50) { *r.pick(INTERESTING) } else { r.next_u64() as u8 }).collect();
            let mut pos = 0;
            m.edit_bytes(&file, |b| {
                pos = r.below(b.len() + 1);
                b.splice(pos..pos, ins.iter().copied());
            });
            format!("{}: inserted {ins:?} at {pos}", file.display())
        }
        Kind::ByteDelete => {
            let mut what = String::new();
            m.edit_bytes(&file, |b| {
                let pos = r.below(b.len());
                let n = r.size(4096).min(b.len() - pos.min(b.len()));
                b.drain(pos..pos + n);
                what = format!("deleted {n} bytes at {pos}");
            });
            format!("{}: {what}", file.display())
        }
        Kind::Truncate => {
            let mut at = 0;
            m.edit_bytes(&file, |b| {
                at = r.below(b.len() + 1);
                b.truncate(at);
            });
            format!("{}: cut at byte {at}", file.display())
        }
        Kind::LineDup | Kind::LineSwap | Kind::LineDelete => {
            let mut what = String::new();
            m.edit_bytes(&file, |b| {
                let mut lines: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let i = r.below(lines.len());
                let j = r.below(lines.len());
                match kind {
                    Kind::LineDup => {
                        let times = if r.chance(20) { r.size(2000) } else { 1 };
                        let line = lines[i].clone();
                        lines.splice(j..j, std::iter::repeat_n(line, times));
                        what = format!("line {} copied {times}× to {}", i + 1, j + 1);
                    }
                    Kind::LineSwap => {
                        lines.swap(i, j);
                        what = format!("lines {} and {} swapped", i + 1, j + 1);
                    }
                    _ => {
                        lines.remove(i);
                        what = format!("line {} deleted", i + 1);
                    }
                }
                *b = lines.join(&b'\n');
            });
            format!("{}: {what}", file.display())
        }
        Kind::Splice => {
            let line = r.pick(&m.info.lines).clone();
            let mut at = 0;
            m.edit_bytes(&file, |b| {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(b.iter().enumerate().filter(|(_, c)| **c == b'\n').map(|(i, _)| i + 1))
                    .collect();
                at = *r.pick(&starts);
                b.splice(at..at, line.bytes().chain(std::iter::once(b'\n')));
            });
            format!("{}: spliced {} at byte {at}", file.display(), short(&line))
        }
        Kind::Token => {
            let token = *r.pick(TOKENS);
            let raw = r.chance(15);
            let mut at = 0;
            m.edit_bytes(&file, |b| {
                at = if raw {
                    r.below(b.len() + 1)
                } else {
                    match std::str::from_utf8(b) {
                        Ok(s) => rand_boundary(s, r),
                        Err(_) => r.below(b.len() + 1),
                    }
                };
                b.splice(at..at, token.bytes());
            });
            format!("{}: token {} at byte {at}", file.display(), short(token))
        }
        Kind::Encoding => {
            let how = r.below(6);
            m.edit_bytes(&file, |b| {
                let s = String::from_utf8_lossy(b).into_owned();
                *b = match how {
                    0 => s.replace('\n', "\r\n").into_bytes(),
                    1 => [&[0xEF, 0xBB, 0xBF][..], s.as_bytes()].concat(),
                    2 => s.replace('\n', "\r").into_bytes(),
                    3 => s.chars().map(|c| if (c as u32) < 256 { c as u32 as u8 } else { b'?' }).collect(),
                    4 => [0xFF, 0xFE].into_iter().chain(s.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
                    _ => [&[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF][..], s.replace('\n', "\r\n").as_bytes()].concat(),
                };
            });
            let names = ["CRLF", "BOM", "CR only", "Latin-1", "UTF-16LE with BOM", "two BOMs and CRLF"];
            format!("{}: re-encoded as {}", file.display(), names[how])
        }
        Kind::YamlValue => m.replace_value(r, &file, |m, r| m.yaml_value(r, 0)),
        Kind::YamlDomain => m.replace_value(r, &file, |m, r| m.domain_value(r)),
        Kind::YamlText => {
            // A free-text value (not a date, number, slug, flag or group) becomes hostile text.
            let mut what = String::new();
            let target = if r.chance(85) { md.clone() } else { file.clone() };
            m.edit_lines(&target, |lines, region| {
                let is_text = |v: &str| {
                    let v = v.trim();
                    !v.is_empty()
                        && !v.starts_with(['{', '&', '*', '!'])
                        && !v.bytes().all(|c| c.is_ascii_digit() || c == b'-' || c == b'.')
                        && !v.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                        && !v.contains('@')
                        && !v.contains("://")
                        && !matches!(v, "true" | "false" | "yes" | "no")
                };
                let spots: Vec<(usize, usize, usize)> = region
                    .clone()
                    .flat_map(|i| value_spots(&lines[i]).into_iter().map(move |(s, e)| (i, s, e)))
                    .filter(|&(i, s, e)| is_text(&lines[i][s..e]))
                    .collect();
                if spots.is_empty() {
                    return;
                }
                let (i, s, e) = *r.pick(&spots);
                let old = lines[i][s..e].to_owned();
                let new = if old.trim_start().starts_with('[') {
                    let n = r.range(1, 3);
                    let items: Vec<String> = (0..n).map(|_| yaml_quote(&hostile_text(r))).collect();
                    format!("[{}]", items.join(", "))
                } else {
                    yaml_quote(&hostile_text(r))
                };
                what = format!("line {}: {} → {}", i + 1, short(&old), short(&new));
                lines[i].replace_range(s..e, &new);
            });
            format!("{}: {what}", target.display())
        }
        Kind::YamlDelete => {
            let mut what = String::new();
            m.edit_lines(&file, |lines, region| {
                let keys = top_keys(lines, &region);
                if keys.is_empty() {
                    return;
                }
                let k = r.pick(&keys).clone();
                what = format!("deleted {}", short(&lines[k.start]));
                lines.drain(k);
            });
            format!("{}: {what}", file.display())
        }
        Kind::YamlAddField => {
            let field = if r.chance(20) {
                format!(
                    "{}: {}",
                    r.pick(&["title", "phase", "owner", "project", "date", "area", "tags"]),
                    m.yaml_value(r, 0)
                )
            } else {
                (*r.pick(ADDED_FIELDS)).to_owned()
            };
            let target = if r.chance(70) { md.clone() } else { file.clone() };
            m.edit_lines(&target, |lines, region| {
                let at = r.range(region.start, region.end);
                lines.insert(at, field.clone());
            });
            format!("{}: added {}", target.display(), short(&field))
        }
        Kind::YamlDupKey => {
            let mut what = String::new();
            m.edit_lines(&file, |lines, region| {
                let keys = top_keys(lines, &region);
                if keys.is_empty() {
                    return;
                }
                let k = r.pick(&keys).clone();
                let copy: Vec<String> = lines[k.clone()].to_vec();
                let at = r.range(region.start, region.end);
                what = format!("duplicated {} at line {}", short(&copy[0]), at + 1);
                lines.splice(at..at, copy);
            });
            format!("{}: {what}", file.display())
        }
        Kind::YamlAlias => {
            let variant = r.below(4);
            let mut what = String::new();
            m.edit_lines(&file, |lines, region| {
                let spots: Vec<(usize, usize, usize)> = region
                    .clone()
                    .flat_map(|i| value_spots(&lines[i]).into_iter().map(move |(s, e)| (i, s, e)))
                    .filter(|(_, s, e)| e > s)
                    .collect();
                match variant {
                    0 | 1 if spots.len() >= 2 => {
                        let a = *r.pick(&spots);
                        let b = *r.pick(&spots);
                        let alias = if variant == 0 { "*a" } else { "*nope" };
                        // Later spot first, so that the earlier one's offsets hold.
                        let (first, second) = if (a.0, a.1) <= (b.0, b.1) { (a, b) } else { (b, a) };
                        if first == second {
                            lines[a.0].replace_range(a.1..a.2, alias);
                        } else {
                            let (anchor, use_at) = if r.chance(50) { (first, second) } else { (second, first) };
                            for (i, s, e) in [second, first] {
                                if (i, s, e) == use_at {
                                    lines[i].replace_range(s..e, alias);
                                } else if (i, s, e) == anchor {
                                    lines[i].insert_str(s, "&a ");
                                }
                            }
                        }
                        what = format!("anchor and alias {alias} on lines {} and {}", a.0 + 1, b.0 + 1);
                    }
                    2 => {
                        let at = region.end;
                        lines.splice(
                            at..at,
                            ["x_base: &b { title: Flettet, summary: x }".to_owned(), "<<: *b".to_owned()],
                        );
                        what = "merge key <<: *b".into();
                    }
                    _ => {
                        let levels = r.range(2, 9);
                        let width = r.range(2, 9);
                        let mut added = vec![format!("l0: &l0 [{}]", vec!["\"lol\""; width].join(","))];
                        for l in 1..levels {
                            added.push(format!("l{l}: &l{l} [{}]", vec![format!("*l{}", l - 1); width].join(",")));
                        }
                        what = format!("alias bomb {width}^{levels}");
                        let at = region.end;
                        lines.splice(at..at, added);
                    }
                }
            });
            format!("{}: {what}", file.display())
        }
        Kind::YamlNest => {
            let d = r.size(20_000);
            let value = match r.below(4) {
                0 => format!("{}x{}", "[".repeat(d), "]".repeat(d)),
                1 => format!("{}1{}", "{a: ".repeat(d), "}".repeat(d)),
                2 => "[".repeat(d),
                _ => {
                    let d = d.min(400);
                    let mut s = String::new();
                    for i in 1..=d {
                        let _ = write!(s, "\n{}a:", "  ".repeat(i));
                    }
                    s.push_str(" 1");
                    s
                }
            };
            let desc = format!("nesting {d} deep");
            let out = m.replace_value(r, &file, |_, _| value);
            format!("{desc}: {}", out.split(':').next().unwrap_or(""))
        }
        Kind::YamlList => {
            let n = r.size(5000);
            let style = r.below(4);
            let mut what = String::new();
            let items: Vec<String> = (0..n)
                .map(|i| match style {
                    0 => format!("t{i}"),
                    1 => m.domain_value(r),
                    2 => yaml_quote(&format!("{} {i}", r.pick(TOKENS))),
                    _ => r.pick(&m.info.slugs).clone(),
                })
                .collect();
            let list = format!("[{}]", items.join(", "));
            m.edit_lines(&file, |lines, region| {
                // A list of maps (history, benefits, targets, plan, phases) grows by copies.
                let items: Vec<usize> = region.clone().filter(|&i| lines[i].trim_start().starts_with("- {")).collect();
                if !items.is_empty() && r.chance(40) {
                    let i = *r.pick(&items);
                    let copy = lines[i].clone();
                    what = format!("{} copies of {}", n, short(&copy));
                    lines.splice(i..i, std::iter::repeat_n(copy, n));
                    return;
                }
                let keys = top_keys(lines, &region);
                let key = if keys.is_empty() || r.chance(30) {
                    (*r.pick(&["tags", "team", "related", "partners", "projects", "phases", "areas"])).to_owned()
                } else {
                    let k = r.pick(&keys).clone();
                    let key = lines[k.start].split(':').next().unwrap_or("tags").to_owned();
                    lines.drain(k);
                    key
                };
                what = format!("{key}: a list of {n} ({})", ["t<i>", "domain values", "tokens", "slugs"][style]);
                let at = r.range(region.start, region.end.min(lines.len()));
                lines.insert(at, format!("{key}: {list}"));
            });
            format!("{}: {what}", file.display())
        }
        Kind::MdNest => {
            let d = r.size(20_000);
            let block = match r.below(8) {
                0 => (0..d.min(800)).map(|i| format!("{}- x", "  ".repeat(i))).collect::<Vec<_>>().join("\n"),
                1 => format!("{}x", "- ".repeat(d)),
                2 => format!("{}x", "> ".repeat(d)),
                3 => format!("{}x{}", "<div>".repeat(d), "</div>".repeat(d)),
                4 => format!("{}x", "<div>".repeat(d)),
                5 => format!("{}x{}", "*".repeat(d), "*".repeat(d)),
                6 => format!("{}x{}", "[".repeat(d), "](y)".repeat(d)),
                _ => format!("{}x", "1. ".repeat(d)),
            };
            let what = m.insert_block(r, &md, &block);
            format!("depth {d}: {what}")
        }
        Kind::MdLongLine => {
            let n = r.size(1_000_000);
            let block = match r.below(4) {
                0 => "x".repeat(n),
                1 => "velfærdsteknologiinnovationsprojekt".repeat(n / 35 + 1),
                2 => (0..n / 8 + 1).map(|i| format!("ord{i} ")).collect(),
                _ => r.pick(TOKENS).repeat(n / 10 + 1),
            };
            m.insert_block(r, &md, &block)
        }
        Kind::MdManyLinks => {
            let n = r.size(5000);
            let style = r.below(5);
            let slugs = &m.info.slugs;
            let block: String = (0..n)
                .map(|i| match style {
                    0 => format!("[x{i}](projects/findes-ikke-{i}.md) "),
                    1 => format!("[x](../projects/{}.md#findes-ikke-{i}) ", slugs[i % slugs.len()]),
                    2 => format!("[her](#a{i}) "),
                    3 => format!("[x](/sti/{i}/) "),
                    _ => format!("[x{i}]({}.md) ", slugs[i % slugs.len()]),
                })
                .collect();
            let what = m.insert_block(r, &md, &block);
            format!("{n} links: {what}")
        }
        Kind::MdHeadingAttrs => {
            let times = if r.chance(20) { r.size(3000) } else { 1 };
            let attrs = *r.pick(HEADING_ATTRS);
            let level = "#".repeat(r.range(1, 7));
            let block = vec![format!("{level} Overskrift {attrs}"); times].join("\n\n");
            let what = m.insert_block(r, &md, &block);
            format!("{times}×: {what}")
        }
        Kind::MdRawHtml => {
            let html = if r.chance(80) { *r.pick(RAW_HTML) } else { *r.pick(TOKENS) };
            m.insert_block(r, &md, html)
        }
        Kind::MdJsLink => {
            let link = *r.pick(MD_LINKS);
            m.insert_block(r, &md, link)
        }
        Kind::MdControl => {
            const CONTROLS: &[&str] = &[
                "\0",
                "\u{1b}",
                "\u{7f}",
                "\u{202e}",
                "\u{200b}",
                "\u{feff}",
                "\u{2028}",
                "\r",
                "\u{c}",
                "\u{8}",
                "\u{85}",
                "\u{ffff}",
                "\u{1b}[2J",
            ];
            let n = r.range(1, 8);
            let target = if r.chance(70) { md.clone() } else { file.clone() };
            let mut added = Vec::new();
            let mut text = String::from_utf8_lossy(&m.read(&target)).into_owned();
            for _ in 0..n {
                let c = *r.pick(CONTROLS);
                let at = rand_boundary(&text, r);
                text.insert_str(at, c);
                added.push(short(c));
            }
            m.write(&target, text.as_bytes());
            format!("{}: inserted {}", target.display(), added.join(" "))
        }
        Kind::MdTable => {
            let cols = r.size(60);
            let rows = r.size(5000);
            let hostile = r.chance(30);
            let mut block = String::new();
            let cell = |i: usize, r: &mut Rng| {
                if hostile && r.chance(10) {
                    r.pick(TOKENS).replace('|', "\\|").replace('\n', " ")
                } else {
                    format!("{i}")
                }
            };
            block.push('|');
            for c in 0..cols {
                let _ = write!(block, " h{c} |");
            }
            block.push_str("\n|");
            for c in 0..cols {
                block.push_str([" --- |", " :-- |", " :-: |", " --: |"][c % 4]);
            }
            for row in 0..rows {
                block.push_str("\n|");
                for c in 0..cols {
                    let _ = write!(block, " {} |", cell(row * cols + c, r));
                }
            }
            let what = m.insert_block(r, &md, &block);
            format!("{cols}×{rows} table: {what}")
        }
        Kind::MdWarnings => {
            let n = r.size(3000);
            let style = r.below(4);
            let block: String = (0..n)
                .map(|i| match style {
                    0 => format!("[læs mere](https://example.org/{i}) [her](https://example.org/)\n\n"),
                    1 => format!("# A{i}\n\n#### B{i}\n\n"),
                    2 => format!("[læs mere](#main) [her](#) [klik her](/) {i}\n\n"),
                    _ => format!("<table><tr><td>{i}</td></tr></table>\n\n"),
                })
                .collect();
            let what = m.insert_block(r, &md, &block);
            format!("{n} warnings: {what}")
        }
        Kind::MdEscape => {
            let up = "../".repeat(r.range(1, 6));
            let name = *r.pick(&["secret.svg", "secret.md", "secret.pdf"]);
            let abs = m.root.parent().unwrap_or(m.root).join(name).display().to_string();
            let block = match r.below(6) {
                0 => format!("[x]({up}{name})"),
                1 => format!("![x]({up}{name})"),
                2 => format!("![x]({abs})"),
                3 => format!("[x](file://{abs})"),
                4 => format!("<img src=\"{up}{name}\" alt=\"x\">"),
                _ => format!("[x]({up}{name}#a)"),
            };
            m.insert_block(r, &md, &block)
        }
        Kind::Portal => mutate_portal(r, m),
        Kind::FsBadName => {
            let name = *r.pick(BAD_NAMES);
            let from = md.clone();
            let (from, to) = if from.file_name().is_some_and(|n| n == "index.md") && r.chance(50) {
                let dir = from.parent().unwrap_or(Path::new("content")).to_path_buf();
                let to = dir.with_file_name(name);
                (dir, to)
            } else {
                let to = from.with_file_name(format!("{name}.md"));
                (from, to)
            };
            let _ = fs::rename(m.root.join(&from), m.root.join(&to));
            format!("renamed {} to {}", from.display(), short(&to.display().to_string()))
        }
        Kind::FsEmpty => {
            let dir = r.pick(&m.info.content_dirs).clone();
            let mut names =
                vec!["tom.md".to_owned(), "_index.md".into(), "index.md".into(), ".md".into(), "-.md".into()];
            // A file beside a folder page of the same slug.
            names.extend(
                m.info
                    .md_files
                    .iter()
                    .filter(|f| f.ends_with("index.md"))
                    .filter_map(|f| Some(format!("{}.md", f.parent()?.file_name()?.to_string_lossy()))),
            );
            let name = r.pick(&names).clone();
            let content = *r.pick(&[
                "",
                "---\n",
                "---\n---\n",
                "\u{feff}",
                "\n",
                "---",
                "---\ntitle: x\n---\n",
                "---\r\n---\r\n",
            ]);
            let rel = dir.join(&name);
            m.write(&rel, content.as_bytes());
            format!("wrote {} with {}", rel.display(), short(content))
        }
        Kind::FsDirMd => {
            let dir = r.pick(&m.info.content_dirs).clone();
            let rel = dir.join(*r.pick(&["x.md", "index.md", "_index.md", "y.md/z.md"]));
            let _ = fs::create_dir_all(m.root.join(&rel));
            let inside = r.chance(50);
            if inside {
                let text = m.read(&md);
                let _ = fs::write(m.root.join(&rel).join("index.md"), text);
            }
            format!("made a folder {}{}", rel.display(), if inside { " with an index.md" } else { "" })
        }
        Kind::FsRemove => {
            let candidates: Vec<&PathBuf> = m.info.content_dirs.iter().chain(&m.info.text_files).collect();
            let rel = if r.chance(90) {
                (*r.pick(&candidates)).clone()
            } else {
                PathBuf::from(*r.pick(&["portal.yaml", "static", "content"]))
            };
            let p = m.root.join(&rel);
            if p.is_dir() {
                let _ = fs::remove_dir_all(&p);
            } else {
                let _ = fs::remove_file(&p);
            }
            format!("removed {}", rel.display())
        }
        Kind::FsNewline => {
            let names: [&[u8]; 6] =
                [b"ny\nlinje.md", b"cr\rhere.md", b"\xff\xfe.md", b"latin\xe6.md", b"tab\t.md", b"\n.md"];
            let name = *r.pick(&names);
            let dir = md.parent().unwrap_or(Path::new("content")).to_path_buf();
            let rel = dir.join(std::ffi::OsStr::from_bytes(name));
            let text = m.read(&md);
            let _ = fs::write(m.root.join(&rel), text);
            format!("copied {} to {}", md.display(), short(&String::from_utf8_lossy(name)))
        }
        Kind::FsFifo => {
            let dir = if r.chance(80) { r.pick(&m.info.content_dirs).clone() } else { PathBuf::from("static") };
            let _ = fs::create_dir_all(m.root.join(&dir));
            let rel = dir.join(*r.pick(&["fifo.md", "index.md", "fifo.svg"]));
            let _ = fs::remove_file(m.root.join(&rel));
            let _ = std::process::Command::new("mkfifo").arg(m.root.join(&rel)).status();
            format!("made a FIFO {}", rel.display())
        }
        Kind::FsSymlink => {
            let dir = r.pick(&m.info.content_dirs).clone();
            let (name, target): (&str, String) = match r.below(5) {
                0 => ("loop.md", "loop.md".into()),
                1 => ("dangling.md", "findes-ikke.md".into()),
                2 => ("loopdir", "..".into()),
                3 => ("self", ".".into()),
                _ => ("alias.md", format!("../{}", md.strip_prefix("content").unwrap_or(&md).display())),
            };
            let rel = dir.join(name);
            let _ = std::os::unix::fs::symlink(&target, m.root.join(&rel));
            format!("symlink {} → {target}", rel.display())
        }
        Kind::FsTemplate => {
            let name = *r.pick(TEMPLATE_NAMES);
            let body = *r.pick(TEMPLATE_BODIES);
            let _ = fs::create_dir_all(m.root.join("templates"));
            m.write(&Path::new("templates").join(name), body.as_bytes());
            format!("templates/{name}: {}", short(body))
        }
        Kind::FsStatic => {
            let path = *r.pick(STATIC_PATHS);
            let rel = Path::new("static").join(path);
            if let Some(parent) = rel.parent() {
                let _ = fs::create_dir_all(m.root.join(parent));
            }
            let content: &[u8] = if path.ends_with(".html") {
                b"<p>statisk</p>"
            } else if path.ends_with(".json") {
                b"{}"
            } else if path.ends_with(".xml") {
                b"<x/>"
            } else {
                b"x"
            };
            m.write(&rel, content);
            format!("static file {}", rel.display())
        }
    }
}

fn set_top_key(lines: &mut Vec<String>, key: &str, value: &str) {
    let region = 0..lines.len();
    let keys = top_keys(lines, &region);
    let new = format!("{key}:{value}");
    match keys.into_iter().find(|k| lines[k.start].split(':').next() == Some(key)) {
        Some(k) => {
            let at = k.start;
            lines.drain(k);
            lines.insert(at, new);
        }
        None => {
            let at = lines.len().saturating_sub(if lines.last().is_some_and(String::is_empty) { 1 } else { 0 });
            lines.insert(at, new);
        }
    }
}

fn mutate_portal(r: &mut Rng, m: &mut Mutator) -> String {
    let rel = PathBuf::from("portal.yaml");
    let hostile = |r: &mut Rng| yaml_quote(r.pick_str(TOKENS));
    let (key, value) = match r.below(14) {
        0 => ("phase_model", format!(" {}", r.pick(&["n3", "five-phase", "blt", "custom", "bogus", "\"\"", "[n3]"]))),
        1 | 2 => {
            let n = r.size(300);
            let mut s = String::new();
            for i in 0..n {
                let choices = if r.chance(60) { 1 } else { 4 };
                let id = match r.below(choices) {
                    0 => format!("p{i}"),
                    1 => (*r.pick(PHASES)).to_owned(),
                    2 => yaml_quote(r.pick_str(&["", "Stor", "æ", "a/b", "..", "<x>", "1", "a-b", "paused"])),
                    _ => format!("fase-{}", i % 3),
                };
                let label = if r.chance(50) { yaml_quote(&hostile_text(r)) } else { format!("Fase {i}") };
                let _ = write!(
                    s,
                    "\n  - {{ id: {id}, label: {label}, description: {} }}",
                    if r.chance(20) { hostile(r) } else { "x".into() }
                );
            }
            if r.chance(70) {
                let lines_text = String::from_utf8_lossy(&m.read(&rel)).into_owned();
                let mut lines: Vec<String> = lines_text.split('\n').map(str::to_owned).collect();
                set_top_key(&mut lines, "phase_model", " custom");
                m.write(&rel, lines.join("\n").as_bytes());
            }
            ("phases", s)
        }
        3 => {
            let url = if r.chance(50) {
                (*r.pick(&[
                    "https://x.example/",
                    "https://x.example/sub/dir/",
                    "https://x.example/æøå/",
                    "http://localhost:1111/",
                ]))
                .to_owned()
            } else {
                (*r.pick(BASE_URLS)).to_owned()
            };
            ("base_url", format!(" {}", yaml_quote(&url)))
        }
        4 => (
            "language",
            format!(
                " {}",
                r.pick(&["da", "nb", "nn", "en", "da", "nb", "nn", "en", "sv", "\"\"", "DA", "42", "[da, nb]"])
            ),
        ),
        5 => {
            let n = r.range(1, 3);
            let mut s = String::new();
            for _ in 0..n {
                let value = if r.chance(50) {
                    (*r.pick(&["nyt-navn", "x", "a-b-c", "projekter2", "p"])).to_owned()
                } else {
                    (*r.pick(PATH_VALUES)).to_owned()
                };
                let _ = write!(s, "\n  {}: {}", r.pick(PATH_KEYS), yaml_quote(&value));
            }
            ("paths", s)
        }
        6 => {
            let n = r.size(300);
            let valid = r.chance(70);
            let items: Vec<String> = (0..n)
                .map(|i| match r.below(if valid { 2 } else { 4 }) {
                    0 => yaml_quote(&format!("{} {i}", hostile_text(r))),
                    1 => format!("Område {i}"),
                    2 => r.pick(&m.info.values).clone(),
                    _ => "\"\"".into(),
                })
                .collect();
            ("areas", format!(" [{}]", items.join(", ")))
        }
        7 => {
            let email = if r.chance(50) { "innovation@kommune.dk" } else { *r.pick(EMAILS) };
            ("contact", format!("\n  email: {}", yaml_quote(email)))
        }
        8 | 9 => {
            let url = if r.chance(50) {
                format!("https://ok.example/?q={}", hostile_text(r))
            } else {
                (*r.pick(URL_VALUES)).to_owned()
            };
            let (key, field) = if r.chance(50) { ("ideas", "form_action") } else { ("accessibility", "statement_url") };
            (key, format!("\n  {field}: {}", yaml_quote(&url)))
        }
        10 => {
            let v = match r.below(4) {
                0 => format!(" {}", hostile(r)),
                1 => format!("\n  licence: {}", hostile(r)),
                2 => format!("\n  licence: {{ name: x, url: {} }}", yaml_quote(r.pick_str(URL_VALUES))),
                _ => "\n  licence: { name: x, url: https://ok.example/, attribution: true }".into(),
            };
            ("open_data", v)
        }
        11 => {
            let n = r.size(3000);
            let items: Vec<String> = (0..n)
                .map(|i| match r.below(5) {
                    0 => hostile(r),
                    1 => "\"\"".into(),
                    2 => "a".into(),
                    3 => "x".repeat(r.size(500)),
                    _ => format!("ord{i}"),
                })
                .collect();
            ("search", format!("\n  compounds: [{}]", items.join(", ")))
        }
        12 => (*r.pick(&["title", "municipality"]), format!(" {}", yaml_quote(&hostile_text(r)))),
        _ => ("theme", format!(" {}", r.pick(&["default", "\"\"", "../../etc", "x"]))),
    };
    let text = String::from_utf8_lossy(&m.read(&rel)).into_owned();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    set_top_key(&mut lines, key, &value);
    m.write(&rel, lines.join("\n").as_bytes());
    format!("portal.yaml: {key}:{}", short(&value))
}

// ---------------------------------------------------------------------------------------------
// Building with a deadline.

static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static HOOK: Once = Once::new();

/// Records where every panic happened (then does what the previous hook did, unless `quiet`).
pub fn install_panic_hook(quiet: bool) {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current().name().unwrap_or("?").to_owned();
            if let Ok(mut p) = PANICS.lock() {
                p.push(format!("{info} (thread {thread})"));
            }
            if !quiet {
                previous(info);
            }
        }));
    });
}

#[derive(Debug)]
pub struct Success {
    pub output: Output,
    pub warnings: Vec<Diagnostic>,
    pub broken: Vec<nyttig::linkcheck::Broken>,
}

#[derive(Debug)]
pub struct Failed {
    pub diagnostics: Diagnostics,
    pub text: String,
}

#[derive(Debug)]
pub enum Outcome {
    Finished {
        result: Result<Success, Failed>,
        time: Duration,
    },
    Panicked {
        message: String,
        time: Duration,
    },
    /// Still running at the deadline; `finished_after` when it ended within the grace time.
    Hang {
        finished_after: Option<Duration>,
    },
}

/// Builds in a thread, as `nyttig build` would, and waits at most `deadline`; after a hang,
/// waits up to `grace` more for the thread to end (opening FIFOs it may wait on).
pub fn run_build(root: &Path, options: Options, deadline: Duration, grace: Duration, links: bool) -> Outcome {
    if let Ok(mut p) = PANICS.lock() {
        p.clear();
    }
    let (tx, rx) = mpsc::channel();
    let thread_root = root.to_path_buf();
    let started = Instant::now();
    let spawned = std::thread::Builder::new().name("fuzz-build".into()).spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let t = Instant::now();
            match build(&thread_root, &options) {
                Ok(built) => {
                    let time = t.elapsed();
                    let broken =
                        if links { nyttig::linkcheck::check(&built.output, &built.base_path) } else { Vec::new() };
                    (Ok(Success { output: built.output, warnings: built.warnings, broken }), time)
                }
                Err(diagnostics) => {
                    let time = t.elapsed();
                    let text = diagnostics.to_string();
                    (Err(Failed { diagnostics, text }), time)
                }
            }
        }));
        let _ = tx.send(outcome);
    });
    if let Err(e) = spawned {
        return Outcome::Panicked { message: format!("could not start a thread: {e}"), time: Duration::ZERO };
    }
    let panic_message = |payload: Box<dyn std::any::Any + Send>| {
        let recorded = PANICS.lock().ok().and_then(|mut p| p.pop());
        recorded.unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".into())
        })
    };
    match rx.recv_timeout(deadline) {
        Ok(Ok((result, time))) => Outcome::Finished { result, time },
        Ok(Err(payload)) => Outcome::Panicked { message: panic_message(payload), time: started.elapsed() },
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Outcome::Panicked { message: "the build thread died".into(), time: started.elapsed() }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let until = Instant::now() + grace;
            loop {
                unblock_fifos(root);
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(_) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Outcome::Hang { finished_after: Some(started.elapsed()) };
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < until => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => return Outcome::Hang { finished_after: None },
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Oracles.

#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: &'static str,
    /// What was found, with where.
    pub detail: String,
    /// What groups findings of the same cause.
    pub signature: String,
}

fn finding(kind: &'static str, signature: impl Into<String>, detail: impl Into<String>) -> Finding {
    Finding { kind, detail: detail.into(), signature: signature.into() }
}

/// An HTML tag as a browser would read its start.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    start: usize,
    end: usize,
}

/// The start tags of an HTML text (comments, end tags and the content of raw-text elements
/// skipped).
fn scan_tags(h: &str) -> Vec<Tag> {
    let b = h.as_bytes();
    let len = b.len();
    let find = |from: usize, pat: &str| h.get(from..).and_then(|s| s.find(pat)).map(|i| i + from);
    let lower = h.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(s) = find(i, "<") {
        if h[s..].starts_with("<!--") {
            i = find(s + 4, "-->").map_or(len, |e| e + 3);
            continue;
        }
        if s + 1 >= len {
            break;
        }
        if matches!(b[s + 1], b'!' | b'?' | b'/') {
            i = find(s, ">").map_or(len, |e| e + 1);
            continue;
        }
        if !b[s + 1].is_ascii_alphabetic() {
            i = s + 1;
            continue;
        }
        let mut j = s + 1;
        while j < len && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = h[s + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < len && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= len || b[j] == b'>' {
                break;
            }
            let ns = j;
            j += 1; // A name may start with `=`.
            while j < len && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' && b[j] != b'=' {
                j += 1;
            }
            let attr = h[ns..j].to_ascii_lowercase();
            let mut k = j;
            while k < len && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = String::new();
            if k < len && b[k] == b'=' {
                k += 1;
                while k < len && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < len && (b[k] == b'"' || b[k] == b'\'') {
                    let q = if b[k] == b'"' { "\"" } else { "'" };
                    let ve = find(k + 1, q).unwrap_or(len);
                    value = h[k + 1..ve].to_owned();
                    j = (ve + 1).min(len);
                } else {
                    let vs = k;
                    while k < len && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                        k += 1;
                    }
                    value = h[vs..k].to_owned();
                    j = k;
                }
            }
            attrs.push((attr, value));
        }
        let end = (j + 1).min(len);
        i = end;
        if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
        ) {
            let close = format!("</{name}");
            i = lower[i..].find(&close).map_or(len, |e| e + i);
        }
        out.push(Tag { name, attrs, start: s, end });
    }
    out
}

/// A `<script …>` start as compared with the theme's: attributes sorted, a `src` reduced to
/// its file name (its folder follows `base_url`).
fn normalize_script(snippet: &str) -> String {
    let tags = scan_tags(snippet);
    let Some(tag) = tags.first().filter(|t| t.name == "script") else { return snippet.to_owned() };
    let mut attrs: Vec<String> = tag
        .attrs
        .iter()
        .map(|(n, v)| {
            if n == "src" {
                let file = v.split(['?', '#']).next().unwrap_or("").rsplit('/').next().unwrap_or("");
                format!("src=…/{file}")
            } else {
                format!("{n}={v}")
            }
        })
        .collect();
    attrs.sort();
    if attrs.is_empty() { "<script>".to_owned() } else { format!("<script {}>", attrs.join(" ")) }
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(num) = rest.strip_prefix("&#") {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let n = digits.chars().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
            if n > 0 {
                let value = u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                let consumed = rest.len() - digits.len() + n;
                rest = &rest[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        }
        const NAMED: &[(&str, char)] = &[
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&apos;", '\''),
            ("&colon;", ':'),
            ("&tab;", '\t'),
            ("&newline;", '\n'),
            ("&sol;", '/'),
            ("&lpar;", '('),
            ("&rpar;", ')'),
            ("&period;", '.'),
        ];
        if let Some((name, c)) =
            NAMED.iter().find(|(n, _)| rest.len() >= n.len() && rest[..n.len()].eq_ignore_ascii_case(n))
        {
            out.push(*c);
            rest = &rest[name.len()..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL attribute's value runs script when followed.
fn dangerous_url(value: &str) -> bool {
    let decoded = decode_entities(value);
    let trimmed = decoded.trim_matches(|c: char| c <= ' ');
    let cleaned: String =
        trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>().to_ascii_lowercase();
    cleaned.starts_with("javascript:") || cleaned.starts_with("vbscript:") || cleaned.starts_with("data:text/html")
}

const URL_ATTRS: &[&str] =
    &["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "longdesc", "ping"];
/// Elements that content must never bring into `<main>` (the theme's forms, SVG charts and
/// video placeholder depend on the configuration, so they are not watched).
const WATCHED_ELEMENTS: &[&str] =
    &["iframe", "object", "embed", "base", "meta", "link", "style", "frame", "frameset", "applet", "script"];

/// What one HTML page has that the oracles look at; each item with a snippet of where.
#[derive(Default)]
struct PageScan {
    scripts: Vec<(String, String)>,
    handlers: Vec<(String, String)>,
    styles_in_main: Vec<(String, String)>,
    elements_in_main: Vec<(String, String)>,
    js_urls: Vec<(String, String)>,
}

impl PageScan {
    fn new(html: &str) -> PageScan {
        let mut scan = PageScan::default();
        let snippet = |from: usize, to: usize| {
            let mut a = from.min(html.len());
            while !html.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = to.min(html.len()).max(a);
            while !html.is_char_boundary(b) {
                b += 1;
            }
            short(&html[a..b])
        };
        // Every `<script`, wherever it is (a comment, an attribute, JSON).
        let lower = html.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find("<script").map(|i| i + from) {
            let end = lower[i..].find('>').map_or(html.len(), |e| i + e + 1).min(i + 400);
            let tag = &html[i..end.max(i)];
            let tag = if html.is_char_boundary(end) { tag } else { &html[i..i + 7] };
            scan.scripts.push((normalize_script(tag), snippet(i.saturating_sub(60), end + 40)));
            from = i + 7;
        }
        let main_start = lower.find("<main").unwrap_or(usize::MAX);
        let main_end = lower.rfind("</main>").unwrap_or(0);
        for tag in scan_tags(html) {
            let in_main = tag.start > main_start && tag.start < main_end;
            let where_ = || snippet(tag.start, tag.end.min(tag.start + 300));
            for (attr, value) in &tag.attrs {
                if attr.len() > 2 && attr.starts_with("on") && attr[2..].bytes().all(|c| c.is_ascii_alphabetic()) {
                    scan.handlers.push((format!("<{} {attr}>", tag.name), where_()));
                }
                // Table cells may keep their alignment (`text-align: left|center|right`, as
                // Markdown tables write it, SECURITY.md); any other style is a finding.
                let alignment = matches!(tag.name.as_str(), "td" | "th")
                    && value.strip_prefix("text-align: ").is_some_and(|a| matches!(a, "left" | "center" | "right"));
                if in_main && attr == "style" && !alignment {
                    scan.styles_in_main.push((format!("<{} style>", tag.name), where_()));
                }
                if URL_ATTRS.contains(&attr.as_str()) && dangerous_url(value) {
                    scan.js_urls.push((format!("<{} {attr}>", tag.name), where_()));
                }
                let refresh = tag.attrs.iter().any(|(n, v)| n == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
                if attr == "content" && tag.name == "meta" && refresh {
                    let url = value.split_once(['=']).map(|x| x.1).unwrap_or("");
                    if dangerous_url(url.split_once("url=").map_or(url, |x| x.1)) {
                        scan.js_urls.push(("<meta content=url>".into(), where_()));
                    }
                }
            }
            if in_main && WATCHED_ELEMENTS.contains(&tag.name.as_str()) {
                scan.elements_in_main.push((format!("<{}>", tag.name), where_()));
            }
        }
        scan
    }
}

fn check_output_path(path: &str) -> Option<String> {
    if path.is_empty() || path.starts_with('/') || path.contains('\\') {
        return Some("absolute, empty or with a backslash".into());
    }
    if path.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") {
        return Some("a `.`, `..` or empty segment".into());
    }
    if path.chars().any(|c| c.is_control()) {
        return Some("a control character".into());
    }
    None
}

/// Every text the portal holds now, for telling a link the content wrote from one it did not.
fn portal_text(root: &Path) -> String {
    let mut entries = Vec::new();
    walk(root, root, &mut entries);
    let mut text = String::new();
    for (rel, kind) in entries {
        if matches!(kind, Entry::File(_)) {
            let bytes = fs::read(root.join(rel)).unwrap_or_default();
            text.push_str(&String::from_utf8_lossy(&bytes));
            text.push('\n');
        }
    }
    text
}

fn judge(base: &Base, plan: &Plan, outcome: &Outcome) -> Vec<Finding> {
    let mut found = Vec::new();
    let result = match outcome {
        Outcome::Panicked { message, .. } => {
            let location = message
                .split_once("panicked at ")
                .map(|(_, rest)| rest.split(':').take(2).collect::<Vec<_>>().join(":"))
                .unwrap_or_else(|| message.chars().take(60).collect());
            found.push(finding("panic", location, short(message)));
            return found;
        }
        Outcome::Hang { finished_after } => {
            let kinds: BTreeSet<String> = plan.mutations.iter().map(|(k, _)| k.name()).collect();
            let how = match finished_after {
                Some(t) => format!("finished after {:.1} s", t.as_secs_f64()),
                None => "still running after the grace time".into(),
            };
            found.push(finding("hang", kinds.into_iter().collect::<Vec<_>>().join("+"), how));
            return found;
        }
        Outcome::Finished { result, .. } => result,
    };
    let built = match result {
        Err(failed) => {
            let diags = &failed.diagnostics.0;
            if !diags.iter().any(|d| d.is_error() && !d.path.trim().is_empty()) {
                found.push(finding(
                    "diagnostic",
                    "failed without an error naming a file",
                    format!("{} diagnostics: {}", diags.len(), short(&failed.text)),
                ));
            }
            // Each file read once, each line's length counted once: a build may report
            // ninety thousand errors in one file of megabytes.
            let mut files: BTreeMap<&str, Option<(String, Vec<usize>)>> = BTreeMap::new();
            let mut widths: BTreeMap<(&str, usize), usize> = BTreeMap::new();
            for d in diags.iter().filter(|d| d.is_error() && d.line > 0) {
                let file = files.entry(d.path.as_str()).or_insert_with(|| {
                    let bytes = fs::read(base.root.join(&d.path)).ok()?;
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
                    Some((text, starts))
                });
                let Some((text, starts)) = file else { continue };
                let beyond = d.line > starts.len() || {
                    let width = *widths.entry((d.path.as_str(), d.line)).or_insert_with(|| {
                        let start = starts[d.line - 1];
                        let end = starts.get(d.line).map_or(text.len(), |e| e - 1);
                        text[start..end].chars().count()
                    });
                    d.col > width + 2
                };
                if beyond {
                    // YAML also breaks lines at U+2028, U+2029, U+0085 and a lone CR.
                    let odd_breaks =
                        text.contains(['\u{2028}', '\u{2029}', '\u{85}']) || text.replace("\r\n", "").contains('\r');
                    let signature = if odd_breaks {
                        "placed beyond its file, which has U+2028/U+2029/U+0085 or a lone CR".to_owned()
                    } else {
                        format!("placed beyond its file: {}", d.message().chars().take(40).collect::<String>())
                    };
                    found.push(finding(
                        "diagnostic",
                        signature,
                        format!(
                            "{}:{}:{} but the file has {} lines: {}",
                            d.path,
                            d.line,
                            d.col,
                            starts.len(),
                            short(&d.message())
                        ),
                    ));
                    break;
                }
            }
            return found;
        }
        Ok(built) => built,
    };
    if plan.strict && !built.warnings.is_empty() {
        found.push(finding(
            "diagnostic",
            "warnings in a strict build",
            format!("{} warnings, first: {}", built.warnings.len(), short(&built.warnings[0].to_string())),
        ));
    }
    if let Some(w) = built.warnings.iter().find(|w| w.path.trim().is_empty()) {
        found.push(finding("diagnostic", "a warning without a file", short(&w.to_string())));
    }
    let allowed = &base.allowed;
    let mut seen: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let mut note = |found: &mut Vec<Finding>, kind: &'static str, sig: String, detail: String| {
        let n = seen.entry((kind, sig.clone())).or_insert(0);
        *n += 1;
        if *n == 1 {
            found.push(finding(kind, sig, detail));
        }
    };
    let mut sources: Option<String> = None;
    for (path, bytes) in &built.output {
        if let Some(why) = check_output_path(path) {
            note(&mut found, "output-path", why.clone(), format!("{}: {why}", short(path)));
        }
        let text = String::from_utf8_lossy(bytes);
        if text.contains(CANARY) {
            note(
                &mut found,
                "escape",
                "a file from outside the portal".into(),
                format!("{} holds the canary", short(path)),
            );
        }
        if text.contains(INJECTED) {
            let src = sources.get_or_insert_with(|| portal_text(&base.root));
            if !src.contains(INJECTED) {
                note(
                    &mut found,
                    "template-injection",
                    "content evaluated as a template".into(),
                    format!("{path} holds {INJECTED}"),
                );
            }
        }
        if path.ends_with(".html") {
            let page = PageScan::new(&text);
            for (tag, at) in page.scripts {
                if !allowed.scripts.contains(&tag) {
                    note(&mut found, "script", tag.chars().take(60).collect(), format!("{path}: {at}"));
                }
            }
            for (sig, at) in page.handlers {
                if !allowed.handlers.contains(&sig) {
                    note(&mut found, "event-handler", sig, format!("{path}: {at}"));
                }
            }
            for (sig, at) in page.js_urls {
                note(&mut found, "js-url", sig, format!("{path}: {at}"));
            }
            for (sig, at) in page.styles_in_main {
                if !allowed.styles_in_main.contains(&sig) {
                    note(&mut found, "style-attr", sig, format!("{path}: {at}"));
                }
            }
            for (sig, at) in page.elements_in_main {
                if !allowed.elements_in_main.contains(&sig) {
                    note(&mut found, "element", sig, format!("{path}: {at}"));
                }
            }
        } else if path.ends_with(".xml") && allowed.xml_clean {
            if let Err(e) = roxmltree::Document::parse(&text) {
                note(&mut found, "xml", format!("{path} is not well-formed"), format!("{path}: {e}"));
            }
        } else if path.ends_with(".json")
            && allowed.json_clean
            && let Err(e) = serde_json::from_slice::<serde_json::Value>(bytes)
        {
            note(&mut found, "json", format!("{path} does not parse"), format!("{path}: {e}"));
        }
    }
    if allowed.links_clean && !built.broken.is_empty() {
        let src = sources.get_or_insert_with(|| portal_text(&base.root));
        for b in built.broken.iter().take(200) {
            let written = b.link.split('#').next().unwrap_or("");
            let anchor = b.link.split_once('#').map(|x| x.1).unwrap_or("");
            let from_content =
                (!written.is_empty() && src.contains(written)) || (!anchor.is_empty() && src.contains(anchor));
            if !from_content {
                let why = if b.why.en().contains(" has no id ") { "a page has no such id" } else { "no such file" };
                let sig = format!("{why}; base_url {:?}", plan.base_url.unwrap_or("from portal.yaml"));
                note(&mut found, "dead-link", sig, format!("{}: {} ({})", b.page, short(&b.link), short(&b.why.en())));
            }
        }
    }
    for ((kind, sig), n) in seen {
        if n > 1
            && let Some(f) = found.iter_mut().find(|f| f.kind == kind && f.signature == sig)
        {
            let _ = write!(f.detail, " (and {} more)", n - 1);
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The run.

#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    /// The first iteration (to resume a run).
    pub start: u64,
    /// At most this many iterations.
    pub iterations: Option<u64>,
    /// At most this long.
    pub time_limit: Option<Duration>,
    /// `demo`, `basic`, a list of names, or `all`.
    pub base: String,
    /// A build that takes longer hangs.
    pub deadline: Duration,
    /// After a hang, how long to wait for the build to end before giving its copy up.
    pub grace: Duration,
    /// Apply only this one of each iteration's mutations (to find which one fails).
    pub only: Option<usize>,
    pub skip: Vec<Kind>,
    /// Where failing inputs are saved (`<seed>-<iter>/` each).
    pub failures_dir: PathBuf,
    /// Written before each build and removed after, so that a crash of the whole process
    /// (a stack overflow) can be found and saved on the next run.
    pub marker: Option<PathBuf>,
    /// After a failure, build each of its mutations alone to name the one that fails.
    pub isolate: bool,
    /// How `cargo` runs the fuzzer, for the printed repro commands.
    pub command: String,
    pub verbose: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            start: 0,
            iterations: None,
            time_limit: None,
            base: "all".into(),
            deadline: Duration::from_secs(10),
            grace: Duration::from_secs(60),
            only: None,
            skip: Vec::new(),
            failures_dir: target_dir().join("fuzz/failures"),
            marker: None,
            isolate: true,
            command: "cargo run --release --example fuzz --".into(),
            verbose: false,
        }
    }
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

impl Config {
    /// The command that replays one iteration.
    pub fn repro(&self, iter: u64, only: Option<usize>) -> String {
        let mut cmd = format!(
            "{} --seed {} --base {} --start {iter} --iterations 1 --deadline-ms {}",
            self.command,
            self.seed,
            self.base,
            self.deadline.as_millis()
        );
        if !self.skip.is_empty() {
            let names: Vec<String> = self.skip.iter().map(|k| k.name()).collect();
            let _ = write!(cmd, " --skip {}", names.join(","));
        }
        if let Some(j) = only {
            let _ = write!(cmd, " --only {j}");
        }
        cmd
    }
}

#[derive(Clone, Debug)]
pub struct Failure {
    pub iter: u64,
    pub base: String,
    pub finding: Finding,
    pub saved: Option<PathBuf>,
    /// The mutation that fails alone, when one does.
    pub culprit: Option<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub seed: u64,
    pub builds: u64,
    pub succeeded: u64,
    pub refused: u64,
    /// Builds made to find which mutation of a failing iteration fails alone.
    pub isolation_builds: u64,
    pub elapsed: Duration,
    /// Every build's time, with its iteration.
    pub times: Vec<(Duration, u64, String)>,
    pub failures: Vec<Failure>,
    /// The iteration to go on from.
    pub next: u64,
    pub stopped_early: Option<String>,
    pub calibration: Vec<String>,
    pub repro_command: String,
    /// Per mutation kind: in how many builds, and how many of them succeeded.
    pub kinds: BTreeMap<String, (u64, u64)>,
}

impl Report {
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let _ = writeln!(
            s,
            "seed {}: {} builds ({} built, {} refused with errors) in {:.1} s = {:.2} builds/s; {} more to isolate culprits",
            self.seed,
            self.builds,
            self.succeeded,
            self.refused,
            secs,
            self.builds as f64 / secs,
            self.isolation_builds
        );
        let mut times: Vec<Duration> = self.times.iter().map(|t| t.0).collect();
        times.sort();
        if !times.is_empty() {
            let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            let _ = writeln!(
                s,
                "build time: median {:.0?}, p99 {:.0?}, max {:.0?}",
                at(0.5),
                at(0.99),
                times[times.len() - 1]
            );
        }
        if let Some((t, iter, base)) = self.times.iter().max_by_key(|t| t.0) {
            let _ = writeln!(
                s,
                "slowest: seed {} iteration {iter} (base {base}) {:.2?}: {}",
                self.seed,
                t,
                self.repro_for(*iter)
            );
        }
        let mut kinds: BTreeMap<&str, BTreeMap<&str, Vec<&Failure>>> = BTreeMap::new();
        for f in &self.failures {
            kinds.entry(f.finding.kind).or_default().entry(f.finding.signature.as_str()).or_default().push(f);
        }
        let _ = writeln!(s, "failures: {} in {} iterations", self.failures.len(), {
            let iters: BTreeSet<u64> = self.failures.iter().map(|f| f.iter).collect();
            iters.len()
        });
        for (kind, sigs) in &kinds {
            let n: usize = sigs.values().map(Vec::len).sum();
            let _ = writeln!(s, "  {kind}: {n}");
            for (sig, list) in sigs {
                let first = list[0];
                let _ = writeln!(
                    s,
                    "    {}× {}  (first: iteration {} on {}{}{})",
                    list.len(),
                    short(sig),
                    first.iter,
                    first.base,
                    first.culprit.as_ref().map(|c| format!(", alone: {c}")).unwrap_or_default(),
                    first.saved.as_ref().map(|p| format!(", {}", p.display())).unwrap_or_default()
                );
            }
        }
        let by_kind: Vec<String> = self.kinds.iter().map(|(k, (n, ok))| format!("{k} {ok}/{n}")).collect();
        let _ = writeln!(s, "built/tried by mutation kind: {}", by_kind.join(", "));
        if let Some(why) = &self.stopped_early {
            let _ = writeln!(s, "stopped early: {why}");
        }
        let _ = writeln!(s, "to go on: --seed {} --start {}", self.seed, self.next);
        s
    }

    fn repro_for(&self, iter: u64) -> String {
        self.repro_command.replace("{iter}", &iter.to_string())
    }
}

/// The oracles must still see what they look for: a page made bad on purpose.
fn self_check() -> Result<(), String> {
    let page = concat!(
        "<html><head><script src=\"/assets/nyttig.js?v=1\" defer></script></head><body>",
        "<main id=\"main\"><h2 id=\"x\" onclick=\"alert(1)\">x</h2>",
        "<a href=\" jav&#x09;ascript:alert(1)\">x</a><svg/onload=alert(1)>",
        "<table><tr><th style=\"text-align: left\">1</th><td style=\"text-align: left; color: red\">1</td></tr></table><iframe src=x></iframe>",
        "<script type=\"application/json\" id=\"search-strings\">{\"a\":\"</script><script>alert(1)</script>\"}</script>",
        "</main></body></html>"
    );
    let scan = PageScan::new(page);
    let has = |list: &[(String, String)], what: &str| list.iter().any(|(sig, _)| sig == what);
    let checks = [
        (has(&scan.handlers, "<h2 onclick>"), "an onclick on a heading"),
        (has(&scan.handlers, "<svg onload>"), "an onload after `/`"),
        (has(&scan.js_urls, "<a href>"), "a javascript: URL with a tab and an entity"),
        (has(&scan.styles_in_main, "<td style>"), "a style on a table cell beyond its alignment"),
        (!has(&scan.styles_in_main, "<th style>"), "a table cell's alignment, which is allowed"),
        (has(&scan.elements_in_main, "<iframe>"), "an iframe in <main>"),
        (has(&scan.scripts, "<script>"), "a <script> after a </script> inside JSON"),
        (has(&scan.scripts, "<script defer= src=…/nyttig.js>"), "the theme's own script"),
    ];
    let missed: Vec<&str> = checks.iter().filter(|(ok, _)| !ok).map(|(_, what)| *what).collect();
    if missed.is_empty() { Ok(()) } else { Err(format!("the oracles no longer see: {}", missed.join(", "))) }
}

/// Sets up the bases and runs the iterations; `log` gets a line per failure and progress.
pub fn run(config: &Config, log: &mut dyn FnMut(&str)) -> Result<Report, String> {
    install_panic_hook(false);
    self_check()?;
    let sources = base_sources(&config.base)?;
    let mut bases = Vec::new();
    let mut report = Report { seed: config.seed, next: config.start, ..Report::default() };
    report.repro_command = config.repro(u64::MAX, None).replace(&u64::MAX.to_string(), "{iter}");
    for (name, path) in &sources {
        let mut base = Base::new(name, path)?;
        base.calibrate(config.deadline.max(Duration::from_secs(60)))?;
        report.calibration.push(format!("{name}: {}", base.calibration));
        log(&format!("base {name}: {}", base.calibration));
        bases.push(base);
    }
    let started = Instant::now();
    let mut last_progress = Instant::now();
    let mut leaked = 0;
    let mut iter = config.start;
    loop {
        if config.iterations.is_some_and(|n| iter >= config.start + n) {
            break;
        }
        if config.time_limit.is_some_and(|t| started.elapsed() >= t) {
            break;
        }
        let plan = Plan::new(config.seed, iter, bases.len(), &config.skip);
        let base = &mut bases[plan.base];
        let descriptions = apply(base, &plan, config.only);
        if config.verbose {
            log(&format!(
                "iteration {iter} on {}: {} | {}",
                base.name,
                descriptions.join(" | "),
                plan.describe_options()
            ));
        }
        if let Some(marker) = &config.marker {
            let _ = fs::write(marker, format!("{} {} {}\n", config.seed, iter, config.only.map_or(-1, |o| o as i64)));
        }
        let outcome = run_build(&base.root, plan.options(), config.deadline, config.grace, plan.checks_links());
        report.builds += 1;
        if config.verbose {
            log(&format!("  → {}", outcome_line(&outcome)));
        }
        match &outcome {
            Outcome::Finished { result, time } => {
                report.times.push((*time, iter, base.name.clone()));
                let kinds: BTreeSet<String> = plan.mutations.iter().map(|(k, _)| k.name()).collect();
                for k in kinds {
                    let e = report.kinds.entry(k).or_default();
                    e.0 += 1;
                    e.1 += u64::from(result.is_ok());
                }
                if result.is_ok() {
                    report.succeeded += 1;
                } else {
                    report.refused += 1;
                }
            }
            Outcome::Panicked { time, .. } => report.times.push((*time, iter, base.name.clone())),
            Outcome::Hang { finished_after } => {
                report.times.push((finished_after.unwrap_or(config.deadline + config.grace), iter, base.name.clone()))
            }
        }
        let findings = judge(base, &plan, &outcome);
        if !findings.is_empty() {
            let saved = save_failure(config, base, &plan, iter, &descriptions, &findings);
            // Which mutation fails alone (not after hangs: too slow).
            let mut culprits: BTreeMap<&'static str, String> = BTreeMap::new();
            // Not after a hang that did not end: its builds would hang again.
            let hung = matches!(outcome, Outcome::Hang { finished_after: None });
            if hung {
                leaked += 1;
                let _ = base.fresh_copy();
            }
            if config.isolate && !hung && plan.mutations.len() > 1 && config.only.is_none() {
                for j in 0..plan.mutations.len() {
                    let _ = base.restore();
                    apply(base, &plan, Some(j));
                    if let Some(marker) = &config.marker {
                        let _ = fs::write(marker, format!("{} {} {}\n", config.seed, iter, j));
                    }
                    let again =
                        run_build(&base.root, plan.options(), config.deadline, config.grace, plan.checks_links());
                    report.isolation_builds += 1;
                    let hung_again = matches!(again, Outcome::Hang { finished_after: None });
                    for f in judge(base, &plan, &again) {
                        culprits
                            .entry(f.kind)
                            .or_insert_with(|| format!("mutation {j} ({})", plan.mutations[j].0.name()));
                    }
                    if hung_again {
                        leaked += 1;
                        let _ = base.fresh_copy();
                        break;
                    }
                }
            }
            for f in findings {
                let culprit = culprits.get(f.kind).cloned();
                log(&format!(
                    "FAIL {} [{}] iteration {iter} on {}: {}{}\n  saved: {}\n  repro: {}",
                    f.kind,
                    short(&f.signature),
                    base.name,
                    f.detail,
                    culprit.as_ref().map(|c| format!(" (alone: {c})")).unwrap_or_default(),
                    saved.as_ref().map_or("(not saved)".into(), |p| p.display().to_string()),
                    config.repro(iter, None)
                ));
                report.failures.push(Failure {
                    iter,
                    base: base.name.clone(),
                    finding: f,
                    saved: saved.clone(),
                    culprit,
                });
            }
        }
        let restored = base.restore().and_then(|()| {
            // Never let one iteration's leftovers reach the next.
            let now = snapshot_portal(&base.root)?;
            if now == base.pristine { Ok(()) } else { Err(io::Error::other("the copy differs from the base")) }
        });
        if let Err(e) = restored {
            log(&format!("could not restore {}: {e}; making a new copy", base.name));
            base.fresh_copy().map_err(|e| format!("copying {}: {e}", base.name))?;
        }
        if let Some(marker) = &config.marker {
            let _ = fs::remove_file(marker);
        }
        iter += 1;
        report.next = iter;
        if leaked >= 2 {
            report.stopped_early =
                Some(format!("{leaked} builds are still running after their grace time; restart with --start {iter}"));
            break;
        }
        if last_progress.elapsed() >= Duration::from_secs(15) {
            last_progress = Instant::now();
            log(&format!(
                "… iteration {iter}: {} builds, {:.2} builds/s, {} failures",
                report.builds,
                report.builds as f64 / started.elapsed().as_secs_f64(),
                report.failures.len()
            ));
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

fn outcome_line(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Finished { result: Ok(ok), time } => {
            format!("built {} files in {time:.0?} with {} warnings", ok.output.len(), ok.warnings.len())
        }
        Outcome::Finished { result: Err(failed), time } => {
            let first = failed.diagnostics.0.iter().find(|d| d.is_error());
            format!(
                "refused in {time:.0?} with {} errors, first: {}",
                failed.diagnostics.error_count(),
                first.map(|d| short(&format!("{}:{}:{}: {}", d.path, d.line, d.col, d.message()))).unwrap_or_default()
            )
        }
        other => format!("{other:?}"),
    }
}

fn apply(base: &mut Base, plan: &Plan, only: Option<usize>) -> Vec<String> {
    let mut descriptions = Vec::new();
    let Base { root, info, touched, .. } = base;
    let mut m = Mutator { root, info, touched };
    for (j, (kind, seed)) in plan.mutations.iter().enumerate() {
        if only.is_some_and(|o| o != j) {
            continue;
        }
        let mut r = Rng::new(*seed);
        let what = mutate(*kind, &mut r, &mut m);
        descriptions.push(format!("{j}: {}: {what}", kind.name()));
    }
    descriptions
}

fn save_failure(
    config: &Config,
    base: &Base,
    plan: &Plan,
    iter: u64,
    descriptions: &[String],
    findings: &[Finding],
) -> Option<PathBuf> {
    let dir = config.failures_dir.join(format!("{}-{iter}", config.seed));
    let _ = fs::remove_dir_all(&dir);
    copy_tree(&base.root, &dir).ok()?;
    let mut readme = String::new();
    for f in findings {
        let _ = writeln!(readme, "FAILED: {} [{}]: {}", f.kind, f.signature, f.detail);
    }
    let _ = writeln!(readme, "\nbase: {}; {}", base.name, plan.describe_options());
    let _ = writeln!(readme, "mutations:");
    for d in descriptions {
        let _ = writeln!(readme, "  {d}");
    }
    let _ = writeln!(readme, "\nrepro: {}", config.repro(iter, config.only));
    let _ = writeln!(
        readme,
        "or: cargo run --release -- check --root {}{}{}{}",
        dir.display(),
        if plan.drafts { " --drafts" } else { "" },
        if plan.strict { " --strict" } else { "" },
        plan.base_url.map(|u| format!("  (and the build's --base-url {u:?})")).unwrap_or_default()
    );
    let _ = fs::write(dir.join("FUZZ-README.txt"), readme);
    Some(dir)
}

/// After a crash of the whole process (the marker is still there): saves the input the
/// marker names, as a failure of kind `crash`.
pub fn recover_crash(config: &Config, log: &mut dyn FnMut(&str)) -> Result<(), String> {
    let Some(marker) = &config.marker else { return Ok(()) };
    let Ok(text) = fs::read_to_string(marker) else { return Ok(()) };
    let _ = fs::remove_file(marker);
    let parts: Vec<i64> = text.split_whitespace().filter_map(|p| p.parse().ok()).collect();
    let [seed, iter, only] = parts[..] else { return Ok(()) };
    let (seed, iter) = (seed as u64, iter as u64);
    let only = usize::try_from(only).ok();
    let replay = Config { seed, only, ..config.clone() };
    let sources = base_sources(&replay.base)?;
    let plan = Plan::new(seed, iter, sources.len(), &replay.skip);
    let (name, path) = &sources[plan.base];
    let mut base = Base::new(name, path)?;
    let descriptions = apply(&mut base, &plan, only);
    let f = finding(
        "crash",
        "the process died",
        "the previous run ended while building this input (a stack overflow, an abort, or it was killed)",
    );
    let saved = save_failure(&replay, &base, &plan, iter, &descriptions, std::slice::from_ref(&f));
    log(&format!(
        "CRASH: the previous run ended at seed {seed} iteration {iter}{}; saved {}\n  repro: {}\n  mutations: {}",
        only.map(|o| format!(" (only mutation {o})")).unwrap_or_default(),
        saved.map_or("(not saved)".into(), |p| p.display().to_string()),
        replay.repro(iter, only),
        descriptions.join(" | ")
    ));
    Ok(())
}
