//! The typed constants of a validated condition, and their form in a column.

use super::{Date, DateTime, RecordId, Storage, Time};

/// One value of a validated condition, read by the validator as its field's type
/// requires. Text fields (and `like` patterns) keep the text.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Constant<'q> {
    /// Text, as written (a `like` pattern too).
    Text(&'q str),
    /// A whole number (integer fields).
    Integer(i64),
    /// A decimal number (double, decimal and currency fields).
    Decimal(f64),
    /// A flag, `0` or `1` (boolean fields).
    Boolean(bool),
    /// A record id (`id`, references, owners), its number fitting `i64`.
    RecordId(RecordId),
    /// A date.
    Date(Date),
    /// A date-time (a bare date is midnight).
    DateTime(DateTime),
    /// A time of day.
    Time(Time),
}

/// A constant as a column of some [`Storage`] holds it: what the SQL binds and what the
/// evaluator compares with.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Stored<'q> {
    /// Text.
    Text(&'q str),
    /// An integer (numbers, flags as `0`/`1`, record numbers).
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A date.
    Date(Date),
    /// A date and time.
    DateTime(DateTime),
    /// A time of day.
    Time(Time),
}

impl<'q> Constant<'q> {
    /// The constant in a column stored as `storage`, given the text it was written as.
    /// `None` when that storage cannot hold it; never for a storage that
    /// [holds](Storage::holds) the field's natural storage.
    pub fn stored(self, text: &'q str, storage: Storage) -> Option<Stored<'q>> {
        use Constant as C;
        Some(match (storage, self) {
            (Storage::Text, _) => Stored::Text(text),
            (Storage::Integer, C::Integer(i)) => Stored::Integer(i),
            (Storage::Integer | Storage::Boolean, C::Boolean(b)) => Stored::Integer(i64::from(b)),
            (Storage::Float, C::Integer(i)) => Stored::Float(i as f64),
            (Storage::Float, C::Decimal(f)) => Stored::Float(f),
            (Storage::Float, C::Boolean(b)) => Stored::Float(f64::from(u8::from(b))),
            (Storage::RecordId | Storage::Owner, C::RecordId(id)) => {
                Stored::Integer(i64::try_from(id.number).ok()?)
            }
            (Storage::Date, C::Date(d)) => Stored::Date(d),
            (Storage::DateTime, C::Date(d)) => Stored::DateTime(DateTime::new(d, Time::MIDNIGHT)),
            (Storage::DateTime, C::DateTime(dt)) => Stored::DateTime(dt),
            (Storage::Time, C::Time(t)) => Stored::Time(t),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storages_that_hold_a_type_hold_its_constants() {
        let d = Date::new(2024, 1, 31).unwrap();
        let samples = [
            (Storage::Integer, Constant::Integer(-5)),
            (Storage::Float, Constant::Decimal(1.5)),
            (Storage::Boolean, Constant::Boolean(true)),
            (Storage::RecordId, Constant::RecordId(RecordId::new(12, 34))),
            (Storage::Owner, Constant::RecordId(RecordId::new(19, 1))),
            (Storage::Date, Constant::Date(d)),
            (
                Storage::DateTime,
                Constant::DateTime(DateTime::new(d, Time::MIDNIGHT)),
            ),
            (Storage::Time, Constant::Time(Time::new(9, 5, 0).unwrap())),
            (Storage::Text, Constant::Text("x")),
        ];
        let all = [
            Storage::Text,
            Storage::Integer,
            Storage::Float,
            Storage::Boolean,
            Storage::Date,
            Storage::DateTime,
            Storage::Time,
            Storage::RecordId,
            Storage::Owner,
        ];
        for (natural, c) in samples {
            for s in all {
                assert_eq!(
                    c.stored("text", s).is_some(),
                    s.holds(natural),
                    "{c:?} in {s:?} (natural {natural:?})"
                );
            }
        }
        assert_eq!(
            Constant::Date(d).stored("2024-01-31", Storage::DateTime),
            Some(Stored::DateTime(DateTime::new(d, Time::MIDNIGHT)))
        );
        assert_eq!(
            Constant::Integer(7).stored("7", Storage::Text),
            Some(Stored::Text("7"))
        );
    }
}
