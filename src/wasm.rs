//! The JS binding: the only file that knows wasm-bindgen. Every export
//! converts its arguments, calls the core, converts the result. Errors
//! become real JS `Error`s carrying `file`, `line` and `column`.

use crate::json::FromJson;
use crate::{ActivityQuery, Config, DealQuery, Error, FileSource, Session};
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A result crosses as JSON text that JS parses: one serializer for the CLI
/// and the page (smaller module), and one call across instead of one per
/// field. The page's text is ASCII (see `Engine::report_text`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&crate::json::to_ascii_string(value)?)
}

/// A float's shortest round-trip digits, as the JS engine writes them
/// (`1.5e-7`, `123.45`, `1e+21`): see `float_text`, which spells them out.
pub(crate) fn shortest_digits(value: f64) -> String {
    js_sys::Number::from(value).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// The same for each of `values`, separated by spaces, in one call.
pub(crate) fn shortest_digits_of_all(values: &[f64]) -> String {
    js_sys::Array::from(&js_sys::Float64Array::from(values)).join(" ").into()
}

/// Sets each field on `target`, in order.
fn set_fields(target: &JsValue, fields: &[(&str, JsValue)]) {
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
    }
}

/// A plain object of these fields, in order. Small results are built as JS
/// values: through JSON, each type would compile a serializer of its own.
fn js_object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new().into();
    set_fields(&object, fields);
    object
}

/// Where the error is: its file, line and column (`null` when unknown).
fn position_fields(error: &Error) -> [(&'static str, JsValue); 3] {
    let position = error.position();
    [
        ("file", JsValue::from_str(&position.file)),
        ("line", position.line.map_or(JsValue::NULL, |l| JsValue::from_f64(l as f64))),
        ("column", position.column.as_deref().map_or(JsValue::NULL, JsValue::from_str)),
    ]
}

fn js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string()).into();
    set_fields(&js, &[("name", JsValue::from_str("SalesKpiError")), ("kind", JsValue::from_str(error.kind().name()))]);
    set_fields(&js, &position_fields(error));
    set_fields(&js, &[("reason", JsValue::from_str(error.message()))]);
    js
}

/// The files' errors as `{message, file, line, column}` objects.
fn error_list(errors: &[Error]) -> JsValue {
    let view = |error: &Error| {
        let object = js_object(&[("message", JsValue::from_str(&error.to_string()))]);
        set_fields(&object, &position_fields(error));
        object
    };
    errors.iter().map(view).collect::<js_sys::Array>().into()
}

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        js_error(&error)
    }
}

fn config_from(value: JsValue) -> Result<Config, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Config::default());
    }
    let json = js_sys::JSON::stringify(&value).map_err(|_| Error::config("the configuration is not plain data"))?;
    Ok(Config::from_json(&String::from(json))?)
}

fn query_from<Q: FromJson + Default>(value: JsValue) -> Result<Q, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Q::default());
    }
    let json = js_sys::JSON::stringify(&value).map_err(|_| Error::config("the query is not plain data"))?;
    Ok(Q::from_json(&String::from(json))?)
}

#[wasm_bindgen]
extern "C" {
    /// A `Blob` or `File`: its bytes stay outside wasm memory until read.
    #[wasm_bindgen(js_name = Blob)]
    type JsBlob;
    #[wasm_bindgen(method, getter)]
    fn size(this: &JsBlob) -> f64;
    #[wasm_bindgen(method)]
    fn slice(this: &JsBlob, start: f64, end: f64) -> JsBlob;

    /// Reads a `Blob` synchronously; it exists in Web Workers only.
    type FileReaderSync;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<FileReaderSync, JsValue>;
    #[wasm_bindgen(method, catch, js_name = readAsArrayBuffer)]
    fn read_as_array_buffer(this: &FileReaderSync, blob: &JsBlob) -> Result<js_sys::ArrayBuffer, JsValue>;
}

/// A file's bytes as the page holds them: the engine copies them into its
/// memory only while it parses the file.
enum JsBytes {
    Array(js_sys::Uint8Array),
    Blob(JsBlob),
}

struct JsFile {
    name: String,
    bytes: JsBytes,
    /// The bytes of a `Blob` read last, and from where: read
    /// [`BLOB_READ_BYTES`] at a time, they stay outside wasm memory until
    /// the engine asks for them, and go once the file is read to its end.
    window: RefCell<Option<(u64, js_sys::Uint8Array)>>,
}

/// Bytes read from a `Blob` at once. Each read crosses to the browser's
/// process and back: a dropped file of 1M deals (191 MB) took 540-710 ms
/// to read 4 MB at a time (the engine's chunks), 250-400 ms 16 MB at a
/// time, 190 ms 32 MB at a time, 165 ms 64 MB at a time (headless
/// Chromium, 2 cores). 32 MB: most of the gain, for 32 MB held meanwhile.
const BLOB_READ_BYTES: u64 = 32 << 20;

impl FileSource for JsFile {
    fn name(&self) -> &str {
        &self.name
    }

    fn size(&self) -> u64 {
        match &self.bytes {
            JsBytes::Array(array) => u64::from(array.length()),
            JsBytes::Blob(blob) => blob.size() as u64,
        }
    }

    fn read_at(&self, offset: u64, len: usize) -> crate::Result<Cow<'_, [u8]>> {
        let end = (offset + len as u64).min(self.size());
        let (start, end) = (offset.min(end) as f64, end as f64);
        let blob = match &self.bytes {
            JsBytes::Array(array) => return Ok(Cow::Owned(array.subarray(start as u32, end as u32).to_vec())),
            JsBytes::Blob(blob) => blob,
        };
        let mut window = self.window.borrow_mut();
        let holds = |(from, bytes): &(u64, js_sys::Uint8Array)| {
            *from <= start as u64 && end as u64 <= from + u64::from(bytes.length())
        };
        if !window.as_ref().is_some_and(holds) {
            let to = (start as u64 + BLOB_READ_BYTES.max(len as u64)).min(self.size());
            *window = Some((start as u64, read_blob(&self.name, &blob.slice(start, to as f64))?));
        }
        let (from, bytes) = window.as_ref().expect("read just above");
        let read = bytes.subarray((start as u64 - from) as u32, (end as u64 - from) as u32).to_vec();
        // Read to its end, the file lets its last bytes go (the session keeps the file).
        if end as u64 == self.size() {
            *window = None;
        }
        Ok(Cow::Owned(read))
    }
}

/// Reads a slice of a `Blob` (the engine asks for one chunk at a time).
fn read_blob(name: &str, blob: &JsBlob) -> crate::Result<js_sys::Uint8Array> {
    let reader = FileReaderSync::new().map_err(|_| {
        Error::file(name, "a File can be read by the engine in a Web Worker only; pass its bytes instead")
    })?;
    let buffer = reader.read_as_array_buffer(blob).map_err(|e| {
        let why = js_sys::Reflect::get(&e, &JsValue::from_str("message")).ok().and_then(|m| m.as_string());
        let why = why.unwrap_or_else(|| format!("{e:?}"));
        Error::file(name, format!("cannot read the file (was it changed or moved?): {why}"))
    })?;
    Ok(js_sys::Uint8Array::new(&buffer))
}

/// `files`: an array of `{name, bytes: Uint8Array}` or `{name, blob: Blob}`
/// (a `File` is a `Blob`). Sizes are checked before anything is read.
fn files_from(value: &JsValue) -> Result<Vec<Box<dyn FileSource>>, JsValue> {
    let array: js_sys::Array = value
        .clone()
        .dyn_into()
        .map_err(|_| Error::config("files must be an array of {name, bytes} or {name, blob}"))?;
    let mut files: Vec<Box<dyn FileSource>> = Vec::new();
    for item in array.iter() {
        let get = |key: &str| js_sys::Reflect::get(&item, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        let name = get("name").as_string().ok_or_else(|| Error::config("every file needs a name"))?;
        let bytes = match (get("bytes").dyn_into::<js_sys::Uint8Array>(), get("blob").dyn_into::<JsBlob>()) {
            (Ok(array), _) => JsBytes::Array(array),
            (_, Ok(blob)) => JsBytes::Blob(blob),
            _ => return Err(Error::file(&name, "the file's bytes must be a Uint8Array (or a Blob as `blob`)").into()),
        };
        let file = JsFile { name, bytes, window: RefCell::new(None) };
        crate::check_file_size(&file.name, usize::try_from(file.size()).unwrap_or(usize::MAX))?;
        files.push(Box::new(file));
    }
    Ok(files)
}

/// The whole report (docs/spec.md §4) for `files` and `config`, as a plain object.
#[wasm_bindgen]
pub fn analyze(files: JsValue, config: JsValue) -> Result<JsValue, JsValue> {
    let files = files_from(&files)?;
    let sources: Vec<&dyn FileSource> = files.iter().map(|f| f.as_ref()).collect();
    let report = crate::analyze_sources(&sources, &config_from(config)?)?;
    to_js(&report)
}

/// The largest file the engine takes, in bytes: checked before reading.
#[wasm_bindgen(js_name = maxFileBytes)]
pub fn max_file_bytes() -> f64 {
    crate::MAX_FILE_BYTES as f64
}

/// The canonical fields of every file kind, for the mapping editor: an
/// object of arrays, kinds in name order (as `crate::canonical_fields`).
/// Built as JS values: through JSON it would compile a serializer (1 KB
/// gzipped) for this one map.
#[wasm_bindgen(js_name = canonicalFields)]
pub fn canonical_fields() -> Result<JsValue, JsValue> {
    let mut kinds = crate::FileKind::ALL.to_vec();
    crate::sorting::sort_stable_by(&mut kinds, |a, b| a.name().cmp(b.name()));
    let object = js_sys::Object::new();
    for kind in kinds {
        let fields: js_sys::Array = kind.fields().iter().map(|field| JsValue::from_str(field.name())).collect();
        js_sys::Reflect::set(&object, &JsValue::from_str(kind.name()), &fields)?;
    }
    Ok(object.into())
}

/// A stateful engine: load files once, recompute on every filter change.
#[wasm_bindgen]
pub struct Engine {
    session: Session,
}

#[wasm_bindgen]
impl Engine {
    /// An engine with no files.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine { session: Session::new() }
    }

    /// Adds or replaces files; returns the errors (as messages with their
    /// file, line and column) of the files that could not be used.
    #[wasm_bindgen(js_name = addFiles)]
    pub fn add_files(&mut self, files: JsValue, config: JsValue) -> Result<JsValue, JsValue> {
        let errors = self.session.add_sources_reporting(files_from(&files)?, &config_from(config)?, &mut |_| {});
        Ok(error_list(&errors))
    }

    /// As `addFiles`, calling `on_progress` with `{file, bytes_read,
    /// bytes_total, rows}` as each file is read.
    #[wasm_bindgen(js_name = addFilesReporting)]
    pub fn add_files_reporting(
        &mut self,
        files: JsValue,
        config: JsValue,
        on_progress: js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        let mut tell = |progress: &crate::LoadProgress| {
            let value = js_object(&[
                ("file", JsValue::from_str(&progress.file)),
                ("bytes_read", JsValue::from_f64(progress.bytes_read as f64)),
                ("bytes_total", JsValue::from_f64(progress.bytes_total as f64)),
                ("rows", JsValue::from_f64(progress.rows as f64)),
            ]);
            let _ = on_progress.call1(&JsValue::NULL, &value);
        };
        let errors = self.session.add_sources_reporting(files_from(&files)?, &config_from(config)?, &mut tell);
        Ok(error_list(&errors))
    }

    /// Forgets the file called `name`.
    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, name: &str) {
        self.session.remove_file(name);
    }

    /// Forgets every file.
    pub fn clear(&mut self) {
        self.session.clear();
    }

    /// The names of the files kept.
    #[wasm_bindgen(js_name = fileNames)]
    pub fn file_names(&self) -> Result<JsValue, JsValue> {
        to_js(&self.session.file_names())
    }

    /// The full report for `config`.
    pub fn report(&mut self, config: JsValue) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(&self.report_text(config)?)
    }

    /// As `report`, as JSON text. The page's worker hands the text to the
    /// page, which parses it: text crosses to another thread in one copy,
    /// while an object is copied field by field (a 3 MB view: 40 ms). The
    /// text is ASCII, every other character escaped (`\u2013`), so that the
    /// browser holds it one byte a character (see `json::to_ascii_string`).
    #[wasm_bindgen(js_name = reportText)]
    pub fn report_text(&mut self, config: JsValue) -> Result<String, JsValue> {
        let report = self.session.report(&config_from(config)?)?;
        Ok(crate::json::to_ascii_string(&report)?)
    }

    /// One dashboard's view-model: the report's shape with only what the
    /// dashboard `name` (a `data-dashboard` value) shows.
    pub fn dashboard(&mut self, name: &str, config: JsValue) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(&self.dashboard_text(name, config)?)
    }

    /// As `dashboard`, as JSON text (see `reportText`).
    #[wasm_bindgen(js_name = dashboardText)]
    pub fn dashboard_text(&mut self, name: &str, config: JsValue) -> Result<String, JsValue> {
        let view = self.session.dashboard(&config_from(config)?, name)?;
        Ok(crate::json::to_ascii_string(&view)?)
    }

    /// The deals behind a number (`query`: a KPI and narrowing fields).
    pub fn deals(&mut self, config: JsValue, query: JsValue) -> Result<JsValue, JsValue> {
        let list = self.session.deals(&config_from(config)?, &query_from::<DealQuery>(query)?)?;
        to_js(&list)
    }

    /// The won deals of one region by account, as `won_by_region_account`
    /// lists them: a dashboard's view leaves them out when they are many.
    #[wasm_bindgen(js_name = regionAccounts)]
    pub fn region_accounts(&mut self, config: JsValue, region: &str) -> Result<JsValue, JsValue> {
        to_js(&self.session.region_accounts(&config_from(config)?, region)?)
    }

    /// The activity log of the selection.
    pub fn activities(&mut self, config: JsValue, query: JsValue) -> Result<JsValue, JsValue> {
        let log = self.session.activities(&config_from(config)?, &query_from::<ActivityQuery>(query)?)?;
        to_js(&log)
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
