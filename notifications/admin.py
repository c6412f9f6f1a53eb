from django.contrib import admin

from .models import (
    Delivery,
    MutedEvent,
    Notification,
    NotificationPreference,
    OutboxMessage,
    ReminderLog,
    ReminderSettings,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """What was sent is a record: the admin shows it and never edits it."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "title", "created_at", "read_at"]
    list_filter = ["organization", "verb"]
    search_fields = ["title", "body", "recipient__username"]
    readonly_fields = ["recipient", "organization", "created_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "email_failed"]
    list_filter = ["email_enabled", "email_failed"]


@admin.register(MutedEvent)
class MutedEventAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "channel"]
    list_filter = ["event", "channel"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "status", "attempts", "next_attempt_at", "last_error", "external_id", "sent_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "title", "event", "status", "created_at", "enqueued_at"]
    list_filter = ["status", "event", "organization"]
    search_fields = ["key", "title", "recipient__username"]
    inlines = [DeliveryInline]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["rule", "key", "recipient", "bucket"]
    list_filter = ["rule"]
