//! What a case is: its status (and the moves between them) and its priority.

/// `open → in_progress → resolved → closed`, and reopen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    InProgress,
    Resolved,
    Closed,
}

impl Status {
    /// The board's columns, in order.
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Open => "service.status.open",
            Status::InProgress => "service.status.in_progress",
            Status::Resolved => "service.status.resolved",
            Status::Closed => "service.status.closed",
        }
    }

    /// Still needs work (open or in progress).
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::InProgress)
    }

    /// May a case move from `self` to `to`? Anything forward; back to open (reopen) from
    /// anywhere; back to in progress from resolved (the fix did not hold). A closed case is done:
    /// it can only be reopened.
    pub fn can_move_to(self, to: Status) -> bool {
        use Status::*;
        self != to
            && match (self, to) {
                (Closed, Open) => true,
                (Closed, _) => false,
                _ => true,
            }
    }

    /// Where a staff member can move a case from here (the buttons on its page): the next step
    /// first, then further forward, then back.
    pub fn moves(self) -> impl Iterator<Item = Status> {
        let at = self as usize;
        let mut moves: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|to| self.can_move_to(*to))
            .collect();
        moves.sort_by_key(|to| {
            let i = *to as usize;
            if i > at { i - at } else { 10 + at - i }
        });
        moves.into_iter()
    }

    /// The button that moves a case here ("Start work", "Resolve", ...).
    pub fn action_key(self, from: Status) -> &'static str {
        match (from, self) {
            (Status::Resolved | Status::Closed, Status::Open) => "service.move.reopen",
            (_, Status::Open) => "service.move.open",
            (_, Status::InProgress) => "service.move.in_progress",
            (_, Status::Resolved) => "service.move.resolved",
            (_, Status::Closed) => "service.move.closed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Low,
    Medium,
    High,
    Critical,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Medium,
        Priority::High,
        Priority::Critical,
    ];

    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
            Priority::Critical => "critical",
        }
    }

    /// As stored: 1 (low) to 4 (critical), so that sorting by it sorts by urgency.
    pub fn rank(self) -> i64 {
        self as i64 + 1
    }

    pub fn from_rank(rank: i64) -> Priority {
        Priority::ALL[(rank.clamp(1, 4) - 1) as usize]
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Priority::Low => "service.priority.low",
            Priority::Medium => "service.priority.medium",
            Priority::High => "service.priority.high",
            Priority::Critical => "service.priority.critical",
        }
    }
}

/// A due date: a calendar day, `YYYY-MM-DD` as an `<input type="date">` sends it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DueDate(String);

impl DueDate {
    /// `None` for anything that is not a real day between 2000 and 2199.
    pub fn parse(input: &str) -> Option<DueDate> {
        let day: jiff::civil::Date = input.trim().parse().ok()?;
        (2000..2200)
            .contains(&day.year())
            .then(|| DueDate(day.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_priorities_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), p);
        }
        assert!(Priority::Critical.rank() > Priority::Low.rank());
        assert_eq!(Status::parse("deleted"), None);
        assert_eq!(Priority::parse("urgent"), None);
    }

    #[test]
    fn a_closed_case_can_only_be_reopened() {
        use Status::*;
        assert!(Open.can_move_to(InProgress));
        assert!(Open.can_move_to(Closed));
        assert!(Resolved.can_move_to(InProgress));
        assert!(Resolved.can_move_to(Open));
        assert!(Closed.can_move_to(Open));
        assert!(!Closed.can_move_to(Resolved));
        assert!(!Closed.can_move_to(InProgress));
        assert!(!Open.can_move_to(Open), "not a move");
        assert_eq!(Closed.moves().collect::<Vec<_>>(), vec![Open]);
        assert_eq!(
            Open.moves().collect::<Vec<_>>(),
            vec![InProgress, Resolved, Closed]
        );
        assert_eq!(
            InProgress.moves().collect::<Vec<_>>(),
            vec![Resolved, Closed, Open]
        );
        assert_eq!(
            Resolved.moves().collect::<Vec<_>>(),
            vec![Closed, InProgress, Open]
        );
    }

    #[test]
    fn due_dates_are_real_days() {
        assert_eq!(
            DueDate::parse(" 2026-12-24 ").unwrap().as_str(),
            "2026-12-24"
        );
        assert!(DueDate::parse("2026-02-30").is_none());
        assert!(DueDate::parse("24.12.2026").is_none());
        assert!(DueDate::parse("9999-01-01").is_none());
        assert!(DueDate::parse("").is_none());
    }
}
