//! `corroborate sources`: each source's assigned grade, learned reliability and track record.

use super::terminal_safe;
use super::view::source_rows;
use super::wire::types::Source as SourceOut;
use crate::model::Corpus;
use crate::score::Assessment;
use comfy_table::{presets, Cell, ContentArrangement, Table};
use serde::Serialize;

/// The `sources --format json` document.
#[derive(Debug, Serialize)]
struct SourcesDoc<'a> {
    schema_version: u32,
    as_of: String,
    reliability: &'static str,
    iterations: usize,
    converged: bool,
    sources: Vec<SourceOut<'a>>,
    copies: Vec<super::wire::types::Copy<'a>>,
}

/// Renders the sources as JSON.
pub fn render_json(corpus: &Corpus, assessment: &Assessment) -> String {
    let doc = SourcesDoc {
        schema_version: 1,
        as_of: assessment.as_of.to_string(),
        reliability: mode(assessment),
        iterations: assessment.learned.iterations,
        converged: assessment.learned.converged,
        sources: source_rows(corpus, assessment),
        copies: super::view::copy_rows(corpus, assessment),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn mode(assessment: &Assessment) -> &'static str {
    if assessment.learned.iterations == 0 {
        "assigned"
    } else {
        "learned"
    }
}

/// Renders the sources table, then the suspected copier pairs with their evidence; `width` is
/// the terminal's (`None`: let comfy-table measure it).
pub fn render_table(
    corpus: &Corpus,
    assessment: &Assessment,
    color: bool,
    width: Option<u16>,
) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    if let Some(width) = width {
        table.set_width(width);
    }
    table.set_header([
        "source",
        "assigned",
        "learned",
        "trust",
        "claims",
        "conf/corr",
        "unconf",
        "contested",
        "refuted",
        "copies with",
    ]);
    for row in source_rows(corpus, assessment) {
        let source = corpus.sources.iter().find(|s| s.id.as_str() == row.id);
        let name = source
            .map(|s| terminal_safe(s.display_name()).into_owned())
            .unwrap_or_default();
        let label = if name == row.id {
            row.id.to_string()
        } else {
            format!("{}\n{name}", row.id)
        };
        table.add_row(vec![
            Cell::new(label),
            Cell::new(row.assigned),
            Cell::new(if row.evidence > 0.0 {
                format!("{:.2} (n={:.1})", row.estimated, row.evidence)
            } else {
                "—".to_owned()
            }),
            Cell::new(format!("{:.2}", row.trust)),
            Cell::new(row.claims),
            Cell::new(row.record.confirmed + row.record.corroborated),
            Cell::new(row.record.unconfirmed),
            Cell::new(row.record.contested),
            Cell::new(row.record.refuted),
            Cell::new(row.copies.join(", ")),
        ]);
    }
    let learned = &assessment.learned;
    let mut out = format!("{table}\n");
    out.push_str(&format!(
        "{} as of {}: reliability {} ({} iteration(s), {})\n",
        crate::util::text::plural(corpus.sources.len(), "source"),
        assessment.as_of,
        mode(assessment),
        learned.iterations,
        if learned.converged {
            "converged"
        } else {
            "stopped at the iteration limit"
        }
    ));
    let copies = super::view::copy_rows(corpus, assessment);
    for pair in &copies {
        out.push_str(&format!(
            "suspected copying: {} and {} (p = {:.2}): of {} shared question(s) the others can judge, the same true answer {}, the same false answer {}, different answers {}\n",
            pair.sources[0], pair.sources[1], pair.probability, pair.shared, pair.same_true, pair.same_false, pair.differ
        ));
    }
    if !copies.is_empty() && !assessment.learned.merged {
        out.push_str("suspected copiers still count as separate origins: declare a shared `origin` to confirm a suspicion, or set `[reliability] copies = \"merge\"`\n");
    }
    out
}
