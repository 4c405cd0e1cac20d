"""Auto-scoring: rule packs as data, one verdict per rule per call, evidence on the original text.

Pure Python: no Qt, no database, so the engine runs the same in the app, the CLI, a worker
process or a batch job.
"""

from qa_desk.scoring.engine import CallScore, ItemScore, Scorer
from qa_desk.scoring.pack import PackError, RulePack, default_pack_path, load_pack

__all__ = ["CallScore", "ItemScore", "PackError", "RulePack", "Scorer", "default_pack_path", "load_pack"]
