//! What the binary prints about itself: the JSON Schemas of the file format, shell completions
//! and the man page, all generated from the definitions they describe.

use crate::cli::{Cli, CompletionsArgs, SchemaArgs, SchemaFileArg};
use crate::world::{emit, AppError, Outcome};
use clap::CommandFactory;
use corroborate::load::json_schema::{self, SchemaFile};

/// The library's name for a schema file named on the command line.
pub fn schema_file(arg: SchemaFileArg) -> SchemaFile {
    match arg {
        SchemaFileArg::Claims => SchemaFile::Claims,
        SchemaFileArg::Sources => SchemaFile::Sources,
        SchemaFileArg::Policy => SchemaFile::Policy,
    }
}

/// Runs `schema FILE`.
pub fn schema(args: &SchemaArgs) -> Result<Outcome, AppError> {
    emit(&json_schema::render(schema_file(args.file)))?;
    Ok(Outcome::Success)
}

/// Runs `completions SHELL`.
pub fn completions(args: &CompletionsArgs) -> Result<Outcome, AppError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "corroborate", &mut out);
    emit(&String::from_utf8_lossy(&out))?;
    Ok(Outcome::Success)
}

/// Runs `man`: the main page, with a section per subcommand.
pub fn man() -> Result<Outcome, AppError> {
    let mut out = Vec::new();
    let command = Cli::command();
    let page = clap_mangen::Man::new(command.clone());
    page.render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("corroborate {}", sub.get_name());
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let page = clap_mangen::Man::new(sub.clone());
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    emit(&String::from_utf8_lossy(&out))?;
    Ok(Outcome::Success)
}
