#![cfg(not(target_arch = "wasm32"))]
//! Fields are looked up by name (`table.col("deal_name")`, `data.has("reps.quota")`):
//! a misspelt name would read as a missing column, quietly. Every name the
//! engine's source looks up, and every field a KPI needs, must be a canonical
//! field of the schema.

mod common;

use common::literals_after;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sources(dir: &Path, into: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push((path.display().to_string(), std::fs::read_to_string(&path).expect("a source file")));
        }
    }
}

fn canonical() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    sales_kpi::canonical_fields().into_iter().map(|(kind, fields)| (kind, fields.into_iter().collect())).collect()
}

/// `kind.field` (or `kind.*`) names a kind and one of its fields.
fn is_qualified_field(name: &str, fields: &BTreeMap<&str, BTreeSet<&str>>) -> bool {
    let Some((kind, field)) = name.split_once('.') else { return false };
    fields.get(kind).is_some_and(|of_kind| field == "*" || of_kind.contains(field))
}

#[test]
fn every_field_looked_up_by_name_is_canonical() {
    let fields = canonical();
    let every: BTreeSet<&str> = fields.values().flatten().copied().collect();
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut checked = 0;
    for (path, text) in &files {
        for field in literals_after(text, &["table.col(\"", "table.text(\"", "table.has(\""]) {
            assert!(every.contains(field), "{path}: \"{field}\" is no canonical field");
            checked += 1;
        }
        for name in literals_after(text, &["data.has(\"", "self.data.has(\""]) {
            assert!(is_qualified_field(name, &fields), "{path}: \"{name}\" is no kind.field");
            checked += 1;
        }
    }
    assert!(checked > 40, "the look-ups were found ({checked})");
}

#[test]
fn every_field_a_kpi_needs_is_canonical() {
    let fields = canonical();
    for def in sales_kpi::KPIS {
        for (field, _) in def.needs {
            assert!(is_qualified_field(field, &fields), "{}: \"{field}\"", def.id);
        }
    }
    assert!(is_qualified_field("deals.owner", &fields) && !is_qualified_field("deals.owners", &fields));
    assert!(!is_qualified_field("deal.owner", &fields) && is_qualified_field("leads.*", &fields));
}
