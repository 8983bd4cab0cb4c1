//! The canonical fields: every column the engine reads, named once. A
//! file kind's schema (`ingest::schema`) lists the fields it takes, with
//! their header synonyms; the code reads a column by its `Field`, and a
//! KPI names what it needs as a [`KindField`], so a misspelt field does
//! not compile. A leaf module, as `file_kind` is.

use crate::file_kind::FileKind;

/// Declares [`Field`] with each variant's canonical name.
macro_rules! canonical_fields {
    ($($variant:ident = $name:literal,)*) => {
        /// A canonical field: a column the engine reads, whatever the export calls it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Field {
            /// Every field, in the order of their names.
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            /// The field's canonical name, as the configuration's mappings and
            /// the report's `quality.files[].mapping` spell it.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }
        }
    };
}

canonical_fields! {
    Account = "account",
    AccountId = "account_id",
    ActivityId = "activity_id",
    Amount = "amount",
    Category = "category",
    ChurnDate = "churn_date",
    CloseDate = "close_date",
    CompletedDate = "completed_date",
    ContractEnd = "contract_end",
    ContractStart = "contract_start",
    Converted = "converted",
    ConvertedDate = "converted_date",
    ConvertedDealId = "converted_deal_id",
    CreatedDate = "created_date",
    Currency = "currency",
    CustomerSince = "customer_since",
    DealId = "deal_id",
    DealName = "deal_name",
    DueDate = "due_date",
    EnteredDate = "entered_date",
    ExpectedCloseDate = "expected_close_date",
    FirstName = "first_name",
    FirstOutreachDate = "first_outreach_date",
    ForecastCategory = "forecast_category",
    HireDate = "hire_date",
    Industry = "industry",
    IsClosed = "is_closed",
    IsWon = "is_won",
    Kpi = "kpi",
    LastName = "last_name",
    LeadId = "lead_id",
    LeadSource = "lead_source",
    ListPrice = "list_price",
    LostDate = "lost_date",
    Manager = "manager",
    Owner = "owner",
    OwnerId = "owner_id",
    Period = "period",
    Probability = "probability",
    Product = "product",
    Quota = "quota",
    ReferredBy = "referred_by",
    Region = "region",
    Rep = "rep",
    RepId = "rep_id",
    Stage = "stage",
    StageEnteredDate = "stage_entered_date",
    Status = "status",
    Subject = "subject",
    Target = "target",
    Team = "team",
    TermMonths = "term_months",
    TerminationDate = "termination_date",
    Type = "type",
}

impl Field {
    /// The field of a canonical name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|field| field.name() == name)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A file kind and one of its fields, or the kind alone (any file of it):
/// what a KPI needs, and what the loaded data has. Written `deals.owner`,
/// or `deals.*` for the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindField {
    /// The kind of file.
    pub kind: FileKind,
    /// The field; none: any file of the kind.
    pub field: Option<Field>,
}

impl KindField {
    /// One field of a kind.
    pub const fn of(kind: FileKind, field: Field) -> KindField {
        KindField { kind, field: Some(field) }
    }

    /// Any file of a kind.
    pub const fn any(kind: FileKind) -> KindField {
        KindField { kind, field: None }
    }
}

impl std::fmt::Display for KindField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.field {
            Some(field) => write!(f, "{}.{field}", self.kind.name()),
            None => write!(f, "{}.*", self.kind.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_sorted_and_read_back() {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        assert!(names.windows(2).all(|pair| pair[0] < pair[1]), "{names:?}");
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(*field));
        }
        assert_eq!(Field::from_name("deal_name"), Some(Field::DealName));
        assert_eq!(Field::from_name("deal name"), None);
    }

    #[test]
    fn a_kind_field_reads_as_kind_dot_field() {
        assert_eq!(KindField::of(FileKind::Reps, Field::Quota).to_string(), "reps.quota");
        assert_eq!(KindField::any(FileKind::StageHistory).to_string(), "stage_history.*");
    }

    #[test]
    fn every_field_belongs_to_a_kind() {
        for field in Field::ALL {
            let kinds = FileKind::ALL.iter().filter(|kind| kind.fields().iter().any(|spec| spec.field == *field));
            assert!(kinds.count() > 0, "{field} is in no kind's schema");
        }
    }
}
