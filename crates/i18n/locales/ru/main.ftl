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
action-more-ways = Скоро здесь можно будет распечатать письмо для отправки почтой и написать { $name } в тюрьму.
action-count-title = Уже приняли участие
action-by-channel = По способам
channel-email = Электронная почта
channel-phone = Телефон
channel-fax = Факс
channel-post = Почта

## Thank-you page
thanks-title = Спасибо
thanks-body = Ваше участие учтено. Чиновники замечают, когда обращения продолжают приходить.
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
