//! What crosses the JS boundary: shapes, thrown errors, no panics.
//! Run with `wasm-pack test --node --test wasm_boundary`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use sales_kpi::wasm::{analyze, canonical_fields, Engine};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const DEALS: &str = "Deal ID,Owner,Stage,Amount,Created Date,Close Date\nD1,Ana,Won,10,2024-01-01,2024-02-01\nD2,Ben,Lost,5,2024-01-02,2024-02-03\n";

fn file(name: &str, text: &str) -> JsValue {
    let object = Object::new();
    Reflect::set(&object, &"name".into(), &name.into()).unwrap();
    Reflect::set(&object, &"bytes".into(), &Uint8Array::from(text.as_bytes()).into()).unwrap();
    object.into()
}

fn files(list: &[(&str, &str)]) -> JsValue {
    list.iter().map(|(name, text)| file(name, text)).collect::<Array>().into()
}

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| Reflect::get(&v, &(*key).into()).unwrap())
}

#[wasm_bindgen_test]
fn analyze_returns_a_plain_report_object() {
    let report = analyze(files(&[("deals.csv", DEALS)]), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, &["kpis", "win_rate", "value"]).as_f64(), Some(50.0));
    assert_eq!(get(&report, &["kpis", "win_rate", "inputs", "won"]).as_f64(), Some(1.0));
    assert_eq!(get(&report, &["as_of"]).as_string().as_deref(), Some("2024-02-03"));
    assert!(get(&report, &["kpis", "acv", "by_rep"]).is_instance_of::<Array>());
    assert!(get(&report, &["quality", "files", "0", "mapping"]).is_instance_of::<Object>());
    assert!(!get(&report, &["kpis"]).is_instance_of::<js_sys::Map>(), "plain objects, not Maps");
    assert!(get(&report, &["kpis", "rep_retention", "value"]).is_null());
}

#[wasm_bindgen_test]
fn unusable_files_throw_a_real_error_with_its_position() {
    let error = analyze(
        files(&[("deals.csv", "Owner,Stage,Amount,Created Date\nAna,Won,\"10,2024-01-01\n")]),
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&error, &["file"]).as_string().as_deref(), Some("deals.csv"));
    assert_eq!(get(&error, &["line"]).as_f64(), Some(2.0));
    let message = get(&error, &["message"]).as_string().unwrap();
    assert_eq!(message, "deals.csv line 2: unterminated quote: the quote opened on this line is never closed");
    let empty = analyze(files(&[("e.csv", "")]), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&empty, &["message"]).as_string().as_deref(), Some("e.csv: file is empty"));
    // A JS caller tells the engine's errors and their kind apart without reading the message.
    assert_eq!(get(&error, &["name"]).as_string().as_deref(), Some("SalesKpiError"));
    assert_eq!(get(&error, &["kind"]).as_string().as_deref(), Some("file_unusable"));
    let no_stage =
        analyze(files(&[("deals.csv", "Owner,Amount,Created Date\nAna,10,2024-01-01\n")]), JsValue::UNDEFINED);
    assert_eq!(get(&no_stage.unwrap_err(), &["kind"]).as_string().as_deref(), Some("column_missing"));
    let config = js_sys::JSON::parse(r#"{"as_of": "not a date"}"#).unwrap();
    let bad_date = analyze(files(&[("deals.csv", DEALS)]), config).unwrap_err();
    assert_eq!(get(&bad_date, &["kind"]).as_string().as_deref(), Some("configuration"));
}

#[wasm_bindgen_test]
fn bad_arguments_throw_instead_of_panicking() {
    assert!(analyze(JsValue::from_str("not an array"), JsValue::UNDEFINED).is_err());
    assert!(analyze(Array::of1(&JsValue::from_f64(3.0)).into(), JsValue::UNDEFINED).is_err());
    let proto = js_sys::JSON::parse(r#"{"__proto__": {"polluted": true}}"#).unwrap();
    let error = analyze(files(&[("deals.csv", DEALS)]), proto).unwrap_err();
    assert!(get(&error, &["message"]).as_string().unwrap().contains("unknown field"));
    assert!(Reflect::get(&Object::new(), &"polluted".into()).unwrap().is_undefined());
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let object = Object::new();
    Reflect::set(&object, &"name".into(), &"g.csv".into()).unwrap();
    Reflect::set(&object, &"bytes".into(), &Uint8Array::from(garbage.as_slice()).into()).unwrap();
    let _ = analyze(Array::of1(&object).into(), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
fn the_engine_keeps_files_and_recomputes_on_filters() {
    let mut engine = Engine::new();
    let errors = engine.add_files(files(&[("deals.csv", DEALS), ("broken.csv", "")]), JsValue::UNDEFINED).unwrap();
    let errors: Array = errors.dyn_into().unwrap();
    assert_eq!(errors.length(), 1);
    assert_eq!(get(&errors.get(0), &["file"]).as_string().as_deref(), Some("broken.csv"));
    let config = js_sys::JSON::parse(r#"{"filters": {"reps": ["Ben"]}}"#).unwrap();
    let report = engine.report(config.clone()).unwrap();
    assert_eq!(get(&report, &["kpis", "win_rate", "value"]).as_f64(), Some(0.0));
    let query = js_sys::JSON::parse(r#"{"kpi": "win_rate"}"#).unwrap();
    let deals = engine.deals(config, query).unwrap();
    assert_eq!(get(&deals, &["total"]).as_f64(), Some(1.0));
    assert!(get(&canonical_fields().unwrap(), &["deals"]).is_instance_of::<Array>());
}

#[wasm_bindgen_test]
fn one_dashboard_view_and_loading_progress_cross_the_boundary() {
    let mut engine = Engine::new();
    let seen = Array::new();
    let record = {
        let seen = seen.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
            seen.push(&p);
        })
    };
    let errors = engine
        .add_files_reporting(
            files(&[("deals.csv", DEALS)]),
            JsValue::UNDEFINED,
            record.as_ref().unchecked_ref::<js_sys::Function>().clone(),
        )
        .unwrap();
    assert_eq!(errors.dyn_into::<Array>().unwrap().length(), 0);
    let last = seen.get(seen.length() - 1);
    assert_eq!(get(&last, &["file"]).as_string().as_deref(), Some("deals.csv"));
    assert_eq!(get(&last, &["rows"]).as_f64(), Some(2.0));
    assert_eq!(get(&last, &["bytes_read"]).as_f64(), Some(DEALS.len() as f64));
    let view = engine.dashboard("performance", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&view, &["dashboard"]).as_string().as_deref(), Some("performance"));
    assert_eq!(get(&view, &["kpis", "win_rate", "value"]).as_f64(), Some(50.0));
    assert!(get(&view, &["kpis", "acv"]).is_undefined(), "only the dashboard's own KPIs");
    assert!(get(&view, &["dashboards", "won_by_region"]).is_instance_of::<Array>());
    let error = engine.dashboard("nope", JsValue::UNDEFINED).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert!(get(&error, &["message"]).as_string().unwrap().contains("no dashboard \"nope\""));
    assert!(sales_kpi::wasm::max_file_bytes() >= 1e8);
}

#[wasm_bindgen_test]
fn a_blob_outside_a_worker_gets_a_clear_error_and_the_engine_keeps_working() {
    // Node has Blob but no FileReaderSync, like a page's main thread.
    let blob_class: js_sys::Function = Reflect::get(&js_sys::global(), &"Blob".into()).unwrap().unchecked_into();
    let parts = Array::of1(&Uint8Array::from(DEALS.as_bytes()).into());
    let blob = Reflect::construct(&blob_class, &Array::of1(&parts)).unwrap();
    let item = Object::new();
    Reflect::set(&item, &"name".into(), &"deals.csv".into()).unwrap();
    Reflect::set(&item, &"blob".into(), &blob).unwrap();
    let error = analyze(Array::of1(&item).into(), JsValue::UNDEFINED).unwrap_err();
    let message = get(&error, &["message"]).as_string().unwrap();
    assert_eq!(message, "deals.csv: a File can be read by the engine in a Web Worker only; pass its bytes instead");
    let mut engine = Engine::new();
    let errors = engine.add_files(Array::of1(&item).into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(Array::from(&errors).length(), 1);
    engine.add_files(files(&[("deals.csv", DEALS)]), JsValue::UNDEFINED).unwrap();
    let report = engine.report(JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, &["kpis", "win_rate", "value"]).as_f64(), Some(50.0));
}

/// In wasm the JS engine finds a float's shortest digits (the standard
/// library's formatter would be 14 KB of the module): the text must be the
/// standard library's `{}` (the CLI's), for edge values and thousands of
/// scattered bit patterns, in results and in messages.
#[wasm_bindgen_test]
fn floats_are_written_as_the_standard_library_writes_them() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let scattered = std::iter::repeat_with(move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        f64::from_bits(state)
    });
    let edges = [
        0.1,
        -2.5,
        1.0 / 3.0,
        0.3,
        100.0,
        1e15,
        1e16,
        1e21,
        1e22,
        9.999999999999999e20,
        1e-5,
        1.5e-7,
        1e-7,
        1.25e-6,
        123456.789,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        -0.0,
        0.0,
        9007199254740994.0,
    ];
    let values: Vec<f64> = edges.into_iter().chain(scattered.take(5000)).filter(|v| v.is_finite()).collect();
    let expected: Vec<String> =
        values.iter().map(|v| if v.fract() == 0.0 { format!("{v}.0") } else { format!("{v}") }).collect();
    for (value, expected) in values.iter().zip(&expected) {
        assert_eq!(&sales_kpi::json::to_string(value).unwrap(), expected);
    }
    // All in one text: each float's digits in its own place.
    assert_eq!(sales_kpi::json::to_string(&values).unwrap(), format!("[{}]", expected.join(",")));
    let negative = "Deal ID,Owner,Stage,Amount,Created Date\nD1,Ana,Won,-2.5e-7,2024-01-01\n";
    let report = analyze(files(&[("deals.csv", negative)]), JsValue::UNDEFINED).unwrap();
    let reason = get(&report, &["quality", "files", "0", "rejected", "0", "reason"]).as_string().unwrap();
    assert!(reason.starts_with("negative amount -0.00000025:"), "{reason}");
}

/// A text's floats are asked of the JS engine once per distinct value: a
/// value repeated among others still gets its own digits in each place.
#[wasm_bindgen_test]
fn repeated_floats_in_one_text_each_get_their_digits() {
    let third = 1.0 / 3.0;
    let values = [third, 2.0 / 3.0, third, 0.1 + 0.2, 1e-7, 2.0 / 3.0, third, 55.00000000000001, 1e-7, third, 0.5];
    let expected: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
    assert_eq!(sales_kpi::json::to_string(&values).unwrap(), format!("[{}]", expected.join(",")));
}

/// Cells of every length from 1 to 40 bytes, so that cell ends fall on
/// every place of the tokenizer's 16-byte blocks (in wasm it finds them
/// with vector compares), quoted cells holding the delimiter and doubled
/// quotes, and lines ended by `\r\n`, `\n` or `\r` alone: every row is read
/// and every cell is whole.
#[wasm_bindgen_test]
fn cells_end_where_their_delimiter_is_at_every_place_of_a_block() {
    let mut csv = String::from("Deal ID;Deal Name;Owner;Stage;Amount;Created Date;Close Date\r\n");
    let owners: Vec<String> = (1..=40).map(|n| format!("R{}", "x".repeat(n - 1))).collect();
    for (at, owner) in owners.iter().enumerate() {
        let n = at + 1;
        let name = if n % 5 == 0 { format!("\"{};\"\"q\"\"\"", "n".repeat(n % 17)) } else { "n".repeat(n % 17) };
        let end = ["\r\n", "\n", "\r"][n % 3];
        csv += &format!("D{n};{name};{owner};Won;{n};2024-01-01;2024-02-01{end}");
    }
    let report = analyze(files(&[("deals.csv", &csv)]), JsValue::UNDEFINED).unwrap();
    let count = |path: &[&str]| get(&report, path).as_f64();
    assert_eq!(count(&["quality", "files", "0", "rows_used"]), Some(40.0));
    assert_eq!(count(&["quality", "files", "0", "rows_rejected"]), Some(0.0));
    // 1 + 2 + … + 40.
    assert_eq!(count(&["kpis", "avg_deal_size", "inputs", "won_amount"]), Some(820.0));
    let reps: Array = get(&report, &["dimensions", "reps"]).dyn_into().unwrap();
    let mut reps: Vec<String> = reps.iter().filter_map(|rep| rep.as_string()).collect();
    reps.sort();
    let mut expected = owners.clone();
    expected.sort();
    assert_eq!(reps, expected);
}
