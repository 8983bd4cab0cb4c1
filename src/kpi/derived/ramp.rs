//! Where each rep's ramp ends: the first outreach date, else the first
//! activity, else the first created deal.

use crate::day::Day;
use crate::field::{Field, KindField};
use crate::file_kind::FileKind;
use crate::hashing::IdMap;
use crate::model::*;

/// Where a rep's ramp ends, by SPEC's rule, and what the rule used.
pub struct RampEnds {
    pub end_by_rep: IdMap<Sym, Day>,
    pub source: &'static str,
}

impl RampEnds {
    pub fn new(data: &Dataset) -> RampEnds {
        let mut end_by_rep: IdMap<Sym, Day> = IdMap::default();
        let mut keep_earliest = |rep: Sym, day: Day| {
            end_by_rep.entry(rep).and_modify(|d| *d = (*d).min(day)).or_insert(day);
        };
        let source = if data.has(KindField::of(FileKind::Reps, Field::FirstOutreachDate)) {
            data.reps.iter().for_each(|r| r.first_outreach.into_iter().for_each(|d| keep_earliest(r.name, d)));
            "first_outreach_date"
        } else if data.present.iter().any(|f| f.kind == FileKind::Activities) {
            data.activities.iter().for_each(|a| {
                if let (Some(owner), Some(day)) = (a.owner, a.first_date()) {
                    keep_earliest(owner, day)
                }
            });
            "first activity"
        } else {
            data.deals.iter().for_each(|d| {
                if let (Some(owner), Some(day)) = (d.owner, d.created.get()) {
                    keep_earliest(owner, day)
                }
            });
            "first created deal"
        };
        RampEnds { end_by_rep, source }
    }
}
