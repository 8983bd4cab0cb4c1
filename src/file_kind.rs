//! What a file holds: the kinds of CRM export the engine reads. A leaf
//! module: the settings (`config`) name kinds in their mappings, reading
//! (`ingest`) detects them; neither goes through the other. Each kind's
//! fields and header synonyms are in `ingest::schema`.

use serde::Serialize;

/// What a file holds, detected from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Deals (opportunities).
    Deals,
    /// Accounts (companies, organizations).
    Accounts,
    /// Sales reps (users, owners).
    Reps,
    /// Products.
    Products,
    /// Activities (tasks, calls, meetings, events).
    Activities,
    /// Stage history: one row per stage a deal entered.
    StageHistory,
    /// Targets per KPI, period and rep.
    Targets,
    /// Leads.
    Leads,
    /// Not recognised: its rows are not used.
    Unknown,
}

impl FileKind {
    /// Every kind a file can be read as.
    pub const ALL: [FileKind; 8] = [
        FileKind::Deals,
        FileKind::Accounts,
        FileKind::Reps,
        FileKind::Products,
        FileKind::Activities,
        FileKind::StageHistory,
        FileKind::Targets,
        FileKind::Leads,
    ];

    /// Every kind by its name in the JSON, `unknown` included (a mapping may set it).
    pub const NAMED: [(&'static str, FileKind); 9] = [
        ("deals", FileKind::Deals),
        ("accounts", FileKind::Accounts),
        ("reps", FileKind::Reps),
        ("products", FileKind::Products),
        ("activities", FileKind::Activities),
        ("stage_history", FileKind::StageHistory),
        ("targets", FileKind::Targets),
        ("leads", FileKind::Leads),
        ("unknown", FileKind::Unknown),
    ];

    /// The kind's name in the JSON (`deals`, `stage_history`…).
    pub fn name(self) -> &'static str {
        FileKind::NAMED.iter().find(|(_, kind)| *kind == self).map_or("unknown", |(name, _)| name)
    }
}
