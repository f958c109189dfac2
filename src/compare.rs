//! Comparing plans side by side (being written).
