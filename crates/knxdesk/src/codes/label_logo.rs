//! The organisation's logo as an image of the label PDF. A JPEG goes in as it is (PDF readers
//! decode it: DCTDecode), its size read from its frame header; a PNG is decoded with the `png`
//! crate into 8-bit RGB, its transparency a soft mask, both compressed. Other logo types (GIF,
//! WebP) are left off the labels: the name of the organisation is printed either way.

/// An image ready for the PDF.
pub struct LabelLogo {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
    /// `DCTDecode` (JPEG as it is) or `FlateDecode` (8-bit RGB).
    pub jpeg: bool,
    /// The alpha channel, 8 bits per pixel, compressed (PNG with transparency).
    pub alpha: Option<Vec<u8>>,
}

/// Larger logos are not worth their bytes on a label a few millimetres high.
const MAX_PIXELS: u64 = 4_000_000;

pub fn from_bytes(bytes: &[u8], content_type: &str) -> Option<LabelLogo> {
    match content_type {
        "image/jpeg" => jpeg(bytes),
        "image/png" => png_logo(bytes),
        _ => None,
    }
}

/// The size in a JPEG's start-of-frame segment (baseline, progressive, ...), walking the
/// segments from the start; `None` for anything malformed.
fn jpeg(bytes: &[u8]) -> Option<LabelLogo> {
    let mut i = 2;
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let height = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
            let width = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
            let components = bytes[i + 9];
            // Grey and CMYK JPEGs would each need their own colour space: left off.
            if width == 0 || height == 0 || components != 3 {
                return None;
            }
            return Some(LabelLogo {
                width,
                height,
                data: bytes.to_vec(),
                jpeg: true,
                alpha: None,
            });
        }
        i += 2 + len;
    }
    None
}

fn png_logo(bytes: &[u8]) -> Option<LabelLogo> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palette, 16-bit and grey images come out as 8-bit RGB(A) or grey(+alpha).
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (w, h) = (reader.info().width, reader.info().height);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).ok()?;
    let pixels = &buf[..frame.buffer_size()];
    let (mut rgb, mut alpha) = (Vec::with_capacity(pixels.len()), Vec::new());
    match frame.color_type {
        png::ColorType::Rgb => rgb.extend_from_slice(pixels),
        png::ColorType::Rgba => {
            for p in pixels.chunks_exact(4) {
                rgb.extend_from_slice(&p[..3]);
                alpha.push(p[3]);
            }
        }
        png::ColorType::Grayscale => pixels.iter().for_each(|g| rgb.extend([*g; 3])),
        png::ColorType::GrayscaleAlpha => {
            for p in pixels.chunks_exact(2) {
                rgb.extend([p[0]; 3]);
                alpha.push(p[1]);
            }
        }
        png::ColorType::Indexed => return None,
    }
    let deflate = |d: &[u8]| miniz_oxide::deflate::compress_to_vec_zlib(d, 6);
    Some(LabelLogo {
        width: w,
        height: h,
        data: deflate(&rgb),
        jpeg: false,
        alpha: (!alpha.is_empty() && alpha.iter().any(|a| *a != 255)).then(|| deflate(&alpha)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pngs_and_jpegs_become_images_and_junk_does_not() {
        let png = b"\x89PNG\r\n\x1a\n";
        assert!(from_bytes(png, "image/png").is_none(), "a broken PNG");
        assert!(
            from_bytes(b"\xff\xd8\xff", "image/jpeg").is_none(),
            "a broken JPEG"
        );
        assert!(from_bytes(b"GIF89a", "image/gif").is_none());
        // A 2 x 1 RGBA PNG, one pixel transparent.
        let mut out = Vec::new();
        {
            let mut e = png::Encoder::new(&mut out, 2, 1);
            e.set_color(png::ColorType::Rgba);
            e.set_depth(png::BitDepth::Eight);
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[255, 0, 0, 255, 0, 0, 255, 0]).unwrap();
        }
        let logo = from_bytes(&out, "image/png").unwrap();
        assert_eq!((logo.width, logo.height, logo.jpeg), (2, 1, false));
        assert!(logo.alpha.is_some());
        // A JPEG's frame header: 16 x 8, three components.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00,
            0x08, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00,
        ];
        let logo = from_bytes(&jpeg, "image/jpeg").unwrap();
        assert_eq!((logo.width, logo.height, logo.jpeg), (16, 8, true));
    }
}
