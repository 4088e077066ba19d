//! What a host needs to publish a portal safely: the security headers of its pages, made
//! from portal.yaml and the content. The policy allows the site itself and nothing else, but
//! for the idea form's receiver (as a form target) and, when a project has a video, the
//! video host's player (as a frame, loaded only after the reader asks).

use std::collections::BTreeSet;

use crate::model::Site;
use crate::urls::{UrlKind, url_kind};
use crate::views::video;

/// The origin (`https://host:port`) of a web address, or none for any other address.
pub fn origin(url: &str) -> Option<String> {
    if url_kind(url) != UrlKind::Web {
        return None;
    }
    let (scheme, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    // A user name and password before the host are no part of the origin.
    let host = authority.rsplit('@').next()?;
    // Only what a host name, an IPv6 address and a port are made of: the origin is written
    // into headers and server files.
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if host.is_empty() || !host.chars().all(plain) {
        return None;
    }
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// The `Content-Security-Policy` of every page: scripts, styles, pictures, fonts and data
/// from the site only (pictures also as `data:`, which the stylesheet's icons are); no
/// plugin, no other base; forms sent to the site or the idea form's receiver; frames only
/// of the video hosts the projects use; and no other site may frame the portal.
pub fn content_security_policy(site: &Site) -> String {
    directives(site).join("; ")
}

/// The same policy for a `<meta http-equiv>` in every page, for hosts that cannot send headers
/// (GitHub Pages, GitLab Pages): without `frame-ancestors`, which browsers ignore there, so
/// that other sites can then frame the portal.
pub fn meta_policy(site: &Site) -> String {
    let all = directives(site);
    all.into_iter().filter(|d| !d.starts_with("frame-ancestors")).collect::<Vec<_>>().join("; ")
}

fn directives(site: &Site) -> Vec<String> {
    let form_targets: BTreeSet<String> = site.config.form_action.as_deref().and_then(origin).into_iter().collect();
    let players: BTreeSet<String> = site
        .projects
        .iter()
        .filter_map(|p| p.video.as_deref())
        .filter_map(|url| video(url)["embed_url"].as_str().and_then(origin))
        .collect();
    let list = |extra: &BTreeSet<String>, base: &str| {
        let mut all: Vec<&str> = (!base.is_empty()).then_some(base).into_iter().collect();
        all.extend(extra.iter().map(String::as_str));
        if all.is_empty() { "'none'".to_owned() } else { all.join(" ") }
    };
    [
        "default-src 'self'".to_owned(),
        "script-src 'self'".to_owned(),
        "style-src 'self'".to_owned(),
        "img-src 'self' data:".to_owned(),
        "font-src 'self'".to_owned(),
        "connect-src 'self'".to_owned(),
        "media-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'self'".to_owned(),
        format!("form-action {}", list(&form_targets, "'self'")),
        format!("frame-src {}", list(&players, "")),
        "frame-ancestors 'none'".to_owned(),
    ]
    .into()
}

/// The policy of the editor's `/admin/`, the CMS nyttig bundles: its scripts from the site
/// only, so that no script put into its pages or loaded from elsewhere runs where an editor's
/// token is; no plugin, no other base; no other site may frame it. The CMS compiles code as
/// it starts (`eval`, which Chromium reports without it) and sets styles inline; after log-in it
/// reads the git host's API, pictures and files, and shows previews in frames: those are
/// allowed over HTTPS from any host (the CMS after log-in could not be tried on every host
/// here, and a policy that stopped it would stop the editors).
pub fn admin_policy() -> String {
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "media-src 'self' blob: https:",
        "font-src 'self' data:",
        "connect-src 'self' https:",
        "frame-src 'self' blob: https:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self' https:",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

/// The headers of the editor's `/admin/`: those of every page, with [`admin_policy`].
pub fn admin_headers(site: &Site) -> Vec<(&'static str, String)> {
    let mut headers = security_headers(site);
    for (name, value) in &mut headers {
        if *name == "Content-Security-Policy" {
            *value = admin_policy();
        }
    }
    headers
}

/// Every header a page gets, as (name, value): the policy above, and what keeps addresses,
/// types and browser features to the site.
pub fn security_headers(site: &Site) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", content_security_policy(site)),
        ("Referrer-Policy", "strict-origin-when-cross-origin".to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()".to_owned(),
        ),
    ]
}

/// How long a browser keeps a file whose address changes with its content: the theme's files
/// (`?v=<hash>`) and the search index (`nyttig-search/<hash>/`).
const FOREVER: &str = "public, max-age=31536000, immutable";
/// Everything else is asked again (a page, the open data, the feed), cheaply when unchanged.
const REVALIDATE: &str = "no-cache";

/// The folders whose files never change under their address, under the site's `base`.
fn immutable(base: &str) -> [String; 2] {
    [format!("{base}assets/*"), format!("{base}nyttig-search/*")]
}

/// The paths of the site that its pages are under, as host rules name them: `/*`; or, when the
/// site has the editor's `admin/` (the CMS it bundles has a policy of its own), `/` and each
/// folder (`/projekter/*`) and file (`/feed.xml`) at the top of `files` but that one.
fn page_rules<'a>(base: &str, files: impl Iterator<Item = &'a str>) -> Vec<String> {
    let files: Vec<&str> = files.collect();
    if !files.iter().any(|f| f.starts_with("admin/")) {
        return vec![format!("{base}*")];
    }
    let mut tops = BTreeSet::new();
    for file in files {
        match file.split_once('/') {
            Some(("admin", _)) => {}
            Some((folder, _)) => {
                tops.insert(format!("{base}{folder}/*"));
            }
            None => {
                tops.insert(format!("{base}{file}"));
            }
        }
    }
    tops.insert(base.to_owned());
    tops.into_iter().collect()
}

/// The files a host reads from the published folder: `_headers` (Netlify, Cloudflare Pages)
/// and `staticwebapp.config.json` (Azure Static Web Apps), with the security headers for the
/// pages (and the editor's own), caching for a year for files whose address changes with
/// their content, and (Azure) the portal's 404 page; and the old addresses of pages as 301s:
/// in Azure's routes, `_redirects` (Netlify, Cloudflare Pages, GitLab Pages) and
/// `_redirects.nginx`. `base` is the path the site lives under; `files` are the site's files
/// (relative to its folder).
pub fn host_files<'a>(site: &Site, base: &str, files: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<u8>)> {
    let headers = security_headers(site);
    let rules = page_rules(base, files);
    // Netlify and Cloudflare join the values of one header from several matching rules:
    // caching is said only for the folders that keep their files, and the pages keep the
    // hosts' default (asked again every time).
    let mut text = String::from("# Made by nyttig build: the security headers of every page, and caching.\n");
    for rule in &rules {
        text.push_str(rule);
        text.push('\n');
        for (name, value) in &headers {
            text.push_str(&format!("  {name}: {value}\n"));
        }
    }
    if site.config.editor.is_some() {
        text.push_str(&format!("{base}admin/*\n"));
        for (name, value) in admin_headers(site) {
            text.push_str(&format!("  {name}: {value}\n"));
        }
    }
    for rule in immutable(base) {
        text.push_str(&format!("{rule}\n  Cache-Control: {FOREVER}\n"));
    }
    let global: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone().into()))
        .chain([("Cache-Control".to_owned(), REVALIDATE.into())])
        .collect();
    // Old addresses first: Azure takes the first route that matches.
    let moved = site.moved.iter().flat_map(|m| {
        old_paths(m).map(|from| serde_json::json!({ "route": from, "redirect": m.to, "statusCode": 301 }))
    });
    let routes: Vec<serde_json::Value> = moved
        .chain(
            immutable(base).iter().map(|r| serde_json::json!({ "route": r, "headers": { "Cache-Control": FOREVER } })),
        )
        .chain(site.config.editor.is_some().then(|| {
            // The editor's CMS has a policy of its own.
            serde_json::json!({ "route": format!("{base}admin/*"), "headers": { "Content-Security-Policy": admin_policy() } })
        }))
        .collect();
    let azure = serde_json::json!({
        "globalHeaders": global,
        "routes": routes,
        "responseOverrides": { "404": { "rewrite": format!("{base}404.html") } },
        "mimeTypes": { ".bin": "application/octet-stream" },
    });
    vec![
        ("_headers".to_owned(), text.into_bytes()),
        ("staticwebapp.config.json".to_owned(), serde_json::to_vec_pretty(&azure).unwrap_or_default()),
        (REDIRECTS.to_owned(), redirects(site).into_bytes()),
        (NGINX_REDIRECTS.to_owned(), nginx_redirects(site).into_bytes()),
    ]
}

/// The file Netlify, Cloudflare Pages and GitLab Pages read redirects from.
pub const REDIRECTS: &str = "_redirects";
/// The file the site file of `nyttig host nginx` reads the old addresses from.
pub const NGINX_REDIRECTS: &str = "_redirects.nginx";

/// `_redirects`: each old address of a page (`aliases:`) leads on to it with a 301. Each is
/// said twice: `301!` for Netlify, which otherwise serves the redirect page still at the old
/// address (`301` and a redirect page is all the same to a reader, not to a search engine);
/// `301` for Cloudflare Pages, which skips the line it cannot read and always redirects. GitLab
/// Pages serves the redirect page, which leads on at once.
fn redirects(site: &Site) -> String {
    let mut text = String::from(
        "# Made by nyttig build: the old addresses of pages (`aliases:`), each leading on to its page.\n\
         # `301!` is for Netlify, `301` for Cloudflare Pages (which skips the line before).\n",
    );
    for m in &site.moved {
        text.push_str(&format!("{} {} 301!\n{} {} 301\n", m.from, m.to, m.from, m.to));
    }
    text
}

/// The old addresses for nginx's `map` (see [`nginx_site`]): each, with and without its last
/// `/`, and the page it leads on to.
fn nginx_redirects(site: &Site) -> String {
    let mut text = String::from(
        "# Made by nyttig build: the old addresses of pages (`aliases:`), read by the site file\n# of `nyttig host nginx` when nginx starts or reloads.\n",
    );
    for m in &site.moved {
        for from in old_paths(m) {
            text.push_str(&format!("{from} {};\n", m.to));
        }
    }
    text
}

/// The paths a host matches an old address by: itself and, for a folder, the same without its
/// last `/` (hosts that match paths exactly, where the folder's own redirect does not come
/// first).
fn old_paths(m: &crate::model::Moved) -> impl Iterator<Item = &str> {
    let bare = m.from.strip_suffix('/').filter(|b| !b.is_empty());
    std::iter::once(m.from.as_str()).chain(bare)
}

/// An nginx site file (a `server` block, for `/etc/nginx/sites-available/`) that serves the
/// built site from `root` with the security headers, caching, the 404 page, and the range
/// requests search reads with. The site's files are expected at `root` + its base path (for
/// `https://kommune.dk/innovation/`, `public/` copied to `<root>/innovation/`). `base` is that
/// base path, `host` the server name. TLS is the server's own: see the comments in the file.
pub fn nginx_site(site: &Site, base: &str, host: &str, root: &str) -> String {
    let headers = security_headers(site);
    // nginx drops a server's `add_header`s in a location that adds its own: each location
    // says them all.
    let with = |cache: &str, admin: bool| -> String {
        let mut out = String::new();
        for (name, value) in if admin { admin_headers(site) } else { headers.clone() } {
            out.push_str(&format!("        add_header {name} \"{value}\" always;\n"));
        }
        out.push_str(&format!("        add_header Cache-Control \"{cache}\" always;\n"));
        out
    };
    let [assets, index] = immutable(base).map(|r| r.trim_end_matches('*').to_owned());
    let title: String = site.config.title.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut out = format!(
        r#"# Made by `nyttig host nginx` for {title}.
# Run it again (with --force) when portal.yaml's idea form or a project's video host changes: the
# Content-Security-Policy names them.
#
# Copy the built site (public/) to {root}{base}, put this file in /etc/nginx/sites-available/,
# link it from sites-enabled/, and run `nginx -t` and `systemctl reload nginx`. For HTTPS,
# which a public portal needs, `certbot --nginx -d {host}` adds the certificate and the
# redirect from http.

# The old addresses of pages (`aliases:` in their front matter) lead on to them with a 301.
# Every build writes them to {redirects}; nginx reads it when it starts or reloads, so
# reload nginx after publishing a build that changed them.
map $uri $nyttig_moved {{
    default "";
    include {root}{base}{redirects};
}}

server {{
    listen 80;
    listen [::]:80;
    server_name {host};

    root {root};
    index index.html;
    charset utf-8;
    server_tokens off;
    # Redirects to a folder's address keep the host and port the reader used.
    absolute_redirect off;
    error_page 404 {base}404.html;

    if ($nyttig_moved) {{
        return 301 $nyttig_moved;
    }}

    # The files other hosts read their headers and redirects from are no pages of the site.
    location ~ "^{base_re}(_headers|_redirects|_redirects\.nginx|staticwebapp\.config\.json)$" {{
        return 404;
    }}

    # Text is compressed; the search index's .bin files are not, so that the browser can
    # read parts of them (range requests).
    gzip on;
    gzip_types text/css text/javascript application/javascript application/json application/xml application/atom+xml image/svg+xml text/plain text/csv;

    # The theme's files (addressed with a hash of their content) and the search index (in a
    # folder named by its hash) never change under their address.
    location ^~ {assets} {{
{forever}    }}

    location ^~ {index} {{
{forever}    }}

    # Pictures are named by a hash of their content too (name.0123456789ab.w800.webp).
    location ~ "^{base_re}.*\.[0-9a-f]{{12}}\.(w[0-9]+|og)\.(jpg|webp|png)$" {{
{forever}    }}

"#,
        forever = with(FOREVER, false),
        base_re = regex_escape(base),
        redirects = NGINX_REDIRECTS,
    );
    if site.config.editor.is_some() {
        out.push_str(&format!(
            "    # The editor's CMS has a policy of its own: it sets styles inline.\n    location ^~ {base}admin/ {{\n{}    }}\n\n",
            with(REVALIDATE, true)
        ));
    }
    out.push_str(&format!(
        "    # Pages and everything else: asked again each time (cheap when unchanged).\n    location {base} {{\n{}    }}\n}}\n",
        with(REVALIDATE, false)
    ));
    out
}

/// `text` with the characters that mean something in a regular expression escaped.
fn regex_escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port() {
        assert_eq!(origin("https://Forms.Example.dk/innovation/ide?x=1").as_deref(), Some("https://forms.example.dk"));
        assert_eq!(origin("http://localhost:8080/x").as_deref(), Some("http://localhost:8080"));
        assert_eq!(origin("https://user:pw@forms.example.dk/").as_deref(), Some("https://forms.example.dk"));
        for none in
            ["/ideer/", "mailto:a@b.dk", "javascript:alert(1)", "https://", "//evil.example/", "https://a$b{}.dk/"]
        {
            assert_eq!(origin(none), None, "{none}");
        }
    }
}
