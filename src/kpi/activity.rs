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

    /// Adds another tally's counts, by kind and of tasks.
    pub fn add_tally(&mut self, other: &ActivityTally) {
        self.add_kinds(other);
        self.tasks_completed += other.tasks_completed;
        self.tasks_overdue += other.tasks_overdue;
    }

    /// Adds another tally's counts by kind.
    fn add_kinds(&mut self, other: &ActivityTally) {
        self.calls += other.calls;
        self.emails += other.emails;
        self.meetings += other.meetings;
        self.tasks += other.tasks;
        self.other += other.other;
    }
}

/// Activities counted by kind on each day of their first date (see
/// [`Activity::first_date`]), from the earliest such day to the latest: the
/// counts of any window are a sum over its days, not a pass over the
/// activities. Dates read from files lie within two centuries: a few MB at
/// most, a few thousand days in practice.
#[derive(Debug, Default)]
pub struct ActivityDays {
    first: Day,
    by_day: Vec<ActivityTally>,
}

impl ActivityDays {
    /// The activities `each` passes to its counter, counted by the day of their first date.
    pub fn of(each: impl FnOnce(&mut dyn FnMut(&Activity))) -> ActivityDays {
        let mut days = ActivityDays::default();
        each(&mut |activity: &Activity| {
            let Some(day) = activity.first_date() else { return };
            if days.by_day.is_empty() {
                days.first = day;
            }
            if day < days.first {
                // Room for the earlier days, and as many more (a file in
                // reverse date order moves the counts a few times, not per day).
                let missing = (i64::from(days.first) - i64::from(day)) as usize;
                let room = missing.max(days.by_day.len());
                days.by_day.splice(0..0, std::iter::repeat_n(ActivityTally::default(), room));
                days.first = (i64::from(days.first) - room as i64) as Day;
            }
            let at = (i64::from(day) - i64::from(days.first)) as usize;
            if days.by_day.len() <= at {
                days.by_day.resize(at + 1, ActivityTally::default());
            }
            days.by_day[at].count_kind(activity);
        });
        days
    }

    /// The activities `each` passes to its counter with their group (below
    /// `groups`: an owner, say), counted by day per group, in two passes: the
    /// first finds each group's days, so that no more than `max_days` days are
    /// ever held (none when the groups' days come to more).
    pub fn of_groups(
        groups: usize,
        max_days: usize,
        each: impl Fn(&mut dyn FnMut(usize, &Activity)),
    ) -> Option<Vec<ActivityDays>> {
        let mut spans: Vec<Option<(Day, Day)>> = vec![None; groups];
        each(&mut |group, activity| {
            if let Some(day) = activity.first_date() {
                let span = &mut spans[group];
                *span = Some(span.map_or((day, day), |(first, last)| (first.min(day), last.max(day))));
            }
        });
        let length = |(first, last): (Day, Day)| (i64::from(last) - i64::from(first) + 1) as usize;
        if spans.iter().flatten().map(|span| length(*span)).fold(0usize, usize::saturating_add) > max_days {
            return None;
        }
        let mut days: Vec<ActivityDays> = spans
            .iter()
            .map(|span| {
                span.map_or_else(ActivityDays::default, |span| ActivityDays {
                    first: span.0,
                    by_day: vec![ActivityTally::default(); length(span)],
                })
            })
            .collect();
        each(&mut |group, activity| {
            if let Some(day) = activity.first_date() {
                let days = &mut days[group];
                days.by_day[(i64::from(day) - i64::from(days.first)) as usize].count_kind(activity);
            }
        });
        Some(days)
    }

    /// The counts of several sets of activities added up, day by day.
    pub fn summed<'d>(parts: impl Iterator<Item = &'d ActivityDays> + Clone) -> ActivityDays {
        let filled = parts.filter(|part| !part.by_day.is_empty());
        let end = |part: &ActivityDays| i64::from(part.first) + part.by_day.len() as i64;
        let (Some(first), Some(last_end)) = (filled.clone().map(|p| p.first).min(), filled.clone().map(end).max())
        else {
            return ActivityDays::default();
        };
        let mut days =
            ActivityDays { first, by_day: vec![ActivityTally::default(); (last_end - i64::from(first)) as usize] };
        for part in filled {
            let at = (i64::from(part.first) - i64::from(first)) as usize;
            let span = days.by_day[at..at + part.by_day.len()].iter_mut();
            span.zip(&part.by_day).for_each(|(day, counts)| day.add_kinds(counts));
        }
        days
    }

    /// The activities whose first date falls in each window, counted by kind.
    pub fn in_windows(&self, windows: &[Period]) -> Vec<ActivityTally> {
        let place = |day: Day| (i64::from(day) - i64::from(self.first)).clamp(0, self.by_day.len() as i64) as usize;
        let in_window = |window: &Period| {
            let mut tally = ActivityTally::default();
            if window.from <= window.to {
                let days = &self.by_day[place(window.from)..place(window.to.saturating_add(1))];
                days.iter().for_each(|day| tally.add_kinds(day));
            }
            tally
        };
        windows.iter().map(in_window).collect()
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Most days close together, some two centuries apart.
    fn day() -> impl Strategy<Value = i32> {
        prop_oneof![4 => -60..60i32, 1 => -200_000..200_000i32]
    }

    const KINDS: [ActivityKind; 5] =
        [ActivityKind::Call, ActivityKind::Email, ActivityKind::Meeting, ActivityKind::Task, ActivityKind::Other];

    /// An activity's kind (in `KINDS`), created, completed and due dates.
    type Dated = (usize, Option<i32>, Option<i32>, Option<i32>);

    /// Activities (kind, created, completed, due): dates close together or
    /// far apart (past the days counted in a list, and before the first
    /// activity's), some with no date.
    fn dated() -> impl Strategy<Value = Vec<Dated>> {
        proptest::collection::vec(
            (0..5usize, proptest::option::of(day()), proptest::option::of(day()), proptest::option::of(-50..50i32)),
            0..60,
        )
    }

    /// Windows of a few days or of centuries.
    fn windows() -> impl Strategy<Value = Vec<Period>> {
        let window = prop_oneof![(-60..60i32, 0..30i32), (-200_000..200_000i32, 0..150_000i32)];
        proptest::collection::vec(window, 1..6).prop_map(|windows| {
            let period =
                |(from, length): (i32, i32)| Period { label: String::new(), from, to: from + length, yearly: false };
            windows.into_iter().map(period).collect()
        })
    }

    fn activities(dated: &[Dated]) -> Vec<Activity> {
        dated
            .iter()
            .map(|(kind, created, completed, due)| Activity {
                owner: None,
                kind: KINDS[*kind],
                created: (*created).into(),
                due: (*due).into(),
                completed: (*completed).into(),
                done_status: false,
                deal: Maybe::NONE,
                subject: Maybe::NONE,
            })
            .collect()
    }

    /// Each window's counts by kind of `activities`, counted one by one.
    fn one_by_one<'a>(
        activities: impl Iterator<Item = &'a Activity> + Clone,
        windows: &[Period],
    ) -> Vec<ActivityTally> {
        let in_window = |w: &Period| {
            let mut tally = ActivityTally::default();
            let inside = activities.clone().filter(|a| a.first_date().is_some_and(|d| w.from <= d && d <= w.to));
            inside.for_each(|a| tally.count_kind(a));
            tally
        };
        windows.iter().map(in_window).collect()
    }

    proptest! {
        /// Each window's counts by kind equal those of the activities whose
        /// first date falls in it, counted one by one.
        #[test]
        fn counts_by_day_add_up_to_each_windows_counts(dated in dated(), windows in windows()) {
            let activities = activities(&dated);
            let days = ActivityDays::of(|count| activities.iter().for_each(count));
            prop_assert_eq!(days.in_windows(&windows), one_by_one(activities.iter(), &windows));
        }

        /// Activities in four groups (owners, say), counted by day per
        /// group: the counts of some groups added up give each window the
        /// counts of those groups' activities; and the groups are counted
        /// only when their days, first to last in each, fit the budget.
        #[test]
        fn counts_of_chosen_groups_added_up_are_those_of_their_activities(
            dated in dated(),
            groups in proptest::collection::vec(0..4usize, 60),
            chosen in proptest::collection::vec(any::<bool>(), 4),
            windows in windows(),
            slack in prop_oneof![Just(None), (-2..3i64).prop_map(Some)],
        ) {
            let activities = activities(&dated);
            let grouped: Vec<(usize, &Activity)> = groups.iter().copied().zip(&activities).collect();
            let span = |g: usize| {
                let days = grouped.iter().filter(|(at, _)| *at == g).filter_map(|(_, a)| a.first_date());
                days.clone().min().zip(days.max()).map_or(0, |(first, last)| i64::from(last - first + 1))
            };
            let needed: i64 = (0..4).map(span).sum();
            // No budget to speak of, or one of about the days needed.
            let budget = slack.map_or(usize::MAX, |slack| (needed + slack).max(0) as usize);
            let by_group = ActivityDays::of_groups(4, budget, |visit| grouped.iter().for_each(|(g, a)| visit(*g, a)));
            prop_assert_eq!(by_group.is_some(), needed as u64 <= budget as u64);
            let Some(by_group) = by_group else { return Ok(()) };
            let summed = ActivityDays::summed(by_group.iter().zip(&chosen).filter(|(_, c)| **c).map(|(d, _)| d));
            let kept = grouped.iter().filter(|(g, _)| chosen[*g]).map(|(_, a)| *a);
            prop_assert_eq!(summed.in_windows(&windows), one_by_one(kept, &windows));
        }
    }
}
