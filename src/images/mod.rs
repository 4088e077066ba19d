//! Pictures: what a photo from a phone becomes before it is published. Each raster picture the
//! content uses is decoded with limits (a broken or hostile file is an error, never a crash or
//! a runaway), turned the way the camera meant, put in sRGB, resized to the widths the theme's
//! layouts use (never enlarged) and written as WebP and as JPEG (PNG where it is transparent),
//! plus a 1200 × 630 version for link previews (`og:image`). Nothing of the source file's
//! metadata (EXIF, XMP, IPTC, GPS position, camera serial, owner's name) is published.
//!
//! The files' names carry a hash of the source and the settings, so a host may cache them
//! forever; [`store`] keeps them outside the output, so a build whose pictures did not change
//! processes none. SVG files are checked ([`svg`]) and published as they are.

pub mod encode;
pub mod markup;
pub mod store;
pub mod svg;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fast_image_resize as fr;
use serde::{Deserialize, Serialize};

use encode::Pixels;

use crate::say::Say;

/// Raised whenever what a picture becomes changes, so that every stored picture is made again.
const PIPELINE_VERSION: u32 = 2;

/// The largest picture decoded, in pixels: a 108-megapixel phone photo, or 12000 × 9000.
pub const MAX_PIXELS: u64 = 108_000_000;

/// The most memory one decoder may take.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

use crate::config::Images as Settings;

/// The size of the picture for link previews (Open Graph, large summary cards).
pub const SHARE_SIZE: (u32, u32) = (1200, 630);

/// What a source file is, by its first bytes (its name may say otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    WebP,
    Gif,
    Svg,
}

impl Kind {
    /// The kind of a picture by its file name, for files the content names as pictures.
    pub fn by_name(name: &str) -> Option<Kind> {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        Some(match ext.as_str() {
            "jpg" | "jpeg" | "jfif" => Kind::Jpeg,
            "png" => Kind::Png,
            "webp" => Kind::WebP,
            "gif" => Kind::Gif,
            "svg" => Kind::Svg,
            _ => return None,
        })
    }

    /// Whether a file of this name is a picture the build processes (or checks, for SVG).
    pub fn is_picture_name(name: &str) -> bool {
        Kind::by_name(name).is_some() || NOT_ACCEPTED.iter().any(|ext| name.to_ascii_lowercase().ends_with(ext))
    }
}

/// Picture formats that are not accepted (HEIC and HEIF photos, TIFF, BMP, AVIF), by file name
/// ending: the build names them, and [`sniff`] says what they are.
const NOT_ACCEPTED: [&str; 6] = [".heic", ".heif", ".tif", ".tiff", ".bmp", ".avif"];

/// Why a picture cannot be published, for a content error; `hint` says what to do. Kept in
/// the store with the pictures (see [`store`]), and said in the reader's language when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub message: Say,
    pub hint: Say,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.en())
    }
}

fn problem(message: Say, hint: Say) -> Problem {
    Problem { message, hint }
}

/// What the first bytes of a file say it is.
pub fn sniff(bytes: &[u8]) -> Result<Kind, Problem> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Ok(Kind::WebP);
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Ok(Kind::Gif);
    }
    let what = if bytes.get(4..8) == Some(b"ftyp") {
        match bytes.get(8..12) {
            Some(b"avif" | b"avis") => say!("pictures.kind_avif"),
            _ => say!("pictures.kind_heic"),
        }
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        say!("pictures.kind_tiff")
    } else if starts(b"BM") {
        say!("pictures.kind_bmp")
    } else if starts(b"%PDF") {
        say!("pictures.kind_pdf")
    } else if looks_like_svg(bytes) {
        return Ok(Kind::Svg);
    } else if bytes.is_empty() {
        return Err(problem(say!("pictures.empty_file"), say!("pictures.empty_file_hint")));
    } else if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
        say!("pictures.kind_text")
    } else {
        say!("pictures.kind_unknown")
    };
    Err(problem(say!("pictures.not_accepted", what = what), say!("pictures.convert_hint")))
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg")
}

/// One file a picture becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// The end of its file name: `w800.webp`, `og.jpg`.
    pub suffix: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// What a raster picture became: its size as shown (after turning) and its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    /// A hash of the source bytes and the settings: part of every file's name.
    pub key: u64,
    pub width: u32,
    pub height: u32,
    /// An animated GIF, of which only the first frame is published.
    pub animated: bool,
    /// Every width in WebP and in the fallback format, narrowest first.
    pub variants: Vec<Variant>,
    /// The 1200 × 630 JPEG for link previews (smaller, in the same shape, when the picture is).
    pub share: Variant,
}

impl Made {
    /// The file name of `variant` of the picture whose file is `stem.ext`.
    pub fn file_name(&self, stem: &str, variant: &Variant) -> String {
        format!("{stem}.{:012x}.{}", self.key & 0xFFFF_FFFF_FFFF, variant.suffix)
    }

    /// The variants in the fallback format (JPEG, or PNG with transparency), narrowest first.
    pub fn fallbacks(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(|v| v.format != Format::Webp)
    }

    /// The variants an `<img>` lists, narrowest first: the fallback format's, or the WebP
    /// files where the portal makes only those.
    pub fn shown(&self) -> Vec<&Variant> {
        let fallbacks: Vec<&Variant> = self.fallbacks().collect();
        if fallbacks.is_empty() { self.webps().collect() } else { fallbacks }
    }

    /// The largest file an `<img>` may show (for a link to the picture), or the share picture.
    pub fn largest(&self) -> &Variant {
        self.shown().last().copied().unwrap_or(&self.share)
    }

    pub fn webps(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(|v| v.format == Format::Webp)
    }

    /// The variant whose file name ends in `suffix`.
    pub fn variant(&self, suffix: &str) -> Option<&Variant> {
        self.variants.iter().chain([&self.share]).find(|v| v.suffix == suffix)
    }
}

/// What every picture of a build became, by its source file.
#[derive(Debug, Default)]
pub struct Pictures {
    made: HashMap<PathBuf, Arc<Made>>,
    /// SVG drawings, published as they are, by the size they say they have (see [`svg::size`]).
    drawings: HashMap<PathBuf, (u32, u32)>,
}

impl Pictures {
    pub fn insert(&mut self, file: PathBuf, made: Arc<Made>) {
        self.made.insert(file, made);
    }

    pub fn get(&self, file: &Path) -> Option<&Made> {
        self.made.get(file).map(|m| &**m)
    }

    pub fn insert_drawing(&mut self, file: PathBuf, size: (u32, u32)) {
        self.drawings.insert(file, size);
    }

    /// The width and height of an SVG drawing, when it says them.
    pub fn drawing_size(&self, file: &Path) -> Option<(u32, u32)> {
        self.drawings.get(file).copied()
    }

    /// A number that changes whenever what `file` became does (for the pages' fingerprints).
    pub fn hash_of(&self, file: &Path) -> Option<u64> {
        match self.made.get(file) {
            Some(made) => Some(made.key),
            None => self.drawings.get(file).map(crate::hash::of),
        }
    }
}

/// The hash of a source file's bytes.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The key of a source file (by the hash of its bytes) under `settings`: what its files are
/// named and stored by.
pub fn key(bytes_hash: u64, settings: &Settings) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&bytes_hash.to_le_bytes());
    h.update(&PIPELINE_VERSION.to_le_bytes());
    h.update(&settings.quality.to_le_bytes());
    h.update(&[u8::from(settings.webp), u8::from(settings.jpeg)]);
    for w in &settings.widths {
        h.update(&w.to_le_bytes());
    }
    h.digest()
}

/// The files a picture became: the end of each one's name (`w800.webp`) and its bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Makes every file a raster picture becomes: (what it became, the files' bytes by suffix).
/// `key` is [`key`] of the bytes.
pub fn process(bytes: &[u8], key: u64, settings: &Settings) -> Result<(Made, Files), Problem> {
    let kind = sniff(bytes)?;
    if kind == Kind::Svg {
        return Err(problem(say!("pictures.svg_not_photo"), say!("pictures.svg_not_photo_hint")));
    }
    let pixels = decode(bytes, kind)?;
    let broken = |e: Say| problem(say!("pictures.cannot_write", why = e), say!("pictures.tell_developers"));
    let (width, height) = (pixels.width, pixels.height);
    let mut files = Vec::new();
    let mut variants = Vec::new();
    // Each width from the smallest wider one already made (or the original): sharp, and
    // much faster than each from the original.
    let widths = widths_for(width, &settings.widths);
    let mut made: Vec<Pixels> = Vec::new();
    for &w in widths.iter().rev() {
        let h = scaled_height(width, height, w);
        let from = made.last().unwrap_or(&pixels);
        let p = if w == width { clone(&pixels) } else { resize(from, w, h, false).map_err(broken)? };
        made.push(p);
    }
    made.reverse();
    for (p, &w) in made.iter().zip(&widths) {
        let mut encoded = Vec::with_capacity(2);
        if settings.webp {
            encoded.push((Format::Webp, encode::webp(p, settings.quality).map_err(broken)?));
        }
        if settings.jpeg && pixels.alpha {
            encoded.push((Format::Png, encode::png(p).map_err(broken)?));
        } else if settings.jpeg {
            encoded.push((Format::Jpeg, encode::jpeg(p, settings.quality).map_err(broken)?));
        }
        for (format, data) in encoded {
            let suffix = format!("w{w}.{}", format.ext());
            variants.push(Variant { width: w, height: p.height, format, suffix: suffix.clone() });
            files.push((suffix, data));
        }
    }
    // The share picture: the middle of the picture in the shape of 1200 × 630, never enlarged.
    let (sw, sh) = share_size(width, height);
    let largest = made.last().filter(|p| p.width >= sw && p.height >= sh).unwrap_or(&pixels);
    let share_pixels = resize(largest, sw, sh, true).map_err(broken)?;
    let share_jpeg = encode::jpeg(&share_pixels, settings.quality).map_err(broken)?;
    let share = Variant { width: sw, height: sh, format: Format::Jpeg, suffix: "og.jpg".into() };
    files.push((share.suffix.clone(), share_jpeg));
    let animated = kind == Kind::Gif && gif_frames(bytes) > 1;
    Ok((Made { key, width, height, animated, variants, share }, files))
}

/// How many pictures (frames) a GIF file holds, counted from its blocks without decoding them
/// (more than 1: it is animated). A file cut off counts what it holds.
pub fn gif_frames(bytes: &[u8]) -> usize {
    // The colour table that follows a header or an image descriptor whose flags are `packed`.
    let table = |packed: u8| if packed & 0x80 != 0 { 3 << ((packed & 7) + 1) } else { 0 };
    // Sub-blocks (a length byte and that many bytes) until an empty one; where they end.
    let sub_blocks = |mut i: usize| {
        while let Some(&n) = bytes.get(i) {
            i += 1 + usize::from(n);
            if n == 0 {
                break;
            }
        }
        i
    };
    let Some(&packed) = bytes.get(10) else { return 0 };
    let mut i = 13 + table(packed);
    let mut frames = 0;
    while let Some(&block) = bytes.get(i) {
        match block {
            0x21 => i = sub_blocks(i + 2),
            0x2C => {
                frames += 1;
                let Some(&packed) = bytes.get(i + 9) else { break };
                i = sub_blocks(i + 10 + table(packed) + 1);
            }
            _ => break,
        }
    }
    frames
}

/// The widths a picture `width` wide is made in: each of `wanted` it reaches, and its own
/// width when it is narrower than the widest.
pub fn widths_for(width: u32, wanted: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = wanted.iter().copied().filter(|w| *w <= width && *w > 0).collect();
    if wanted.iter().any(|w| *w > width) || out.is_empty() {
        out.push(width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn scaled_height(width: u32, height: u32, w: u32) -> u32 {
    ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width.max(1))).max(1) as u32
}

/// The size of the share picture for a picture of this size: 1200 × 630, or the largest of
/// that shape the picture holds.
fn share_size(width: u32, height: u32) -> (u32, u32) {
    let (tw, th) = SHARE_SIZE;
    if width >= tw && height >= th {
        return (tw, th);
    }
    // The largest rectangle of the shape tw:th inside width × height.
    let by_width = (width, (u64::from(width) * u64::from(th) / u64::from(tw)) as u32);
    let (w, h) = if by_width.1 <= height {
        by_width
    } else {
        ((u64::from(height) * u64::from(tw) / u64::from(th)) as u32, height)
    };
    (w.max(1), h.max(1))
}

fn clone(p: &Pixels) -> Pixels {
    Pixels { width: p.width, height: p.height, alpha: p.alpha, data: p.data.clone() }
}

/// `p` resized to `w` × `h` with Lanczos3 (transparency premultiplied, so edges stay clean);
/// with `crop`, the middle of the picture in that shape.
fn resize(p: &Pixels, w: u32, h: u32, crop: bool) -> Result<Pixels, Say> {
    let kind = if p.alpha { fr::PixelType::U8x4 } else { fr::PixelType::U8x3 };
    let src = fr::images::ImageRef::new(p.width, p.height, &p.data, kind).map_err(|e| Say::verbatim(e.to_string()))?;
    let mut dst = fr::images::Image::new(w, h, kind);
    let mut options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3)).use_alpha(p.alpha);
    if crop {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    fr::Resizer::new().resize(&src, &mut dst, &options).map_err(|e| Say::verbatim(e.to_string()))?;
    Ok(Pixels { width: w, height: h, alpha: p.alpha, data: dst.into_vec() })
}

/// Decodes a raster picture within the limits, turned as its EXIF orientation says and in
/// sRGB; RGBA only when some pixel is not opaque.
fn decode(bytes: &[u8], kind: Kind) -> Result<Pixels, Problem> {
    use image::ImageDecoder;
    let format = match kind {
        Kind::Jpeg => image::ImageFormat::Jpeg,
        Kind::Png => image::ImageFormat::Png,
        Kind::WebP => image::ImageFormat::WebP,
        Kind::Gif => image::ImageFormat::Gif,
        Kind::Svg => return Err(problem(say!("pictures.svg_not_photo"), say!("pictures.svg_not_photo_hint"))),
    };
    let corrupt = |e: image::ImageError| {
        let what = match &e {
            image::ImageError::Limits(_) => {
                return problem(say!("pictures.too_much_memory"), say!("pictures.make_smaller"));
            }
            image::ImageError::Unsupported(u) => say!("pictures.unsupported", kind = format!("{kind:?}"), why = u),
            other => say!("pictures.damaged", why = other),
        };
        problem(what, say!("pictures.save_again_hint"))
    };
    if kind == Kind::Jpeg && !jpeg_is_whole(bytes) {
        return Err(problem(say!("pictures.cut_off_jpeg"), say!("pictures.cut_off_jpeg_hint")));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w == 0 || h == 0 {
        return Err(problem(
            say!("pictures.too_many_pixels", width = w, height = h, millions = MAX_PIXELS / 1_000_000),
            say!("pictures.make_smaller"),
        ));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    let alpha = img.color().has_alpha() && {
        let rgba = img.to_rgba8();
        rgba.pixels().any(|p| p.0[3] < 255)
    };
    let (width, height) = (img.width(), img.height());
    let mut data = if alpha { img.into_rgba8().into_raw() } else { img.into_rgb8().into_raw() };
    if let Some(icc) = icc {
        to_srgb(&icc, alpha, &mut data);
    }
    Ok(Pixels { width, height, alpha, data })
}

/// Whether a JPEG file has its end: the end marker after the first scan. The decoder shows a
/// cut-off file with its missing part in grey, which must not be published as a picture.
/// Markers are walked by their lengths up to the first scan, so a thumbnail in the EXIF data
/// (which has an end marker of its own) does not count; inside a scan `FF D9` can only be the
/// end, as every `FF` byte of the data is followed by `00` or a restart marker.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xDA {
            return bytes[i..].windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        i += 2 + (usize::from(bytes[i + 2]) << 8 | usize::from(bytes[i + 3]));
    }
    false
}

/// Pixels described by the ICC profile `icc` changed to sRGB in place, when the profile is
/// an RGB one that is not sRGB already (a Display P3 photo from an iPhone, Adobe RGB from a
/// camera). A profile that cannot be read leaves the pixels as they are.
fn to_srgb(icc: &[u8], alpha: bool, data: &mut [u8]) {
    let Ok(source) = moxcms::ColorProfile::new_from_slice(icc) else { return };
    if source.color_space != moxcms::DataColorSpace::Rgb {
        return;
    }
    let srgb = moxcms::ColorProfile::new_srgb();
    if is_srgb(&source, &srgb) {
        return;
    }
    let layout = if alpha { moxcms::Layout::Rgba } else { moxcms::Layout::Rgb };
    let Ok(transform) = source.create_transform_8bit(layout, &srgb, layout, moxcms::TransformOptions::default()) else {
        return;
    };
    let src = data.to_vec();
    let _ = transform.transform(&src, data);
}

/// Whether a profile's primaries are sRGB's (so nothing needs to change).
fn is_srgb(p: &moxcms::ColorProfile, srgb: &moxcms::ColorProfile) -> bool {
    let close = |a: moxcms::Xyzd, b: moxcms::Xyzd| {
        (a.x - b.x).abs() < 0.002 && (a.y - b.y).abs() < 0.002 && (a.z - b.z).abs() < 0.002
    };
    close(p.red_colorant, srgb.red_colorant)
        && close(p.green_colorant, srgb.green_colorant)
        && close(p.blue_colorant, srgb.blue_colorant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_enlarge_and_keep_the_picture_own_width_when_narrower() {
        let wanted = [480, 800, 1200, 1600];
        assert_eq!(widths_for(4000, &wanted), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(1000, &wanted), vec![480, 800, 1000]);
        assert_eq!(widths_for(300, &wanted), vec![300]);
        assert_eq!(widths_for(1600, &wanted), vec![480, 800, 1200, 1600]);
    }

    #[test]
    fn the_share_picture_has_the_preview_shape_and_is_never_enlarged() {
        assert_eq!(share_size(4000, 3000), (1200, 630));
        assert_eq!(share_size(800, 600), (800, 420));
        assert_eq!(share_size(1000, 300), (571, 300));
    }

    #[test]
    fn an_animated_gif_is_told_from_a_still_one_by_its_frames() {
        let animated = include_bytes!("../../tests/fixtures/pictures/anim.gif");
        assert_eq!(gif_frames(animated), 3);
        let mut still = Vec::new();
        let one = image::RgbaImage::from_pixel(3, 2, image::Rgba([200, 10, 10, 255]));
        image::DynamicImage::ImageRgba8(one)
            .write_to(&mut std::io::Cursor::new(&mut still), image::ImageFormat::Gif)
            .unwrap();
        assert_eq!(gif_frames(&still), 1);
        // Cut off: no runaway, no panic.
        for end in 0..animated.len() {
            assert!(gif_frames(&animated[..end]) <= 3);
        }
    }

    #[test]
    fn a_jpeg_without_its_end_is_cut_off() {
        let whole = [0xFF, 0xD8, 0xFF, 0xE1, 0, 6, 0xFF, 0xD9, 0, 0, 0xFF, 0xDA, 0, 2, 1, 2, 0xFF, 0, 3, 0xFF, 0xD9];
        assert!(jpeg_is_whole(&whole));
        // The end marker inside the EXIF segment (a thumbnail's) does not count.
        assert!(!jpeg_is_whole(&whole[..whole.len() - 2]));
        assert!(!jpeg_is_whole(&whole[..5]));
    }

    #[test]
    fn sniffing_names_what_a_file_really_is() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(Kind::Jpeg));
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Ok(Kind::Svg));
        assert!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0").unwrap_err().message.en().contains("HEIC"));
        assert!(sniff(b"II*\0\x08\0\0\0").unwrap_err().message.en().contains("TIFF"));
        assert!(sniff(b"Dette er ikke et billede\n").unwrap_err().message.en().contains("text"));
        assert!(sniff(b"").unwrap_err().message.en().contains("empty"));
    }

    #[test]
    fn a_problem_is_said_in_the_readers_language_and_kept_as_json() {
        let problem = sniff(b"\0\0\0\x18ftypheic\0\0\0\0").unwrap_err();
        assert_eq!(
            problem.message.en(),
            "the file is a HEIC photo (as iPhones save them); the portal takes JPEG, PNG, WebP, GIF and SVG"
        );
        assert!(
            problem.message.to(crate::i18n::Lang::Da).contains("HEIC-foto"),
            "{}",
            problem.message.to(crate::i18n::Lang::Da)
        );
        assert!(problem.hint.to(crate::i18n::Lang::Nb).contains("Mest kompatibel"));
        let json = serde_json::to_vec(&problem).unwrap();
        let back: Problem = serde_json::from_slice(&json).unwrap();
        assert_eq!(back.message.en(), problem.message.en());
        assert_eq!(back.hint.to(crate::i18n::Lang::Nn), problem.hint.to(crate::i18n::Lang::Nn));
        let damaged = problem_of(b"\xFF\xD8\xFF\xE0\0\x10JFIF");
        assert!(damaged.message.en().starts_with("it is cut off"), "{}", damaged.message.en());
    }

    fn problem_of(bytes: &[u8]) -> Problem {
        process(bytes, 0, &Settings::default()).unwrap_err()
    }
}
