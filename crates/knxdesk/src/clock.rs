//! Time as the application sees it. Tests move it forward to check expiry rules.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

/// Unix seconds.
pub type Timestamp = i64;

#[derive(Clone, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        let real = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + self.offset.load(Ordering::Relaxed)
    }

    /// Moves the clock forward (tests only; the server never calls it).
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }
}

/// An IANA time zone ("Europe/Berlin") from the database built into the binary, so a server
/// without `/usr/share/zoneinfo` shows the same times.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl Zone {
    pub fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let tz = jiff::tz::db().get(name).ok()?;
        Some(Zone {
            name: tz.iana_name().unwrap_or(name).to_string(),
            tz,
        })
    }

    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            tz: jiff::tz::TimeZone::UTC,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every zone a person may pick, sorted ("Africa/Abidjan" … "UTC").
    pub fn all() -> &'static [String] {
        static ALL: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
            let mut names: Vec<String> = jiff::tz::db()
                .available()
                .map(|n| n.as_str().to_string())
                // Region/City names and UTC; not the legacy aliases ("EST5EDT", "Etc/GMT+3").
                .filter(|n| (n.contains('/') && !n.starts_with("Etc/")) || n == "UTC")
                .collect();
            names.sort();
            names.dedup();
            names
        });
        &ALL
    }
}

/// Timestamps as a viewer reads them: in their time zone, in their language's format.
#[derive(Clone, Debug)]
pub struct LocalTime {
    pub zone: Zone,
    pub lang: crate::i18n::Lang,
}

impl LocalTime {
    /// `2 Dec 2026, 14:05` / `02.12.2026, 14:05`.
    pub fn format(&self, ts: Timestamp) -> String {
        self.strftime(
            ts,
            match self.lang {
                crate::i18n::Lang::En => "%-d %b %Y, %H:%M",
                crate::i18n::Lang::De => "%d.%m.%Y, %H:%M",
            },
        )
    }

    /// `2 Dec 2026` / `02.12.2026`.
    pub fn date(&self, ts: Timestamp) -> String {
        self.strftime(
            ts,
            match self.lang {
                crate::i18n::Lang::En => "%-d %b %Y",
                crate::i18n::Lang::De => "%d.%m.%Y",
            },
        )
    }

    /// For `<time datetime="…">`: the instant with its offset (`2026-12-02T14:05:00+01:00`).
    pub fn machine(&self, ts: Timestamp) -> String {
        self.strftime(ts, "%Y-%m-%dT%H:%M:%S%:z")
    }

    /// The calendar day (in this zone) as the Unix second it starts: date filters ("from
    /// 2026-12-01") mean the viewer's day, not UTC's.
    pub fn day_start(&self, date: &str) -> Option<Timestamp> {
        let date: jiff::civil::Date = date.trim().parse().ok()?;
        let zoned = date.to_zoned(self.zone.tz.clone()).ok()?;
        Some(zoned.timestamp().as_second())
    }

    /// `2026-12-02`: the calendar day `ts` falls on, in this zone (today, for due dates).
    pub fn iso_day(&self, ts: Timestamp) -> String {
        self.strftime(ts, "%Y-%m-%d")
    }

    /// A calendar day (`2026-12-24`, a due date) in the language's format: `24 Dec 2026` /
    /// `24.12.2026`; anything else as it is.
    pub fn day(&self, iso: &str) -> String {
        match iso.parse::<jiff::civil::Date>() {
            Ok(d) => d
                .strftime(match self.lang {
                    crate::i18n::Lang::En => "%-d %b %Y",
                    crate::i18n::Lang::De => "%d.%m.%Y",
                })
                .to_string(),
            Err(_) => iso.to_string(),
        }
    }

    /// The last `n` calendar months up to the one `now` falls on, in this zone, oldest first:
    /// (the second it starts, its label: `Dec 26` / `12.26`), and the start of the month
    /// after the last.
    pub fn months(&self, now: Timestamp, n: usize) -> (Vec<(Timestamp, String)>, Timestamp) {
        let Ok(t) = jiff::Timestamp::from_second(now) else {
            return (Vec::new(), now);
        };
        let first = t.to_zoned(self.zone.tz.clone()).date().first_of_month();
        let start = |months: i64| -> Option<(Timestamp, jiff::civil::Date)> {
            let d = first.checked_add(jiff::Span::new().months(months)).ok()?;
            let z = d.to_zoned(self.zone.tz.clone()).ok()?;
            Some((z.timestamp().as_second(), d))
        };
        let label = |d: jiff::civil::Date| {
            d.strftime(match self.lang {
                crate::i18n::Lang::En => "%b %y",
                crate::i18n::Lang::De => "%m.%y",
            })
            .to_string()
        };
        let months = (0..n as i64)
            .rev()
            .filter_map(|k| start(-k).map(|(ts, d)| (ts, label(d))))
            .collect();
        let end = start(1).map_or(now, |(ts, _)| ts);
        (months, end)
    }

    /// `2026-12-02` of the day after the one `ts` falls on, in this zone.
    pub fn next_day(&self, ts: Timestamp) -> String {
        match jiff::Timestamp::from_second(ts) {
            Ok(t) => t
                .to_zoned(self.zone.tz.clone())
                .date()
                .tomorrow()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    fn strftime(&self, ts: Timestamp, format: &str) -> String {
        match jiff::Timestamp::from_second(ts) {
            Ok(t) => t
                .to_zoned(self.zone.tz.clone())
                .strftime(format)
                .to_string(),
            Err(_) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn times_in_the_viewers_zone_and_language() {
        // 2026-12-02 13:05 UTC: winter, Berlin is UTC+1.
        let ts = 1_796_216_700;
        let berlin = LocalTime {
            zone: Zone::parse("Europe/Berlin").unwrap(),
            lang: Lang::De,
        };
        assert_eq!(berlin.format(ts), "02.12.2026, 14:05");
        assert_eq!(berlin.machine(ts), "2026-12-02T14:05:00+01:00");
        let london = LocalTime {
            zone: Zone::parse("Europe/London").unwrap(),
            lang: Lang::En,
        };
        assert_eq!(london.format(ts), "2 Dec 2026, 13:05");
        assert_eq!(london.date(ts), "2 Dec 2026");
        // Summer time: 2026-07-01 00:30 UTC is still 30 June in New York.
        let ny = LocalTime {
            zone: Zone::parse("America/New_York").unwrap(),
            lang: Lang::En,
        };
        assert_eq!(ny.format(1_782_865_800), "30 Jun 2026, 20:30");
        assert_eq!(
            berlin.day_start("2026-12-01"),
            Some(1_796_079_600),
            "midnight in Berlin is 23:00 UTC the day before"
        );
        assert_eq!(berlin.day_start("2026-13-01"), None);
        // 29 March 2026 has 23 hours in Berlin.
        let march29 = berlin.day_start("2026-03-29").unwrap();
        assert_eq!(berlin.next_day(march29), "2026-03-30");
        assert_eq!(berlin.day_start("2026-03-30").unwrap() - march29, 23 * 3600);
        assert!(Zone::parse("Mars/Olympus").is_none() && Zone::parse("").is_none());
        assert!(Zone::all().iter().any(|z| z == "Europe/Berlin"));
        assert!(!Zone::all().iter().any(|z| z.starts_with("Etc/")));
    }
}
