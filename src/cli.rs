//! The command line, as clap definitions only. Each subcommand's behaviour is in
//! `commands/<name>.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Outcry runs urgent actions for people at risk: cases, appeals to officials, letters.
#[derive(Debug, Parser)]
#[command(name = "outcry", version, about, max_term_width = 100)]
pub struct Cli {
    /// The config file (TOML; `outcry config example` shows every setting). Default:
    /// outcry.toml in --data-dir, when there is one. Flags and OUTCRY_* variables win over it.
    #[arg(long, env = "OUTCRY_CONFIG", value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// How log lines are written to stderr: text for people, json for a log collector.
    #[arg(
        long,
        env = "OUTCRY_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,

    /// Log what is happening (to stderr).
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives. SQLite in the data directory unless a URL says otherwise.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB`. Default: SQLite in --data-dir.
    #[arg(long, env = "OUTCRY_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and other local files; created if missing.
    #[arg(long, env = "OUTCRY_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Allow an unencrypted connection to a PostgreSQL server that is not on this machine.
    /// Without it, such a URL must ask for TLS (`sslmode=require`, or better `verify-full`
    /// with `sslrootcert=`), because the connection carries supporters' data.
    #[arg(long, env = "OUTCRY_DATABASE_ALLOW_PLAINTEXT", global = true)]
    pub database_allow_plaintext: bool,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a case file (TOML) or the plain text of an urgent action.
    Import(ImportArgs),
    /// Print a case with its actions and targets as a case file (TOML) on stdout.
    Export(ExportArgs),
    /// Load the demo case (Azat Miftakhov, from the seed documents), with its news article,
    /// author and column, into the database.
    Demo,
    /// List the cases in the database.
    Cases,
    /// News articles and columns: load them from Markdown files (docs/articles.md), list them.
    #[command(subcommand)]
    Article(ArticleCommand),
    /// The people who write articles and columns: load them from TOML files, list them.
    #[command(subcommand)]
    Author(AuthorCommand),
    /// Apply database migrations (they also run whenever the database is opened).
    Migrate(MigrateArgs),
    /// The settings: check the config file and show what applies, or print an example file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The secret that signs forms and cookies, when Outcry keeps it in the database.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Copy the SQLite database to a file while the site runs (consistent, online).
    Backup(BackupArgs),
    /// Put a backup made by `outcry backup` in place of the SQLite database.
    Restore(RestoreArgs),
    /// Letters to prisoners that the group prints and posts for their writers (relay mode).
    #[command(subcommand)]
    Letters(LettersCommand),
    /// An action's public count: its records hour by hour, and hours taken out of the count.
    #[command(subcommand)]
    Counts(CountsCommand),
    /// Serve the public site.
    Serve(Box<ServeArgs>),
    /// The organization's key pair, which personal data is sealed to.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Send the outbox's mail on its own, without serving the site (`outcry serve` runs a
    /// worker too unless --no-mail-worker): for a machine of its own, or several.
    Worker(Box<WorkerArgs>),
    /// Mail Outcry sends: a test message to check the settings, what the outbox holds.
    #[command(subcommand)]
    Mail(Box<MailCommand>),
    /// Read returned mail (delivery reports, bounces) from files, maildirs or standard input
    /// (a Postfix `pipe` transport): a bounce of a message Outcry sent marks it bounced, and an
    /// official's address that bounces hard (or soft, 5 times) is no longer offered. Prints
    /// one JSON line per message.
    Bounces(BouncesArgs),
    /// Erase personal data past its retention: the sealed content of relay letters printed or
    /// rejected more than --retention-days ago (their counts stay). `outcry serve` does this
    /// daily by itself.
    Retention(RetentionArgs),
    /// Organizers' accounts for the admin: add one (it gets a one-time link to set its
    /// password), list them, disable, enable, reset (lost password or phone), change a role.
    User(UserArgs),
}

/// `outcry user …`.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// The public address of the site (`https://act.example.org`), which the set-password
    /// links `add` and `reset` print start with. Without it they print the link's path, to
    /// open on the site's address.
    #[arg(long, env = "OUTCRY_PUBLIC_URL", default_value = "", global = true)]
    pub public_url: String,

    #[command(subcommand)]
    pub command: UserCommand,
}

/// What `outcry user` does.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Make an account and print its one-time link (72 hours) to set a password.
    Add(UserAddArgs),
    /// List the accounts: email, role, second factor, last login, disabled.
    List,
    /// Disable an account: it logs in nowhere, its sessions end, its link stops working.
    Disable(UserEmailArg),
    /// Let a disabled account log in again.
    Enable(UserEmailArg),
    /// For a lost password or phone: clear the password, the second factor and the recovery
    /// codes, end the sessions, and print a new one-time link (72 hours).
    Reset(UserEmailArg),
    /// Give an account another role; its sessions end.
    Role(UserRoleArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The organizer's email address: the login name, and where the link is meant to go.
    pub email: String,
    /// What the account may do: admin, editor, moderator or translator.
    #[arg(long, value_parser = parse_role)]
    pub role: outcry_domain::access::Role,
}

#[derive(Debug, Args)]
pub struct UserEmailArg {
    /// The account's email address.
    pub email: String,
}

#[derive(Debug, Args)]
pub struct UserRoleArgs {
    /// The account's email address.
    pub email: String,
    /// The new role: admin, editor, moderator or translator.
    #[arg(value_parser = parse_role)]
    pub role: outcry_domain::access::Role,
}

/// A role by its name, as the database and the audit log write it.
fn parse_role(s: &str) -> Result<outcry_domain::access::Role, String> {
    outcry_domain::access::Role::parse(s).ok_or_else(|| {
        let names: Vec<&str> = outcry_domain::access::Role::ALL
            .iter()
            .map(|r| r.as_str())
            .collect();
        format!("no role {s:?}: one of {}", names.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Only list the migrations, applied and pending; apply nothing.
    #[arg(long)]
    pub status: bool,
}

/// `outcry config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Read the config file, the environment and the flags as `outcry serve` would, check
    /// every value, and print the settings that apply and where each comes from (secrets
    /// redacted). Exit code 2 when something is wrong.
    Check,
    /// Print a commented example config file with every setting and its default.
    Example,
}

/// `outcry secret …`.
#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Make a new signing secret. Running servers take it up within a minute and sign with it
    /// two minutes from now; forms and cookies signed with the old one are still accepted for
    /// --keep-old-hours. (A secret given by --secret or --secret-file is rotated by changing
    /// the setting and listing the old one in --previous-secrets instead.)
    Rotate(SecretRotateArgs),
    /// List the secrets kept in the database: when each signs from and until when it is
    /// accepted. Never prints a secret.
    Status,
}

#[derive(Debug, Args)]
pub struct SecretRotateArgs {
    /// Hours the old secret is still accepted, so forms already open are not refused.
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=24 * 90))]
    pub keep_old_hours: u32,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write; must not exist yet.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore.
    pub file: PathBuf,

    /// Replace a database that exists (stop `outcry serve` first).
    #[arg(long)]
    pub force: bool,
}

/// `outcry keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a new key pair: write the secret key (the identity) to a new file, readable by you
    /// only, and print the public key (age1…) to give the server with --seal-to. Keep the file
    /// off the server, and keep a copy: what is sealed to a lost key is lost.
    Generate(KeysGenerateArgs),
}

#[derive(Debug, Args)]
pub struct KeysGenerateArgs {
    /// The identity file to write; never overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// How long personal data is kept: shared by `serve` and `retention`.
#[derive(Debug, Clone, Args)]
pub struct RetentionPolicy {
    /// Days to keep a relay letter's sealed content after it was printed or rejected (to the
    /// hour, so up to an hour less), for cases that set no `retention_days` of their own in
    /// `[case.relay]`. 0 erases at the next run.
    #[arg(
        long,
        env = "OUTCRY_RETENTION_DAYS",
        value_name = "DAYS",
        default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(0..=i64::from(outcry_domain::Relay::MAX_RETENTION_DAYS))
    )]
    pub retention_days: u32,
}

impl RetentionPolicy {
    /// The policy as the domain reads it.
    pub fn retention(&self) -> outcry_domain::Retention {
        outcry_domain::Retention {
            default_days: self.retention_days,
        }
    }
}

/// Where mail goes and how it is signed: shared by `serve`, `worker` and `mail`.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The SMTP relay mail is sent through: `smtp://[user:pass@]host[:port]` (add
    /// `?tls=required` for STARTTLS) or `smtps://…`. Without it Outcry sends no mail, and the
    /// ways to act that need mail are not offered. A password is refused in plain text to
    /// another machine.
    #[arg(
        long,
        env = "OUTCRY_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,

    /// The site's own address, which mail comes from (`appeals@act.example.org`); the
    /// supporter's name is its display name on an appeal. Required with --smtp-url (the demo
    /// uses outcry-demo@localhost).
    #[arg(long, env = "OUTCRY_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,

    /// The domain of bounce addresses (`bounce+…@DOMAIN`), whose mail must reach
    /// `outcry bounces`; the --mail-from domain unless set.
    #[arg(long, env = "OUTCRY_BOUNCE_DOMAIN", value_name = "DOMAIN")]
    pub bounce_domain: Option<String>,

    /// The DKIM selector to sign with (the DNS name `SELECTOR._domainkey.DOMAIN` holds the
    /// public key); needs --dkim-key-file.
    #[arg(
        long,
        env = "OUTCRY_DKIM_SELECTOR",
        value_name = "SELECTOR",
        requires = "dkim_key_file"
    )]
    pub dkim_selector: Option<String>,

    /// The DKIM private key: RSA in PKCS#1 PEM (`openssl genrsa -traditional 2048`) or an
    /// Ed25519 seed in base64. Mail is signed for the --mail-from domain.
    #[arg(
        long,
        env = "OUTCRY_DKIM_KEY_FILE",
        value_name = "FILE",
        requires = "dkim_selector"
    )]
    pub dkim_key_file: Option<PathBuf>,

    /// The outbox key (64 hex digits, `openssl rand -hex 32`): messages waiting to be sent
    /// are encrypted with it, so the database and its backups cannot be read without it.
    /// Keep it outside the database, the same file on every instance. Without it, on SQLite,
    /// one is made as outbox.key in --data-dir.
    #[arg(long, env = "OUTCRY_OUTBOX_KEY_FILE", value_name = "FILE")]
    pub outbox_key_file: Option<PathBuf>,

    /// SMTP connections one worker opens at once.
    #[arg(
        long,
        env = "OUTCRY_SMTP_CONNECTIONS",
        default_value_t = 4,
        value_parser = clap::value_parser!(u32).range(1..=64)
    )]
    pub smtp_connections: u32,

    /// Days a message that cannot be sent is tried again before it counts as failed.
    #[arg(
        long,
        env = "OUTCRY_MAIL_MAX_AGE_DAYS",
        default_value_t = 7,
        value_parser = clap::value_parser!(u32).range(1..=30)
    )]
    pub mail_max_age_days: u32,

    /// Seconds a worker holds the messages it took before another worker may take them (it
    /// stops starting new sends at half of it). A worker that dies leaves its batch for this
    /// long: shorter means dead workers' mail goes sooner, and must still exceed the time a
    /// batch takes to send.
    #[arg(
        long,
        env = "OUTCRY_MAIL_LEASE_SECONDS",
        default_value_t = 600,
        value_parser = clap::value_parser!(u32).range(5..=3600)
    )]
    pub mail_lease_seconds: u32,
}

#[derive(Debug, Args)]
pub struct BouncesArgs {
    /// Message files, maildirs (their new/ and cur/ are read), or `-` for one message on
    /// standard input.
    #[arg(required_unless_present = "clear", value_name = "FILE|MAILDIR|-")]
    pub inputs: Vec<PathBuf>,

    /// Forget an official's address's bounces, so pages offer it again (after checking it
    /// works); `outcry cases` lists the flagged ones.
    #[arg(long, value_name = "ADDRESS", conflicts_with_all = ["inputs", "dry_run"])]
    pub clear: Option<String>,

    /// Change nothing: only print what each message is and which sent message it is about.
    #[arg(long)]
    pub dry_run: bool,

    /// The address the message was delivered to, as the mail server knows it (Postfix's
    /// `${recipient}`): the bounce address, when no header of the message still carries it.
    #[arg(long, value_name = "ADDRESS")]
    pub recipient: Option<String>,

    /// The outbox key, whose MAC every bounce address carries (as for `serve`). Without it,
    /// on SQLite, outbox.key in --data-dir.
    #[arg(long, env = "OUTCRY_OUTBOX_KEY_FILE", value_name = "FILE")]
    pub outbox_key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub mail: MailArgs,
}

/// `outcry mail …`.
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Put a short test message in the outbox, to see the settings work end to end: a running
    /// `outcry serve` or `outcry worker` sends it (or --send-now does).
    Test(MailTestArgs),
    /// How many messages are in each state of the outbox.
    Status,
}

#[derive(Debug, Args)]
pub struct MailTestArgs {
    /// Where the test message goes.
    #[arg(long, value_name = "ADDRESS")]
    pub to: String,

    /// Send it from this command at once instead of leaving it to a worker.
    #[arg(long)]
    pub send_now: bool,

    #[command(flatten)]
    pub mail: MailArgs,
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// List what would be erased, erase nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub policy: RetentionPolicy,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "OUTCRY_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,

    /// Load the demo case into a fresh in-memory database (unless --database-url is given) and
    /// serve it. Past the seed action's deadline, the site runs as if today were --demo-today.
    #[arg(long)]
    pub demo: bool,

    /// With --demo: the date the site pretends it is, so the seed action can still be acted on.
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        default_value = "2026-06-01",
        requires = "demo"
    )]
    pub demo_today: jiff::civil::Date,

    /// The public address of the site (`https://act.example.org`), for share links.
    #[arg(long, env = "OUTCRY_PUBLIC_URL", default_value = "")]
    pub public_url: String,

    /// Send Strict-Transport-Security and mark cookies Secure: only when served over HTTPS.
    #[arg(long, env = "OUTCRY_HSTS")]
    pub hsts: bool,

    /// A reverse proxy in front of the site (an address or a network, `127.0.0.1`,
    /// `10.0.0.0/8`); repeat for each. X-Forwarded-For is read only from these, and only as
    /// far as they wrote it, to find the client's address for the POST limit. In the
    /// environment: a comma-separated list.
    #[arg(
        long = "trusted-proxy",
        env = "OUTCRY_TRUSTED_PROXIES",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<outcry_web::Cidr>,

    /// POSTs allowed per minute from one host (an IPv4 address, an IPv6 /64); past it, the
    /// visitor answers a simple question instead of being refused.
    #[arg(long, env = "OUTCRY_POSTS_PER_MINUTE", default_value_t = 30)]
    pub posts_per_minute: u32,

    /// POSTs allowed per minute from one network (an IPv4 /24, an IPv6 /48).
    #[arg(long, env = "OUTCRY_NETWORK_POSTS_PER_MINUTE", default_value_t = 240)]
    pub network_posts_per_minute: u32,

    /// Reports of having acted allowed per minute for one action, from everyone together;
    /// past it, everyone answers a simple question.
    #[arg(long, env = "OUTCRY_ACTION_POSTS_PER_MINUTE", default_value_t = 600)]
    pub action_posts_per_minute: u32,

    /// The human check's questions, from a TOML file of `[[question]]` entries with `prompt`
    /// (per language) and `answers` (see docs/operations.md). Without it, built-in questions
    /// in every interface language. Every instance behind a load balancer needs the same file.
    #[arg(long, env = "OUTCRY_HUMAN_QUESTIONS", value_name = "FILE")]
    pub human_questions: Option<PathBuf>,

    /// Minutes between two refreshes of the public counts (per action and channel, per case,
    /// the relay queue's "waiting"). Between two steps every page shows the same numbers, so
    /// watching them does not tell when one supporter acted, or how; the supporter's own
    /// thank-you page says their action counted. 0 shows counts live (for development only).
    #[arg(
        long,
        env = "OUTCRY_COUNT_REFRESH",
        value_name = "MINUTES",
        default_value_t = 5,
        value_parser = clap::value_parser!(u64).range(0..=24 * 60)
    )]
    pub count_refresh: u64,

    /// Also listen here for Tor's onion service: every connection must start with a PROXY
    /// protocol header (torrc: `HiddenServiceExportCircuitID haproxy`), so each Tor circuit
    /// gets its own rate limit. Bind it to 127.0.0.1 only.
    #[arg(long, env = "OUTCRY_ONION_LISTEN", value_name = "ADDR")]
    pub onion_listen: Option<std::net::SocketAddr>,

    /// Seconds a client has to send a request's headers (and an idle kept-alive connection
    /// may wait) before its connection is closed.
    #[arg(
        long,
        env = "OUTCRY_HEADER_READ_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 10
    )]
    pub header_read_timeout: u64,

    /// Seconds a request may take before it is answered with 503 (try again).
    #[arg(
        long,
        env = "OUTCRY_REQUEST_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 20
    )]
    pub request_timeout: u64,

    /// Requests answered at once; beyond this, 503 at once (load shedding).
    #[arg(long, env = "OUTCRY_MAX_IN_FLIGHT", default_value_t = 512)]
    pub max_in_flight: usize,

    /// PDF downloads that may wait for a free core; beyond this, 503.
    #[arg(long, env = "OUTCRY_PDF_QUEUE", default_value_t = 16)]
    pub pdf_queue: usize,

    /// The organization's public key (age1…, from `outcry keys generate`): relay letters are
    /// sealed to it before they are stored, and only its secret key, kept off the server, opens
    /// them. Required when a case relays letters (serve refuses to start without it); with
    /// --demo, a demo key pair is made in --data-dir instead.
    #[arg(long, env = "OUTCRY_SEAL_TO", value_name = "AGE_PUBLIC_KEY")]
    pub seal_to: Option<String>,

    /// Pending relay letters one case may hold; past it, writers are asked to try later.
    #[arg(long, env = "OUTCRY_RELAY_QUEUE_CAP", default_value_t = 500)]
    pub relay_queue_cap: u64,

    #[command(flatten)]
    pub retention: RetentionPolicy,

    /// Secret for signing form tokens and cookies: 64 hex digits. Without it (or
    /// --secret-file), one is made once and kept in the database, which every instance
    /// sharing the database then uses. A flag is visible to other users in `ps`: prefer the
    /// environment, the config file or --secret-file.
    #[arg(
        long,
        env = "OUTCRY_SECRET",
        hide_env_values = true,
        conflicts_with = "secret_file"
    )]
    pub secret: Option<String>,

    /// A file holding the secret (64 hex digits), such as a systemd credential
    /// (`$CREDENTIALS_DIRECTORY/secret`) or a Docker secret.
    #[arg(long, env = "OUTCRY_SECRET_FILE", value_name = "FILE")]
    pub secret_file: Option<PathBuf>,

    /// Secrets used before the configured one, still accepted for checking forms and cookies
    /// (never for signing): after changing --secret, list the old one here for a day, so forms
    /// already open are not refused. Comma-separated in the environment.
    #[arg(
        long,
        env = "OUTCRY_PREVIOUS_SECRETS",
        value_name = "HEX",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub previous_secrets: Vec<String>,

    /// Serve Prometheus metrics (`/metrics`) on this address, apart from the site so they are
    /// never public by accident. Off unless set; bind it to 127.0.0.1 or a private network.
    /// `/healthz` and `/readyz` are on the site's address.
    #[arg(long, env = "OUTCRY_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<std::net::SocketAddr>,

    /// Serve the organizers' admin (`/admin/`) on this address only, not on the site's: bind
    /// it to 127.0.0.1 (reached over SSH), a VPN address, or an onion service's local port.
    /// Unset, the admin is at `/admin/` on the site's address.
    #[arg(long, env = "OUTCRY_ADMIN_LISTEN", value_name = "ADDR")]
    pub admin_listen: Option<std::net::SocketAddr>,

    #[command(flatten)]
    pub mail: MailArgs,

    /// Do not send the outbox's mail from this process (run `outcry worker` elsewhere).
    #[arg(long, env = "OUTCRY_NO_MAIL_WORKER")]
    pub no_mail_worker: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read: `*.toml` is a case file; anything else is read as urgent-action text.
    pub file: PathBuf,

    /// How to read the file, if its name does not tell.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Print the result as a case file on stdout instead of storing it.
    #[arg(long)]
    pub dry_run: bool,

    /// Publication date (YYYY-MM-DD) of an urgent action, to resolve a deadline without a year.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<jiff::civil::Date>,

    /// Refuse an urgent action when a required field (headline, person, target, letter,
    /// deadline) was not found, instead of importing it as a draft.
    #[arg(long)]
    pub strict: bool,
}

/// `outcry article …`; each variant has its arm in `commands/news.rs`.
#[derive(Debug, Subcommand)]
pub enum ArticleCommand {
    /// Load articles from Markdown files with TOML front matter (docs/articles.md), adding
    /// each or updating it in place. A file with a mistake is refused whole, with its line;
    /// the others are still loaded, and the command then exits with status 2.
    Add(ArticleAddArgs),
    /// List the articles, newest first: date, language, slug, title, author.
    List(ArticleListArgs),
}

#[derive(Debug, Args)]
pub struct ArticleAddArgs {
    /// The files: `SLUG.md` or `SLUG.LANG.md` (the slug comes from the name unless the front
    /// matter gives one).
    #[arg(required = true, value_name = "FILE.md")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ArticleListArgs {
    /// Only the articles in this language (ISO 639-1, such as `en`).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<outcry_domain::Lang>,
}

/// `outcry author …`; each variant has its arm in `commands/news.rs`.
#[derive(Debug, Subcommand)]
pub enum AuthorCommand {
    /// Load authors from TOML files (docs/articles.md), adding each or updating it in place.
    Add(AuthorAddArgs),
    /// List the authors: slug, name, and the languages their name is given in.
    List,
}

#[derive(Debug, Args)]
pub struct AuthorAddArgs {
    /// The files.
    #[arg(required = true, value_name = "FILE.toml")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The portable TOML case file (docs/case-file.md).
    CaseFile,
    /// Plain text of an urgent action as human-rights groups publish it.
    UaText,
}

/// `outcry letters …`, one variant per subcommand; each has its arm in
/// `commands/letters.rs::run`, which hands it the opened store.
#[derive(Debug, Subcommand)]
pub enum LettersCommand {
    /// List a case's relay letters, oldest first: id, status, hour, language, the checker's
    /// warnings; with --identity, also the start of the text and the signature.
    Queue(LettersQueueArgs),
    /// Show letters in full, opened with the organization's key, with the censor checker's
    /// warnings. Changes nothing.
    Show(LettersShowArgs),
    /// Approve letters for printing: shows each in full (opened with --identity) with its
    /// warnings, then asks for a "y" on stdin. Only letters shown are approved.
    Approve(LettersApproveArgs),
    /// Reject letters: they are kept, never printed. An approved letter can still be rejected
    /// until it is printed.
    Reject(LetterIds),
    /// Print every approved letter of a case into one PDF (each letter, then its envelope),
    /// opened with --identity: the letters are claimed first (status printing), so one
    /// rejected meanwhile is never printed, and marked printed after, so nothing prints twice.
    Print(LettersPrintArgs),
}

/// The organization's secret key, to open sealed letters on this machine.
#[derive(Debug, Args)]
pub struct IdentityArg {
    /// The identity file from `outcry keys generate` (or `age-keygen`).
    #[arg(long, value_name = "FILE")]
    pub identity: PathBuf,
}

#[derive(Debug, Args)]
pub struct LettersShowArgs {
    /// The letters' ids, as `outcry letters queue` lists them.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,

    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct LettersApproveArgs {
    /// The letters' ids, as `outcry letters queue` lists them.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,

    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct LettersPrintArgs {
    /// The case's slug, as `outcry cases` lists it.
    #[arg(long, value_name = "SLUG")]
    pub case: String,

    /// The PDF to write; must not exist yet.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Paper size.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,

    /// Envelope size: DL (A4 folded in three) or C5 (A4 folded once).
    #[arg(long, value_enum, default_value = "dl")]
    pub envelope: EnvelopeArg,

    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    UsLetter,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EnvelopeArg {
    Dl,
    C5,
}

#[derive(Debug, Args)]
pub struct LettersQueueArgs {
    /// The case's slug, as `outcry cases` lists it.
    #[arg(long, value_name = "SLUG")]
    pub case: String,

    /// Only the letters in this status (default: all).
    #[arg(long, value_enum)]
    pub status: Option<LetterStatus>,

    /// The identity file, to show the start of each text and the signature too.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LetterIds {
    /// The letters' ids, as `outcry letters queue` lists them.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
}

/// A relay letter's status, as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterStatus {
    /// Submitted, not read yet.
    Pending,
    /// Approved, waiting to be printed.
    Approved,
    /// Rejected: kept, never printed.
    Rejected,
    /// Claimed by a print run under way.
    Printing,
    /// Printed for posting.
    Printed,
}

/// `outcry counts …`, one variant per subcommand; each has its arm in
/// `commands/counts.rs::run`, which hands it the opened store.
#[derive(Debug, Subcommand)]
pub enum CountsCommand {
    /// List an action's records per hour (UTC) over the last days, oldest first: hour, records,
    /// and whether they are counted; then the count the site shows.
    List(CountsListArgs),
    /// Take an hour's records out of an action's public count, as after a flood of fake
    /// reports. The records stay stored, and the decision is kept with its time and reason.
    Discount(CountsDiscountArgs),
    /// Count a discounted hour again.
    Restore(CountsHourArgs),
}

#[derive(Debug, Args)]
pub struct CountsListArgs {
    /// The action's slug, as in its address on the site (`/en/a/SLUG`).
    pub action: String,

    /// How many days back to list.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub days: u16,
}

#[derive(Debug, Args)]
pub struct CountsHourArgs {
    /// The action's slug, as in its address on the site (`/en/a/SLUG`).
    pub action: String,

    /// The hour, in UTC, as `outcry counts list` shows it: 2026-06-01T14 is 14:00 to 14:59.
    #[arg(long, value_name = "YYYY-MM-DDTHH")]
    pub hour: UtcHour,
}

#[derive(Debug, Args)]
pub struct CountsDiscountArgs {
    #[command(flatten)]
    pub at: CountsHourArgs,

    /// Why, in a line, kept beside the decision and shown by `outcry counts list`.
    #[arg(long)]
    pub reason: Option<String>,
}

/// An hour in UTC as the command line spells it, `2026-06-01T14`: the moment it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcHour(pub jiff::Timestamp);

impl std::str::FromStr for UtcHour {
    type Err = String;

    fn from_str(text: &str) -> Result<UtcHour, String> {
        let wrong =
            || format!("{text:?} is not an hour: use YYYY-MM-DDTHH in UTC, such as 2026-06-01T14");
        // The exact shape first: strptime alone would take `2026-6-1T9` too.
        if text.len() != 13 || text.as_bytes().get(10) != Some(&b'T') {
            return Err(wrong());
        }
        jiff::civil::DateTime::strptime("%Y-%m-%dT%H", text)
            .and_then(|t| t.to_zoned(jiff::tz::TimeZone::UTC))
            .map(|z| UtcHour(z.timestamp()))
            .map_err(|_| wrong())
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The case's slug, as `outcry cases` lists it.
    pub case: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn an_hour_is_read_in_utc_and_only_in_one_spelling() {
        let hour: super::UtcHour = "2026-06-01T14".parse().expect("an hour");
        assert_eq!(hour.0, "2026-06-01T14:00:00Z".parse().expect("timestamp"));
        for wrong in [
            "2026-06-01 14",
            "2026-06-01T24",
            "2026-06-01T14:00",
            "2026-6-1T14",
            "2026-02-30T10",
            "2026-06-01Tx4",
            "2026-06-01Ж4",
            "",
        ] {
            assert!(wrong.parse::<super::UtcHour>().is_err(), "{wrong:?}");
        }
    }
}
