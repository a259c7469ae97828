//! The loader's codes: every problem the loader and the link pass find in the files themselves.
//!
//! Each is declared once here, at its default severity; `engine::registry` lists them with the
//! other rules for `corroborate rules`, docs/rules.md, SARIF and the policy's rule names.

use crate::diag::{Family, RuleMeta, Severity};

/// Every loader code, in the order `corroborate rules` lists them.
pub static ALL: &[&RuleMeta] = &[
    &TOML_SYNTAX,
    &NON_UTF8,
    &UNREADABLE_FILE,
    &UNKNOWN_KEY,
    &WRONG_TYPE,
    &MISSING_FIELD,
    &INVALID_VALUE,
    &INVALID_ID,
    &DUPLICATE_ID,
    &UNKNOWN_SOURCE,
    &UNKNOWN_ACTOR,
    &UNKNOWN_EVENT,
    &UNKNOWN_CLAIM,
    &UNKNOWN_DOCUMENT,
    &DOCUMENT_CONFLICT,
    &MISSING_CAPTURE,
    &CAPTURE_MISMATCH,
    &SKIPPED_FILE,
    &IGNORED_SETTING,
];

/// `toml-syntax`: A file is not valid TOML.
pub const TOML_SYNTAX: RuleMeta = RuleMeta {
    id: "toml-syntax",
    family: Family::Validation,
    summary: "A file is not valid TOML.",
    rationale: "Nothing in a file that does not parse can be checked or scored; every syntax error is reported so all can be fixed in one pass.",
    default_severity: Severity::Error,
};

/// `non-utf8`: A file is not valid UTF-8 text.
pub const NON_UTF8: RuleMeta = RuleMeta {
    id: "non-utf8",
    family: Family::Validation,
    summary: "A file is not valid UTF-8 text.",
    rationale: "Quotes in the original language must survive byte for byte; a file in another encoding would silently corrupt them.",
    default_severity: Severity::Error,
};

/// `unreadable-file`: A corpus file could not be read.
pub const UNREADABLE_FILE: RuleMeta = RuleMeta {
    id: "unreadable-file",
    family: Family::Validation,
    summary: "A corpus file could not be read.",
    rationale: "A claim file that cannot be read is evidence the report silently lacks.",
    default_severity: Severity::Error,
};

/// `unknown-key`: A table has a key the format does not define.
pub const UNKNOWN_KEY: RuleMeta = RuleMeta {
    id: "unknown-key",
    family: Family::Validation,
    summary: "A table has a key the format does not define.",
    rationale: "A misspelt key (`hedgd = true`) would otherwise be ignored and change a verdict without anyone noticing.",
    default_severity: Severity::Error,
};

/// `wrong-type`: A value has the wrong TOML type.
pub const WRONG_TYPE: RuleMeta = RuleMeta {
    id: "wrong-type",
    family: Family::Validation,
    summary: "A value has the wrong TOML type.",
    rationale: "A quoted date or a string where a boolean belongs means the desk wrote something other than what the tool would read.",
    default_severity: Severity::Error,
};

/// `missing-field`: A required field is missing.
pub const MISSING_FIELD: RuleMeta = RuleMeta {
    id: "missing-field",
    family: Family::Validation,
    summary: "A required field is missing.",
    rationale: "A claim without text or evidence without a source cannot be weighed or cited.",
    default_severity: Severity::Error,
};

/// `invalid-value`: A value is not one of the accepted words or is not a valid date.
pub const INVALID_VALUE: RuleMeta = RuleMeta {
    id: "invalid-value",
    family: Family::Validation,
    summary: "A value is not one of the accepted words or is not a valid date.",
    rationale: "Stances, kinds and reliability grades drive the scoring; an unknown word has no defined weight.",
    default_severity: Severity::Error,
};

/// `invalid-id`: An id uses characters other than lowercase letters, digits, '-', '_' and '.'.
pub const INVALID_ID: RuleMeta = RuleMeta {
    id: "invalid-id",
    family: Family::Validation,
    summary: "An id uses characters other than lowercase letters, digits, '-', '_' and '.'.",
    rationale: "Ids are cited in reports, URLs and CI annotations; a stable, plain alphabet keeps them portable.",
    default_severity: Severity::Error,
};

/// `duplicate-id`: Two entities of one kind share an id.
pub const DUPLICATE_ID: RuleMeta = RuleMeta {
    id: "duplicate-id",
    family: Family::Validation,
    summary: "Two entities of one kind share an id.",
    rationale: "A report citing `alkit.helicopter` must mean one claim; with two, evidence would attach to whichever was read first.",
    default_severity: Severity::Error,
};

/// `unknown-source`: Evidence names a source (or a `via` relay) that no file defines.
pub const UNKNOWN_SOURCE: RuleMeta = RuleMeta {
    id: "unknown-source",
    family: Family::Validation,
    summary: "Evidence names a source (or a `via` relay) that no file defines.",
    rationale:
        "Evidence from an unknown source has no reliability and no origin, so it cannot be weighed.",
    default_severity: Severity::Error,
};

/// `unknown-actor`: A source, actor or claim names an actor that no file defines.
pub const UNKNOWN_ACTOR: RuleMeta = RuleMeta {
    id: "unknown-actor",
    family: Family::Validation,
    summary: "A source, actor or claim names an actor that no file defines.",
    rationale: "Self-interest and admissions against interest are judged through actors; a misspelt actor hides them.",
    default_severity: Severity::Error,
};

/// `unknown-event`: A claim names an event that no file defines.
pub const UNKNOWN_EVENT: RuleMeta = RuleMeta {
    id: "unknown-event",
    family: Family::Validation,
    summary: "A claim names an event that no file defines.",
    rationale: "Claims are grouped, dated and filtered by event; an unknown event detaches the claim from its date.",
    default_severity: Severity::Error,
};

/// `unknown-claim`: A claim's `implies`, or an `[[evidence]]` table's `claim`, names a claim that no file defines.
pub const UNKNOWN_CLAIM: RuleMeta = RuleMeta {
    id: "unknown-claim",
    family: Family::Validation,
    summary: "A claim's `implies`, or an `[[evidence]]` table's `claim`, names a claim that no file defines.",
    rationale: "An implication carries support from one answer to another, and evidence appended in a later file counts only for the claim it names; a misspelt id would silently drop either.",
    default_severity: Severity::Error,
};

/// `unknown-document`: Evidence cites a document no `[[document]]` entry defines.
pub const UNKNOWN_DOCUMENT: RuleMeta = RuleMeta {
    id: "unknown-document",
    family: Family::Validation,
    summary: "Evidence cites a document no `[[document]]` entry defines.",
    rationale: "The item takes its source and date from the document; citing one that does not exist (often a typo) leaves it without either and its provenance unknown.",
    default_severity: Severity::Error,
};

/// `document-conflict`: Evidence gives a source or date its document contradicts.
pub const DOCUMENT_CONFLICT: RuleMeta = RuleMeta {
    id: "document-conflict",
    family: Family::Validation,
    summary: "Evidence gives a source or date its document contradicts.",
    rationale: "An item read in a document was said by the document's publisher, or by a source it relays, no later than it was published; anything else means one of the two entries is wrong, and the verdict would rest on whichever the tool picked.",
    default_severity: Severity::Error,
};

/// `missing-capture`: A document's capture is missing, unreadable or outside the corpus.
pub const MISSING_CAPTURE: RuleMeta = RuleMeta {
    id: "missing-capture",
    family: Family::Validation,
    summary: "A document's capture is missing, unreadable or outside the corpus.",
    rationale: "The capture is the desk's proof of what the source published; a verdict that cites it must be able to show it, and a capture outside the corpus folder is never read.",
    default_severity: Severity::Error,
};

/// `capture-mismatch`: A document's capture does not match its recorded SHA-256.
pub const CAPTURE_MISMATCH: RuleMeta = RuleMeta {
    id: "capture-mismatch",
    family: Family::Validation,
    summary: "A document's capture does not match its recorded SHA-256.",
    rationale: "Authenticity, as the Berkeley Protocol asks for it: a capture that changed after it was recorded is no longer what the source published, whoever changed it.",
    default_severity: Severity::Error,
};

/// `skipped-file`: A file under claims/ or sources/ is not read.
pub const SKIPPED_FILE: RuleMeta = RuleMeta {
    id: "skipped-file",
    family: Family::Validation,
    summary: "A file under claims/ or sources/ looks like a corpus file but is not read.",
    rationale: "A link out of the corpus, a dangling link, a FIFO or a `.TOML` name would otherwise be skipped without a word, or, for a link, make `check` print a file of the machine it runs on (a corpus can arrive in a pull request).",
    default_severity: Severity::Warning,
};

/// `ignored-setting`: A policy setting has no effect.
pub const IGNORED_SETTING: RuleMeta = RuleMeta {
    id: "ignored-setting",
    family: Family::Validation,
    summary: "A policy setting has no effect.",
    rationale: "Lowering or switching off a rule that reports errors is refused (a corpus that was not read as written must never be scored); saying so keeps a desk from believing the setting took.",
    default_severity: Severity::Warning,
};
