//! SVG charts (being written).
