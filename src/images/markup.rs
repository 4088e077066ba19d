//! The markup of a processed picture: `<picture>` with a WebP source and a JPEG (or PNG)
//! fallback, both with every width in `srcset`, `sizes` as the layout shows it, `width` and
//! `height` (so nothing moves while it loads), and lazy loading for all but the first picture
//! of a page, which the browser fetches first instead.

use super::Made;
use crate::text::xml_escape;

/// How wide a picture is shown, per place in the default theme (see style.css): what the
/// browser chooses a width by before it has the style sheet.
pub mod sizes {
    /// A project's picture and pictures in a story: the reading column (`--measure`).
    pub const COLUMN: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";
    /// A card in a grid of cards (at least 18rem wide, three in a row on a wide screen).
    pub const CARD: &str = "(min-width: 40rem) 22rem, calc(100vw - 2rem)";
    /// An innovator's portrait.
    pub const PORTRAIT: &str = "10rem";

    /// How many CSS pixels wide the theme shows a picture from front matter (the reading
    /// column, `COLUMN`) and a portrait (`PORTRAIT`) at most: a narrower picture is
    /// stretched, and looks blurred.
    pub const COLUMN_PX: u32 = 704;
    pub const PORTRAIT_PX: u32 = 160;
}

/// Where a picture's files are and how it is shown.
pub struct Shown<'a> {
    pub made: &'a Made,
    /// The address of the folder its files are in, ending in `/` (or empty: the page's own).
    pub folder: &'a str,
    /// The start of its files' names (see [`Made::file_name`]).
    pub stem: &'a str,
    pub alt: &'a str,
    pub sizes: &'a str,
    /// The first picture of the page: fetched first, not lazily.
    pub hero: bool,
    pub class: Option<&'a str>,
}

impl Shown<'_> {
    /// The address of one of its files.
    pub fn url(&self, variant: &super::Variant) -> String {
        format!("{}{}", self.folder, self.made.file_name(self.stem, variant))
    }

    fn srcset<'v>(&self, variants: impl Iterator<Item = &'v super::Variant>) -> String {
        variants.map(|v| format!("{} {}w", self.url(v), v.width)).collect::<Vec<_>>().join(", ")
    }

    /// Every width in WebP, for `<source srcset>`.
    pub fn webp_srcset(&self) -> String {
        self.srcset(self.made.webps())
    }

    /// Every width the `<img>` lists: in the fallback format (JPEG, or PNG with transparency),
    /// or in WebP where the portal makes only that.
    pub fn fallback_srcset(&self) -> String {
        self.srcset(self.made.shown().into_iter())
    }

    /// The file shown where `srcset` is not read: the widest no wider than 800 px.
    pub fn default_variant(&self) -> &super::Variant {
        let shown = self.made.shown();
        shown.iter().rev().find(|v| v.width <= 800).or(shown.first()).copied().unwrap_or(&self.made.share)
    }

    /// The whole `<picture>` element (with a WebP `<source>` when the `<img>` is not WebP
    /// already).
    pub fn html(&self) -> String {
        let img = self.default_variant();
        let loading = if self.hero { r#" fetchpriority="high""# } else { r#" loading="lazy""# };
        let class = self.class.map(|c| format!(r#" class="{}""#, xml_escape(c))).unwrap_or_default();
        let source = if img.format != super::Format::Webp && self.made.webps().next().is_some() {
            format!(
                r#"<source type="image/webp" srcset="{}" sizes="{}">"#,
                xml_escape(&self.webp_srcset()),
                xml_escape(self.sizes)
            )
        } else {
            String::new()
        };
        format!(
            r#"<picture>{source}<img{class} src="{src}" srcset="{fallback}" sizes="{sizes}" width="{w}" height="{h}" alt="{alt}"{loading} decoding="async"></picture>"#,
            fallback = xml_escape(&self.fallback_srcset()),
            sizes = xml_escape(self.sizes),
            src = xml_escape(&self.url(img)),
            w = img.width,
            h = img.height,
            alt = xml_escape(self.alt),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Made, Variant};
    use super::*;

    fn made() -> Made {
        let v = |width, height, format: Format| Variant {
            width,
            height,
            format,
            suffix: format!("w{width}.{}", format.ext()),
        };
        Made {
            key: 0xabc,
            width: 1000,
            height: 750,
            animated: false,
            variants: vec![
                v(480, 360, Format::Webp),
                v(480, 360, Format::Jpeg),
                v(800, 600, Format::Webp),
                v(800, 600, Format::Jpeg),
                v(1000, 750, Format::Webp),
                v(1000, 750, Format::Jpeg),
            ],
            share: Variant { width: 1000, height: 525, format: Format::Jpeg, suffix: "og.jpg".into() },
        }
    }

    #[test]
    fn a_picture_lists_every_width_and_keeps_its_shape() {
        let m = made();
        let shown = Shown {
            made: &m,
            folder: "/p/a/",
            stem: "bus",
            alt: "Bussen \"Hjem\"",
            sizes: sizes::COLUMN,
            hero: false,
            class: None,
        };
        let html = shown.html();
        assert!(html.contains(r#"<source type="image/webp" srcset="/p/a/bus.000000000abc.w480.webp 480w, /p/a/bus.000000000abc.w800.webp 800w, /p/a/bus.000000000abc.w1000.webp 1000w""#), "{html}");
        assert!(html.contains(r#"src="/p/a/bus.000000000abc.w800.jpg" srcset="/p/a/bus.000000000abc.w480.jpg 480w, /p/a/bus.000000000abc.w800.jpg 800w, /p/a/bus.000000000abc.w1000.jpg 1000w" sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)" width="800" height="600""#), "{html}");
        assert!(html.contains(r#"alt="Bussen &quot;Hjem&quot;" loading="lazy" decoding="async""#), "{html}");
        let hero = Shown { hero: true, ..shown }.html();
        assert!(hero.contains(r#"fetchpriority="high""#) && !hero.contains("lazy"), "{hero}");
    }
}
