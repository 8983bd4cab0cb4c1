//! What a file holds: the kinds of CRM export the engine reads. A leaf
//! module: the settings (`config`) name kinds in their mappings, reading
//! (`ingest`) detects them; neither goes through the other. Each kind's
//! fields and header synonyms are in `ingest::schema`.

use serde::{Deserialize, Serialize};

/// What a file holds, detected from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Deals,
    Accounts,
    Reps,
    Products,
    Activities,
    StageHistory,
    Targets,
    Leads,
    Unknown,
}

impl FileKind {
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

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Deals => "deals",
            FileKind::Accounts => "accounts",
            FileKind::Reps => "reps",
            FileKind::Products => "products",
            FileKind::Activities => "activities",
            FileKind::StageHistory => "stage_history",
            FileKind::Targets => "targets",
            FileKind::Leads => "leads",
            FileKind::Unknown => "unknown",
        }
    }
}
