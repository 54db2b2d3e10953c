//! Where each setting comes from. Strongest first: a flag on the command line, an `OUTCRY_*`
//! environment variable, the config file, the built-in default.
//!
//! The settings are clap's own arguments: every argument with an environment variable is a
//! setting, and its key in the file is that variable's name without `OUTCRY_`, in lower case
//! (`OUTCRY_TRUSTED_PROXIES` ↔ `trusted_proxies`; a `[mail]` table would hold
//! `OUTCRY_MAIL_*`). So one definition gives the flag, the variable, the file key, the help
//! and the example file, and clap's own parsers check a value from the file exactly as they
//! check it from a flag.
//!
//! The file is applied by handing clap, for each setting neither a flag nor the environment
//! gave, the file's value as if it were a flag — then parsing once more. A value clap refuses
//! is reported with the file's name and line, never as a flag the admin did not type.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// The file looked for in the data directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "outcry.toml";

/// Larger than any config file a person writes; a bigger one is a mistake.
const MAX_FILE_BYTES: u64 = 256 * 1024;

/// Why the settings could not be read.
#[derive(Debug)]
pub enum Failure {
    /// The command line itself (or `--help`, `--version`): clap prints it and picks the code.
    Usage(clap::Error),
    /// The config file, with its name and line in the message.
    File(String),
}

/// Where one setting's value came from, for `outcry config check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment(String),
    File { path: PathBuf, line: usize },
    Default,
    Unset,
}

/// The parsed command line, and where each of the command's settings came from.
#[derive(Debug)]
pub struct Loaded {
    pub cli: Cli,
    /// The config file applied, if any.
    pub file: Option<PathBuf>,
    /// One entry per setting of the command that runs (and of the global ones), by key.
    pub sources: BTreeMap<String, (Source, Vec<String>)>,
}

/// Reads the command line, the environment and the config file.
pub fn load(argv: Vec<OsString>) -> Result<Loaded, Failure> {
    let first = Cli::command()
        .try_get_matches_from(&argv)
        .map_err(Failure::Usage)?;
    let file = config_path(&first);
    let Some(path) = file else {
        return finish(&first, None, &BTreeMap::new());
    };
    let text = read(&path)?;
    let settings = parse_file(&path, &text)?;
    let mut extra = Vec::new();
    let mut from_file = BTreeMap::new();
    // Flag name → the file's key and line, to put a value clap refuses back where it was.
    let mut injected = BTreeMap::new();
    for (args, matches) in active_commands(&first) {
        for arg in args {
            let Some(key) = key_of(&arg) else { continue };
            let Some(setting) = settings.get(&key) else {
                continue;
            };
            let given = matches!(
                matches.value_source(arg.get_id().as_str()),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            );
            if given {
                continue;
            }
            extra.extend(as_flags(&arg, setting, &path)?);
            if let Some(long) = arg.get_long() {
                injected.insert(long.to_string(), (key.clone(), setting.line));
            }
            from_file.insert(key, setting.line);
        }
    }
    let mut full = argv.clone();
    full.extend(extra);
    let second = Cli::command()
        .try_get_matches_from(&full)
        .map_err(|e| from_the_file(e, &injected, &path))?;
    finish(&second, Some(path), &from_file)
}

/// A value clap refused, as the file's mistake when it came from the file: clap's reason,
/// with the file, the line and the key instead of a flag the admin never typed.
fn from_the_file(
    error: clap::Error,
    injected: &BTreeMap<String, (String, usize)>,
    path: &Path,
) -> Failure {
    use clap::error::{ContextKind, ContextValue};
    let flag = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => arg.split_whitespace().next().unwrap_or_default(),
        _ => "",
    };
    let Some((key, line)) = injected.get(flag.trim_start_matches("--")) else {
        return Failure::Usage(error);
    };
    let text = error.to_string();
    let reason = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    Failure::File(format!("{}:{line}: {key}: {reason}", path.display()))
}

/// `--config`, or `outcry.toml` in the data directory when it exists there.
fn config_path(matches: &ArgMatches) -> Option<PathBuf> {
    if let Some(path) = matches.get_one::<PathBuf>("config") {
        return Some(path.clone());
    }
    let data_dir = matches.get_one::<PathBuf>("data_dir")?;
    let default = data_dir.join(DEFAULT_FILE);
    default.is_file().then_some(default)
}

fn read(path: &Path) -> Result<String, Failure> {
    let failed = |e: std::io::Error| Failure::File(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(failed)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Failure::File(format!(
            "{}: {size} bytes is too large for a config file (at most {MAX_FILE_BYTES})",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(failed)?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::File(format!("{}: not UTF-8 text", path.display())))
}

/// One key of the file: its line and its value, as text (an array gives several).
#[derive(Debug, Clone)]
struct FileSetting {
    line: usize,
    values: Vec<String>,
    /// `true`/`false` as TOML booleans, for on/off settings.
    boolean: Option<bool>,
}

/// The file's keys, flattened (`[mail] host` → `mail_host`), each checked to be a setting.
fn parse_file(path: &Path, text: &str) -> Result<BTreeMap<String, FileSetting>, Failure> {
    let at = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let line = e.span().map_or(1, |s| at(s.start));
        let message = e.message().trim().to_string();
        Failure::File(format!("{}:{line}: not TOML: {message}", path.display()))
    })?;
    let known = known_keys();
    let mut out = BTreeMap::new();
    let mut pending: Vec<(String, &toml::de::DeTable<'_>)> = vec![(String::new(), table.get_ref())];
    while let Some((prefix, table)) = pending.pop() {
        for (key, value) in table {
            let name = format!("{prefix}{}", key.get_ref());
            let line = at(key.span().start);
            let wrong = |why: String| Failure::File(format!("{}:{line}: {why}", path.display()));
            if let toml::de::DeValue::Table(inner) = value.get_ref() {
                pending.push((format!("{name}_"), inner));
                continue;
            }
            if name == "config" {
                return Err(wrong(
                    "`config` cannot be set in a config file (give --config or OUTCRY_CONFIG)"
                        .into(),
                ));
            }
            if !known.contains(&name) {
                let hint = strsim_closest(&name, &known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                return Err(wrong(format!(
                    "unknown setting `{name}`{hint}; outcry.example.toml lists them all"
                )));
            }
            let setting = file_setting(value.get_ref(), line).map_err(wrong)?;
            if out.insert(name.clone(), setting).is_some() {
                return Err(wrong(format!("`{name}` is set twice")));
            }
        }
    }
    Ok(out)
}

fn file_setting(value: &toml::de::DeValue<'_>, line: usize) -> Result<FileSetting, String> {
    use toml::de::DeValue;
    let scalar = |value: &DeValue<'_>| -> Result<String, String> {
        match value {
            DeValue::String(s) => Ok(s.to_string()),
            DeValue::Integer(i) if i.radix() == 10 => Ok(i.as_str().replace('_', "")),
            DeValue::Boolean(b) => Ok(b.to_string()),
            other => Err(format!(
                "a {} is not a value Outcry reads here: write a string, a whole number, true or \
                 false",
                other.type_str()
            )),
        }
    };
    match value {
        DeValue::Array(items) => Ok(FileSetting {
            line,
            values: items
                .iter()
                .map(|item| scalar(item.get_ref()))
                .collect::<Result<_, _>>()?,
            boolean: None,
        }),
        DeValue::Boolean(b) => Ok(FileSetting {
            line,
            values: vec![b.to_string()],
            boolean: Some(*b),
        }),
        other => Ok(FileSetting {
            line,
            values: vec![scalar(other)?],
            boolean: None,
        }),
    }
}

/// The closest known key, for a typo.
fn strsim_closest<'a>(name: &str, known: &'a BTreeSet<String>) -> Option<&'a String> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// The file's value for `arg` as the flags clap would have been given.
fn as_flags(arg: &clap::Arg, setting: &FileSetting, path: &Path) -> Result<Vec<OsString>, Failure> {
    let long = arg.get_long().unwrap_or_else(|| arg.get_id().as_str());
    let wrong = |why: String| {
        Failure::File(format!(
            "{}:{}: {}: {why}",
            path.display(),
            setting.line,
            key_of(arg).unwrap_or_default()
        ))
    };
    if matches!(arg.get_action(), ArgAction::SetTrue) {
        return match setting.boolean {
            Some(true) => Ok(vec![format!("--{long}").into()]),
            Some(false) => Ok(Vec::new()),
            None => Err(wrong("write true or false".into())),
        };
    }
    if setting.values.len() > 1 && !matches!(arg.get_action(), ArgAction::Append) {
        return Err(wrong("takes one value, not a list".into()));
    }
    Ok(setting
        .values
        .iter()
        .map(|value| OsString::from(format!("--{long}={value}")))
        .collect())
}

/// A setting's key in the file: its variable's name without `OUTCRY_`, in lower case.
pub fn key_of(arg: &clap::Arg) -> Option<String> {
    let env = arg.get_env()?.to_str()?;
    let key = env.strip_prefix("OUTCRY_")?.to_ascii_lowercase();
    (key != "config").then_some(key)
}

/// Every setting of every command, by key.
fn known_keys() -> BTreeSet<String> {
    fn walk(command: &clap::Command, into: &mut BTreeSet<String>) {
        into.extend(command.get_arguments().filter_map(key_of));
        for sub in command.get_subcommands() {
            walk(sub, into);
        }
    }
    let mut keys = BTreeSet::new();
    walk(&Cli::command(), &mut keys);
    keys
}

/// The command that runs and the ones above it, each with its arguments and its matches:
/// the top level (the global settings), then each subcommand down to the one chosen.
fn active_commands(matches: &ArgMatches) -> Vec<(Vec<clap::Arg>, ArgMatches)> {
    let mut out = Vec::new();
    let mut command = Cli::command();
    let mut matches = matches.clone();
    loop {
        let args: Vec<clap::Arg> = command.get_arguments().cloned().collect();
        let next = matches
            .subcommand()
            .map(|(name, sub)| (name.to_string(), sub.clone()));
        out.push((args, matches));
        let Some((name, sub)) = next else { break };
        let Some(found) = command.find_subcommand(&name).cloned() else {
            break;
        };
        command = found;
        matches = sub;
    }
    out
}

fn finish(
    matches: &ArgMatches,
    file: Option<PathBuf>,
    from_file: &BTreeMap<String, usize>,
) -> Result<Loaded, Failure> {
    let cli = Cli::from_arg_matches(matches).map_err(Failure::Usage)?;
    let mut sources = BTreeMap::new();
    for (args, matches) in active_commands(matches) {
        for arg in args {
            let Some(key) = key_of(&arg) else { continue };
            let id = arg.get_id().as_str();
            let values: Vec<String> = match arg.get_action() {
                ArgAction::SetTrue => vec![matches.get_flag(id).to_string()],
                _ => matches
                    .get_raw(id)
                    .map(|raw| raw.map(|v| v.to_string_lossy().into_owned()).collect())
                    .unwrap_or_default(),
            };
            let source = match (from_file.get(&key), matches.value_source(id)) {
                (Some(&line), _) => Source::File {
                    path: file.clone().unwrap_or_default(),
                    line,
                },
                (None, Some(ValueSource::CommandLine)) => Source::Flag,
                (None, Some(ValueSource::EnvVariable)) => {
                    Source::Environment(format!("OUTCRY_{}", key.to_ascii_uppercase()))
                }
                (None, Some(ValueSource::DefaultValue)) => Source::Default,
                _ => Source::Unset,
            };
            sources.insert(key, (source, values));
        }
    }
    Ok(Loaded { cli, file, sources })
}

/// The commented example file: every setting of `serve` and the global ones, with its help,
/// its variable and its default, all commented out so the example changes nothing.
pub fn example() -> String {
    let mut out = String::from(
        "# outcry.toml: Outcry's settings. Every line here is commented out and shows the\n\
         # default; uncomment what you change. A flag on the command line wins over the\n\
         # environment variable named beside each setting, which wins over this file.\n\
         # Put the file in the data directory as outcry.toml, or name it with --config /\n\
         # OUTCRY_CONFIG. Check it with `outcry config check`. This file is generated by\n\
         # `outcry config example`; a test keeps it in step with the program.\n",
    );
    let command = Cli::command();
    let serve = command.find_subcommand("serve").cloned();
    let args = command
        .get_arguments()
        .chain(serve.iter().flat_map(|s| s.get_arguments()));
    for arg in args {
        let Some(key) = key_of(arg) else { continue };
        if arg.is_hide_set() {
            continue;
        }
        out.push('\n');
        let help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        for line in wrap(&help, 88) {
            out.push_str(&format!("# {line}\n"));
        }
        let env = format!("OUTCRY_{}", key.to_ascii_uppercase());
        match arg.get_long() {
            Some(long) => out.push_str(&format!("# Environment: {env}. Flag: --{long}.\n")),
            None => out.push_str(&format!("# Environment: {env}.\n")),
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let value = match (arg.get_action(), defaults.as_slice()) {
            (ArgAction::SetTrue, _) => "false".to_string(),
            (ArgAction::Append, []) => "[]".to_string(),
            (_, [one]) => toml_value(one),
            (_, []) => "\"\"".to_string(),
            (_, many) => format!(
                "[{}]",
                many.iter()
                    .map(|v| toml_value(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push_str(&format!("#{key} = {value}\n"));
    }
    out
}

fn toml_value(text: &str) -> String {
    if text.parse::<i64>().is_ok() {
        text.to_string()
    } else {
        format!("{text:?}")
    }
}

/// `text` in lines of at most `width` characters, paragraphs kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split("\n\n") {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_with(file: &str, args: &[&str]) -> Result<Loaded, Failure> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("outcry.toml");
        std::fs::write(&path, file).expect("write");
        let mut argv: Vec<OsString> = vec!["outcry".into(), "--config".into(), path.into()];
        argv.extend(args.iter().map(OsString::from));
        load(argv)
    }

    fn serve(loaded: &Loaded) -> &crate::cli::ServeArgs {
        match &loaded.cli.command {
            crate::cli::Command::Serve(args) => args,
            other => panic!("not serve: {other:?}"),
        }
    }

    #[test]
    fn the_file_fills_in_what_flags_do_not_give() {
        let loaded = load_with(
            "listen = \"127.0.0.1:9000\"\nposts_per_minute = 7\nhsts = true\n\
             trusted_proxies = [\"10.0.0.0/8\", \"127.0.0.1\"]\n",
            &["serve", "--posts-per-minute", "9"],
        )
        .expect("loads");
        let args = serve(&loaded);
        assert_eq!(args.listen.port(), 9000);
        assert_eq!(args.posts_per_minute, 9, "the flag wins over the file");
        assert!(args.hsts);
        assert_eq!(args.trusted_proxies.len(), 2);
        assert!(matches!(
            loaded.sources["listen"].0,
            Source::File { line: 1, .. }
        ));
        assert_eq!(loaded.sources["posts_per_minute"].0, Source::Flag);
        assert_eq!(loaded.sources["request_timeout"].0, Source::Default);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_file_and_line() {
        let Err(Failure::File(message)) = load_with("# note\n\nlisen = \"x\"\n", &["serve"]) else {
            panic!("an unknown key must be refused");
        };
        assert!(message.contains("outcry.toml:3:"), "{message}");
        assert!(message.contains("did you mean `listen`"), "{message}");

        let Err(Failure::File(message)) = load_with(
            "listen = \"127.0.0.1:80\"\nposts_per_minute = \"many\"\n",
            &["serve"],
        ) else {
            panic!("a bad value must be refused");
        };
        assert!(
            message.contains("outcry.toml:2: posts_per_minute:"),
            "{message}"
        );

        let Err(Failure::File(message)) = load_with("[serve\nlisten = 1", &["serve"]) else {
            panic!("broken TOML must be refused");
        };
        assert!(message.contains("outcry.toml:1: not TOML"), "{message}");

        let Err(Failure::File(message)) = load_with("hsts = \"yes\"\n", &["serve"]) else {
            panic!("an on/off setting takes a boolean");
        };
        assert!(
            message.contains(":1: hsts: write true or false"),
            "{message}"
        );
    }

    #[test]
    fn settings_of_other_commands_are_not_errors() {
        let loaded = load_with(
            "listen = \"127.0.0.1:9000\"\nretention_days = 3\n",
            &["cases"],
        )
        .expect("a serve setting does not stop `outcry cases`");
        assert!(matches!(loaded.cli.command, crate::cli::Command::Cases));
    }

    #[test]
    fn the_example_file_is_the_one_committed_and_reads_back() {
        let committed = include_str!("../outcry.example.toml");
        assert_eq!(
            example(),
            committed,
            "outcry.example.toml is stale: run `cargo run -- config example > outcry.example.toml`"
        );
        // Uncommented, every setting that has a default loads with it.
        let uncommented: String = committed
            .lines()
            .filter(|l| !l.starts_with("# ") && *l != "#" && !l.ends_with(" = \"\""))
            .map(|l| format!("{}\n", l.trim_start_matches('#')))
            .collect();
        let loaded = load_with(&uncommented, &["serve"]).expect("the example's defaults load");
        assert_eq!(serve(&loaded).listen.port(), 8080);
    }
}
