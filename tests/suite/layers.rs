//! The shape of the source: layers import only the layers below them, and
//! no modules import each other in a circle. Read from the source text
//! (`crate::` and `super::` paths outside test modules), so that a change
//! that breaks the shape fails here rather than in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers from the bottom up: each may name only those before it.
const LAYERS: [&str; 14] = [
    "model",
    "vocabulary",
    "report",
    "settings",
    "input",
    "rulebook",
    "rules",
    "baseline",
    "config",
    "check",
    "annotate",
    "emit",
    "template",
    "cli",
];

type Module = Vec<String>;

/// Every module of `src/` (by path) with its source, test modules cut off.
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, found: &mut BTreeMap<Module, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix("src").unwrap().with_extension("");
                let mut module: Module = relative
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect();
                if module
                    .last()
                    .is_some_and(|last| last == "mod" || last == "lib")
                {
                    module.pop();
                }
                let text = fs::read_to_string(&path).unwrap();
                let code = match text.find("#[cfg(test)]\nmod tests") {
                    Some(tests) => text[..tests].to_string(),
                    None => text,
                };
                found.insert(module, code);
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(Path::new("src"), &mut found);
    found.remove(&vec!["main".to_string()]);
    found
}

/// The modules `module`'s source names, ancestors excluded.
fn named(module: &Module, code: &str, all: &BTreeMap<Module, String>) -> BTreeSet<Module> {
    let mut names = BTreeSet::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == ','))
        .collect();
    for word in words {
        let (mut base, rest) = if let Some(rest) = word.strip_prefix("crate::") {
            (Vec::new(), rest)
        } else if let Some(rest) = word.strip_prefix("super::") {
            (module[..module.len().saturating_sub(1)].to_vec(), rest)
        } else {
            continue;
        };
        // `crate::location` is the model's, re-exported at the root.
        let rest = rest.replacen("location", "model::location", usize::from(base.is_empty()));
        let mut rest: &str = &rest;
        while let Some(more) = rest.strip_prefix("super::") {
            base.pop();
            rest = more;
        }
        // `a::{b, c::d}` names a::b and a::c::d.
        let (prefix, group) = match rest.split_once('{') {
            Some((prefix, group)) => (prefix, group.split(',').collect::<Vec<_>>()),
            None => (rest, vec![""]),
        };
        for item in group {
            let path: Vec<String> = base
                .iter()
                .cloned()
                .chain(
                    format!("{prefix}{item}")
                        .split("::")
                        .filter(|part| !part.is_empty())
                        .map(str::to_string),
                )
                .collect();
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|candidate| all.contains_key(candidate));
            if let Some(target) = target.filter(|t| !module.starts_with(t)) {
                names.insert(target);
            }
        }
    }
    names
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let all = modules();
    all.iter()
        .map(|(module, code)| (module.clone(), named(module, code, &all)))
        .collect()
}

#[test]
fn layers_name_only_the_layers_below_them() {
    let rank = |module: &Module| {
        module
            .first()
            .and_then(|layer| LAYERS.iter().position(|known| known == layer))
    };
    let mut upward = Vec::new();
    for (module, names) in graph() {
        let Some(own) = rank(&module) else { continue };
        for target in names {
            if rank(&target).is_some_and(|theirs| theirs > own) {
                upward.push(format!("{} -> {}", module.join("::"), target.join("::")));
            }
        }
    }
    assert!(upward.is_empty(), "imports from a layer above: {upward:#?}");
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let graph = graph();
    // A module that reaches itself again is on a circle.
    let mut circles = Vec::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Module> = graph[start].iter().collect();
        while let Some(module) = stack.pop() {
            if module == start {
                circles.push(start.join("::"));
                break;
            }
            if seen.insert(module) {
                stack.extend(graph.get(module).into_iter().flatten());
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules on an import circle: {circles:#?}"
    );
}

#[test]
fn the_reading_of_the_source_finds_imports() {
    // Guards the two tests above against passing because nothing is read.
    let graph = graph();
    let input = graph.get(&vec!["input".to_string()]).unwrap();
    assert!(input.contains(&vec!["model".to_string()]), "{input:?}");
    let rules = graph
        .get(&vec!["rules".to_string(), "funding".to_string()])
        .unwrap();
    assert!(
        rules.contains(&vec!["rules".to_string(), "program_funding".to_string()]),
        "{rules:?}"
    );
}
