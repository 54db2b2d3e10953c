## Site-wide
site-name = Outcry
site-tagline = Срочные акции в защиту людей в опасности
skip-to-content = Перейти к содержанию
nav-home = Срочные акции
language-switcher = Язык
footer-privacy = Outcry не хранит сведений о том, кто вы: счётчики показывают только, сколько людей приняли участие, каким способом, на каком языке и из какой страны.
footer-no-js = Всё здесь работает без JavaScript.

## Counting
letters-count = { $count ->
    [one] { $shown } письмо
    [few] { $shown } письма
   *[many] { $shown } писем
}
actions-count = { $count ->
    [one] { $shown } человек принял участие
    [few] { $shown } человека приняли участие
   *[many] { $shown } человек приняли участие
}
calls-count = { $count ->
    [one] { $shown } звонок
    [few] { $shown } звонка
   *[many] { $shown } звонков
}
emails-count = { $count ->
    [one] { $shown } письмо по электронной почте
    [few] { $shown } письма по электронной почте
   *[many] { $shown } писем по электронной почте
}
goal-progress = { $shown } из { $goal }

## Deadlines
days-left = { $count ->
    [0] Сегодня последний день
    [one] Остался { $count } день
    [few] Осталось { $count } дня
   *[many] Осталось { $count } дней
}
deadline-on = Срок — до { $date }
closed-on = Акция завершилась { $date }
action-closed-title = Эта акция завершена
action-closed-body = Срок прошёл, и обращения больше не учитываются. Вы по-прежнему можете следить за делом и писать самому человеку.
action-withdrawn-title = Эта акция отменена
action-withdrawn-body = Пожалуйста, больше не отправляйте обращения по этой акции.

## Home
home-title = Срочные акции
home-open = Текущие акции
home-closed = Завершённые акции
home-empty = Акций пока нет.

## Case page
case-status = Положение
case-status-detained = Под стражей
case-status-on_trial = Идёт суд
case-status-sentenced = Отбывает наказание
case-status-released = На свободе
case-status-missing = Местонахождение неизвестно
case-status-deceased = Погиб
case-born = { $year } года рождения
case-timeline = Что произошло
case-address = Адрес для писем
case-address-verified = Проверен { $date }
case-address-stale = Этот адрес может быть устаревшим: после последней проверки { $name } этапировали. Письма могут не дойти.
case-address-none = Текущий адрес для писем пока неизвестен.
case-address-previous = Прежний адрес (недействителен с { $date })
case-donate = Как помочь деньгами
case-actions = Акции в защиту: { $name }
event-arrest = Арест
event-charge = Обвинение
event-trial = Суд
event-sentence = Приговор
event-appeal = Апелляция
event-transfer = Этап
event-release = Освобождение
event-ill_treatment = Сообщение о жестоком обращении
event-other = Событие

## Action page
action-what-happened = Что случилось
action-what-to-do = Что делать
action-background = Подробности
action-targets = Кому писать
action-letter = Письмо
action-letter-in = Образец письма: { $language }
action-letter-translation = Перевод: { $language }
action-letter-edit = Ваше письмо (можно изменить или написать своё)
action-letter-not-in-your-language = У этой акции пока нет текста на вашем языке; он показан на языке: { $language }.
action-your-name = Ваше имя
action-your-name-hint = Можно указать только инициалы.
action-your-town = Ваш город
action-your-country = Ваша страна
action-safety-title = Если вы связаны со страной: { $country }
action-safety-body = Обращения читают те, кому они адресованы. Если вы или ваши близкие живёте в этой стране ({ $country }) или ездите туда, подпишитесь только инициалами и городом и используйте адрес почты, по которому вас нельзя узнать.
action-safety-mode = Подписаться только инициалами и городом (режим безопасности)
action-ways = Как действовать
action-way-email = Со своей почты
action-way-email-body = Откроется ваша почтовая программа с готовым письмом. Через этот сайт ничего не проходит.
action-way-email-open = Открыть письмо в почтовой программе
action-way-email-copy = Или скопируйте адреса и текст
action-way-email-to = Кому
action-way-email-cc = Копия
action-way-email-subject = Тема
action-way-email-long = Письмо слишком длинное для ссылки; скопируйте адреса и текст ниже в свою почтовую программу.
action-i-sent-it = Я отправил(а)
action-way-phone = По телефону
action-way-phone-body = Достаточно короткого вежливого звонка. Можно прочитать:
action-way-phone-local-time = Местное время у адресата: { $time }
action-way-phone-office-open = Рабочее время: скорее всего, сейчас открыто.
action-way-phone-office-closed = Рабочее время: скорее всего, сейчас закрыто (будни, 9:00–18:00 по местному времени).
action-way-fax = Факс
action-i-called = Я позвонил(а)
action-call-script = Здравствуйте. Меня зовут { $name }. Я звоню по поводу: { $person }. Прошу вас { $ask }. Спасибо.
action-call-script-ask = провести проверку сообщений и защитить от жестокого обращения: { $person }
action-more-ways = Письмо поддержки в тюрьму — { $name }
action-count-title = Уже приняли участие
action-by-channel = По способам
channel-email = Электронная почта
channel-phone = Телефон
channel-fax = Факс
channel-post = Почта

## Thank-you page
thanks-title = Спасибо
thanks-body = Чиновники замечают, когда обращения продолжают приходить.
thanks-counted = Ваше участие учтено.
# Счётчик обновляется шагами, чтобы по нему нельзя было узнать, когда действовал один человек.
thanks-count-note = { $minutes ->
    [one] Счётчик обновляется раз в { $minutes } минуту, поэтому ваше участие может появиться в нём не сразу.
    [few] Счётчик обновляется раз в { $minutes } минуты, поэтому ваше участие может появиться в нём не сразу.
   *[many] Счётчик обновляется раз в { $minutes } минут, поэтому ваше участие может появиться в нём не сразу.
}
thanks-share = Поделиться акцией
thanks-share-link = Ссылка на акцию
thanks-back = Вернуться к акции

## Errors
error-not-found-title = Страница не найдена
error-not-found-body = По этому адресу ничего нет. Возможно, страница переехала или ссылка неверна.
error-bad-request-title = В форме что-то не так
error-bad-request-body = Вернитесь назад, проверьте форму и попробуйте ещё раз.
error-field-too-long = { $field }: слишком длинно, не больше { $max } знаков.
error-field-invalid = { $field }: недопустимые символы.
error-csrf-title = Срок действия формы истёк
error-csrf-body = Для вашей безопасности формы действуют недолго и только с этого сайта. Вернитесь, обновите страницу и попробуйте ещё раз.
error-closed-title = Эта акция завершена
error-closed-body = Срок прошёл, и участие в этой акции больше не учитывается. Спасибо, что хотели помочь.
error-rate-limit-title = Слишком много запросов
error-rate-limit-body = Подождите минуту и попробуйте ещё раз.
error-method-title = Этот адрес не принимает такой запрос
error-method-body = Пожалуйста, пользуйтесь ссылками и кнопками на странице.
error-internal-title = У нас что-то сломалось
error-internal-body = Возможно, ваше участие не сохранилось. Попробуйте ещё раз через несколько минут.
error-go-home = К списку акций
error-busy-title = Сайт сейчас очень загружен
error-busy-body = Ничего не потеряно: всё, что вы ввели, сохранилось здесь. Подождите несколько секунд и отправьте ещё раз.
error-busy-resend = Отправить ещё раз
error-queue-full-title = Очередь писем переполнена
error-queue-full-body = У группы сейчас больше писем, чем она успевает прочитать, поэтому ваше письмо не принято. Ничего не потеряно: пожалуйста, попробуйте позже, примерно через час, кнопкой ниже (не закрывайте эту страницу), или вернитесь назад, распечатайте письмо и отправьте его сами.

## The human check, asked instead of refusing a form over the POST limit
human-check-title = Один вопрос, прежде чем продолжить
human-check-body = За последнюю минуту из вашей сети или для этой акции пришло много форм. Ответьте на простой вопрос, и ваша форма уйдёт в том виде, в каком вы её заполнили. Так скрипты не могут накрутить счётчик.
human-check-wait = Или подождите минуту и отправьте форму ещё раз.
human-honeypot = Оставьте это поле пустым
human-submit = Отправить
human-wrong = Ответ неверный. Вот другой вопрос.
human-too-fast = Так быстро вопрос не прочитать. Прочитайте его и ответьте ещё раз.
human-expired = Время на ответ истекло. Вот новый вопрос.
human-q-sum = Сколько будет два плюс три?
human-q-week = Сколько дней в неделе?
human-q-cat = Сколько лап у кошки?
human-q-snow = Какого цвета свежий снег?
human-q-day = Сколько часов в сутках?

## Added with the public site
demo-notice = Демонстрация: сайт работает так, будто сегодня { $date }, поэтому срочная акция из исходных документов ещё открыта. Счётчики здесь не сохраняются. Письмо, отправленное из вашей почтовой программы, — настоящее письмо.
action-prepare-email = Подготовить письмо
share-email = Электронная почта
share-email-subject = Пожалуйста, поддержите: { $headline }
field-name = Ваше имя
field-town = Ваш город
field-country = Ваша страна
field-subject = Тема
field-body = Ваше письмо
field-channel = Способ участия
field-lang = Язык письма

## Countries (for counting where supporters are; the list is short on purpose)
country-AM = Армения
country-AT = Австрия
country-AU = Австралия
country-AZ = Азербайджан
country-BE = Бельгия
country-BY = Беларусь
country-CA = Канада
country-CH = Швейцария
country-CZ = Чехия
country-DE = Германия
country-DK = Дания
country-EE = Эстония
country-ES = Испания
country-FI = Финляндия
country-FR = Франция
country-GB = Великобритания
country-GE = Грузия
country-IE = Ирландия
country-IL = Израиль
country-IT = Италия
country-KG = Киргизия
country-KZ = Казахстан
country-LT = Литва
country-LV = Латвия
country-MD = Молдова
country-ME = Черногория
country-NL = Нидерланды
country-NO = Норвегия
country-PL = Польша
country-PT = Португалия
country-RS = Сербия
country-RU = Россия
country-SE = Швеция
country-TR = Турция
country-UA = Украина
country-US = США
country-UZ = Узбекистан
country-ZZ = Другая страна
action-letter-write-in = Написать на другом языке: { $language }
language-en = английский
language-ru = русский

## Письма на бумаге (отправка почтой)
action-way-post = Распечатать и отправить почтой
action-way-post-body = Скачайте письмо в PDF: по письму и конверту для каждого адресата, готовые к печати, подписи и отправке. Файл создаётся на этом сервере и нигде не хранится.
action-your-address = Ваш адрес (для шапки письма и конверта)
action-your-address-hint = Необязательно. По строке: улица, город и индекс, страна. Чиновники могут ответить по почте.
action-paper-auto = Обычная бумага в моей стране
action-download-letter = Скачать письмо для печати (PDF)
action-way-posted = Уже отправили?
action-post-notes = Отправьте его международным письмом, страна назначения — { $country }. Марка на стандартное письмо за границу обычно стоит несколько евро или долларов; уточните на почте. Письмо идёт от двух до восьми недель.
action-i-posted-it = Я отправил(а) письмо
field-paper = Формат бумаги
field-envelope = Конверт
field-address = Ваш адрес
field-free = Ваши слова
field-text = Ваше письмо
field-signature = Подпись
field-identity = Что письмо сообщает о вас
error-field-empty = Поле «{ $field }» не должно быть пустым.
error-field-too-many = В поле «{ $field }» слишком много строк: не больше { $max }.
error-field-control = В поле «{ $field }» есть невидимые управляющие символы; наберите текст заново.
error-field-direction = В поле «{ $field }» есть невидимые символы, меняющие направление текста; наберите текст заново.
print-envelope-from = От кого
print-envelope-to = Кому
print-envelope-stamp = Марка
print-envelope-address-unknown = Адрес пока неизвестен. Перед отправкой впишите его от руки со страницы дела.
print-no-postal-address = У адресатов этой акции нет почтового адреса. Выберите другой способ.

## Письма человеку в тюрьме
write-title = Письмо в тюрьму — { $name }
write-back-to-case = К странице дела
write-address = Адрес для писем
write-address-latin = Латиницей (только для вас: на конверте пишите адрес кириллицей, как показано)
write-address-superseded = После этапа { $date } новый адрес для писем пока неизвестен. Писать можно уже сейчас: на конверте в PDF будут строки, чтобы вписать адрес от руки, когда его опубликуют.
write-address-none = Адрес для писем пока неизвестен.
write-rules = Прежде чем писать
write-rule-russian-title = Пишите по-русски
write-rule-russian-body = Цензоры пропускают письма, которые могут прочитать, а читают они по-русски. Письмо на другом языке часто задерживают или не доставляют вовсе. Фразы ниже — на русском, рядом их смысл.
write-rule-topics-title = Пишите о повседневном и о тёплом
write-rule-topics-body = Цензура задерживает письма о войне, о подробностях уголовного дела, о политике, на ЛГБТК+ темы, с оскорблениями должностных лиц и призывами к действию; не любит она и сокращений и иностранных слов. Проверка отметит такие места.
write-rule-enclosures-title = Не вкладывайте то, из-за чего письмо не дойдёт
write-rule-enclosures-body = Не вкладывайте деньги, иностранные марки, наклейки и распечатки статей. Фотография или открытка обычно проходят; в конце письма укажите, сколько вложений.
write-rule-time-title = Наберитесь терпения
write-rule-time-body = Письмо из-за границы идёт неделями, иногда два месяца, и ещё несколько дней его читает цензор. Ответ, если придёт, идёт столько же.
write-rule-safety-title = Подумайте о подписи
write-rule-safety-body = Сотрудники читают каждое письмо. Можно подписаться только именем; полное имя и адрес нужны, лишь если вы ждёте ответа.
write-composer = Соберите письмо
write-composer-intro = Отметьте нужные фразы — они встанут в привычном для письма порядке. Добавьте свои слова, если хотите. Ничего не отправляется, пока вы не выберете способ.
write-writer-gender = Некоторые фразы зависят от рода пишущего
write-writer-gender-hint = Выберите формы для себя:
write-writer-f = Женский род (я рада)
write-writer-m = Мужской род (я рад)
write-writer-n = Формы без рода
write-free-text = Ваши слова (необязательно, лучше по-русски)
write-free-text-hint = Они встанут после фраз о вас. Проверка подскажет, если что-то может задержать письмо.
write-signature = Подпись
write-signature-hint = Достаточно имени.
write-compose = Собрать и проверить
write-check-title = Ваше письмо проверено
write-warnings = Что нашла проверка
write-warnings-none = Ничего из того, что обычно задерживает цензура. Письмо готово.
write-warnings-intro = Эти места могут задержать письмо. Решать вам: исправьте их ниже и проверьте снова или отправьте как есть.
write-letter = Ваше письмо (его ещё можно править)
write-check-again = Проверить снова
write-print = Распечатать и отправить самому
write-print-body = В PDF — ваше письмо и конверт, подписанный так, как ждёт колония, с RUSSIA последней строкой.
write-return-address = Обратный адрес (латиницей)
write-return-address-hint = Необязательно; нужен, только если вы ждёте ответа. По строке, страна последней.
write-download-pdf = Скачать письмо и конверт (PDF)
write-relay-identity = Что письмо сообщает о вас
write-relay-identity-first = Только моё имя и адрес группы для ответа (рекомендуем)
write-relay-identity-full = Мою подпись и обратный адрес, как я их ввёл(а)
write-e-letter = Отправить электронно
write-e-letter-copy = Текст для формы сервиса
write-e-letter-note = { $chars ->
    [one] { $chars_shown } знак.
    [few] { $chars_shown } знака.
   *[other] { $chars_shown } знаков.
} Сервисы электронных писем в колонии печатают около { $limit } знаков на странице и берут плату за страницу: { $pages ->
    [one] письмо займёт { $pages } страницу.
    [few] письмо займёт { $pages } страницы.
   *[other] письмо займёт { $pages } страниц.
}
write-another = Написать ещё одно письмо
write-relay-note = { $group } распечатает и отправит ваше письмо адресату. { $waiting ->
    [0] Сейчас в очереди писем нет.
    [one] В очереди на отправку { $waiting_shown } письмо.
    [few] В очереди на отправку { $waiting_shown } письма.
   *[other] В очереди на отправку { $waiting_shown } писем.
}
write-relay-title = Или пусть отправит { $group }
write-relay-body = { $group } прочитает письмо, распечатает и отправит его адресату со своими марками. Вам не нужны ни принтер, ни международная марка.
write-relay-send = Передать письмо: { $group }
write-sent-title = Ваше письмо в пути
write-sent-body = Письмо получено ({ $group }). Когда волонтёр его прочитает, письмо распечатают и отправят адресату. Спасибо, что пишете.
write-empty = Письмо пустое: отметьте фразы или напишите несколько слов.

## Группы фраз
phrases-greeting = Приветствие
phrases-about-me = О себе
phrases-wishes = Пожелания
phrases-world-news = Новости
phrases-support = Поддержка
phrases-closing = Прощание

## Предупреждения проверки
censor-not-russian-title = Не по-русски
censor-not-russian = Цензор задерживает то, что не может прочитать. Напишите это по-русски или уберите.
censor-foreign-word-title = Иностранное слово
censor-foreign-word = Слова латиницей цензор может принять за шифр. Замените русским словом.
censor-abbreviation-title = Сокращение
censor-abbreviation = Сокращения могут выглядеть как условные обозначения. Напишите слова полностью.
censor-war-title = Война
censor-war = Письма, где упоминаются война или боевые действия, почти никогда не доходят.
censor-case-details-title = Подробности дела
censor-case-details = Цензура задерживает письма об уголовном деле, обвинении, суде и следствии.
censor-lgbt-title = ЛГБТК+ темы
censor-lgbt = По российским законам письма на ЛГБТК+ темы задерживают, и они могут навредить адресату.
censor-insult-title = Оскорбление
censor-insult = Оскорбления должностных лиц и государства останавливают письмо и могут быть использованы против адресата.
censor-call-to-action-title = Призыв к действию
censor-call-to-action = Призывы протестовать, сопротивляться или бороться читают как экстремизм. Пишите лучше о поддержке и надежде.
