"""The forum of the article, as data for `make demo` (scripts/demo.py): the three contests, the
spheres the practices come from as nominations, plausible participants and their projects,
jurors and criteria. Invented names and addresses (example.org); ИНН with valid check digits.

Nothing random is left to chance: one seed gives the same forum every time, apart from the
contests' ids (unique per run) and their registration windows (open around now).
"""

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The spheres of the article («деятельность СОНКО и ТОСов сейчас охватывает множество сфер»).
SPHERES: dict[str, str] = {
    "urban-environment": "Комфортная городская среда и новые общественные пространства",
    "eco-education": "Экологическое просвещение детей и молодёжи",
    "responsible-owners": "Ответственные собственники жилья",
    "initiatives": "Образовательные, спортивные и творческие инициативы",
    "public-oversight": "Общественный контроль ремонта дорог и дворов и национальных проектов",
    "patriotic-education": "Патриотическое воспитание",
    "heritage": "Сохранение исторического и культурного наследия",
}

PROJECTS: dict[str, list[tuple[str, str]]] = {
    "urban-environment": [
        ("Лавочка у каждого подъезда", "Скамейки и урны, выбранные жителями на общем собрании."),
        ("Светлый двор", "Освещение тёмных дворов и дорожек к остановкам."),
        ("Тактильная карта квартала", "Карта для незрячих жителей у входа в парк."),
        ("Двор, где хочется жить", "Жители сами спроектировали и благоустроили общий двор."),
        ("Пандус к каждому подъезду", "Безбарьерный доступ во все подъезды квартала."),
        ("Сквер у школы", "Пустырь у школы стал сквером со скамейками и освещением."),
        ("Гостиная под открытым небом", "Летняя площадка для встреч соседей и лекций."),
        ("Тропа без барьеров", "Маршрут по парку для колясок и людей с тростью."),
    ],
    "eco-education": [
        ("Птичья столовая", "Дети делают кормушки и ведут дневник наблюдений."),
        ("Экотропа в лесопарке", "Таблички о деревьях и птицах Автозаводского лесопарка."),
        ("Крышечки добра", "Сбор пластика школьниками в пользу детей с инвалидностью."),
        ("Эколята Тольятти", "Занятия о природе Жигулей для детей из детских садов."),
        ("Раздельный сбор в каждой школе", "Контейнеры и уроки сортировки в пяти школах."),
        ("Чистый берег Волги", "Субботники и экологические квесты для подростков."),
        ("Зелёный урок в Жигулях", "Экскурсии в заповедник с юными экологами."),
        ("Школьная метеостанция", "Дети ведут наблюдения за погодой и воздухом города."),
    ],
    "responsible-owners": [
        ("Домовой чат без ссор", "Правила и модерация чатов жильцов многоквартирных домов."),
        ("Старший по дому", "Школа и сообщество старших по домам."),
        ("Зелёный двор своими руками", "Собственники сами озеленяют придомовую территорию."),
        ("Школа грамотного собственника", "Курс для жителей о правах и обязанностях."),
        ("Совет дома: с чего начать", "Помощь жильцам в создании советов домов."),
        ("Тёплый подъезд", "Энергосбережение: утепление подъездов силами жильцов."),
        ("Капремонт под контролем жильцов", "Жильцы принимают работы вместе с подрядчиком."),
        ("Общее собрание онлайн", "Как провести собрание собственников без очередей."),
    ],
    "initiatives": [
        ("Соседская библиотека", "Книгообмен в холле ТОС и чтения для детей."),
        ("Кино во дворе", "Летние показы семейного кино под открытым небом."),
        ("Компьютерная грамотность 60+", "Уроки для пожилых: госуслуги и видеосвязь."),
        ("Дворовый футбол для всех", "Турнир дворовых команд всех возрастов."),
        ("Театр на районе", "Любительский театр в помещении ТОС."),
        ("Лето в кружках", "Бесплатные летние кружки для детей квартала."),
        ("Шахматный клуб у дома", "Занятия для детей и пенсионеров вместе."),
        ("Скандинавская ходьба", "Группы здоровья для старшего поколения."),
    ],
    "public-oversight": [
        ("Школа общественного контролёра", "Обучение жителей приёмке работ по благоустройству."),
        ("Безопасная дорога в школу", "Аудит переходов и тротуаров у школ района."),
        ("Открытый бюджет двора", "Жители видят смету и сроки ремонта своего двора."),
        ("Народный контроль за ремонтом дорог", "Жители проверяют качество ремонта улиц."),
        ("Карта ям и дефектов двора", "Открытая карта замечаний с фотографиями."),
        ("Нацпроект под присмотром", "Мониторинг благоустройства по национальному проекту."),
        ("Фотомониторинг ремонта дворов", "Фото до и после ремонта каждого двора."),
        ("Приёмка двора жителями", "Комиссия жителей принимает благоустроенные дворы."),
    ],
    "patriotic-education": [
        ("Герои рядом", "Школьники пишут истории ветеранов своего квартала."),
        ("Поисковый отряд", "Подростки помогают восстанавливать имена погибших."),
        ("Песни Победы во дворе", "Дворовые концерты к 9 Мая силами соседей."),
        ("Бессмертный двор", "Истории жителей квартала — участников войны."),
        ("Юнармейская смена", "Летние сборы для подростков с ветеранами."),
        ("Улицы, названные в честь героев", "Экскурсии и стенды об именах улиц."),
        ("Память поколений", "Встречи школьников с ветеранами и их семьями."),
        ("Вахта памяти", "Уход за памятниками и мемориалами района."),
    ],
    "heritage": [
        ("Архив семейных фотографий", "Жители оцифровывают снимки старого Тольятти."),
        ("Топонимика Комсомольского района", "Исследование названий улиц и посёлков."),
        ("Фольклорный ансамбль «Жигули»", "Песни и обряды Самарской Луки для детей."),
        ("Старый Ставрополь: маршруты памяти", "Пешеходные маршруты по затопленному городу."),
        ("Музей одного двора", "Народный музей истории квартала в подвале дома."),
        ("Голоса Соцгорода", "Записи воспоминаний первых жителей Соцгорода."),
        ("Деревянное зодчество Тольятти", "Обмеры и описание старых деревянных домов."),
        ("Ремёсла Поволжья", "Мастер-классы по народным ремёслам для детей."),
    ],
}

TOS_NAMES = [
    "Шлюзовой", "Жигулёвское море", "Поволжский", "Фёдоровка", "Тимофеевка", "Васильевка",
    "Комсомольский", "Соцгород", "Приморский", "Северный", "Новый город", "Кунеевка",
    "Сосновый бор", "Портпоселок", "Берёзка", "Солнечный", "Южный", "Молодёжный", "Радуга",
    "Волжские зори", "Лесной", "Тополиный", "Приволжье", "Дружба", "Речной", "Заречье",
    "Зелёный квартал", "Ставропольский", "Озёрный", "Юбилейный", "Весна", "Парковый",
    "Луговой", "Садовый", "Хрустальный",
]  # fmt: skip

SONKO_NAMES = [
    "АНО «Доброе дело»", "АНО «Экоград»", "АНО «Город детей»", "Фонд «Наследие Ставрополя»",
    "АНО «Тольятти без барьеров»", "МОО «Зелёный патруль»", "БФ «Рука помощи»",
    "АНО «Волжский спорт»", "АНО «Мастерская „Пятый угол“»", "МОО «Совет отцов»",
    "АНО «Школа активного гражданина»", "Фонд «Память поколений»", "АНО «Дом для всех»",
    "Ассоциация ТСЖ «Наш дом»", "АНО «Открытый город»", "АНО «Чистая Волга»",
    "АНО «Книжный дом»", "МОО «Клуб молодых исследователей»", "АНО «Народный контроль»",
    "АНО «Двор без границ»", "АНО «Лига волонтёров»", "АНО «Русская изба»",
    "АНО «Мастерская городских историй»", "АНО «Серебряный возраст»", "АНО «ЭкоШкола»",
    "АНО «Большая перемена»", "МОО «Ветераны Автограда»", "АНО «Ремесленная слобода»",
    "АНО «Соседский центр»", "АНО «Жигулёвская тропа»", "АНО «Живая история»",
    "АНО «Спорт во дворе»", "АНО «Зелёная школа»", "АНО «Город равных возможностей»",
    "АНО «Чистый двор»",
]  # fmt: skip

TEAMS = [
    ("«Свежий взгляд»", "Кафе-мастерская для подростков", "Место, где подростки учатся делу."),
    ("«Молодёжный штаб»", "Волонтёры у дома", "Сеть волонтёров для пожилых соседей."),
    ("«Проектный десант»", "Остановка с историей", "Остановки с рассказами об улицах."),
    ("«Социальные инженеры»", "Доступный город", "Аудит доступности зданий для колясок."),
    ("«Точка роста»", "Школа старост", "Обучение старост подъездов и домов."),
    ("«Волжский вектор»", "Речной патруль", "Молодёжь следит за чистотой берега."),
    ("«Город плюс»", "Соседские мастерские", "Общие инструменты и мастер-классы."),
    ("«Инициатива 63»", "Карта добрых дел", "Городская карта волонтёрских задач."),
    ("«Новые смыслы»", "Подкаст о районе", "Истории жителей в аудиоформате."),
    ("«Автоград 2.0»", "Двор для всех возрастов", "Площадка для детей и бабушек вместе."),
]  # fmt: skip

FIRST_NAMES = [
    ("Ирина", "f"), ("Алексей", "m"), ("Марина", "f"), ("Сергей", "m"), ("Ольга", "f"),
    ("Дмитрий", "m"), ("Наталья", "f"), ("Андрей", "m"), ("Елена", "f"), ("Павел", "m"),
    ("Татьяна", "f"), ("Игорь", "m"), ("Светлана", "f"), ("Максим", "m"), ("Анна", "f"),
    ("Виктор", "m"), ("Юлия", "f"), ("Никита", "m"), ("Людмила", "f"), ("Артём", "m"),
    ("Дарья", "f"), ("Кирилл", "m"), ("Валентина", "f"), ("Роман", "m"), ("Ксения", "f"),
]  # fmt: skip
SURNAMES = [
    "Петров", "Смирнов", "Кузнецов", "Волков", "Соколов", "Лебедев", "Новиков", "Морозов",
    "Козлов", "Егоров", "Павлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров",
    "Захаров", "Зайцев", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Фролов",
]  # fmt: skip

TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh sch - y - e yu ya".split(),  # noqa: SIM905
        strict=True,
    )
)

CRITERIA_PRACTICES = [
    {"id": "significance", "title": "Социальная значимость", "weight": 3},
    {"id": "involvement", "title": "Вовлечение жителей", "weight": 2},
    {"id": "feasibility", "title": "Реалистичность и ресурсы", "weight": 2},
    {"id": "replicability", "title": "Тиражируемость практики", "weight": 1},
]
CRITERIA_PROLOG = [
    {"id": "relevance", "title": "Актуальность проблемы", "weight": 2},
    {"id": "solution", "title": "Проработанность решения", "weight": 2},
    {"id": "team", "title": "Команда и ресурсы", "weight": 1},
    {"id": "pitch", "title": "Защита проекта", "weight": 1},
]

JURORS = {
    "prolog": ["Вера Ласточкина", "Григорий Ветлугин", "Алина Сафонова"],
    "final": [
        "Вера Ласточкина",
        "Григорий Ветлугин",
        "Алина Сафонова",
        "Ринат Мухаметов",
        "Софья Белозёрова",
    ],
    "tos": ["Людмила Карпова", "Олег Берестов", "Марат Хайруллин", "Евгения Полевая"],
    "sonko": ["Константин Рябинин", "Оксана Мельник", "Тимур Гайнуллин", "Инна Соловьёва"],
}

COMMENTS = [
    "Сильная практика, её стоит показать другим ТОС.",
    "Хорошо вовлечены жители, но слабый расчёт ресурсов.",
    "Понятный результат, есть фотографии до и после.",
    "Проект можно повторить в любом районе города.",
    "Нужна оценка эффекта через год.",
    "Яркая защита, команда знает, что делает.",
]


def inn(rng: random.Random, length: int = 10) -> str:
    """A ИНН with valid check digits; 63 is the Samara region, 6320–6324 Tolyatti's offices."""
    weights_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    weights_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    weights_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)

    def check(digits: str, weights: tuple[int, ...]) -> str:
        return str(sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10)

    office = rng.choice(["6320", "6321", "6323", "6324"])
    if length == 10:
        body = office + "".join(rng.choice("0123456789") for _ in range(5))
        return body + check(body, weights_10)
    body = office + "".join(rng.choice("0123456789") for _ in range(6))
    body += check(body, weights_11)
    return body + check(body, weights_12)


def person(rng: random.Random) -> tuple[str, str]:
    """A plausible Russian name and a matching e-mail address at example.org."""
    first, gender = rng.choice(FIRST_NAMES)
    surname = rng.choice(SURNAMES)
    if gender == "f":
        surname += "а"
    login = "".join(TRANSLIT.get(c, c) for c in f"{first}.{surname}".lower()).replace("-", "")
    return f"{first} {surname}", f"{login}{rng.randint(1, 99)}@example.org"


def phone(rng: random.Random) -> str:
    return f"+7 ({rng.choice(['927', '937', '917', '902'])}) {rng.randint(200, 999)}-" + (
        f"{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    )


def birth_date(rng: random.Random, today: date, youngest: int, oldest: int) -> str:
    years = rng.randint(youngest + 1, oldest)
    return date(today.year - years, rng.randint(1, 12), rng.randint(1, 28)).isoformat()


@dataclass
class ContestPlan:
    key: str  # prolog, tos, sonko
    slug: str
    title: str
    age_rating: str
    kinds: list[str]
    nominations: dict[str, str]
    criteria: list[dict[str, Any]]
    aggregation: str
    places: int
    jurors: list[str]
    applications: list[dict[str, Any]] = field(default_factory=list)
    live: bool = False  # judged now: some jurors have scored, nothing is announced yet


def forum(*, small: bool, today: date, seed: int = 2026) -> list[ContestPlan]:
    """The three contests with their applications; `small`: a few of each, for tests."""
    rng = random.Random(seed)
    spheres = dict(list(SPHERES.items())[:2]) if small else SPHERES
    per_nomination = 2 if small else 4
    prolog_spheres = (
        dict(list(SPHERES.items())[:1])
        if small
        else {
            key: SPHERES[key] for key in ("urban-environment", "initiatives", "patriotic-education")
        }
    )
    plans = [
        ContestPlan(
            "prolog",
            "prolog",
            "Чемпионат по социальному проектированию «ПроЛог»",
            "16+",
            ["team"],
            prolog_spheres,
            CRITERIA_PROLOG,
            "mean",
            1 if small else 2,
            JURORS["prolog"][: 2 if small else 3],
        ),
        ContestPlan(
            "tos",
            "tos-practices",
            "Лучшие практики ТОС",
            "12+",
            ["tos"],
            spheres,
            CRITERIA_PRACTICES,
            "trimmed_mean",
            1 if small else 3,
            JURORS["tos"][: 2 if small else 4],
        ),
        ContestPlan(
            "sonko",
            "sonko-practices",
            "Лучшие практики СОНКО",
            "12+",
            ["sonko"],
            spheres,
            CRITERIA_PRACTICES,
            "zscore",
            1 if small else 3,
            JURORS["sonko"][: 2 if small else 4],
        ),
    ]
    # One order of each sphere's projects: ТОС take the first four, СОНКО the next, so that no
    # practice appears twice in the library.
    shuffled = {key: rng.sample(items, len(items)) for key, items in PROJECTS.items()}
    teams = iter(TEAMS)
    tos_names = iter(rng.sample(TOS_NAMES, len(TOS_NAMES)))
    sonko_names = iter(rng.sample(SONKO_NAMES, len(SONKO_NAMES)))
    for plan in plans:
        for nomination in plan.nominations:
            projects = shuffled[nomination][4:] if plan.key == "sonko" else shuffled[nomination]
            count = per_nomination if plan.key != "prolog" else (2 if small else 3)
            for number in range(count):
                contact, email = person(rng)
                if plan.key == "prolog":
                    team_name, title, summary = next(teams)
                    members = [
                        {"name": contact, "birth_date": birth_date(rng, today, 18, 30)},
                        *(
                            {"name": person(rng)[0], "birth_date": birth_date(rng, today, 16, 22)}
                            for _ in range(rng.randint(2, 4))
                        ),
                    ]
                    application = {
                        "kind": "team",
                        "name": f"Команда {team_name}",
                        "inn": None,
                        "members": members,
                        "project": {"title": title, "summary": summary},
                    }
                elif plan.key == "tos":
                    title, summary = projects[number % len(projects)]
                    application = {
                        "kind": "tos",
                        "name": f"ТОС «{next(tos_names)}»",
                        # Half the ТОС are not legal entities and have no ИНН.
                        "inn": inn(rng) if rng.random() < 0.5 else None,
                        "members": [],
                        "project": {"title": title, "summary": summary},
                    }
                else:
                    title, summary = projects[number % len(projects)]
                    application = {
                        "kind": "sonko",
                        "name": next(sonko_names),
                        "inn": inn(rng),
                        "members": [],
                        "project": {"title": title, "summary": summary},
                    }
                application |= {
                    "nomination": nomination,
                    "contact": {"name": contact, "email": email, "phone": phone(rng)},
                    "consent_personal_data": True,
                    "consent_publication": True,  # the library may name them and their project
                    "quality": rng.uniform(4.5, 9.5),  # how the jurors will see it (not sent)
                }
                plan.applications.append(application)
    # The championship's final, judged live at the forum by a larger jury: its best teams.
    prolog = plans[0]
    finalists = sorted(prolog.applications, key=lambda a: -a["quality"])[: 2 if small else 4]
    final = ContestPlan(
        "final",
        "prolog-final",
        "Финал чемпионата «ПроЛог»",
        "16+",
        ["team"],
        {"social-project": "Социальный проект года"},
        CRITERIA_PROLOG,
        "median",
        1 if small else 3,
        JURORS["final"][: 2 if small else 5],
        [a | {"nomination": "social-project"} for a in finalists],
        live=True,
    )
    return [*plans, final]
