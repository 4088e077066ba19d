//! The house rules of `src/`, read from the code itself: no module imports one that imports
//! it back (however far round), and the domain (`model`) knows nothing of the file format,
//! the build, the pages or the server. Test modules (`#[cfg(test)]`, at the end of a file)
//! are not counted: a test may build a whole portal.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Top-level module → the top-level modules it names (`crate::x`, `use crate::{x, y}`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            if rel == "lib.rs" || rel == "main.rs" {
                continue;
            }
            let module = rel.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
            let text = fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            let deps = graph.entry(module.clone()).or_default();
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    deps.extend(group.split(',').map(|p| p.trim().split("::").next().unwrap().trim().to_owned()));
                } else {
                    deps.insert(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
                }
            }
            deps.retain(|d| !d.is_empty() && d != "self" && *d != module);
        }
    }
    graph
}

/// The modules that `from` reaches by following imports.
fn reach(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = graph.get(from).into_iter().flatten().map(String::as_str).collect();
    while let Some(m) = todo.pop() {
        if seen.insert(m.to_owned()) {
            todo.extend(graph.get(m).into_iter().flatten().map(String::as_str));
        }
    }
    seen
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(graph.len() > 20, "the modules were not found: {graph:?}");
    let circles: Vec<String> =
        graph.keys().filter(|m| reach(&graph, m).contains(*m)).map(|m| format!("{m} -> {:?}", graph[m])).collect();
    assert!(circles.is_empty(), "modules in a circle:\n{}", circles.join("\n"));
}

#[test]
fn the_domain_knows_neither_the_file_format_nor_the_pages() {
    let graph = imports();
    let known = reach(&graph, "model");
    for outside in ["source", "content", "build", "views", "render", "serve", "search", "feed", "figures", "urls"] {
        assert!(!known.contains(outside), "model reaches `{outside}`: {known:?}");
    }
    for layer in ["config", "phases", "diagnostics", "date", "text"] {
        let below = reach(&graph, layer);
        assert!(!below.contains("model") && !below.contains("source"), "`{layer}` reaches up: {below:?}");
    }
}
