//! The model of one module: [`Module`], [`Field`], [`FieldType`], [`Picklist`].

use std::fmt;

/// One module (`elementType`) as the current user sees it: what `describe` returns.
///
/// Only the fields the user may see are listed: a field absent from `fields` is not
/// accessible, which is the whole access-control model of the query operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Module {
    /// The module name, as queries must spell it (`Contacts`, `HelpDesk`).
    pub name: String,
    /// The label shown to users, possibly translated (`Trouble Tickets`).
    pub label: String,
    /// The number before the `x` in this module's record ids (`12` in `12x34`); per
    /// install, never a built-in constant. `None` when no loaded document told it.
    pub id_prefix: Option<u32>,
    /// Whether this is an entity module (records with ids); the query operation works on
    /// entity modules only (not on Groups, Currency, DocumentFolders...).
    pub is_entity: bool,
    /// Whether the user may create records.
    pub createable: bool,
    /// Whether the user may update records.
    pub updateable: bool,
    /// Whether the user may delete records.
    pub deleteable: bool,
    /// Whether the user may read records (query needs it).
    pub retrieveable: bool,
    /// The fields that make up a record's display name (`labelFields`).
    pub label_fields: Vec<String>,
    /// The fields visible to the user, in describe order. `id` is one of them in every
    /// real describe.
    pub fields: Vec<Field>,
}

impl Module {
    /// An entity module with full permissions and no fields; fill in the rest by hand.
    ///
    /// ```
    /// use vtql::schema::{Field, FieldType, Module};
    /// let mut m = Module::new("Contacts", Some(12));
    /// m.fields.push(Field::new("lastname", FieldType::String));
    /// assert_eq!(m.field("lastname").unwrap().ty, FieldType::String);
    /// assert!(m.field("LastName").is_none()); // field names are case-sensitive
    /// ```
    pub fn new(name: impl Into<String>, id_prefix: Option<u32>) -> Self {
        let name = name.into();
        Module {
            label: name.clone(),
            name,
            id_prefix,
            is_entity: true,
            createable: true,
            updateable: true,
            deleteable: true,
            retrieveable: true,
            label_fields: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// The field called exactly `name` (case-sensitive), if the user may see it.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One field of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Field {
    /// The field name used in queries (`lastname`, `cf_851`).
    pub name: String,
    /// The label shown to users.
    pub label: String,
    /// Whether a value is required when creating a record.
    pub mandatory: bool,
    /// Whether the field may be empty.
    pub nullable: bool,
    /// Whether the user may change it.
    pub editable: bool,
    /// The default value as the server wrote it (`None` when absent or `null`).
    pub default: Option<String>,
    /// The type, with its details.
    pub ty: FieldType,
}

impl Field {
    /// A nullable, editable, optional field without default.
    pub fn new(name: impl Into<String>, ty: FieldType) -> Self {
        let name = name.into();
        Field {
            label: name.clone(),
            name,
            mandatory: false,
            nullable: true,
            editable: true,
            default: None,
            ty,
        }
    }
}

/// The type of a field: every type of the web-service documentation, plus
/// [`FieldType::Other`] for names it does not list (`cnpj`, `char`...), so that loading
/// never fails on an unknown type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FieldType {
    /// A one-line text.
    String,
    /// A multi-line text.
    Text,
    /// One value of a list.
    Picklist(Picklist),
    /// Several values of a list (stored joined with ` |##| `).
    MultiPicklist(Picklist),
    /// A link to a record of one of `refers_to` (values are record ids `NxM`).
    Reference {
        /// The modules the field may point to; may be empty or name unloaded modules.
        refers_to: Vec<String>,
    },
    /// The owner: a user or a group (values are record ids with the Users or Groups prefix).
    Owner,
    /// A date and time, `yyyy-mm-dd hh:mm:ss` in the database.
    DateTime,
    /// A date, `yyyy-mm-dd` in the database.
    Date {
        /// The user's display format from describe (`yyyy-mm-dd`, `dd-mm-yyyy`...).
        format: Option<String>,
    },
    /// A time of day, `hh:mm`.
    Time,
    /// A flag, stored as `0` / `1`.
    Boolean,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Double,
    /// A decimal number.
    Decimal,
    /// An amount of money.
    Currency,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A URL.
    Url,
    /// A Skype name or number.
    Skype,
    /// A password.
    Password,
    /// An attached file.
    File {
        /// `maxUploadFileSize` from describe, in bytes.
        max_upload_size: Option<u64>,
    },
    /// Generated by the server (the record id).
    Autogenerated,
    /// A type name this crate does not know, kept as written.
    Other(String),
}

impl FieldType {
    /// The type for a describe type name; unknown names become [`FieldType::Other`].
    /// Details (picklist values, `refersTo`, format) start empty.
    ///
    /// ```
    /// use vtql::schema::FieldType;
    /// assert_eq!(FieldType::from_name("owner"), FieldType::Owner);
    /// assert_eq!(FieldType::from_name("cnpj"), FieldType::Other("cnpj".into()));
    /// ```
    pub fn from_name(name: &str) -> FieldType {
        match name.to_ascii_lowercase().as_str() {
            "string" => FieldType::String,
            "text" => FieldType::Text,
            "picklist" => FieldType::Picklist(Picklist::default()),
            "multipicklist" => FieldType::MultiPicklist(Picklist::default()),
            "reference" => FieldType::Reference {
                refers_to: Vec::new(),
            },
            "owner" => FieldType::Owner,
            "datetime" => FieldType::DateTime,
            "date" => FieldType::Date { format: None },
            "time" => FieldType::Time,
            "boolean" => FieldType::Boolean,
            "integer" => FieldType::Integer,
            "double" => FieldType::Double,
            "decimal" => FieldType::Decimal,
            "currency" => FieldType::Currency,
            "email" => FieldType::Email,
            "phone" => FieldType::Phone,
            "url" => FieldType::Url,
            "skype" => FieldType::Skype,
            "password" => FieldType::Password,
            "file" => FieldType::File {
                max_upload_size: None,
            },
            "autogenerated" => FieldType::Autogenerated,
            _ => FieldType::Other(name.to_owned()),
        }
    }

    /// The describe type name (`"picklist"`, `"reference"`, or the kept unknown name).
    pub fn name(&self) -> &str {
        match self {
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Picklist(_) => "picklist",
            FieldType::MultiPicklist(_) => "multipicklist",
            FieldType::Reference { .. } => "reference",
            FieldType::Owner => "owner",
            FieldType::DateTime => "datetime",
            FieldType::Date { .. } => "date",
            FieldType::Time => "time",
            FieldType::Boolean => "boolean",
            FieldType::Integer => "integer",
            FieldType::Double => "double",
            FieldType::Decimal => "decimal",
            FieldType::Currency => "currency",
            FieldType::Email => "email",
            FieldType::Phone => "phone",
            FieldType::Url => "url",
            FieldType::Skype => "skype",
            FieldType::Password => "password",
            FieldType::File { .. } => "file",
            FieldType::Autogenerated => "autogenerated",
            FieldType::Other(name) => name,
        }
    }

    /// Whether values are free text (`like` makes sense): string, text, picklists,
    /// email, phone, url, skype, password, file names.
    pub fn is_text_like(&self) -> bool {
        matches!(
            self,
            FieldType::String
                | FieldType::Text
                | FieldType::Picklist(_)
                | FieldType::MultiPicklist(_)
                | FieldType::Email
                | FieldType::Phone
                | FieldType::Url
                | FieldType::Skype
                | FieldType::Password
                | FieldType::File { .. }
        )
    }

    /// Whether values are numbers: integer, double, decimal, currency.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Double | FieldType::Decimal | FieldType::Currency
        )
    }

    /// Whether values are dates, date-times or times.
    pub fn is_temporal(&self) -> bool {
        matches!(
            self,
            FieldType::DateTime | FieldType::Date { .. } | FieldType::Time
        )
    }

    /// Whether values are record ids `NxM` (references and owners).
    pub fn is_record_id(&self) -> bool {
        matches!(self, FieldType::Reference { .. } | FieldType::Owner)
    }

    /// The picklist of a picklist or multipicklist field.
    pub fn picklist(&self) -> Option<&Picklist> {
        match self {
            FieldType::Picklist(p) | FieldType::MultiPicklist(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The values of a picklist and its default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Picklist {
    /// The values, in describe order (may be empty).
    pub values: Vec<PicklistValue>,
    /// `defaultValue`, which may lie outside the list.
    pub default: Option<String>,
}

impl Picklist {
    /// A picklist whose labels equal its values.
    ///
    /// ```
    /// use vtql::schema::Picklist;
    /// let p = Picklist::of(["Web Site", "Cold Call"]);
    /// assert!(p.contains("Cold Call"));
    /// assert!(!p.contains("cold call"));
    /// ```
    pub fn of<I, S>(values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Picklist {
            values: values
                .into_iter()
                .map(|v| {
                    let value = v.into();
                    PicklistValue {
                        label: value.clone(),
                        value,
                    }
                })
                .collect(),
            default: None,
        }
    }

    /// Whether `value` is one of the stored values (exact match).
    pub fn contains(&self, value: &str) -> bool {
        self.values.iter().any(|v| v.value == value)
    }
}

/// One picklist entry: what is stored (`value`) and what is shown (`label`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PicklistValue {
    /// The label shown to users (translated, may hold HTML entities).
    pub label: String,
    /// The value stored, which queries compare with.
    pub value: String,
}
