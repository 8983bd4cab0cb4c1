#![cfg(not(target_arch = "wasm32"))]
//! Fields are read by a `Field` (`table.col(Field::DealName)`) and a KPI
//! names what it needs as a `KindField` (`reps.quota`): a misspelt field no
//! longer compiles. What types cannot say is checked here: the names the
//! report, the settings and `canonicalFields()` use are the `Field` names,
//! and a KPI's need names a field its kind's schema has (`reps.stage`
//! would compile).

use sales_kpi::{Field, KindField};
use std::collections::{BTreeMap, BTreeSet};

fn canonical() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    sales_kpi::canonical_fields().into_iter().map(|(kind, fields)| (kind, fields.into_iter().collect())).collect()
}

/// `kind.field` (or `kind.*`) names a kind and one of its fields.
fn is_qualified_field(name: &str, fields: &BTreeMap<&str, BTreeSet<&str>>) -> bool {
    let Some((kind, field)) = name.split_once('.') else { return false };
    fields.get(kind).is_some_and(|of_kind| field == "*" || of_kind.contains(field))
}

#[test]
fn the_canonical_field_names_are_the_field_enum() {
    let listed: BTreeSet<&str> = canonical().into_values().flatten().collect();
    let named: BTreeSet<&str> = Field::ALL.iter().map(|field| field.name()).collect();
    assert_eq!(listed, named, "every field a kind lists is a Field, and every Field is some kind's");
    assert!(named.len() > 40, "the fields were found ({})", named.len());
}

#[test]
fn every_field_a_kpi_needs_is_canonical() {
    let fields = canonical();
    for def in sales_kpi::KPIS {
        for (field, _) in def.needs {
            let field: &KindField = field;
            assert!(is_qualified_field(&field.to_string(), &fields), "{}: \"{field}\"", def.id);
        }
    }
    assert!(is_qualified_field("deals.owner", &fields) && !is_qualified_field("deals.owners", &fields));
    assert!(!is_qualified_field("deal.owner", &fields) && is_qualified_field("leads.*", &fields));
}
