//! Scenario documents (being written).
