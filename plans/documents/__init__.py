"""The plan as an official document (NĐ 30/2020/NĐ-CP): PDF with WeasyPrint, Word with python-docx.

Pure functions of a Plan: the caller decides whether the plan is a draft and where the bytes go.
"""

from .context import PlanDocument, VerificationInfo, plan_document_context
from .docx import render_plan_docx
from .pdf import render_plan_pdf

__all__ = ["PlanDocument", "VerificationInfo", "plan_document_context", "render_plan_docx", "render_plan_pdf"]
