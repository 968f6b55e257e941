"""Contract use-cases. Split by subject; import from here.

Lock order (people's actions and sweeps alike, so they wait for each other but never deadlock):
dispute → contract (FOR NO KEY UPDATE) → milestone / refund request / invoice → protection claim →
ledger accounts (the ledger's own pk order). Sweeps take the contract with SKIP LOCKED: a contract
someone is acting on is left for the next run.
"""

from hirehall.contracts.services._create import ContractTerms, MilestoneTerms, contract_create
from hirehall.contracts.services.fixed import (
    bonus_send,
    contract_end,
    contract_pause,
    contract_resume,
    milestone_add,
    milestone_approve,
    milestone_auto_approve,
    milestone_edit,
    milestone_fund,
    milestone_remind,
    milestone_remove,
    milestone_request_changes,
    milestone_submit,
    milestones_reorder,
    refund_request_accept,
    refund_request_create,
    refund_request_expire,
)
from hirehall.contracts.services.hourly import (
    contract_set_rate,
    contract_set_terms,
    contract_weekly_limit_apply,
    identity_set_verified,
    manual_time_add,
    segment_delete,
    segment_record,
)

__all__ = [
    "ContractTerms",
    "MilestoneTerms",
    "bonus_send",
    "contract_create",
    "contract_end",
    "contract_pause",
    "contract_resume",
    "contract_set_rate",
    "contract_set_terms",
    "contract_weekly_limit_apply",
    "identity_set_verified",
    "manual_time_add",
    "milestone_add",
    "milestone_approve",
    "milestone_auto_approve",
    "milestone_edit",
    "milestone_fund",
    "milestone_remind",
    "milestone_remove",
    "milestone_request_changes",
    "milestone_submit",
    "milestones_reorder",
    "refund_request_accept",
    "refund_request_create",
    "refund_request_expire",
    "segment_delete",
    "segment_record",
]
