//! The catalogue of projects: its pages filtered by a facet's value (phase, area, kind, tag,
//! year), the facet lists beside them, the page of all a facet's values, and the pager.

use super::*;

/// Which page numbers a pager shows: the first, the last and two either side of the current
/// one, each with whether a gap stands before it.
pub fn pagination_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    let mut shown: Vec<usize> = (1..=total).filter(|&i| i == 1 || i == total || i.abs_diff(current) <= 2).collect();
    shown.dedup();
    let mut prev = 0;
    shown
        .into_iter()
        .map(|i| {
            let gap = prev != 0 && i > prev + 1;
            prev = i;
            (i, gap)
        })
        .collect()
}

/// The [`FACET_SHOWN`] most used of a facet's values (by their number of projects; among
/// as many, the first in the facet's order), in the facet's order.
pub(super) fn most_used(values: &FacetValues<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    if values.len() > FACET_SHOWN {
        order.select_nth_unstable_by_key(FACET_SHOWN - 1, |&i| (std::cmp::Reverse(values[i].2.len()), i));
        order.truncate(FACET_SHOWN);
        order.sort_unstable();
    }
    order
}

impl<'a> Views<'a> {
    pub(super) fn listing_pages(count: usize) -> usize {
        count.div_ceil(PER_PAGE).max(1)
    }

    /// Facet values with their projects, in display order.
    pub(super) fn facet_values(&self, facet: Facet) -> FacetValues<'a> {
        let s = self.site;
        // Grouped by the value's URL, so that `Klima` and `klima` share one page and no
        // project is lost; the first spelling seen is the one shown.
        let mut groups: BTreeMap<String, (String, Vec<&Project>)> = BTreeMap::new();
        // Each spelling's address, worked out once: a portal has few values and many projects.
        let mut slugs: HashMap<String, String> = HashMap::new();
        for p in s.projects.iter().map(|p| &**p) {
            let own: [String; 1];
            let values: &[String] = match facet {
                Facet::Phase => {
                    own = [p.phase.id().to_owned()];
                    &own
                }
                Facet::Area => std::slice::from_ref(&p.area),
                Facet::Tag => &p.tags,
                Facet::Kind => {
                    own = [p.kind.id().to_owned()];
                    &own
                }
                Facet::Year => {
                    own = [p.started.year.to_string()];
                    &own
                }
            };
            for v in values {
                let slug = match slugs.get(v) {
                    Some(slug) => slug,
                    None => slugs.entry(v.clone()).or_insert_with(|| slugify(v)),
                };
                let group = match groups.get_mut(slug) {
                    Some(group) => group,
                    None => groups.entry(slug.clone()).or_insert_with(|| (v.clone(), Vec::new())),
                };
                if group.1.last().is_none_or(|last| !std::ptr::eq(*last, p)) {
                    group.1.push(p);
                }
            }
        }
        let mut take = |value: &str| groups.remove(&slugify(value));
        let mut ordered: FacetValues<'a> = match facet {
            Facet::Phase => {
                // Every phase of the model has its page, even before a project reaches it;
                // paused and stopped only when a project is in them.
                let model = self.model();
                let ids = model.all_ids();
                ids.into_iter()
                    .filter_map(|id| {
                        let projects = take(id).map(|(_, ps)| ps);
                        let projects = projects.or_else(|| model.index(id).map(|_| Vec::new()))?;
                        Some((id.to_owned(), model.label(id).to_owned(), projects))
                    })
                    .collect()
            }
            Facet::Kind => ["everyday", "radical"]
                .into_iter()
                .filter_map(|k| {
                    take(k).map(|(_, ps)| (k.to_owned(), self.t.get(&format!("kind.{k}")).into_owned(), ps))
                })
                .collect(),
            Facet::Area => s.areas().iter().filter_map(|a| take(a).map(|(v, ps)| (v.clone(), v, ps))).collect(),
            Facet::Tag | Facet::Year => Vec::new(),
        };
        // What is left: areas not in portal.yaml's list (sorted by name), tags, years.
        let mut rest: FacetValues<'a> = groups.into_values().map(|(v, ps)| (v.clone(), v, ps)).collect();
        match facet {
            Facet::Tag => {
                rest.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase())))
            }
            Facet::Year => rest.sort_by(|a, b| b.0.cmp(&a.0)),
            _ => rest.sort_by(|a, b| a.1.cmp(&b.1)),
        }
        ordered.extend(rest);
        ordered
    }

    /// The filters of a catalogue page: of each facet the most used values and the page's
    /// own (`current`), with a link to all values when there are more.
    pub(super) fn facet_list(&self, current: Option<(usize, usize)>) -> Value {
        let facets = self.facets.iter().enumerate().filter(|(_, (_, values))| !values.is_empty());
        Value::Array(
            facets
                .map(|(fi, (f, values))| {
                    let shown = self.shown_values(fi, current);
                    json!({
                        "key": f.id(), "label": self.t.get(&format!("facet.{}", f.id())),
                        "values": shown.into_iter().map(|vi| {
                            let (v, label, ps) = &values[vi];
                            json!({
                                "label": label, "count": ps.len(), "url": self.urls.facet(*f, v),
                                "current": current == Some((fi, vi)),
                            })
                        }).collect::<Vec<_>>(),
                        "more": self.all_values_link(fi),
                    })
                })
                .collect(),
        )
    }

    /// Which values of facet `fi` a page lists, in the facet's order: the most used, and the
    /// page's own value when it is of this facet.
    pub(super) fn shown_values(&self, fi: usize, current: Option<(usize, usize)>) -> Vec<usize> {
        let mut shown = self.facet_top[fi].clone();
        if let Some((cf, cv)) = current
            && cf == fi
            && let Err(at) = shown.binary_search(&cv)
        {
            shown.insert(at, cv);
        }
        shown
    }

    /// The link to the list of all values of facet `fi`, when its filters do not show them all.
    pub(super) fn all_values_link(&self, fi: usize) -> Value {
        let (f, values) = &self.facets[fi];
        if self.facet_index[fi].is_empty() {
            return Value::Null;
        }
        let label = self.t.get(&format!("facet_all.{}", f.id()));
        json!({
            "label": format!("{label} ({})", format_number(self.lang(), values.len() as f64)),
            "url": self.facet_index_url(*f), "count": values.len(),
        })
    }

    /// The address of the list of all values of a facet: its values' own addresses stand
    /// under it (`/projekter/emne/` above `/projekter/emne/velfaerd/`).
    pub(super) fn facet_index_url(&self, facet: Facet) -> String {
        let of_value = self.urls.facet(facet, "");
        of_value.strip_suffix('/').unwrap_or(&of_value).to_owned()
    }

    /// Page `n` of the list of all values of facet `fi`, with how many projects each has.
    pub(super) fn facet_index_page(&self, fi: usize, n: usize) -> View {
        let (f, values) = &self.facets[fi];
        let listed = &self.facet_index[fi];
        let url = self.facet_index_url(*f);
        let pages = listed.len().div_ceil(FACET_INDEX_PER_PAGE).max(1);
        let from = ((n - 1) * FACET_INDEX_PER_PAGE).min(listed.len());
        let chunk = &listed[from..(n * FACET_INDEX_PER_PAGE).min(listed.len())];
        let heading = self.t.get(&format!("facet_all.{}", f.id())).into_owned();
        let title = if n > 1 { format!("{heading} ({} {n})", self.t.get("nav.page")) } else { heading.clone() };
        let entries: Vec<Value> = chunk
            .iter()
            .map(|vi| {
                let (v, label, ps) = &values[*vi];
                json!({ "label": label, "count": ps.len(), "url": self.urls.facet(*f, v) })
            })
            .collect();
        self.make(
            PageKind::FacetIndex,
            self.urls.paged(&url, n),
            &title,
            None,
            Some("projects"),
            vec![self.section_crumb(Section::Projects)],
            json!({
                "heading": heading, "key": f.id(), "facet_label": self.t.get(&format!("facet.{}", f.id())),
                "total": values.len(), "total_label": format_number(self.lang(), values.len() as f64),
                "values": entries, "all_url": self.urls.section(Section::Projects),
                "pagination": self.pagination(&url, n, pages),
            }),
        )
    }

    /// The pager of a listing at `url` of `pages` pages, on page `n`; none for one page.
    pub(super) fn pagination(&self, url: &str, n: usize, pages: usize) -> Value {
        if pages <= 1 {
            return Value::Null;
        }
        json!({
            "current": n, "total": pages,
            "prev_url": (n > 1).then(|| self.urls.paged(url, n - 1)),
            "next_url": (n < pages).then(|| self.urls.paged(url, n + 1)),
            "pages": pagination_window(n, pages).into_iter().map(|(i, gap_before)| json!({
                "number": i, "url": self.urls.paged(url, i), "current": i == n, "gap_before": gap_before,
            })).collect::<Vec<_>>(),
        })
    }

    /// Page `n` of the catalogue, all projects or one facet value's.
    pub(super) fn catalogue_page(&self, facet: Option<(usize, usize)>, n: usize) -> View {
        let all_url = self.urls.section(Section::Projects);
        let projects_word = self.t.get("nav.projects");
        let all: Vec<&Project>;
        let (projects, url, heading, active, crumbs): (&[&Project], String, String, Value, Vec<Value>) = match facet {
            Some((fi, vi)) => {
                let (f, values) = &self.facets[fi];
                let (v, label, ps) = &values[vi];
                let active = json!({
                    "facet_label": self.t.get(&format!("facet.{}", f.id())), "value_label": label,
                    "results_url": (!ps.is_empty()).then(|| self.results_url(*f, v)).flatten(),
                    "results_label": fill(&self.t.get("dashboard.figures_for"), &[("value", label)]),
                });
                (
                    ps,
                    self.urls.facet(*f, v),
                    format!("{projects_word}: {label}"),
                    active,
                    vec![self.section_crumb(Section::Projects)],
                )
            }
            None => {
                all = self.site.projects.iter().map(|p| &**p).collect();
                (&all, all_url.clone(), projects_word.into_owned(), Value::Null, vec![])
            }
        };
        let pages = Self::listing_pages(projects.len());
        let chunk = &projects[((n - 1) * PER_PAGE).min(projects.len())..(n * PER_PAGE).min(projects.len())];
        let pagination = self.pagination(&url, n, pages);
        let title = if n > 1 { format!("{heading} ({} {n})", self.t.get("nav.page")) } else { heading.clone() };
        self.make(
            PageKind::Catalogue,
            self.urls.paged(&url, n),
            &title,
            None,
            Some("projects"),
            crumbs,
            json!({
                "heading": heading, "intro": null, "total": projects.len(),
                "cards": chunk.iter().map(|p| self.card(p)).collect::<Vec<_>>(),
                "facets": self.facet_list(facet), "active": active, "all_url": all_url, "pagination": pagination,
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_show_a_window_with_gaps() {
        assert_eq!(pagination_window(1, 3), [(1, false), (2, false), (3, false)]);
        assert_eq!(
            pagination_window(10, 417),
            [(1, false), (8, true), (9, false), (10, false), (11, false), (12, false), (417, true)]
        );
        assert_eq!(pagination_window(417, 417), [(1, false), (415, true), (416, false), (417, false)]);
    }
}
