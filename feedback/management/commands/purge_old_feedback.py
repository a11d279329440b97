from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback.models import AccessibilityFeedback

KEEP_FOR = timedelta(days=2 * 365)


class Command(BaseCommand):
    help = "Delete answered accessibility feedback received over two years ago (privacy notice)."

    def handle(self, *args, **options):
        cutoff = timezone.now() - KEEP_FOR
        deleted, _ = AccessibilityFeedback.objects.filter(
            status=AccessibilityFeedback.Status.ANSWERED, created_at__lt=cutoff
        ).delete()
        self.stdout.write(f"Deleted {deleted} answered feedback messages older than two years.")
