"""The texts of a report, generated from the format definition's text sections and their parts.

``texts`` holds the preamble, then one field per text section under the section's key: a section of several
parts (一、总体情况) is an object of its parts, a section of one part ("body": 五、六) a plain string. Titles are
the official names, as the template prints them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..formats import DEFAULT_VERSION, Section, get_format, versions


class _Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    def get(self, section: str, part: str = "body") -> str:
        value = getattr(self, section)
        return value if isinstance(value, str) else getattr(value, part)

    def set(self, section: str, part: str, text: str) -> None:
        if isinstance(getattr(self, section), str):
            setattr(self, section, text)
        else:
            setattr(getattr(self, section), part, text)


def _camel(key: str) -> str:
    return "".join(word.title() for word in key.split("_"))


def _parts_model(section: Section) -> type[BaseModel]:
    fields = {part.key: (str, Field("", title=part.label)) for part in section.parts}
    config = ConfigDict(extra="forbid", defer_build=True)
    return create_model(f"{_camel(section.key)}Texts", __config__=config, **fields)  # type: ignore[call-overload]


def _text_sections() -> tuple[Section, ...]:
    """The text sections, which every format version has alike (one texts model serves them all)."""
    sections = get_format(DEFAULT_VERSION).text_sections
    for version in versions():
        if get_format(version).text_sections != sections:
            raise ValueError(f"格式 {version} 的正文部分与 {DEFAULT_VERSION} 不同：正文模型需要按版本生成")
    return sections


def _texts_model() -> type[_Texts]:
    fields: dict = {"preamble": (str, Field("", title="引言", description="报告开头不编号的段落；留空时按基本信息生成"))}
    for section in _text_sections():
        if len(section.parts) == 1:
            fields[section.key] = (str, Field("", title=section.heading))
        else:
            model = _parts_model(section)
            fields[section.key] = (model, Field(default_factory=model, title=section.heading))
    doc = ('Section keys and part keys are those of the format definition (``sections[].parts[]``).\n\n'
           'A section with one part ("body") is a plain string.')
    return create_model("Texts", __base__=_Texts, __doc__=doc, **fields)


Texts = _texts_model()
