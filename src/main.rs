//! The native CLI on the same core:
//!
//! ```text
//! sales-kpi report [--as-of YYYY-MM-DD] [--config FILE.json] FILE...
//! sales-kpi generate --seed N --deals N --out DIR
//! sales-kpi summary [--as-of YYYY-MM-DD] [--config FILE.json] FILE...
//! ```

use sales_kpi::{generate, Config, FileSource, PathFile, Report, Session};
use std::process::ExitCode;

const USAGE: &str = "usage:
  sales-kpi report  [--as-of YYYY-MM-DD] [--config FILE.json] FILE...   the KPI report as JSON
  sales-kpi summary [--as-of YYYY-MM-DD] [--config FILE.json] FILE...   a short text summary
  sales-kpi generate --seed N --deals N --out DIR                       a demo CRM dataset";

/// Exit status when the report was made but some input file was unusable
/// (1 is for no report at all).
const SOME_INPUT_UNUSABLE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(Unusable(0)) => ExitCode::SUCCESS,
        Ok(Unusable(_)) => ExitCode::from(SOME_INPUT_UNUSABLE),
        Err(message) => {
            eprintln!("sales-kpi: {message}");
            ExitCode::FAILURE
        }
    }
}

/// How many input files were left out of the report.
struct Unusable(usize);

fn run(args: &[String]) -> Result<Unusable, String> {
    let report = match args.first().map(String::as_str) {
        Some("report") | Some("summary") => report(&args[1..])?,
        Some("generate") => return generate_command(&args[1..]).map(|()| Unusable(0)),
        Some("--help") | Some("-h") | Some("help") => return write_output(&format!("{USAGE}\n")).map(|()| Unusable(0)),
        _ => return Err(USAGE.to_string()),
    };
    let output = if args[0] == "report" { to_json(&report)? + "\n" } else { summary(&report) };
    write_output(&output)?;
    for file in &report.quality.unusable {
        eprintln!("sales-kpi: {} (left out: the report is computed from the other files)", file.message);
    }
    Ok(Unusable(report.quality.unusable.len()))
}

/// Writes to stdout; a reader that closed the pipe early (`| head`) has
/// what it wanted, so that is no error.
fn write_output(output: &str) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the output: {error}"))
        }
        _ => Ok(()),
    }
}

fn to_json(report: &Report) -> Result<String, String> {
    sales_kpi::json::to_string_pretty(report).map_err(|e| e.to_string())
}

/// Splits `--flag value` options from positional arguments.
/// `(flag, value)` pairs and the positional arguments.
type Parsed<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);

fn parse_options<'a>(args: &'a [String], flags: &[&'a str]) -> Result<Parsed<'a>, String> {
    let mut options = Vec::new();
    let mut positional = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if let Some(flag) = flags.iter().find(|f| **f == arg) {
            let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
            options.push((*flag, value.as_str()));
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg}\n{USAGE}"));
        } else {
            positional.push(arg.as_str());
        }
    }
    Ok((options, positional))
}

fn report(args: &[String]) -> Result<Report, String> {
    let (options, paths) = parse_options(args, &["--as-of", "--config"])?;
    let mut config = Config::default();
    for (flag, value) in &options {
        if *flag == "--config" {
            let text =
                std::fs::read_to_string(value).map_err(|e| format!("{value}: cannot read the configuration: {e}"))?;
            config = Config::from_json(&text).map_err(|e| format!("{value}: {e}"))?;
        }
    }
    if let Some((_, as_of)) = options.iter().find(|(flag, _)| *flag == "--as-of") {
        config.as_of = Some(as_of.to_string());
    }
    if paths.is_empty() {
        return Err(format!("no input files\n{USAGE}"));
    }
    let mut files = Vec::new();
    for path in paths {
        // Checked up front; the bytes are read one file at a time as each is parsed.
        std::fs::File::open(path).map_err(|e| format!("{path}: cannot read the file: {e}"))?;
        let name =
            std::path::Path::new(path).file_name().map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
        files.push(PathFile { name, path: path.into() });
    }
    if files.len() > 1 {
        let mut names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        names.sort();
        names.dedup();
        if names.len() != files.len() {
            return Err(
                "two input files have the same name; rename one so the quality report can tell them apart".into()
            );
        }
    }
    // One unusable file does not stop the report on the others: it is set
    // aside, listed in the report's quality, and the exit status says so.
    let mut session = Session::new();
    let sources = files.into_iter().map(|f| Box::new(f) as Box<dyn FileSource>).collect();
    let errors = session.add_sources_reporting(sources, &config, &mut |_| {});
    let report = session.report(&config).map_err(|e| e.to_string())?;
    if !report.quality.files.iter().any(|f| f.kind == "deals") {
        return Err(match errors.first() {
            Some(error) => error.to_string(),
            None => "no deals file among the inputs: a deals (opportunities) export is required".into(),
        });
    }
    Ok(report)
}

fn summary(report: &Report) -> String {
    let mut text = format!(
        "sales-kpi report as of {} (selection {} to {})\n\n",
        report.as_of, report.selection.from, report.selection.to
    );
    for kpi in report.kpis.values() {
        let value = kpi.value.map_or_else(
            || format!("—  ({})", kpi.note.clone().unwrap_or_default()),
            |v| format!("{v:.2} {}", kpi.unit),
        );
        text.push_str(&format!("  {:<24} {:<36} {value}\n", kpi.id, kpi.name));
    }
    text.push_str("\nfiles:\n");
    for file in &report.quality.files {
        text.push_str(&format!(
            "  {:<28} {:<14} read {:>7}  used {:>7}  rejected {:>5}  skipped {:>5}\n",
            file.name, file.kind, file.rows_read, file.rows_used, file.rows_rejected, file.rows_skipped
        ));
    }
    text
}

fn generate_command(args: &[String]) -> Result<(), String> {
    let (options, positional) = parse_options(args, &["--seed", "--deals", "--out"])?;
    if !positional.is_empty() {
        return Err(format!("unexpected argument {}\n{USAGE}", positional[0]));
    }
    let get = |flag: &str| options.iter().find(|(f, _)| *f == flag).map(|(_, v)| *v);
    let number = |flag: &str, default: u64| -> Result<u64, String> {
        get(flag).map_or(Ok(default), |v| v.parse().map_err(|_| format!("{flag} needs a whole number, got \"{v}\"")))
    };
    let out = get("--out").ok_or("generate needs --out DIR")?;
    let files =
        generate::generate(&generate::Options { seed: number("--seed", 7)?, deals: number("--deals", 2000)? as usize });
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    for (name, text) in files {
        let path = std::path::Path::new(out).join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!("wrote the demo dataset to {out}");
    Ok(())
}
