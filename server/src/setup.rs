//! Building what the server runs from its options: the schema and mapping, the users,
//! the database, the session store and the service over them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use vtql::sql::{Mapping, Target};
use vtql::Schema;
use vtql_exec::{Database, SqlStore};
use vtql_service::users::Directory;
use vtql_service::{Config, MemoryStore, Service, SessionStore};

use crate::dispatch::{Answer, Dispatch};
use crate::options::ServeOptions;
use crate::ServeError;

/// Random bytes in a generated access key (shown as twice as many hex digits).
const GENERATED_KEY_BYTES: usize = 16;

/// What [`build`] makes.
pub(crate) struct Built {
    /// The service, behind the HTTP layer's seam.
    pub dispatch: Arc<dyn Dispatch>,
    /// Where sessions live, for the periodic purge.
    pub store: Arc<dyn SessionStore>,
    /// The access key generated for `admin`, if one was.
    pub generated_key: Option<String>,
}

impl Dispatch for Service {
    fn dispatch(&self, request: &vtql_service::Request, now: i64) -> Answer {
        let response = self.handle(request, now);
        Answer {
            json: response.json,
            operation: response.outcome.operation,
            user: response.outcome.user,
            error_code: response.outcome.error_code,
        }
    }
}

/// Loads the files, opens the database (filling it with the demo data on `load_demo`)
/// and builds the service. Blocks.
pub(crate) fn build(options: &ServeOptions) -> Result<Built, ServeError> {
    let (schema, mapping) = schema_and_mapping(&options.schema, options.mapping.as_deref())?;
    let db = match &options.db {
        Some(url) => Database::open(url, &options.database),
        None => Database::demo(&options.database),
    }
    .map_err(|e| ServeError::Database(e.to_string()))?;
    if options.load_demo && options.db.is_some() {
        let data = vtql::demo::dataset();
        db.execute_all(&vtql::demo::setup_sql(db.target(), &data))
            .map_err(|e| ServeError::Database(format!("cannot load the demo data: {e}")))?;
    }
    let store: Arc<dyn SessionStore> =
        match db.target() {
            Target::Sqlite => Arc::new(MemoryStore::new()),
            _ => Arc::new(SqlStore::new(db.clone()).map_err(|e| {
                ServeError::Database(format!("cannot set up the session tables: {e}"))
            })?),
        };
    let (config, generated_key) = match &options.users {
        Some(path) => {
            let text = read(path, "users file")?;
            let directory = Directory::from_json_str(&text, &schema).map_err(|e| {
                ServeError::Config(format!("invalid users file `{}`: {e}", path.display()))
            })?;
            (Config::new(directory, mapping), None)
        }
        None => {
            let (key, generated) = match &options.access_key {
                Some(k) => (k.clone(), None),
                None => {
                    let k = generate_key()?;
                    (k.clone(), Some(k))
                }
            };
            (
                Config::new(Directory::demo(schema, &key), mapping),
                generated,
            )
        }
    };
    let config = config
        .dialect(options.dialect)
        .precedence(options.precedence)
        .row_cap(options.row_cap)
        .session_idle_seconds(i64::try_from(options.session_idle.as_secs()).unwrap_or(i64::MAX));
    let service = Service::new(config, Arc::new(db), Arc::clone(&store));
    Ok(Built {
        dispatch: Arc::new(service),
        store,
        generated_key,
    })
}

/// The schema (`paths`, else the demo's) and mapping (`mapping`, else the demo's with the
/// demo schema, else the conventional mapping of the schema), as `vtql run` loads them.
fn schema_and_mapping(
    paths: &[PathBuf],
    mapping: Option<&Path>,
) -> Result<(Schema, Mapping), ServeError> {
    let schema = if paths.is_empty() {
        None
    } else {
        let mut schema = Schema::new();
        for p in paths {
            schema
                .add_path(p)
                .map_err(|e| ServeError::Config(format!("cannot load the schema: {e}")))?;
        }
        if schema.is_empty() {
            return Err(ServeError::Config("no module found in the schema".into()));
        }
        Some(schema)
    };
    let mapping = match (mapping, &schema) {
        (Some(path), _) => {
            let text = read(path, "mapping")?;
            Mapping::from_json_str(&text).map_err(|e| {
                ServeError::Config(format!("invalid mapping `{}`: {e}", path.display()))
            })?
        }
        (None, None) => vtql::demo::mapping(),
        (None, Some(schema)) => Mapping::from_schema(schema),
    };
    Ok((schema.unwrap_or_else(vtql::demo::schema), mapping))
}

/// The text of a configuration file.
fn read(path: &Path, what: &str) -> Result<String, ServeError> {
    std::fs::read_to_string(path).map_err(|e| {
        ServeError::Config(format!(
            "cannot read the {what} `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
    })
}

/// An I/O error as a short sentence (no `os error 2` suffix).
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

/// A fresh access key: random hex from the OS.
fn generate_key() -> Result<String, ServeError> {
    let mut bytes = [0u8; GENERATED_KEY_BYTES];
    getrandom::getrandom(&mut bytes).map_err(|e| {
        ServeError::Runtime(std::io::Error::other(format!("no random source: {e}")))
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
