from django.contrib import admin

from hirehall.profiles.models import Category, Skill, SkillAlias, Subcategory


class SubcategoryInline(admin.TabularInline):
    model = Subcategory
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SubcategoryInline]


class SkillAliasInline(admin.TabularInline):
    model = SkillAlias
    extra = 1


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "subcategory", "category", "is_active"]
    exclude = ["category"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "slug", "aliases__alias"]
    list_select_related = ["subcategory", "category"]
    inlines = [SkillAliasInline]

    def save_model(self, request, obj, form, change):
        # The denormalised category follows the subcategory.
        obj.category_id = obj.subcategory.category_id
        super().save_model(request, obj, form, change)
