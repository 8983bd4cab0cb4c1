//! The KPI registry is the single source of each KPI's texts: the README's
//! KPI table and the page's KPI texts (`www/kpi-text.js`) must be exactly
//! what the registry writes. `SALES_KPI_WRITE_DOCS=1` writes them instead
//! of failing (then review the diff).

use sales_kpi::catalog::{page_texts_module, readme_table};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn writing() -> bool {
    std::env::var_os("SALES_KPI_WRITE_DOCS").is_some()
}

/// The README with its KPI table (the first table of the "KPIs" section,
/// from its header to the first blank line) replaced by `table`.
fn readme_with(readme: &str, table: &str) -> String {
    let section = readme.find("\n## KPIs\n").expect("the README has a KPIs section");
    let start = section + readme[section..].find("\n| id |").expect("the KPIs section has the KPI table") + 1;
    let end = readme[start..].find("\n\n").map_or(readme.len(), |at| start + at + 1);
    format!("{}{}{}", &readme[..start], table, &readme[end..])
}

#[test]
fn the_readme_kpi_table_is_the_registry() {
    let path = Path::new(ROOT).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let expected = readme_with(&readme, &readme_table());
    if writing() {
        std::fs::write(&path, &expected).expect("README.md written");
    }
    assert!(readme == expected, "README.md's KPI table differs from the registry: edit src/kpi/mod.rs, then run SALES_KPI_WRITE_DOCS=1 cargo test --test kpi_registry");
}

#[test]
fn the_page_kpi_texts_are_the_registry() {
    let path = Path::new(ROOT).join("www/kpi-text.js");
    let module = std::fs::read_to_string(&path).unwrap_or_default();
    let expected = page_texts_module();
    if writing() {
        std::fs::write(&path, &expected).expect("www/kpi-text.js written");
    }
    assert!(
        module == expected,
        "www/kpi-text.js differs from the registry: run SALES_KPI_WRITE_DOCS=1 cargo test --test kpi_registry"
    );
}

#[test]
fn every_kpi_of_the_report_is_in_the_table_once() {
    let table = readme_table();
    for def in sales_kpi::KPIS {
        assert_eq!(table.matches(&format!("| `{}` |", def.id)).count(), 1, "{}", def.id);
    }
    assert_eq!(table.lines().count(), sales_kpi::KPIS.len() + 2);
}
