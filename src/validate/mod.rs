//! Validation of a parsed [`Query`] against a [`Schema`]: does the real server accept it,
//! and what will it mean?
//!
//! [`Query::validate`] checks, collecting every problem rather than stopping at the first:
//! - the module exists (case-sensitive, with did-you-mean; [`ValidateOptions::module_case_insensitive`]
//!   resolves like vtiger 5.x), is an entity module and is readable;
//! - every column of the select list, the where clause and `order by` is a field the user
//!   may see (`id` always exists), with did-you-mean;
//! - every operator fits its field and every value has the shape of its field's type
//!   (numbers, booleans, dates, times, record ids with their prefixes...; the decisions are
//!   documented in `values.rs` and in [`codes`]);
//! - compatibility lints and clause warnings (`W03xx`), each allowable through
//!   [`ValidateOptions::allow`].
//!
//! Success yields a [`Validated`], the typestate the SQL backend and the evaluator require:
//! only this module can construct it.
//!
//! ```
//! use vtql::{Query, Schema, ValidateOptions};
//!
//! let schema = Schema::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/describe"))?;
//! let ok = Query::parse("select lastname from Contacts where account_id = '11x5';")?;
//! let v = ok.validate(&schema, &ValidateOptions::default()).unwrap();
//! assert_eq!(v.module().name, "Contacts");
//! assert_eq!(v.field("account_id").unwrap().ty.name(), "reference");
//!
//! let src = "select lastname from Contacts where account_id = '13x5' and birthday = '1980-02-30';";
//! let bad = Query::parse(src)?;
//! let diags = bad.validate(&schema, &ValidateOptions::default()).unwrap_err();
//! let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
//! assert_eq!(codes, ["E0207", "E0210"]);
//! println!("{}", diags.render(src, "query.vtql", false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod codes;
mod diagnostics;
mod lints;
mod suggest;
mod validated;
mod values;

use std::sync::LazyLock;

use crate::ast::{Ident, Precedence, Query, SelectList};
use crate::schema::{Field, FieldType, Module, Schema};
use crate::value::Storage;

pub use codes::{explain, Code, DiagnosticCode};
pub use diagnostics::{Diagnostic, Diagnostics};
pub use validated::Validated;

use values::Ctx;

/// Options for [`Query::validate`].
///
/// ```
/// use vtql::{Precedence, ValidateOptions};
/// let opts = ValidateOptions::default()
///     .precedence(Precedence::SqlPrecedence)
///     .row_cap(200)
///     .allow("W0302")           // a missing `;` is fine for us
///     .allow("leading-wildcard");
/// assert!(opts.is_allowed("W0308"));
/// assert!(!opts.is_allowed("W0301"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// How an and/or chain is read (for the messages of W0301 and for the backends).
    pub precedence: Precedence,
    /// The server's row cap (100 on every vtiger version examined); a larger limit gets
    /// W0310.
    pub row_cap: u64,
    /// Resolve module names ignoring case, as vtiger 5.x servers did (with warning W0307);
    /// by default a wrong case is error E0201, as on 7.x and later.
    pub module_case_insensitive: bool,
    /// Allowed warning codes, as bits (`W0301` is bit 0).
    allowed: u64,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            precedence: Precedence::default(),
            row_cap: 100,
            module_case_insensitive: false,
            allowed: 0,
        }
    }
}

impl ValidateOptions {
    /// The defaults: left-to-right reading, row cap 100, case-sensitive module names,
    /// every warning on.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`ValidateOptions::precedence`].
    pub fn precedence(mut self, precedence: Precedence) -> Self {
        self.precedence = precedence;
        self
    }

    /// Sets [`ValidateOptions::row_cap`].
    pub fn row_cap(mut self, cap: u64) -> Self {
        self.row_cap = cap;
        self
    }

    /// Sets [`ValidateOptions::module_case_insensitive`].
    pub fn module_case_insensitive(mut self, yes: bool) -> Self {
        self.module_case_insensitive = yes;
        self
    }

    /// Silences one warning, by code (`"W0302"`) or name (`"missing-semicolon"`). Error
    /// codes and unknown codes are ignored: errors cannot be allowed.
    pub fn allow(mut self, code: &str) -> Self {
        if let Some(bit) = Code::from_code(code).and_then(Code::lint_bit) {
            self.allowed |= 1 << bit;
        }
        self
    }

    /// Silences every warning.
    pub fn allow_all_warnings(mut self) -> Self {
        for c in Code::ALL {
            if let Some(bit) = c.lint_bit() {
                self.allowed |= 1 << bit;
            }
        }
        self
    }

    /// Whether a warning code (or name) is silenced.
    pub fn is_allowed(&self, code: &str) -> bool {
        Code::from_code(code)
            .and_then(Code::lint_bit)
            .is_some_and(|bit| self.allowed & (1 << bit) != 0)
    }
}

/// The pseudo-field `id` for modules whose describe does not list it.
static ID_FIELD: LazyLock<Field> = LazyLock::new(|| {
    let mut f = Field::new("id", FieldType::Autogenerated);
    f.editable = false;
    f.nullable = false;
    f
});

/// Which clause a column is in: the real server's messages differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clause {
    Select,
    Where,
    OrderBy,
}

impl<'q> Query<'q> {
    /// Validates the query against `schema` (see the [module documentation](self)): the
    /// first step of the pipeline `parse → validate → to_sql / evaluate`.
    pub fn validate(
        &'q self,
        schema: &'q Schema,
        options: &ValidateOptions,
    ) -> Result<Validated<'q>, Diagnostics> {
        validate(self, schema, options)
    }
}

/// Validates `query` against `schema` (see [`Query::validate`]).
fn validate<'q>(
    query: &'q Query<'q>,
    schema: &'q Schema,
    options: &ValidateOptions,
) -> Result<Validated<'q>, Diagnostics> {
    let mut out = Vec::new();
    let mut fields: Vec<&'q Field> = Vec::new();
    let mut conditions = Vec::new();
    let mut constants = Vec::new();
    let module = resolve_module(query, schema, options, &mut out);
    if let Some(module) = module {
        // One allocation: every column the query names, at most.
        let columns = match &query.select {
            SelectList::All(_) => 0,
            SelectList::Count { extra, .. } => extra.len(),
            SelectList::Columns(cols) => cols.len(),
        } + query.where_clause.as_ref().map_or(0, |w| w.len())
            + query.order_by.as_ref().map_or(0, |o| o.columns.len());
        fields.reserve_exact(columns.min(module.fields.len() + 1));
        let index = schema.fields_of(&module.name);
        let mut r = Resolver {
            index,
            module,
            described: index.is_some_and(|i| i.described),
            reported_undescribed: false,
            fields: &mut fields,
            out: &mut out,
        };
        let select: &[Ident<'_>] = match &query.select {
            SelectList::All(_) => &[],
            SelectList::Count { extra, .. } => extra,
            SelectList::Columns(cols) => cols,
        };
        for col in select {
            r.resolve(col, Clause::Select);
        }
        if let Some(w) = &query.where_clause {
            let ctx = Ctx { schema, module };
            // One allocation each: a condition's constants are its values.
            conditions.reserve_exact(w.len());
            constants.reserve_exact(w.conditions().map(|c| c.values().len()).sum());
            for cond in w.conditions() {
                let start = u32::try_from(constants.len()).unwrap_or(u32::MAX);
                let mut storage = Storage::Text;
                if let Some((field, is_id)) = r.resolve(&cond.column, Clause::Where) {
                    storage = if is_id {
                        Storage::RecordId
                    } else {
                        Storage::for_type(&field.ty)
                    };
                    if values::check_operator(field, is_id, cond, r.out) {
                        values::check_values(&ctx, field, is_id, cond, r.out, &mut constants);
                    }
                }
                conditions.push((storage, start));
            }
        }
        if let Some(order) = &query.order_by {
            for col in &order.columns {
                r.resolve(col, Clause::OrderBy);
            }
        }
    }
    lints::lint(query, options, &mut out);
    if options.allowed != 0 {
        out.retain(|d| d.is_error() || !options.is_allowed(d.code));
    }
    match module {
        Some(module) if !out.iter().any(Diagnostic::is_error) => {
            let warnings = Diagnostics::from_vec(out).into_vec();
            Ok(Validated {
                query,
                schema,
                module,
                fields,
                precedence: options.precedence,
                row_cap: options.row_cap,
                warnings,
                conditions,
                constants,
            })
        }
        _ => Err(Diagnostics::from_vec(out)),
    }
}

fn resolve_module<'q>(
    query: &Query<'_>,
    schema: &'q Schema,
    options: &ValidateOptions,
    out: &mut Vec<diagnostics::Diagnostic>,
) -> Option<&'q Module> {
    let ident = &query.module;
    let name: &str = &ident.name;
    let module = match schema.module(name) {
        Some(m) => m,
        None => {
            let folded = schema.module_ignore_case(name);
            match folded {
                Some(m) if options.module_case_insensitive => {
                    out.push(
                        Diagnostic::new(
                            Code::ModuleCase,
                            *ident.span,
                            format!(
                                "module `{name}` matches `{}` only ignoring case; vtiger 7.x and later reject it",
                                m.name
                            ),
                        )
                        .label(format!("write `{}`", m.name))
                        .help(format!("write `{}`: module names are case-sensitive since vtiger 7", m.name))
                        .ws_message(format!(
                            "Permission to perform the operation is denied for name : {name}"
                        ))
                        .finish(),
                    );
                    m
                }
                _ => {
                    let suggestion = folded.map(|m| m.name.as_str()).or_else(|| {
                        suggest::did_you_mean(name, schema.modules().map(|m| m.name.as_str()))
                    });
                    let (message, help) = match suggestion {
                        Some(s) if s.eq_ignore_ascii_case(name) => (
                            format!("module `{name}` does not exist; module names are case-sensitive"),
                            format!(
                                "did you mean `{s}`? (vtiger 5.x servers ignored case; set `module_case_insensitive` to accept that)"
                            ),
                        ),
                        Some(s) => (
                            format!("module `{name}` does not exist"),
                            format!("did you mean `{s}`?"),
                        ),
                        None => (
                            format!("module `{name}` does not exist"),
                            "the modules are those of listtypes; the user may not see this one"
                                .to_owned(),
                        ),
                    };
                    out.push(
                        Diagnostic::new(Code::UnknownModule, *ident.span, message)
                            .label("unknown module")
                            .help(help)
                            .ws_message(format!(
                                "Permission to perform the operation is denied for name : {name}"
                            ))
                            .finish(),
                    );
                    return None;
                }
            }
        }
    };
    if !module.is_entity {
        out.push(
            Diagnostic::new(
                Code::NotEntity,
                *ident.span,
                format!(
                    "`{}` is not an entity module; the query operation works on entity modules only",
                    module.name
                ),
            )
            .label("not an entity module")
            .help("use retrieve or describe for this module")
            .ws_message("Permission to perform the operation is denied")
            .finish(),
        );
    }
    if !module.retrieveable {
        out.push(
            Diagnostic::new(
                Code::NotReadable,
                *ident.span,
                format!("the user may not read `{}`", module.name),
            )
            .label("not readable")
            .help("its describe says retrieveable: false; ask for read permission")
            .ws_message("Permission to read is denied")
            .finish(),
        );
    }
    Some(module)
}

struct Resolver<'q, 'o> {
    index: Option<crate::schema::FieldIndex<'q>>,
    module: &'q Module,
    described: bool,
    reported_undescribed: bool,
    fields: &'o mut Vec<&'q Field>,
    out: &'o mut Vec<Diagnostic>,
}

impl<'q> Resolver<'q, '_> {
    /// The field a column names and whether it is the record id, or `None` after
    /// reporting why not.
    fn resolve(&mut self, col: &Ident<'_>, clause: Clause) -> Option<(&'q Field, bool)> {
        let name: &str = &col.name;
        let is_id = name == "id";
        let found = if self.described || is_id {
            self.index.and_then(|i| i.get(name))
        } else {
            None
        };
        let field = match found {
            Some(f) => f,
            None if is_id => &ID_FIELD,
            None if !self.described => {
                if !self.reported_undescribed {
                    self.reported_undescribed = true;
                    self.out.push(
                        Diagnostic::new(
                            Code::NotDescribed,
                            *col.span,
                            format!(
                                "the fields of `{}` are unknown: the schema lists the module but holds no describe of it",
                                self.module.name
                            ),
                        )
                        .label("cannot be checked")
                        .help(format!("load the describe result of {}", self.module.name))
                        .ws_message(access_message(name, clause))
                        .finish(),
                    );
                }
                return None;
            }
            None => {
                self.unknown_field(col, clause);
                return None;
            }
        };
        if !self.fields.iter().any(|f| std::ptr::eq(*f, field)) {
            self.fields.push(field);
        }
        Some((field, is_id))
    }

    fn unknown_field(&mut self, col: &Ident<'_>, clause: Clause) {
        let name: &str = &col.name;
        let module = self.module;
        let suggestion = suggest::did_you_mean(
            name,
            module
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .chain(module.field("id").is_none().then_some("id")),
        );
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "fields the user may not see are absent from the describe of {}; field names are case-sensitive",
                module.name
            ),
        };
        let where_ = match clause {
            Clause::Select => "selected",
            Clause::Where => "compared",
            Clause::OrderBy => "sorted by",
        };
        self.out.push(
            Diagnostic::new(
                Code::UnknownField,
                *col.span,
                format!("`{}` has no field `{name}`", module.name),
            )
            .label(format!("unknown field {where_}"))
            .help(help)
            .ws_message(access_message(name, clause))
            .finish(),
        );
    }
}

/// The real server's ACCESS_DENIED message for a column (the select-list one really has
/// the dots and quotes).
fn access_message(name: &str, clause: Clause) -> String {
    match clause {
        Clause::Select => format!("Permission to access '.{name}.' attribute denied."),
        Clause::Where | Clause::OrderBy => format!("Permission to access {name} attribute denied."),
    }
}

#[cfg(test)]
mod tests;
