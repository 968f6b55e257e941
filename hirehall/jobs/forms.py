from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hirehall.core.forms import MoneyField
from hirehall.jobs.models import BudgetType, Experience, JobVisibility, Length, Workload
from hirehall.profiles.models import Category
from hirehall.profiles.widgets import SkillPicker


def money(label: str | Promise, *, required: bool = True) -> MoneyField:
    return MoneyField(label=label, required=required)


class JobForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    category = forms.ModelChoiceField(
        Category.objects.order_by("position", "name"),
        to_field_name="slug",
        required=False,
        label=_("Category"),
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, widget=SkillPicker(limit=15, category_field="category")
    )
    experience = forms.ChoiceField(label=_("Experience"), choices=Experience.choices, required=False)
    length = forms.ChoiceField(choices=Length.choices, required=False, label=_("Project length"))
    workload = forms.ChoiceField(label=_("Workload"), choices=Workload.choices, required=False)
    hires_wanted = forms.IntegerField(
        min_value=1, max_value=50, required=False, label=_("Freelancers to hire")
    )
    contract_to_hire = forms.BooleanField(required=False, label=_("Contract-to-hire opportunity"))
    budget_type = forms.ChoiceField(
        label=_("Budget type"), choices=BudgetType.choices, required=False, widget=forms.RadioSelect
    )
    hourly_min = money(_("Hourly from ($)"), required=False)
    hourly_max = money(_("Hourly to ($)"), required=False)
    fixed_budget = money(_("Fixed budget ($)"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=10_000
    )
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Up to 5 screening questions, one per line"),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=JobVisibility.choices, required=False, widget=forms.RadioSelect
    )
    reading_check = forms.CharField(
        max_length=80,
        required=False,
        label=_("Reading check phrase (private)"),
        help_text=_(
            "Ask for it in your description (\"start your reply with 'blue kite'\"); "
            "your proposal list marks who did. Freelancers are told the job has a reading check."
        ),
    )


STEPS: dict[int, tuple[str | Promise, list[str]]] = {
    1: (_("Title, category and skills"), ["title", "category", "skills"]),
    2: (_("Scope"), ["experience", "length", "workload", "hires_wanted", "contract_to_hire"]),
    3: (_("Budget"), ["budget_type", "hourly_min", "hourly_max", "fixed_budget"]),
    4: (
        _("Description, questions and visibility"),
        ["description", "questions", "visibility", "reading_check"],
    ),
}
REVIEW_STEP = 5
# Fields shown only for one choice (hirehall.js hides and disables the others): the budget type's own.
SHOW_WHEN = {
    "hourly_min": "budget_type=hourly",
    "hourly_max": "budget_type=hourly",
    "fixed_budget": "budget_type=fixed",
}


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("filled", _("Filled")), ("cancelled", _("Cancelled"))]
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
