"""The merge's quick check of a value's stored form takes only what the field's parser keeps.

app.sync.merge recognises the stored form of text, references, choices, whole numbers, dates
and booleans without calling `parse_stored`; whatever it lets through must be exactly what
`parse_stored` returns (as stored), and whatever the parser refuses must not get through.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import Kind
from app.domain.validate import Invalid
from app.store import writer
from app.sync.merge import _quick, _stored_form

SPECS = (*ENTITIES.values(), ATTACHMENT)
FIELDS = [(spec, f) for spec in SPECS for f in spec.fields if f.name in _quick(spec)]

_junk = st.one_of(
    st.text(max_size=12), st.text(alphabet=" 0123456789-W", max_size=11), st.booleans(),
    st.integers(-10**16, 10**16), st.floats(allow_nan=False), st.none(),
    st.lists(st.text(max_size=3), max_size=2),
)
_BY_KIND = {
    Kind.TEXT: st.text(min_size=0, max_size=2100, alphabet="养老服务 a"),
    Kind.REF: st.text(max_size=40),
    Kind.INT: st.integers(-10**16, 10**16),
    Kind.DATE: st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.from_regex(r"20[0-9]{2}-(W[0-5][0-9]-[1-7]|[01][0-9]-[0-3][0-9]|[0-9]{3}-[0-9]{2})",
                      fullmatch=True)),  # week dates, impossible days, ordinal-looking text
    Kind.BOOL: st.booleans(),
}


@settings(max_examples=600, deadline=None)
@given(data=st.data(), which=st.integers(0, len(FIELDS) - 1))
def test_the_quick_check_agrees_with_parse_stored(data: st.DataObject, which: int) -> None:
    spec, field = FIELDS[which]
    likely = (st.sampled_from([m.value for m in field.allowed]) if field.allowed
              else _BY_KIND.get(field.kind, _junk))
    raw = data.draw(st.one_of(likely, likely, _junk))
    if not _stored_form(_quick(spec)[field.name], raw):
        return
    try:
        parsed = field.parse_stored(raw)
    except Invalid as exc:
        raise AssertionError(f"{spec.name}.{field.name}: {raw!r} passed, the parser refused: "
                             f"{exc}") from None
    stored, taken = writer.to_db(parsed), writer.to_db(raw)  # what the merge stores of each
    assert stored == taken and type(stored) is type(taken), (spec.name, field.name, raw)
