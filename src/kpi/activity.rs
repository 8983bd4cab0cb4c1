//! Activity KPIs: tasks total, completed and overdue (a snapshot at the
//! as-of date over all tasks).

use super::context::{Context, Scope};
use super::measure::Measure;
use super::period::Period;
use crate::model::*;

pub struct TaskCounts {
    pub total: u64,
    pub completed: u64,
    pub overdue: u64,
}

pub fn task_counts<'a>(activities: impl Iterator<Item = &'a Activity>, as_of: crate::day::Day) -> TaskCounts {
    let mut counts = TaskCounts { total: 0, completed: 0, overdue: 0 };
    for task in activities.filter(|a| a.kind == ActivityKind::Task) {
        let completed = task.completed_by(as_of);
        counts.total += 1;
        counts.completed += u64::from(completed);
        counts.overdue += u64::from(!completed && task.due.get().is_some_and(|due| due < as_of));
    }
    counts
}

pub fn tasks_overdue(ctx: &Context, scope: &Scope, _window: &Period) -> Measure {
    let counts = task_counts(scope.activities().iter(), ctx.as_of);
    Measure::count(
        counts.overdue,
        vec![("total_tasks", counts.total as f64), ("completed_tasks", counts.completed as f64)],
    )
}
