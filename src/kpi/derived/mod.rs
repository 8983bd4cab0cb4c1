//! What the context derives from the data before any formula reads it:
//! customers, stage histories and ramp ends. These modules read the data
//! only, never the context or the formulas, so the layers run one way:
//! derived → context → formulas → report → dashboards.

pub mod customers;
pub mod ramp;
pub mod stages;
