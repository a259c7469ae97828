//! `corroborate rules`: the catalogue, as a table, JSON or the Markdown page.

use crate::cli::{RulesArgs, RulesFormat};
use crate::world::{emit, AppError, Outcome};
use corroborate::engine::registry;

/// Runs `rules`.
pub fn run(args: &RulesArgs) -> Result<Outcome, AppError> {
    let text = match args.format {
        RulesFormat::Markdown => registry::markdown_docs(),
        RulesFormat::Json => {
            let mut text = serde_json::to_string_pretty(registry::all()).unwrap_or_default();
            text.push('\n');
            text
        }
        RulesFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(["id", "family", "severity", "summary"]);
            for rule in registry::all() {
                table.add_row([
                    rule.id,
                    rule.family.as_str(),
                    rule.default_severity.as_str(),
                    rule.summary,
                ]);
            }
            format!("{table}\n")
        }
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
