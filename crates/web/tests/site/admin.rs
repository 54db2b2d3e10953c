//! The organizers' admin through the real router: invitations, passwords, the second factor
//! and its replay guard, throttling, sessions (fixation, rotation, privilege changes), every
//! route against the roles' table, and moderation of relay letters with the key unlocked.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use outcry_domain::access::{Permission, Role};
use outcry_seal::{AccessToken, TotpSecret};
use outcry_storage::Actor;
use outcry_web::admin_rules::{Access, RULES};

use crate::harness::{OPEN, Page, TestApp, form};

/// A browser with its own cookie jar, as an organizer's.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    jar: BTreeMap<String, String>,
    /// The authenticator app's secret, once enrolled.
    pub secret: Option<TotpSecret>,
    pub email: String,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp, email: &str) -> Browser<'a> {
        Browser {
            app,
            jar: BTreeMap::new(),
            secret: None,
            email: email.to_string(),
        }
    }

    /// The same browser (cookies and all) talking to another instance of the site.
    pub fn on<'b>(&self, app: &'b TestApp) -> Browser<'b> {
        Browser {
            app,
            jar: self.jar.clone(),
            secret: None,
            email: self.email.clone(),
        }
    }

    fn cookies(&self) -> Vec<String> {
        self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    fn keep(&mut self, page: &Page) {
        for c in page.cookies() {
            if let Some((k, v)) = c.split_once('=') {
                if v.is_empty() {
                    self.jar.remove(k);
                } else {
                    self.jar.insert(k.to_string(), v.to_string());
                }
            }
        }
    }

    /// The admin session cookie's value.
    pub fn session(&self) -> Option<String> {
        self.jar.get("outcry_admin").cloned()
    }

    pub fn set_session(&mut self, value: &str) {
        self.jar.insert("outcry_admin".into(), value.into());
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let cookies = self.cookies().join("; ");
        let page = self.app.get_with(path, "cookie", &cookies).await;
        self.keep(&page);
        page
    }

    /// Posts `fields` with the CSRF token of a fresh render of `from`.
    pub async fn submit(&mut self, from: &str, to: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(from).await;
        let csrf = page.input("csrf");
        self.post(to, &csrf, fields).await
    }

    pub async fn post(&mut self, to: &str, csrf: &str, fields: &[(&str, &str)]) -> Page {
        let mut all = vec![("csrf", csrf)];
        all.extend_from_slice(fields);
        let page = self.app.post(to, &self.cookies(), &form(&all)).await;
        self.keep(&page);
        page
    }

    /// A CSRF token for this browser, from the login page.
    pub async fn token(&mut self) -> String {
        let page = self.get("/admin/en/login").await;
        match page.location() {
            Some(next) => {
                let next = next.to_string();
                self.get(&next).await.input("csrf")
            }
            None => page.input("csrf"),
        }
    }

    pub async fn login(&mut self, password: &str) -> Page {
        let email = self.email.clone();
        self.submit(
            "/admin/en/login",
            "/admin/en/login",
            &[("email", &email), ("password", password)],
        )
        .await
    }

    pub async fn code(&mut self, code: &str) -> Page {
        self.submit(
            "/admin/en/login/code",
            "/admin/en/login/code",
            &[("code", code)],
        )
        .await
    }
}

pub const PASSWORD: &str = "granite lantern orbit meadow";

/// An account made as `outcry user add` makes it; the set-password link.
pub async fn invite(app: &TestApp, email: &str, role: Role) -> String {
    let token = AccessToken::generate().expect("token");
    let now = app.state.clock.now();
    app.store()
        .create_account(
            email,
            role,
            &token.hash(),
            now + jiff::SignedDuration::from_hours(72),
            now,
            &Actor::command_line(),
        )
        .await
        .expect("account");
    format!("/admin/en/password?t={}", token.text())
}

/// The unix time of the site's clock.
fn unix(app: &TestApp) -> u64 {
    u64::try_from(app.state.clock.now().as_second()).expect("after 1970")
}

/// An organizer signed in with every factor their role needs (enrolling an app when it does).
pub async fn signed_in<'a>(app: &'a TestApp, email: &str, role: Role) -> Browser<'a> {
    let link = invite(app, email, role).await;
    let mut b = Browser::new(app, email);
    let set = b
        .submit(
            &link,
            "/admin/en/password",
            &[
                ("t", link.rsplit('=').next().expect("token")),
                ("password", PASSWORD),
                ("again", PASSWORD),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let login = b.login(PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    if login.location() == Some("/admin/en/two-factor") {
        let page = b.get("/admin/en/two-factor").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let secret = secret_from(&page);
        let code = secret.code_at(unix(app)).expect("code");
        let done = b
            .post(
                "/admin/en/two-factor",
                &page.input("csrf"),
                &[("code", &code)],
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.count_of("[data-test=recovery-codes] li"), 10);
        b.secret = Some(secret);
    } else {
        assert_eq!(login.location(), Some("/admin/en/"));
    }
    b
}

/// The secret an enrolment page shows as text.
fn secret_from(page: &Page) -> TotpSecret {
    let text = page.text_of("[data-test=secret]").replace(' ', "");
    let bytes = base32_decode(&text);
    TotpSecret::from_bytes(bytes)
}

/// RFC 4648 base32 without padding, as the page shows it (the test's own, so it does not
/// trust the code under test to read back what it wrote).
fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.chars().filter(|c| *c != '=') {
        let v = ALPHABET.find(c).expect("base32 letter") as u64;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push(((bits >> n) & 0xff) as u8);
        }
    }
    out
}

#[tokio::test]
async fn an_invitation_sets_a_password_once_and_then_the_link_is_gone() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let link = invite(&app, "tr@example.org", Role::Translator).await;
    let mut b = Browser::new(&app, "tr@example.org");
    let page = b.get(&link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.text_of("[data-test=account]"), "tr@example.org");
    assert_eq!(page.header(axum::http::header::CACHE_CONTROL), "no-store");
    let token = link.rsplit('=').next().expect("token");
    // A weak password is refused with the reason, the link still good.
    let weak = b
        .post(
            "/admin/en/password",
            &page.input("csrf"),
            &[
                ("t", token),
                ("password", "password1234"),
                ("again", "password1234"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(
        weak.text_of("[data-test=error]")
            .contains("too easy to guess"),
        "{}",
        weak.body
    );
    let set = b
        .submit(
            &link,
            "/admin/en/password",
            &[("t", token), ("password", PASSWORD), ("again", PASSWORD)],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(
        b.get(&link).await.status,
        StatusCode::GONE,
        "a link works once"
    );
    // A translator needs no second factor: signed in at once.
    let login = b.login(PASSWORD).await;
    assert_eq!(login.location(), Some("/admin/en/"));
    let home = b.get("/admin/en/").await;
    assert!(
        home.text_of("[data-test=signed-in]")
            .contains("tr@example.org · translator")
    );
    // The stored password is an Argon2id hash, not the password.
    let account = app
        .store()
        .account_by_email("tr@example.org")
        .await
        .expect("reads")
        .expect("exists");
    let hash = account.password_hash.expect("set");
    assert!(
        hash.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"),
        "{hash}"
    );
    // Another link, unused for 72 hours, has expired.
    let later = invite(&app, "late@example.org", Role::Translator).await;
    app.advance(72 * 3600 + 1);
    assert_eq!(
        Browser::new(&app, "late@example.org")
            .get(&later)
            .await
            .status,
        StatusCode::GONE
    );
}

#[tokio::test]
async fn a_used_time_step_is_refused_again_and_a_recovery_code_works_once() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let mut b = signed_in(&app, "mod@example.org", Role::Moderator).await;
    let secret = b.secret.take().expect("a moderator must enrol");
    // The enrolment code's step is spent: logging in again within it needs the next step.
    let sign_out = b.token().await;
    let _ = b.post("/admin/en/logout", &sign_out, &[]).await;
    assert_eq!(
        b.get("/admin/en/").await.location(),
        Some("/admin/en/login")
    );
    assert_eq!(
        b.login(PASSWORD).await.location(),
        Some("/admin/en/login/code")
    );
    let same = secret.code_at(unix(&app)).expect("code");
    let refused = b.code(&same).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "the enrolment code is spent"
    );
    assert!(
        refused
            .text_of("[data-test=error]")
            .contains("already used")
    );
    app.advance(30);
    let next = secret.code_at(unix(&app)).expect("code");
    let ok = b.code(&next).await;
    assert_eq!(ok.location(), Some("/admin/en/"), "{}", ok.body);
    // The same code, replayed by a second login within its step, is refused.
    let mut other = Browser::new(&app, "mod@example.org");
    assert_eq!(
        other.login(PASSWORD).await.location(),
        Some("/admin/en/login/code")
    );
    assert_eq!(
        other.code(&next).await.status,
        StatusCode::BAD_REQUEST,
        "replay refused"
    );
    // An older step (the previous code, still inside the ±1 window) is refused too.
    assert_eq!(other.code(&same).await.status, StatusCode::BAD_REQUEST);
    // A recovery code: from a fresh enrolment of the same account.
    let enrol = b.get("/admin/en/two-factor").await;
    let fresh = secret_from(&enrol);
    app.advance(30);
    let codes_page = b
        .post(
            "/admin/en/two-factor",
            &enrol.input("csrf"),
            &[("code", &fresh.code_at(unix(&app)).expect("code"))],
        )
        .await;
    let codes = codes_page.select("[data-test=recovery-codes] li");
    assert_eq!(codes.len(), 10);
    let mut third = Browser::new(&app, "mod@example.org");
    assert_eq!(
        third.login(PASSWORD).await.location(),
        Some("/admin/en/login/code")
    );
    assert_eq!(
        third.code(&codes[3].to_uppercase()).await.location(),
        Some("/admin/en/")
    );
    let mut fourth = Browser::new(&app, "mod@example.org");
    fourth.login(PASSWORD).await;
    assert_eq!(
        fourth.code(&codes[3]).await.status,
        StatusCode::BAD_REQUEST,
        "used once"
    );
    assert_eq!(fourth.code(&codes[4]).await.location(), Some("/admin/en/"));
    // The secret and the codes are not in the database in clear.
    let stored = app
        .store()
        .account_by_email("mod@example.org")
        .await
        .expect("reads")
        .expect("exists");
    let sealed = stored.totp_secret.expect("enrolled");
    assert!(
        !sealed
            .windows(fresh.as_bytes().len())
            .any(|w| w == fresh.as_bytes())
    );
    assert_eq!(
        app.store()
            .recovery_codes_left(stored.id)
            .await
            .expect("reads"),
        8
    );
}

#[tokio::test]
async fn five_failures_a_minute_stop_an_account_and_a_network_alike_with_one_message() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    signed_in(&app, "ed@example.org", Role::Translator).await;
    let mut b = Browser::new(&app, "ed@example.org");
    for _ in 0..5 {
        let wrong = b.login("not the password at all").await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            wrong.text_of("[data-test=error]"),
            "The email address or the password is not right."
        );
    }
    let throttled = b.login(PASSWORD).await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password waits too"
    );
    assert!(
        throttled
            .text_of("[data-test=error]")
            .contains("Wait a minute")
    );
    // An account that does not exist answers the same way.
    let mut ghost = Browser::new(&app, "nobody@example.org");
    for _ in 0..5 {
        let wrong = ghost.login("not the password at all").await;
        assert_eq!(
            wrong.text_of("[data-test=error]"),
            "The email address or the password is not right."
        );
    }
    assert_eq!(ghost.login("x").await.status, StatusCode::TOO_MANY_REQUESTS);
    app.advance(61);
    assert_eq!(
        b.login(PASSWORD).await.location(),
        Some("/admin/en/"),
        "a minute later"
    );
}

#[tokio::test]
async fn one_network_guessing_at_many_accounts_is_stopped_too() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let token_page = app.get("/admin/en/login").await;
    let cookies = token_page.cookies();
    let csrf = token_page.input("csrf");
    let mut last = None;
    for i in 0..6 {
        let email = format!("guess{i}@example.org");
        let page = app
            .post_from(
                "203.0.113.7",
                None,
                "/admin/en/login",
                &cookies,
                &form(&[
                    ("csrf", &csrf),
                    ("email", &email),
                    ("password", "hunter2hunter2"),
                ]),
            )
            .await;
        last = Some(page.status);
    }
    assert_eq!(last, Some(StatusCode::TOO_MANY_REQUESTS));
    // Another network is not held up by it.
    let other = app
        .post_from(
            "198.51.100.9",
            None,
            "/admin/en/login",
            &cookies,
            &form(&[
                ("csrf", &csrf),
                ("email", "guess9@example.org"),
                ("password", "hunter2hunter2"),
            ]),
        )
        .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_planted_session_id_never_becomes_a_signed_in_session() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    signed_in(&app, "victim@example.org", Role::Translator).await;
    let planted = "a".repeat(64);
    let mut b = Browser::new(&app, "victim@example.org");
    b.set_session(&planted);
    assert_eq!(b.login(PASSWORD).await.location(), Some("/admin/en/"));
    let issued = b.session().expect("a session cookie");
    assert_ne!(issued, planted, "the server chose a new id");
    let mut attacker = Browser::new(&app, "attacker@example.org");
    attacker.set_session(&planted);
    assert_eq!(
        attacker.get("/admin/en/").await.location(),
        Some("/admin/en/login")
    );
    // The id in the database is a hash: the cookie's value is nowhere in the file.
    if let Some(bytes) = app.database_bytes() {
        assert!(!bytes.windows(64).any(|w| w == issued.as_bytes()));
    }
}

#[tokio::test]
async fn the_second_step_gets_a_new_session_id_and_the_first_stops_working() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let mut b = signed_in(&app, "m2@example.org", Role::Moderator).await;
    let secret = b.secret.take().expect("enrolled");
    let mut c = Browser::new(&app, "m2@example.org");
    c.login(PASSWORD).await;
    let halfway = c.session().expect("a session after the password");
    // Halfway, nothing but the code page opens.
    assert_eq!(
        c.get("/admin/en/letters").await.location(),
        Some("/admin/en/login/code")
    );
    app.advance(30);
    assert_eq!(
        c.code(&secret.code_at(unix(&app)).expect("code"))
            .await
            .location(),
        Some("/admin/en/")
    );
    let full = c.session().expect("a session");
    assert_ne!(full, halfway);
    let mut stale = Browser::new(&app, "m2@example.org");
    stale.set_session(&halfway);
    assert_eq!(
        stale.get("/admin/en/").await.location(),
        Some("/admin/en/login")
    );
}

#[tokio::test]
async fn a_role_taken_away_is_gone_at_once_and_nobody_grants_themselves_more() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let mut admin = signed_in(&app, "admin@example.org", Role::Admin).await;
    let mut tr = signed_in(&app, "t@example.org", Role::Translator).await;
    // A translator cannot invite, change roles, or see the accounts.
    let token = tr.token().await;
    let invite = tr
        .post(
            "/admin/en/users",
            &token,
            &[("email", "evil@example.org"), ("role", "admin")],
        )
        .await;
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    assert!(
        app.store()
            .account_by_email("evil@example.org")
            .await
            .expect("reads")
            .is_none()
    );
    let me = app
        .store()
        .account_by_email("t@example.org")
        .await
        .expect("reads")
        .expect("exists");
    let promote = tr
        .post(
            &format!("/admin/en/users/{}", me.id),
            &token,
            &[("op", "role"), ("role", "admin")],
        )
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    assert_eq!(
        tr.get("/admin/en/users").await.status,
        StatusCode::FORBIDDEN
    );
    // An admin demotes a moderator: the moderator's session ends.
    let mut moderator = signed_in(&app, "m@example.org", Role::Moderator).await;
    assert_eq!(
        moderator.get("/admin/en/letters").await.status,
        StatusCode::OK
    );
    let m = app
        .store()
        .account_by_email("m@example.org")
        .await
        .expect("reads")
        .expect("exists");
    let done = admin
        .submit(
            "/admin/en/users",
            &format!("/admin/en/users/{}", m.id),
            &[("op", "role"), ("role", "translator")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        moderator.get("/admin/en/letters").await.location(),
        Some("/admin/en/login")
    );
    // An admin cannot demote or disable themselves.
    let a = app
        .store()
        .account_by_email("admin@example.org")
        .await
        .expect("reads")
        .expect("exists");
    let own = admin
        .submit(
            "/admin/en/users",
            &format!("/admin/en/users/{}", a.id),
            &[("op", "disable")],
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    // Each change is in the audit log, with who made it.
    let log = admin.get("/admin/en/audit?action=account.role").await;
    let rows = log.select("[data-test=audit] tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    for part in [
        "admin@example.org",
        "account.role",
        "m@example.org",
        "moderator",
        "translator",
    ] {
        assert!(rows[0].contains(part), "{rows:?}");
    }
}

/// The concrete path of a rule's pattern.
fn concrete(pattern: &str, account: i64) -> String {
    pattern
        .replace("{lang}", "en")
        .replace("{case}", "azat-miftakhov")
        .replace("{account}", &account.to_string())
}

#[tokio::test]
async fn every_admin_route_answers_each_role_as_the_table_says() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let target = invite(&app, "someone@example.org", Role::Translator).await;
    let _ = target;
    let someone = app
        .store()
        .account_by_email("someone@example.org")
        .await
        .expect("reads")
        .expect("exists");
    let mut walked = 0;
    for role in Role::ALL {
        let mut b = signed_in(&app, &format!("{}@example.org", role.as_str()), role).await;
        // The routes that end the session go last, so every other one is tried signed in.
        let ends_session = |p: &str| p.contains("/logout");
        let ordered = RULES
            .iter()
            .filter(|r| !ends_session(r.pattern))
            .chain(RULES.iter().filter(|r| ends_session(r.pattern)));
        for rule in ordered {
            let path = concrete(rule.pattern, someone.id);
            let page = if rule.method == axum::http::Method::GET {
                b.get(&path).await
            } else {
                let token = b.token().await;
                // Fields that do nothing harmful: an unknown op, no letters ticked.
                b.post(&path, &token, &[("op", "none"), ("decision", "none")])
                    .await
            };
            // Refused for the role: the 403 that says so (a 403 "signed out" is a rule of
            // another kind, such as the code page after the code was given).
            let refused =
                page.status == StatusCode::FORBIDDEN && page.body.contains("Not for your role");
            let expected_refusal = match rule.access {
                Access::May(p) => !role.may(p),
                _ => false,
            };
            assert_eq!(
                refused, expected_refusal,
                "{role:?} {} {}: {} {}",
                rule.method, rule.pattern, page.status, page.body
            );
            assert_eq!(
                page.header(axum::http::header::CACHE_CONTROL),
                "no-store",
                "{} {}",
                rule.method,
                rule.pattern
            );
            if !ends_session(rule.pattern) {
                assert!(
                    page.location() != Some("/admin/en/login")
                        && !page.body.contains("You are signed out"),
                    "{role:?} is still signed in after {} {}",
                    rule.method,
                    rule.pattern
                );
            }
            walked += 1;
        }
    }
    assert_eq!(walked, RULES.len() * Role::ALL.len());
    // Without a session, only the Anyone routes open; pages send to the login.
    let mut stranger = Browser::new(&app, "x@example.org");
    for rule in RULES.iter().filter(|r| r.access != Access::Anyone) {
        let path = concrete(rule.pattern, someone.id);
        let page = if rule.method == axum::http::Method::GET {
            stranger.get(&path).await
        } else {
            let token = stranger.token().await;
            stranger.post(&path, &token, &[]).await
        };
        if rule.method == axum::http::Method::GET {
            assert_eq!(page.location(), Some("/admin/en/login"), "{}", rule.pattern);
        } else {
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", rule.pattern);
        }
    }
    // Every permission some route needs is in the table, and the roles' table is what the
    // domain says (the table's own test lives in outcry-domain).
    let needed: std::collections::BTreeSet<_> = RULES
        .iter()
        .filter_map(|r| match r.access {
            Access::May(p) => Some(p),
            _ => None,
        })
        .collect();
    assert!(needed.contains(&Permission::ModerateLetters));
}

#[tokio::test]
async fn a_moderator_reads_approves_and_prints_a_letter_with_the_key_unlocked() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    // A supporter hands a letter to the group.
    let page = app.get(crate::harness::WRITE).await;
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let sent = app
        .post(
            &format!("{}/relay", crate::harness::WRITE),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат! Держитесь, мы помним о Вас."),
                ("signature", "Анна"),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mut m = signed_in(&app, "mod@example.org", Role::Moderator).await;
    let list = m.get("/admin/en/letters").await;
    assert_eq!(list.text_of("[data-test=pending]"), "1");
    let queue = m.get("/admin/en/letters/azat-miftakhov").await;
    assert_eq!(queue.count_of("[data-test=letter]"), 1);
    assert!(
        !queue.has("[data-test=letter-text]"),
        "sealed until the key is unlocked"
    );
    assert!(!queue.body.contains("Держитесь"));
    // Approving unread is refused.
    let id = queue.attr("[data-test=letter] input[name=letter]", "value");
    let unread = m
        .post(
            "/admin/en/letters/azat-miftakhov",
            &queue.input("csrf"),
            &[("letter", &id), ("decision", "approve")],
        )
        .await;
    assert_eq!(unread.status, StatusCode::BAD_REQUEST);
    // A wrong key is refused; the right one unlocks.
    let wrong = outcry_seal::Identity::generate();
    let bad = m
        .submit(
            "/admin/en/key",
            "/admin/en/key",
            &[("op", "unlock"), ("identity", &secret_line(&wrong))],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let ok = m
        .submit(
            "/admin/en/key",
            "/admin/en/key",
            &[
                ("op", "unlock"),
                ("identity", &secret_line(&app.identity)),
                ("back", "/admin/en/letters/azat-miftakhov"),
            ],
        )
        .await;
    assert_eq!(
        ok.location(),
        Some("/admin/en/letters/azat-miftakhov"),
        "{}",
        ok.body
    );
    let open = m.get("/admin/en/letters/azat-miftakhov").await;
    assert!(
        open.text_of("[data-test=letter-text]")
            .contains("Держитесь, мы помним о Вас.")
    );
    let approved = m
        .post(
            "/admin/en/letters/azat-miftakhov",
            &open.input("csrf"),
            &[("letter", &id), ("decision", "approve")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let queue = m
        .get("/admin/en/letters/azat-miftakhov?status=approved")
        .await;
    assert_eq!(queue.count_of("[data-test=letter]"), 1);
    let pdf = m
        .post(
            "/admin/en/letters/azat-miftakhov/print",
            &queue.input("csrf"),
            &[("paper", "a4"), ("envelope", "dl")],
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(
        pdf.header(axum::http::header::CONTENT_TYPE),
        "application/pdf"
    );
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert_eq!(
        app.store()
            .relay_counts(&"azat-miftakhov".parse().expect("slug"))
            .await
            .expect("counts")
            .printed,
        1
    );
    // The reads, the approval and the print are in the audit log.
    let entries = app
        .store()
        .audit_log(&outcry_storage::AuditFilter {
            actor: None,
            action: Some("letter.".into()),
            before_id: None,
            limit: 50,
        })
        .await
        .expect("log");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in ["letter.read", "letter.approve", "letter.print"] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    // Signing out forgets the key: the session's row is gone.
    let token = m.token().await;
    m.post("/admin/en/logout", &token, &[]).await;
    let mut again = signed_in_again(&app, &mut m).await;
    let queue = again
        .get("/admin/en/letters/azat-miftakhov?status=printed")
        .await;
    assert!(
        !queue.has("[data-test=letter-text]"),
        "the key is locked in a new session"
    );
}

/// Logs `b`'s account in again (password and the next code).
async fn signed_in_again<'a>(app: &'a TestApp, b: &mut Browser<'a>) -> Browser<'a> {
    let secret = b.secret.take().expect("enrolled");
    let mut c = Browser::new(app, &b.email);
    c.login(PASSWORD).await;
    app.advance(30);
    assert_eq!(
        c.code(&secret.code_at(unix(app)).expect("code"))
            .await
            .location(),
        Some("/admin/en/")
    );
    c.secret = Some(secret);
    c
}

/// The identity's secret line, as its key file holds it.
fn secret_line(identity: &outcry_seal::Identity) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("key.txt");
    identity.write_new(&path).expect("writes");
    std::fs::read_to_string(&path).expect("reads")
}

#[tokio::test]
async fn admin_pages_are_never_stored_and_carry_the_sites_security_headers() {
    let app = TestApp::at(OPEN).await;
    let page = app.get("/admin/en/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header(axum::http::header::CACHE_CONTROL), "no-store");
    assert!(
        page.header(axum::http::header::CONTENT_SECURITY_POLICY)
            .contains("default-src 'self'")
    );
    assert_eq!(page.header(axum::http::header::X_FRAME_OPTIONS), "DENY");
    assert!(!page.body.contains("<script"));
    // In Russian too.
    let ru = app.get("/admin/ru/login").await;
    assert_eq!(ru.text_of("h1"), "Вход");
    // A login form posted without its token is refused.
    let no_token = app
        .post(
            "/admin/en/login",
            &[],
            &form(&[("email", "a@b.org"), ("password", "x")]),
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_an_admin_address_of_its_own_the_site_has_no_admin() {
    let config = outcry_web::WebConfig {
        admin_apart: true,
        ..crate::harness::live_counts()
    };
    let app = TestApp::with_config(OPEN, config).await;
    assert_eq!(
        app.get("/admin/en/login").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/admin/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(crate::harness::ACTION).await.status, StatusCode::OK);
    // The admin's own router serves it, with its stylesheet, and nothing of the site.
    let admin = outcry_web::admin_router(app.state.clone());
    let answer = |path: &str| {
        let admin = admin.clone();
        let path = path.to_string();
        async move {
            use tower::ServiceExt;
            admin
                .oneshot(
                    axum::http::Request::get(path)
                        .body(axum::body::Body::empty())
                        .expect("request"),
                )
                .await
                .expect("answers")
                .status()
        }
    };
    assert_eq!(answer("/admin/en/login").await, StatusCode::OK);
    assert_eq!(answer(crate::harness::ACTION).await, StatusCode::NOT_FOUND);
}

/// A new admin page starts as a pattern in `paths.rs` (the one place for URLs): each one must
/// have a rule, so a route added without one fails here, not only at the guard (which refuses
/// it to everyone). The two redirects in front of the guard are the exceptions.
#[test]
fn every_admin_pattern_has_a_rule() {
    let source = include_str!("../../src/paths.rs");
    let patterns: Vec<&str> = source
        .lines()
        .filter(|l| l.starts_with("pub const ADMIN_"))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(patterns.len() > 10, "{patterns:?}");
    for pattern in patterns {
        if pattern == "/admin/" || pattern == "/admin/password" {
            continue;
        }
        assert!(
            RULES.iter().any(|r| r.pattern == pattern),
            "{pattern} has no rule in admin/rules.rs"
        );
    }
}

#[tokio::test]
async fn a_session_its_unlocked_key_and_the_failure_counts_hold_on_a_second_instance() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let page = app.get(crate::harness::WRITE).await;
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    app.post(
        &format!("{}/relay", crate::harness::WRITE),
        &cookies,
        &form(&[
            ("csrf", &token),
            ("text", "Дорогой Азат! Мы с Вами."),
            ("signature", "Анна"),
        ]),
    )
    .await;
    let mut m = signed_in(&app, "mod@example.org", Role::Moderator).await;
    let unlocked = m
        .submit(
            "/admin/en/key",
            "/admin/en/key",
            &[("op", "unlock"), ("identity", &secret_line(&app.identity))],
        )
        .await;
    assert_eq!(unlocked.status, StatusCode::SEE_OTHER, "{}", unlocked.body);
    // Behind a load balancer the next request reaches another process: the same database,
    // nothing of the first one's memory.
    let other = app.instance_at(OPEN);
    let mut there = m.on(&other);
    let queue = there.get("/admin/en/letters/azat-miftakhov").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(
        queue
            .text_of("[data-test=letter-text]")
            .contains("Мы с Вами")
    );
    // Failed logins counted on one instance stop the next try on the other.
    let mut guesser = Browser::new(&app, "mod@example.org");
    for _ in 0..5 {
        guesser.login("not the password at all").await;
    }
    let mut elsewhere = Browser::new(&other, "mod@example.org");
    assert_eq!(
        elsewhere.login(PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Signing out on one ends the session on both.
    let token = m.token().await;
    m.post("/admin/en/logout", &token, &[]).await;
    assert_eq!(
        there.get("/admin/en/letters").await.location(),
        Some("/admin/en/login")
    );
}

#[tokio::test]
async fn a_page_number_in_the_audit_log_that_is_not_one_is_a_localized_400() {
    let app = TestApp::with_moving_clock(OPEN, crate::harness::live_counts()).await;
    let mut admin = signed_in(&app, "a@example.org", Role::Admin).await;
    let page = admin.get("/admin/ru/audit?before=abc").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.header(axum::http::header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    assert_eq!(page.attr("html", "lang"), "ru");
    assert_eq!(
        admin.get("/admin/en/audit?before=5").await.status,
        StatusCode::OK
    );
}
