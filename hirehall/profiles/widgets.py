"""Pickers instead of slugs: the skills field every form uses (job wizard, filters, profile editor,
portfolio, saved searches).

`SkillPicker` renders the chosen skills as removable chips (each a hidden input named like the field),
a search box that asks `/skills/suggest/` for matches as the person types (htmx), and the list of
suggestions; `hirehall.js` moves a clicked suggestion into the chips. The field's value stays the
comma-separated text every form already parses ("python, django"), so a form behind a picker accepts
exactly what it accepted before; without JavaScript, what is typed in the search box is taken as a
skill name.
"""

from __future__ import annotations

from typing import Any

from django import forms

from hirehall.profiles.selectors import skills_match

SUFFIX = "_q"  # the search box's name: "<field>_q"


def split_skills(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class SkillPicker(forms.Widget):
    template_name = "profiles/widgets/skill_picker.html"

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, limit: int = 15, category_field: str = ""
    ) -> None:
        super().__init__(attrs)
        self.limit = limit
        self.category_field = category_field  # suggestions follow this field of the same form, if given

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        typed = data.get(f"{name}{SUFFIX}") or ""
        return ", ".join(v.strip() for v in [*values, typed] if v and v.strip())

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}{SUFFIX}" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        texts = split_skills(value if isinstance(value, str) else ", ".join(value or []))
        found = skills_match(texts)
        chosen: list[dict[str, str]] = []
        for text in texts:
            skill = found.get(text.lower())
            item = {"value": skill.slug, "label": skill.name} if skill else {"value": text, "label": text}
            if item["value"] not in {c["value"] for c in chosen}:
                chosen.append(item)
        context["widget"].update(
            chosen=chosen,
            limit=self.limit,
            search_name=f"{name}{SUFFIX}",
            category_field=self.category_field,
        )
        return context

    def format_value(self, value: Any) -> Any:
        return value
