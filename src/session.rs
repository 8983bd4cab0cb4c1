//! A stateful analysis session for the page: files are loaded once, the
//! parsed dataset is kept, and a filter or as-of change only recomputes the
//! report. Files that cannot be used are set aside with their error; the
//! others keep working. The session holds each file's source, not its
//! bytes: a file is read again only when the files or the ingest settings
//! change.

use crate::config::Config;
use crate::dashboards::{region_accounts, GroupRow};
use crate::drill::{activity_log, deals_behind, ActivityLog, ActivityQuery, DealList, DealQuery};
use crate::error::{Error, Result};
use crate::ingest::{load_sources, FileSource, InputFile, LoadProgress};
use crate::kpi::context::Context;
use crate::kpi::selection::Selections;
use crate::model::Dataset;
use crate::quality::UnusableFile;
use crate::report::{build_dashboard_with, build_report_with, Report};

/// Files loaded once and reports recomputed on every configuration change: what the page's engine and the CLI drive.
#[derive(Default)]
pub struct Session {
    files: Vec<Box<dyn FileSource>>,
    /// The errors of the files set aside, listed in every report.
    unusable: Vec<Error>,
    /// The dataset and the ingest settings it was read with.
    loaded: Option<(String, Dataset)>,
    /// What the filters used so far keep of the dataset.
    selections: Selections,
}

/// The parts of the configuration that change how files are read.
fn ingest_key(config: &Config) -> String {
    let key = (&config.mappings, &config.kinds, config.locale, &config.stage_outcomes);
    crate::json::to_string(&key).unwrap_or_default()
}

impl Session {
    /// A session with no files.
    pub fn new() -> Session {
        Session::default()
    }

    /// Adds (or replaces, by name) files. Returns the errors of the files
    /// that could not be used; those files are not kept.
    pub fn add_files(&mut self, files: Vec<InputFile>, config: &Config) -> Vec<Error> {
        self.add_files_reporting(files, config, &mut |_| {})
    }

    /// As [`Session::add_files`], telling `progress` how far reading has got.
    pub fn add_files_reporting(
        &mut self,
        files: Vec<InputFile>,
        config: &Config,
        progress: &mut dyn FnMut(&LoadProgress),
    ) -> Vec<Error> {
        let sources = files.into_iter().map(|f| Box::new(f) as Box<dyn FileSource>).collect();
        self.add_sources_reporting(sources, config, progress)
    }

    /// As [`Session::add_files_reporting`], for files read on demand.
    pub fn add_sources_reporting(
        &mut self,
        files: Vec<Box<dyn FileSource>>,
        config: &Config,
        progress: &mut dyn FnMut(&LoadProgress),
    ) -> Vec<Error> {
        for file in files {
            self.files.retain(|f| f.name() != file.name());
            self.unusable.retain(|e| e.position().file != file.name());
            self.files.push(file);
        }
        self.loaded = None;
        let mut errors = Vec::new();
        while let Err(error) = self.load(config, progress) {
            let before = self.files.len();
            self.files.retain(|f| f.name() != error.position().file);
            let set_aside = self.files.len() < before;
            if set_aside {
                self.unusable.push(error.clone());
            }
            errors.push(error);
            if !set_aside {
                break;
            }
        }
        errors
    }

    /// Forgets the file called `name` (and its error, if it was set aside).
    pub fn remove_file(&mut self, name: &str) {
        self.files.retain(|f| f.name() != name);
        self.unusable.retain(|e| e.position().file != name);
        self.loaded = None;
    }

    /// Forgets every file.
    pub fn clear(&mut self) {
        self.files.clear();
        self.unusable.clear();
        self.loaded = None;
    }

    /// The names of the files kept, in the order they were added.
    pub fn file_names(&self) -> Vec<String> {
        self.files.iter().map(|f| f.name().to_string()).collect()
    }

    /// The dataset, read again if the files or the ingest settings changed,
    /// and what the filters used on it so far keep.
    fn load(&mut self, config: &Config, progress: &mut dyn FnMut(&LoadProgress)) -> Result<(&Dataset, &Selections)> {
        let key = ingest_key(config);
        if self.loaded.as_ref().is_none_or(|(k, _)| *k != key) {
            self.loaded = None;
            self.selections = Selections::default();
            let sources: Vec<&dyn FileSource> = self.files.iter().map(|f| f.as_ref()).collect();
            let data = load_sources(&sources, config, progress)?;
            self.loaded = Some((key, data));
        }
        Ok((&self.loaded.as_ref().expect("loaded just above").1, &self.selections))
    }

    /// The full report of the usable files; `quality.unusable` lists the others.
    pub fn report(&mut self, config: &Config) -> Result<Report> {
        let (data, selections) = self.load(config, &mut |_| {})?;
        let report = build_report_with(data, selections, config)?;
        Ok(self.with_unusable(report))
    }

    /// One dashboard's view-model (see [`crate::build_dashboard`]).
    pub fn dashboard(&mut self, config: &Config, name: &str) -> Result<Report> {
        let (data, selections) = self.load(config, &mut |_| {})?;
        let view = build_dashboard_with(data, selections, config, name)?;
        Ok(self.with_unusable(view))
    }

    fn with_unusable(&self, mut report: Report) -> Report {
        report.quality.unusable = self.unusable.iter().map(UnusableFile::from).collect();
        report
    }

    /// The deals behind a number (a KPI by its drill-down rule, or a dashboard group).
    pub fn deals(&mut self, config: &Config, query: &DealQuery) -> Result<DealList> {
        let (data, selections) = self.load(config, &mut |_| {})?;
        let ctx = Context::with_selections(data, config, selections)?;
        deals_behind(&ctx, query)
    }

    /// The won deals of one region (as shown: a name, or `(none)`) by account:
    /// the rows of the full report's `won_by_region_account` under it, in order.
    pub fn region_accounts(&mut self, config: &Config, region: &str) -> Result<Vec<GroupRow>> {
        let (data, selections) = self.load(config, &mut |_| {})?;
        let ctx = Context::with_selections(data, config, selections)?;
        Ok(region_accounts(&ctx, region))
    }

    /// The activities of the selection, filtered by kind and state (the activity log).
    pub fn activities(&mut self, config: &Config, query: &ActivityQuery) -> Result<ActivityLog> {
        let (data, selections) = self.load(config, &mut |_| {})?;
        let ctx = Context::with_selections(data, config, selections)?;
        Ok(activity_log(&ctx, query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEALS: &str = "Owner,Stage,Amount,Created Date,Close Date,Region\nAna,Won,10,2024-01-01,2024-02-01,East\nBen,Lost,5,2024-01-02,2024-02-03,West\n";

    #[test]
    fn a_broken_file_is_set_aside_and_the_others_keep_working() {
        let mut session = Session::new();
        let errors = session.add_files(
            vec![
                InputFile::new("deals.csv", DEALS),
                InputFile::new("empty.csv", ""),
                InputFile::new("bad.csv", "a,b\n\"x,y\n"),
            ],
            &Config::default(),
        );
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "empty.csv: file is empty",
                "bad.csv line 2: unterminated quote: the quote opened on this line is never closed"
            ]
        );
        assert_eq!(session.file_names(), ["deals.csv"]);
        let report = session.report(&Config::default()).unwrap();
        assert_eq!(report.kpis["win_rate"].value, Some(50.0));
    }

    /// A file read on demand, counting its reads; `None` cannot be read.
    struct Counted {
        name: &'static str,
        bytes: Option<&'static str>,
        reads: std::rc::Rc<std::cell::Cell<u32>>,
    }

    impl FileSource for Counted {
        fn name(&self) -> &str {
            self.name
        }
        fn size(&self) -> u64 {
            self.bytes.map_or(0, |b| b.len() as u64)
        }
        /// A read from the start is a read of the file.
        fn read_at(&self, offset: u64, len: usize) -> Result<std::borrow::Cow<'_, [u8]>> {
            if offset == 0 {
                self.reads.set(self.reads.get() + 1);
            }
            let bytes = self.bytes.ok_or_else(|| Error::file(self.name, "cannot read the file: it was moved"))?;
            Ok(std::borrow::Cow::Borrowed(crate::ingest::slice_at(bytes.as_bytes(), offset, len)))
        }
    }

    fn counted(
        name: &'static str,
        bytes: Option<&'static str>,
    ) -> (Box<dyn FileSource>, std::rc::Rc<std::cell::Cell<u32>>) {
        let reads = std::rc::Rc::default();
        (Box::new(Counted { name, bytes, reads: std::rc::Rc::clone(&reads) }), reads)
    }

    #[test]
    fn files_are_read_again_only_when_the_files_or_the_ingest_settings_change() {
        let mut session = Session::new();
        let config = Config::default();
        let (deals, deal_reads) = counted("deals.csv", Some(DEALS));
        assert!(session.add_sources_reporting(vec![deals], &config, &mut |_| {}).is_empty());
        assert_eq!(deal_reads.get(), 1);
        session
            .report(&Config {
                filters: crate::Filters { reps: vec!["Ana".into()], ..Default::default() },
                ..config.clone()
            })
            .unwrap();
        assert_eq!(deal_reads.get(), 1, "a filter change reads nothing");
        session.report(&Config { locale: crate::Locale::Id, ..config.clone() }).unwrap();
        assert_eq!(deal_reads.get(), 2, "a locale change reads the files again");
        // A second file of another size: the first is read again to join, never to compare.
        let (reps, rep_reads) = counted("reps.csv", Some("Rep,Region\nAna,East\n"));
        assert!(session.add_sources_reporting(vec![reps], &config, &mut |_| {}).is_empty());
        assert_eq!((deal_reads.get(), rep_reads.get()), (3, 1));
    }

    #[test]
    fn a_copy_is_found_by_reading_files_of_the_same_size_and_an_unreadable_file_is_set_aside() {
        let mut session = Session::new();
        let (deals, deal_reads) = counted("deals.csv", Some(DEALS));
        let (copy, _) = counted("copy.csv", Some(DEALS));
        let (moved, _) = counted("moved.csv", None);
        let errors = session.add_sources_reporting(vec![deals, copy, moved], &Config::default(), &mut |_| {});
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["moved.csv: cannot read the file: it was moved"]);
        assert_eq!(session.file_names(), ["deals.csv", "copy.csv"]);
        // Read to load, read to compare with the copy; then once more after moved.csv was set aside.
        assert_eq!(deal_reads.get(), 4);
        let report = session.report(&Config::default()).unwrap();
        assert_eq!(report.kpis["win_rate"].value, Some(50.0), "the copy is not counted twice");
        assert!(report.quality.warnings.iter().any(|w| w.contains("copy.csv has the same content as deals.csv")));
    }

    #[test]
    fn loading_tells_how_far_it_has_got() {
        let rows = 40_000;
        let mut text = String::from("Owner,Stage,Amount,Created Date,Close Date\n");
        (0..rows).for_each(|i| text.push_str(&format!("Rep {},Won,{i},2024-01-01,2024-02-01\n", i % 7)));
        let size = text.len() as u64;
        let mut seen: Vec<LoadProgress> = Vec::new();
        let errors =
            Session::new().add_files_reporting(vec![InputFile::new("deals.csv", text)], &Config::default(), &mut |p| {
                seen.push(p.clone())
            });
        assert!(errors.is_empty());
        // Every 16 384 rows, then once at the end.
        let counts: Vec<u64> = seen.iter().map(|p| p.rows).collect();
        assert_eq!(counts, [16_384, 32_768, 40_000]);
        assert!(seen.windows(2).all(|w| w[0].bytes_read < w[1].bytes_read));
        assert!(seen[0].bytes_read > 0 && seen[0].bytes_read < size / 2);
        let last = seen.last().unwrap();
        assert_eq!((last.file.as_str(), last.bytes_read, last.bytes_total), ("deals.csv", size, size));
    }

    #[test]
    fn drill_down_lists_the_deals_behind_a_kpi() {
        let mut session = Session::new();
        assert!(session.add_files(vec![InputFile::new("deals.csv", DEALS)], &Config::default()).is_empty());
        let config = Config::default();
        let won =
            session.deals(&config, &DealQuery { kpi: Some("avg_deal_size".into()), ..DealQuery::default() }).unwrap();
        assert_eq!((won.total, won.deals[0].owner.as_deref()), (1, Some("Ana")));
        let west = session
            .deals(
                &config,
                &DealQuery { kpi: Some("win_rate".into()), region: Some("west".into()), ..DealQuery::default() },
            )
            .unwrap();
        assert_eq!((west.total, west.total_amount), (1, 5.0));
        assert!(session
            .deals(&config, &DealQuery { kpi: Some("rep_retention".into()), ..DealQuery::default() })
            .is_err());
    }
}
