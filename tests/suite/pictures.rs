//! Pictures on real files (`tests/fixtures/pictures/`, made by `scripts/make-pictures.py`):
//! what a phone photo becomes (turned, resized, WebP and JPEG, no metadata), the markup that
//! shows it, the cache that makes a second build free, and the errors for pictures that
//! cannot be published.

use std::collections::BTreeMap;

use nyttig::build::Cache;
use nyttig::output::Bytes;

use crate::common::attr_values;
use crate::common::portal::{Portal, page};

const PROJECT: &str = "content/projects/digital-hjemmeoppfolging/index.md";
const PROJECT_DIR: &str = "tiltak/digital-hjemmeoppfolging/";
const IMAGE_LINE: &str = "image: { src: bilde.svg, alt: \"Skisse av en pasient som måler blodtrykket hjemme\" }";

fn picture(name: &str) -> Vec<u8> {
    let file = crate::common::fixture("pictures").join(name);
    std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The fixture with `name` from tests/fixtures/pictures as the project's picture `file`.
fn with_project_picture(name: &str, file: &str) -> Portal {
    let portal = Portal::fixture("basic");
    portal.write(&format!("content/projects/digital-hjemmeoppfolging/{file}"), picture(name));
    portal.replace(PROJECT, IMAGE_LINE, &format!("image: {{ src: {file}, alt: \"Pasienten måler blodtrykket\" }}"));
    portal
}

/// The files of the build whose path starts with `prefix`.
fn files_under<'a>(output: &'a BTreeMap<String, Bytes>, prefix: &str) -> BTreeMap<&'a str, &'a [u8]> {
    output.iter().filter(|(p, _)| p.starts_with(prefix)).map(|(p, b)| (p.as_str(), &b[..])).collect()
}

/// The kinds of metadata a published picture file holds (none, if all is well): JPEG
/// segments APP1–APP15 and COM, PNG text, EXIF, time and colour-profile chunks, WebP EXIF,
/// XMP and ICC chunks.
fn metadata_in(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 4 <= bytes.len() && bytes[i] == 0xFF {
            let marker = bytes[i + 1];
            if marker == 0xDA {
                break;
            }
            let len = usize::from(bytes[i + 2]) << 8 | usize::from(bytes[i + 3]);
            if (0xE1..=0xEF).contains(&marker) || marker == 0xFE {
                found.push(format!("JPEG segment {marker:02X}"));
            }
            i += 2 + len;
        }
    } else if bytes.starts_with(b"\x89PNG") {
        let mut i = 8;
        while i + 8 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
            let kind = String::from_utf8_lossy(&bytes[i + 4..i + 8]).into_owned();
            if ["tEXt", "zTXt", "iTXt", "eXIf", "tIME", "iCCP"].contains(&kind.as_str()) {
                found.push(format!("PNG chunk {kind}"));
            }
            i += 12 + len;
        }
    } else if bytes.starts_with(b"RIFF") {
        let mut i = 12;
        while i + 8 <= bytes.len() {
            let kind = String::from_utf8_lossy(&bytes[i..i + 4]).into_owned();
            let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().unwrap()) as usize;
            if ["EXIF", "XMP ", "ICCP"].contains(&kind.as_str()) {
                found.push(format!("WebP chunk {kind}"));
            }
            i += 8 + len + (len & 1);
        }
    } else {
        found.push("not a JPEG, PNG or WebP file".into());
    }
    // Whatever the container: none of the source's words.
    for word in ["GPS", "Anna Jensen", "SN-12345", "egebjerg", "Testphone", "Exif"] {
        if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
            found.push(format!("the text {word:?}"));
        }
    }
    found
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).unwrap()
}

#[test]
fn a_phone_photo_is_turned_the_right_way_and_published_without_its_metadata() {
    let source = picture("phone.jpg");
    assert!(metadata_in(&source).len() >= 4, "the fixture holds EXIF, XMP, IPTC and GPS: {:?}", metadata_in(&source));
    let built = with_project_picture("phone.jpg", "foto.jpg").build().unwrap();
    let files = files_under(&built.output, &format!("{PROJECT_DIR}foto"));
    let names: Vec<&str> = files.keys().map(|p| p.rsplit('/').next().unwrap()).collect();
    // Stored 640 × 480 with orientation 6: shown 480 × 640, narrower than 800, so one width.
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names.iter().all(|n| n.starts_with("foto.") && n.split('.').nth(1).is_some_and(|h| h.len() == 12)),
        "{names:?}"
    );
    assert!(!built.output.contains_key(&format!("{PROJECT_DIR}foto.jpg")), "the original is not published");
    for (path, bytes) in &files {
        assert_eq!(metadata_in(bytes), Vec::<String>::new(), "{path}");
        let img = decode(bytes).to_rgb8();
        if path.ends_with(".og.jpg") {
            // The middle of the picture in the preview's shape.
            assert_eq!(img.dimensions(), (480, 252), "{path}");
            continue;
        }
        assert_eq!(img.dimensions(), (480, 640), "{path}: turned as the camera meant");
        // The red corner of the stored picture is at the top right once turned, the blue at
        // the bottom left.
        let red = img.get_pixel(459, 20).0;
        let blue = img.get_pixel(20, 619).0;
        assert!(red[0] > 200 && red[1] < 70 && red[2] < 70, "{path}: top right is {red:?}");
        assert!(blue[2] > 200 && blue[0] < 70 && blue[1] < 70, "{path}: bottom left is {blue:?}");
    }
}

#[test]
fn a_large_photo_gets_every_width_in_webp_and_jpeg_and_markup_that_matches_the_files() {
    let built = with_project_picture("wide.jpg", "foto.jpg").build().unwrap();
    let files = files_under(&built.output, &format!("{PROJECT_DIR}foto."));
    let mut sizes: Vec<(String, (u32, u32))> = files
        .iter()
        .map(|(p, b)| (p.rsplit('.').take(2).collect::<Vec<_>>().join("."), (decode(b).width(), decode(b).height())))
        .collect();
    sizes.sort();
    let expected: Vec<(String, (u32, u32))> = [
        ("jpg.og", (1200, 630)),
        ("jpg.w1200", (1200, 800)),
        ("jpg.w1600", (1600, 1067)),
        ("jpg.w480", (480, 320)),
        ("jpg.w800", (800, 533)),
        ("webp.w1200", (1200, 800)),
        ("webp.w1600", (1600, 1067)),
        ("webp.w480", (480, 320)),
        ("webp.w800", (800, 533)),
    ]
    .iter()
    .map(|(n, s)| (n.to_string(), *s))
    .collect();
    assert_eq!(sizes, expected);
    for (path, bytes) in &files {
        assert_eq!(metadata_in(bytes), Vec::<String>::new(), "{path}");
        let webp = path.ends_with(".webp");
        assert_eq!(bytes.starts_with(b"RIFF"), webp, "{path}");
    }

    let html = page(&built, &format!("{PROJECT_DIR}index.html"));
    let start = html.find("<figure class=\"project__image\">").expect("the project's picture");
    let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
    // Every file `srcset` names exists; `width` and `height` are those of the file in `src`.
    let mut named = 0;
    for set in attr_values(figure, "srcset") {
        for candidate in set.split(", ") {
            let (url, width) = candidate.split_once(' ').unwrap();
            let file = url.trim_start_matches('/');
            let bytes = built.output.get(file).unwrap_or_else(|| panic!("{url} is not in the build"));
            assert_eq!(format!("{}w", decode(bytes).width()), width, "{url}");
            named += 1;
        }
    }
    assert_eq!(named, 8, "{figure}");
    let src = attr_values(figure, "src")[0].trim_start_matches('/');
    let shown = decode(built.output.get(src).unwrap());
    assert_eq!(attr_values(figure, "width"), vec![shown.width().to_string()]);
    assert_eq!(attr_values(figure, "height"), vec![shown.height().to_string()]);
    assert!(
        figure.contains(r#"type="image/webp""#) && figure.contains(r#"sizes="(min-width: 46rem) 44rem"#),
        "{figure}"
    );
    assert!(
        figure.contains(r#"fetchpriority="high""#) && !figure.contains("loading=\"lazy\""),
        "the first picture of the page: {figure}"
    );
    // Link previews get the 1200 × 630 version, by its absolute address.
    assert!(html.contains(r#"<meta property="og:image:width" content="1200">"#), "{html}");
    let og = html.split("<meta property=\"og:image\" content=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(og.starts_with("https://") && og.ends_with(".og.jpg"), "{og}");
    // The catalogue's card shows a small version.
    let catalogue = page(&built, "tiltak/index.html");
    let card = catalogue.split("<div class=\"card__image\">").nth(1).expect("a card with a picture");
    let card = &card[..card.find("</div>").unwrap()];
    assert!(card.contains("w480.webp 480w") && card.contains(r#"loading="lazy""#), "{card}");
}

#[test]
fn pictures_in_the_story_are_processed_and_lazy_and_a_link_to_one_gets_a_clean_copy() {
    let portal = with_project_picture("small.jpg", "liten.jpg");
    portal.write("content/projects/digital-hjemmeoppfolging/bilder/Stor Hage.webp", picture("photo.webp"));
    let text = portal.read(PROJECT);
    portal.write(
        PROJECT,
        format!("{text}\n![Hagen ved skolen](bilder/Stor%20Hage.webp)\n\n[Last ned bildet](<bilder/Stor Hage.webp>)\n"),
    );
    let built = portal.build().unwrap();
    let small = files_under(&built.output, &format!("{PROJECT_DIR}liten."));
    // 300 px wide: never enlarged, so one width in two formats, and the preview version.
    let widths: Vec<u32> = small.values().map(|b| decode(b).width()).collect();
    assert_eq!(widths.iter().filter(|w| **w == 300).count(), 3, "{:?}", small.keys());
    let garden = files_under(&built.output, &format!("{PROJECT_DIR}bilder/stor-hage."));
    assert_eq!(garden.len(), 5, "600 px: 480 and 600 in two formats, and the preview: {:?}", garden.keys());
    assert!(garden.values().all(|b| metadata_in(b).is_empty()));
    assert!(!built.output.keys().any(|k| k.contains("Stor Hage")), "the original is not published");
    let html = page(&built, &format!("{PROJECT_DIR}index.html"));
    let story = &html[html.find("Hagen ved skolen").map(|i| i.saturating_sub(1500)).unwrap()..];
    assert!(story.contains(r#"/bilder/stor-hage."#) && story.contains(r#"loading="lazy""#), "{story}");
    let link = story
        .split("<a href=\"")
        .find(|a| a.split('"').next().unwrap().contains("stor-hage"))
        .expect("the link to the picture");
    let href = link.split('"').next().unwrap();
    assert!(href.ends_with(".w600.jpg"), "the largest clean version: {href}");
    assert!(built.output.contains_key(href.trim_start_matches('/')), "{href}");
}

#[test]
fn transparency_is_kept_in_png_and_other_formats_are_read() {
    let built = with_project_picture("logo.png", "logo.png").build().unwrap();
    let files = files_under(&built.output, &format!("{PROJECT_DIR}logo."));
    let png: Vec<_> = files.iter().filter(|(p, _)| p.ends_with(".png")).collect();
    assert_eq!(png.len(), 1, "{:?}", files.keys());
    for (path, bytes) in &files {
        assert_eq!(metadata_in(bytes), Vec::<String>::new(), "{path}");
        if !path.ends_with(".jpg") {
            assert!(decode(bytes).color().has_alpha(), "{path} keeps its transparency");
        }
    }
    for (name, file) in
        [("anim.gif", "anim.gif"), ("cmyk.jpg", "cmyk.jpg"), ("p3.jpg", "p3.jpg"), ("opaque.png", "opaque.png")]
    {
        let built = with_project_picture(name, file).build().unwrap_or_else(|e| panic!("{name}: {e}"));
        let stem = file.split('.').next().unwrap();
        let files = files_under(&built.output, &format!("{PROJECT_DIR}{stem}."));
        assert!(files.len() >= 3, "{name}: {:?}", files.keys());
        assert!(files.values().all(|b| metadata_in(b).is_empty()), "{name}");
        if name == "opaque.png" {
            assert!(
                files.keys().all(|p| !p.ends_with(".png")),
                "an opaque PNG is published as JPEG: {:?}",
                files.keys()
            );
        }
    }
}

#[test]
fn a_build_whose_pictures_did_not_change_makes_none_and_a_changed_picture_gets_a_new_name() {
    let portal = with_project_picture("wide.jpg", "foto.jpg");
    let first = portal.build().unwrap();
    assert_eq!((first.pictures.made, first.pictures.kept), (1, 0));
    // A new process: the store in `.nyttig-cache/` has it.
    let second = portal.build().unwrap();
    assert_eq!((second.pictures.made, second.pictures.kept), (0, 1));
    let names = |b: &nyttig::build::Built| {
        files_under(&b.output, PROJECT_DIR).keys().map(|k| k.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(names(&first), names(&second));
    assert_eq!(files_under(&first.output, PROJECT_DIR), files_under(&second.output, PROJECT_DIR));
    assert!(portal.root().join(".nyttig-cache/.gitignore").is_file());
    // The preview's cache keeps it in memory too.
    let mut cache = Cache::default();
    nyttig::build::build_again(portal.root(), &Default::default(), &mut cache, None).unwrap();
    let again = nyttig::build::build_again(portal.root(), &Default::default(), &mut cache, None).unwrap();
    assert_eq!((again.pictures.made, again.pictures.kept), (0, 1));
    // Another picture under the same name: new files with new names.
    portal.write("content/projects/digital-hjemmeoppfolging/foto.jpg", picture("small.jpg"));
    let third = portal.build().unwrap();
    assert_eq!(third.pictures.made, 1);
    let (old, new) = (names(&first), names(&third));
    let made = new.iter().filter(|n| n.contains("/foto.")).collect::<Vec<_>>();
    assert!(made.len() == 3 && made.iter().all(|n| !old.contains(n)), "{old:?} {new:?}");
}

#[test]
fn a_picture_that_cannot_be_published_is_an_error_naming_the_file_the_line_and_what_to_do() {
    let cases = [
        ("truncated.jpg", "bilde.jpg", "it is cut off"),
        ("not-a-picture.jpg", "bilde.jpg", "text, not a picture"),
        ("iphone.heic", "bilde.heic", "HEIC"),
        ("scan.tiff", "bilde.tiff", "TIFF"),
        ("bomb.png", "bilde.png", "100000 × 100000"),
    ];
    for (name, file, says) in cases {
        let portal = with_project_picture(name, file);
        let started = std::time::Instant::now();
        let Err(err) = portal.build().map(|_| ()) else { panic!("{name} was published") };
        let err = err.to_string();
        assert!(started.elapsed().as_secs() < 20, "{name} took {:?}", started.elapsed());
        assert!(err.contains("content/projects/digital-hjemmeoppfolging/index.md:16:"), "{name}: {err}");
        assert!(
            err.contains(&format!("the picture `{file}` cannot be published")) && err.contains(says),
            "{name}: {err}"
        );
        assert!(err.contains("hint:"), "{name}: {err}");
    }
    // In the story too, at its line.
    let portal = Portal::fixture("basic");
    portal.write("content/projects/digital-hjemmeoppfolging/skann.tif", picture("scan.tiff"));
    let text = portal.read(PROJECT);
    let line = text.lines().count() + 2;
    portal.write(PROJECT, format!("{text}\n![Skannet skjema](skann.tif)\n"));
    let err = portal.build().unwrap_err().to_string();
    assert!(err.contains(&format!("index.md:{line}:")) && err.contains("TIFF"), "{err}");
}

#[test]
fn an_svg_with_script_or_outside_references_is_refused_and_a_plain_one_is_published_as_it_is() {
    let portal = Portal::fixture("basic");
    let built = portal.build().unwrap();
    assert!(built.output.contains_key(&format!("{PROJECT_DIR}bilde.svg")), "the fixture's drawing is published");
    // With the size it says it has, above the text and in the story, so the page does not jump.
    portal.write(
        "content/projects/digital-hjemmeoppfolging/bilde.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"/>"#,
    );
    let text = portal.read(PROJECT);
    portal.write(PROJECT, format!("{text}\n![Skissen igjen](bilde.svg)\n"));
    let html = page(&portal.build().unwrap(), &format!("{PROJECT_DIR}index.html"));
    let drawings: Vec<&str> =
        html.split("<img").skip(1).filter(|t| t.split('>').next().unwrap().contains("bilde.svg")).collect();
    assert_eq!(drawings.len(), 3, "the project's image, and twice in its story: {html}");
    for tag in drawings {
        let tag = tag.split('>').next().unwrap();
        assert!(tag.contains(r#"width="400" height="300""#), "{tag}");
    }
    portal.write(PROJECT, text);
    for (svg, says) in [
        (r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#, "script"),
        (r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#, "onload"),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="https://sporing.example.com/p.png"/></svg>"#,
            "https://sporing.example.com/p.png",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>"#,
            "foreignObject",
        ),
    ] {
        portal.write("content/projects/digital-hjemmeoppfolging/bilde.svg", svg);
        let Err(err) = portal.build().map(|_| ()) else { panic!("{svg} was published") };
        let err = err.to_string();
        assert!(
            err.contains("index.md:16:")
                && err.contains("the picture `bilde.svg` cannot be published")
                && err.contains(says),
            "{svg}: {err}"
        );
    }
}

#[test]
fn the_originals_are_published_only_when_portal_yaml_asks() {
    let portal = with_project_picture("wide.jpg", "foto.jpg");
    let yaml = portal.read("portal.yaml");
    portal.write(
        "portal.yaml",
        format!("{yaml}\nimages: {{ widths: [400, 1000], quality: 70, publish_originals: true }}\n"),
    );
    let built = portal.build().unwrap();
    let files = files_under(&built.output, &format!("{PROJECT_DIR}foto."));
    let mut widths: Vec<u32> =
        files.iter().filter(|(p, _)| p.ends_with(".webp")).map(|(_, b)| decode(b).width()).collect();
    widths.sort();
    assert_eq!(widths, vec![400, 1000]);
    assert_eq!(built.output.get(&format!("{PROJECT_DIR}foto.jpg")).map(|b| b.len()), Some(picture("wide.jpg").len()));
    portal.write("portal.yaml", format!("{yaml}\nimages: {{ widths: [10], quality: 0 }}\n"));
    let err = portal.build().unwrap_err().to_string();
    assert!(
        err.contains("`10` is not a width in pixels") && err.contains("`quality` must be a whole number from 1 to 100"),
        "{err}"
    );
}

#[test]
fn the_front_page_strategy_results_and_news_show_their_picture_first_and_in_link_previews() {
    let portal = Portal::fixture("basic");
    // (the page, its line the picture follows, the fixture, the picture's own line); the last
    // is a picture for looks alone, marked as decoration: `alt=""`, here and in its story.
    let pictures = [
        (
            "_index.md",
            "title: Velkommen til innovasjonsportalen",
            "wide.jpg",
            "forside.jpg, alt: \"Rådhuset om morgenen\"",
        ),
        (
            "news/trygg-hjemme-vinner-pris.md",
            "author: Kommunikasjon",
            "small.jpg",
            "pris.jpg, alt: \"Prisen blir delt ut\"",
        ),
        (
            "results/evaluering-hjemmeoppfolging.md",
            "project: digital-hjemmeoppfolging",
            "opaque.png",
            "graf.png, alt: \"Innleggelser per måned\"",
        ),
        ("strategy/innovasjonsstrategi.md", "weight: 1", "small.jpg", "moenster.jpg, decorative: true"),
    ];
    for (file, line, fixture, image) in pictures {
        let name = image.split(',').next().unwrap();
        let folder = file.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"));
        portal.write(&format!("content/{folder}{name}"), picture(fixture));
        portal.replace(&format!("content/{file}"), line, &format!("{line}\nimage: {{ src: {image} }}"));
    }
    let strategy = portal.read("content/strategy/innovasjonsstrategi.md");
    portal.write("content/strategy/innovasjonsstrategi.md", format!("{strategy}\n![\"\"](moenster.jpg)\n"));
    let built = portal.build().unwrap();
    assert!(
        built.warnings.iter().all(|d| !d.message().contains("alt")),
        "no warning for decoration: {:?}",
        built.warnings.iter().map(|d| d.message()).collect::<Vec<_>>()
    );

    let cases = [
        ("index.html", "forside.", "Rådhuset om morgenen"),
        ("nyheter/trygg-hjemme-vinner-pris/index.html", "/pris.", "Prisen blir delt ut"),
        ("resultater/evaluering-hjemmeoppfolging/index.html", "/graf.", "Innleggelser per måned"),
        ("strategi/innovasjonsstrategi/index.html", "/moenster.", ""),
    ];
    for (file, prefix, alt) in cases {
        let html = page(&built, file);
        let main = &html[html.find("<main").unwrap()..];
        // The page's first picture is its own, fetched first, with the alt text (or none).
        let first = &main[main.find("<img").unwrap_or_else(|| panic!("{file}: no picture"))..];
        let first = &first[..first.find('>').unwrap()];
        assert!(attr_values(first, "src").iter().all(|s| s.contains(prefix)), "{file}: {first}");
        assert!(first.contains(r#"fetchpriority="high""#) && !first.contains("lazy"), "{file}: {first}");
        assert_eq!(attr_values(first, "alt"), [alt], "{file}");
        // Every file in its srcset exists, with no metadata.
        for src in attr_values(main, "srcset") {
            for url in src.split(", ").map(|c| c.split(' ').next().unwrap()) {
                let bytes = built.output.get(url.trim_start_matches('/')).unwrap_or_else(|| panic!("{file}: {url}"));
                assert!(metadata_in(bytes).is_empty(), "{url}");
            }
        }
        // The link preview shows the 1200 x 630 version (or the picture itself, if smaller).
        let og = attr_values(&html, "content")
            .into_iter()
            .find(|c| c.contains(".og."))
            .unwrap_or_else(|| panic!("{file}: no og:image"));
        assert!(og.starts_with("https://") && og.contains(prefix), "{file}: {og}");
        assert_eq!(html.contains("og:image:alt"), !alt.is_empty(), "{file}");
    }
    // The decorative picture in the story has an empty alt, not two quotation marks.
    let strategy = page(&built, "strategi/innovasjonsstrategi/index.html");
    assert!(!strategy.contains("&quot;&quot;") && !strategy.contains(r#"alt="""""#), "{strategy}");
    assert_eq!(attr_values(&strategy, "alt").iter().filter(|a| a.is_empty()).count(), 2);
    // News lists show a small version, lazily, after the title.
    for file in ["nyheter/index.html", "index.html"] {
        let html = page(&built, file);
        let teaser = &html[html.find("news-teaser__image").unwrap_or_else(|| panic!("{file}: no teaser picture"))..];
        let teaser = &teaser[..teaser.find("</div>").unwrap()];
        assert!(
            teaser.contains("/pris.") && teaser.contains(r#"loading="lazy""#) && teaser.contains("22rem"),
            "{file}: {teaser}"
        );
        let title = html.find("Trygg hjemme vinner").unwrap();
        assert!(title < html.find("news-teaser__image").unwrap(), "{file}: the title comes first");
    }
}

#[test]
fn a_front_matter_picture_is_described_or_marked_as_decoration_never_both_or_neither() {
    let portal = with_project_picture("small.jpg", "liten.jpg");
    portal.replace(PROJECT, "alt: \"Pasienten måler blodtrykket\" }", "alt: \"Pasienten\", decorative: true }");
    let errors = portal.build().map(|_| ()).unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("not both") && text.contains("index.md:16:"), "{text}");
    portal.replace(PROJECT, "alt: \"Pasienten\", decorative: true }", "decorative: false }");
    let text = portal.build().map(|_| ()).unwrap_err().to_string();
    assert!(text.contains("needs `alt`") && text.contains("decorative: true"), "{text}");
}

#[test]
fn editors_are_warned_about_a_picture_too_narrow_for_its_place_and_a_gif_that_moves() {
    let warnings = |portal: &Portal| -> Vec<String> {
        let built = portal.build().unwrap();
        built.warnings.iter().map(|d| d.to_string()).collect()
    };
    // 300 px wide, shown in the 704 px column above the project's text.
    let found = warnings(&with_project_picture("small.jpg", "liten.jpg"));
    let narrow: Vec<&String> = found.iter().filter(|w| w.contains("looks blurred")).collect();
    assert_eq!(narrow.len(), 1, "{found:#?}");
    assert!(
        narrow[0].contains("index.md:16:")
            && narrow[0].contains("`liten.jpg` is 300 pixels wide")
            && narrow[0].contains("at least 1408 pixels"),
        "{}",
        narrow[0]
    );
    // 2400 px: no warning; the same small picture in the story is shown at its own size.
    let portal = with_project_picture("wide.jpg", "stor.jpg");
    portal.write("content/projects/digital-hjemmeoppfolging/liten.jpg", picture("small.jpg"));
    let text = portal.read(PROJECT);
    portal.write(PROJECT, format!("{text}\n![Et lite bilde](liten.jpg)\n"));
    let found = warnings(&portal);
    assert!(!found.iter().any(|w| w.contains("blurred")), "{found:#?}");
    // A GIF that moves: its first frame is published, and the editor is told.
    let found = warnings(&with_project_picture("anim.gif", "anim.gif"));
    assert!(found.iter().any(|w| w.contains("`anim.gif` moves") && w.contains("index.md:16:")), "{found:#?}");
    let found = warnings(&with_project_picture("wide.jpg", "stor.jpg"));
    assert!(!found.iter().any(|w| w.contains("moves") || w.contains("blurred")), "{found:#?}");
}

#[test]
fn the_preview_shows_a_new_picture_as_saved_until_it_is_made_after_the_build() {
    let portal = with_project_picture("wide.jpg", "foto.jpg");
    portal.write("content/projects/digital-hjemmeoppfolging/kuttet.jpg", picture("truncated.jpg"));
    let text = portal.read(PROJECT);
    portal.write(PROJECT, format!("{text}\n![Et kuttet bilde](kuttet.jpg)\n"));
    let options = nyttig::build::Options { pictures_later: true, ..Default::default() };
    let mut cache = Cache::default();
    // The build makes no picture: the page shows the files as saved, and no error is known yet.
    let first = nyttig::build::build_again(portal.root(), &options, &mut cache, None).unwrap();
    assert_eq!((first.pictures.made, first.pictures.kept, first.pictures.later), (0, 0, 2));
    let html = page(&first, &format!("{PROJECT_DIR}index.html"));
    assert!(attr_values(&html, "src").contains(&format!("/{PROJECT_DIR}foto.jpg").as_str()), "{html}");
    assert!(first.output.contains_key(&format!("{PROJECT_DIR}foto.jpg")));
    assert!(!first.output.keys().any(|k| k.ends_with(".webp")));
    // After the build: both are made (one is found broken), and the next build shows them.
    let later = first.pictures_later.expect("pictures left for later");
    assert_eq!(later.make(), 2);
    let changed = later.files.clone();
    let errors =
        nyttig::build::build_again(portal.root(), &options, &mut cache, Some(&changed)).map(|_| ()).unwrap_err();
    assert!(errors.to_string().contains("`kuttet.jpg` cannot be published"), "{errors}");
    portal.write(PROJECT, &text);
    let changed = [portal.root().join(PROJECT)];
    let second = nyttig::build::build_again(portal.root(), &options, &mut cache, Some(&changed)).unwrap();
    assert_eq!((second.pictures.made, second.pictures.kept, second.pictures.later), (0, 1, 0));
    assert!(second.pictures_later.is_none());
    let html = page(&second, &format!("{PROJECT_DIR}index.html"));
    assert!(html.contains(".w480.webp 480w"), "{html}");
    assert!(!second.output.contains_key(&format!("{PROJECT_DIR}foto.jpg")), "the original is not published");
}

#[test]
fn portal_yaml_chooses_the_formats_and_the_markup_lists_only_those() {
    let portal = with_project_picture("wide.jpg", "foto.jpg");
    let yaml = portal.read("portal.yaml");
    let page_and_files = |formats: &str| {
        portal.write("portal.yaml", format!("{yaml}\nimages: {{ formats: {formats} }}\n"));
        let built = portal.build().unwrap();
        let html = page(&built, &format!("{PROJECT_DIR}index.html"));
        let figure = html[html.find("project__image").unwrap()..].split("</picture>").next().unwrap().to_owned();
        let files = files_under(&built.output, &format!("{PROJECT_DIR}foto."));
        // The formats made, by file name ending, and how many of each (og.jpg is the preview).
        let mut ends: Vec<String> = files.keys().map(|k| k.rsplit('.').next().unwrap().to_owned()).collect();
        ends.sort();
        ends.dedup();
        assert_eq!(files.keys().filter(|k| k.ends_with(".og.jpg")).count(), 1);
        (figure, ends)
    };
    // JPEG only: no WebP file, no <source>; the preview is JPEG as always.
    let (figure, ends) = page_and_files("[jpeg]");
    assert_eq!(ends, ["jpg"], "{figure}");
    assert!(figure.contains(".w1600.jpg 1600w"), "{figure}");
    assert!(!figure.contains("<source") && figure.contains(".w800.jpg"), "{figure}");
    // WebP only: the <img> lists the WebP files itself; only the preview is JPEG.
    let (figure, ends) = page_and_files("[webp]");
    assert_eq!(ends, ["jpg", "webp"], "the preview (og.jpg) and the widths in WebP: {figure}");
    assert!(
        !figure.contains("<source")
            && figure.contains(r#"src="/tiltak/digital-hjemmeoppfolging/foto."#)
            && figure.contains(".w800.webp\""),
        "{figure}"
    );
    for (formats, says) in [("[avif]", "does not make AVIF"), ("[gif]", "`gif` is not a format")] {
        portal.write("portal.yaml", format!("{yaml}\nimages: {{ formats: {formats} }}\n"));
        let err = portal.build().map(|_| ()).unwrap_err().to_string();
        assert!(err.contains(says) && err.contains("portal.yaml:"), "{err}");
    }
}
