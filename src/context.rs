//! Which configuration and rules apply to a file. A [`Resolver`] discovers the nearest
//! configuration file (or uses the one given, or none), loads the rules it names on top of
//! the built-in ones, applies severities and selections, and caches the result per
//! configuration file, so a directory of a thousand files loads its rules once.

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::feedback::{Feedback, FeedbackError};
use crate::rules::{RuleSet, load_set};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConfigSource {
    /// The nearest `zhenggai.yaml`/`.zhenggai.yaml` above each file.
    Discover,
    /// This file, for every checked file.
    File(PathBuf),
    /// No configuration file.
    None,
}

/// The configuration and rules that apply to some files.
#[derive(Debug)]
pub(crate) struct Context {
    /// The effective configuration.
    pub config: Config,
    /// The rules, configured.
    pub rules: RuleSet,
}

/// Resolves and caches [`Context`]s.
pub(crate) struct Resolver {
    source: ConfigSource,
    cli_rule_dirs: Vec<PathBuf>,
    cli_select: Vec<String>,
    cli_ignore: Vec<String>,
    cli_extends: Vec<String>,
    cli_feedback: Option<PathBuf>,
    /// Feedback files read so far, by path and the configuration's synonym groups.
    feedback: Mutex<HashMap<FeedbackKey, Arc<Feedback>>>,
    /// Rebuild a cached context when one of its configuration files changed on disk (the
    /// language server runs for hours; a command-line run does not need the extra stats).
    watch: bool,
    cache: Mutex<HashMap<Option<PathBuf>, Cached>>,
    /// The configuration file found for each directory so far (not when watching: a file
    /// may appear). A run over 1,000 files in one directory looked for the same files in
    /// the same ancestors 1,000 times, before any file was checked.
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

/// A feedback file as read for one configuration: the same file with other synonym groups
/// matches differently.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FeedbackKey {
    path: PathBuf,
    /// The configuration's `feedback-synonyms`.
    synonyms: Vec<Vec<String>>,
}

/// A context and the files it was built from.
struct Cached {
    context: Arc<Context>,
    stamps: Vec<Stamp>,
}

/// A configuration file and its modification time when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// The file as it is now.
    fn of(path: &Path) -> Stamp {
        Stamp {
            path: path.to_path_buf(),
            modified: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
        }
    }

    /// Whether the file is unchanged since.
    fn current(&self) -> bool {
        Stamp::of(&self.path) == *self
    }
}

impl Resolver {
    /// A resolver; CLI rule directories and selections apply on top of any configuration.
    pub(crate) fn new(
        source: ConfigSource,
        cli_rule_dirs: Vec<PathBuf>,
        cli_select: Vec<String>,
        cli_ignore: Vec<String>,
    ) -> Self {
        Resolver {
            source,
            cli_rule_dirs,
            cli_select,
            cli_ignore,
            cli_extends: Vec::new(),
            cli_feedback: None,
            feedback: Mutex::new(HashMap::new()),
            watch: false,
            cache: Mutex::new(HashMap::new()),
            found: Mutex::new(HashMap::new()),
        }
    }

    /// Rule packs to run instead of the configuration's `packs` (`--extends`).
    pub(crate) fn with_extends(mut self, packs: Vec<String>) -> Self {
        self.cli_extends = packs;
        self
    }

    /// A feedback file for every document instead of the configuration's (`--feedback`).
    pub(crate) fn with_feedback(mut self, path: Option<PathBuf>) -> Self {
        self.cli_feedback = path;
        self
    }

    /// The feedback a document at `file` answers, read once per feedback file.
    pub(crate) fn feedback_for(
        &self,
        file: &Path,
        ctx: &Context,
    ) -> Result<Option<Arc<Feedback>>, FeedbackError> {
        let Some(path) = self
            .cli_feedback
            .clone()
            .or_else(|| ctx.config.feedback_for(file))
        else {
            return Ok(None);
        };
        let synonyms = ctx
            .config
            .feedback_synonyms
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_default();
        let key = FeedbackKey { path, synonyms };
        if let Some(f) = self
            .feedback
            .lock()
            .map_err(|_| FeedbackError::new("poisoned"))?
            .get(&key)
        {
            return Ok(Some(f.clone()));
        }
        let mut f = Feedback::load(&key.path)?;
        // Once per feedback file: what the reader could not place.
        for w in &f.warnings {
            eprintln!("zhenggai: warning: {}: {w}", key.path.display());
        }
        f.synonyms = key.synonyms.clone();
        let f = Arc::new(f);
        if let Ok(mut cache) = self.feedback.lock() {
            cache.insert(key, f.clone());
        }
        Ok(Some(f))
    }

    /// Rebuilds cached contexts whose configuration files change on disk.
    pub(crate) fn watching(mut self) -> Self {
        self.watch = true;
        self
    }

    /// The configuration file that applies to a file in `dir`.
    pub(crate) fn config_path(&self, dir: &Path) -> Option<PathBuf> {
        match &self.source {
            ConfigSource::Discover => Config::discover(dir),
            ConfigSource::File(p) => Some(p.clone()),
            ConfigSource::None => None,
        }
    }

    /// The context for a file (or, for standard input, a name) at `path`.
    pub(crate) fn for_path(&self, path: &Path) -> Result<Arc<Context>, Vec<Error>> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let key = if self.watch {
            self.config_path(&dir)
        } else {
            let found = self.found.lock().ok().and_then(|f| f.get(&dir).cloned());
            found.unwrap_or_else(|| {
                let key = self.config_path(&dir);
                if let Ok(mut f) = self.found.lock() {
                    f.insert(dir.clone(), key.clone());
                }
                key
            })
        };
        if let Some(c) = self.cache.lock().map_err(|_| Vec::new())?.get(&key) {
            if !self.watch || c.stamps.iter().all(Stamp::current) {
                return Ok(c.context.clone());
            }
        }
        let ctx = Arc::new(self.build(key.as_deref())?);
        let stamps = ctx.config.chain.iter().map(|p| Stamp::of(p)).collect();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(
                key,
                Cached {
                    context: ctx.clone(),
                    stamps,
                },
            );
        }
        Ok(ctx)
    }

    fn build(&self, config: Option<&Path>) -> Result<Context, Vec<Error>> {
        let config = match config {
            Some(p) => Config::load(p).map_err(|e| vec![e])?,
            None => Config::default(),
        };
        let mut dirs: Vec<PathBuf> = config.rule_dirs.iter().map(|s| s.value.clone()).collect();
        dirs.extend(self.cli_rule_dirs.iter().cloned());
        let mut rules = load_set(&dirs)?;
        config.validate(&rules).map_err(|e| vec![e])?;
        // Packs first (they set which rules run), then severities and selections.
        self.enable_packs(&config, &mut rules)
            .map_err(|e| vec![e])?;
        config
            .apply(&mut rules, &self.cli_select, &self.cli_ignore)
            .map_err(|kind| vec![Error::from(kind)])?;
        Ok(Context { config, rules })
    }

    /// Turns on the packs of `--extends`, or else of the configuration's `packs`; an unknown
    /// pack the configuration names is located there, one of `--extends` is not in a file.
    fn enable_packs(&self, config: &Config, rules: &mut RuleSet) -> Result<(), Error> {
        let written = config
            .packs
            .as_ref()
            .filter(|_| self.cli_extends.is_empty());
        let packs = match written {
            Some(s) => &s.value,
            None => &self.cli_extends,
        };
        if packs.is_empty() {
            return Ok(());
        }
        rules.extends(packs).map_err(|kind| match (written, &kind) {
            (Some(s), ErrorKind::UnknownPack { pack, .. }) => {
                config.error_near(&s.from, &pack.clone(), kind)
            }
            _ => Error::from(kind),
        })
    }
}
