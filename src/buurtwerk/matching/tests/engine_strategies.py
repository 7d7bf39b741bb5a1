"""Hypothesis strategies for small, dense matching instances where many rules interact."""

from __future__ import annotations

from hypothesis import strategies as st

from buurtwerk.matching.engine import NeedData, OfferData

# Few values per field so that random instances have plenty of feasible pairs and conflicts.
CATEGORIES = ["garden", "transport", "company", "walking"]
SLOT_POOL = ["mon-morning", "tue-afternoon", "sat-evening"]
POINTS = [(52.090, 5.120), (52.092, 5.124), (52.100, 5.130), (52.120, 5.160)]
NEIGHBOURHOODS = ["Lombok", "Ondiep", None]

locations = st.one_of(st.sampled_from(POINTS), st.just((None, None)))
slot_sets = st.frozensets(st.sampled_from(SLOT_POOL), min_size=1)
language_sets = st.frozensets(st.sampled_from(["nl", "tr", "ar"]))
residents = st.integers(min_value=0, max_value=5)


@st.composite
def offers(draw, ref: str) -> OfferData:
    lat, lon = draw(locations)
    return OfferData(
        ref=ref,
        resident_ref=draw(residents),
        category=draw(st.sampled_from(CATEGORIES)),
        slots=draw(slot_sets),
        per_week=draw(st.integers(min_value=0, max_value=3)),
        max_distance_km=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0])),
        lat=lat,
        lon=lon,
        neighbourhood=draw(st.sampled_from(NEIGHBOURHOODS)),
        languages=draw(language_sets),
        has_certificate=draw(st.booleans()),
        consent=draw(st.sampled_from([True, True, True, False])),
        seeks_participation=draw(st.booleans()),
    )


@st.composite
def needs(draw, ref: str) -> NeedData:
    lat, lon = draw(locations)
    return NeedData(
        ref=ref,
        resident_ref=draw(residents),
        category=draw(st.sampled_from(CATEGORIES)),
        slots=draw(slot_sets),
        urgency=draw(st.integers(min_value=1, max_value=3)),
        requires_certificate=draw(st.booleans()),
        lat=lat,
        lon=lon,
        neighbourhood=draw(st.sampled_from(NEIGHBOURHOODS)),
        languages=draw(language_sets),
        consent=draw(st.sampled_from([True, True, True, False])),
        network_size=draw(st.integers(min_value=0, max_value=4)),
    )


@st.composite
def instances(draw, max_needs: int = 6, max_offers: int = 4):
    """A list of needs and a list of offers with unique refs."""
    need_count = draw(st.integers(min_value=0, max_value=max_needs))
    offer_count = draw(st.integers(min_value=0, max_value=max_offers))
    need_list = [draw(needs(f"n{i}")) for i in range(need_count)]
    offer_list = [draw(offers(f"o{i}")) for i in range(offer_count)]
    return need_list, offer_list
