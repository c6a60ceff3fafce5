//! A QR code as inline SVG, drawn from the code's modules (no image file, no script).

use std::fmt::Write;

use maud::{html, Markup};
use qrcode::{Color, EcLevel, QrCode};

/// Blank modules around the code, as the QR specification requires for reliable scanning.
const QUIET_ZONE: usize = 4;

/// The QR code of `text` (a URL) as an `svg.qr`, or `None` if the text is too long to encode.
///
/// The path is built from module coordinates only: no part of `text` is written into the
/// markup except the accessible label, which `maud` escapes.
pub(crate) fn svg(text: &str, label: &str) -> Option<Markup> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    // One rectangle per horizontal run of dark modules: a third of the markup of one per module.
    for (row, modules) in colors.chunks(width).enumerate() {
        let mut column = 0;
        while column < width {
            if modules[column] != Color::Dark {
                column += 1;
                continue;
            }
            let run = modules[column..]
                .iter()
                .take_while(|&&c| c == Color::Dark)
                .count();
            let (x, y) = (column + QUIET_ZONE, row + QUIET_ZONE);
            // Writing to a String cannot fail.
            let _ = write!(path, "M{x} {y}h{run}v1h-{run}z");
            column += run;
        }
    }
    let size = width + 2 * QUIET_ZONE;
    Some(html! {
        svg.qr xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {size} {size}"))
            role="img" aria-label=(label) shape-rendering="crispEdges" {
            rect width=(size) height=(size) fill="#fff" {}
            path d=(path) fill="#000" {}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_modules_only() {
        let svg = svg("https://example.org/lieux/a\"<b>", "QR code « x »")
            .unwrap()
            .into_string();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(!svg.contains("<b>"));
        // 32 bytes at level M need version 3 (29 modules), plus the quiet zone on both sides.
        assert!(svg.contains(r#"viewBox="0 0 37 37""#), "{svg}");
        // The finder pattern's top row: seven dark modules from the quiet zone's edge.
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
        assert!(svg.matches('M').count() > 50);
    }

    /// Reading the rectangles back gives exactly the code's dark modules.
    #[test]
    fn runs_cover_the_dark_modules() {
        let text = "https://aiguillage.example/lieux/demo-brest-009";
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let width = code.width();
        let svg = svg(text, "QR").unwrap().into_string();
        let d = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut drawn = vec![Color::Light; width * width];
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let (x, rest) = rect.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let run = rest.split_once('v').unwrap().0;
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for column in x..x + run {
                drawn[(y - QUIET_ZONE) * width + column - QUIET_ZONE] = Color::Dark;
            }
        }
        assert_eq!(drawn, code.to_colors());
    }

    #[test]
    fn too_long_is_none() {
        assert!(svg(&"x".repeat(5000), "trop long").is_none());
    }
}
