from .organisations import Organisation
from .regions import Region
from .working_groups import WorkingGroup

__all__ = ["Organisation", "Region", "WorkingGroup"]
