//! PostgreSQL values: a [`SqlValue`] bound as the type the server inferred for its
//! placeholder, and a result value rendered as the text PostgreSQL itself prints.

use tokio_postgres::types::private::BytesMut;
use tokio_postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use vtql::sql::SqlValue;

use super::calendar::{
    date_days, date_text, time_micros, time_text, timestamp_micros, timestamp_text,
};
use super::numeric;
use crate::typed::{shortest_float, Kind};
use crate::ExecError;

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A parameter in PostgreSQL's binary format for its placeholder's type.
#[derive(Debug)]
pub(crate) enum Param {
    Null,
    Bool(bool),
    I16(i16),
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
    /// Binary NUMERIC, already encoded.
    Numeric(Vec<u8>),
    Text(String),
    Date(i32),
    Timestamp(i64),
    Time(i64),
}

impl ToSql for Param {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Param::Null => return Ok(IsNull::Yes),
            Param::Bool(b) => out.extend_from_slice(&[u8::from(*b)]),
            Param::I16(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::I32(v) | Param::Date(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::I64(v) | Param::Timestamp(v) | Param::Time(v) => {
                out.extend_from_slice(&v.to_be_bytes())
            }
            Param::F32(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::F64(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::Numeric(raw) => out.extend_from_slice(raw),
            Param::Text(s) => out.extend_from_slice(s.as_bytes()),
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        // `bind` chose the variant from the placeholder's type.
        true
    }

    to_sql_checked!();
}

/// Whether values of `ty` travel as plain UTF-8 text.
fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    ) || ty.name() == "citext"
}

/// `value` as the binary value of a placeholder of type `ty`.
pub(crate) fn bind(value: &SqlValue<'_>, ty: &Type) -> Result<Param, ExecError> {
    let mismatch = || ExecError::Bind {
        engine: "PostgreSQL",
        value: value.to_string(),
        ty: ty.name().to_owned(),
    };
    let int = |i: i64| -> Option<Param> {
        Some(match *ty {
            Type::INT2 => Param::I16(i16::try_from(i).ok()?),
            Type::INT4 => Param::I32(i32::try_from(i).ok()?),
            Type::INT8 => Param::I64(i),
            Type::FLOAT4 => Param::F32(i as f32),
            Type::FLOAT8 => Param::F64(i as f64),
            Type::NUMERIC => Param::Numeric(numeric::from_text(&i.to_string())?),
            Type::BOOL => Param::Bool(i != 0),
            _ if is_text(ty) => Param::Text(i.to_string()),
            _ => return None,
        })
    };
    let param = match value {
        SqlValue::Null => Some(Param::Null),
        SqlValue::Int(i) => int(*i),
        SqlValue::Float(f) => match *ty {
            Type::FLOAT4 => Some(Param::F32(*f as f32)),
            Type::FLOAT8 => Some(Param::F64(*f)),
            // `f64`'s display is the shortest text that reads back as the same number,
            // never with an exponent: exactly the decimal the query wrote.
            Type::NUMERIC if f.is_finite() => {
                numeric::from_text(&f.to_string()).map(Param::Numeric)
            }
            Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL
                if f.fract() == 0.0 && f.abs() < 9.2e18 =>
            {
                int(*f as i64)
            }
            _ if is_text(ty) => Some(Param::Text(f.to_string())),
            _ => None,
        },
        other => {
            let s = other.as_str().unwrap_or_default();
            match *ty {
                Type::DATE => date_days(s).map(Param::Date),
                Type::TIMESTAMP | Type::TIMESTAMPTZ => timestamp_micros(s).map(Param::Timestamp),
                Type::TIME => time_micros(s).map(Param::Time),
                Type::NUMERIC => numeric::from_text(s).map(Param::Numeric),
                Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL => {
                    s.trim().parse::<i64>().ok().and_then(int)
                }
                Type::FLOAT4 | Type::FLOAT8 => s
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(|f| bind(&SqlValue::Float(f), ty).ok()),
                _ if is_text(ty) => Some(Param::Text(s.to_owned())),
                _ => None,
            }
        }
    };
    param.ok_or_else(mismatch)
}

/// The kind of a result column of type `ty`.
pub(crate) fn kind(ty: &Type) -> Kind {
    match *ty {
        Type::BOOL | Type::INT2 | Type::INT4 | Type::INT8 | Type::OID => Kind::Integer,
        Type::NUMERIC | Type::FLOAT4 | Type::FLOAT8 => Kind::Number,
        _ => Kind::Text,
    }
}

/// A result value as PostgreSQL prints it (`None` for NULL), except booleans, which are
/// `1`/`0` as MySQL and the real server give them.
pub(crate) struct Cell(pub Option<String>);

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let text = match *ty {
            Type::BOOL => if bool::from_sql(ty, raw)? { "1" } else { "0" }.to_owned(),
            Type::INT2 => i16::from_sql(ty, raw)?.to_string(),
            Type::INT4 => i32::from_sql(ty, raw)?.to_string(),
            Type::INT8 => i64::from_sql(ty, raw)?.to_string(),
            Type::OID => u32::from_sql(ty, raw)?.to_string(),
            Type::FLOAT4 => shortest_float(f64::from(f32::from_sql(ty, raw)?), false),
            Type::FLOAT8 => shortest_float(f64::from_sql(ty, raw)?, false),
            Type::NUMERIC => numeric::to_text(raw).ok_or("malformed NUMERIC value")?,
            Type::DATE => date_text(i32::from_sql(ty, raw)?),
            Type::TIMESTAMP => timestamp_text(i64::from_sql(ty, raw)?),
            // The session's time zone is UTC (set at connect).
            Type::TIMESTAMPTZ => format!("{}+00", timestamp_text(i64::from_sql(ty, raw)?)),
            Type::TIME => time_text(i64::from_sql(ty, raw)?),
            _ if is_text(ty) => String::from_utf8_lossy(raw).into_owned(),
            _ => {
                return Err(format!(
                    "a column of type {} cannot be rendered as text; cast it in the mapping",
                    ty.name()
                )
                .into())
            }
        };
        Ok(Cell(Some(text)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Cell(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn numbers_bind_to_numeric() {
        let Param::Numeric(raw) = bind(&SqlValue::Float(100.0), &Type::NUMERIC).unwrap() else {
            panic!("not a numeric");
        };
        assert_eq!(numeric::to_text(&raw).as_deref(), Some("100"));
        let Param::Numeric(raw) = bind(&SqlValue::Float(0.1), &Type::NUMERIC).unwrap() else {
            panic!("not a numeric");
        };
        assert_eq!(numeric::to_text(&raw).as_deref(), Some("0.1"));
        assert!(matches!(
            bind(&SqlValue::Int(1), &Type::INT2),
            Ok(Param::I16(1))
        ));
        assert!(matches!(
            bind(&SqlValue::Int(1), &Type::BOOL),
            Ok(Param::Bool(true))
        ));
        assert!(matches!(
            bind(&SqlValue::Float(2.0), &Type::INT8),
            Ok(Param::I64(2))
        ));
    }

    #[test]
    fn mismatches_are_sentences() {
        let e = bind(&SqlValue::Int(70_000), &Type::INT2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot bind 70000 to a PostgreSQL parameter of type int2"
        );
        let e = bind(&SqlValue::Text(Cow::Borrowed("x")), &Type::DATE).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot bind \"x\" to a PostgreSQL parameter of type date"
        );
        assert!(bind(&SqlValue::Float(1.5), &Type::INT4).is_err());
        assert!(bind(&SqlValue::Float(f64::NAN), &Type::NUMERIC).is_err());
    }

    #[test]
    fn dates_bind_typed() {
        let d = SqlValue::Date(Cow::Borrowed("2000-01-02"));
        assert!(matches!(bind(&d, &Type::DATE), Ok(Param::Date(1))));
        assert!(matches!(
            bind(&d, &Type::TIMESTAMP),
            Ok(Param::Timestamp(86_400_000_000))
        ));
        assert!(matches!(bind(&d, &Type::TEXT), Ok(Param::Text(_))));
    }
}
