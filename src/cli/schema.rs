//! `zhenggai schema rule|config|feedback`: prints a JSON Schema (the files under `schema/`).

use super::{SchemaName, print_out};

/// Prints the schema.
pub(crate) fn run(name: SchemaName) -> u8 {
    let name = match name {
        SchemaName::Rule => "rule",
        SchemaName::Config => "config",
        SchemaName::Feedback => "feedback",
    };
    print_out(&crate::schema::text(name).expect("a known schema"))
}
