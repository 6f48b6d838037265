//! Service codes (D2, D3): created for a device or a whole project, their QR images (decoded
//! with a real QR reader), the public page a label opens, who goes inside instead, and
//! deactivated or unknown codes that cannot be told apart.

use crate::common::{Client, TestApp, location};
use crate::service::PNG;
use reqwest::multipart::{Form, Part};

db_tests!(
    codes_label_devices_and_open_their_public_page,
    reporters_follow_their_case_by_a_private_link,
    labels_printed_before_their_devices_are_paired_by_scanning,
    a_pin_shows_technicians_the_details_and_stops_guessers
);

/// The one code in the database for `device` at `address` of the project.
async fn code_of(app: &TestApp, project: i64, address: &str) -> String {
    use sqlx::Row;
    sqlx::query(&format!(
        "SELECT c.code FROM service_codes c JOIN project_devices d ON d.id = c.device_id \
         WHERE d.project_id = {project} AND d.address = '{address}' AND c.active = 1"
    ))
    .fetch_one(app.pool())
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

/// A report from the label's page as its form sends it: multipart, photos under `files`.
async fn report(
    c: &mut Client,
    code: &str,
    fields: &[(&str, &str)],
    photos: &[(&str, &[u8])],
) -> reqwest::Response {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in photos {
        form = form.part(
            "files",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    c.upload(&format!("/c/{code}"), form).await
}

/// A real (decodable) 4 x 2 PNG with a transparent pixel, as a logo.
fn logo_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, 4, 2);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    let mut w = e.write_header().unwrap();
    let mut pixels = [234u8, 106, 10, 255].repeat(8);
    pixels[3] = 0;
    w.write_image_data(&pixels).unwrap();
    drop(w);
    out
}

/// Pairs `code` with the device at `address` of the project, as the pairing page's form does.
async fn pair(
    app: &TestApp,
    admin: &mut Client,
    org: i64,
    project: i64,
    code: &str,
    address: &str,
) -> reqwest::Response {
    let device = app.device_id(project, address).await.to_string();
    admin
        .post(
            &format!("/o/{org}/codes/pair"),
            &[
                ("code", code),
                ("project", &project.to_string()),
                ("device", &device),
            ],
        )
        .await
}

/// A code as printed on its label: four groups of four.
fn printed(code: &str) -> String {
    format!(
        "{}-{}-{}-{}",
        &code[0..4],
        &code[4..8],
        &code[8..12],
        &code[12..16]
    )
}

/// The PDF's content streams, inflated (the labels' drawing and texts).
fn pdf_streams(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let body = &rest[start + 7..];
        let end = find(body, b"\nendstream").expect("a stream's end");
        if let Ok(data) = miniz_oxide::inflate::decompress_to_vec_zlib(&body[..end]) {
            out.push(String::from_utf8_lossy(&data).into_owned());
        }
        rest = &body[end + b"\nendstream".len()..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The text a QR image holds, read by `rqrr` from a PNG.
fn decode_png(bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR symbol");
    grids[0].decode().unwrap().1
}

async fn codes_label_devices_and_open_their_public_page(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        huber,
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 3).await;
    let devices = format!("/o/{org}/projects/{villa}/devices");

    // One device's code, from its page.
    let (_, page) = admin.get_text(&format!("{devices}/1.1.1")).await;
    assert!(page.contains("This device has no service code yet"));
    let res = admin
        .post(
            &format!(
                "/o/{org}/projects/{villa}/device-code/{}",
                app.device_id(villa, "1.1.1").await
            ),
            &[],
        )
        .await;
    assert_eq!(location(&res), format!("{devices}/1.1.1"));
    let code = code_of(&app, villa, "1.1.1").await;
    assert_eq!(code.len(), 16);
    let grouped = printed(&code);
    let (_, page) = admin.get_text(&format!("{devices}/1.1.1")).await;
    assert!(page.contains(&format!("Service code {grouped} created.")));
    assert!(page.contains(&format!("/o/{org}/codes/{code}/qr.svg")));
    // Asking again keeps the code.
    app.create_code(&mut admin, org, villa, "1.1.1").await;
    assert_eq!(code_of(&app, villa, "1.1.1").await, code);

    // Its QR images hold the label's URL.
    let svg = admin.get(&format!("/o/{org}/codes/{code}/qr.svg")).await;
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().starts_with("<?xml"));
    let png = admin.get(&format!("/o/{org}/codes/{code}/qr.png")).await;
    assert_eq!(png.headers()["content-type"], "image/png");
    let url = decode_png(&png.bytes().await.unwrap());
    assert_eq!(url, format!("{}/c/{code}", app.base));

    // The rest of the project's devices at once; asked again, nothing more.
    let res = admin
        .post(&format!("/o/{org}/projects/{villa}/codes"), &[])
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("2 service codes created."), "{page}");
    admin
        .post(&format!("/o/{org}/projects/{villa}/codes"), &[])
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM service_codes").await, 3);

    // The labels as a PDF: one per page on the 62 mm tape, all on one A4 sheet of 24, each
    // with its code to type (the streams are compressed: inflated here).
    let labels = format!("/o/{org}/projects/{villa}/codes/labels.pdf");
    let res = admin.get(&format!("{labels}?stock=tape-62")).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        find(&pdf, b"/Count 3").is_some(),
        "three pages of one label"
    );
    let streams = pdf_streams(&pdf);
    assert_eq!(streams.len(), 3);
    let all = streams.join("\n");
    for address in ["1.1.1", "1.1.2", "1.1.3"] {
        let code = code_of(&app, villa, address).await;
        let grouped = printed(&code);
        assert!(
            all.contains(&format!("({grouped})")),
            "{grouped} on a label"
        );
    }
    assert!(
        all.contains("(Berg Elektro)") && all.contains(" re"),
        "the organisation, the QR's modules"
    );
    let pdf = admin
        .get(&format!("{labels}?stock=a4-2x7&top=10&left=bogus"))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(find(&pdf, b"/Count 1").is_some(), "one sheet");
    assert_eq!(pdf_streams(&pdf).len(), 1);

    // A case on the device, as the public page lists it (title and status, nobody's name).
    let device = app.device_id(villa, "1.1.1").await.to_string();
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &villa.to_string()),
                ("device", &device),
                ("title", "Dimmer hums at night"),
                ("description", "Private detail: key under the mat"),
                ("priority", "medium"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    // Anyone with the label: the device, who looks after it, the open problem.
    let visitor = app.client();
    let (status, page) = visitor.get_text(&format!("/c/{code}")).await;
    assert_eq!(status, 200);
    for shown in ["Actuator 1", "Berg Elektro", "Dimmer hums at night", "Open"] {
        assert!(page.contains(shown), "{shown}");
    }
    for hidden in ["key under the mat", "Anna Berg", "Max Huber", "Villa Huber"] {
        assert!(!page.contains(hidden), "{hidden} on the public page");
    }
    // In German, as the browser asks or as the visitor switches on the page (kept in a cookie).
    let german = visitor
        .http
        .get(visitor.url(&format!("/c/{code}")))
        .header("accept-language", "de-DE,de;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(german.contains("Installiert und betreut von"));
    let mut switcher = app.client();
    let token = switcher.csrf().await;
    let res = switcher
        .http
        .post(switcher.url("/language"))
        .header("referer", format!("{}/c/{code}", app.base))
        .form(&[("lang", "de"), ("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), format!("/c/{code}"));
    let (_, page) = switcher.get_text(&format!("/c/{code}")).await;
    assert!(
        page.contains("Installiert und betreut von")
            && page.contains("aria-current=\"true\" lang=\"de\"")
    );
    let res = switcher
        .http
        .post(switcher.url("/language"))
        .header("referer", "https://evil.example/c/x")
        .form(&[("lang", "en"), ("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/", "back to this site only");
    // Typed from the label: any case, with the groups' hyphens.
    let (status, _) = visitor
        .get_text(&format!("/c/{}", grouped.to_lowercase()))
        .await;
    assert_eq!(status, 200);

    // The team and the customer go inside; another organisation's user gets the public page.
    let res = admin.get(&format!("/c/{code}")).await;
    assert_eq!(location(&res), format!("{devices}/1.1.1"));
    let max: Client = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let res = max.get(&format!("/c/{code}")).await;
    assert_eq!(location(&res), format!("{devices}/1.1.1"));
    let (mut other, other_org) = app
        .owner_with_org("Olga Other", "olga@other.example", "Other GmbH")
        .await;
    let (status, page) = other.get_text(&format!("/c/{code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Actuator 1") && !page.contains("key under the mat"));
    // ...and cannot touch it from inside their own organisation.
    assert_eq!(
        other
            .get(&format!("/o/{other_org}/codes/{code}/qr.svg"))
            .await
            .status(),
        404
    );
    assert_eq!(
        other
            .post(&format!("/o/{other_org}/codes/{code}/deactivate"), &[])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_codes WHERE active = 1")
            .await,
        3
    );

    // A problem reported at the label: a case on the device, the reporter its contact.
    let mut caretaker = app.client_at("203.0.113.7");
    let res = report(
        &mut caretaker,
        &code,
        &[("description", "  "), ("name", "Carl")],
        &[],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("field-error") && page.contains("value=\"Carl\""),
        "inline error, input kept"
    );
    let res = report(
        &mut caretaker,
        &code,
        &[
            ("description", "Buy cheap pills"),
            ("website", "http://spam.example"),
        ],
        &[],
    )
    .await;
    assert_eq!(res.status(), 303, "a robot is thanked");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases").await,
        1,
        "and forgotten"
    );
    let res = report(
        &mut caretaker,
        &code,
        &[
            (
                "description",
                "The blind does not go down any more.\nSince yesterday, at 8 pm.",
            ),
            ("name", "Carl Caretaker"),
            ("phone", "+49 170 1234567"),
            ("email", "carl@example.com"),
        ],
        &[],
    )
    .await;
    assert_eq!(location(&res), format!("/c/{code}"));
    let (_, page) = caretaker.get_text(&location(&res)).await;
    assert!(
        page.contains("sent as case #2. We sent you an email"),
        "{page}"
    );
    assert!(
        page.contains("The blind does not go down any more."),
        "listed as an open problem"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM service_cases WHERE number = 2 AND device_id = {device} \
             AND created_by IS NULL AND reporter_phone = '+49 170 1234567' AND reported_via_code IS NOT NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'anna@example.com' AND n.event = 'case_created'"
        )
        .await,
        1,
        "the team hears of it"
    );
    let (_, case) = admin.get_text(&format!("/o/{org}/service/2")).await;
    assert!(case.contains("Reported by Carl Caretaker"));
    assert!(case.contains("tel:+49 170 1234567") && case.contains("mailto:carl@example.com"));
    assert!(case.contains("1.1.1 Actuator 1"), "on the device");
    let (_, portal_case) = max.get_text(&format!("/o/{org}/service/2")).await;
    assert!(
        !portal_case.contains("+49 170 1234567"),
        "the call-back number is the team's"
    );
    // Reports from one address are limited (in the database: every instance counts them).
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let res = report(&mut caretaker, &code, &[("description", "")], &[]).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 429, 429], "five an hour");
    assert_eq!(app.count("SELECT COUNT(*) FROM service_cases").await, 2);

    // Deactivated: the same page as a code that never existed.
    let res = admin
        .post(&format!("/o/{org}/codes/{code}/deactivate"), &[])
        .await;
    assert_eq!(location(&res), format!("{devices}/1.1.1"));
    let (status, gone) = visitor.get_text(&format!("/c/{code}")).await;
    assert_eq!(status, 404);
    let (status, unknown) = visitor.get_text("/c/0000-0000-0000-0000").await;
    assert_eq!(status, 404);
    assert_eq!(
        gone, unknown,
        "a deactivated code looks like an unknown one"
    );
    let (status, malformed) = visitor.get_text("/c/..%2F..%2Fetc").await;
    assert_eq!(status, 404);
    assert_eq!(malformed, unknown);
    let (_, page) = admin.get_text(&format!("{devices}/1.1.1")).await;
    assert!(page.contains("This device has no service code yet"));
}

/// D3: a reporter who leaves an address gets a private link. It shows the case's public
/// timeline (never the team's notes), takes replies with photos, and mails its public changes
/// until the reporter switches that off; the team can revoke it.
async fn reporters_follow_their_case_by_a_private_link(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 2).await;
    app.create_code(&mut admin, org, villa, "1.1.2").await;
    let code = code_of(&app, villa, "1.1.2").await;
    let mut carl = app.client_at("203.0.113.20");

    // Only photos come in from a stranger.
    let res = report(
        &mut carl,
        &code,
        &[("description", "Dead"), ("email", "carl@example.com")],
        &[("setup.exe", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("setup.exe is not a photo")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM service_cases").await, 0);

    let res = report(
        &mut carl,
        &code,
        &[
            ("description", "The heating valve clicks all night."),
            ("name", "Carl Caretaker"),
            ("email", "carl@example.com"),
        ],
        &[("valve.png", PNG)],
    )
    .await;
    assert_eq!(location(&res), format!("/c/{code}"));
    let (_, case) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert!(
        case.contains("alt=\"valve.png\""),
        "the report's photo is on the case"
    );
    assert!(case.contains("follows this case by a private link"));

    let mail = app.mail_to("carl@example.com").await;
    assert!(
        mail.subject
            .contains("Your report #1 The heating valve clicks all night.")
    );
    let follow = mail
        .link_with("/follow/")
        .trim_start_matches(&app.base)
        .to_string();
    let mut stranger = app.client();
    let (status, page) = stranger.get_text(&follow).await;
    assert_eq!(status, 200);
    assert!(page.contains("The heating valve clicks all night."));
    let photo = crate::common::between(&page, "<img src=\"", "\"").unwrap();
    let res = stranger.get(&photo).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);

    // The team's note stays the team's; its public reply and its move reach Carl.
    admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[
                ("body", "Team-only: valve is from batch 7"),
                ("internal", "1"),
            ],
        )
        .await;
    admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "We come on Monday at 9."), ("internal", "0")],
        )
        .await;
    admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "in_progress")],
        )
        .await;
    let mails = app.mails_to_at_least("carl@example.com", 3).await;
    assert!(mails[1].text.contains("We come on Monday at 9."));
    assert!(mails[2].text.contains("The status is now: In progress"));
    assert!(
        mails[1].find_link("/follow/").is_some(),
        "each mail carries the link"
    );
    let (_, page) = stranger.get_text(&follow).await;
    assert!(page.contains("We come on Monday at 9.") && page.contains("In progress"));
    assert!(!page.contains("Team-only"), "{page}");
    assert_eq!(
        app.mails_to("carl@example.com").len(),
        3,
        "no mail for the note"
    );

    // Carl replies with a photo: a public comment under his name; the team hears of it.
    let reply = |body: &str, photos: &[(&str, &[u8])]| {
        let mut form = Form::new().text("body", body.to_string());
        for (name, bytes) in photos {
            form = form.part(
                "files",
                Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        form
    };
    let res = stranger.upload(&follow, reply("", &[])).await;
    assert_eq!(res.status(), 422, "an empty reply");
    let res = stranger
        .upload(
            &follow,
            reply("Monday works. Here is the label.", &[("label.png", PNG)]),
        )
        .await;
    assert_eq!(location(&res), format!("{follow}#replies"));
    let (_, case) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert!(case.contains("Carl Caretaker") && case.contains("Monday works. Here is the label."));
    assert!(case.contains("alt=\"label.png\""));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'anna@example.com' AND n.event = 'public_comment'"
        )
        .await,
        1
    );
    assert_eq!(
        app.mails_to("carl@example.com").len(),
        3,
        "his own reply is not mailed back"
    );

    // Carl switches the mails off: the page still works, no more mail.
    stranger
        .post(&format!("{follow}/mails"), &[("on", "0")])
        .await;
    admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "Done, the valve is new."), ("internal", "0")],
        )
        .await;
    let (_, page) = stranger.get_text(&follow).await;
    assert!(page.contains("Done, the valve is new.") && page.contains("Email me again"));
    let (_, case) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert!(case.contains("has switched its emails off"));

    // The team revokes the link: gone for good, like a link that never existed.
    let res = admin
        .post(&format!("/o/{org}/service/1/reporter-link/revoke"), &[])
        .await;
    assert_eq!(location(&res), format!("/o/{org}/service/1"));
    assert_eq!(stranger.get(&follow).await.status(), 404);
    assert_eq!(stranger.get(&photo).await.status(), 404);
    let res = stranger.upload(&follow, reply("Still there?", &[])).await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        admin
            .post(&format!("/o/{org}/service/1/reporter-link/revoke"), &[])
            .await
            .status(),
        404,
        "revoked once"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.mails_to("carl@example.com").len(), 3);
}

/// The codes of a batch with the organisation's `batch` number.
async fn batch_codes(app: &TestApp, batch: i64) -> Vec<String> {
    use sqlx::Row;
    sqlx::query(&format!(
        "SELECT code FROM service_codes WHERE batch = {batch} ORDER BY id"
    ))
    .fetch_all(app.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get(0).unwrap())
    .collect()
}

/// D2: a roll of unpaired labels, printed; each label scanned by a signed-in member of the
/// team leads to its pairing; a paired label opens its device for everyone; pairing a device
/// that has a label replaces it; a code moves to another device; a deactivated code still
/// leads those with access inside.
async fn labels_printed_before_their_devices_are_paired_by_scanning(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        huber,
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 3).await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@example.com")
        .await;
    let (mut other, other_org) = app
        .owner_with_org("Olga", "olga@example.com", "Other GmbH")
        .await;
    let codes = format!("/o/{org}/codes");
    let (_, page) = admin.get_text(&codes).await;
    assert!(page.contains("No batches yet."));

    let (status, page) = admin
        .post_text(&format!("{codes}/batches"), &[("count", "5000")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter a number from 1 to 1000."));
    let res = admin
        .post(&format!("{codes}/batches"), &[("count", "3")])
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("Batch #1 with 3 codes created"), "{page}");
    let batch = batch_codes(&app, 1).await;
    assert_eq!(batch.len(), 3);
    let pdf = admin
        .get(&format!("{codes}/batches/1/labels.pdf?stock=a4_2x7"))
        .await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let all = pdf_streams(&pdf.bytes().await.unwrap()).join("\n");
    for code in &batch {
        let grouped = printed(code);
        assert!(
            all.contains(&format!("({grouped})")),
            "{grouped} on a label"
        );
    }

    // Unpaired: nothing for the public or another organisation; the team goes to pair it.
    let visitor = app.client();
    let neutral = |(status, page): (u16, String)| {
        status == 404
            && page.contains("<h1>This code is not in use</h1>")
            && !page.contains("Actuator")
    };
    assert!(neutral(visitor.get_text("/c/0000000000000000").await));
    assert!(neutral(visitor.get_text(&format!("/c/{}", batch[0])).await));
    assert!(neutral(other.get_text(&format!("/c/{}", batch[0])).await));
    let res = admin.get(&format!("/c/{}", batch[0])).await;
    assert_eq!(location(&res), format!("{codes}/{}/pair", batch[0]));
    let (_, page) = admin.get_text(&format!("{codes}/{}/pair", batch[0])).await;
    assert!(page.contains("not paired with a device yet"));
    let (_, page) = admin
        .get_text(&format!("{codes}/{}/pair?project={villa}", batch[0]))
        .await;
    assert!(
        page.contains("1.1.2 Actuator 2"),
        "the project's devices to choose from"
    );
    let (status, _) = admin
        .post_text(
            &format!("{codes}/pair"),
            &[
                ("code", &batch[0]),
                ("project", &villa.to_string()),
                ("device", "999999"),
            ],
        )
        .await;
    assert_eq!(status, 422, "a device the project does not have");
    let res = pair(
        &app,
        &mut admin,
        org,
        villa,
        &batch[0].to_lowercase(),
        "1.1.2",
    )
    .await;
    let device = format!("/o/{org}/projects/{villa}/devices/1.1.2");
    assert_eq!(location(&res), device);
    let (_, page) = admin.get_text(&device).await;
    assert!(page.contains("paired with this device."), "{page}");
    let (status, page) = visitor.get_text(&format!("/c/{}", batch[0])).await;
    assert_eq!(status, 200);
    assert!(page.contains("Actuator 2"));

    // Pairing a device that has a label already: the old one stops working.
    app.create_code(&mut admin, org, villa, "1.1.1").await;
    let first = code_of(&app, villa, "1.1.1").await;
    let res = pair(&app, &mut admin, org, villa, &batch[1], "1.1.1").await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("its previous code"), "{page}");
    assert_eq!(code_of(&app, villa, "1.1.1").await, batch[1]);
    assert_eq!(visitor.get(&format!("/c/{first}")).await.status(), 404);

    // A code moves with a swapped device; its label's address stays.
    pair(&app, &mut admin, org, villa, &batch[0], "1.1.3").await;
    let (_, page) = visitor.get_text(&format!("/c/{}", batch[0])).await;
    assert!(page.contains("Actuator 3") && !page.contains("Actuator 2"));

    // A deactivated label stays off: pairing it again is refused.
    let res = pair(&app, &mut admin, org, villa, &first, "1.1.2").await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("is deactivated and stays so"), "{page}");
    assert_eq!(visitor.get(&format!("/c/{first}")).await.status(), 404);

    // A deactivated code still leads the team and the device's customer inside.
    let res = admin.get(&format!("/c/{first}")).await;
    assert_eq!(
        location(&res),
        format!("/o/{org}/projects/{villa}/devices/1.1.1")
    );
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("is deactivated"), "{page}");
    let res = max.get(&format!("/c/{first}")).await;
    assert_eq!(
        location(&res),
        format!("/o/{org}/projects/{villa}/devices/1.1.1")
    );
    assert!(neutral(other.get_text(&format!("/c/{first}")).await));

    // Typed codes, and codes that are not the organisation's.
    let res = admin
        .get(&format!("{codes}/go?code={}", batch[2].to_lowercase()))
        .await;
    assert_eq!(location(&res), format!("{codes}/{}/pair", batch[2]));
    other
        .post(&format!("/o/{other_org}/codes/batches"), &[("count", "1")])
        .await;
    let foreign = batch_codes(&app, 1)
        .await
        .into_iter()
        .find(|c| !batch.contains(c))
        .unwrap();
    let res = admin.get(&format!("{codes}/go?code={foreign}")).await;
    assert_eq!(location(&res), codes);
    assert_eq!(
        admin.get(&format!("{codes}/{foreign}/pair")).await.status(),
        404
    );
    let res = pair(&app, &mut admin, org, villa, &foreign, "1.1.2").await;
    assert_eq!(location(&res), codes);
    assert_eq!(
        max.post(&format!("{codes}/batches"), &[("count", "1")])
            .await
            .status(),
        403
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_codes").await,
        5,
        "three of the batch, one made for 1.1.1, one of the other organisation's"
    );
}

/// D2: a code's PIN. Everyone still gets the public page; the right PIN shows its browser the
/// device's professional details; wrong PINs are throttled; a new PIN ends earlier grants.
async fn a_pin_shows_technicians_the_details_and_stops_guessers(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 2).await;
    let device = format!("/o/{org}/projects/{villa}/devices/1.1.1");
    app.create_code(&mut admin, org, villa, "1.1.1").await;
    let code = code_of(&app, villa, "1.1.1").await;
    let label = format!("/c/{code}");
    let mut tech = app.client_at("198.51.100.1");
    let (_, page) = tech.get_text(&label).await;
    assert!(!page.contains("Enter the PIN"), "no PIN, no prompt");
    // The organisation's logo on the label's page, for anyone with the label.
    assert!(!page.contains("/logo?v="));
    let form = Form::new().part("logo", Part::bytes(logo_png()).file_name("logo.png"));
    admin.upload(&format!("/o/{org}/settings/logo"), form).await;
    let (_, page) = tech.get_text(&label).await;
    let src = crate::common::between(&page, "<img src=\"/c/", "\"")
        .map(|rest| format!("/c/{rest}"))
        .expect("the logo");
    assert!(src.starts_with(&format!("{label}/logo?v=")), "{src}");
    let res = tech.get(&src).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public, max-age")
    );
    assert_eq!(tech.get("/c/0000000000000000/logo").await.status(), 404);
    // And on the labels: one image, drawn on every label.
    let pdf = admin
        .get(&format!("/o/{org}/projects/{villa}/codes/labels.pdf"))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        find(&pdf, b"/Subtype /Image").is_some(),
        "the logo is in the PDF"
    );
    assert!(
        pdf_streams(&pdf).iter().any(|s| s.contains("/Im1 Do")),
        "and drawn"
    );

    let res = admin
        .post(&format!("/o/{org}/codes/{code}/pin"), &[("pin", "12")])
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("A PIN has 4 to 8 digits."));
    let res = admin
        .post(&format!("/o/{org}/codes/{code}/pin"), &[("pin", "4711")])
        .await;
    assert_eq!(location(&res), device);
    let (_, page) = admin.get_text(&device).await;
    assert!(page.contains("Protected by a PIN"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_codes WHERE pin_hash LIKE '%4711%'")
            .await,
        0,
        "the PIN is not kept as typed"
    );

    let (_, page) = tech.get_text(&label).await;
    assert!(page.contains("Enter the PIN") && !page.contains("For service technicians"));
    let (status, page) = tech
        .post_text(&format!("{label}/pin"), &[("pin", "0000")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("That is not the PIN of this label."));
    let res = tech.post(&format!("{label}/pin"), &[("pin", "4711")]).await;
    assert_eq!(location(&res), format!("{label}#pro"));
    let (_, page) = tech.get_text(&label).await;
    assert!(
        page.contains("For service technicians") && page.contains("Order number"),
        "{page}"
    );
    assert!(page.contains("<code>1/0/"), "the objects' group addresses");
    let (_, page) = app.client().get_text(&label).await;
    assert!(
        !page.contains("For service technicians"),
        "only the browser that entered it"
    );

    // A guesser from elsewhere: five tries on this code in a quarter of an hour, the right
    // PIN included once they are spent.
    let mut guesser = app.client_at("198.51.100.99");
    let mut statuses = Vec::new();
    for pin in ["1111", "2222", "3333", "4444", "5555", "4711"] {
        statuses.push(
            guesser
                .post(&format!("{label}/pin"), &[("pin", pin)])
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(
        statuses,
        [422, 422, 422, 422, 429, 429],
        "the technician's right PIN was given back"
    );

    // A new PIN ends every grant of the old one; without a PIN there is nothing to enter.
    admin
        .post(&format!("/o/{org}/codes/{code}/pin"), &[("pin", "2468")])
        .await;
    let (_, page) = tech.get_text(&label).await;
    assert!(!page.contains("For service technicians") && page.contains("Enter the PIN"));

    // Moved to another device, the code loses its PIN (the details are another device's).
    let other = app.device_id(villa, "1.1.2").await;
    pair(&app, &mut admin, org, villa, &code, "1.1.2").await;
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM service_codes WHERE code = '{code}' AND pin_hash = '' AND device_id = {other}"))
            .await,
        1
    );
    admin
        .post(&format!("/o/{org}/codes/{code}/pin"), &[("pin", "")])
        .await;
    let (_, page) = tech.get_text(&label).await;
    assert!(!page.contains("Enter the PIN"));
    let res = tech.post(&format!("{label}/pin"), &[("pin", "2468")]).await;
    assert_eq!(location(&res), label, "no PIN to enter");
}
