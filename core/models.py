from django.db import models


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran a task sent by beat: /readyz/ reports the worker down past 5 minutes.

    In the database because web and worker may run in different containers that share nothing else.
    """

    name = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "Nhịp hoạt động của tiến trình nền"
        verbose_name_plural = "Nhịp hoạt động của tiến trình nền"

    def __str__(self) -> str:
        return f"{self.name} ({self.seen_at:%d/%m/%Y %H:%M:%S})"
