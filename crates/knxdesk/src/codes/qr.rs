//! QR images of a code's URL, encoded by the `qrcode` crate at error correction level Q (a
//! quarter of the symbol may be dirty or scratched and it still reads). SVG for pages and
//! print; PNG (written by the `png` crate from the symbol's modules) for label software.

use qrcode::{EcLevel, QrCode, render::svg};

/// Modules of white border around the symbol (the quiet zone readers need).
const QUIET: usize = 4;

fn symbol(url: &str) -> QrCode {
    // A URL of a few dozen bytes fits any version at level Q: the error cannot happen.
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::Q)
        .unwrap_or_else(|e| panic!("a code URL fits a QR symbol: {e}"))
}

/// The symbol as an SVG document, `size` pixels wide at least.
pub fn svg(url: &str, size: u32) -> String {
    symbol(url)
        .render::<svg::Color<'_>>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build()
}

/// The symbol as a greyscale PNG, each module `scale` pixels square.
pub fn png(url: &str, scale: usize) -> Vec<u8> {
    let code = symbol(url);
    let width = code.width();
    let dark = code.to_colors();
    let side = (width + 2 * QUIET) * scale;
    let mut pixels = vec![255u8; side * side];
    for y in 0..width {
        for x in 0..width {
            if dark[y * width + x] == qrcode::Color::Dark {
                for dy in 0..scale {
                    let row = ((y + QUIET) * scale + dy) * side;
                    let from = row + (x + QUIET) * scale;
                    pixels[from..from + scale].fill(0);
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing into a Vec fails only when memory does.
        let mut writer = encoder.write_header().expect("PNG header into memory");
        writer
            .write_image_data(&pixels)
            .expect("PNG data into memory");
    }
    out
}
