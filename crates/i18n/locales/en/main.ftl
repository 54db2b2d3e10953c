## Site-wide
site-name = Outcry
site-tagline = Urgent actions for people at risk
skip-to-content = Skip to content
nav-home = Urgent actions
language-switcher = Language
footer-privacy = Outcry keeps no record of who you are: counts only say how many people acted, by which channel, language and country.
footer-no-js = Everything here works without JavaScript.

## Counting
letters-count = { $count ->
    [one] { $shown } letter
   *[other] { $shown } letters
}
actions-count = { $count ->
    [one] { $shown } person has acted
   *[other] { $shown } people have acted
}
calls-count = { $count ->
    [one] { $shown } call
   *[other] { $shown } calls
}
emails-count = { $count ->
    [one] { $shown } email
   *[other] { $shown } emails
}
goal-progress = { $shown } of { $goal }

## Deadlines
days-left = { $count ->
    [0] Last day to act
    [one] { $count } day left
   *[other] { $count } days left
}
deadline-on = Act by { $date }
closed-on = Closed on { $date }
action-closed-title = This action has closed
action-closed-body = The deadline has passed, so appeals are no longer being counted. You can still follow the case and write to the person.
action-withdrawn-title = This action has been withdrawn
action-withdrawn-body = Please do not send appeals on this action any more.

## Home
home-title = Urgent actions
home-open = Open actions
home-closed = Closed actions
home-empty = There are no actions yet.

## Case page
case-status = Status
case-status-detained = Detained
case-status-on_trial = On trial
case-status-sentenced = Serving a sentence
case-status-released = Released
case-status-missing = Whereabouts unknown
case-status-deceased = Died
case-born = Born { $year }
case-timeline = What has happened
case-address = Address for letters
case-address-verified = Last checked { $date }
case-address-stale = This address may be out of date: { $name } has been moved since it was last checked. Letters may not arrive.
case-address-none = The current address for letters is not known yet.
case-address-previous = Previous address (no longer valid since { $date })
case-donate = How to help financially
case-actions = Actions for { $name }
event-arrest = Arrest
event-charge = Charge
event-trial = Trial
event-sentence = Sentence
event-appeal = Appeal
event-transfer = Transfer
event-release = Release
event-ill_treatment = Ill-treatment reported
event-other = Event

## Action page
action-what-happened = What happened
action-what-to-do = What to do
action-background = Background
action-targets = Write to
action-letter = The letter
action-letter-in = Model letter in { $language }
action-letter-translation = Translation in { $language }
action-letter-edit = Your letter (edit it freely, or write your own)
action-letter-not-in-your-language = This action has no text in your language yet; it is shown in { $language }.
action-your-name = Your name
action-your-name-hint = Initials are fine.
action-your-town = Your town
action-your-country = Your country
action-safety-title = If you have ties to { $country }
action-safety-body = Appeals are read by the officials they address. If you, or people close to you, live in or travel to { $country }, sign with your initials and town only, and use an email address that does not name you.
action-safety-mode = Sign with initials and town only (writer-safety mode)
action-ways = Ways to act
action-way-email = By your own email
action-way-email-body = Opens your email program with the letter ready to send. Nothing passes through this site.
action-way-email-open = Open the letter in my email program
action-way-email-copy = Or copy the addresses and text
action-way-email-to = To
action-way-email-cc = Copy to
action-way-email-subject = Subject
action-way-email-long = Your letter is too long for an email link; copy the addresses and text below into your email program.
action-i-sent-it = I sent it
action-way-phone = By phone
action-way-phone-body = A short, polite call is enough. You can read this:
action-way-phone-local-time = Their local time now: { $time }
action-way-phone-office-open = Office hours: probably open now.
action-way-phone-office-closed = Office hours: probably closed now (working days, 9:00–18:00 local time).
action-way-fax = Fax
action-i-called = I called
action-call-script = Hello. My name is { $name }. I am calling about { $person }. I ask you to { $ask }. Thank you.
action-call-script-ask = investigate the allegations and protect { $person } from ill-treatment
action-more-ways = Printing a letter to post, and writing to { $name } in prison, are coming soon.
action-count-title = Supporters so far
action-by-channel = By channel
channel-email = Email
channel-phone = Phone
channel-fax = Fax
channel-post = Post

## Thank-you page
thanks-title = Thank you
thanks-body = Your action has been counted. Officials notice when appeals keep arriving.
thanks-share = Share this action
thanks-share-link = Link to this action
thanks-back = Back to the action

## Errors
error-not-found-title = Page not found
error-not-found-body = There is no page at this address. It may have moved, or the link may be wrong.
error-bad-request-title = Something in the form was not right
error-bad-request-body = Please go back, check the form and try again.
error-field-too-long = { $field } is too long: at most { $max } characters.
error-field-invalid = { $field } contains characters that cannot be used.
error-csrf-title = This form has expired
error-csrf-body = For your safety, forms work only for a while and only from this site. Go back, reload the page and try again.
error-closed-title = This action has closed
error-closed-body = The deadline has passed, so this action can no longer be counted. Thank you for wanting to help.
error-rate-limit-title = Too many requests
error-rate-limit-body = Please wait a minute and try again.
error-method-title = This address does not accept that request
error-method-body = Please use the links and buttons on the page.
error-internal-title = Something went wrong on our side
error-internal-body = Your action may not have been saved. Please try again in a few minutes.
error-go-home = Go to the list of actions

## Added with the public site
demo-notice = Demo: this site runs as if today were { $date }, so the seed's urgent action is still open. Counts here are not kept. An email you send from your own program is a real email.
action-prepare-email = Prepare my email
share-email = Email
share-email-subject = Please act: { $headline }
field-name = Your name
field-town = Your town
field-country = Your country
field-subject = Subject
field-body = Your letter
field-channel = Way of acting
field-lang = Letter language

## Countries (for counting where supporters are; the list is short on purpose)
country-AM = Armenia
country-AT = Austria
country-AU = Australia
country-AZ = Azerbaijan
country-BE = Belgium
country-BY = Belarus
country-CA = Canada
country-CH = Switzerland
country-CZ = Czechia
country-DE = Germany
country-DK = Denmark
country-EE = Estonia
country-ES = Spain
country-FI = Finland
country-FR = France
country-GB = United Kingdom
country-GE = Georgia
country-IE = Ireland
country-IL = Israel
country-IT = Italy
country-KG = Kyrgyzstan
country-KZ = Kazakhstan
country-LT = Lithuania
country-LV = Latvia
country-MD = Moldova
country-ME = Montenegro
country-NL = Netherlands
country-NO = Norway
country-PL = Poland
country-PT = Portugal
country-RS = Serbia
country-RU = Russia
country-SE = Sweden
country-TR = Turkey
country-UA = Ukraine
country-US = United States
country-UZ = Uzbekistan
country-ZZ = Another country
action-letter-write-in = Write in { $language } instead
language-en = English
language-ru = Russian
