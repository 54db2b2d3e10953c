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
action-more-ways = Write a letter of support to { $name } in prison
action-count-title = Supporters so far
action-by-channel = By channel
channel-email = Email
channel-phone = Phone
channel-fax = Fax
channel-post = Post

## Thank-you page
thanks-title = Thank you
thanks-body = Officials notice when appeals keep arriving.
thanks-counted = Your action has been counted.
# The public count is refreshed in steps, so that watching it does not tell when one person acted.
thanks-count-note = { $minutes ->
    [one] The count is updated once a minute, so yours may not show in it yet.
   *[other] The count is updated every { $minutes } minutes, so yours may not show in it yet.
}
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
error-busy-title = The site is very busy right now
error-busy-body = Nothing was lost: what you typed is still here. Wait a few seconds and send it again.
error-busy-resend = Send it again
error-queue-full-title = The letter queue is full
error-queue-full-body = The group has more letters waiting than it can read right now, so yours was not taken. Nothing is lost: please try again later, in an hour or so, with the button below (keep this page open), or go back and print the letter to post it yourself.

## The human check, asked instead of refusing a form over the POST limit
human-check-title = One question before we go on
human-check-body = Many forms have been sent from your network, or for this action, in the last minute. Answer one simple question and your form will be sent just as you filled it in. This keeps scripts from flooding the count.
human-check-wait = Or wait a minute and send the form again.
human-honeypot = Leave this field empty
human-submit = Send
human-wrong = That answer was not right. Here is another question.
human-too-fast = That was quicker than anyone can read. Please read the question and answer again.
human-expired = This question has expired. Here is a new one.
human-q-sum = What is two plus three?
human-q-week = How many days are there in a week?
human-q-cat = How many legs does a cat have?
human-q-snow = What colour is fresh snow?
human-q-day = How many hours are there in a day?

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

## Letters on paper (the post channel)
action-way-post = Print and post
action-way-post-body = Download your letter as a PDF, one letter and envelope for each official, ready to print, sign and post. It is made on this server; nothing is kept.
action-your-address = Your address (for the sender block and the envelope)
action-your-address-hint = Optional. One line each: street, town and postcode, country. Officials may answer by post.
action-paper-auto = Usual paper in my country
action-download-letter = Download the letter to print (PDF)
action-way-posted = Posted it?
action-post-notes = Post it as an international letter to { $country }. Postage for a standard letter abroad is usually a few euros or dollars; ask at the post office counter. Letters take two to eight weeks to arrive.
action-i-posted-it = I posted it
field-paper = Paper size
field-envelope = Envelope
field-address = Your address
field-free = Your own words
field-text = Your letter
field-signature = Signature
field-identity = What the letter shows about you
error-field-empty = { $field } must not be empty.
error-field-too-many = { $field } has too many lines: at most { $max }.
error-field-control = { $field } contains invisible control characters; please retype it.
error-field-direction = { $field } contains invisible characters that change the direction of text; please retype it.
validation-invisible-characters = This text contains invisible characters (such as zero-width spaces); please retype it.
validation-mixed-scripts = The word “{ $value }” mixes letters of different alphabets (Latin, Cyrillic, Greek); please retype it in one.
print-envelope-from = From
print-envelope-to = To
print-envelope-stamp = Stamp
print-envelope-address-unknown = The address is not known yet. Copy it here by hand from the case page before posting.
print-no-postal-address = The officials of this action have no postal address. Please use another way.

## Letters to the person in prison
write-title = Write to { $name }
write-back-to-case = Back to the case
write-address = Address for letters
write-address-latin = Latin reading (for you only: write the address in Cyrillic, as shown)
write-address-superseded = { $name } was moved on { $date }, and the new address is not known yet. You can still write: the envelope in the PDF will have lines to fill in by hand once the address is published.
write-address-none = The address for letters to { $name } is not known yet.
write-rules = Before you write
write-rule-russian-title = Write in Russian
write-rule-russian-body = Prison censors let through letters they can read, and they read Russian. A letter in another language is often held back or never delivered. The phrases below are in Russian, with their meaning beside them.
write-rule-topics-title = Keep to everyday life and warm words
write-rule-topics-body = Censors hold back letters about the war, the details of { $name }'s case, politics, LGBTQ+ topics, insults to officials and calls to action, and they distrust abbreviations and foreign words. The checker marks such passages for you.
write-rule-enclosures-title = No enclosures that stop a letter
write-rule-enclosures-body = Do not put in money, stamps bought abroad, stickers, or printed articles. A photo or a postcard is usually fine; say at the end of the letter how many you enclosed.
write-rule-time-title = Be patient
write-rule-time-body = A letter from abroad takes weeks, sometimes two months, and the censor adds days. An answer, if it comes, takes as long again.
write-rule-safety-title = Think about what you sign
write-rule-safety-body = Prison staff read every letter. Sign with your first name if you prefer; your full name and address are needed only if you want a reply.
write-composer = Put your letter together
write-composer-intro = Tick the phrases you want; they are put in the usual order of a letter. Add your own words if you like. Nothing is sent until you choose how.
write-writer-gender = Some Russian phrases change with the writer's gender
write-writer-gender-hint = Choose the forms for you:
write-writer-f = Feminine forms (я рада)
write-writer-m = Masculine forms (я рад)
write-writer-n = Forms that avoid gender
write-free-text = Your own words (optional, ideally in Russian)
write-free-text-hint = They go after the phrases about you. The checker will tell you if anything may get the letter held back.
write-signature = Signature
write-signature-hint = Your first name is enough.
write-compose = Put it together and check
write-check-title = Your letter, checked
write-warnings = What the checker found
write-warnings-none = Nothing that censors are known to hold back. Your letter is ready.
write-warnings-intro = These passages may get the letter held back. You decide: change them below and check again, or send it as it is.
write-letter = Your letter (you can still edit it)
write-check-again = Check again
write-print = Print and post it yourself
write-print-body = The PDF has your letter and an envelope addressed exactly as the prison expects, with RUSSIA as the last line.
write-return-address = Your return address (Latin letters)
write-return-address-hint = Optional; needed only if you want a reply. One line each, country last.
write-download-pdf = Download the letter and envelope (PDF)
write-relay-identity = What the letter shows about you
write-relay-identity-first = My first name only, with the group's address for replies (recommended)
write-relay-identity-full = My signature and return address as I typed them
write-e-letter = Send it electronically
write-e-letter-copy = Text to paste into the service's form
write-e-letter-note = { $chars ->
    [one] { $chars_shown } character.
   *[other] { $chars_shown } characters.
} Electronic prison-letter services print about { $limit } characters a page and charge per page: { $pages ->
    [one] this fits on one page.
   *[other] this takes { $pages } pages.
}
write-another = Write another letter
write-relay-note = { $group } prints and posts letters to { $name } for you. { $waiting ->
    [0] No letters are waiting right now.
    [one] { $waiting_shown } letter is waiting to be posted.
   *[other] { $waiting_shown } letters are waiting to be posted.
}
write-relay-title = Or let { $group } post it
write-relay-body = { $group } will read your letter, print it and post it to { $name } with its own stamps. You do not need a printer or an international stamp.
write-relay-send = Send my letter to { $group }
write-sent-title = Your letter is on its way
write-sent-body = { $group } has your letter. Once a volunteer has read it, it is printed and posted to { $name }. Thank you for writing.
write-empty = The letter is empty: tick some phrases or write a few words.

## The phrase kit's groups
phrases-greeting = Greeting
phrases-about-me = About me
phrases-wishes = Wishes
phrases-world-news = News of the world
phrases-support = Support
phrases-closing = Closing

## The checker's warnings: a short title and why it matters
censor-not-russian-title = Not in Russian
censor-not-russian = Censors withhold what they cannot read. Write this in Russian, or leave it out.
censor-foreign-word-title = Foreign word
censor-foreign-word = Words in Latin letters look like code to a censor. Use a Russian word instead.
censor-abbreviation-title = Abbreviation
censor-abbreviation = Abbreviations can read as code names. Write the words out.
censor-war-title = The war
censor-war = Letters that mention the war or the fighting are almost never delivered.
censor-case-details-title = Details of the case
censor-case-details = Censors hold back letters about the criminal case, the charges, the court or the investigation.
censor-lgbt-title = LGBTQ+ topics
censor-lgbt = Under Russian law, letters on LGBTQ+ topics are withheld and can harm the recipient.
censor-insult-title = Insult
censor-insult = Insults to officials or the state get a letter stopped and can be used against the recipient.
censor-call-to-action-title = Call to action
censor-call-to-action = Calls to protest, resist or fight are read as extremism. Write about support and hope instead.

## "Send it for me": appeals the site mails for a supporter
action-way-send = Or let us send it for you
action-way-send-body = Give your email address and we mail you a link. Once you press the button on that page, your letter goes to each official from this site's address, signed with your name as you gave it; their replies come to you. Your address is deleted once the appeals have gone.
action-your-email = Your email address
action-your-email-hint = Used only for the confirmation, the officials' replies and the receipts you ask for; never shown to anyone.
action-send-receipt = Tell me whether each appeal arrived (if one does not, you get the letter as a PDF to post)
action-send-for-me = Send it for me
field-email = Your email address
error-field-email = { $field } is not an address we can send mail to.
send-no-email-target = None of this action's officials has an email address we can write to. Please use another way to act.
human-check-body-mail = This form makes us send an email to the address you give. Answer one simple question first, so that no script can use it to fill someone's inbox. Your form will be sent just as you filled it in.
send-check-title = Check your mail
send-check-body = We have sent a link to the address you gave. Nothing goes to the officials until you open it and press the button there. The link works for 7 days. We send at most one such mail a day to an address for this action: if you asked earlier today, use the link in that first mail.
send-check-spam = Nothing after a few minutes? Look in your spam folder, or check the address and send the form again.
appeal-confirm-subject = Please confirm your appeal for { $person }
appeal-confirm-text =
    Someone, we hope you, asked us to send an appeal in your name: "{ $headline }".

    It goes to { $count ->
        [one] one official
       *[other] { $count } officials
    } only once you press the button on this page:

    { $link }

    The link works for 7 days. If it was not you, ignore this mail: nothing will be sent, and the request is deleted.
confirm-title = Send your appeal
confirm-intro = This is what we will send. Nothing has gone yet.
confirm-from-label = From
confirm-from = { $name }, through this site (replies come to you)
confirm-to = To
confirm-each-greeting = Each official gets the letter with their own greeting.
confirm-receipt = You will be told whether each appeal arrived.
confirm-button = Send my appeal
confirm-not-me = Did not ask for this? Close this page: nothing is sent, and the request is deleted after 7 days.
error-link-gone-title = This link no longer works
error-link-gone-body = The appeal was sent already, or the link has expired (it works for 7 days). You can ask again from the action's page.
queued-title = Your appeal is on its way
queued-soon = { $count ->
    [one] Your appeal goes within the hour.
   *[other] Your { $count } appeals go within the hour.
}
queued-hours = So that no office is flooded, appeals go out a few at a time in office hours. { $count ->
    [one] Yours goes
   *[other] Your { $count } go
} within { $hours ->
    [one] an hour
   *[other] { $hours } hours
}.
queued-days = So that no office is flooded, appeals go out a few at a time in office hours. { $count ->
    [one] Yours goes
   *[other] Your { $count } go
} within { $days ->
    [one] a day
   *[other] { $days } days
}.
queued-none-title = Already sent
queued-none-body = You had already sent this appeal to these officials, so nothing was sent again.
queued-share = Ask others to act too
receipt-accepted-subject = Your appeal to { $official } arrived
receipt-accepted-text =
    The mail server on { $official }'s side accepted your appeal "{ $subject }".

    Thank you for writing. Your address has now been deleted from our outbox.
receipt-refused-subject = Your appeal to { $official } did not arrive
receipt-refused-text-pdf =
    Your appeal "{ $subject }" to { $official } could not be delivered: their mail server refused it, or did not take it within 7 days.

    The letter is attached as a PDF. Please print it, sign it and post it to the address on it: a letter on paper is harder to ignore.
receipt-refused-text-link =
    Your appeal "{ $subject }" to { $official } could not be delivered: their mail server refused it, or did not take it within 7 days.

    You can still act another way, by phone or by post, from the action's page:
    { $link }
receipt-pdf-name = letter.pdf

# News, columns, authors, feeds.
nav-news = News
news-title = News
columns-title = Columns
news-empty = Nothing published yet.
news-pages = Pages of the list
news-newer = Newer
news-older = Older
article-translations = Also in:
author-articles = Articles
case-articles = News about the case
feed-link = Subscribe to this list (Atom feed)
feed-news-title = News
feed-case-title = News about { $name }
feed-author-title = Articles by { $name }
feed-actions-title = New urgent actions
ago-today = today
ago-yesterday = yesterday
ago-days = { $count ->
    [one] { $shown } day ago
   *[other] { $shown } days ago
}
ago-months = { $count ->
    [one] { $shown } month ago
   *[other] { $shown } months ago
}
ago-years = { $count ->
    [one] { $shown } year ago
   *[other] { $shown } years ago
}
columns-latest = Columns
