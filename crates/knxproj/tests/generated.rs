//! The generator's projects read back with the expected content, protected or not, and bad
//! passwords give the right typed errors.

use knxproj::{Error, Options, writer};

mod common;

fn read(
    spec: &writer::Spec,
    password: Option<&str>,
    language: Option<&str>,
) -> Result<knxproj::KnxProject, Error> {
    let bytes = writer::to_bytes(spec);
    let options = Options {
        password: password.map(Into::into),
        language: language.map(Into::into),
        ..Default::default()
    };
    // Written out while read too, the same project.
    common::parse_both(&bytes, &options)
}

#[test]
fn plain_ets6_project_reads_back() {
    let spec = writer::Spec {
        devices: 30,
        group_addresses: 300,
        objects_per_device: 3,
        ..Default::default()
    };
    let p = read(&spec, None, None).unwrap();
    assert_eq!(p.info.project_id, "P-0A1B");
    assert_eq!(p.info.schema_version, "21");
    assert_eq!(p.devices.len(), 30);
    assert_eq!(p.group_addresses.len(), 300);
    assert_eq!(p.communication_objects.len(), 90);
    let d = &p.devices["1.1.1"];
    assert_eq!(&*d.name, "Actuator 1");
    assert_eq!(&*d.hardware_name, "Switch Actuator 8-fold");
    assert_eq!(&*d.manufacturer_name, "MDT technologies");
    assert_eq!(&*d.order_number, "AKS-0816.03");
    let co = &p.communication_objects["1.1.1/O-0_R-1"];
    assert_eq!(&*co.text, "Output 1");
    assert!(
        co.flags.read && co.flags.write,
        "ReadFlag from the reference, WriteFlag from the object"
    );
    assert_eq!(
        co.dpts,
        vec![knxproj::Dpt { main: 1, sub: None }],
        "DPT from the 1-bit size"
    );
    assert_eq!(p.group_addresses["1/0/0"].name, "Light 1 & more");
    assert_eq!(
        p.group_addresses["1/0/0"].communication_object_ids,
        vec![knxproj::Text::from("1.1.1/O-0_R-1")]
    );
    assert_eq!(
        p.group_addresses["1/0/1"].dpt,
        Some(knxproj::Dpt {
            main: 5,
            sub: Some(1)
        }),
        "DPT from the linked object"
    );
    assert_eq!(
        p.group_ranges["1"].group_ranges["1/0"]
            .group_addresses
            .len(),
        256
    );
    assert_eq!(p.topology["1"].lines["1"].medium_type, "Twisted Pair (TP)");
    let room = &p.locations["House"].spaces["Ground floor"].spaces["Room 1"];
    assert_eq!(room.usage_text, "Living room");
    assert_eq!(
        room.devices,
        vec![knxproj::Text::from("1.1.1"), knxproj::Text::from("1.1.21")]
    );
    assert_eq!(
        p.functions["F-1"].group_addresses["1/0/0"].role,
        "SwitchOnOff"
    );
}

#[test]
fn translations_follow_the_language() {
    let p = read(&writer::Spec::default(), None, Some("de")).unwrap();
    assert_eq!(p.info.language_code.as_deref(), Some("de-DE"));
    assert_eq!(&*p.devices["1.1.1"].hardware_name, "Schaltaktor 8-fach");
    assert_eq!(&*p.communication_objects["1.1.1/O-0_R-1"].text, "Ausgang 1");
    assert_eq!(
        p.communication_objects["1.1.1/O-0_R-1"].function_text,
        knxproj::Text::from("Schalten")
    );
    assert_eq!(
        p.locations["House"].spaces["Ground floor"].spaces["Room 1"].usage_text,
        "Wohnzimmer"
    );
    assert_eq!(p.functions["F-1"].usage_text, "Schaltbares Licht");
}

#[test]
fn protected_projects_both_schemes() {
    for schema in [20, 21] {
        let spec = writer::Spec {
            schema,
            password: Some("geheim-Ä".into()),
            ..Default::default()
        };
        let p =
            read(&spec, Some("geheim-Ä"), None).unwrap_or_else(|e| panic!("schema {schema}: {e}"));
        assert_eq!(p.devices.len(), 4);
        assert!(
            matches!(read(&spec, None, None), Err(Error::PasswordRequired)),
            "schema {schema}"
        );
        assert!(
            matches!(read(&spec, Some(""), None), Err(Error::PasswordRequired)),
            "schema {schema}"
        );
        for wrong in ["geheim", "GEHEIM-Ä", "x"] {
            let err = read(&spec, Some(wrong), None).unwrap_err();
            assert!(
                matches!(err, Error::WrongPassword),
                "schema {schema}, {wrong:?}: {err}"
            );
        }
    }
}

#[test]
fn ets5_layout_reads_back() {
    let spec = writer::Spec {
        schema: 20,
        devices: 250,
        group_addresses: 2100,
        ..Default::default()
    };
    let p = read(&spec, None, None).unwrap();
    assert_eq!(p.info.created_by, "ETS5");
    assert_eq!(p.devices.len(), 250);
    assert_eq!(p.topology["1"].lines.len(), 2);
    assert_eq!(p.group_addresses.len(), 2100);
    assert!(p.group_ranges.contains_key("2"), "second main group");
}
