//! Result rows as web-service records, exactly as the real server encodes them.
//!
//! - every value is a JSON string and SQL NULL is `""`; numbers, decimals, dates and
//!   booleans are the database's own text, never reformatted;
//! - keys follow the select list, with `id` last unless it was selected; a column
//!   selected twice appears once;
//! - `id` is `<idPrefix>x<number>` of the queried module;
//! - a reference is `<idPrefix>x<number>` of the module the target record really belongs
//!   to: for a field that may point to several modules, each candidate module (in
//!   `refersTo` order, among those the user can see) is asked once per page which of the
//!   page's targets it holds as live records, never once per row; `""` for 0, NULL, a
//!   deleted or missing target or one in a module the user cannot see. A reference to
//!   Users is `19x<id>` for an active user of the directory, else `""`;
//! - an owner is a group (`20x<id>`) or a user (`19x<id>`), groups first as on the real
//!   server; owner 0 is `"0"` and an unknown owner the bare number (vtiger 8).

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};
use vtql::schema::{FieldType, Module};
use vtql::sql::SqlOptions;
use vtql::validate::ValidateOptions;
use vtql::{ParseOptions, Query};

use crate::envelope::{Failure, DATABASE_QUERY_ERROR};
use crate::service::Ctx;
use crate::Rows;

/// Ids asked of one module in one resolution query (well under every engine's limit
/// on bound parameters and vtql's limit on list values).
const IDS_PER_QUERY: usize = 500;

/// How one column is encoded.
enum Column<'m> {
    Id,
    Plain,
    Owner,
    Reference(&'m [String]),
}

/// Rewrites, in place, the record ids, references and owners of `rows` (a query of
/// `module`) into their web-service form (see the [module docs](self)); other cells are
/// untouched. Returns which columns were rewritten.
pub(crate) fn rewrite_ids(
    ctx: &Ctx<'_>,
    module: &Module,
    rows: &mut Rows,
) -> Result<Vec<bool>, Failure> {
    let kinds: Vec<Column<'_>> = rows
        .columns
        .iter()
        .map(|c| match module.field(c).map(|f| &f.ty) {
            _ if c == "id" => Column::Id,
            Some(FieldType::Owner) => Column::Owner,
            Some(FieldType::Reference { refers_to }) => Column::Reference(refers_to),
            _ => Column::Plain,
        })
        .collect();
    let prefix = module.id_prefix.unwrap_or(0);
    for (i, kind) in kinds.iter().enumerate() {
        // A reference column's targets, resolved to their module's prefix in one query
        // per candidate module.
        let resolved = match kind {
            Column::Plain => continue,
            Column::Reference(targets) => {
                let ids: BTreeSet<u64> = rows
                    .rows
                    .iter()
                    .filter_map(|r| number(r.get(i)?.as_deref()?))
                    .filter(|&n| n != 0)
                    .collect();
                resolve(ctx, targets, ids)?
            }
            _ => HashMap::new(),
        };
        for row in &mut rows.rows {
            if let Some(cell) = row.get_mut(i) {
                if let Some(text) = cell.as_deref() {
                    *cell = Some(encode(ctx, kind, text, prefix, &resolved));
                }
            }
        }
    }
    Ok(kinds.iter().map(|k| !matches!(k, Column::Plain)).collect())
}

/// Encodes `rows` of a query of `module` as records. `star` says whether the select
/// list was `*` (the id then goes last, as in the real server's records).
pub(crate) fn records(
    ctx: &Ctx<'_>,
    module: &Module,
    mut rows: Rows,
    star: bool,
) -> Result<Vec<Value>, Failure> {
    rewrite_ids(ctx, module, &mut rows)?;
    let id_at = rows.columns.iter().position(|c| c == "id");
    let text = |row: &[Option<String>], i: usize| {
        Value::from(row.get(i).cloned().flatten().unwrap_or_default())
    };
    let mut out = Vec::with_capacity(rows.rows.len());
    for row in &rows.rows {
        let mut record = Map::with_capacity(rows.columns.len());
        for (i, name) in rows.columns.iter().enumerate() {
            if !(star && Some(i) == id_at) {
                record.insert(name.clone(), text(row, i));
            }
        }
        if let (true, Some(i)) = (star, id_at) {
            record.insert("id".into(), text(row, i));
        }
        out.push(Value::Object(record));
    }
    Ok(out)
}

fn encode(
    ctx: &Ctx<'_>,
    kind: &Column<'_>,
    text: &str,
    prefix: u32,
    resolved: &HashMap<u64, u32>,
) -> String {
    match kind {
        Column::Plain => text.to_owned(),
        Column::Id => match number(text) {
            Some(n) => format!("{prefix}x{n}"),
            None => String::new(),
        },
        Column::Reference(_) => match number(text).and_then(|n| Some((resolved.get(&n)?, n))) {
            Some((p, n)) => format!("{p}x{n}"),
            None => String::new(),
        },
        Column::Owner => owner(ctx, text),
    }
}

/// Rewrites, in place, the record ids, references and owners of `rows` (the rows of a
/// query of `module`, as a [`Backend`](crate::Backend) returned them) into their
/// web-service form, as [`Service`](crate::Service) answers them: `"12x954"` for a
/// Contacts id, the real module's prefix for each reference, owners from the config's
/// directory. `schema` is what the reader may see (references to modules outside it
/// are `""`). Returns which columns were rewritten; `vtql run` shows its rows so, so
/// that an id it prints can be fed back into a query.
pub fn web_service_ids(
    config: &crate::Config,
    backend: &dyn crate::Backend,
    schema: &vtql::Schema,
    module: &str,
    rows: &mut Rows,
) -> Result<Vec<bool>, Failure> {
    let Some(m) = schema.module(module) else {
        return Err(Failure::new(
            crate::envelope::ACCESS_DENIED,
            format!("Permission to perform the operation is denied for name : {module}"),
        ));
    };
    let detail = std::sync::Mutex::new(None);
    let ctx = Ctx {
        config,
        backend,
        schema,
        detail: &detail,
    };
    rewrite_ids(&ctx, m, rows)
}

/// An owner: a group, then a user, of the directory; `"0"` for none, the bare number
/// for an unknown one.
fn owner(ctx: &Ctx<'_>, text: &str) -> String {
    let dir = &ctx.config.directory;
    match number(text) {
        Some(0) => "0".to_owned(),
        Some(n) if dir.group(n).is_some() => format!("{}x{n}", ctx.prefix_of("Groups", 20)),
        Some(n) if dir.user_by_id(n).is_some() => format!("{}x{n}", ctx.prefix_of("Users", 19)),
        Some(n) => n.to_string(),
        None => text.to_owned(),
    }
}

/// A record number as the database wrote it (`"42"`; a DECIMAL id as `"42.000"`).
fn number(text: &str) -> Option<u64> {
    let t = text.trim();
    let whole = t.split_once('.').map_or(
        t,
        |(w, f)| {
            if f.bytes().all(|b| b == b'0') {
                w
            } else {
                ""
            }
        },
    );
    whole.parse().ok()
}

/// Which module each id of `ids` belongs to, among `targets` (the field's `refersTo`,
/// already restricted to what the user sees): id → that module's prefix.
fn resolve(
    ctx: &Ctx<'_>,
    targets: &[String],
    mut ids: BTreeSet<u64>,
) -> Result<HashMap<u64, u32>, Failure> {
    let mut found = HashMap::with_capacity(ids.len());
    for target in targets {
        if ids.is_empty() {
            break;
        }
        if target == "Users" {
            let prefix = ctx.prefix_of("Users", 19);
            ids.retain(|&id| {
                let active = ctx
                    .config
                    .directory
                    .user_by_id(id)
                    .is_some_and(|u| u.active);
                if active {
                    found.insert(id, prefix);
                }
                !active
            });
            continue;
        }
        let Some(module) = ctx.schema.module(target) else {
            continue;
        };
        let (Some(prefix), true) = (module.id_prefix, ctx.schema.is_described(target)) else {
            continue;
        };
        if ctx.config.mapping.module(target).is_none() {
            continue;
        }
        let list: Vec<u64> = ids.iter().copied().collect();
        for chunk in list.chunks(IDS_PER_QUERY) {
            for id in live_ids(ctx, module, prefix, chunk)? {
                if ids.remove(&id) {
                    found.insert(id, prefix);
                }
            }
        }
    }
    Ok(found)
}

/// The module (other than `except`) of the user's schema whose live records hold
/// record number `id`, if any: one query per mapped module, on the error path only.
pub(crate) fn module_of(ctx: &Ctx<'_>, id: u64, except: &str) -> Result<Option<String>, Failure> {
    let schema = &ctx.schema;
    for module in schema.modules() {
        let Some(prefix) = module.id_prefix else {
            continue;
        };
        if module.name == except
            || !schema.is_described(&module.name)
            || ctx.config.mapping.module(&module.name).is_none()
        {
            continue;
        }
        if !live_ids(ctx, module, prefix, &[id])?.is_empty() {
            return Ok(Some(module.name.clone()));
        }
    }
    Ok(None)
}

/// Which of `ids` are live records of `module`: one query, written in the query language
/// and sent through the same parse → validate → translate path as a user's query, so the
/// SQL backend only ever sees validated input (and the module's fixed filters, such as
/// `deleted = 0`, apply).
fn live_ids(ctx: &Ctx<'_>, module: &Module, prefix: u32, ids: &[u64]) -> Result<Vec<u64>, Failure> {
    let list: Vec<String> = ids.iter().map(|n| format!("'{prefix}x{n}'")).collect();
    let text = format!(
        "select id from {} where id in ({});",
        module.name,
        list.join(", ")
    );
    let internal = |what: &str| {
        Failure::new(
            crate::envelope::INTERNAL_SERVER_ERROR,
            format!("cannot resolve references to {}: {what}", module.name),
        )
    };
    let q = Query::parse_with(&text, &ParseOptions::default()).map_err(|e| internal(&e.message))?;
    let cap = ids.len() as u64;
    let opts = ValidateOptions::new().row_cap(cap).allow_all_warnings();
    let v = q
        .validate(ctx.schema, &opts)
        .map_err(|d| internal(d.errors().next().map_or("invalid", |e| e.message.as_str())))?;
    let sql = v
        .to_sql(&ctx.config.mapping, &SqlOptions::new(ctx.backend.target()))
        .map_err(|e| internal(&e.to_string()))?;
    let rows = ctx.backend.query(&sql).map_err(|e| {
        ctx.note(&e.to_string());
        Failure::of(DATABASE_QUERY_ERROR)
    })?;
    Ok(rows
        .rows
        .iter()
        .filter_map(|r| number(r.first()?.as_deref()?))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_as_databases_write_them() {
        assert_eq!(number("42"), Some(42));
        assert_eq!(number("42.000"), Some(42));
        assert_eq!(number("42.5"), None);
        assert_eq!(number(""), None);
        assert_eq!(number("-1"), None);
    }
}
