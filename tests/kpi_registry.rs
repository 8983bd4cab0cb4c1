//! The KPI registry is the single source of each KPI's texts: the README's
//! KPI table, the page's KPI texts (`www/kpi-text.js`) and the tables of
//! `docs/spec.md` (with the canonical fields) must be exactly what the
//! code writes. `SALES_KPI_WRITE_DOCS=1` writes them instead
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

/// The canonical fields of each file kind, as a Markdown table.
fn fields_table() -> String {
    let mut table = String::from("| kind | fields |\n|---|---|\n");
    for (kind, fields) in sales_kpi::canonical_fields() {
        let fields: Vec<String> = fields.iter().map(|field| format!("`{field}`")).collect();
        table.push_str(&format!("| {kind} | {} |\n", fields.join(", ")));
    }
    table
}

/// `text` with the lines between `<!-- written from the code: NAME -->`
/// and the next `<!-- end -->` replaced by `body`.
fn with_section(text: &str, name: &str, body: &str) -> String {
    let marker = format!("<!-- written from the code: {name} -->\n");
    let start = text.find(&marker).unwrap_or_else(|| panic!("docs/spec.md has the {name} section")) + marker.len();
    let end = start + text[start..].find("<!-- end -->").expect("the section ends");
    format!("{}{}{}", &text[..start], body, &text[end..])
}

#[test]
fn the_spec_tables_are_the_code() {
    let path = Path::new(ROOT).join("docs/spec.md");
    let spec = std::fs::read_to_string(&path).expect("docs/spec.md");
    let expected = with_section(&with_section(&spec, "fields", &fields_table()), "kpis", &readme_table());
    if writing() {
        std::fs::write(&path, &expected).expect("docs/spec.md written");
    }
    assert!(
        spec == expected,
        "docs/spec.md's tables differ from the code: run SALES_KPI_WRITE_DOCS=1 cargo test --test kpi_registry"
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
