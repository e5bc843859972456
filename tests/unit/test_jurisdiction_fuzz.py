"""Property tests of reading a place into a court: any text names one court or none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.case_numbers import CourtLevel
from kiosk_api.domain.jurisdiction import CourtRecord, find_court, mentions_court, place_keys

DIRECTORY = [
    CourtRecord("粤0304", "深圳市福田区人民法院", "basic", "福华三路", "0755-1"),
    CourtRecord("粤0305", "深圳市南山区人民法院", "basic", "南山大道", "0755-2"),
    CourtRecord("粤03", "深圳市中级人民法院", "intermediate", "福中一路", "0755-3"),
]
_places = st.text(max_size=60) | st.lists(
    st.sampled_from(["深圳市", "福田区", "南山", "中级", "人民法院", "广州", "区", "市"])
    | st.text(max_size=4),
    max_size=6,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_places, st.sampled_from([None, *CourtLevel]))
def test_any_place_names_at_most_one_directory_court(place: str, level: CourtLevel | None) -> None:
    court = find_court(place, DIRECTORY, level=level)
    assert court is None or court in DIRECTORY
    if court is not None:
        assert level is None or court.level == level.value
        assert mentions_court(place.strip(), court.name)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_place_keys_of_any_court_name_are_short_names_found_in_it(name: str) -> None:
    keys = place_keys(name)
    assert len(keys) == len(set(keys))
    assert all(key for key in keys)
