"""The policy's enumerations: identifiers and labels as in GLOSSARY.md, every spelling parsed."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import enums as E
from app.domain.enums import LabeledEnum, normalize_text

ALL_ENUMS: tuple[type[LabeledEnum], ...] = tuple(
    cls
    for _, cls in inspect.getmembers(E, inspect.isclass)
    if issubclass(cls, LabeledEnum) and cls is not LabeledEnum
)
MEMBERS = [(cls, member) for cls in ALL_ENUMS for member in cls]


def _fullwidth(text: str) -> str:
    """ASCII as full-width characters and spaces as ideographic spaces."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


def _halfwidth_brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _spellings(member: LabeledEnum) -> tuple[str, ...]:
    return (member.value, member.label, *member.aliases)


# --- GLOSSARY.md, word for word ----------------------------------------------------------------

NINE = [
    ("elderly_care", "养老服务"),
    ("infant_care", "婴幼儿托育"),
    ("child_care", "儿童托管"),
    ("meal_service", "社区助餐"),
    ("housekeeping", "家政便民"),
    ("health", "健康服务"),
    ("fitness", "体育健身"),
    ("culture", "文化休闲"),
    ("children_play", "儿童游憩"),
]

FUNCTION_SHORT_FORMS = {
    "养老": "养老服务",
    "托育": "婴幼儿托育",
    "托管": "儿童托管",
    "儿童托管服务": "儿童托管",
    "助餐": "社区助餐",
    "老年助餐": "社区助餐",
    "社区食堂": "社区助餐",
    "家政": "家政便民",
    "便民": "家政便民",
    "健康": "健康服务",
    "医疗": "健康服务",
    "健身": "体育健身",
    "体育": "体育健身",
    "文化": "文化休闲",
    "休闲": "文化休闲",
    "游憩": "儿童游憩",
    "儿童游乐": "儿童游憩",
}

STATUS_FORMS = {
    "none": ("无", "未建", "暂无"),
    "planned": ("规划中", "规划", "拟建"),
    "building": ("在建", "建设中"),
    "ready": ("已建成（具备运营条件）", "已建成", "已建", "具备运营条件"),
    "operating": ("运营中", "运营", "已运营", "正常运营"),
    "suspended": ("暂停运营", "暂停", "停运"),
}

LABELS: dict[type[LabeledEnum], dict[str, str]] = {
    E.SpaceKind: {
        "community_room": "社区用房",
        "compound_land": "居住小区空地",
        "renewal_land": "老旧小区腾退用地",
        "idle_land": "低效闲置用地",
        "idle_building": "闲置用房",
        "government_idle": "机关事业单位闲置用房用地",
        "soe_idle": "国有企业闲置用房用地",
        "commercial": "商业服务用房用地",
        "supporting_room": "小区配套用房",
        "other": "其他",
    },
    E.SpaceUsage: {
        "idle": "闲置",
        "underused": "低效利用",
        "in_use": "在用",
        "misused": "挪作他用",
        "not_handed_over": "未移交",
    },
    E.Setting: {"complex": "综合体", "scattered": "插花式", "shared": "共享"},
    E.PermitAction: {"reclaim": "收回", "swap": "置换", "supplement": "补建", "none": "无需"},
    E.BuildApproach: {"new": "新建", "convert": "改建", "extend": "扩建", "supplement": "补建"},
    E.DemandSource: {
        "door_visit": "入户走访",
        "questionnaire": "问卷调查",
        "residents_meeting": "居民议事会",
        "hotline": "12345热线",
        "grid_worker": "网格员",
        "online": "线上",
        "other": "其他",
    },
    E.Urgency: {"urgent": "紧急", "normal": "一般"},
    E.DemandStatus: {
        "registered": "已登记",
        "accepted": "已受理",
        "in_progress": "办理中",
        "resolved": "已解决",
        "declined": "不予采纳",
        "referred": "已转办",
    },
    E.ProjectTier: {"national_pilot": "国家试点", "city_project": "市级项目", "other": "其他"},
    E.OperatorKind: {
        "enterprise": "企业",
        "social_org": "社会组织",
        "public_institution": "事业单位",
        "other": "其他",
    },
    E.FunctionStatus: {key: forms[0] for key, forms in STATUS_FORMS.items()},
}


def test_the_nine_functions_in_policy_order() -> None:
    assert [(f.value, f.label) for f in E.Function.nine()] == NINE
    assert E.Function.OTHER not in E.Function.nine()
    assert E.Function.OTHER.label == "其他"


def test_standard_functions_and_targets() -> None:
    assert [f.value for f in E.STANDARD_FUNCTIONS] == [
        "elderly_care", "infant_care", "child_care", "meal_service"
    ]
    targets = {f.value: t for f, t in E.COVERAGE_TARGETS_2030.items()}
    assert targets == {
        "elderly_care": 0.90,
        "infant_care": 0.50,
        "child_care": 0.90,
        "meal_service": 0.70,
        "housekeeping": 1.0,
        "health": 1.0,
        "fitness": 1.0,
        "culture": 1.0,
        "children_play": 1.0,
    }


@pytest.mark.parametrize(("short", "label"), FUNCTION_SHORT_FORMS.items())
def test_function_short_forms(short: str, label: str) -> None:
    member = E.Function.parse(short)
    assert member is not None and member.label == label


@pytest.mark.parametrize(
    ("identifier", "word"), [(k, w) for k, forms in STATUS_FORMS.items() for w in forms]
)
def test_function_status_short_forms(identifier: str, word: str) -> None:
    assert E.FunctionStatus.parse(word) == identifier


def test_only_ready_and_operating_count_toward_coverage() -> None:
    assert {s.value for s in E.FunctionStatus if s.covers} == {"ready", "operating"}


@pytest.mark.parametrize("cls", LABELS, ids=lambda c: c.__name__)
def test_identifiers_and_labels_as_in_glossary(cls: type[LabeledEnum]) -> None:
    assert {m.value: m.label for m in cls} == LABELS[cls]


# --- parse() ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "member"), MEMBERS, ids=lambda x: getattr(x, "name", "") or str(x))
def test_every_spelling_parses(cls: type[LabeledEnum], member: LabeledEnum) -> None:
    for word in _spellings(member):
        for written in (word, f" {word} ", _fullwidth(word), _halfwidth_brackets(word),
                        word.upper(), "\n".join(word)):
            assert cls.parse(written) is member, written
    assert cls.parse(member) is member


def test_brackets_and_spaces_in_the_ready_label() -> None:
    for written in (
        "已建成（具备运营条件）",
        "已建成(具备运营条件)",
        "已建成 （具备运营条件）",
        "已建成\u3000（ 具备运营条件 ）",
        "已建成(具备运营条件）",
    ):
        assert E.FunctionStatus.parse(written) is E.FunctionStatus.READY, written


@pytest.mark.parametrize("cls", ALL_ENUMS, ids=lambda c: c.__name__)
def test_no_spelling_names_two_members(cls: type[LabeledEnum]) -> None:
    seen: dict[str, LabeledEnum] = {}
    for member in cls:
        for word in _spellings(member):
            key = normalize_text(word).lower()
            assert seen.setdefault(key, member) is member, f"{word} names {seen[key]} and {member}"


@pytest.mark.parametrize("cls", ALL_ENUMS, ids=lambda c: c.__name__)
def test_identifiers_are_stable_snake_case(cls: type[LabeledEnum]) -> None:
    for member in cls:
        assert member.value.isascii() and member.value == member.value.lower()
        assert member == member.value  # a StrEnum: compares (and stores) as its identifier
        assert not member.label.isascii()  # a Chinese label


@pytest.mark.parametrize("raw", [None, "", "洗衣服务", "养老服务中心", "elderly", 1, "其它功能"])
def test_unknown_words_are_none(raw: object) -> None:
    assert E.Function.parse(raw) is None


def test_a_member_of_another_enum_is_looked_up_by_its_identifier() -> None:
    assert E.FunctionStatus.parse(E.PermitAction.NONE) is E.FunctionStatus.NONE
    assert E.Function.parse(E.Setting.COMPLEX) is None


@given(
    st.sampled_from(MEMBERS),
    st.data(),
)
def test_spaces_and_width_anywhere(
    pair: tuple[type[LabeledEnum], LabeledEnum], data: st.DataObject
) -> None:
    cls, member = pair
    word = data.draw(st.sampled_from(_spellings(member)))
    pieces = []
    for c in word:
        pieces.append(data.draw(st.sampled_from(["", " ", "\u3000", "\t"])))
        pieces.append(_fullwidth(c) if data.draw(st.booleans()) else c)
    assert cls.parse("".join(pieces)) is member
