"""Django admin for the catalog and the endorsements granted (site operators; associations use
the staff pages)."""

from django.contrib import admin

from .models import (
    Association,
    Category,
    CategoryOffering,
    CompetencyArea,
    Endorsement,
    ExamWeek,
    KnowledgeSkillArea,
    RequirementRule,
    SubmissionPeriod,
)


class CategoryOfferingInline(admin.TabularInline):
    model = CategoryOffering
    extra = 0
    autocomplete_fields = ["category"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "state", "is_active"]
    search_fields = ["code", "name"]
    inlines = [CategoryOfferingInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "family", "scope", "level", "designation", "position"]
    list_filter = ["family", "scope", "is_mentor"]
    search_fields = ["code", "name"]


@admin.register(CategoryOffering)
class CategoryOfferingAdmin(admin.ModelAdmin):
    list_display = ["association", "category", "available_from", "available_to"]
    list_filter = ["association"]
    list_select_related = ["association", "category"]


class KnowledgeSkillAreaInline(admin.TabularInline):
    model = KnowledgeSkillArea
    extra = 0


@admin.register(CompetencyArea)
class CompetencyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "for_mentors", "position"]
    list_filter = ["family", "for_mentors"]
    inlines = [KnowledgeSkillAreaInline]


@admin.register(KnowledgeSkillArea)
class KnowledgeSkillAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "from_level", "designations", "position"]
    list_filter = ["area__family", "area__for_mentors", "from_level"]
    list_select_related = ["area"]


@admin.register(SubmissionPeriod)
class SubmissionPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "association", "opens_on", "closes_on"]
    list_filter = ["association"]
    filter_horizontal = ["categories"]
    date_hierarchy = "closes_on"


@admin.register(ExamWeek)
class ExamWeekAdmin(admin.ModelAdmin):
    list_display = ["name", "association", "starts_on", "ends_on", "registration_closes_on"]
    list_filter = ["association"]


@admin.register(RequirementRule)
class RequirementRuleAdmin(admin.ModelAdmin):
    list_display = ["key", "code", "association", "purpose", "severity", "valid_from", "valid_to"]
    list_filter = ["code", "association", "purpose", "severity"]
    search_fields = ["key", "note"]
    filter_horizontal = ["categories"]
    list_select_related = ["association"]


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["number", "user", "category_code", "granted_on", "renews_on", "status"]
    list_filter = ["association", "category_code", "status"]
    search_fields = ["number", "user__email", "user__full_name"]
    readonly_fields = ["number", "sequence", "application", "user", "association"]
