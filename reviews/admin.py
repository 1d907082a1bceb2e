from django.contrib import admin

from .models import Decision, Review, ReviewerProfile, ReviewSettings


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "category_code", "employer"]
    list_filter = ["association", "category_code"]
    search_fields = ["user__email", "user__full_name", "employer"]


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["association", "review_days", "reminder_days"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read only: reviews change through the review pages (services), never here."""

    list_display = ["application", "version", "reviewer", "status", "due_on", "recommendation"]
    list_filter = ["status", "application__association"]
    readonly_fields = [f.name for f in Review._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["application", "version", "outcome", "follows_reviewers", "decided_at"]
    readonly_fields = [f.name for f in Decision._meta.fields]

    def has_add_permission(self, request):
        return False
