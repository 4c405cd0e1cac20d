"""Rewards and penalties (奖惩): the policy as data and the ledger it produces. No Qt, no database."""

from qa_desk.rewards.ledger import (
    EvaluationFact,
    ExamFact,
    LedgerLine,
    ManualFact,
    compute_ledger,
    total,
)
from qa_desk.rewards.policy import (
    DEFAULT_POLICY,
    EXAM_FAILED,
    FATAL,
    KINDS,
    MANUAL,
    REPEATED_FAILURE,
    SCORE_BELOW,
    ManualCategory,
    Policy,
    PolicyError,
    PolicyRule,
    Step,
    build_policy,
    load_policy,
    parse_amount,
    parse_policy,
    policy_to_data,
    policy_to_yaml,
)

__all__ = [
    "DEFAULT_POLICY", "EXAM_FAILED", "FATAL", "KINDS", "MANUAL", "REPEATED_FAILURE", "SCORE_BELOW",
    "EvaluationFact", "ExamFact", "LedgerLine", "ManualCategory", "ManualFact", "Policy",
    "PolicyError", "PolicyRule", "Step", "build_policy", "compute_ledger", "load_policy",
    "parse_amount", "parse_policy", "policy_to_data", "policy_to_yaml", "total",
]
