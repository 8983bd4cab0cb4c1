//! Activity KPIs: tasks total, completed and overdue (a snapshot at the
//! as-of date over all tasks), read from each scope's [`ActivityTally`].

use super::context::{Context, Scope};
use super::measure::Measure;
use super::period::Period;
use crate::day::Day;
use crate::model::*;

/// A scope's activities counted by kind, and its tasks completed and
/// overdue as of a day: what the overdue-tasks KPI and the activity
/// dashboard read, counted in one pass over the scope's activities.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ActivityTally {
    pub calls: u64,
    pub emails: u64,
    pub meetings: u64,
    pub tasks: u64,
    pub other: u64,
    /// Tasks completed by the day (docs/spec.md §2).
    pub tasks_completed: u64,
    /// Tasks not completed by the day and due before it.
    pub tasks_overdue: u64,
}

impl ActivityTally {
    /// `activities` counted, their tasks as of `as_of`.
    #[cfg(test)]
    pub fn of<'a>(activities: impl Iterator<Item = &'a Activity>, as_of: Day) -> ActivityTally {
        let mut tally = ActivityTally::default();
        activities.for_each(|activity| tally.add(activity, as_of));
        tally
    }

    /// Counts one activity by its kind (nothing as of a day).
    pub fn count_kind(&mut self, activity: &Activity) {
        let count = match activity.kind {
            ActivityKind::Call => &mut self.calls,
            ActivityKind::Email => &mut self.emails,
            ActivityKind::Meeting => &mut self.meetings,
            ActivityKind::Task => &mut self.tasks,
            ActivityKind::Other => &mut self.other,
        };
        *count += 1;
    }

    /// Counts one activity, and its task as of `as_of`.
    pub fn add(&mut self, activity: &Activity, as_of: Day) {
        self.count_kind(activity);
        if activity.kind == ActivityKind::Task {
            let completed = activity.completed_by(as_of);
            self.tasks_completed += u64::from(completed);
            self.tasks_overdue += u64::from(!completed && activity.due.get().is_some_and(|due| due < as_of));
        }
    }

    /// Activities of any kind.
    pub fn total(&self) -> u64 {
        self.calls + self.emails + self.meetings + self.tasks + self.other
    }
}

pub fn tasks_overdue(ctx: &Context, scope: &Scope, _window: &Period) -> Measure {
    let tally = ctx.activity_tally(scope.rep);
    Measure::count(
        tally.tasks_overdue,
        vec![("total_tasks", tally.tasks as f64), ("completed_tasks", tally.tasks_completed as f64)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(kind: ActivityKind, due: Option<Day>, completed: Option<Day>, done_status: bool) -> Activity {
        Activity {
            owner: None,
            kind,
            created: None.into(),
            due: due.into(),
            completed: completed.into(),
            done_status,
            deal: Maybe::NONE,
            subject: Maybe::NONE,
        }
    }

    /// As of day 100: a task completed on day 90 is completed; one completed
    /// on day 120 is not yet, and is overdue (due on day 50); one with no
    /// completed date and a done status is completed; one due on day 100
    /// itself is not overdue; one with no due date never is. Other kinds
    /// are only counted.
    #[test]
    fn counts_kinds_and_tasks_as_of_a_day() {
        use ActivityKind::*;
        let activities = [
            activity(Task, Some(80), Some(90), false),
            activity(Task, Some(50), Some(120), false),
            activity(Task, Some(10), None, true),
            activity(Task, Some(100), None, false),
            activity(Task, None, None, false),
            activity(Task, Some(99), None, false),
            activity(Call, Some(1), None, false),
            activity(Email, None, None, false),
            activity(Email, None, None, false),
            activity(Meeting, None, None, false),
            activity(Other, None, None, false),
        ];
        let tally = ActivityTally::of(activities.iter(), 100);
        let expected = ActivityTally {
            calls: 1,
            emails: 2,
            meetings: 1,
            tasks: 6,
            other: 1,
            tasks_completed: 2,
            tasks_overdue: 2,
        };
        assert_eq!(tally, expected);
        assert_eq!(tally.total(), 11);
    }
}
