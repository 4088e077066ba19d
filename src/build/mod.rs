//! The pipeline: a pure function from the portal's files to the output map. Writing to disk
//! (`output`) and serving from memory are separate steps that reuse what this returns.
//! [`build_again`] is the whole pipeline, one stage a line; each stage is a module here.
//!
//! The preview builds again on every save with a [`Cache`] of the last build: it reads again
//! only the files that changed and makes again only the pages whose inputs changed. A build
//! with an empty cache is a full build, and both make the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Output;
use crate::views::{View, Views};

mod addresses;
mod cache;
pub mod changes;
mod checks;
mod files;
mod pages;
mod pictures;
mod read;
mod search;

pub use addresses::Published;
pub use cache::Cache;
pub use pictures::{PictureCounts, PicturesLater};
pub use search::{SearchLater, search_index};

/// Where the search client and its index live in the output.
const SEARCH_DIR: &str = "nyttig-search";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Overrides `base_url` in portal.yaml.
    pub base_url: Option<String>,
    /// Build projects marked `draft: true` too.
    pub drafts: bool,
    /// Treat warnings (accessibility, drafts, consent) as errors.
    pub strict: bool,
    /// For the preview: build neither the search index nor the open data (`data/`), which
    /// show the whole portal; the pages look for the index in `nyttig-search/<this folder>/`.
    /// [`SearchLater::files`] makes both after the pages.
    pub search_later: Option<String>,
    /// Print how long each stage took (also `NYTTIG_TIMINGS=1`).
    pub timings: bool,
    /// For the preview: make no picture that no earlier build made, but show its original
    /// until [`PicturesLater::make`] has made it, so that no page waits for a picture.
    pub pictures_later: bool,
    /// Make the health report as of this day (`check --report`): [`Built::health`].
    pub health_on: Option<crate::date::Date>,
    /// Put the Content-Security-Policy into every page as a `<meta>`, for hosts that cannot
    /// send headers (`hosting::meta_policy`).
    pub meta_policy: bool,
    /// Lead the addresses of pages that moved since an earlier build on to them, and keep
    /// this build's for the next (`addresses`): for `nyttig build`, which publishes.
    pub remember_addresses: bool,
}

/// A successful build: the files, any warnings, and how many pages of each kind.
#[derive(Debug)]
pub struct Built {
    pub output: Output,
    pub warnings: Vec<Diagnostic>,
    pub pages: BTreeMap<&'static str, usize>,
    /// The path the site lives under (`/` or `/innovation/`), for checking its links.
    pub base_path: String,
    /// The search index, as `nyttig search` and the tests ask it; its files are in `output`.
    /// None with `search_later`.
    pub search: Option<crate::search::Index>,
    /// How many pages this build made; the others were kept from the cache's last build.
    pub rendered: usize,
    /// With `search_later`: what the search index is made from.
    pub search_later: Option<SearchLater>,
    /// How many pictures were made, and how many taken from earlier builds.
    pub pictures: PictureCounts,
    /// With `pictures_later`: the pictures to make after the build.
    pub pictures_later: Option<PicturesLater>,
    /// How many drafts were left out (none with `drafts`), for saying so.
    pub drafts_left_out: usize,
    /// With `health_on`: the health report's findings, the warnings among them.
    pub health: Option<crate::health::Report>,
    /// The security headers every page of this site is to be sent with (`hosting`).
    pub headers: Vec<(&'static str, String)>,
    /// With `remember_addresses`: the pages this build published, to keep once it is written.
    pub published: Option<Published>,
}

/// The portal at `root` read and checked, for computing figures of it.
pub fn site(root: &Path, options: &Options) -> Result<Site, Diagnostics> {
    Ok(read::prepare(root, options, &mut Cache::default(), None, &mut Timings::off())?.site)
}

/// Builds the portal at `root` in memory. Every content error is collected; the build fails
/// if there is any.
pub fn build(root: &Path, options: &Options) -> Result<Built, Diagnostics> {
    build_again(root, options, &mut Cache::default(), None)
}

/// Builds the portal at `root` again after the files `changed` (None: any file may have
/// changed), reusing what `cache` holds of the last build, and keeps this build's results in
/// it. The files are the same as a full build's.
pub fn build_again(
    root: &Path,
    options: &Options,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
) -> Result<Built, Diagnostics> {
    let mut clock = Timings::new(options.timings || std::env::var_os("NYTTIG_TIMINGS").is_some_and(|v| v == "1"));
    // read, model, markdown: portal.yaml, the content files, the checked model, the bodies
    let read::Prepared { site, urls, bodies, mut diags, addresses } =
        read::prepare(root, options, cache, changed, &mut clock)?;
    let mut output = Output::new();
    let staged = pictures::stage(root, &site, &urls, &bodies, cache, options.pictures_later, &mut output, &mut diags);
    let pictures_later = pictures::later(root, &site, &staged);
    let pictures = staged.pictures;
    clock.lap("pictures");
    let (search, index_dir) = search::stage(&site, &urls, &bodies, options, &mut output)
        .map_err(|d| failed(std::mem::take(&mut diags), [d]))?;
    clock.lap("search");
    let assets = pages::assets(&urls, &index_dir, site.config.language, &mut output);
    let mut views = Views::new(&site, &urls, site.config.language.strings(), &bodies, &pictures);
    views.policy = options.meta_policy.then(|| crate::hosting::meta_policy(&site));
    let made = pages::make(root, views, assets, cache).map_err(|ds| failed(std::mem::take(&mut diags), ds))?;
    let written = pages::write(made.pages, &urls, &mut output, &mut diags);
    clock.lap("pages");
    diags.extend(checks::check_anchors(&bodies, &output, &urls, &site));
    diags.extend(checks::sample_text(&site));
    clock.lap("checks");
    files::copy_resources(&site, &urls, &bodies, &staged.later, cache, &mut output, &mut diags);
    files::copy_static(root, cache, &mut output, &mut diags);
    if options.search_later.is_none() {
        output.extend(crate::opendata::files(&site, &urls, &pictures));
    }
    files::site_files(&site, &urls, &written.sitemap, &mut output);
    clock.lap("files");

    if options.strict {
        for d in &mut diags.0 {
            d.severity = crate::diagnostics::Severity::Error;
        }
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    cache.pages = written.by_fingerprint;
    cache.good = true;
    let drafts_left_out = site.drafts_left_out.len();
    let base_path = urls.home();
    let warnings = diags.sorted().0;
    let health = options.health_on.map(|today| crate::health::Report::new(&site, &bodies, &warnings, today));
    let headers = crate::hosting::security_headers(&site);
    let search_later = options.search_later.as_ref().map(|folder| SearchLater {
        site,
        urls,
        bodies,
        folder: folder.clone(),
        pictures,
    });
    Ok(Built {
        output,
        warnings,
        pages: written.counts,
        base_path,
        search,
        rendered: made.rendered,
        search_later,
        pictures: staged.counts,
        pictures_later,
        drafts_left_out,
        health,
        headers,
        published: addresses.map(Published),
    })
}

/// The values the templates are given, without rendering: `site` (the same for every page)
/// and each page's own (with `page` and `breadcrumbs`), in the order the pages are made; `t`
/// is the language's text. For tests that pin the theme contract (docs/theme-contract.md).
pub fn template_values(root: &Path, options: &Options) -> Result<(serde_json::Value, Vec<View>), Diagnostics> {
    let read::Prepared { site, urls, bodies, diags, .. } =
        read::prepare(root, options, &mut Cache::default(), None, &mut Timings::off())?;
    let mut output = Output::new();
    let mut diags = diags;
    let pictures =
        pictures::stage(root, &site, &urls, &bodies, &mut Cache::default(), false, &mut output, &mut diags).pictures;
    let (_, index_dir) = search::stage(&site, &urls, &bodies, options, &mut output).map_err(|d| failed(diags, [d]))?;
    let assets = pages::assets(&urls, &index_dir, site.config.language, &mut output);
    let mut views = Views::new(&site, &urls, site.config.language.strings(), &bodies, &pictures);
    views.policy = options.meta_policy.then(|| crate::hosting::meta_policy(&site));
    let site_values = pages::site_values(&mut views, assets);
    let pages = views.pages().into_iter().map(|p| views.view(p)).collect();
    Ok((site_values, pages))
}

/// The problems so far and `more`, in order: what a failed build returns.
fn failed(mut diags: Diagnostics, more: impl IntoIterator<Item = Diagnostic>) -> Diagnostics {
    diags.extend(more);
    diags.sorted()
}

/// How long each stage took, printed when the build is done (or has failed) if asked for.
pub(crate) struct Timings {
    on: bool,
    start: Instant,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn new(on: bool) -> Timings {
        let now = Instant::now();
        Timings { on, start: now, last: now, laps: Vec::new() }
    }

    fn off() -> Timings {
        Timings::new(false)
    }

    /// The stage `name` ends now.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

impl Drop for Timings {
    fn drop(&mut self) {
        if self.on {
            let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
            let laps: Vec<String> = self.laps.iter().map(|(name, d)| format!("{name} {}", ms(*d))).collect();
            eprintln!("timings: {}; in all {}", laps.join(", "), ms(self.start.elapsed()));
        }
    }
}
