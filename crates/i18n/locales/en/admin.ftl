# The organizers' admin.
admin-name = Outcry admin
admin-footer = Pages of the admin are never cached. Sign out when you leave a shared computer.
admin-menu = Admin menu
admin-menu-home = Start
admin-menu-letters = Letters
admin-menu-users = Accounts
admin-menu-audit = Audit log
admin-menu-settings = Settings
admin-logout = Sign out
admin-logout-everywhere = Sign out on every device
admin-yes = yes
admin-no = no
admin-save = Save

admin-role-admin = administrator
admin-role-editor = editor
admin-role-moderator = moderator
admin-role-translator = translator
admin-role-admin-does = As an administrator you can do everything: accounts, settings, the audit log, content and letters.
admin-role-editor-does = As an editor you work on cases, officials and urgent actions, and publish them.
admin-role-moderator-does = As a moderator you read, approve and print the letters supporters hand to the group.
admin-role-translator-does = As a translator you translate texts; other parts of the admin are closed to you.

admin-field-email = Email address
admin-field-password = Password
admin-field-new-password = New password
admin-field-password-again = The same password again
admin-field-code = Code
admin-field-first-code = The six-digit code the app shows now

admin-login-title = Sign in
admin-login-button = Sign in
admin-login-wrong = The email address or the password is not right.
admin-login-throttled = Too many tries. Wait a minute, then try again.
admin-login-forgot = Forgot your password or lost your phone? Ask an administrator for a new link.
admin-login-password-set = Your password is set. Sign in with it now.

admin-code-title = Second step
admin-code-body = Enter the six-digit code from your authenticator app.
admin-code-button = Continue
admin-code-wrong = That code is not right, or was already used. Wait for the next one.
admin-code-recovery = No phone at hand? Enter one of your recovery codes instead; each works once.

admin-password-title = Choose a password
admin-password-for = For the account
admin-password-rule = At least 12 characters. A few unrelated words make a good password; no special characters are needed.
admin-password-button = Set the password
admin-password-mismatch = The two passwords are not the same.
admin-password-too-short = The password is too short: use at least { $min } characters.
admin-password-too-long = The password is too long.
admin-password-too-common = That password is too easy to guess. Choose another.

admin-two-factor-title = Authenticator app
admin-two-factor-body = Scan this code with an authenticator app (such as Aegis, FreeOTP or Google Authenticator), then type the code it shows.
admin-two-factor-type = If you cannot scan, type this key into the app:
admin-two-factor-button = Confirm
admin-two-factor-wrong = That code does not match. Check the time on your phone and try the next code.
admin-two-factor-replacing = Your account has an authenticator already. Confirming a new one replaces it and your recovery codes.

admin-recovery-title = Your recovery codes
admin-recovery-body = Keep these codes somewhere safe, away from your phone. Each one signs you in once if you lose the app. They are shown only now.
admin-recovery-done = I have kept them: continue

admin-home-title = Admin
admin-home-security = Your account
admin-home-2fa-on = Sign-in with an authenticator app is on.
admin-home-2fa-off = Sign-in with an authenticator app is off.
admin-home-2fa-enrol = Turn it on
admin-home-2fa-replace = Use another phone or app
admin-home-codes-left = Recovery codes left:
admin-task-letters = Moderate and print letters to prisoners
admin-task-users = Accounts and invitations
admin-task-audit = Read the audit log
admin-task-settings = Site settings

admin-users-title = Accounts
admin-users-role = Role
admin-users-2fa = App
admin-users-last-login = Last sign-in
admin-users-actions = Changes
admin-users-disabled = disabled
admin-users-you = this is you
admin-users-set-role = Change role
admin-users-disable = Disable
admin-users-enable = Enable
admin-users-reset = New link
admin-users-logout = Sign out everywhere
admin-users-invite = Invite someone
admin-users-invite-button = Make an invitation link
admin-users-link-for = One-time link for
admin-users-link-hint = It works once, for 72 hours. Hand it over in person or by a channel you trust; the site does not mail it.
admin-users-bad-email = That is not an email address.
admin-users-bad-role = Choose one of the roles.
admin-users-exists = There is an account for that address already.
admin-users-not-yourself = You cannot disable, reset or change the role of your own account. Ask another administrator.

admin-settings-title = Settings
admin-settings-require-2fa = Everyone signs in with an authenticator app
admin-settings-require-2fa-hint = Administrators, editors and moderators always must, since they can reach supporters' letters or data.
admin-settings-saved = Saved.

admin-audit-title = Audit log
admin-audit-when = When
admin-audit-actor = Who
admin-audit-action = What
admin-audit-subject = On
admin-audit-change = Change
admin-audit-filter = Filter
admin-audit-empty = Nothing recorded matches.
admin-audit-older = Older entries

admin-letters-title = Letters to prisoners
admin-letters-no-cases = No case relays letters.
admin-case-letters-title = Letters
admin-letters-by-status = Letters by status
admin-letters-empty = No letters here.
admin-letters-locked = Letters are sealed: unlock the organization's key to read them.
admin-letter-number = Letter
admin-letter-erased = Its text was erased after printing or rejection.
admin-letter-sealed = Sealed.
admin-letter-own-return = The writer's own return address
admin-letter-status-pending = waiting
admin-letter-status-approved = approved
admin-letter-status-rejected = rejected
admin-letter-status-printing = being printed
admin-letter-status-printed = printed
admin-letters-approve = Approve the ticked letters
admin-letters-reject = Reject the ticked letters
admin-letters-to-pending = Back to waiting
admin-letters-moderated = Done.
admin-letters-none-ticked = Tick at least one letter.
admin-letters-approve-needs-key = Letters are approved only after they are read: unlock the organization's key first.
admin-letters-print-title = Print
admin-letters-print-body = Approved letters waiting to be printed:
admin-letters-paper = Paper
admin-letters-envelope = Envelope
admin-letters-print-button = Download the PDF and mark them printed
admin-letters-print-needs-key = Unlock the organization's key to print.
admin-letters-nothing-to-print = There was nothing approved to print.

admin-key-title = The organization's key
admin-key-body = Letters are sealed to the organization's key, so the server cannot read them. Paste the key file's text here to read and print letters during this session; it is forgotten when you sign out.
admin-key-field = The key (AGE-SECRET-KEY-1…)
admin-key-unlock = Unlock for this session
admin-key-forget = Forget the key now
admin-key-unlocked = The organization's key is unlocked for this session.
admin-key-locked = The organization's key is locked.
admin-key-manage = The key
admin-key-wrong = That is not the key letters are sealed to.
admin-key-no-public-key = This site seals no letters: it has no organization key configured.

error-forbidden-title = Not for your role
error-forbidden-body = Your account's role does not allow this page. Ask an administrator if you need it.
error-signed-out-title = You are signed out
error-signed-out-body = Your session has ended. Sign in again to continue.
