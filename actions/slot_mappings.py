"""action_validate_slot_mappings: every skill's custom slot extraction, run on each message."""

from __future__ import annotations

from rasa_sdk.forms import ValidationAction

from actions.fee_slots import FeeSlotExtraction
from actions.risk_slots import RiskSlotExtraction


class ValidateSlotMappings(FeeSlotExtraction, RiskSlotExtraction, ValidationAction):
    """Fills the custom-mapped slots of all skills (Rasa runs one such action per message)."""
