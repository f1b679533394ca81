//! The flags several subcommands share, declared once and flattened into each one's
//! arguments: `--config`/`--no-config` (`check`, `annotate`, `serve`, `config`) and the rule
//! selection, feedback and encoding of a checked draft (`check`, `annotate`).

use super::report_err;
use crate::context::{ConfigSource, Resolver};
use std::path::PathBuf;

/// `--config FILE` / `--no-config`: which configuration file a run uses.
#[derive(Debug, clap::Args)]
pub(crate) struct ConfigArgs {
    /// Use this configuration file instead of discovering one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long)]
    pub(crate) no_config: bool,
}

impl ConfigArgs {
    /// The configuration the flags select (discovery without either), taken as given: a
    /// `--config` file that does not exist is left for the loader to report.
    pub(crate) fn choice(&self) -> ConfigSource {
        match (&self.config, self.no_config) {
            (Some(p), _) => ConfigSource::File(p.clone()),
            (None, true) => ConfigSource::None,
            (None, false) => ConfigSource::Discover,
        }
    }

    /// [`Self::choice`], where a `--config` file that does not exist is a usage error (its
    /// exit code) before anything runs.
    pub(crate) fn source(&self) -> Result<ConfigSource, u8> {
        match &self.config {
            Some(p) if !p.is_file() => Err(report_err(&format!(
                "--config: no such file: {}",
                p.display()
            ))),
            _ => Ok(self.choice()),
        }
    }
}

/// How a draft is checked, as `check` and `annotate` take it: configuration, rules,
/// feedback and the text encoding.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckSetup {
    /// `--config` / `--no-config`.
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Decode text files as this encoding instead of detecting it (UTF-8, UTF-16LE,
    /// UTF-16BE, GBK, GB18030, Big5, …: any WHATWG encoding label).
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
    /// Also load the YAML rules in this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub(crate) rules: Vec<PathBuf>,
    /// Run only these rules (comma-separated ids); enables rules that are off by default.
    /// Overrides the configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub(crate) select: Vec<String>,
    /// Do not run these rules (comma-separated ids), in addition to the configuration's.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub(crate) ignore: Vec<String>,
    /// Run the rules of these packs (comma-separated; default: core). Packs: core, style,
    /// gbt9704, and any a `--rules` directory defines.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "PACKS",
        visible_alias = "packs"
    )]
    pub(crate) extends: Vec<String>,
    /// The inspection feedback the documents answer (YAML list of areas and problems, or
    /// the feedback text); enables `feedback-coverage`.
    #[arg(long, value_name = "FILE")]
    pub(crate) feedback: Option<PathBuf>,
}

impl CheckSetup {
    /// The resolver of the run's configuration and rules (a `--config` file that does not
    /// exist is a usage error: its exit code).
    pub(crate) fn resolver(&self) -> Result<Resolver, u8> {
        Ok(Resolver::new(
            self.config.source()?,
            self.rules.clone(),
            self.select.clone(),
            self.ignore.clone(),
        )
        .with_extends(self.extends.clone())
        .with_feedback(self.feedback.clone()))
    }

    /// `--encoding LABEL` as an encoding (`None` without the flag); an unknown label is a
    /// usage error (its exit code).
    pub(crate) fn encoding(&self) -> Result<Option<&'static encoding_rs::Encoding>, u8> {
        let Some(label) = &self.encoding else {
            return Ok(None);
        };
        encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .map(Some)
            .ok_or_else(|| {
                report_err(&format!(
                    "unknown encoding `{label}` (try UTF-8, UTF-16LE, UTF-16BE, GBK or GB18030)"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own checks of the whole command line: the flattened flags meet no other flag
    /// of the same name, and the `mut_arg("config", …)` of `check` and `serve` and every
    /// `conflicts_with` name an argument that exists.
    #[test]
    fn the_command_line_is_consistent() {
        super::super::Cli::command().debug_assert();
    }

    /// `check` and `annotate` take all the shared flags (`--extends` also as `--packs`);
    /// `check` and `serve` keep their own words for `--config`.
    #[test]
    fn the_shared_flags_are_on_each_command() {
        let cli = super::super::Cli::command();
        let sub = |name: &str| cli.find_subcommand(name).expect(name).clone();
        let flags = [
            "config",
            "no_config",
            "encoding",
            "rules",
            "select",
            "ignore",
            "extends",
            "feedback",
        ];
        for name in ["check", "annotate"] {
            let cmd = sub(name);
            for id in flags {
                assert!(
                    cmd.get_arguments().any(|a| a.get_id() == id),
                    "{name} --{id}"
                );
            }
            let extends = cmd.get_arguments().find(|a| a.get_id() == "extends");
            let aliases = extends
                .and_then(|a| a.get_visible_aliases())
                .unwrap_or_default();
            assert_eq!(aliases, ["packs"], "{name}");
        }
        let help = |name: &str| {
            let cmd = sub(name);
            let config = cmd.get_arguments().find(|a| a.get_id() == "config");
            config
                .and_then(|a| a.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default()
        };
        assert!(help("check").contains("every checked file"));
        assert!(help("serve").contains("every upload"));
        assert_eq!(
            help("annotate"),
            "Use this configuration file instead of discovering one"
        );
    }
}
