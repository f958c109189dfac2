//! The `disburse` command-line tool (being written).
fn main() {}
