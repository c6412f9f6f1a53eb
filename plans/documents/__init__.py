"""Content builders of plans' official papers: the plan, the reports and the per-unit task list.

Each returns documents.content.Document; documents.render draws it, documents.services issues it.
"""

from .context import plan_content
from .report import report_content
from .tasklist import unit_tasks_content

__all__ = ["plan_content", "report_content", "unit_tasks_content"]
