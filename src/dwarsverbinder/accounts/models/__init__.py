from .memberships import Membership
from .users import User

__all__ = ["Membership", "User"]
