//! Calendar (or fiscal) quarters and years, and the period labels of
//! targets: `2024`, `2024-Q1`, `2024-03`, `FY2025`, `FY2025-Q1`.

use crate::day::{date_of, day_from_ymd, Day};
use chrono::Datelike;

/// A date window, both ends inclusive, with the label it is shown under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub from: Day,
    pub to: Day,
    pub yearly: bool,
}

impl Period {
    /// The window of equal length just before this one: as many whole
    /// months when it is whole months (a quarter before a quarter), else as
    /// many days.
    pub fn previous(&self) -> Period {
        let (first, last) = (date_of(self.from), date_of(self.to));
        let from = if first.day() == 1 && date_of(self.to + 1).day() == 1 {
            let months = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32 + 1;
            Calendar::month_start(first.year(), first.month(), -months)
        } else {
            self.from - (self.to - self.from + 1)
        };
        Period { label: "previous".into(), from, to: self.from - 1, yearly: false }
    }

    /// The same dates one year earlier (29 February becomes the 28th).
    pub fn year_before(&self) -> Period {
        let shift = |day: Day| {
            let date = date_of(day);
            day_from_ymd(date.year() - 1, date.month(), date.day())
                .or_else(|| day_from_ymd(date.year() - 1, date.month(), date.day() - 1))
                .unwrap_or(day - 365)
        };
        Period { label: "year_ago".into(), from: shift(self.from), to: shift(self.to), yearly: false }
    }
}

/// Quarter and year boundaries for a fiscal year starting in `start_month`.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    pub start_month: u32,
}

impl Calendar {
    pub fn new(start_month: u32) -> Calendar {
        Calendar { start_month: start_month.clamp(1, 12) }
    }

    fn fiscal(&self) -> bool {
        self.start_month != 1
    }

    /// First day of the month `offset` months after (year, month).
    fn month_start(year: i32, month: u32, offset: i32) -> Day {
        let index = year * 12 + month as i32 - 1 + offset;
        day_from_ymd(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(0)
    }

    /// The fiscal year (named by the calendar year it ends in) holding `day`.
    fn fiscal_year_of(&self, day: Day) -> i32 {
        let date = date_of(day);
        if self.fiscal() && date.month() >= self.start_month {
            date.year() + 1
        } else {
            date.year()
        }
    }

    pub fn year_bounds(&self, fiscal_year: i32) -> (Day, Day) {
        let first_calendar_year = if self.fiscal() { fiscal_year - 1 } else { fiscal_year };
        let from = Self::month_start(first_calendar_year, self.start_month, 0);
        (from, Self::month_start(first_calendar_year, self.start_month, 12) - 1)
    }

    pub fn quarter_bounds(&self, fiscal_year: i32, quarter: u32) -> (Day, Day) {
        let first_calendar_year = if self.fiscal() { fiscal_year - 1 } else { fiscal_year };
        let offset = 3 * (quarter as i32 - 1);
        let from = Self::month_start(first_calendar_year, self.start_month, offset);
        (from, Self::month_start(first_calendar_year, self.start_month, offset + 3) - 1)
    }

    /// The whole quarters (`quarters`) or years overlapping [from, to], not
    /// clipped to it, in date order: the bounds [`Calendar::parse_label`]
    /// gives for the labels of [`Calendar::periods`], with no label written.
    pub fn unit_bounds(&self, from: Day, to: Day, quarters: bool) -> Vec<(Day, Day)> {
        if from > to {
            return Vec::new();
        }
        let years = self.fiscal_year_of(from)..=self.fiscal_year_of(to);
        match quarters {
            false => years.map(|year| self.year_bounds(year)).collect(),
            true => (years.flat_map(|year| (1..=4).map(move |quarter| self.quarter_bounds(year, quarter))))
                .filter(|(unit_from, unit_to)| *unit_to >= from && *unit_from <= to)
                .collect(),
        }
    }

    fn year_label(&self, year: i32) -> String {
        if self.fiscal() {
            format!("FY{year}")
        } else {
            year.to_string()
        }
    }

    /// Quarters and years overlapping [from, to], clipped to it: each year
    /// followed by its quarters.
    pub fn periods(&self, from: Day, to: Day, with_quarters: bool) -> Vec<Period> {
        let mut periods = Vec::new();
        if from > to {
            return periods;
        }
        for year in self.fiscal_year_of(from)..=self.fiscal_year_of(to) {
            let (year_from, year_to) = self.year_bounds(year);
            let label = self.year_label(year);
            periods.push(Period { label: label.clone(), from: year_from.max(from), to: year_to.min(to), yearly: true });
            if !with_quarters {
                continue;
            }
            for quarter in 1..=4 {
                let (q_from, q_to) = self.quarter_bounds(year, quarter);
                if q_to >= from && q_from <= to {
                    periods.push(Period {
                        label: format!("{label}-Q{quarter}"),
                        from: q_from.max(from),
                        to: q_to.min(to),
                        yearly: false,
                    });
                }
            }
        }
        periods
    }

    /// The window a period label stands for, unclipped.
    pub fn parse_label(&self, label: &str) -> Option<(Day, Day)> {
        let label = label.trim().to_ascii_uppercase();
        let fiscal_label = label.strip_prefix("FY");
        let body = fiscal_label.unwrap_or(&label);
        let (year_text, rest) = body.split_once('-').map_or((body, None), |(y, r)| (y, Some(r)));
        let year: i32 = year_text.parse().ok().filter(|_| year_text.len() == 4)?;
        let calendar = if fiscal_label.is_some() { *self } else { Calendar::new(1) };
        match rest {
            None => Some(calendar.year_bounds(year)),
            Some(quarter) if quarter.starts_with('Q') => {
                let q: u32 = quarter[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
                Some(calendar.quarter_bounds(year, q))
            }
            Some(month) => {
                let m: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
                Some((Self::month_start(year, m, 0), Self::month_start(year, m, 1) - 1))
            }
        }
    }

    /// Calendar months overlapping [from, to], clipped: (`2024-03`, from, to).
    pub fn months(from: Day, to: Day) -> Vec<Period> {
        let mut months = Vec::new();
        let mut start = date_of(from).with_day(1).map(|d| d.num_days_from_ce()).unwrap_or(from);
        while start <= to {
            let date = date_of(start);
            let next = Self::month_start(date.year(), date.month(), 1);
            months.push(Period {
                label: format!("{:04}-{:02}", date.year(), date.month()),
                from: start.max(from),
                to: (next - 1).min(to),
                yearly: false,
            });
            start = next;
        }
        months
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::parse_iso_day;

    fn d(text: &str) -> Day {
        parse_iso_day(text).unwrap()
    }

    /// By hand: before 2024-Q2 (whole months) is 2024-Q1; before ten days
    /// (04-10..04-19) are the ten days 03-31..04-09; a year before 2024-Q2 is
    /// 2023-04-01..2023-06-30.
    #[test]
    fn previous_and_year_before_windows() {
        let q2 = Period { label: "2024-Q2".into(), from: d("2024-04-01"), to: d("2024-06-30"), yearly: false };
        assert_eq!((q2.previous().from, q2.previous().to), (d("2024-01-01"), d("2024-03-31")));
        let days = Period { label: "x".into(), from: d("2024-04-10"), to: d("2024-04-19"), yearly: false };
        assert_eq!((days.previous().from, days.previous().to), (d("2024-03-31"), d("2024-04-09")));
        assert_eq!((q2.year_before().from, q2.year_before().to), (d("2023-04-01"), d("2023-06-30")));
        let leap = Period { label: "x".into(), from: d("2024-02-29"), to: d("2024-02-29"), yearly: false };
        assert_eq!(leap.year_before().from, d("2023-02-28"));
    }

    #[test]
    fn calendar_quarters_and_years_are_clipped() {
        let periods = Calendar::new(1).periods(d("2016-10-20"), d("2017-12-31"), true);
        let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2016", "2016-Q4", "2017", "2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"]);
        assert_eq!((periods[0].from, periods[0].to), (d("2016-10-20"), d("2016-12-31")));
        assert_eq!((periods[4].from, periods[4].to), (d("2017-04-01"), d("2017-06-30")));
    }

    #[test]
    fn fiscal_year_starting_in_april() {
        let calendar = Calendar::new(4);
        let periods = calendar.periods(d("2024-03-15"), d("2024-04-10"), true);
        let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["FY2024", "FY2024-Q4", "FY2025", "FY2025-Q1"]);
        assert_eq!(calendar.parse_label("FY2025-Q1"), Some((d("2024-04-01"), d("2024-06-30"))));
    }

    #[test]
    fn whole_units_are_the_bounds_of_the_periods_labels() {
        // By hand: fiscal years from April, 2024-02-10 .. 2024-05-20 touch
        // FY2024-Q4 (Jan–Mar 2024) and FY2025-Q1 (Apr–Jun 2024), whole.
        let april = Calendar::new(4);
        let quarters = april.unit_bounds(d("2024-02-10"), d("2024-05-20"), true);
        assert_eq!(quarters, [(d("2024-01-01"), d("2024-03-31")), (d("2024-04-01"), d("2024-06-30"))]);
        assert!(april.unit_bounds(d("2024-05-21"), d("2024-05-20"), true).is_empty());
        for calendar in [Calendar::new(1), april, Calendar::new(11)] {
            for (from, to) in [("2023-12-31", "2024-01-01"), ("2022-03-15", "2024-11-30"), ("2024-04-01", "2024-04-01")]
            {
                let (from, to) = (d(from), d(to));
                for quarters in [true, false] {
                    let labels = calendar.periods(from, to, quarters).into_iter().filter(|p| p.yearly != quarters);
                    let parsed: Vec<(Day, Day)> = labels.filter_map(|p| calendar.parse_label(&p.label)).collect();
                    assert_eq!(calendar.unit_bounds(from, to, quarters), parsed, "{from} {to} {quarters}");
                }
            }
        }
    }

    #[test]
    fn labels_and_months() {
        let calendar = Calendar::new(1);
        assert_eq!(calendar.parse_label("2024-Q1"), Some((d("2024-01-01"), d("2024-03-31"))));
        assert_eq!(calendar.parse_label("2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(calendar.parse_label("2024"), Some((d("2024-01-01"), d("2024-12-31"))));
        assert_eq!(calendar.parse_label("soon"), None);
        // Any case (a label typed into a drill-down); a letter that is not
        // ASCII is never the Q or FY of a label.
        assert_eq!(calendar.parse_label(" fy2024-q1 "), calendar.parse_label("FY2024-Q1"));
        assert_eq!(calendar.parse_label("2024-ｑ1"), None);
        let months = Calendar::months(d("2024-01-15"), d("2024-03-02"));
        assert_eq!(months.len(), 3);
        assert_eq!((months[2].label.as_str(), months[2].to), ("2024-03", d("2024-03-02")));
    }
}
