//! What a host needs to build and publish the portal on every push (`nyttig host <name>`,
//! `nyttig init --host <name>`): a GitHub Pages or Azure Static Web Apps workflow, a GitLab
//! Pages job, a Netlify configuration, or an nginx site file ([`crate::hosting::nginx_site`]).
//!
//! Every pipeline installs the same nyttig as the one that wrote it: [`install_lines`], the
//! one place that says how, downloads the Linux release of this version, checks its SHA-256
//! sum and fails when it does not match.

use std::path::PathBuf;

use crate::model::Site;

/// The hosts nyttig writes files for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    Github,
    Gitlab,
    Azure,
    Netlify,
    Nginx,
}

impl Host {
    pub const ALL: [Host; 5] = [Host::Github, Host::Gitlab, Host::Azure, Host::Netlify, Host::Nginx];

    /// The host's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Host::Github => "github",
            Host::Gitlab => "gitlab",
            Host::Azure => "azure",
            Host::Netlify => "netlify",
            Host::Nginx => "nginx",
        }
    }

    /// The host called `name` (any case), if nyttig knows it.
    pub fn parse(name: &str) -> Option<Host> {
        let name = name.trim().to_ascii_lowercase();
        Host::ALL.into_iter().find(|h| h.name() == name)
    }
}

/// The version every pipeline installs: this program's own.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where the releases are (release.yml attaches the programs to each `v<version>` tag); a
/// pipeline takes `NYTTIG_RELEASES` instead when it is set (a kommune's own copy, laid out
/// the same: `<releases>/v<version>/<file>`).
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");
/// The platform the pipelines run on.
pub const TARGET: &str = "x86_64-unknown-linux-gnu";
/// Where a build keeps its processed pictures between runs ([`crate::images::store::CACHE_DIR`]).
pub const CACHE: &str = crate::images::store::CACHE_DIR;

/// The POSIX `sh` commands that install this version of nyttig and put it on `PATH`, one
/// complete command a line: the archive and its `.sha256` as release.yml names them, checked
/// with `sha256sum -c` (a mismatch stops the pipeline with a message), then unpacked into a
/// fresh temporary folder. No pipe to a shell.
pub fn install_lines() -> Vec<String> {
    let curl = "curl --fail --location --silent --show-error";
    vec![
        "set -e".to_owned(),
        format!("NYTTIG_VERSION={VERSION}"),
        format!("nyttig_name=\"nyttig-${{NYTTIG_VERSION}}-{TARGET}\""),
        format!("nyttig_from=\"${{NYTTIG_RELEASES:-{RELEASES}}}/v${{NYTTIG_VERSION}}\""),
        "nyttig_dir=\"$(mktemp -d)\"".to_owned(),
        format!(
            "{curl} --output \"${{nyttig_dir}}/${{nyttig_name}}.tar.gz\" \"${{nyttig_from}}/${{nyttig_name}}.tar.gz\""
        ),
        format!(
            "{curl} --output \"${{nyttig_dir}}/${{nyttig_name}}.tar.gz.sha256\" \"${{nyttig_from}}/${{nyttig_name}}.tar.gz.sha256\""
        ),
        "if ! (cd \"$nyttig_dir\" && sha256sum -c \"${nyttig_name}.tar.gz.sha256\"); then echo \"error: ${nyttig_name}.tar.gz does not match its SHA-256 checksum: nyttig is not installed\" >&2; exit 1; fi".to_owned(),
        "tar -xzf \"${nyttig_dir}/${nyttig_name}.tar.gz\" -C \"$nyttig_dir\"".to_owned(),
        "export PATH=\"${nyttig_dir}/${nyttig_name}:${PATH}\"".to_owned(),
        "nyttig --version".to_owned(),
    ]
}

/// [`install_lines`] as a script, a command a line.
pub fn install_script() -> String {
    install_lines().join("\n")
}

/// `lines` indented by `by` spaces, for a YAML block.
fn indented(lines: &[String], by: usize) -> String {
    lines.iter().map(|l| format!("{:by$}{l}\n", "")).collect()
}

/// The files `nyttig host <host>` writes, as (path relative to the portal's folder, text).
/// `site_dir` is nginx's folder for the site (`--site-dir`); the others do not use it.
pub fn files(host: Host, site: &Site, site_dir: &str) -> Vec<(PathBuf, String)> {
    // Made of its parts, so that the path is the platform's own.
    let path = |parts: &str| parts.split('/').collect::<PathBuf>();
    match host {
        Host::Github => vec![(path(".github/workflows/publish.yml"), github())],
        Host::Gitlab => vec![(path(".gitlab-ci.yml"), gitlab())],
        Host::Azure => vec![(path(".github/workflows/azure-static-web-apps.yml"), azure())],
        Host::Netlify => vec![
            (path("netlify.toml"), netlify()),
            (path(&format!("{NETLIFY_PLUGIN}/manifest.yml")), NETLIFY_PLUGIN_MANIFEST.to_owned()),
            (path(&format!("{NETLIFY_PLUGIN}/index.js")), NETLIFY_PLUGIN_CODE.to_owned()),
        ],
        Host::Nginx => {
            let base = crate::urls::Urls::new(&site.config).home();
            let server = crate::hosting::origin(&site.config.base_url)
                .and_then(|o| o.split_once("://").map(|(_, h)| h.split(':').next().unwrap_or(h).to_owned()))
                .unwrap_or_else(|| "_".to_owned());
            let text = crate::hosting::nginx_site(site, &base, &server, site_dir.trim_end_matches('/'));
            vec![(path("hosting/nginx.conf"), text)]
        }
    }
}

/// The end of a GitHub workflow's comment, its name, and when it runs: on every push to main,
/// and by hand.
fn github_start(name: &str) -> String {
    format!(
        r#"#
# nyttig is downloaded from its release and checked against its SHA-256 sum; set the
# repository variable NYTTIG_RELEASES to take it from a copy of your own instead.
name: {name}

on:
  push:
    branches: [main]
  workflow_dispatch:
"#
    )
}

/// The GitHub Actions steps that restore and save the picture cache.
fn github_cache() -> String {
    format!(
        r#"      # Pictures processed by earlier runs are kept, and only new or changed ones made.
      - uses: actions/cache@v4
        with:
          path: {CACHE}
          key: nyttig-${{{{ hashFiles('content/**', 'static/**') }}}}
          restore-keys: nyttig-
"#
    )
}

fn github() -> String {
    format!(
        r#"# Made by `nyttig host github`: builds the portal with nyttig {VERSION} on every push to main
# and publishes it on GitHub Pages.
#
# To turn it on: commit and push this file, then in the repository's Settings → Pages set
# Source to "GitHub Actions". The portal is then at https://<owner>.github.io/<repository>/.
#
# The kommune's own domain (innovation.kommune.dk): enter it under Settings → Pages → Custom
# domain, and add a DNS record CNAME innovation.kommune.dk → <owner>.github.io. Set base_url
# in portal.yaml to https://innovation.kommune.dk/ too (the build here takes the address
# GitHub gives it, custom domain included).
#
# GitHub Pages sends no headers of its own choosing: the build puts the Content-Security-Policy
# into each page as a <meta> (--meta-policy). A <meta> cannot say frame-ancestors, so other
# sites can show the portal in a frame.
{start}
permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
{cache}      - name: Install nyttig and build the portal
        env:
          NYTTIG_RELEASES: ${{{{ vars.NYTTIG_RELEASES }}}}
          BASE_URL: ${{{{ steps.pages.outputs.base_url }}}}
        run: |
{install}          nyttig build --base-url "${{BASE_URL}}/" --meta-policy
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-24.04
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#,
        start = github_start("publish"),
        cache = github_cache(),
        install = indented(&install_lines(), 10),
    )
}

fn gitlab() -> String {
    format!(
        r#"# Made by `nyttig host gitlab`: builds the portal with nyttig {VERSION} on every push to the
# default branch and publishes it on GitLab Pages.
#
# To turn it on: commit and push this file. After the first pipeline the address is under
# Deploy → Pages.
#
# The kommune's own domain (innovation.kommune.dk): add it under Deploy → Pages → New domain
# and make the DNS records GitLab shows there. Then set base_url in portal.yaml to
# https://innovation.kommune.dk/, and the CI/CD variable NYTTIG_BASE_URL (Settings → CI/CD →
# Variables) to the same address: without it the build takes GitLab's own ($CI_PAGES_URL).
#
# GitLab Pages cannot send the portal's headers: the build puts the Content-Security-Policy
# into each page as a <meta> (--meta-policy). A <meta> cannot say frame-ancestors, so other
# sites can show the portal in a frame.
#
# nyttig is downloaded from its release and checked against its SHA-256 sum; set the CI/CD
# variable NYTTIG_RELEASES to take it from a copy of your own instead.
pages:
  image: debian:bookworm-slim
  # Pictures processed by earlier pipelines are kept, and only new or changed ones made.
  cache:
    key: nyttig-$CI_COMMIT_REF_SLUG
    paths:
      - {CACHE}/
  before_script:
    - apt-get update -qq
    - apt-get install -y -qq --no-install-recommends curl ca-certificates
  script:
    - |
{install}      nyttig build --base-url "${{NYTTIG_BASE_URL:-$CI_PAGES_URL/}}" --meta-policy --out public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"#,
        install = indented(&install_lines(), 6),
    )
}

fn azure() -> String {
    format!(
        r#"# Made by `nyttig host azure`: builds the portal with nyttig {VERSION} on every push to main
# and publishes it on Azure Static Web Apps, with the security headers and caching of the
# staticwebapp.config.json the build writes.
#
# To turn it on: create a Static Web App in the Azure portal with "Other" as deployment
# source, copy its deployment token (Overview → Manage deployment token), and store it in
# this repository as the secret AZURE_STATIC_WEB_APPS_API_TOKEN (Settings → Secrets and
# variables → Actions). Then commit and push this file.
#
# The kommune's own domain (innovation.kommune.dk): add it in the Static Web App under
# Custom domains and make the DNS record Azure shows there. The build uses base_url from
# portal.yaml: set it to https://innovation.kommune.dk/.
{start}
permissions:
  contents: read

jobs:
  publish:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
{cache}      - name: Install nyttig and build the portal
        env:
          NYTTIG_RELEASES: ${{{{ vars.NYTTIG_RELEASES }}}}
        run: |
{install}          nyttig build
      - uses: Azure/static-web-apps-deploy@v1
        with:
          azure_static_web_apps_api_token: ${{{{ secrets.AZURE_STATIC_WEB_APPS_API_TOKEN }}}}
          action: upload
          app_location: public
          skip_app_build: true
          output_location: ""
"#,
        start = github_start("azure-static-web-apps"),
        cache = github_cache(),
        install = indented(&install_lines(), 10),
    )
}

/// The folder of the build plugin that keeps the picture cache on Netlify.
const NETLIFY_PLUGIN: &str = "netlify/plugins/nyttig-cache";

const NETLIFY_PLUGIN_MANIFEST: &str = "# Made by `nyttig host netlify`: see index.js.\nname: nyttig-cache\n";

const NETLIFY_PLUGIN_CODE: &str = r#"// Made by `nyttig host netlify`: a Netlify build plugin that keeps the pictures nyttig
// processed (.nyttig-cache/) in Netlify's build cache, so that a build makes only new or
// changed ones. netlify.toml names it under [[plugins]].
module.exports = {
  async onPreBuild({ utils }) {
    await utils.cache.restore(".nyttig-cache");
  },
  async onPostBuild({ utils }) {
    await utils.cache.save(".nyttig-cache");
  },
};
"#;

fn netlify() -> String {
    let command: String = install_lines().iter().map(|l| format!("  {l} && \\\n")).collect();
    format!(
        r#"# Made by `nyttig host netlify`: Netlify builds the portal with nyttig {VERSION} on every
# push and publishes it, with the security headers and caching of the _headers file the
# build writes.
#
# To turn it on: commit and push this file and the folder {NETLIFY_PLUGIN}/,
# then in Netlify choose Add new project → Import an existing project and pick this
# repository: the settings are read from here.
#
# The kommune's own domain (innovation.kommune.dk): add it under Domain management and make
# the DNS records Netlify shows there. The build takes Netlify's main address ($URL), which
# is then that domain; set base_url in portal.yaml to https://innovation.kommune.dk/ too.
#
# What is kept between builds: the pictures nyttig processed ({CACHE}/), by the small
# build plugin in {NETLIFY_PLUGIN}/ (it keeps them in Netlify's build cache).
# Nothing else: nyttig itself is downloaded each time, from its release, and checked against
# its SHA-256 sum; set the environment variable NYTTIG_RELEASES (Project configuration →
# Environment variables) to take it from a copy of your own instead.
[build]
  publish = "public"
  command = """
{command}  nyttig build --base-url "$URL/" \
  """

[[plugins]]
  package = "./{NETLIFY_PLUGIN}"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_known_by_name() {
        for host in Host::ALL {
            assert_eq!(Host::parse(host.name()), Some(host));
        }
        assert_eq!(Host::parse(" GitHub "), Some(Host::Github));
        assert_eq!(Host::parse("caddy"), None);
    }

    #[test]
    fn the_install_installs_this_version_from_the_repository_and_checks_it() {
        let script = install_script();
        assert!(script.contains(&format!("NYTTIG_VERSION={VERSION}\n")), "{script}");
        assert!(script.contains("${NYTTIG_RELEASES:-https://github.com/nyttig/nyttig/releases/download}"), "{script}");
        assert!(script.contains("sha256sum -c"), "{script}");
        assert!(!script.contains('|'), "no pipe, to a shell or anything else");
        // One command a line, no backslash: the lines are joined with ` && \` for Netlify.
        assert!(install_lines().iter().all(|l| !l.contains('\\') && !l.contains('\n')));
    }
}
