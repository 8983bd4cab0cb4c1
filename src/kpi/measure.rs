//! One KPI value with the inputs it was computed from and, when it is null
//! or needs a caveat, a note. Means and rates are computed once, at the end,
//! from exact sums; a division by zero is `None` with a note.

/// A value, its named inputs, and why it is null (or a caveat).
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub value: Option<f64>,
    pub inputs: Vec<(&'static str, f64)>,
    pub note: Option<String>,
}

impl Measure {
    pub fn unavailable(note: &str) -> Measure {
        Measure { value: None, inputs: Vec::new(), note: Some(note.to_string()) }
    }

    /// A count: never null.
    pub fn count(value: u64, inputs: Vec<(&'static str, f64)>) -> Measure {
        Measure { value: Some(value as f64), inputs, note: None }
    }

    /// `numerator / denominator × scale`, or null with `empty_note`.
    pub fn ratio(
        numerator: f64,
        denominator: f64,
        scale: f64,
        inputs: Vec<(&'static str, f64)>,
        empty_note: &str,
    ) -> Measure {
        if denominator == 0.0 {
            return Measure { value: None, inputs, note: Some(empty_note.to_string()) };
        }
        Measure { value: Some(numerator / denominator * scale), inputs, note: None }
    }

    pub fn with_note(mut self, note: Option<String>) -> Measure {
        if self.note.is_none() {
            self.note = note;
        }
        self
    }
}

/// `count` and `total`: the running sum of a mean.
#[derive(Debug, Default, Clone, Copy)]
pub struct MeanSum {
    pub count: u64,
    pub total: i128,
}

impl MeanSum {
    pub fn add(&mut self, value: i128) {
        self.count += 1;
        self.total += value;
    }

    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total as f64 / self.count as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_by_zero_is_null_with_a_note() {
        let measure = Measure::ratio(3.0, 0.0, 100.0, vec![("won", 3.0)], "no deals");
        assert_eq!(measure.value, None);
        assert_eq!(measure.note.as_deref(), Some("no deals"));
        assert_eq!(Measure::ratio(1.0, 4.0, 100.0, vec![], "x").value, Some(25.0));
    }

    #[test]
    fn mean_of_nothing_is_none() {
        let mut sum = MeanSum::default();
        assert_eq!(sum.mean(), None);
        sum.add(3);
        sum.add(4);
        assert_eq!(sum.mean(), Some(3.5));
    }
}
