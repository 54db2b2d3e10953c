//! `outcry user …`: organizers' accounts from the server's command line, which is how the
//! first admin account is made (nobody signs up) and how an admin locked out gets back in.
//!
//! An account is made without a password: `add` and `reset` print a one-time link (valid
//! [`LINK_VALID`]) that its owner opens to set one. Only the link token's SHA-256 is stored.
//! Every change is written to the audit log as done by the command line.

use anyhow::{Context, bail};
use outcry_domain::access::Role;
use outcry_seal::AccessToken;
use outcry_storage::{Account, Actor, Store};

use crate::cli::{DatabaseArgs, UserArgs, UserCommand};

/// How long a link printed here works.
const LINK_VALID: jiff::SignedDuration = jiff::SignedDuration::from_hours(72);

pub async fn run(db: &DatabaseArgs, args: UserArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let site = args.public_url.trim().trim_end_matches('/').to_string();
    let result = match args.command {
        UserCommand::Add(add) => self::add(&store, &site, &add.email, add.role).await,
        UserCommand::List => list(&store).await,
        UserCommand::Disable(a) => disable(&store, &a.email).await,
        UserCommand::Enable(a) => enable(&store, &a.email).await,
        UserCommand::Reset(a) => reset(&store, &site, &a.email).await,
        UserCommand::Role(a) => role(&store, &a.email, a.role).await,
    };
    store.close().await;
    result
}

async fn add(store: &Store, site: &str, email: &str, role: Role) -> anyhow::Result<()> {
    let email = normalized(email)?;
    let token = AccessToken::generate().context("making the link's token")?;
    let now = jiff::Timestamp::now();
    let made = store
        .create_account(
            &email,
            role,
            &token.hash(),
            now + LINK_VALID,
            now,
            &Actor::command_line(),
        )
        .await;
    match made {
        Ok(_) => {}
        Err(outcry_storage::Error::Conflict { .. }) => bail!(
            "an account for {email} exists already (`outcry user reset {email}` gives it a new link)"
        ),
        Err(e) => return Err(e).context("making the account"),
    }
    eprintln!(
        "account {email} made, role {role}, with no password yet: give its owner this link to \
         set one; it works once, for 72 hours"
    );
    print_link(site, &token);
    Ok(())
}

async fn list(store: &Store) -> anyhow::Result<()> {
    let accounts = store.accounts().await?;
    if accounts.is_empty() {
        eprintln!("no accounts yet: `outcry user add EMAIL --role admin` makes the first");
        return Ok(());
    }
    println!("email\trole\t2fa\tlast login\tdisabled");
    let when = |t: Option<jiff::Timestamp>, none: &str| {
        t.map_or_else(
            || none.to_string(),
            |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    for a in &accounts {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            a.email,
            a.role,
            if a.has_second_factor() { "yes" } else { "no" },
            when(a.last_login_at, "never"),
            when(a.disabled_at, "no"),
        );
    }
    Ok(())
}

async fn disable(store: &Store, email: &str) -> anyhow::Result<()> {
    let account = find(store, email).await?;
    let now = jiff::Timestamp::now();
    if store
        .disable_account(account.id, now, &Actor::command_line())
        .await?
    {
        println!(
            "{}: disabled; its sessions are ended and its link no longer works",
            account.email
        );
    } else {
        println!("{}: already disabled", account.email);
    }
    Ok(())
}

async fn enable(store: &Store, email: &str) -> anyhow::Result<()> {
    let account = find(store, email).await?;
    if store
        .enable_account(account.id, &Actor::command_line())
        .await?
    {
        println!("{}: enabled", account.email);
    } else {
        println!("{}: not disabled", account.email);
    }
    Ok(())
}

async fn reset(store: &Store, site: &str, email: &str) -> anyhow::Result<()> {
    let account = find(store, email).await?;
    let token = AccessToken::generate().context("making the link's token")?;
    let now = jiff::Timestamp::now();
    let done = store
        .reset_account(
            account.id,
            &token.hash(),
            now + LINK_VALID,
            now,
            &Actor::command_line(),
        )
        .await?;
    if !done {
        bail!("no account {}", account.email);
    }
    eprintln!(
        "{}: password, second factor and recovery codes cleared, sessions ended; give its \
         owner this link to set a new password; it works once, for 72 hours",
        account.email
    );
    if account.is_disabled() {
        eprintln!(
            "the account is disabled: the link works once it is enabled (`outcry user enable {}`)",
            account.email
        );
    }
    print_link(site, &token);
    Ok(())
}

async fn role(store: &Store, email: &str, role: Role) -> anyhow::Result<()> {
    let account = find(store, email).await?;
    if account.role == role {
        println!("{}: already {role}", account.email);
        return Ok(());
    }
    if !store
        .set_role(account.id, role, &Actor::command_line())
        .await?
    {
        bail!("no account {}", account.email);
    }
    println!(
        "{}: {} → {role}; its sessions are ended",
        account.email, account.role
    );
    Ok(())
}

/// The account with this address, or a refusal naming it.
async fn find(store: &Store, email: &str) -> anyhow::Result<Account> {
    let email = normalized(email)?;
    match store.account_by_email(&email).await? {
        Some(account) => Ok(account),
        None => bail!("no account {email} (`outcry user list` shows them)"),
    }
}

/// The address as accounts keep it: trimmed and lowercased, and a real address.
fn normalized(email: &str) -> anyhow::Result<String> {
    let email = email.trim().to_lowercase();
    if email.len() > 254 || !email_address::EmailAddress::is_valid(&email) {
        bail!("{email:?} is not an email address");
    }
    Ok(email)
}

/// The link on stdout, alone on its line (a script can take it from there).
fn print_link(site: &str, token: &AccessToken) {
    let path = format!("/admin/password?t={}", token.text());
    if site.is_empty() {
        eprintln!(
            "no --public-url (OUTCRY_PUBLIC_URL) given: open this path on the site's address"
        );
        println!("{path}");
    } else {
        println!("{site}{path}");
    }
}

#[cfg(test)]
mod tests {
    use super::normalized;

    #[test]
    fn addresses_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            normalized("  Ana.Lima@Example.ORG \n").ok().as_deref(),
            Some("ana.lima@example.org")
        );
        for bad in ["", "ana", "ana@", "@example.org", "ana lima@example.org"] {
            assert!(normalized(bad).is_err(), "{bad:?}");
        }
    }
}
