//! Affordability: what the payer can spend each year, how outlays are
//! funded, whether a schedule fits, and how project returns are shared.

mod capacity;
mod funding;
mod fx;
mod report;
mod waterfall;

// Re-exports (each module's owner adds its line here):
