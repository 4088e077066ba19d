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
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// The `Content-Security-Policy` of every page: scripts, styles, pictures, fonts and data
/// from the site only (pictures also as `data:`, which the stylesheet's icons are); no
/// plugin, no other base; forms sent to the site or the idea form's receiver; frames only
/// of the video hosts the projects use; and no other site may frame the portal.
pub fn content_security_policy(site: &Site) -> String {
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
    .join("; ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port() {
        assert_eq!(origin("https://Forms.Example.dk/innovation/ide?x=1").as_deref(), Some("https://forms.example.dk"));
        assert_eq!(origin("http://localhost:8080/x").as_deref(), Some("http://localhost:8080"));
        assert_eq!(origin("https://user:pw@forms.example.dk/").as_deref(), Some("https://forms.example.dk"));
        for none in ["/ideer/", "mailto:a@b.dk", "javascript:alert(1)", "https://", "//evil.example/"] {
            assert_eq!(origin(none), None, "{none}");
        }
    }
}
