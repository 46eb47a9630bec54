"""Field-visit mode (现场采集): a simplified full-screen flow for community workers on a visit."""

from ui.fieldvisit.flow import FieldVisitWindow
from ui.fieldvisit.state import is_field_visit_draft

__all__ = ["FieldVisitWindow", "is_field_visit_draft"]
