//! The claim table for editors: one row per claim, coloured by status on a terminal.

use super::view::{summary_line, Summary};
use super::{estimative, terminal_safe, Selection};
use crate::model::Corpus;
use crate::score::Status;
use comfy_table::{
    presets, Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width,
};

/// How to draw the table.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colour statuses.
    pub color: bool,
    /// Total width in columns.
    pub width: Option<u16>,
}

/// The colour of a status. Statuses also differ in words, so nothing relies on colour alone.
fn status_color(status: Status) -> Color {
    match status {
        Status::Confirmed => Color::Green,
        Status::Corroborated => Color::Cyan,
        Status::Unconfirmed => Color::Yellow,
        Status::Contested => Color::Magenta,
        Status::Refuted => Color::Red,
    }
}

/// Renders the selected claims as a table followed by a summary line.
pub fn render(corpus: &Corpus, selection: &Selection<'_>, style: Style) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = style.width {
        table.set_width(width);
    }
    if !style.color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    table.set_header(["claim", "status", "code", "score", "origins +/−", "rules"]);
    let mut verdicts = selection.verdicts.clone();
    // Rank of each answer within its question, and which answer leads.
    let mut rank: std::collections::HashMap<u32, (usize, bool)> = std::collections::HashMap::new();
    if let Some(assessment) = selection.assessment {
        for q in &assessment.questions {
            for (i, c) in q.answers.iter().enumerate() {
                rank.insert(c.0, (i, q.leading == Some(*c)));
            }
        }
    }
    // By event, then question (answers together, best first), then id: a question's competing
    // answers sit under one another.
    verdicts.sort_by(|a, b| {
        let key = |v: &crate::score::Verdict| {
            let c = &corpus.claims[v.claim.get()];
            let event = c.event.as_ref().map(|e| e.id.value.clone());
            let question = c.question.clone();
            let position = rank.get(&v.claim.0).map_or(0, |r| r.0);
            // A claim without a question sorts by its own id among the questions.
            let group = question.unwrap_or_else(|| c.id.value.clone());
            (event, group, position, c.id.value.clone())
        };
        key(a).cmp(&key(b))
    });
    for v in &verdicts {
        let claim = &corpus.claims[v.claim.get()];
        let mut status = Cell::new(v.status.as_str());
        if style.color {
            status = status
                .fg(status_color(v.status))
                .add_attribute(Attribute::Bold);
        }
        let mut publish = if claim.publish {
            " [publish]".to_owned()
        } else {
            String::new()
        };
        if let Some(q) = &claim.question {
            let lead = match rank.get(&v.claim.0) {
                Some((_, true)) => ", leading",
                Some((i, false)) if *i > 0 => ", not leading",
                _ => "",
            };
            publish.push_str(&format!("\n↳ answers {}{lead}", q));
        }
        table.add_row(vec![
            Cell::new(format!(
                "{}{publish}\n{}",
                claim.id.value,
                terminal_safe(&claim.text)
            )),
            status,
            Cell::new(v.code()),
            Cell::new(format!("{:.2}\n{}", v.score, estimative(v.score))),
            Cell::new(format!(
                "+{} / −{}",
                v.supporting_origins, v.opposing_origins
            )),
            Cell::new(
                v.findings
                    .iter()
                    .map(|f| f.rule)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ]);
    }
    // The claim text gets the room; the rules column wraps within a fixed share.
    if let Some(rules) = table.column_mut(5) {
        // Wide enough for the longest rule id, so ids never break mid-word.
        rules.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(26)));
    }
    if let Some(status) = table.column_mut(1) {
        status.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(14)));
    }
    if let Some(score) = table.column_mut(3) {
        score.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(12)));
    }
    if let Some(claim) = table.column_mut(0) {
        claim.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(25)));
    }
    let summary = Summary::of(verdicts.iter().map(|v| v.status));
    format!("{table}\n{}\n", summary_line(&summary, selection))
}

super::format::whole_format!(
    /// The claim table for editors.
    TABLE, TableFormat, "table", "A claim table for editors.",
    |doc, selection, verdicts| render(
        doc.corpus,
        &selection,
        Style {
            color: doc.options.color,
            width: doc.options.width,
        },
    )
);
