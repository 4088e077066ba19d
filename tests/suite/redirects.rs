//! Old addresses (`aliases:` in front matter): a redirect page at each for any host, a 301 in
//! the files of the hosts that read them, and a clear error for one that cannot be. And the
//! policy as a `<meta>` for hosts that cannot send headers. nginx's 301 and the redirect page
//! in Chromium are proved in tests/browser.rs.

use nyttig::build::Options;
use serde_json::Value;

use crate::common::portal::Portal;

const MATROBOTEN: &str = "content/projects/matroboten.md";

fn text_of(built: &nyttig::build::Built, file: &str) -> String {
    let bytes = built.output.get(file).unwrap_or_else(|| panic!("no {file} in the site"));
    String::from_utf8(bytes.to_vec()).expect("text")
}

#[test]
fn an_old_address_leads_on_to_the_page_on_every_host() {
    let portal = Portal::fixture("basic");
    portal.replace(
        MATROBOTEN,
        "\nphase:",
        "\naliases:\n  - spiseroboten\n  - /gamle-sider/robot.html\n  - https://innovasjon.testvik.example.no/prosjekter/matrobot/\nphase:",
    );
    portal.replace("content/pages/om-portalen.md", "\ntitle:", "\naliases: om-oss\ntitle:");
    portal.write("static/_redirects", "/intranett/* https://intra.testvik.example.no/:splat 302");
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));

    let target = "/tiltak/matroboten/";
    let olds = ["/tiltak/spiseroboten/", "/gamle-sider/robot.html", "/prosjekter/matrobot/"];
    for old in olds {
        let file = if old.ends_with('/') { format!("{}index.html", &old[1..]) } else { old[1..].to_owned() };
        let page = text_of(&built, &file);
        assert!(
            page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")),
            "{file}:\n{page}"
        );
        assert!(page.contains(&format!("<a href=\"{target}\">Matroboten</a>")), "{file} links to the page");
        assert!(
            page.contains("<link rel=\"canonical\" href=\"https://innovasjon.testvik.example.no/tiltak/matroboten/\">"),
            "{file} names the page as the one search engines keep"
        );
        assert!(page.contains("noindex"), "{file} is not indexed");
    }
    assert!(text_of(&built, "om-oss/index.html").contains("url=/om-portalen/"), "a plain page's old name");
    let sitemap = text_of(&built, "sitemap.xml");
    assert!(!sitemap.contains("spiseroboten") && sitemap.contains("/tiltak/matroboten/"), "{sitemap}");
    assert_eq!(built.pages.get("redirect"), Some(&4), "{:?}", built.pages);

    // Netlify, Cloudflare and GitLab: the portal's own redirects first, then the old addresses.
    let redirects = text_of(&built, "_redirects");
    let rules: Vec<Vec<&str>> =
        redirects.lines().filter(|l| !l.starts_with('#')).map(|l| l.split(' ').collect()).collect();
    assert_eq!(rules[0], ["/intranett/*", "https://intra.testvik.example.no/:splat", "302"], "{redirects}");
    for old in olds {
        assert!(rules.contains(&vec![old, target, "301!"]), "Netlify's forced 301 for {old}:\n{redirects}");
        assert!(rules.contains(&vec![old, target, "301"]), "Cloudflare's 301 for {old}:\n{redirects}");
    }
    assert_eq!(rules.len(), 1 + 2 * 4, "{redirects}");

    // Azure: a route each, with and without the last slash, before the other routes.
    let azure: Value = serde_json::from_str(&text_of(&built, "staticwebapp.config.json")).expect("JSON");
    let routes = azure["routes"].as_array().expect("routes");
    for route in ["/tiltak/spiseroboten/", "/tiltak/spiseroboten", "/gamle-sider/robot.html", "/prosjekter/matrobot"] {
        let r = routes.iter().position(|r| r["route"] == route).unwrap_or_else(|| panic!("no route {route}: {azure}"));
        assert_eq!(routes[r]["redirect"], target, "{azure}");
        assert_eq!(routes[r]["statusCode"], 301, "{azure}");
    }
    // Azure takes the first route that matches: the old addresses come before the others.
    let redirecting: Vec<bool> = routes.iter().map(|r| r.get("redirect").is_some()).collect();
    assert_eq!(redirecting.iter().filter(|r| **r).count(), 7, "{azure}");
    assert!(redirecting.iter().take(7).all(|r| *r), "{azure}");

    // nginx: the map the site file includes.
    let map = text_of(&built, "_redirects.nginx");
    for line in [
        "/tiltak/spiseroboten/ /tiltak/matroboten/;",
        "/tiltak/spiseroboten /tiltak/matroboten/;",
        "/gamle-sider/robot.html /tiltak/matroboten/;",
        "/om-oss/ /om-portalen/;",
    ] {
        assert!(map.lines().any(|l| l == line), "no {line:?} in:\n{map}");
    }
    let site = nyttig::build::site(portal.root(), &Options::default()).expect("the portal reads");
    let conf = nyttig::hosting::nginx_site(&site, "/", "localhost", "/srv/www");
    assert!(
        conf.contains("map $uri $nyttig_moved {\n    default \"\";\n    include /srv/www/_redirects.nginx;\n}"),
        "{conf}"
    );
    assert!(conf.contains("if ($nyttig_moved) {\n        return 301 $nyttig_moved;\n    }"), "{conf}");
}

#[test]
fn an_old_address_that_cannot_lead_on_is_an_error_at_its_line() {
    let portal = Portal::fixture("basic");
    portal.replace(MATROBOTEN, "\nphase:", "\naliases: [leksehjelp-paa-nett, gammel-robot]\nphase:");
    portal.replace("content/pages/om-portalen.md", "\ntitle:", "\naliases: [/tiltak/gammel-robot/]\ntitle:");
    portal.replace(
        "content/news/trygg-hjemme-vinner-pris.md",
        "\ndate:",
        "\naliases:\n  - ../hemmelig\n  - https://andre.example.no/matrobot/\ndate:",
    );
    let messages = portal.messages();
    for expected in [
        "content/projects/matroboten.md:4:11: error: the old address /tiltak/leksehjelp-paa-nett/ is the address of content/projects/leksehjelp-paa-nett.md today",
        "content/pages/om-portalen.md:2:11: error: the old address /tiltak/gammel-robot/ is also in the `aliases` of content/projects/matroboten.md",
        "content/news/trygg-hjemme-vinner-pris.md:4:5: error: `../hemmelig` is not an old address of this site",
        "content/news/trygg-hjemme-vinner-pris.md:5:5: error: `https://andre.example.no/matrobot/` is not an old address of this site",
    ] {
        assert!(messages.contains(expected), "no {expected:?} in:\n{messages}");
    }
    assert!(messages.contains("write the page's old name (`old-name`)"), "{messages}");
    assert!(portal.build().is_err(), "the build fails");
}

#[test]
fn the_policy_goes_into_every_page_as_a_meta_only_when_asked() {
    let portal = Portal::fixture("basic");
    let plain = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let with =
        portal.build_with(&Options { meta_policy: true, ..Options::default() }).unwrap_or_else(|d| panic!("{d}"));
    let site = nyttig::build::site(portal.root(), &Options::default()).expect("the portal reads");
    let policy = nyttig::hosting::meta_policy(&site);
    assert!(policy.contains("script-src 'self'") && !policy.contains("frame-ancestors"), "{policy}");
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", policy.replace('\'', "&#39;"));
    let mut pages = 0;
    for (file, bytes) in with.output.iter().filter(|(f, _)| f.ends_with(".html")) {
        let page = String::from_utf8_lossy(bytes);
        // First in the head but for the character set, so that it covers all the page loads.
        assert!(page.contains(&format!("<head>\n<meta charset=\"utf-8\">\n{meta}\n")), "{file}:\n{}", &page[..400]);
        assert!(!String::from_utf8_lossy(&plain.output[file.as_str()]).contains("Content-Security-Policy"), "{file}");
        pages += 1;
    }
    assert!(pages > 30, "{pages} pages");
}

/// `nyttig build` remembers the addresses it published (`.nyttig-cache/addresses.tsv`): a page
/// whose file is renamed keeps its old address, leading on to it, with a warning that names
/// the `aliases` line that keeps it for good; build after build, until that line is there.
#[test]
fn a_renamed_page_is_found_by_its_title_and_its_old_address_leads_on() {
    let portal = Portal::fixture("basic");
    let publish = Options { remember_addresses: true, ..Options::default() };
    // What `nyttig build` does: build, write the site, then keep the addresses it published.
    let published = || {
        let built = portal.build_with(&publish)?;
        built.published.as_ref().expect("the pages it published").keep(portal.root());
        Ok::<_, nyttig::diagnostics::Diagnostics>(built)
    };
    portal.build_with(&publish).unwrap_or_else(|d| panic!("{d}"));
    assert!(!portal.root().join(".nyttig-cache/addresses.tsv").exists(), "a site not written is not remembered");
    let first = published().unwrap_or_else(|d| panic!("{d}"));
    assert!(!first.output.contains_key("tiltak/matrobot/index.html"));
    let record = portal.read(".nyttig-cache/addresses.tsv");
    assert!(record.lines().any(|l| l == "projects\ttiltak/matroboten/\tMatroboten"), "{record}");
    // Published elsewhere (a sub-path, as a GitHub project site), and back: no page moved.
    for base_url in [Some("https://testvik.github.io/portal/"), None] {
        let elsewhere = Options { base_url: base_url.map(str::to_owned), ..publish.clone() };
        let built = portal.build_with(&elsewhere).unwrap_or_else(|d| panic!("{d}"));
        built.published.as_ref().expect("the pages it published").keep(portal.root());
        assert_eq!(built.pages.get("redirect"), None, "{base_url:?}: {:?}", built.pages);
    }

    let text = portal.read(MATROBOTEN);
    portal.remove(MATROBOTEN).write("content/projects/matrobot.md", &text);
    portal.replace("content/news/trygg-hjemme-vinner-pris.md", "projects/matroboten.md", "projects/matrobot.md");
    for build in ["the first build after the rename", "the next"] {
        let built = published().unwrap_or_else(|d| panic!("{build}: {d}"));
        let page = text_of(&built, "tiltak/matroboten/index.html");
        assert!(page.contains("url=/tiltak/matrobot/"), "{build}: the old address leads on:\n{page}");
        assert!(text_of(&built, "_redirects").contains("/tiltak/matroboten/ /tiltak/matrobot/ 301\n"), "{build}");
        let warnings = nyttig::diagnostics::Report(&built.warnings, nyttig::i18n::Lang::En).to_string();
        assert!(
            warnings.contains(
                "content/projects/matrobot.md:2:8: warning: an earlier build published this page at /tiltak/matroboten/"
            ) && warnings.contains("add `aliases: [matroboten]` to its front matter"),
            "{build}:\n{warnings}"
        );
    }
    // Once the line is there, the front matter keeps the address and nothing is said.
    portal.replace("content/projects/matrobot.md", "\nphase:", "\naliases: [matroboten]\nphase:");
    let built = published().unwrap_or_else(|d| panic!("{d}"));
    assert!(text_of(&built, "tiltak/matroboten/index.html").contains("url=/tiltak/matrobot/"));
    assert!(!built.warnings.iter().any(|w| w.to_string().contains("earlier build")), "{:?}", built.warnings);

    // A build that does not publish neither reads nor writes the record; a page of another
    // title is not taken for the one that left.
    std::fs::remove_dir_all(portal.root().join(".nyttig-cache")).unwrap();
    portal.replace("content/projects/matrobot.md", "\naliases: [matroboten]\n", "\n");
    portal.build().unwrap_or_else(|d| panic!("{d}"));
    assert!(!portal.root().join(".nyttig-cache/addresses.tsv").exists(), "only nyttig build remembers");
    published().unwrap_or_else(|d| panic!("{d}"));
    portal.replace("content/projects/matrobot.md", "title: Matroboten", "title: Spiseroboten");
    let text = portal.read("content/projects/matrobot.md");
    portal.remove("content/projects/matrobot.md").write("content/projects/spiseroboten.md", &text);
    portal.replace("content/news/trygg-hjemme-vinner-pris.md", "projects/matrobot.md", "projects/spiseroboten.md");
    let built = published().unwrap_or_else(|d| panic!("{d}"));
    assert!(!built.output.contains_key("tiltak/matrobot/index.html"), "a page of another title is another page");
}
