//! Charts as PNG (feature `png`): the SVG rendered by `resvg`, with the
//! bundled DejaVu Sans (`assets/fonts/`, the Bitstream Vera licence), so a
//! PNG shows the same text on every machine, with or without system fonts.

use std::sync::Arc;

use crate::{Error, Result};

/// DejaVu Sans, the font of every PNG chart.
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The most pixels a PNG may have (a 16k × 16k image): a bound on memory.
pub const MAX_PNG_PIXELS: u64 = 16_384 * 16_384;

/// Renders `svg` as PNG bytes at `scale` (1 = the SVG's own size in
/// pixels, 2 for a sharp image on a high-density screen), on white. Every
/// font family is drawn in the bundled DejaVu Sans.
///
/// # Errors
/// [`Error::Render`] (format `png`) if the SVG cannot be parsed, `scale`
/// is not positive and finite, the image would exceed
/// [`MAX_PNG_PIXELS`], or the PNG cannot be encoded.
///
/// ```
/// use disburse::chart::png::svg_to_png;
/// let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="15" font-family="sans-serif" font-size="12">Hi</text></svg>"#;
/// let png = svg_to_png(svg, 1.0)?;
/// assert_eq!(&png[1..4], b"PNG");
/// assert!(svg_to_png(svg, 0.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(render(format!("scale must be positive, got {scale}")));
    }
    let mut options = resvg::usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        ..resvg::usvg::Options::default()
    };
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(DEJAVU_SANS.to_vec());
    db.set_sans_serif_family("DejaVu Sans");
    db.set_serif_family("DejaVu Sans");
    db.set_monospace_family("DejaVu Sans");
    options.fontdb = Arc::new(db);
    let tree = resvg::usvg::Tree::from_data(svg.as_bytes(), &options).map_err(|e| render(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| render("empty image".into()))?;
    if u64::from(size.width()) * u64::from(size.height()) > MAX_PNG_PIXELS {
        return Err(render(format!(
            "{}×{} pixels is larger than {MAX_PNG_PIXELS}",
            size.width(),
            size.height()
        )));
    }
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| render("empty image".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| render(e.to_string()))
}

fn render(reason: String) -> Error {
    Error::Render { format: "png", reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text renders: the same SVG with and without its text differs in
    /// dark pixels (the bundled font is found for `sans-serif`).
    #[test]
    fn text_is_drawn_with_the_bundled_font() {
        let with = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="5" y="22" font-family="sans-serif" font-size="20">Capacity</text></svg>"#;
        let without = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"></svg>"#;
        let dark = |svg: &str| {
            let png = svg_to_png(svg, 1.0).unwrap();
            let p = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
            p.pixels().iter().filter(|c| c.red() < 128).count()
        };
        assert_eq!(dark(without), 0);
        assert!(dark(with) > 100, "{}", dark(with));
    }
}
