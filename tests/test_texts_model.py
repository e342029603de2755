"""The texts model is generated from the format definition's text sections: keys, titles, shape."""

import pytest
from pydantic import ValidationError

from xxgk.formats import get_format
from xxgk.model import Texts


def test_one_field_per_text_section_after_the_preamble_titled_by_its_heading():
    sections = get_format("2021").text_sections
    assert list(Texts.model_fields) == ["preamble"] + [s.key for s in sections]
    assert [Texts.model_fields[s.key].title for s in sections] == [s.heading for s in sections]


def test_a_section_of_several_parts_is_an_object_of_its_parts_one_of_a_single_body_a_string():
    overview = Texts.model_fields["overview"].annotation
    assert overview.__name__ == "OverviewTexts"
    assert [(k, f.title) for k, f in overview.model_fields.items()] == [
        ("lead", "总体情况概述"), ("proactive", "（一）主动公开"), ("on_request", "（二）依申请公开"),
        ("management", "（三）政府信息管理"), ("platform", "（四）政府信息公开平台建设"), ("supervision", "（五）监督保障")]
    assert Texts.model_fields["problems"].annotation is str


def test_every_part_of_the_definition_is_read_and_written_by_its_keys():
    texts = Texts()
    for section in get_format("2021").text_sections:
        for part in section.parts:
            texts.set(section.key, part.key, section.text_key(part))
    data = texts.model_dump()
    assert data["overview"]["platform"] == "texts.overview.platform" and data["other"] == "texts.other"
    again = Texts.model_validate(data)
    assert again.get("overview", "lead") == "texts.overview.lead" and again.get("problems") == "texts.problems"


@pytest.mark.parametrize("data", [{"overveiw": {}}, {"overview": {"leed": "x"}}, {"other": {"body": "x"}}])
def test_unknown_keys_and_wrong_shapes_are_refused(data):
    with pytest.raises(ValidationError):
        Texts.model_validate(data)
