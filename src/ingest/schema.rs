//! File kinds, their canonical fields, and the header synonyms real CRM
//! exports use (Salesforce, HubSpot, Pipedrive, Zoho, the Maven CRM dataset,
//! Indonesian labels). A header maps to a field when their normalised forms
//! (lower case, letters and digits only) are equal.

pub use crate::field::Field;
pub use crate::file_kind::FileKind;

/// How a column's cells are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Free text: ids, deal names, subjects.
    Text,
    /// A name or label many rows repeat (a rep, an account, a stage).
    Label,
    Date,
    Number,
}

/// One canonical field of a kind.
pub struct FieldSpec {
    pub field: Field,
    pub value_type: ValueType,
    /// Needed for the file to be useful: missing it is an error.
    pub required: bool,
    /// Header spellings, already in any case; compared normalised.
    pub synonyms: &'static [&'static str],
}

impl FieldSpec {
    /// The field's canonical name.
    pub const fn name(&self) -> &'static str {
        self.field.name()
    }
}

const fn field(field: Field, value_type: ValueType, required: bool, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { field, value_type, required, synonyms }
}

use ValueType::{Date, Label, Number, Text};

const DEAL_FIELDS: &[FieldSpec] = &[
    field(
        Field::DealId,
        Text,
        false,
        &[
            "deal id",
            "opportunity id",
            "opportunity_id",
            "record id",
            "id",
            "deal - id",
            "deal id",
            "id transaksi",
            "id peluang",
            "record id deal",
            "hs_object_id",
        ],
    ),
    field(
        Field::DealName,
        Text,
        false,
        &[
            "deal name",
            "opportunity name",
            "title",
            "deal - title",
            "name",
            "nama transaksi",
            "nama peluang",
            "nama deal",
            "judul",
        ],
    ),
    field(
        Field::Account,
        Label,
        false,
        &[
            "account",
            "account name",
            "company",
            "company name",
            "associated company",
            "associated company (primary)",
            "organization",
            "organization name",
            "deal - organization",
            "customer",
            "pelanggan",
            "nama akun",
            "akun",
            "perusahaan",
            "nama perusahaan",
            "klien",
        ],
    ),
    field(
        Field::Owner,
        Label,
        true,
        &[
            "owner",
            "deal owner",
            "opportunity owner",
            "sales agent",
            "sales_agent",
            "sales rep",
            "salesperson",
            "rep",
            "assigned to",
            "deal - owner",
            "user",
            "pemilik",
            "pemilik transaksi",
            "sales",
            "tenaga penjual",
            "nama sales",
        ],
    ),
    field(
        Field::Stage,
        Label,
        true,
        &[
            "stage",
            "deal stage",
            "deal_stage",
            "pipeline stage",
            "deal - stage",
            "stage name",
            "tahap",
            "tahapan",
            "tahap transaksi",
        ],
    ),
    field(
        Field::Status,
        Label,
        false,
        &["status", "deal status", "outcome", "deal - status", "result", "hasil", "status transaksi"],
    ),
    field(
        Field::Amount,
        Number,
        true,
        &[
            "amount",
            "deal amount",
            "value",
            "deal value",
            "close value",
            "close_value",
            "deal - value",
            "revenue",
            "opportunity amount",
            "total",
            "nilai",
            "jumlah",
            "nilai transaksi",
            "nominal",
        ],
    ),
    field(
        Field::Currency,
        Label,
        false,
        &["currency", "amount currency", "deal - currency", "currency code", "opportunity currency", "mata uang"],
    ),
    field(
        Field::CreatedDate,
        Date,
        true,
        &[
            "created date",
            "create date",
            "created",
            "created time",
            "created at",
            "engage date",
            "engage_date",
            "deal created",
            "deal - deal created",
            "deal - add time",
            "add time",
            "date created",
            "tanggal dibuat",
            "tanggal buat",
            "dibuat",
        ],
    ),
    field(
        Field::CloseDate,
        Date,
        false,
        &[
            "close date",
            "closed date",
            "close_date",
            "closing date",
            "actual close date",
            "close time",
            "deal closed on",
            "deal - close time",
            "won time",
            "deal - won time",
            "date closed",
            "tanggal tutup",
            "tanggal penutupan",
            "tanggal closing",
        ],
    ),
    field(Field::LostDate, Date, false, &["lost time", "deal - lost time", "lost date", "date lost", "tanggal kalah"]),
    field(
        Field::ExpectedCloseDate,
        Date,
        false,
        &[
            "expected close date",
            "deal - expected close date",
            "expected close",
            "tanggal perkiraan tutup",
            "perkiraan tutup",
        ],
    ),
    field(
        Field::Region,
        Label,
        false,
        &["region", "regional office", "territory", "sales region", "wilayah", "daerah"],
    ),
    field(
        Field::Product,
        Label,
        false,
        &["product", "product name", "products", "deal - product", "produk", "nama produk"],
    ),
    field(
        Field::LeadSource,
        Label,
        false,
        &[
            "lead source",
            "source",
            "original source",
            "original source type",
            "hs_analytics_source",
            "deal source",
            "deal - source",
            "sumber prospek",
            "sumber lead",
            "sumber",
        ],
    ),
    field(
        Field::Type,
        Label,
        false,
        &["type", "deal type", "opportunity type", "deal - type", "jenis transaksi", "tipe"],
    ),
    field(
        Field::ForecastCategory,
        Label,
        false,
        &[
            "forecast category",
            "forecastcategoryname",
            "forecast category name",
            "forecastcategory",
            "deal - forecast category",
            "kategori prakiraan",
            "kategori perkiraan",
            "kategori forecast",
        ],
    ),
    // Salesforce's Opportunity flags: when present they decide the outcome.
    // HubSpot's deal properties hs_is_closed / hs_is_closed_won say the same.
    field(Field::IsClosed, Label, false, &["isclosed", "is closed", "hs_is_closed"]),
    field(Field::IsWon, Label, false, &["iswon", "is won", "hs_is_closed_won"]),
    // Ids of the owner and the account (a data export has ids, not names):
    // read when the file has no owner / account name column. HubSpot names
    // them hubspot_owner_id and "Associated Company IDs"; Pipedrive's API
    // user_id (the deal's owner) and org_id.
    field(Field::OwnerId, Text, false, &["ownerid", "owner id", "owner_id", "hubspot_owner_id", "user_id"]),
    field(
        Field::AccountId,
        Text,
        false,
        &["accountid", "account id", "account_id", "associated company ids", "org_id", "organization id"],
    ),
    field(
        Field::Probability,
        Number,
        false,
        &[
            "probability",
            "probability (%)",
            "deal probability",
            "deal - probability",
            "win probability",
            "probabilitas",
            "peluang (%)",
        ],
    ),
    field(
        Field::ContractStart,
        Date,
        false,
        &["contract start", "contract start date", "start date", "mulai kontrak", "tanggal mulai kontrak"],
    ),
    field(
        Field::ContractEnd,
        Date,
        false,
        &["contract end", "contract end date", "end date", "akhir kontrak", "tanggal akhir kontrak"],
    ),
    field(
        Field::TermMonths,
        Number,
        false,
        &[
            "term months",
            "contract term",
            "contract term (months)",
            "term",
            "contract length",
            "contract months",
            "durasi kontrak",
            "durasi kontrak (bulan)",
            "masa kontrak",
        ],
    ),
    field(
        Field::StageEnteredDate,
        Date,
        false,
        &[
            "stage entered date",
            "last stage change date",
            "stage change date",
            "date entered current stage",
            "deal - stage change time",
            "stage change time",
            "tanggal masuk tahap",
        ],
    ),
];

const ACCOUNT_FIELDS: &[FieldSpec] = &[
    field(
        Field::Account,
        Label,
        true,
        &[
            "account",
            "account name",
            "company",
            "company name",
            "name",
            "organization",
            "organization name",
            "customer",
            "pelanggan",
            "nama akun",
            "akun",
            "perusahaan",
            "nama perusahaan",
            "nama pelanggan",
        ],
    ),
    field(
        Field::CustomerSince,
        Date,
        false,
        &[
            "customer since",
            "became a customer date",
            "customer since date",
            "first purchase date",
            "pelanggan sejak",
            "tanggal menjadi pelanggan",
        ],
    ),
    field(
        Field::ChurnDate,
        Date,
        false,
        &["churn date", "churned date", "churned on", "cancellation date", "tanggal churn", "tanggal berhenti"],
    ),
    field(
        Field::ReferredBy,
        Label,
        false,
        &["referred by", "referrer", "referred by account", "dirujuk oleh", "direferensikan oleh"],
    ),
    field(
        Field::Region,
        Label,
        false,
        &["region", "office location", "office_location", "country", "billing country", "wilayah", "daerah"],
    ),
    field(Field::Industry, Label, false, &["industry", "sector", "industri", "sektor"]),
    field(
        Field::AccountId,
        Text,
        false,
        &["id", "account id", "accountid", "account_id", "record id", "hs_object_id", "company id", "id akun"],
    ),
];

const REP_FIELDS: &[FieldSpec] = &[
    field(
        Field::Rep,
        Label,
        true,
        &[
            "rep",
            "sales rep",
            "sales agent",
            "sales_agent",
            "name",
            "full name",
            "user",
            "owner",
            "salesperson",
            "employee",
            "nama",
            "nama sales",
            "tenaga penjual",
            "sales",
        ],
    ),
    field(
        Field::HireDate,
        Date,
        false,
        &[
            "hire date",
            "hired",
            "start date",
            "hired on",
            "date hired",
            "tanggal masuk",
            "tanggal bergabung",
            "mulai bekerja",
        ],
    ),
    field(
        Field::TerminationDate,
        Date,
        false,
        &["termination date", "end date", "left date", "leave date", "exit date", "tanggal keluar", "tanggal berhenti"],
    ),
    field(
        Field::FirstOutreachDate,
        Date,
        false,
        &["first outreach date", "first outreach", "first activity date", "tanggal kontak pertama"],
    ),
    field(
        Field::Quota,
        Number,
        false,
        &["quota", "quarterly quota", "sales quota", "kuota", "kuota kuartal", "target kuota"],
    ),
    field(Field::Team, Label, false, &["team", "sales team", "tim", "tim sales"]),
    field(Field::Manager, Label, false, &["manager", "sales manager", "reports to", "manajer", "atasan"]),
    field(Field::RepId, Text, false, &["id", "user id", "userid", "rep id", "rep_id", "owner id"]),
    // A users file may split the name (HubSpot's owners: firstName, lastName).
    field(Field::FirstName, Text, false, &["first name", "firstname", "nama depan"]),
    field(Field::LastName, Text, false, &["last name", "lastname", "nama belakang"]),
    field(
        Field::Region,
        Label,
        false,
        &["region", "regional office", "regional_office", "territory", "wilayah", "daerah", "kantor wilayah"],
    ),
];

const PRODUCT_FIELDS: &[FieldSpec] = &[
    field(Field::Product, Label, true, &["product", "product name", "name", "produk", "nama produk"]),
    field(
        Field::Category,
        Label,
        false,
        &["category", "series", "family", "product family", "product category", "kategori", "seri"],
    ),
    field(
        Field::ListPrice,
        Number,
        false,
        &["list price", "sales price", "sales_price", "price", "unit price", "harga", "harga jual"],
    ),
];

const ACTIVITY_FIELDS: &[FieldSpec] = &[
    field(Field::ActivityId, Text, false, &["activity id", "task id", "activity - id", "id", "id aktivitas"]),
    field(
        Field::Owner,
        Label,
        true,
        &[
            "owner",
            "assigned to",
            "activity owner",
            "activity - assigned to user",
            "user",
            "sales rep",
            "rep",
            "sales agent",
            "pemilik",
            "sales",
            "ditugaskan ke",
        ],
    ),
    field(
        Field::Type,
        Label,
        true,
        &["type", "activity type", "activity - type", "task type", "jenis", "jenis aktivitas", "tipe"],
    ),
    field(Field::Subject, Text, false, &["subject", "activity - subject", "title", "description", "subjek", "judul"]),
    field(
        Field::CreatedDate,
        Date,
        false,
        &[
            "created date",
            "create date",
            "created",
            "activity date",
            "date",
            "add time",
            "activity - add time",
            "tanggal",
            "tanggal dibuat",
        ],
    ),
    field(
        Field::DueDate,
        Date,
        false,
        &["due date", "due", "activity - due date", "deadline", "tenggat", "jatuh tempo", "batas waktu"],
    ),
    field(
        Field::CompletedDate,
        Date,
        false,
        &[
            "completed date",
            "completed",
            "done time",
            "activity - marked as done time",
            "marked as done time",
            "completion date",
            "tanggal selesai",
        ],
    ),
    field(Field::OwnerId, Text, false, &["ownerid", "owner id", "owner_id", "user_id", "hubspot_owner_id"]),
    field(Field::Status, Label, false, &["status", "activity - done", "done", "task status"]),
    field(
        Field::DealId,
        Text,
        false,
        &["deal id", "opportunity id", "related deal", "activity - deal id", "id transaksi"],
    ),
    field(
        Field::Account,
        Label,
        false,
        &["account", "company", "organization", "account name", "akun", "pelanggan", "perusahaan"],
    ),
];

const STAGE_HISTORY_FIELDS: &[FieldSpec] = &[
    field(Field::DealId, Text, true, &["deal id", "opportunity id", "record id", "deal", "id transaksi"]),
    field(Field::Stage, Label, true, &["stage", "deal stage", "to stage", "new stage", "stage name", "tahap"]),
    field(
        Field::EnteredDate,
        Date,
        true,
        &[
            "entered date",
            "date entered",
            "entered",
            "changed date",
            "date",
            "stage date",
            "edit date",
            "tanggal masuk",
            "tanggal",
        ],
    ),
];

/// Leads (Salesforce Lead, a CRM's lead list): the records "new leads",
/// "lead age" and "conversion rate" are about when a leads file is given.
const LEAD_FIELDS: &[FieldSpec] = &[
    field(Field::LeadId, Text, false, &["lead id", "leadid", "id lead", "id prospek"]),
    field(
        Field::CreatedDate,
        Date,
        true,
        &["created date", "createddate", "create date", "lead created", "date created", "tanggal dibuat", "dibuat"],
    ),
    field(Field::Owner, Label, false, &["lead owner", "owner", "owner name", "pemilik prospek", "pemilik", "sales"]),
    field(Field::OwnerId, Text, false, &["ownerid", "owner id", "owner_id"]),
    field(Field::Status, Label, false, &["lead status", "status", "status prospek", "status lead"]),
    field(Field::LeadSource, Label, false, &["lead source", "leadsource", "source", "sumber prospek", "sumber lead"]),
    field(Field::Converted, Label, false, &["isconverted", "is converted", "converted", "terkonversi", "dikonversi"]),
    field(
        Field::ConvertedDate,
        Date,
        false,
        &["converteddate", "converted date", "conversion date", "tanggal konversi"],
    ),
    field(
        Field::ConvertedDealId,
        Text,
        false,
        &["convertedopportunityid", "converted opportunity id", "converted deal id", "id transaksi konversi"],
    ),
];

/// A leads file says so: one of its headers is about leads or conversion
/// (a deals file also has a created date, an owner and a status).
fn names_leads(headers: &[String]) -> bool {
    headers.iter().map(|h| normalize(h)).any(|h| h.contains("lead") || h.contains("prospek") || h.contains("convert"))
}

const TARGET_FIELDS: &[FieldSpec] = &[
    field(Field::Kpi, Text, true, &["kpi", "metric", "measure", "indikator"]),
    field(Field::Period, Text, false, &["period", "quarter", "year", "periode"]),
    field(Field::Rep, Label, false, &["rep", "sales rep", "owner", "sales agent", "sales"]),
    field(Field::Target, Number, true, &["target", "goal", "value", "sasaran", "nilai target"]),
];

impl FileKind {
    /// The canonical fields of the kind, in the order the mapping editor lists them.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            FileKind::Deals => DEAL_FIELDS,
            FileKind::Accounts => ACCOUNT_FIELDS,
            FileKind::Reps => REP_FIELDS,
            FileKind::Products => PRODUCT_FIELDS,
            FileKind::Activities => ACTIVITY_FIELDS,
            FileKind::StageHistory => STAGE_HISTORY_FIELDS,
            FileKind::Targets => TARGET_FIELDS,
            FileKind::Leads => LEAD_FIELDS,
            FileKind::Unknown => &[],
        }
    }

    /// The kind called `name` in the configuration (`deals`, `stage_history`…).
    pub fn parse(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.name() == normalize(name).replace("stagehistory", "stage_history"))
    }
}

/// Lower case, letters and digits only: `"Deal - Close Time"` → `"dealclosetime"`.
pub fn normalize(header: &str) -> String {
    crate::lowercase::lower_alphanumerics(header)
}

/// Pipedrive prefixes every deal column with `Deal - `; HubSpot suffixes some
/// with the pipeline. Both are noise for matching.
fn strip_vendor_noise(header: &str) -> &str {
    let trimmed = header.trim();
    for prefix in ["Deal - ", "deal - ", "Activity - ", "Organization - ", "Person - "] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            return rest;
        }
    }
    trimmed
}

/// The canonical field a header maps to for a kind, if any.
pub fn field_for_header(kind: FileKind, header: &str) -> Option<&'static FieldSpec> {
    let candidates = [normalize(header), normalize(strip_vendor_noise(header))];
    let synonyms = normalized_synonyms(kind);
    kind.fields()
        .iter()
        .zip(synonyms)
        .find(|(_, synonyms)| synonyms.iter().any(|synonym| candidates.contains(synonym)))
        .map(|(spec, _)| spec)
}

/// Per field of `kind` (in order), its synonyms and its name, normalised:
/// once per process (normalised anew per header, the synonyms of every kind
/// took a tenth of reading a 100k-deal export).
fn normalized_synonyms(kind: FileKind) -> &'static [Vec<String>] {
    static TABLES: std::sync::OnceLock<Vec<Vec<Vec<String>>>> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        let of_spec = |spec: &FieldSpec| -> Vec<String> {
            spec.synonyms.iter().chain(std::iter::once(&spec.name())).map(|synonym| normalize(synonym)).collect()
        };
        FileKind::ALL.iter().map(|kind| kind.fields().iter().map(of_spec).collect()).collect()
    });
    FileKind::ALL.iter().position(|k| *k == kind).map_or(&[], |at| &tables[at])
}

/// The fields the headers map to for `kind` (one per mapped header).
fn fields_of_headers(kind: FileKind, headers: &[String]) -> Vec<Field> {
    headers.iter().filter_map(|header| field_for_header(kind, header)).map(|spec| spec.field).collect()
}

/// HubSpot's wide stage history: `Date entered "Qualified (Sales Pipeline)"`.
/// Returns the stage name.
pub fn wide_stage_column(header: &str) -> Option<String> {
    const PREFIX: &str = "date entered";
    let trimmed = header.trim();
    let rest =
        trimmed.get(..PREFIX.len()).filter(|p| p.eq_ignore_ascii_case(PREFIX)).map(|_| &trimmed[PREFIX.len()..])?;
    let stage = rest.trim().trim_matches(|c| c == '"' || c == '\'' || c == '“' || c == '”');
    let stage = match stage.rfind(" (") {
        Some(at) if stage.ends_with(')') && crate::lowercase::to_lower(&stage[at..]).contains("pipeline") => {
            &stage[..at]
        }
        _ => stage,
    };
    (!stage.trim().is_empty()).then(|| stage.trim().to_string())
}

/// Scores how well a header set fits a kind: required fields weigh 3, others
/// 1, and a kind with no required field present scores 0.
pub fn kind_score(kind: FileKind, headers: &[String]) -> u32 {
    if kind == FileKind::Leads && !names_leads(headers) {
        return 0;
    }
    let mut score = 0;
    let mut required_found = 0;
    let found = fields_of_headers(kind, headers);
    for spec in kind.fields() {
        if found.contains(&spec.field) {
            if spec.required {
                required_found += 1;
                score += 3;
            } else {
                score += 1;
            }
        }
    }
    if kind == FileKind::Deals && headers.iter().any(|h| wide_stage_column(h).is_some()) {
        score += 2;
    }
    if required_found == 0 {
        0
    } else {
        score
    }
}

/// The required fields of `kind` that no header maps to (a deals file may
/// do with a status column instead of a stage).
pub fn missing_required(kind: FileKind, headers: &[String]) -> Vec<&'static str> {
    let found = fields_of_headers(kind, headers);
    let has = |field: Field| found.contains(&field);
    kind.fields()
        .iter()
        .filter(|spec| spec.required && !has(spec.field))
        .filter(|spec| !(kind == FileKind::Deals && spec.field == Field::Stage && has(Field::Status)))
        .map(|spec| spec.name())
        .collect()
}

/// The kind chosen for a header, and why when another kind came close.
pub struct Detection {
    pub kind: FileKind,
    pub reason: Option<String>,
    /// Columns a vendor's own export names differently from what its field
    /// means in this kind (field, header): used unless the settings map it.
    pub native_mapping: &'static [(Field, &'static str)],
}

/// A vendor's object export recognised by its documented API field names,
/// read as `kind` with `mapping`.
struct NativeExport {
    name: &'static str,
    kind: FileKind,
    /// Every one of these headers is present (exact API names).
    has: &'static [&'static str],
    /// None of these is.
    lacks: &'static [&'static str],
    mapping: &'static [(Field, &'static str)],
    why: &'static str,
}

/// Salesforce OpportunityHistory (Data Export / Data Loader): one row per
/// change of an opportunity's stage, amount, probability or close date;
/// the row's CreatedDate is when the opportunity entered StageName.
const NATIVE_EXPORTS: &[NativeExport] = &[
    NativeExport {
        name: "Salesforce OpportunityHistory",
        kind: FileKind::StageHistory,
        has: &["OpportunityId", "StageName", "CreatedDate"],
        lacks: &["IsWon", "IsClosed", "AccountId"],
        mapping: &[(Field::DealId, "OpportunityId"), (Field::Stage, "StageName"), (Field::EnteredDate, "CreatedDate")],
        why: "a stage is entered on the row's CreatedDate",
    },
    // Salesforce Lead: converted leads name the opportunity they became.
    NativeExport {
        name: "Salesforce Lead",
        kind: FileKind::Leads,
        has: &["Id", "IsConverted", "ConvertedOpportunityId", "CreatedDate"],
        lacks: &["StageName"],
        mapping: &[(Field::LeadId, "Id"), (Field::OwnerId, "OwnerId")],
        why: "a converted lead names its opportunity by ConvertedOpportunityId",
    },
    // Salesforce Task: ActivityDate is the due date; WhatId names the
    // opportunity (or account) it is about; TaskSubtype says call, email, task.
    NativeExport {
        name: "Salesforce Task",
        kind: FileKind::Activities,
        has: &["Id", "WhatId", "OwnerId", "ActivityDate", "TaskSubtype"],
        lacks: &["StageName"],
        mapping: &[
            (Field::ActivityId, "Id"),
            (Field::OwnerId, "OwnerId"),
            (Field::DealId, "WhatId"),
            (Field::DueDate, "ActivityDate"),
            (Field::Type, "TaskSubtype"),
        ],
        why: "a task is due on its ActivityDate and is about the opportunity its WhatId names",
    },
    // Salesforce Event: a meeting held on its ActivityDate.
    NativeExport {
        name: "Salesforce Event",
        kind: FileKind::Activities,
        has: &["Id", "WhatId", "OwnerId", "ActivityDate", "EventSubtype"],
        lacks: &["StageName", "TaskSubtype"],
        mapping: &[
            (Field::ActivityId, "Id"),
            (Field::OwnerId, "OwnerId"),
            (Field::DealId, "WhatId"),
            (Field::CompletedDate, "ActivityDate"),
            (Field::Type, "EventSubtype"),
        ],
        why: "an event is a meeting held on its ActivityDate, about the opportunity its WhatId names",
    },
    // HubSpot deals as the CRM API names their properties; the owner is an
    // owner id (hubspot_owner_id), named in the owners export.
    NativeExport {
        name: "HubSpot deals",
        kind: FileKind::Deals,
        has: &["hs_object_id", "dealname", "dealstage"],
        lacks: &[],
        mapping: &[(Field::DealId, "hs_object_id")],
        why: "hubspot_owner_id names the owner by the owners export's id",
    },
    // HubSpot companies (CRM API properties).
    NativeExport {
        name: "HubSpot companies",
        kind: FileKind::Accounts,
        has: &["hs_object_id", "name", "domain"],
        lacks: &["dealname"],
        mapping: &[(Field::AccountId, "hs_object_id"), (Field::Account, "name")],
        why: "its hs_object_id gives the name of the company a deal names by id",
    },
    // HubSpot owners (the owners API): the reps, by first and last name.
    NativeExport {
        name: "HubSpot owners",
        kind: FileKind::Reps,
        has: &["id", "email", "firstName", "lastName", "userId"],
        lacks: &["dealname"],
        mapping: &[(Field::RepId, "id")],
        why: "its id is the hubspot_owner_id of deals; the name is firstName lastName",
    },
    // Pipedrive deals (API fields): user_id is the owner, org_id the
    // organization, status open / won / lost the outcome.
    NativeExport {
        name: "Pipedrive deals",
        kind: FileKind::Deals,
        has: &["id", "title", "user_id", "status", "add_time"],
        lacks: &["StageName", "due_date"],
        mapping: &[(Field::DealId, "id"), (Field::OwnerId, "user_id")],
        why: "user_id is the deal's owner, named in the users export",
    },
    // Pipedrive organizations (API fields).
    NativeExport {
        name: "Pipedrive organizations",
        kind: FileKind::Accounts,
        has: &["id", "name", "owner_id", "people_count"],
        lacks: &["title"],
        mapping: &[(Field::AccountId, "id"), (Field::Account, "name")],
        why: "its id gives the name of the organization a deal names by org_id",
    },
    // Pipedrive users (API fields): the reps.
    NativeExport {
        name: "Pipedrive users",
        kind: FileKind::Reps,
        has: &["id", "name", "email", "active_flag"],
        lacks: &["title", "people_count"],
        mapping: &[(Field::RepId, "id"), (Field::Rep, "name")],
        why: "its id gives the name of the owner a deal names by user_id",
    },
    // Pipedrive activities (API fields): user_id is the owner, done 0 / 1.
    NativeExport {
        name: "Pipedrive activities",
        kind: FileKind::Activities,
        has: &["id", "type", "due_date", "done", "user_id", "deal_id"],
        lacks: &["title"],
        mapping: &[(Field::ActivityId, "id"), (Field::OwnerId, "user_id"), (Field::Status, "done")],
        why: "user_id is the activity's owner and deal_id its deal",
    },
    // Pipedrive persons are contacts (people at organizations), not the
    // users who own deals: no KPI reads them, and they must not pass for reps.
    NativeExport {
        name: "Pipedrive persons",
        kind: FileKind::Unknown,
        has: &["id", "name", "org_id", "owner_id", "email"],
        lacks: &["title", "active_flag"],
        mapping: &[],
        why: "contacts, not sales reps: no KPI reads them",
    },
    // Salesforce User: the sales reps; deals name them by OwnerId.
    NativeExport {
        name: "Salesforce User",
        kind: FileKind::Reps,
        has: &["Id", "Username", "Name"],
        lacks: &["StageName"],
        mapping: &[(Field::RepId, "Id"), (Field::Rep, "Name")],
        why: "its Id gives the name of the owner a deal names by OwnerId",
    },
];

fn native_export(headers: &[String]) -> Option<Detection> {
    let present = |name: &&str| headers.iter().any(|h| h.trim() == *name);
    let native = NATIVE_EXPORTS.iter().find(|n| n.has.iter().all(present) && !n.lacks.iter().any(present))?;
    let reason = match native.kind {
        FileKind::Unknown => format!("recognised as a {} export ({}); its rows are not used", native.name, native.why),
        kind => format!(
            "recognised as a {} export, read as {} ({})",
            native.name,
            kind.name().replace('_', " "),
            native.why
        ),
    };
    Some(Detection { kind: native.kind, reason: Some(reason), native_mapping: native.mapping })
}

/// How much more a kind lacking a required column must score than a kind
/// with all of its required columns to be chosen over it: one required
/// column's worth.
const COMPLETE_KIND_MARGIN: u32 = 3;

/// The best-fitting kind for a header, `Unknown` when nothing fits, and why
/// when another kind scored as well or better. The highest score wins, but a
/// kind whose required columns are all present beats a kind lacking some
/// unless that one scores a required column's worth more (a `rep,region`
/// file is reps, not deals without a stage).
pub fn detect_kind_explained(headers: &[String]) -> Detection {
    if let Some(native) = native_export(headers) {
        return native;
    }
    let ranked: Vec<(u32, bool, FileKind)> = FileKind::ALL
        .iter()
        .map(|kind| (kind_score(*kind, headers), missing_required(*kind, headers).is_empty(), *kind))
        .filter(|(score, _, _)| *score >= 3)
        .collect();
    // The first of the highest score, in the order of FileKind::ALL.
    let Some(top) = ranked.iter().copied().reduce(|best, next| if next.0 > best.0 { next } else { best }) else {
        return Detection { kind: FileKind::Unknown, reason: None, native_mapping: &[] };
    };
    let complete = ranked
        .iter()
        .copied()
        .filter(|(score, complete, _)| *complete && score + COMPLETE_KIND_MARGIN > top.0)
        .reduce(|best, next| if next.0 > best.0 { next } else { best });
    let chosen = match (top.1, complete) {
        (false, Some(complete)) => complete,
        _ => top,
    };
    let rival = ranked.iter().find(|(score, complete, kind)| *kind != chosen.2 && !complete && *score >= chosen.0);
    let reason = rival.map(|(_, _, rival)| {
        let lacking: Vec<String> = missing_required(*rival, headers).iter().map(|f| format!("\"{f}\"")).collect();
        format!(
            "read as a {} file: it has every column such a file needs; as a {} file it would lack {}",
            chosen.2.name(),
            rival.name(),
            lacking.join(", ")
        )
    });
    Detection { kind: chosen.2, reason, native_mapping: &[] }
}

/// Edit distance between normalised names, for "did you mean" hints.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = normalize(a).chars().collect();
    let b: Vec<char> = normalize(b).chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_kind(headers: &[String]) -> FileKind {
        detect_kind_explained(headers).kind
    }

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    /// A leads file names leads or conversion; a deals file with a status,
    /// an owner and a created date stays a deals file.
    #[test]
    fn leads_files_are_told_from_deals_files() {
        let leads = [
            "Lead ID,Created Date,Lead Owner,Lead Status,Converted",
            "Tanggal Dibuat,Pemilik,Status Prospek,Sumber Prospek",
        ];
        for line in leads {
            assert_eq!(detect_kind(&headers(line)), FileKind::Leads, "{line}");
        }
        let sf = "Id,Company,Status,LeadSource,OwnerId,IsConverted,ConvertedDate,ConvertedOpportunityId,CreatedDate";
        assert_eq!(detect_kind(&headers(sf)), FileKind::Leads);
        assert_eq!(detect_kind(&headers("Deal ID,Owner,Status,Amount,Created Date,Close Date")), FileKind::Deals);
        assert_eq!(detect_kind(&headers("Deal ID,Owner,Stage,Amount,Created Date,Lead Source")), FileKind::Deals);
    }

    fn mapped(kind: FileKind, line: &str) -> Vec<(&'static str, String)> {
        headers(line).into_iter().filter_map(|h| field_for_header(kind, &h).map(|spec| (spec.name(), h))).collect()
    }

    #[test]
    fn maven_files_are_recognised() {
        let pipeline = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value";
        assert_eq!(detect_kind(&headers(pipeline)), FileKind::Deals);
        assert_eq!(detect_kind(&headers("sales_agent,manager,regional_office")), FileKind::Reps);
        assert_eq!(detect_kind(&headers("product,series,sales_price")), FileKind::Products);
        let accounts = "account,sector,year_established,revenue,employees,office_location,subsidiary_of";
        assert_eq!(detect_kind(&headers(accounts)), FileKind::Accounts);
        assert_eq!(detect_kind(&headers("Table,Field,Description")), FileKind::Unknown);
        let fields = mapped(FileKind::Deals, pipeline);
        assert!(fields.contains(&("created_date", "engage_date".into())));
        assert!(fields.contains(&("amount", "close_value".into())));
    }

    #[test]
    fn salesforce_hubspot_pipedrive_zoho_indonesian_deals() {
        let exports = [
            "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Created Date,Close Date,Lead Source,Probability (%)",
            "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,Associated Company (Primary),Date entered \"Qualified (Sales Pipeline)\"",
            "Deal - ID,Deal - Title,Deal - Organization,Deal - Owner,Deal - Stage,Deal - Status,Deal - Value,Deal - Deal created,Deal - Won time,Deal - Expected close date",
            "Record Id,Deal Name,Account Name,Deal Owner,Stage,Amount,Created Time,Closing Date,Lead Source",
            "ID Transaksi,Nama Transaksi,Pelanggan,Pemilik,Tahap,Nilai,Tanggal Dibuat,Tanggal Tutup,Sumber Prospek",
        ];
        for export in exports {
            let header = headers(export);
            assert_eq!(detect_kind(&header), FileKind::Deals, "{export}");
            let fields: Vec<_> = mapped(FileKind::Deals, export).into_iter().map(|(f, _)| f).collect();
            for needed in ["owner", "stage", "amount", "created_date", "account", "deal_id"] {
                assert!(fields.contains(&needed), "{needed} missing in {export}: {fields:?}");
            }
        }
    }

    #[test]
    fn hubspot_wide_stage_columns() {
        assert_eq!(wide_stage_column("Date entered \"Qualified (Sales Pipeline)\""), Some("Qualified".into()));
        assert_eq!(wide_stage_column("Date entered 'Closed Won'"), Some("Closed Won".into()));
        assert_eq!(wide_stage_column("Date exited 'Closed Won'"), None);
        assert_eq!(wide_stage_column("DATE ENTERED \"İstanbul Ön Görüşme\""), Some("İstanbul Ön Görüşme".into()));
        assert_eq!(wide_stage_column("Dé"), None);
    }

    #[test]
    fn other_kinds() {
        assert_eq!(detect_kind(&headers("Deal ID,Stage,Entered Date")), FileKind::StageHistory);
        assert_eq!(detect_kind(&headers("kpi,period,rep,target")), FileKind::Targets);
        // Issue 7 defect 1: a small reps export also fits deals, which would lack a stage.
        let detection = detect_kind_explained(&headers("rep,region"));
        assert_eq!(detection.kind, FileKind::Reps);
        let reason = detection.reason.expect("the choice over deals is explained");
        assert!(reason.contains("reps file") && reason.contains("\"stage\""), "{reason}");
        assert_eq!(
            detect_kind(&headers("Activity ID,Owner,Type,Subject,Due Date,Completed Date,Status")),
            FileKind::Activities
        );
        assert_eq!(detect_kind(&headers("Rep,Hire Date,Termination Date,Quota,Team")), FileKind::Reps);
        assert_eq!(
            detect_kind(&headers("Account Name,Customer Since,Churn Date,Referred By,Industry")),
            FileKind::Accounts
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("Amount", "Amonut"), 2);
        assert_eq!(distance("Close Date", "close_date"), 0);
    }
}
