from __future__ import annotations

from django import forms

from hirehall.core.forms import MoneyField
from hirehall.jobs.models import BudgetType, Experience, JobVisibility, Length, Workload
from hirehall.profiles.models import Category
from hirehall.profiles.widgets import SkillPicker


def money(label: str, *, required: bool = True) -> MoneyField:
    return MoneyField(label=label, required=required)


class JobForm(forms.Form):
    title = forms.CharField(max_length=120, required=False)
    category = forms.ModelChoiceField(
        Category.objects.order_by("position", "name"), to_field_name="slug", required=False
    )
    skills = forms.CharField(required=False, widget=SkillPicker(limit=15, category_field="category"))
    experience = forms.ChoiceField(choices=Experience.choices, required=False)
    length = forms.ChoiceField(choices=Length.choices, required=False, label="Project length")
    workload = forms.ChoiceField(choices=Workload.choices, required=False)
    hires_wanted = forms.IntegerField(min_value=1, max_value=50, required=False, label="Freelancers to hire")
    contract_to_hire = forms.BooleanField(required=False, label="Contract-to-hire opportunity")
    budget_type = forms.ChoiceField(choices=BudgetType.choices, required=False, widget=forms.RadioSelect)
    hourly_min = money("Hourly from ($)", required=False)
    hourly_max = money("Hourly to ($)", required=False)
    fixed_budget = money("Fixed budget ($)", required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=10_000)
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Up to 5 screening questions, one per line",
    )
    visibility = forms.ChoiceField(choices=JobVisibility.choices, required=False, widget=forms.RadioSelect)
    reading_check = forms.CharField(
        max_length=80,
        required=False,
        label="Reading check phrase (private)",
        help_text="Ask for it in your description (\"start your reply with 'blue kite'\"); "
        "your proposal list marks who did. Freelancers are told the job has a reading check.",
    )


STEPS: dict[int, tuple[str, list[str]]] = {
    1: ("Title, category and skills", ["title", "category", "skills"]),
    2: ("Scope", ["experience", "length", "workload", "hires_wanted", "contract_to_hire"]),
    3: ("Budget", ["budget_type", "hourly_min", "hourly_max", "fixed_budget"]),
    4: ("Description, questions and visibility", ["description", "questions", "visibility", "reading_check"]),
}
REVIEW_STEP = 5
# Fields shown only for one choice (hirehall.js hides and disables the others): the budget type's own.
SHOW_WHEN = {
    "hourly_min": "budget_type=hourly",
    "hourly_max": "budget_type=hourly",
    "fixed_budget": "budget_type=fixed",
}


class CloseForm(forms.Form):
    reason = forms.ChoiceField(choices=[("filled", "Filled"), ("cancelled", "Cancelled")])
    note = forms.CharField(max_length=500, required=False)


class UploadForm(forms.Form):
    file = forms.FileField()


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=100)
