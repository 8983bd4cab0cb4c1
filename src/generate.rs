//! placeholder
pub struct Options {
    pub seed: u64,
    pub deals: usize,
}
pub fn generate(_o: &Options) -> Vec<(String, String)> {
    Vec::new()
}
