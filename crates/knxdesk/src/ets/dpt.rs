//! Datapoint types as an integrator reads them in ETS: `9.001 Temperature (°C)`, from the
//! stored `DPST-9-1` / `DPT-9`. The table holds the types seen in building installations; an
//! unknown subtype still shows its number and its main type's name.

use crate::i18n::Lang;

/// (main, sub, English, German); `sub` 0 names the main type.
const TABLE: &[(u16, u16, &str, &str)] = &[
    (1, 0, "1-bit", "1 Bit"),
    (1, 1, "Switch", "Schalten"),
    (1, 2, "Boolean", "Boolesch"),
    (1, 3, "Enable", "Freigeben"),
    (1, 5, "Alarm", "Alarm"),
    (1, 6, "Binary value", "Binärwert"),
    (1, 7, "Step", "Schritt"),
    (1, 8, "Up/Down", "Auf/Ab"),
    (1, 9, "Open/Close", "Öffnen/Schließen"),
    (1, 10, "Start/Stop", "Start/Stopp"),
    (1, 11, "State", "Status"),
    (1, 15, "Reset", "Rücksetzen"),
    (1, 17, "Trigger", "Auslöser"),
    (1, 18, "Occupancy", "Belegung"),
    (1, 19, "Window/Door", "Fenster/Tür"),
    (1, 21, "Logical function", "Logikfunktion"),
    (1, 22, "Scene A/B", "Szene A/B"),
    (1, 23, "Shutter/Blinds mode", "Rollladen/Jalousie-Modus"),
    (1, 24, "Day/Night", "Tag/Nacht"),
    (2, 0, "1-bit controlled", "1 Bit gesteuert"),
    (2, 1, "Switch control", "Schalten mit Priorität"),
    (3, 0, "3-bit controlled", "3 Bit gesteuert"),
    (3, 7, "Dimming control", "Dimmen"),
    (3, 8, "Blind control", "Jalousie"),
    (4, 0, "Character", "Zeichen"),
    (5, 0, "8-bit unsigned", "8 Bit vorzeichenlos"),
    (5, 1, "Percentage (0..100 %)", "Prozent (0..100 %)"),
    (5, 3, "Angle (°)", "Winkel (°)"),
    (5, 4, "Percentage (0..255 %)", "Prozent (0..255 %)"),
    (5, 5, "Ratio (0..255)", "Verhältnis (0..255)"),
    (5, 10, "Counter pulses (0..255)", "Zählimpulse (0..255)"),
    (6, 0, "8-bit signed", "8 Bit vorzeichenbehaftet"),
    (6, 1, "Percentage (-128..127 %)", "Prozent (-128..127 %)"),
    (
        6,
        10,
        "Counter pulses (-128..127)",
        "Zählimpulse (-128..127)",
    ),
    (7, 0, "2-byte unsigned", "2 Byte vorzeichenlos"),
    (7, 1, "Pulses", "Impulse"),
    (7, 2, "Time (ms)", "Zeit (ms)"),
    (7, 5, "Time (s)", "Zeit (s)"),
    (7, 7, "Time (h)", "Zeit (h)"),
    (7, 12, "Current (mA)", "Strom (mA)"),
    (7, 13, "Brightness (lux)", "Helligkeit (Lux)"),
    (7, 600, "Colour temperature (K)", "Farbtemperatur (K)"),
    (8, 0, "2-byte signed", "2 Byte vorzeichenbehaftet"),
    (8, 1, "Pulses difference", "Impulsdifferenz"),
    (9, 0, "2-byte float", "2 Byte Gleitkomma"),
    (9, 1, "Temperature (°C)", "Temperatur (°C)"),
    (
        9,
        2,
        "Temperature difference (K)",
        "Temperaturdifferenz (K)",
    ),
    (9, 3, "Kelvin per hour (K/h)", "Kelvin pro Stunde (K/h)"),
    (9, 4, "Illuminance (lux)", "Beleuchtungsstärke (Lux)"),
    (9, 5, "Wind speed (m/s)", "Windgeschwindigkeit (m/s)"),
    (9, 6, "Pressure (Pa)", "Druck (Pa)"),
    (9, 7, "Humidity (%)", "Luftfeuchte (%)"),
    (9, 8, "Air quality (ppm)", "Luftqualität (ppm)"),
    (9, 10, "Time (s)", "Zeit (s)"),
    (9, 20, "Voltage (mV)", "Spannung (mV)"),
    (9, 21, "Current (mA)", "Strom (mA)"),
    (9, 24, "Power (kW)", "Leistung (kW)"),
    (9, 25, "Volume flow (l/h)", "Volumenstrom (l/h)"),
    (9, 26, "Rain amount (l/m²)", "Regenmenge (l/m²)"),
    (9, 27, "Temperature (°F)", "Temperatur (°F)"),
    (9, 28, "Wind speed (km/h)", "Windgeschwindigkeit (km/h)"),
    (10, 0, "Time of day", "Uhrzeit"),
    (10, 1, "Time of day", "Uhrzeit"),
    (11, 0, "Date", "Datum"),
    (11, 1, "Date", "Datum"),
    (12, 0, "4-byte unsigned", "4 Byte vorzeichenlos"),
    (
        12,
        1,
        "Counter pulses (unsigned)",
        "Zählimpulse (vorzeichenlos)",
    ),
    (13, 0, "4-byte signed", "4 Byte vorzeichenbehaftet"),
    (
        13,
        1,
        "Counter pulses (signed)",
        "Zählimpulse (vorzeichenbehaftet)",
    ),
    (13, 10, "Active energy (Wh)", "Wirkenergie (Wh)"),
    (13, 11, "Apparent energy (VAh)", "Scheinenergie (VAh)"),
    (13, 12, "Reactive energy (VARh)", "Blindenergie (VARh)"),
    (13, 13, "Active energy (kWh)", "Wirkenergie (kWh)"),
    (13, 100, "Operating hours (s)", "Betriebsdauer (s)"),
    (14, 0, "4-byte float", "4 Byte Gleitkomma"),
    (14, 19, "Electric current (A)", "Elektrischer Strom (A)"),
    (14, 27, "Electric potential (V)", "Elektrische Spannung (V)"),
    (14, 33, "Frequency (Hz)", "Frequenz (Hz)"),
    (14, 56, "Power (W)", "Leistung (W)"),
    (14, 68, "Temperature (°C)", "Temperatur (°C)"),
    (14, 76, "Volume (m³)", "Volumen (m³)"),
    (14, 77, "Volume flux (m³/s)", "Volumenstrom (m³/s)"),
    (15, 0, "Access data", "Zugangsdaten"),
    (16, 0, "Character string (ASCII)", "Zeichenkette (ASCII)"),
    (
        16,
        1,
        "Character string (ISO 8859-1)",
        "Zeichenkette (ISO 8859-1)",
    ),
    (17, 0, "Scene number", "Szenennummer"),
    (17, 1, "Scene number", "Szenennummer"),
    (18, 0, "Scene control", "Szenensteuerung"),
    (18, 1, "Scene control", "Szenensteuerung"),
    (19, 0, "Date and time", "Datum und Uhrzeit"),
    (19, 1, "Date and time", "Datum und Uhrzeit"),
    (20, 0, "8-bit enumeration", "8 Bit Aufzählung"),
    (20, 102, "HVAC mode", "HLK-Betriebsart"),
    (20, 105, "HVAC control mode", "HLK-Reglermodus"),
    (232, 0, "3-byte colour", "3 Byte Farbe"),
    (232, 600, "RGB colour", "RGB-Farbe"),
    (242, 600, "xyY colour", "xyY-Farbe"),
    (251, 600, "RGBW colour", "RGBW-Farbe"),
];

fn name(main: u16, sub: u16, lang: Lang) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|(m, s, _, _)| *m == main && *s == sub)
        .map(|(_, _, en, de)| match lang {
            Lang::En => *en,
            Lang::De => *de,
        })
}

/// `(main, sub)` of a stored `DPST-9-1` or `DPT-9`.
fn parse(stored: &str) -> Option<(u16, Option<u16>)> {
    if let Some(rest) = stored.strip_prefix("DPST-") {
        let (main, sub) = rest.split_once('-')?;
        Some((main.parse().ok()?, Some(sub.parse().ok()?)))
    } else {
        Some((stored.strip_prefix("DPT-")?.parse().ok()?, None))
    }
}

/// `9.001 Temperature (°C)` for `DPST-9-1`, `1.x 1-bit` for `DPT-1`; empty stays empty and
/// anything unreadable is shown as stored.
pub fn label(stored: &str, t: &crate::i18n::Catalog) -> String {
    label_in(stored, t.lang)
}

/// Every stored DPT of a space-separated list (a communication object may have several).
pub fn labels(stored: &str, t: &crate::i18n::Catalog) -> String {
    stored
        .split_whitespace()
        .map(|d| label_in(d, t.lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`label`] in `lang`.
pub fn label_in(stored: &str, lang: Lang) -> String {
    let stored = stored.trim();
    let Some((main, sub)) = parse(stored) else {
        return stored.to_string();
    };
    let number = match sub {
        Some(s) => format!("{main}.{s:03}"),
        None => format!("{main}.x"),
    };
    match sub
        .and_then(|s| name(main, s, lang))
        .or_else(|| name(main, 0, lang))
    {
        Some(n) => format!("{number} {n}"),
        None => number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_as_ets_shows_them() {
        assert_eq!(label_in("DPST-9-1", Lang::En), "9.001 Temperature (°C)");
        assert_eq!(label_in("DPST-9-1", Lang::De), "9.001 Temperatur (°C)");
        assert_eq!(label_in("DPST-1-8", Lang::En), "1.008 Up/Down");
        assert_eq!(label_in("DPST-232-600", Lang::En), "232.600 RGB colour");
        // A subtype the table does not know keeps its number and gets the main type's name.
        assert_eq!(label_in("DPST-9-99", Lang::En), "9.099 2-byte float");
        assert_eq!(label_in("DPT-1", Lang::De), "1.x 1 Bit");
        assert_eq!(label_in("DPST-999-1", Lang::En), "999.001");
        assert_eq!(label_in("", Lang::En), "");
        assert_eq!(label_in("weird", Lang::En), "weird");
        assert_eq!(
            labels("DPST-1-1 DPST-1-8", Lang::En.catalog()),
            "1.001 Switch, 1.008 Up/Down"
        );
    }

    #[test]
    fn the_table_has_one_name_per_type() {
        let mut seen = std::collections::HashSet::new();
        for (m, s, en, de) in TABLE {
            assert!(seen.insert((m, s)), "{m}.{s} twice");
            assert!(!en.is_empty() && !de.is_empty());
        }
    }
}
