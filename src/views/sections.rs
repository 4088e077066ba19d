//! The other sections' pages: the front page, strategy, innovators, results reports, news,
//! methods, plain pages, the idea form, search, open data and the 404 page.

use super::*;

/// The action plan as positioned bars: offsets and widths in percent of the plan's whole span.
pub fn plan_timeline(plan: &[PlanItem], t: &Strings) -> Value {
    let (Some(first), Some(last)) = (plan.iter().map(|p| p.start).min(), plan.iter().map(|p| p.end).max()) else {
        return Value::Null;
    };
    let total = f64::from(first.span_to(last));
    let pct = |months: i32| (f64::from(months) / total * 1000.0).round() / 10.0;
    let years: Vec<Value> = (first.year..=last.year)
        .map(|y| {
            let start = if y == first.year { first } else { Month { year: y, month: 1 } };
            let end = if y == last.year { last } else { Month { year: y, month: 12 } };
            json!({ "year": y, "offset": pct(start.index() - first.index()), "width": pct(start.span_to(end)) })
        })
        .collect();
    let items: Vec<Value> = plan
        .iter()
        .map(|p| {
            json!({
                "activity": p.activity, "status": p.status, "status_label": t.get(&format!("status.{}", p.status)),
                "start": t.month(p.start), "end": t.month(p.end), "start_iso": p.start.to_string(), "end_iso": p.end.to_string(),
                "offset": pct(p.start.index() - first.index()), "width": pct(p.start.span_to(p.end)),
            })
        })
        .collect();
    json!({ "start_label": t.month(first), "end_label": t.month(last), "years": years, "items": items })
}

impl<'a> Views<'a> {
    /// The page that lists a section (`/nyheter/`), named as in the menu.
    fn listing(&self, kind: PageKind, section: Section, own: Value) -> View {
        let id = section.folder();
        self.make(kind, self.urls.section(section), &self.t.get(&format!("nav.{id}")), None, Some(id), vec![], own)
    }

    pub(super) fn front(&self) -> View {
        let s = self.site;
        let key_figures: Vec<Value> = s
            .phase_counts()
            .into_values()
            .filter(|(id, count)| *count > 0 || self.model().index(id).is_some())
            .map(|(id, count)| json!({ "label": self.model().label(&id), "count": count, "url": self.urls.facet(Facet::Phase, &id), "phase": id }))
            .collect();
        let title = s.front.as_ref().and_then(|f| f.title.clone()).unwrap_or_else(|| s.config.title.clone());
        let intro = s.front.as_ref().and_then(|f| self.body(&f.doc));
        let news: Vec<Value> = s.news.iter().take(3).map(|n| self.teaser(n)).collect();
        let image = s.front.as_ref().and_then(|f| Some((&f.doc, f.image.as_ref()?)));
        let mut newest: Vec<&Project> = s.projects.iter().map(|p| &**p).collect();
        newest.sort_by(|a, b| {
            b.updated.unwrap_or(b.started).cmp(&a.updated.unwrap_or(a.started)).then_with(|| a.title.cmp(&b.title))
        });
        let view = self.make(
            PageKind::Front,
            self.urls.home(),
            &title,
            Some(&s.config.title),
            None,
            vec![],
            json!({
                "intro_html": intro, "key_figures": key_figures, "total_projects": s.projects.len(),
                "newest_projects": newest.iter().take(6).map(|p| self.card(p)).collect::<Vec<_>>(),
                "newest_news": news, "search_url": self.search_url(), "ideas_url": self.urls.ideas(),
                "image": image.map(|(doc, i)| self.lead_picture(doc, Some(i))),
            }),
        );
        match image {
            Some((doc, i)) => self.with_share_picture(view, doc, Some(i)),
            None => view,
        }
    }

    /// A news item in a list: its title, date, summary and the small version of its picture.
    fn teaser(&self, n: &NewsItem) -> Value {
        let image = n.image.as_ref().map(|i| self.picture(&n.doc, i, crate::images::markup::sizes::CARD, false, None));
        json!({ "title": n.title, "url": self.url(&n.doc), "date": self.t.date(n.date), "date_iso": n.date.to_string(), "summary": n.summary, "author": n.author, "image": image })
    }

    pub(super) fn strategy_nav(&self, current: Option<&str>) -> Vec<Value> {
        let pages = self.site.strategy.iter();
        pages.map(|p| json!({ "title": p.title, "url": self.url(&p.doc), "current": Some(p.doc.slug.as_str()) == current })).collect()
    }

    /// The strategy section's own address shows the first strategy page, with the navigation
    /// to all of them.
    pub(super) fn strategy_overview(&self) -> View {
        let Some(first) = self.site.strategy.first() else { return self.not_found() };
        // Search engines are told that the first page's own address is the one to show.
        let mut overview = self.strategy_page(first, self.strategy_nav(None));
        overview.url = self.urls.section(Section::Strategy);
        if let Some(Value::Object(page)) = overview.context.get_mut("page") {
            page.insert("url".into(), json!(overview.url));
        }
        overview
    }

    pub(super) fn strategy_page(&self, p: &StrategyPage, nav: Vec<Value>) -> View {
        let targets: Vec<Value> = p
            .targets
            .iter()
            .map(|t| {
                let (value, percent) = crate::figures::progress(self.site, t);
                let text = format!("{} {} {}", format_number(self.lang(), value), self.t.get("strategy.of"), format_number(self.lang(), t.target));
                json!({ "label": t.label, "value": format_number(self.lang(), value), "target": format_number(self.lang(), t.target), "percent": percent, "text": text })
            })
            .collect();
        let plan = plan_timeline(&p.plan, self.t);
        let image = self.lead_picture(&p.doc, p.image.as_ref());
        let view = self.make(
            PageKind::Strategy,
            self.url(&p.doc),
            &p.title,
            None,
            Some("strategy"),
            vec![self.section_crumb(Section::Strategy)],
            json!({ "strategy_nav": nav, "body_html": self.body(&p.doc), "targets": targets, "plan": plan, "image": image }),
        );
        self.with_share_picture(view, &p.doc, p.image.as_ref())
    }

    pub(super) fn innovators(&self) -> View {
        let mut groups: BTreeMap<(usize, String), BTreeMap<String, Vec<Value>>> = BTreeMap::new();
        let areas = self.site.areas();
        let other = self.t.get("innovators.no_area").into_owned();
        for i in &self.site.innovators {
            let area = i.area.clone().unwrap_or_else(|| other.clone());
            let order = areas.iter().position(|a| *a == area).unwrap_or(areas.len());
            groups.entry((order, area)).or_default().entry(i.workplace.clone()).or_default().push(json!({
                "name": i.name, "url": self.url(&i.doc), "role": i.role, "certified": i.certified.map(|d| self.t.date(d)), "leader": i.leader,
            }));
        }
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|((_, area), workplaces)| {
                json!({ "area": area, "workplaces": workplaces.into_iter().map(|(w, list)| json!({ "workplace": w, "innovators": list })).collect::<Vec<_>>() })
            })
            .collect();
        self.listing(
            PageKind::Innovators,
            Section::Innovators,
            json!({ "groups": groups, "total": self.site.innovators.len() }),
        )
    }

    pub(super) fn innovator(&self, i: &Innovator) -> View {
        let url = self.url(&i.doc);
        let (owned, member) = self.site.projects_of(&i.doc.slug);
        let innovator = json!({
            "name": i.name, "role": i.role, "workplace": i.workplace, "area": i.area,
            "certified": i.certified.map(|d| self.t.date(d)), "certified_iso": i.certified.map(|d| d.to_string()), "leader": i.leader,
            "contact": i.contact, "photo": i.photo.as_ref().map(|p| self.picture(&i.doc, p, crate::images::markup::sizes::PORTRAIT, true, Some("innovator__photo"))),
            "body_html": self.body(&i.doc),
        });
        self.make(
            PageKind::Innovator,
            url,
            &i.name,
            i.role.as_deref(),
            Some("innovators"),
            vec![self.section_crumb(Section::Innovators)],
            json!({ "innovator": innovator, "owned": owned.iter().map(|p| self.card(p)).collect::<Vec<_>>(), "member": member.iter().map(|p| self.card(p)).collect::<Vec<_>>() }),
        )
    }

    pub(super) fn project_link(&self, slug: &str) -> Value {
        match self.site.project(slug) {
            Some(p) => {
                json!({ "label": p.title, "title": p.title, "url": self.url(&p.doc), "phase_label": self.model().label_of(&p.phase) })
            }
            None => Value::Null,
        }
    }

    pub(super) fn result(&self, r: &ResultReport) -> View {
        let effects: Vec<Value> = r
            .effects
            .iter()
            .map(|e| json!({ "name": e.name, "unit": e.unit, "value": format_number(self.lang(), e.value) }))
            .collect();
        let report = json!({ "title": r.title, "date": self.t.date(r.date), "date_iso": r.date.to_string(), "project": self.project_link(&r.project), "effects": effects, "body_html": self.body(&r.doc), "image": self.lead_picture(&r.doc, r.image.as_ref()) });
        let view = self.make(
            PageKind::Result,
            self.url(&r.doc),
            &r.title,
            None,
            Some("results"),
            vec![self.section_crumb(Section::Results)],
            json!({ "report": report }),
        );
        self.with_share_picture(view, &r.doc, r.image.as_ref())
    }

    pub(super) fn news_list(&self) -> View {
        let items: Vec<Value> = self.site.news.iter().map(|n| self.teaser(n)).collect();
        self.listing(PageKind::NewsList, Section::News, json!({ "items": items }))
    }

    pub(super) fn news_item(&self, n: &NewsItem) -> View {
        let item = json!({
            "title": n.title, "date": self.t.date(n.date), "date_iso": n.date.to_string(), "summary": n.summary, "author": n.author,
            "projects": n.projects.iter().map(|s| self.project_link(s)).filter(|v| !v.is_null()).collect::<Vec<_>>(), "body_html": self.body(&n.doc),
            "image": self.lead_picture(&n.doc, n.image.as_ref()),
        });
        let view = self.make(
            PageKind::NewsItem,
            self.url(&n.doc),
            &n.title,
            Some(&n.summary),
            Some("news"),
            vec![self.section_crumb(Section::News)],
            json!({ "item": item }),
        );
        self.with_share_picture(view, &n.doc, n.image.as_ref())
    }

    pub(super) fn methods(&self) -> View {
        // Each phase's methods, in the toolbox's order, found in one pass over the methods.
        let mut by_phase: HashMap<&str, Vec<&Method>> = HashMap::new();
        for m in &self.site.methods {
            let mut phases: Vec<&str> = m.phases.iter().map(String::as_str).collect();
            phases.sort_unstable();
            phases.dedup();
            for ph in phases {
                by_phase.entry(ph).or_default().push(m);
            }
        }
        let phases: Vec<Value> = self
            .model()
            .phases
            .iter()
            .map(|ph| {
                let methods: Vec<Value> = by_phase
                    .get(ph.id.as_str())
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|m| json!({ "title": m.title, "url": self.url(&m.doc), "summary": m.summary, "duration": m.duration, "participants": m.participants }))
                    .collect();
                json!({ "id": ph.id, "label": ph.label, "description": ph.description, "methods": methods })
            })
            .collect();
        self.listing(PageKind::Methods, Section::Methods, json!({ "phases": phases }))
    }

    pub(super) fn method(&self, m: &Method) -> View {
        let url = self.url(&m.doc);
        let toolbox = self.urls.section(Section::Methods);
        let method = json!({
            "title": m.title, "summary": m.summary, "duration": m.duration, "participants": m.participants,
            "phases": m.phases.iter().map(|p| json!({ "label": self.model().label(p), "url": format!("{toolbox}#{p}") })).collect::<Vec<_>>(),
            "download": m.download.as_ref().map(|d| json!({ "label": d.label, "url": self.urls.resource(&url, &d.src) })),
            "body_html": self.body(&m.doc),
        });
        self.make(
            PageKind::Method,
            url,
            &m.title,
            Some(&m.summary),
            Some("methods"),
            vec![self.section_crumb(Section::Methods)],
            json!({ "method": method }),
        )
    }

    pub(super) fn page(&self, p: &Page) -> View {
        let section = format!("page-{}", p.doc.slug);
        self.make(
            PageKind::Plain,
            self.url(&p.doc),
            &p.title,
            None,
            Some(&section),
            vec![],
            json!({ "body_html": self.body(&p.doc) }),
        )
    }

    pub(super) fn ideas(&self) -> View {
        let c = &self.site.config;
        let subject = self.t.get("ideas.mail_subject");
        let mailto = format!("mailto:{}?subject={}", c.contact_email, percent_encode(&subject));
        self.make(
            PageKind::Ideas,
            self.urls.ideas(),
            &self.t.get("nav.ideas"),
            None,
            Some("ideas"),
            vec![],
            json!({ "form_action": c.form_action, "email": c.contact_email, "mailto_url": mailto, "areas": self.site.areas() }),
        )
    }

    /// The search page's address, when the portal has search.
    pub(super) fn search_url(&self) -> Option<String> {
        self.search.as_ref().map(|_| self.urls.search())
    }

    /// The words the search page's script needs, in the page's language.
    pub(super) fn search_strings(&self) -> Value {
        let mut strings = serde_json::Map::new();
        for key in [
            "results_one",
            "results_many",
            "no_results",
            "fallback",
            "instead",
            "loading",
            "error",
            "empty",
            "more",
            "all",
            "showing",
        ] {
            strings.insert(key.into(), json!(self.t.get(&format!("search.{key}"))));
        }
        let tree = self.t.tree();
        strings.insert("date_format".into(), json!(self.t.get("date_format")));
        strings.insert("months".into(), tree.get("months").cloned().unwrap_or(Value::Null));
        Value::Object(strings)
    }

    /// The search page. Its script fills in the results; without JavaScript it explains that
    /// search needs it and links to the catalogue and its facet pages instead.
    pub(super) fn search_page(&self) -> View {
        let Some(assets) = &self.search else { return self.not_found() };
        let strings = self.search_strings();
        // Safe inside <script type="application/json">: no `</script>` can end it early.
        let strings_json = crate::text::safe_json(&strings, false);
        let facets: Vec<Value> = self
            .facets
            .iter()
            .filter(|(f, values)| *f != Facet::Tag && values.iter().any(|(_, _, ps)| !ps.is_empty()))
            .map(|(f, values)| {
                json!({
                    "key": f.id(), "label": self.t.get(&format!("facet.{}", f.id())),
                    "values": values.iter().filter(|(_, _, ps)| !ps.is_empty()).map(|(v, label, ps)| json!({
                        "label": label, "count": ps.len(), "url": self.urls.facet(*f, v),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let filters: Vec<Value> = ["type", "phase", "area", "kind", "year"]
            .into_iter()
            .map(|key| json!({ "key": key, "label": self.t.get(&format!("facet.{key}")) }))
            .collect();
        self.make(
            PageKind::Search,
            self.urls.search(),
            &self.t.get("search.title"),
            None,
            Some("search"),
            vec![],
            json!({
                "index_url": assets.index_url, "script_urls": assets.script_urls,
                "strings": strings, "strings_json": strings_json,
                "filters": filters,
                "fallback_links": {
                    "catalogue": { "label": self.t.get("ui.show_all_projects"), "url": self.urls.section(Section::Projects) },
                    "facets": facets,
                },
            }),
        )
    }

    /// The open-data page: the files in `data/`, their formats and their licence.
    pub(super) fn open_data(&self) -> View {
        let c = &self.site.config;
        let home = self.urls.home();
        let say = |key: &str| self.t.get(&format!("opendata.{key}")).into_owned();
        let file = |name: &str, format: &str, key: &str| json!({ "name": name, "url": format!("{home}{name}"), "format": format, "description": say(key) });
        let files = [
            file("data/projects.json", "JSON", "projects_json"),
            file("data/projects.csv", "CSV (UTF-8, ;)", "projects_csv"),
            file("data/projects.schema.json", "JSON Schema", "projects_schema"),
            file("data/results.json", "JSON", "results_json"),
            file("feed.xml", "Atom", "feed"),
        ];
        let l = &c.licence;
        let text = if l.attribution { say("licence_text") } else { say("licence_text_other") };
        let (before, after) = text.split_once("{licence}").unwrap_or((&text, ""));
        let after = fill(after, &[("municipality", &c.municipality)]);
        let licence = json!({ "name": l.name, "url": l.url, "before": before, "after": after });
        self.make(
            PageKind::OpenData,
            self.urls.open_data(),
            &say("title"),
            Some(&say("intro")),
            None,
            vec![],
            json!({ "files": files, "licence": licence, "results_url": self.urls.section(Section::Results) }),
        )
    }

    pub(super) fn not_found(&self) -> View {
        let mut v = self.make(
            PageKind::NotFound,
            format!("{}404.html", self.urls.home()),
            &self.t.get("notfound.title"),
            None,
            None,
            vec![],
            json!({}),
        );
        v.context["breadcrumbs"] = json!([]);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_what_search_shows() {
        let keys = [
            "title",
            "label",
            "header_label",
            "options",
            "sort",
            "sort_relevance",
            "sort_date",
            "all",
            "results_one",
            "results_many",
            "no_results",
            "fallback",
            "instead",
            "loading",
            "error",
            "empty",
            "more",
            "showing",
            "nojs_heading",
            "nojs_text",
        ];
        let types = ["project", "strategy", "innovator", "result", "news", "method", "page"];
        for lang in Lang::ALL {
            let t = lang.strings();
            for key in
                keys.iter().map(|k| format!("search.{k}")).chain(types.iter().map(|k| format!("search.type.{k}")))
            {
                assert!(t.lookup(&key).is_some_and(|s| !s.trim().is_empty()), "{} lacks `{key}`", lang.code());
            }
            assert!(t.lookup("facet.type").is_some(), "{} lacks `facet.type`", lang.code());
            for key in ["results_one", "results_many", "no_results"] {
                assert!(
                    t.get(&format!("search.{key}")).contains("{q}"),
                    "{}: search.{key} names the query",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn plan_bars_are_placed_in_percent_of_the_span() {
        let m = |s: &str| Month::parse(s).unwrap();
        let plan = vec![
            PlanItem { activity: "A".into(), start: m("2025-01"), end: m("2025-03"), status: "done".into() },
            PlanItem { activity: "B".into(), start: m("2025-04"), end: m("2025-12"), status: "ongoing".into() },
        ];
        let v = plan_timeline(&plan, Lang::Da.strings());
        assert_eq!(v["items"][0]["width"], 25.0);
        assert_eq!(v["items"][1]["offset"], 25.0);
        assert_eq!(v["items"][1]["width"], 75.0);
        assert_eq!(v["items"][1]["status_label"], "I gang");
        assert_eq!(v["years"].as_array().map(Vec::len), Some(1));
    }
}
