//! Printable label sheets as PDF, written with `pdf-writer`: each label a QR code (its modules
//! as filled rectangles, one per run of dark modules in a row), the typed code, the device's
//! name and address, the project and the organisation. Texts use the PDF base fonts Helvetica
//! and Courier (every reader has them: nothing to embed), in WinAnsi encoding.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use qrcode::{EcLevel, QrCode};

use super::label_logo::LabelLogo;

/// Labels in one PDF at most (a project's devices; more are several files).
pub const MAX_LABELS: usize = 5_000;

const MM: f32 = 72.0 / 25.4;

pub struct Label {
    /// The code as printed (`F9T4-N9PY-6CKD-RHBK`).
    pub grouped: String,
    pub url: String,
    pub device: String,
    pub address: String,
    pub project: String,
    pub org: String,
}

/// A label stock: an A4 sheet of 3 × 8 (70 × 37 mm) or 2 × 7 (99.1 × 38.1 mm) labels, or a
/// 62 mm tape of a label printer (one 62 × 29 mm label per page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stock {
    A4x24,
    A4x14,
    Tape62,
}

/// Where labels sit on a page, in millimetres.
struct Geometry {
    page: (f32, f32),
    columns: usize,
    rows: usize,
    label: (f32, f32),
    gap: (f32, f32),
}

impl Stock {
    pub const ALL: [Stock; 3] = [Stock::A4x24, Stock::A4x14, Stock::Tape62];

    pub fn parse(s: &str) -> Option<Stock> {
        Stock::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stock::A4x24 => "a4-3x8",
            Stock::A4x14 => "a4-2x7",
            Stock::Tape62 => "tape-62",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Stock::A4x24 => "codes.stock.a4_3x8",
            Stock::A4x14 => "codes.stock.a4_2x7",
            Stock::Tape62 => "codes.stock.tape_62",
        }
    }

    /// The stock's usual margins (top, left) in millimetres.
    pub fn default_margins(self) -> (f32, f32) {
        match self {
            Stock::A4x24 => (0.5, 0.0),
            Stock::A4x14 => (15.15, 4.65),
            Stock::Tape62 => (0.0, 0.0),
        }
    }

    fn geometry(self) -> Geometry {
        match self {
            Stock::A4x24 => Geometry {
                page: (210.0, 297.0),
                columns: 3,
                rows: 8,
                label: (70.0, 37.0),
                gap: (0.0, 0.0),
            },
            Stock::A4x14 => Geometry {
                page: (210.0, 297.0),
                columns: 2,
                rows: 7,
                label: (99.1, 38.1),
                gap: (2.5, 0.0),
            },
            Stock::Tape62 => Geometry {
                page: (62.0, 29.0),
                columns: 1,
                rows: 1,
                label: (62.0, 29.0),
                gap: (0.0, 0.0),
            },
        }
    }
}

/// Text in the base fonts' WinAnsi encoding (Latin-1 and the usual punctuation; others `?`).
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            _ => b'?',
        })
        .collect()
}

/// `s` cut to about `width` points at `size` (Helvetica's letters average half an em).
fn fit(s: &str, size: f32, width: f32) -> String {
    let max = ((width / (size * 0.52)) as usize).max(4);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn text(content: &mut Content, font: Name, size: f32, x: f32, y: f32, s: &str) {
    content.begin_text();
    content.set_font(font, size);
    content.next_line(x, y);
    content.show(Str(&win_ansi(s)));
    content.end_text();
}

/// One label with its bottom-left corner at (`x`, `y`), `w` × `h` points.
fn draw(
    content: &mut Content,
    label: &Label,
    logo: Option<&LabelLogo>,
    (x, y, w, h): (f32, f32, f32, f32),
) {
    let pad = 2.5 * MM;
    let side = h - 2.0 * pad;
    // The URL fits any symbol at level Q; a failure would be a bug, drawn as no symbol.
    if let Ok(code) = QrCode::with_error_correction_level(label.url.as_bytes(), EcLevel::Q) {
        let n = code.width();
        // Two modules of quiet zone inside the square; the label's edge adds to it.
        let module = side / (n + 4) as f32;
        let (qx, qy) = (x + pad + 2.0 * module, y + pad + 2.0 * module);
        let colors = code.to_colors();
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    content.rect(
                        qx + start as f32 * module,
                        qy + (n - 1 - row) as f32 * module,
                        (col - start) as f32 * module,
                        module,
                    );
                } else {
                    col += 1;
                }
            }
        }
        content.fill_nonzero();
    }
    let tx = x + pad + side + 2.0 * MM;
    let width = (x + w - pad - tx).max(10.0);
    let top = y + h - pad;
    // The logo at the top right, as high as the organisation's name line and at most 40 % of
    // the text's width; the name fits in what is left.
    let mut name_width = width;
    if let Some(logo) = logo {
        let lh = 5.0 * MM;
        let lw = (lh * logo.width as f32 / logo.height as f32).min(width * 0.4);
        let lh = lw * logo.height as f32 / logo.width as f32;
        content.save_state();
        content.transform([lw, 0.0, 0.0, lh, x + w - pad - lw, top - lh]);
        content.x_object(Name(b"Im1"));
        content.restore_state();
        name_width = (width - lw - 1.0 * MM).max(5.0);
    }
    text(
        content,
        Name(b"F1"),
        6.5,
        tx,
        top - 6.5,
        &fit(&label.org, 6.5, name_width),
    );
    text(
        content,
        Name(b"F2"),
        9.0,
        tx,
        top - 18.0,
        &fit(&label.device, 9.0, width),
    );
    let place = [label.address.as_str(), label.project.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    text(
        content,
        Name(b"F1"),
        7.0,
        tx,
        top - 28.0,
        &fit(&place, 7.0, width),
    );
    // The code to type, at the bottom (Courier: every character as wide, easy to read back).
    let size = (width / (19.0 * 0.6)).min(9.0);
    text(
        content,
        Name(b"F3"),
        size,
        tx,
        y + pad + 1.0,
        &label.grouped,
    );
}

/// The labels on `stock` with the sheet's margins (top, left) in millimetres, each with the
/// organisation's logo when there is one.
pub fn pdf(
    labels: &[Label],
    stock: Stock,
    margins: (f32, f32),
    logo: Option<&LabelLogo>,
) -> Vec<u8> {
    let g = stock.geometry();
    let per_page = g.columns * g.rows;
    let pages = labels.len().div_ceil(per_page).max(1);
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let fonts = [Ref::new(3), Ref::new(4), Ref::new(5)];
    let page_ref = |i: usize| Ref::new(6 + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(7 + 2 * i as i32);
    let logo_ref = Ref::new(6 + 2 * pages as i32);
    let mask_ref = Ref::new(7 + 2 * pages as i32);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..pages).map(page_ref))
        .count(pages as i32);
    for (id, name) in fonts
        .iter()
        .zip([&b"Helvetica"[..], b"Helvetica-Bold", b"Courier-Bold"])
    {
        pdf.type1_font(*id)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let (page_w, page_h) = (g.page.0 * MM, g.page.1 * MM);
    for i in 0..pages {
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, page_w, page_h))
            .parent(tree)
            .contents(content_ref(i));
        let mut resources = page.resources();
        let mut f = resources.fonts();
        f.pair(Name(b"F1"), fonts[0]);
        f.pair(Name(b"F2"), fonts[1]);
        f.pair(Name(b"F3"), fonts[2]);
        f.finish();
        if logo.is_some() {
            resources.x_objects().pair(Name(b"Im1"), logo_ref);
        }
        resources.finish();
        page.finish();
        let mut content = Content::new();
        content.set_fill_gray(0.0);
        for (slot, label) in labels.iter().skip(i * per_page).take(per_page).enumerate() {
            let (col, row) = (slot % g.columns, slot / g.columns);
            let x = (margins.1 + col as f32 * (g.label.0 + g.gap.0)) * MM;
            let y = page_h - (margins.0 + (row + 1) as f32 * g.label.1 + row as f32 * g.gap.1) * MM;
            draw(
                &mut content,
                label,
                logo,
                (x, y, g.label.0 * MM, g.label.1 * MM),
            );
        }
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 6);
        pdf.stream(content_ref(i), &data)
            .filter(Filter::FlateDecode);
    }
    // The logo once, used by every label.
    if let Some(logo) = logo {
        let mut image = pdf.image_xobject(logo_ref, &logo.data);
        image.width(logo.width as i32).height(logo.height as i32);
        image.color_space().device_rgb();
        image.bits_per_component(8);
        image.filter(if logo.jpeg {
            Filter::DctDecode
        } else {
            Filter::FlateDecode
        });
        if logo.alpha.is_some() {
            image.s_mask(mask_ref);
        }
        image.finish();
        if let Some(alpha) = &logo.alpha {
            let mut mask = pdf.image_xobject(mask_ref, alpha);
            mask.width(logo.width as i32).height(logo.height as i32);
            mask.color_space().device_gray();
            mask.bits_per_component(8);
            mask.filter(Filter::FlateDecode);
            mask.finish();
        }
    }
    pdf.finish()
}
