//! The module a query reads.
//!
//! ```ebnf
//! module = name ;
//! ```
//!
//! nom: the `name` token parser, after which a `,` (a second module) is refused; a quoted
//! module name gets a hint.

use nom::Parser;

use super::cursor::{fail, name, Cursor, PResult};
use super::diagnostics::unexpected;
use super::lexer::Tok;
use crate::ast::Ident;
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};

const MODULE: Expected = Expected::of(&[X::Module]);

/// The module name after `from`.
pub(super) fn module<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Ident<'a>> {
    if i.kind() == Tok::Str {
        return fail(|| unexpected(&i, MODULE).hint("module names are not quoted: from Contacts"));
    }
    let (i, module) = name(MODULE).parse(i)?;
    if i.kind() == Tok::Comma {
        return fail(|| {
            ParseError::new(
                ErrorKind::QualifiedName,
                i.span(),
                "a query reads exactly one module",
            )
            .label("no second module")
            .hint("query each module separately; there are no joins")
        });
    }
    Ok((i, module))
}

#[cfg(test)]
mod tests {
    use crate::{ErrorKind, Query};

    #[test]
    fn one_unquoted_module() {
        assert_eq!(
            Query::parse("select * from Leads;").unwrap().module.name,
            "Leads"
        );
        for (src, kind) in [
            ("select * from 'Leads';", ErrorKind::UnexpectedToken),
            ("select * from Leads, Contacts;", ErrorKind::QualifiedName),
            ("select * from Leads.x;", ErrorKind::QualifiedName),
            ("select * from limit;", ErrorKind::ReservedWord),
        ] {
            assert_eq!(Query::parse(src).unwrap_err().kind, kind, "{src}");
        }
    }
}
