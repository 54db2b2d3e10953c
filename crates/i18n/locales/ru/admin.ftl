# Кабинет организаторов.
admin-name = Кабинет Outcry
admin-footer = Страницы кабинета не сохраняются в кэше. Выходите из кабинета, если пользуетесь чужим компьютером.
admin-menu = Меню кабинета
admin-menu-home = Начало
admin-menu-letters = Письма
admin-menu-users = Учётные записи
admin-menu-audit = Журнал действий
admin-menu-settings = Настройки
admin-logout = Выйти
admin-logout-everywhere = Выйти на всех устройствах
admin-yes = да
admin-no = нет
admin-save = Сохранить

admin-role-admin = администратор
admin-role-editor = редактор
admin-role-moderator = модератор
admin-role-translator = переводчик
admin-role-admin-does = Как администратор вы можете всё: учётные записи, настройки, журнал действий, материалы и письма.
admin-role-editor-does = Как редактор вы работаете с делами, адресатами и срочными акциями и публикуете их.
admin-role-moderator-does = Как модератор вы читаете, одобряете и печатаете письма, которые сторонники передают группе.
admin-role-translator-does = Как переводчик вы переводите тексты; остальные разделы кабинета вам закрыты.

admin-field-email = Адрес электронной почты
admin-field-password = Пароль
admin-field-new-password = Новый пароль
admin-field-password-again = Тот же пароль ещё раз
admin-field-code = Код
admin-field-first-code = Шестизначный код, который сейчас показывает приложение

admin-login-title = Вход
admin-login-button = Войти
admin-login-wrong = Адрес или пароль неверны.
admin-login-throttled = Слишком много попыток. Подождите минуту и попробуйте снова.
admin-login-forgot = Забыли пароль или потеряли телефон? Попросите администратора о новой ссылке.
admin-login-password-set = Пароль установлен. Войдите с ним.

admin-code-title = Второй шаг
admin-code-body = Введите шестизначный код из приложения-аутентификатора.
admin-code-button = Продолжить
admin-code-wrong = Код неверен или уже использован. Дождитесь следующего.
admin-code-recovery = Телефона нет под рукой? Введите один из резервных кодов; каждый действует один раз.

admin-password-title = Выберите пароль
admin-password-for = Для учётной записи
admin-password-rule = Не меньше 12 знаков. Хороший пароль — несколько не связанных между собой слов; особые символы не нужны.
admin-password-button = Установить пароль
admin-password-mismatch = Пароли не совпадают.
admin-password-too-short = Пароль слишком короткий: нужно не меньше { $min } знаков.
admin-password-too-long = Пароль слишком длинный.
admin-password-too-common = Такой пароль слишком легко угадать. Выберите другой.

admin-two-factor-title = Приложение-аутентификатор
admin-two-factor-body = Отсканируйте этот код приложением-аутентификатором (например, Aegis, FreeOTP или Google Authenticator) и введите код, который оно покажет.
admin-two-factor-type = Если сканировать не получается, введите в приложение этот ключ:
admin-two-factor-button = Подтвердить
admin-two-factor-wrong = Код не подходит. Проверьте время на телефоне и введите следующий код.
admin-two-factor-replacing = У вашей учётной записи уже есть аутентификатор. Новый заменит его и ваши резервные коды.

admin-recovery-title = Ваши резервные коды
admin-recovery-body = Храните эти коды в надёжном месте, не на телефоне. Каждый позволяет войти один раз, если приложение потеряно. Они показываются только сейчас.
admin-recovery-done = Я их сохранил(а): дальше

admin-home-title = Кабинет
admin-home-security = Ваша учётная запись
admin-home-2fa-on = Вход с приложением-аутентификатором включён.
admin-home-2fa-off = Вход с приложением-аутентификатором выключен.
admin-home-2fa-enrol = Включить
admin-home-2fa-replace = Сменить телефон или приложение
admin-home-codes-left = Осталось резервных кодов:
admin-task-letters = Проверять и печатать письма заключённым
admin-task-users = Учётные записи и приглашения
admin-task-audit = Журнал действий
admin-task-settings = Настройки сайта

admin-users-title = Учётные записи
admin-users-role = Роль
admin-users-2fa = Приложение
admin-users-last-login = Последний вход
admin-users-actions = Изменения
admin-users-disabled = отключена
admin-users-you = это вы
admin-users-set-role = Сменить роль
admin-users-disable = Отключить
admin-users-enable = Включить
admin-users-reset = Новая ссылка
admin-users-logout = Выйти везде
admin-users-invite = Пригласить
admin-users-invite-button = Создать ссылку-приглашение
admin-users-link-for = Одноразовая ссылка для
admin-users-link-hint = Она действует один раз, 72 часа. Передайте её лично или по каналу, которому доверяете; сайт её не отправляет.
admin-users-bad-email = Это не адрес электронной почты.
admin-users-bad-role = Выберите одну из ролей.
admin-users-exists = Учётная запись с этим адресом уже есть.
admin-users-not-yourself = Нельзя отключить, сбросить или сменить роль своей учётной записи. Попросите другого администратора.

admin-settings-title = Настройки
admin-settings-require-2fa = Все входят с приложением-аутентификатором
admin-settings-require-2fa-hint = Администраторы, редакторы и модераторы обязаны всегда: у них есть доступ к письмам и данным сторонников.
admin-settings-saved = Сохранено.

admin-audit-title = Журнал действий
admin-audit-when = Когда
admin-audit-actor = Кто
admin-audit-action = Что
admin-audit-subject = С чем
admin-audit-change = Изменение
admin-audit-filter = Отобрать
admin-audit-empty = Подходящих записей нет.
admin-audit-older = Более ранние записи

admin-letters-title = Письма заключённым
admin-letters-no-cases = Ни одно дело не передаёт письма.
admin-case-letters-title = Письма
admin-letters-by-status = Письма по состоянию
admin-letters-empty = Здесь писем нет.
admin-letters-locked = Письма запечатаны: откройте ключ организации, чтобы их прочитать.
admin-letter-number = Письмо
admin-letter-erased = Текст стёрт после печати или отклонения.
admin-letter-sealed = Запечатано.
admin-letter-own-return = Собственный обратный адрес автора
admin-letter-status-pending = ждёт
admin-letter-status-approved = одобрено
admin-letter-status-rejected = отклонено
admin-letter-status-printing = печатается
admin-letter-status-printed = напечатано
admin-letters-approve = Одобрить отмеченные
admin-letters-reject = Отклонить отмеченные
admin-letters-to-pending = Вернуть в ожидание
admin-letters-moderated = Готово.
admin-letters-none-ticked = Отметьте хотя бы одно письмо.
admin-letters-approve-needs-key = Письма одобряют только прочитав: сначала откройте ключ организации.
admin-letters-print-title = Печать
admin-letters-print-body = Одобренных писем ждут печати:
admin-letters-paper = Бумага
admin-letters-envelope = Конверт
admin-letters-print-button = Скачать PDF и отметить как напечатанные
admin-letters-print-needs-key = Чтобы печатать, откройте ключ организации.
admin-letters-nothing-to-print = Одобренных писем для печати не было.

admin-key-title = Ключ организации
admin-key-body = Письма запечатаны ключом организации, и сервер не может их прочитать. Вставьте сюда текст файла ключа, чтобы читать и печатать письма в этом сеансе; при выходе ключ забывается.
admin-key-field = Ключ (AGE-SECRET-KEY-1…)
admin-key-unlock = Открыть на этот сеанс
admin-key-forget = Забыть ключ сейчас
admin-key-unlocked = Ключ организации открыт на этот сеанс.
admin-key-locked = Ключ организации закрыт.
admin-key-manage = Ключ
admin-key-wrong = Это не тот ключ, которым запечатаны письма.
admin-key-no-public-key = Этот сайт не запечатывает письма: ключ организации не настроен.

error-forbidden-title = Не для вашей роли
error-forbidden-body = Роль вашей учётной записи не даёт доступа к этой странице. Обратитесь к администратору, если он нужен.
error-signed-out-title = Вы вышли из кабинета
error-signed-out-body = Сеанс закончился. Войдите снова, чтобы продолжить.
