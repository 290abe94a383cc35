from .organisations import Organisation
from .regions import Region
from .services import Service, ServiceTheme
from .working_groups import WorkingGroup

__all__ = ["Organisation", "Region", "Service", "ServiceTheme", "WorkingGroup"]
