//! Texts written from the KPI registry ([`KPIS`]): the README's KPI table
//! and the page's KPI texts module (`www/kpi-text.js`). A test compares
//! each with its file and fails when they differ (`tests/kpi_registry.rs`;
//! `SALES_KPI_WRITE_DOCS=1` writes them instead).

use super::{KpiDef, Periods, KPIS};

/// The breakdowns a KPI reports, in words: `rep, period`, `stage, period`, `year`…
pub fn breakdowns(def: &KpiDef) -> String {
    let by = [(def.by_rep, "rep"), (def.by_stage.is_some(), "stage")];
    let period = match def.periods {
        Periods::QuartersAndYears => Some("period"),
        Periods::YearsOnly => Some("year"),
        Periods::None => None,
    };
    let parts: Vec<&str> = by.iter().filter(|(has, _)| *has).map(|(_, what)| *what).chain(period).collect();
    parts.join(", ")
}

/// The README's KPI table (Markdown, one row per KPI).
pub fn readme_table() -> String {
    let mut table = String::from("| id | name | in the article | definition | breakdowns |\n|---|---|---|---|---|\n");
    for def in KPIS {
        let article = def.article.map_or(String::from("—"), |heading| format!("*{heading}*"));
        let row = [format!("`{}`", def.id), def.name.into(), article, def.definition.into(), breakdowns(def)];
        table.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    table
}

/// The page's KPI texts: per language, each KPI's tile label and formula.
pub fn page_texts_module() -> String {
    let quoted = |text: &str| crate::json::to_string(text).unwrap_or_default();
    let mut module = String::from(
        "// Written from the KPI registry (src/kpi/mod.rs) by `SALES_KPI_WRITE_DOCS=1 cargo test --test kpi_registry`;\n\
         // that test fails when this file and the registry differ: edit the registry, not this file.\n\
         export const KPI_TEXT = {\n",
    );
    for language in ["en", "id"] {
        let pick = |text: &super::Text| if language == "id" { text.id } else { text.en };
        module.push_str(&format!("  {language}: {{\n"));
        for def in KPIS {
            let (label, formula) = (quoted(pick(&def.label)), quoted(pick(&def.formula)));
            module.push_str(&format!("    {}: [{label}, {formula}],\n", def.id));
        }
        module.push_str("  },\n");
    }
    module.push_str("};\n");
    module
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(id: &str) -> &'static KpiDef {
        KPIS.iter().find(|def| def.id == id).expect("a KPI")
    }

    #[test]
    fn breakdowns_follow_the_registry_fields() {
        assert_eq!(breakdowns(def("acv")), "rep, period");
        assert_eq!(breakdowns(def("clv")), "period");
        assert_eq!(breakdowns(def("rep_retention")), "year");
        assert_eq!(breakdowns(def("stage_conversion")), "stage, period");
        assert_eq!(breakdowns(def("tasks_overdue")), "rep");
    }

    #[test]
    fn the_page_texts_are_a_module_of_quoted_strings() {
        let module = page_texts_module();
        assert!(module.contains(
            "    acv: [\"Annual Contract Value\", \"Mean over won deals of amount ÷ max(1, contract years).\"],\n"
        ));
        assert_eq!(module.matches("    win_rate: [").count(), 2, "once per language");
    }
}
