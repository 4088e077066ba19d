//! Editing in the browser (`nyttig serve`): the local-backend API that a git-based CMS
//! (Decap CMS) saves through, answered on the portal's own folder ([`api`]), and who may use
//! it ([`Editing`]): only pages of the preview itself, on the editor's own machine, that
//! know the token the preview made at its start.

pub mod api;
pub mod config;

use std::io;
use std::net::IpAddr;
use std::path::Path;

use serde_json::json;

use crate::i18n::Lang;
pub use api::{Answer, Api};

/// Editing, as the preview offers it: the API, its token and the address it is served at.
pub struct Editing {
    api: Api,
    token: String,
    port: u16,
    /// Whether other machines may edit (`serve --host … --edit-over-network`): then any IP
    /// address of this machine is its own, not only the loopback ones.
    network: bool,
    lang: Lang,
}

impl Editing {
    /// Editing of the portal at `root` through the preview on `port`, with a new token.
    pub fn new(root: &Path, lang: Lang, port: u16, network: bool) -> io::Result<Editing> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Editing { api: Api::new(root, lang)?, token, port, network, lang })
    }

    /// The address of the API, with its token, for the editor's configuration.
    pub fn api_path(&self) -> String {
        format!("/__nyttig/editor/{}/api/v1", self.token)
    }

    /// Whether a request's `Host` names this preview by an address, not by a name that
    /// could point elsewhere tomorrow (DNS rebinding): `localhost` or an IP address, with
    /// the preview's port; a loopback one unless editing is open to the network.
    pub fn own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else { return false };
        if port.parse::<u16>().ok() != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>();
        ip.is_ok_and(|ip| ip.is_loopback() || self.network)
    }

    /// The editor's configuration (`config.yml`, written as JSON, which YAML reads too),
    /// made from the portal's settings as they are now, saving through this preview's API
    /// at `host`. `None` when portal.yaml cannot be read (the preview shows why).
    pub fn config(&self, host: &str) -> Option<String> {
        let path = self.api.root().join("portal.yaml");
        let text = std::fs::read_to_string(path).ok()?;
        let portal = crate::source::portal::read("portal.yaml", &text, None).ok()?;
        let backend = json!({ "name": "proxy", "proxy_url": format!("http://{host}{}", self.api_path()) });
        serde_json::to_string_pretty(&config::config(&portal, backend)).ok()
    }

    /// Answers a request to the API: from this preview's own pages (`Host` and `Origin`),
    /// with the token, or not at all.
    pub fn answer(&self, host: Option<&str>, origin: Option<&str>, token: &str, body: &[u8]) -> Answer {
        let refuse = |said: crate::say::Say| Answer {
            status: 403,
            body: json!({ "error": said.to(self.lang) }),
            changed: false,
        };
        let Some(host) = host.filter(|h| self.own_host(h)) else {
            return refuse(say!("editor.not_own_host"));
        };
        if origin != Some(format!("http://{host}").as_str()) {
            return refuse(say!("editor.not_own_page"));
        }
        if !same_secret(token, &self.token) {
            return refuse(say!("editor.wrong_token"));
        }
        self.api.answer(body)
    }
}

/// The bundled Decap CMS (`scripts/vendor-decap.sh`): its files, each gzipped.
static CMS: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/vendor/decap-cms");

/// The version of the bundled CMS.
pub fn cms_version() -> &'static str {
    CMS.get_file("VERSION").and_then(|f| f.contents_utf8()).map_or("", str::trim)
}

/// A file of the bundled CMS by its name (`decap-cms.js`): its gzipped bytes and its type.
pub fn cms_file(name: &str) -> Option<(&'static [u8], &'static str)> {
    let kind = if name.ends_with(".js") {
        "text/javascript; charset=utf-8"
    } else if name.ends_with(".wasm") {
        "application/wasm"
    } else {
        return None;
    };
    Some((CMS.get_file(format!("{name}.gz"))?.contents(), kind))
}

/// The bundled CMS's files unpacked, by name (`decap-cms.js`, its licences), for a portal
/// edited through its git host (`/admin/cms/`); unpacked once per run.
pub fn cms_files() -> &'static [(String, crate::output::Bytes)] {
    static FILES: std::sync::OnceLock<Vec<(String, crate::output::Bytes)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let mut files = Vec::new();
        for file in CMS.files() {
            let name = file.path().to_string_lossy().into_owned();
            let bytes = match name.strip_suffix(".gz") {
                Some(plain) => {
                    let mut out = Vec::new();
                    // The bundled files are part of the binary, checked by the tests: they unpack.
                    if std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file.contents()), &mut out).is_err()
                    {
                        continue;
                    }
                    (plain.to_owned(), out)
                }
                None => (name, file.contents().to_vec()),
            };
            files.push((bytes.0, bytes.1.into()));
        }
        files
    })
}

/// The editor's backend for a portal edited through its git host (`editor:` in portal.yaml),
/// as Decap CMS names its settings.
pub fn hosted_backend(e: &crate::config::EditorHost) -> serde_json::Value {
    let mut backend = json!({ "name": e.backend, "repo": e.repo, "branch": e.branch });
    let api = match e.backend.as_str() {
        "gitlab" => "/api/v4",
        "gitea" => "/api/v1",
        _ => "/api/v3",
    };
    if let Some(host) = &e.host {
        backend["api_root"] = json!(format!("{host}{api}"));
        backend["base_url"] = json!(host);
    }
    if let Some(auth) = &e.auth_url {
        backend["base_url"] = json!(auth);
    }
    if let Some(id) = &e.app_id {
        backend["app_id"] = json!(id);
        if e.backend == "gitlab" {
            backend["auth_type"] = json!("pkce");
        }
    }
    backend
}

/// The editor's page: the CMS, in the portal's language, reading its configuration from
/// `config.yml` beside it. The public site never links to it or loads anything of it.
pub fn page(title: &str, lang: Lang) -> String {
    let heading = say!("editor.page_title", title = title).to(lang);
    let noscript = say!("editor.needs_javascript").to(lang);
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>{}</title><link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\"></head><body><noscript><p>{}</p></noscript><script src=\"cms/decap-cms.js\"></script></body></html>\n",
        lang.code(),
        crate::text::xml_escape(&heading),
        crate::text::xml_escape(&noscript)
    )
}

/// Compares two secrets in a time that does not tell how much of them matched.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_previews_own_pages_with_the_token_are_answered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let e = Editing::new(dir.path(), Lang::En, 1111, false).unwrap();
        let info = br#"{"action":"info","params":{}}"#;
        let token = e.token.clone();
        let ok = |host: &str, origin: &str| e.answer(Some(host), Some(origin), &token, info).status;
        assert_eq!(ok("127.0.0.1:1111", "http://127.0.0.1:1111"), 200);
        assert_eq!(ok("localhost:1111", "http://localhost:1111"), 200);
        assert_eq!(ok("[::1]:1111", "http://[::1]:1111"), 200);
        assert_eq!(ok("127.0.0.1:1111", "http://evil.example"), 403, "a page of another site");
        assert_eq!(ok("127.0.0.1:1111", "http://localhost:1111"), 403, "another origin than the host");
        assert_eq!(ok("evil.example:1111", "http://evil.example:1111"), 403, "DNS rebinding");
        assert_eq!(ok("192.168.1.9:1111", "http://192.168.1.9:1111"), 403, "the network, unless allowed");
        assert_eq!(ok("127.0.0.1:2222", "http://127.0.0.1:2222"), 403, "another port");
        assert_eq!(e.answer(Some("127.0.0.1:1111"), None, &token, info).status, 403, "no origin");
        assert_eq!(e.answer(None, Some("http://127.0.0.1:1111"), &token, info).status, 403, "no host");
        let wrong = "0".repeat(token.len());
        assert_eq!(e.answer(Some("127.0.0.1:1111"), Some("http://127.0.0.1:1111"), &wrong, info).status, 403);
        assert_eq!(e.answer(Some("127.0.0.1:1111"), Some("http://127.0.0.1:1111"), "", info).status, 403);
        assert_eq!(token.len(), 48, "192 bits");
        assert_ne!(Editing::new(dir.path(), Lang::En, 1111, false).unwrap().token, token, "a new token each time");
        let network = Editing::new(dir.path(), Lang::En, 1111, true).unwrap();
        assert!(network.own_host("192.168.1.9:1111") && !network.own_host("evil.example:1111"));
    }
}
