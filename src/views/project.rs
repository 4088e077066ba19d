//! A project's page: its timeline through the phases, its status when paused or stopped, the
//! five fundamentals, benefits, results, news and a video that sends nothing before play.

use super::*;

/// A video's host and an embed address that sends no tracking cookie before play, where known.
pub fn video(url: &str) -> Value {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let host = after.split('/').next().unwrap_or("").trim_start_matches("www.").trim_start_matches("m.");
    let id_ok = |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let (name, embed) = match host {
        "youtube.com" | "youtu.be" | "youtube-nocookie.com" => {
            let id = if host == "youtu.be" {
                after.split('/').nth(1).map(|s| s.split(['?', '#']).next().unwrap_or(""))
            } else {
                after
                    .split_once("v=")
                    .map(|(_, r)| r.split(['&', '#']).next().unwrap_or(""))
                    .or_else(|| after.split("/embed/").nth(1))
            };
            (
                "YouTube",
                id.filter(|i| id_ok(i)).map(|id| format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")),
            )
        }
        "vimeo.com" | "player.vimeo.com" => {
            let id = after.rsplit('/').next().map(|s| s.split(['?', '#']).next().unwrap_or(""));
            (
                "Vimeo",
                id.filter(|i| id_ok(i) && i.chars().all(|c| c.is_ascii_digit()))
                    .map(|id| format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1")),
            )
        }
        other => (other, None),
    };
    json!({ "url": url, "host": name, "embed_url": embed })
}

impl<'a> Views<'a> {
    /// A project's reports, in the portal's order.
    pub(super) fn results_of(&self, p: &Project) -> impl Iterator<Item = &'a ResultReport> + use<'a, '_> {
        let found = self.results_of.get(p.doc.slug.as_str()).map_or(&[][..], Vec::as_slice);
        let site: &'a Site = self.site;
        found.iter().map(move |i| &*site.results[*i])
    }

    /// The news items that name a project, in the portal's order.
    pub(super) fn news_of(&self, p: &Project) -> impl Iterator<Item = &'a NewsItem> + use<'a, '_> {
        let found = self.news_of.get(p.doc.slug.as_str()).map_or(&[][..], Vec::as_slice);
        let site: &'a Site = self.site;
        found.iter().map(move |i| &*site.news[*i])
    }

    pub(super) fn timeline(&self, p: &Project) -> (Value, Value) {
        let model = self.model();
        let reached = p.last_step();
        let methods_for =
            |id: &str| self.method_phases.contains(id).then(|| format!("{}#{id}", self.urls.section(Section::Methods)));
        let timeline: Vec<Value> = model
            .phases
            .iter()
            .enumerate()
            .map(|(i, ph)| {
                let state = match reached {
                    Some(r) if i < r => "done",
                    Some(r) if i == r => "current",
                    _ => "future",
                };
                let entries: Vec<Value> = p
                    .history
                    .iter()
                    .filter(|h| h.phase.id() == ph.id)
                    .map(|h| json!({ "date": self.t.date(h.date), "date_iso": h.date.to_string(), "decision": h.decision, "note": h.note }))
                    .collect();
                json!({ "id": ph.id, "label": ph.label, "description": ph.description, "state": state, "methods_url": methods_for(&ph.id), "entries": entries })
            })
            .collect();
        let status = if p.phase.is_halted() {
            let entry = p.history.iter().rev().find(|h| h.phase == p.phase);
            json!({
                "id": p.phase, "label": model.label_of(&p.phase),
                "date": entry.map(|e| self.t.date(e.date)), "date_iso": entry.map(|e| e.date.to_string()),
                "decision": entry.and_then(|e| e.decision.clone()), "note": entry.and_then(|e| e.note.clone()),
            })
        } else {
            Value::Null
        };
        (Value::Array(timeline), status)
    }

    pub(super) fn project(&self, p: &Project) -> View {
        let (timeline, status) = self.timeline(p);
        let url = self.url(&p.doc);
        let fundamentals = p.fundamentals.map(|f| {
            let zeros: Vec<String> = f.zeros().into_iter().map(|z| self.t.get(&format!("fundamental.{z}")).into_owned()).collect();
            json!({
                "items": f.scores().iter().map(|(k, s)| json!({ "key": k, "label": self.t.get(&format!("fundamental.{k}")), "score": s, "zero": *s == 0 })).collect::<Vec<_>>(),
                "has_zero": !zeros.is_empty(), "zero_labels": zeros, "product": f.product(),
            })
        });
        let num = |n: Option<f64>| n.map(|n| format_number(self.lang(), n));
        let benefits: Vec<Value> = p
            .benefits
            .iter()
            .map(|b| json!({ "name": b.name, "unit": b.unit, "planned": num(b.planned), "realized": num(b.realized) }))
            .collect();
        let results: Vec<Value> = self.results_of(p).map(|r| self.dated(&r.title, &r.doc, r.date)).collect();
        let news: Vec<Value> = self.news_of(p).map(|n| self.dated(&n.title, &n.doc, n.date)).collect();
        let related: Vec<Value> = p.related.iter().filter_map(|s| self.site.project(s)).map(|r| self.card(r)).collect();
        let image = self.lead_picture(&p.doc, p.image.as_ref());
        let project = json!({
            "title": p.title, "summary": p.summary, "phase": p.phase, "phase_label": self.model().label_of(&p.phase),
            "phase_state": p.phase.state(), "kind": p.kind.id(), "kind_label": self.t.get(&format!("kind.{}", p.kind.id())),
            "area": p.area, "area_url": self.urls.facet(Facet::Area, &p.area),
            "tags": p.tags.iter().map(|t| json!({ "label": t, "url": self.urls.facet(Facet::Tag, t) })).collect::<Vec<_>>(),
            "started": self.date(p.started), "started_iso": p.started.to_string(),
            "ended": p.ended.map(|d| self.t.date(d)), "ended_iso": p.ended.map(|d| d.to_string()), "year": p.started.year,
            "owner": p.owner.as_deref().and_then(|o| self.person(o)),
            "team": p.team.iter().filter_map(|t| self.person(t)).collect::<Vec<_>>(),
            "partners": p.partners, "origin_label": p.origin.as_ref().map(|o| self.t.get(&format!("origin.{o}"))),
            "via_portal": p.via_portal, "prize": p.prize, "prize_label": p.prize.map(|y| fill(&self.t.get("project.prize"), &[("year", &y.to_string())])),
            "updated": p.updated.map(|d| self.t.date(d)), "updated_iso": p.updated.map(|d| d.to_string()),
            "image": image, "video": p.video.as_deref().map(video), "body_html": self.body(&p.doc),
        });
        let view = self.make(
            PageKind::Project,
            url,
            &p.title,
            Some(&p.summary),
            Some("projects"),
            vec![self.section_crumb(Section::Projects)],
            json!({ "project": project, "timeline": timeline, "status": status, "fundamentals": fundamentals, "benefits": benefits, "related": related, "results": results, "news": news }),
        );
        self.with_share_picture(view, &p.doc, p.image.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_embed_without_tracking_before_play() {
        let v = video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3");
        assert_eq!(v["host"], "YouTube");
        assert_eq!(v["embed_url"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
        assert_eq!(
            video("https://youtu.be/abcDEF12345")["embed_url"],
            "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"
        );
        assert_eq!(
            video("https://vimeo.com/123456")["embed_url"],
            "https://player.vimeo.com/video/123456?dnt=1&autoplay=1"
        );
        assert!(video("https://video.kommune.dk/v/1")["embed_url"].is_null());
    }
}
